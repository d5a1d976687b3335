// Replayed request ids on the PostgreSQL state database: the insert decides, so of two instances
// handed the same request at once exactly one runs it.
import { REPLAY_WINDOW_MS, type ReplayGuard } from "../../schedule/replays.ts";
import { type Queryable, run } from "./pool.ts";

export function createPostgresReplayGuard(db: Queryable, windowMs = REPLAY_WINDOW_MS): ReplayGuard {
  let calls = 0;
  return {
    async firstSeen(id, now) {
      calls += 1;
      if (calls % 500 === 0)
        await run(db, "DELETE FROM seen_requests WHERE expires_at < $1", [now]);
      // An id whose window has passed may be taken again: the signature check refuses it anyway.
      const changed = await run(
        db,
        `INSERT INTO seen_requests (id, expires_at) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at
         WHERE seen_requests.expires_at < $3`,
        [id, now + windowMs, now],
      );
      return changed === 1;
    },
  };
}
