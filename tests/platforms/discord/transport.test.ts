import type { REST } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Answer } from "../../../src/answer/model.ts";
import { createDiscordRest } from "../../../src/platforms/discord/rest.ts";
import { createDiscordTransport } from "../../../src/platforms/discord/transport.ts";
import { DeliveryError } from "../../../src/platforms/transport.ts";
import { type FakeDiscord, messageProblems, startFakeDiscord } from "./fake-discord.ts";

const answer: Answer = {
  kind: "answer",
  title: "Sitrep: Test offensive",
  verdict: "Disputed: @everyone SOHR says HTS entered; SANA says the army holds it",
  sections: [{ title: "Control", facts: [{ text: "HTS entered Saraqib <@&123>" }] }],
  footer: "test-brief, as of 1 Dec 2024",
};

let fake: FakeDiscord;
let rest: REST;

beforeEach(async () => {
  fake = await startFakeDiscord();
  rest = createDiscordRest("bot-token", { apiUrl: fake.apiUrl });
});

afterEach(async () => {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await fake.close();
});

async function deliveryErrorOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("createDiscordTransport", () => {
  it("posts the rendered embeds to the channel with every mention turned off", async () => {
    fake.respond = () => ({ body: { id: "5555", channel_id: "123" } });
    const id = await createDiscordTransport(rest).postMessage("123", answer);
    expect(id).toBe("5555");
    const [post] = fake.requests;
    expect(post).toMatchObject({ method: "POST", path: "/channels/123/messages" });
    expect(post!.headers.authorization).toBe("Bot bot-token");
    expect(messageProblems(post!.body, "channel")).toEqual([]);
  });

  it("turns a 429 into rate_limited with Discord's retry_after instead of waiting", async () => {
    fake.respond = () => ({
      status: 429,
      headers: { "retry-after": "30", "x-ratelimit-scope": "user" },
      body: { message: "You are being rate limited.", retry_after: 30, global: false },
    });
    const error = await deliveryErrorOf(createDiscordTransport(rest).postMessage("123", answer));
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(fake.requests).toHaveLength(1);
  });

  it("turns 404 Unknown Channel into no_access", async () => {
    fake.respond = () => ({ status: 404, body: { message: "Unknown Channel", code: 10003 } });
    const error = await deliveryErrorOf(createDiscordTransport(rest).postMessage("404", answer));
    expect(error.code).toBe("no_access");
  });

  it("turns 403 Missing Permissions into no_access", async () => {
    fake.respond = () => ({ status: 403, body: { message: "Missing Permissions", code: 50013 } });
    const error = await deliveryErrorOf(createDiscordTransport(rest).postMessage("403", answer));
    expect(error.code).toBe("no_access");
  });

  it("turns any other refusal into failed", async () => {
    fake.respond = () => ({ status: 400, body: { message: "Invalid Form Body", code: 50035 } });
    const error = await deliveryErrorOf(createDiscordTransport(rest).postMessage("123", answer));
    expect(error.code).toBe("failed");
  });
});
