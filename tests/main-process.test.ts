// `npm start` as a process: real signals reach the real handlers. SIGHUP reloads the briefs and
// keeps running; SIGTERM stops cleanly with exit code 0. Waits on output events, never on time.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killBots, spawnBot } from "./fixtures/bot-process.ts";
import { writeValidBrief } from "./fixtures/briefs.ts";

afterEach(killBots);

function startBot() {
  const brief = writeValidBrief();
  const state = join(mkdtempSync(join(tmpdir(), "sitrep-proc-")), "state.db");
  return spawnBot({ BRIEFS_DIR: brief.root, STATE_DB: state, LOG_LEVEL: "info" });
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
