// Replayed request ids on the SQLite state database.
import { REPLAY_WINDOW_MS, type ReplayGuard } from "../../schedule/replays.ts";
import type { StateDb } from "./db.ts";

export function createSqliteReplayGuard(db: StateDb, windowMs = REPLAY_WINDOW_MS): ReplayGuard {
  // An id whose window has passed may be taken again: the signature check refuses it anyway.
  const remember = db.prepare(
    `INSERT INTO seen_requests (id, expires_at) VALUES (@id, @expiresAt)
     ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at
     WHERE seen_requests.expires_at < @now`,
  );
  const forget = db.prepare("DELETE FROM seen_requests WHERE expires_at < ?");
  let calls = 0;
  return {
    async firstSeen(id, now) {
      calls += 1;
      if (calls % 500 === 0) forget.run(now);
      return remember.run({ id, expiresAt: now + windowMs, now }).changes === 1;
    },
  };
}
