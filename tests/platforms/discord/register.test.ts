import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import discordRegister from "../../../src/cli/discord-register.ts";
import type { CliIo } from "../../../src/cli/subcommand.ts";
import { claimCommandBodies } from "../../../src/platforms/discord/claims.ts";
import { discordCommandBodies } from "../../../src/platforms/discord/definitions.ts";
import { type FakeDiscord, startFakeDiscord } from "./fake-discord.ts";

let fake: FakeDiscord;

beforeEach(async () => {
  fake = await startFakeDiscord();
  // Discord answers a bulk overwrite with the commands as registered.
  fake.respond = (request) =>
    request.method === "PUT"
      ? {
          body: (request.body as object[]).map((c, i) => ({ ...c, id: String(900 + i) })),
        }
      : undefined;
});

afterEach(async () => {
  await fake.close();
});

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const cliIo: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env,
    now: () => 0,
    cwd: "/tmp",
  };
  return { cliIo, out, err };
}

describe("sitrep discord-register", () => {
  it("overwrites a guild's commands with a PUT of every command body", async () => {
    const { cliIo, out } = io({
      DISCORD_TOKEN: "bot-token",
      DISCORD_APPLICATION_ID: "4242",
      DISCORD_API_URL: fake.apiUrl,
    });
    const code = await discordRegister.run(["--guild", "777"], cliIo);
    expect(code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    const [put] = fake.requests;
    expect(put).toMatchObject({ method: "PUT", path: "/applications/4242/guilds/777/commands" });
    expect(put!.headers.authorization).toBe("Bot bot-token");
    expect(put!.body).toEqual(
      JSON.parse(JSON.stringify([...discordCommandBodies(commands), ...claimCommandBodies()])),
    );
    expect(out.join("\n")).toContain("/who-controls");
    expect(out.join("\n")).toContain("guild 777");
  });

  it("registers globally without --guild and says global commands take up to an hour", async () => {
    const { cliIo, out } = io({
      DISCORD_TOKEN: "bot-token",
      DISCORD_APPLICATION_ID: "4242",
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(await discordRegister.run([], cliIo)).toBe(0);
    expect(fake.requests[0]).toMatchObject({ method: "PUT", path: "/applications/4242/commands" });
    expect(out.join("\n")).toMatch(/up to an hour/);
  });

  it("exits 2 and names the missing settings without calling Discord", async () => {
    const { cliIo, err } = io({ DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: "bot-token" });
    expect(await discordRegister.run([], cliIo)).toBe(2);
    expect(err.join("\n")).toContain("DISCORD_APPLICATION_ID");
    expect(fake.requests).toHaveLength(0);
  });
});
