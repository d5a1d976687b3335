import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { CONSOLE_ORIGIN } from "../../src/platforms/console.ts";
import { slackResponse } from "../../src/platforms/slack/respond.ts";
import { loadStore } from "../../src/store/load.ts";
import { type AnswerPool, startAnswerPool } from "../../src/workers/answer-pool.ts";
import { testCore, VALID_FILES, writeValidBrief } from "../fixtures/briefs.ts";
import { startFakeSlack } from "../platforms/slack/fake-slack.ts";

const NOW = Date.parse("2024-12-01T12:00:00Z");
let pool: AnswerPool | undefined;

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function startPool(root: string): AnswerPool {
  pool = startAnswerPool({
    root,
    cacheDir: mkdtempSync(join(tmpdir(), "sitrep-pool-cache-")),
    logLevel: "silent",
    threads: 1,
    watch: false,
  });
  return pool;
}

describe("the answer pool", () => {
  it("answers in a worker thread exactly as the request core does on the main thread", async () => {
    const brief = writeValidBrief();
    const answers = startPool(brief.root);
    await answers.ready();
    const loaded = await loadStore(brief.root);
    if (!loaded.ok) throw new Error("the fixture brief did not load");
    for (const [name, text] of [
      ["/toll", "aleppo"],
      ["/who-controls", "Aleppo"],
      ["/sources", ""],
      ["/toll", "nowhere-at-all"],
      ["/toll", "aleppo at:not-a-date"],
      ["/no-such-command", ""],
      ["/sitrep", "since:3d"],
    ] as const) {
      const request = { origin: CONSOLE_ORIGIN, command: name, text };
      const inWorker = await answers.answer(request, NOW);
      const here = await testCore(loaded.store, { now: NOW }).handle(request);
      expect(inWorker, `${name} ${text}`).toEqual(here);
    }
  });

  it("reloads every worker's store when asked (SIGHUP)", async () => {
    const brief = writeValidBrief();
    const answers = startPool(brief.root);
    await answers.ready();
    const before = await answers.answer(
      { origin: CONSOLE_ORIGIN, command: "/sources", text: "" },
      NOW,
    );
    const renamed = VALID_FILES["sources.yaml"]!.replace(
      "Agence France-Presse",
      "Agence France-Presse (renamed)",
    );
    writeFileSync(brief.file("sources.yaml"), renamed);
    await answers.reload();
    const after = await answers.answer(
      { origin: CONSOLE_ORIGIN, command: "/sources", text: "" },
      NOW,
    );
    expect(JSON.stringify(before)).not.toContain("(renamed)");
    expect(JSON.stringify(after)).toContain("(renamed)");
  });

  it("renders a reply for Slack and posts it to the response_url itself", async () => {
    const brief = writeValidBrief();
    const answers = startPool(brief.root);
    const fake = await startFakeSlack();
    try {
      await answers.ready();
      const loaded = await loadStore(brief.root);
      if (!loaded.ok) throw new Error("the fixture brief did not load");
      const core = testCore(loaded.store, { now: NOW });
      const ask = (text: string, linksPictures: boolean) => {
        const url = fake.responseUrl();
        const request = { origin: CONSOLE_ORIGIN, command: "/toll", text };
        const respondTo = { platform: "slack" as const, url, linksPictures };
        return { url, request, reply: answers.answer({ ...request, respondTo }, NOW) };
      };

      // A private answer whose picture cannot come with it: the worker posts it, as the main
      // thread would have rendered it.
      const plain = ask("aleppo chart", false);
      const delivered = await plain.reply;
      expect(delivered.delivered).toBe(true);
      expect(delivered.answer.sections).toEqual([]);
      const inLine = await core.handle(plain.request);
      expect(inLine.answer.pictures).toHaveLength(1);
      const here = slackResponse(inLine, { kind: "unavailable" }, silentLogger, {});
      expect(await fake.responseTo(plain.url)).toEqual(JSON.parse(JSON.stringify(here)));

      // Only the main thread can link a picture from the bot's server or upload a shared one.
      const linked = ask("aleppo chart", true);
      expect((await linked.reply).delivered).toBeUndefined();
      const shared = ask("aleppo chart share", false);
      expect((await shared.reply).delivered).toBeUndefined();
      expect(fake.responses).toHaveLength(1);
      // Without a picture, a shared answer is the worker's to post too.
      const words = ask("aleppo share", false);
      expect((await words.reply).delivered).toBe(true);
      expect(await fake.responseTo(words.url)).toMatchObject({ response_type: "in_channel" });
    } finally {
      await fake.close();
    }
  });
});
