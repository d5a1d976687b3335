// Operations: every bad setting ends `npm start` with one line naming the variable and exit code 2
// (never a hang, never a stack trace), and /readyz tells a load balancer whether every brief in
// the briefs folder is in service and the state store answers, while /healthz only says "alive".
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { type App, startApp } from "../src/main.ts";
import { openStateDb } from "../src/state/sqlite/db.ts";
import { listSubscriptions } from "../src/state/sqlite/subscriptions.ts";
import { writeValidBrief } from "./fixtures/briefs.ts";
import {
  postSignedInteraction,
  sitrepAdminInteraction,
} from "./platforms/discord/discord-request.ts";

const apps: App[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

async function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const [code] = await once(child, "exit");
  return { code, lines: stderr.trimEnd().split("\n") };
}

describe("a bad setting at start-up", () => {
  const state = () => join(mkdtempSync(join(tmpdir(), "sitrep-ops-")), "state.db");
  const briefs = () => writeValidBrief().root;

  it.each([
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /must be one of fatal, error, warn, info/],
    ["STATE_DB", { STATE_DB: "/proc/x/y.db" }, /`\/proc\/x\/y\.db` cannot be opened/],
    ["BRIEFS_DIR", { BRIEFS_DIR: "/nonexistent/briefs" }, /`\/nonexistent\/briefs` does not exist/],
    ["PORT", { PORT: "http" }, /number/],
    ["SLACK_BOT_TOKEN", { SLACK_BOT_TOKEN: "xoxb-1" }, /set SLACK_SIGNING_SECRET/],
    [
      "SLACK_CLIENT_SECRET, SLACK_STATE_SECRET",
      { SLACK_CLIENT_ID: "1.2", SLACK_SIGNING_SECRET: "s" },
      /set all three of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET .* or none/,
    ],
    [
      "SLACK_BOT_TOKEN",
      {
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_SIGNING_SECRET: "s",
        SLACK_CLIENT_ID: "1.2",
        SLACK_CLIENT_SECRET: "c",
        SLACK_STATE_SECRET: "st",
      },
      /not both/,
    ],
    ["DISCORD_PUBLIC_KEY", { DISCORD_PUBLIC_KEY: "zz", DISCORD_APPLICATION_ID: "1" }, /64 hex/],
    ["DATABASE_URL", { DATABASE_URL: "mysql://root:hunter2@db/sitrep" }, /a PostgreSQL URL/],
  ] as const)("%s: one line naming it, exit 2", async (name, bad, problem) => {
    const { code, lines } = await startBot({ BRIEFS_DIR: briefs(), STATE_DB: state(), ...bad });
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^sitrep: ${name}: `));
    expect(lines[0]).toMatch(problem);
    expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/);
    // A URL's password is never echoed back.
    expect(lines[0]).not.toContain("hunter2");
  });
});

describe("/healthz and /readyz", () => {
  async function start(root: string, publicKey = "a".repeat(64)) {
    const config = readConfig({
      BRIEFS_DIR: root,
      STATE_DB: join(mkdtempSync(join(tmpdir(), "sitrep-ops-")), "state.db"),
      PORT: "0",
      DISCORD_PUBLIC_KEY: publicKey,
      DISCORD_APPLICATION_ID: "4242",
    });
    const app = await startApp({
      config,
      logger: silentLogger,
      input: new PassThrough(),
      output: new PassThrough(),
      watch: false,
    });
    apps.push(app);
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${app.port}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    return { app, get };
  }

  it("is ready with every brief in service and the state store reachable", async () => {
    const { get } = await start(writeValidBrief().root);
    expect(await get("/healthz")).toEqual({ status: 200, body: { ok: true } });
    expect(await get("/readyz")).toEqual({ status: 200, body: { ready: true } });
  });

  it("is alive but not ready while a brief folder has no version in service", async () => {
    const root = writeValidBrief().root;
    mkdirSync(join(root, "broken"));
    writeFileSync(join(root, "broken", "brief.yaml"), "title: [unclosed\n");
    const { get } = await start(root);
    expect((await get("/healthz")).status).toBe(200);
    expect(await get("/readyz")).toEqual({
      status: 503,
      body: { ready: false, problems: ["brief broken is not in service"] },
    });
  });
});

describe("Discord HTTP interactions mode without a bot token", () => {
  it("refuses /sitrep subscribe, saying why, and stores nothing", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const der = publicKey.export({ format: "der", type: "spki" });
    const config = readConfig({
      BRIEFS_DIR: writeValidBrief().root,
      STATE_DB: join(mkdtempSync(join(tmpdir(), "sitrep-ops-")), "state.db"),
      PORT: "0",
      DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString("hex"),
      DISCORD_APPLICATION_ID: "4242",
    });
    const app = await startApp({
      config,
      logger: silentLogger,
      input: new PassThrough(),
      output: new PassThrough(),
      watch: false,
    });
    apps.push(app);
    const body = sitrepAdminInteraction("7001", "subscribe", "4242");
    const res = await postSignedInteraction(app.port!, body, privateKey, Date.now());
    const reply = JSON.stringify(await res.json()).replaceAll("\\\\", "");
    expect(res.status).toBe(200);
    expect(reply).toContain("Not subscribed: this bot has no Discord bot token (DISCORD_TOKEN)");
    expect(reply).not.toContain("Daily summary scheduled");
    const db = openStateDb(config.STATE_DB);
    expect(listSubscriptions(db)).toEqual([]);
    db.close();
  });
});
