// What the main thread and the answer workers send each other (see answer-pool.ts).
import type { Request } from "../core/request.ts";
import type { ChatOrigin } from "../core/types.ts";

export interface AnswerWorkerData {
  readonly root: string;
  /** SITREP_CACHE_DIR as the main thread resolved it (`off` for none). */
  readonly cacheDir: string;
  readonly logLevel: string;
  /** Watch the briefs folder (false in tests that reload by hand). */
  readonly watch: boolean;
}

export type AnswerTask =
  | {
      readonly kind: "ask";
      /** A request about the brief, its origin already resolved (nothing but data crosses). */
      readonly request: Request & { readonly origin: ChatOrigin };
      readonly now: number;
    }
  | { readonly kind: "ready" };

/**
 * The main thread posts a ReloadMessage here on SIGHUP (every worker reloads its store) and a
 * DrainMessage before the pool closes (every worker waits for the answers it is still posting);
 * each worker then posts a DoneMessage with the same id.
 */
export const RELOAD_CHANNEL = "sitrep-answer-reload";
export interface ReloadMessage {
  readonly reload: number;
  /** Take a version held back because it drops claims (an admin's decision, SIGHUP). */
  readonly accept: boolean;
}
export interface DrainMessage {
  readonly drain: number;
}
export interface DoneMessage {
  readonly done: number;
}
