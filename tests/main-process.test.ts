// `npm start` as a process: real signals reach the real handlers. SIGHUP reloads the briefs and
// keeps running; SIGTERM stops cleanly with exit code 0. Waits on output events, never on time.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeValidBrief } from "./fixtures/briefs.ts";

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function startBot() {
  const brief = writeValidBrief();
  const state = join(mkdtempSync(join(tmpdir(), "sitrep-proc-")), "state.db");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, BRIEFS_DIR: brief.root, STATE_DB: state, LOG_LEVEL: "info" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  /** Resolves when the stream's text so far matches. */
  const waitFor = (stream: "stdout" | "stderr", pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stream === "stdout" ? stdout : stderr)) resolve();
      };
      child[stream].on("data", check);
      child.once("exit", () => reject(new Error(`exited before ${pattern}: ${stderr}`)));
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, waitFor, exited, output: () => stdout };
}

describe("npm start as a process", () => {
  it("reloads the briefs on SIGHUP and keeps answering", async () => {
    const bot = startBot();
    await bot.waitFor("stdout", /Ctrl-D quits/);
    bot.child.kill("SIGHUP");
    await bot.waitFor("stderr", /"reloads":2/);
    bot.child.stdin!.write("/who-controls Aleppo\n");
    await bot.waitFor("stdout", /Who controls Aleppo/);
    bot.child.stdin!.end();
    expect(await bot.exited).toBe(0);
  });

  it("stops cleanly on SIGTERM with exit code 0", async () => {
    const bot = startBot();
    await bot.waitFor("stdout", /Ctrl-D quits/);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  });
});
