import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commands } from "../../../commands/index.ts";
import slackManifest from "../../../src/cli/slack-manifest.ts";
import { type CliIo, UsageError } from "../../../src/cli/subcommand.ts";
import { usageHint } from "../../../src/core/usage.ts";

async function run(...argv: string[]) {
  const out: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: () => {},
    env: {},
    now: () => 0,
    cwd: process.cwd(),
  };
  const code = await slackManifest.run(argv, io);
  return { code, out: out.join("\n") };
}

interface SlashCommand {
  command: string;
  url?: string;
  description: string;
  usage_hint: string;
}

describe("sitrep slack-manifest", () => {
  it("--oauth adds the install flow's redirect URL and the uninstall events", async () => {
    const manifest = parse((await run("--url", "https://example.org/", "--oauth")).out);
    expect(manifest.oauth_config.redirect_urls).toEqual([
      "https://example.org/slack/oauth_redirect",
    ]);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: "https://example.org/slack/events",
      bot_events: ["app_uninstalled", "tokens_revoked"],
    });
    const socket = parse((await run("--socket", "--oauth")).out);
    expect(socket.oauth_config.redirect_urls).toBeUndefined();
    expect(socket.settings.event_subscriptions).toEqual({
      bot_events: ["app_uninstalled", "tokens_revoked"],
    });
    const plain = parse((await run("--url", "https://example.org/")).out);
    expect(plain.oauth_config.redirect_urls).toBeUndefined();
    expect(plain.settings.event_subscriptions).toBeUndefined();
  });

  it("prints a manifest with the four commands pointing at <url>/slack/events", async () => {
    const { code, out } = await run("--url", "https://example.org/");
    expect(code).toBe(0);
    const manifest = parse(out);
    const slash = manifest.features.slash_commands as SlashCommand[];
    expect(slash.map((c) => c.command)).toEqual([
      ...commands.map((c) => `/${c.definition.name}`),
      "/report",
    ]);
    for (const [i, c] of slash.slice(0, commands.length).entries()) {
      expect(c.url).toBe("https://example.org/slack/events");
      expect(c.description).toBe(commands[i]!.definition.description);
      expect(c.usage_hint).toBe(usageHint(commands[i]!.definition));
      expect(c.command.length).toBeLessThanOrEqual(32);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["commands", "chat:write", "users:read"]),
    );
  });

  it("has the Add to brief shortcut, /report, interactivity and the options load URL", async () => {
    const manifest = parse((await run("--url", "https://example.org")).out);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        name: "Add to brief",
        type: "message",
        callback_id: "sitrep_add_to_brief",
      }),
    ]);
    expect(manifest.features.slash_commands.at(-1)).toMatchObject({
      command: "/report",
      url: "https://example.org/slack/events",
    });
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: "https://example.org/slack/events",
      message_menu_options_url: "https://example.org/slack/events",
    });
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["commands", "chat:write", "users:read"]),
    );
  });

  it("keeps a path prefix of the URL", async () => {
    const { out } = await run("--url", "https://example.org/bots/sitrep");
    expect(parse(out).features.slash_commands[0].url).toBe(
      "https://example.org/bots/sitrep/slack/events",
    );
  });

  it("prints a Socket Mode manifest without URLs with --socket", async () => {
    const { code, out } = await run("--socket", "--name", "Situation desk");
    expect(code).toBe(0);
    const manifest = parse(out);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.display_information.name).toBe("Situation desk");
    for (const c of manifest.features.slash_commands as SlashCommand[]) {
      expect(c.url).toBeUndefined();
    }
  });

  it.each([
    [[]],
    [["--url", "http://example.org"]],
    [["--url", "https://example.org", "--socket"]],
  ])("is a usage error (exit 2) for %j", async (argv) => {
    await expect(run(...argv)).rejects.toThrow(UsageError);
  });
});
