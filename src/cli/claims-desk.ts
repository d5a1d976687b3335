// What `sitrep pending`, `approve` and `reject` share: the claims desk over the briefs and the
// state database the bot uses. The terminal acts as an editor: whoever can run it can edit the
// files anyway. A running bot sees an approval through its watch on the briefs folder.
import { userInfo } from "node:os";
import { type Actor, type ClaimDesk, createClaimDesk } from "../claims/desk.ts";
import { readConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import type { Store } from "../store/types.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import { openCliState } from "./state.ts";
import type { CliIo } from "./subcommand.ts";
import { UsageError } from "./subcommand.ts";

export interface CliDesk {
  readonly desk: ClaimDesk;
  readonly store: Store;
  close(): Promise<void>;
}

export async function openCliDesk(io: CliIo, briefs?: string): Promise<CliDesk | undefined> {
  const store = await loadStoreForCli(briefs, io);
  if (store === undefined) return undefined;
  const { state } = await openCliState(io);
  const desk = createClaimDesk({
    submitted: state.claims,
    getStore: () => store,
    now: io.now,
    logger: silentLogger,
    gitCommit: readConfig(io.env).BRIEFS_GIT_COMMIT,
  });
  return { desk, store, close: () => state.close() };
}

/** The person at the terminal (`--as NAME`, else the login name). */
export function terminalEditor(as: string | undefined, io: CliIo): Actor {
  const name = as?.trim() || io.env.USER || userInfo().username;
  return { platform: "console", user: name, isEditor: true };
}

export function parseClaimId(value: string | undefined): number {
  const id = Number(value?.replace(/^#/, ""));
  if (value === undefined || !Number.isInteger(id) || id <= 0) {
    throw new UsageError("give the claim's number, as `sitrep pending` lists it");
  }
  return id;
}
