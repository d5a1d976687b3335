// Which state store the bot uses: PostgreSQL when DATABASE_URL names one (several instances share
// it), else the SQLite file STATE_DB (one instance, nothing to run beside it). Each is loaded only
// when chosen, so neither driver is read by a bot that does not use it.
import type { StateStore } from "./types.ts";

export interface StateSettings {
  readonly STATE_DB: string;
  readonly DATABASE_URL?: string | undefined;
}

/** True for the URLs that select PostgreSQL (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url) && URL.canParse(url);
}

/** Opens and migrates the configured state store. */
export async function openState(settings: StateSettings): Promise<StateStore> {
  if (settings.DATABASE_URL !== undefined) {
    const { openPostgresState } = await import("./postgres/index.ts");
    return openPostgresState(settings.DATABASE_URL);
  }
  const { openSqliteState } = await import("./sqlite/index.ts");
  return openSqliteState(settings.STATE_DB);
}
