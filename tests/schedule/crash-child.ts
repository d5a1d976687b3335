// A bot process for the crash tests: runs one scheduler tick against the state database and the
// fake Slack API named in the environment, with the clock at NOW. CRASH=before-send kills the
// process (SIGKILL, no clean-up) right after the post is claimed and before it is sent; the test
// itself kills it while the fake holds a post it took (between send and record).
import { silentLogger } from "../../src/log.ts";
import { postingClient } from "../../src/platforms/slack/start.ts";
import { createSlackTransport } from "../../src/platforms/slack/transport.ts";
import { createDeliverer } from "../../src/schedule/deliver.ts";
import type { DeliveryLedger } from "../../src/schedule/ledger.ts";
import { createScheduler } from "../../src/schedule/scheduler.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteLedger } from "../../src/state/sqlite/deliveries.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import { briefWithEvents, nonEmptyDigest, sitrepCore } from "./helpers.ts";

const env = process.env;
const now = () => Number(env.NOW);
const db = openStateDb(env.STATE_DB!);
const ledger = createSqliteLedger(db);
const crashing: DeliveryLedger =
  env.CRASH === "before-send"
    ? {
        ...ledger,
        async markSending() {
          process.kill(process.pid, "SIGKILL");
          return false;
        },
      }
    : ledger;
const transports = { slack: createSlackTransport(postingClient("xoxb-test", env.SLACK_API_URL)) };
const deliverer = createDeliverer({
  ledger: crashing,
  transports,
  now,
  logger: silentLogger,
  owner: "crashing-child",
});
const scheduler = createScheduler({
  state: createSqliteState(db),
  transports,
  getStore: () => storeOf(briefWithEvents("syria", "UTC")),
  now,
  logger: silentLogger,
  catchUpHours: 6,
  core: sitrepCore({
    getStore: () => storeOf(briefWithEvents("syria", "UTC")),
    now,
    digest: nonEmptyDigest,
  }),
  deliverer,
});
await scheduler.runDue();
process.stdout.write("tick done\n");
process.exit(0);
