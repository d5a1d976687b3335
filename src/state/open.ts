// Which state store the bot uses: the SQLite file STATE_DB (one instance, nothing to run beside
// it).
import { openSqliteState } from "./sqlite/index.ts";
import type { StateStore } from "./types.ts";

export interface StateSettings {
  readonly STATE_DB: string;
}

/** Opens and migrates the configured state store. */
export async function openState(settings: StateSettings): Promise<StateStore> {
  return openSqliteState(settings.STATE_DB);
}
