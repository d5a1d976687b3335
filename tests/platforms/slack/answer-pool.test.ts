// The Slack app with the answer pool: a slash command is acknowledged while the worker thread is
// still busy with an answer (here, held until the test releases it), so no ack waits on an answer;
// the answers then reach their response_urls, rendered and posted by the worker.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { createRequestCore } from "../../../src/core/request.ts";
import { silentLogger } from "../../../src/log.ts";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import { loadStore } from "../../../src/store/load.ts";
import { type AnswerPool, startAnswerPool } from "../../../src/workers/answer-pool.ts";
import { writeValidBrief } from "../../fixtures/briefs.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = Date.parse("2024-12-01T12:00:00Z");
const NOW_SECONDS = Math.floor(NOW / 1000);

/** Node has Atomics.waitAsync; the ES2023 library the project compiles against does not list it. */
const { waitAsync } = Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number): { value: Promise<string> | string };
};

let pool: AnswerPool | undefined;
let slack: SlackRuntime | undefined;
let fake: FakeSlack | undefined;

afterEach(async () => {
  await slack?.stop();
  await pool?.close();
  await fake?.close();
  slack = pool = fake = undefined;
});

describe("the Slack app with the answer pool", () => {
  it("acknowledges a slash command while the worker is busy with a long answer", async () => {
    const brief = writeValidBrief();
    const loaded = await loadStore(brief.root);
    if (!loaded.ok) throw new Error("the fixture brief did not load");
    const store = loaded.store;
    // [0]: 1 releases the worker; [1]: answers the worker has started and holds.
    const gate = new Int32Array(new SharedArrayBuffer(8));
    pool = startAnswerPool({
      root: brief.root,
      cacheDir: mkdtempSync(join(tmpdir(), "sitrep-pool-cache-")),
      logLevel: "silent",
      threads: 1,
      watch: false,
      worker: {
        module: new URL("../../workers/held-worker.mjs", import.meta.url).href,
        data: { gate: gate.buffer },
      },
    });
    await pool.ready();
    const answers = pool;
    fake = await startFakeSlack();
    slack = await startSlack({
      botToken: "xoxb-test",
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      allowedTeams: [],
      adminUsers: [],
      port: 0,
      host: "127.0.0.1",
      getStore: () => store,
      core: createRequestCore({
        commands,
        getStore: () => store,
        now: () => NOW,
        logger: silentLogger,
        offload: (request) => answers.answer(request, NOW),
      }),
      now: () => NOW,
      logger: silentLogger,
    });
    const events = `http://127.0.0.1:${slack.port}/slack/events`;
    const ask = (text: string, responseUrl: string) =>
      postSigned(events, slashBody({ command: "/toll", text, responseUrl }), {
        secret: SECRET,
        timestamp: NOW_SECONDS,
      });

    // The first answer: acknowledged, and the worker holds it (an ack that waited would hang).
    const first = fake.responseUrl();
    expect(await ask("aleppo", first)).toEqual({ status: 200, text: "" });
    await waitAsync(gate, 1, 0).value;
    // Another question while the worker is still held: acknowledged all the same.
    const second = fake.responseUrl();
    expect(await ask("aleppo killed", second)).toEqual({ status: 200, text: "" });
    expect(Atomics.load(gate, 1)).toBe(1);
    expect(fake.responses).toEqual([]);

    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const posted = await Promise.all([fake.responseTo(first), fake.responseTo(second)]);
    for (const response of posted) {
      expect(response.response_type).toBe("ephemeral");
      expect(JSON.stringify(response.blocks)).toContain("Aleppo");
    }
  });
});
