// The Discord interactions endpoint under replays and oversized bodies: a signed interaction sent
// again runs nothing (its id is kept in the state store), a body over the limit is refused with
// 413 before it is read, and every refusal is logged at warn with its reason and no secret.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discordInteractionsRoute } from "../../../src/platforms/discord/http-interactions.ts";
import { type RunningServer, startHttpServer } from "../../../src/platforms/http.ts";
import { openStateDb, type StateDb } from "../../../src/state/sqlite/db.ts";
import { createSqliteReplayGuard } from "../../../src/state/sqlite/replays.ts";
import { chatStore } from "../../fixtures/briefs.ts";
import { recordingSitrepCore } from "../../fixtures/services.ts";
import { postSignedInteraction, sitrepAdminInteraction } from "./discord-request.ts";

const NOW = Date.UTC(2024, 11, 1, 12, 0, 0);
const APP = "4242";
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const der = publicKey.export({ format: "der", type: "spki" });
const PUBLIC_HEX = der.subarray(der.length - 32).toString("hex");

let server: RunningServer;
let db: StateDb;
let logs: Record<string, unknown>[];
/** The /sitrep subcommands that reached the recording service, and a core that records them. */
const { ran, reset, core } = recordingSitrepCore(NOW);

beforeEach(async () => {
  reset();
  logs = [];
  db = openStateDb(":memory:");
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const route = discordInteractionsRoute({
    publicKey: PUBLIC_HEX,
    applicationId: APP,
    getStore: () => chatStore(),
    now: () => NOW,
    logger: pino({ level: "warn" }, stream),
    core: core(),
    replays: createSqliteReplayGuard(db),
  });
  server = await startHttpServer([route], 0, "127.0.0.1");
});

afterEach(async () => {
  await server.close();
  db.close();
});

function post(body: string | Buffer, key: KeyObject = privateKey): Promise<Response> {
  return postSignedInteraction(server.port, body, key, NOW);
}

function adminCommand(id: string, action: string): string {
  return sitrepAdminInteraction(id, action, APP);
}

describe("Discord interactions: replays", () => {
  it("runs a signed admin command once; the same request again is refused and runs nothing", async () => {
    const body = adminCommand("9001", "unsubscribe");
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(ran()).toEqual(["unsubscribe"]);
    for (let i = 0; i < 4; i++) {
      const again = await post(body);
      expect(again.status).toBe(409);
    }
    expect(ran()).toEqual(["unsubscribe"]);
    expect(
      logs.filter((l) => l.level === 40 && /already handled/.test(String(l.reason))),
    ).toHaveLength(4);
  });

  it("keeps the ids in the state store: a second instance on it refuses the replay too", async () => {
    const body = adminCommand("9002", "schedule");
    expect((await post(body)).status).toBe(200);
    const other = discordInteractionsRoute({
      publicKey: PUBLIC_HEX,
      applicationId: APP,
      getStore: () => chatStore(),
      now: () => NOW,
      logger: pino({ level: "silent" }),
      core: core(),
      replays: createSqliteReplayGuard(db),
    });
    const second = await startHttpServer([other], 0, "127.0.0.1");
    try {
      const res = await postSignedInteraction(second.port, body, privateKey, NOW);
      expect(res.status).toBe(409);
    } finally {
      await second.close();
    }
    expect(ran()).toEqual(["schedule"]);
  });

  it("a different interaction id is a different request", async () => {
    expect((await post(adminCommand("9003", "schedule"))).status).toBe(200);
    expect((await post(adminCommand("9004", "schedule"))).status).toBe(200);
    expect(ran()).toEqual(["schedule", "schedule"]);
  });
});

describe("Discord interactions: limits and refusals", () => {
  it("refuses a body over the limit with 413 before reading it, logged at warn", async () => {
    const big = Buffer.alloc(2_000_000, 0x20);
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(await res.text()).not.toMatch(/at .*\.ts/);
    expect(logs).toEqual([
      expect.objectContaining({ level: 40, status: 413, reason: expect.stringMatching(/over/) }),
    ]);
  });

  it("logs a bad signature at warn with the reason and no header value", async () => {
    const { privateKey: other } = generateKeyPairSync("ed25519");
    const res = await post(adminCommand("9005", "schedule"), other);
    expect(res.status).toBe(401);
    expect(ran()).toEqual([]);
    expect(logs).toEqual([
      expect.objectContaining({ level: 40, status: 401, reason: "invalid request signature" }),
    ]);
    expect(JSON.stringify(logs)).not.toMatch(/[0-9a-f]{128}/);
  });
});
