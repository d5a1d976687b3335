// The Slack apps the end-to-end run talks to, each started in its own child process on
// 127.0.0.1: the real one (startSlack over the loaded store), and the floor: a Bolt app behind the
// same signature-checking receiver whose /toll listener only acknowledges.

import type { Server } from "node:http";
import { App } from "@slack/bolt";
import { commands } from "../commands/index.ts";
import { createRequestCore } from "../src/core/request.ts";
import { silentLogger } from "../src/log.ts";
import { healthRoute } from "../src/platforms/http.ts";
import { toBoltLogger } from "../src/platforms/slack/bolt-logger.ts";
import { createSlackReceiver } from "../src/platforms/slack/receiver.ts";
import { startSlack } from "../src/platforms/slack/start.ts";
import type { Store } from "../src/store/types.ts";
import { startAnswerPool } from "../src/workers/answer-pool.ts";

export interface ServeOptions {
  readonly secret: string;
  readonly apiUrl: string;
}

export interface RunningApp {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The bot's Slack app over the loaded store; with `root`, answers are worked out in the answer
 * pool (one worker thread holding its own copy of the brief), as ANSWER_THREADS=1 runs it.
 */
export async function serveAnswering(
  store: Store,
  options: ServeOptions & { readonly root?: string; readonly cacheDir?: string },
): Promise<RunningApp> {
  const pool =
    options.root === undefined
      ? undefined
      : startAnswerPool({
          root: options.root,
          cacheDir: options.cacheDir ?? "off",
          logLevel: "silent",
          threads: 1,
          watch: false,
        });
  await pool?.ready();
  const slack = await startSlack({
    botToken: "xoxb-bench",
    signingSecret: options.secret,
    apiUrl: options.apiUrl,
    allowedTeams: [],
    adminUsers: [],
    port: 0,
    host: "127.0.0.1",
    getStore: () => store,
    core: createRequestCore({
      commands,
      getStore: () => store,
      now: Date.now,
      logger: silentLogger,
      ...(pool === undefined ? {} : { offload: (request) => pool.answer(request, Date.now()) }),
    }),
    now: Date.now,
    logger: silentLogger,
  });
  return {
    port: slack.port!,
    async stop() {
      await slack.stop();
      await pool?.close();
    },
  };
}

export async function serveEmptyAck(options: ServeOptions): Promise<RunningApp> {
  const boltLogger = toBoltLogger(silentLogger);
  const app = new App({
    token: "xoxb-bench",
    receiver: createSlackReceiver({
      signingSecret: options.secret,
      now: Date.now,
      logger: silentLogger,
      boltLogger,
      routes: [healthRoute],
    }),
    logger: boltLogger,
    clientOptions: { slackApiUrl: options.apiUrl },
  });
  app.command("/toll", async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  const address = server.address();
  if (typeof address !== "object" || address === null)
    throw new Error("the app did not bind a port");
  return {
    port: address.port,
    async stop() {
      server.closeIdleConnections();
      await app.stop();
    },
  };
}
