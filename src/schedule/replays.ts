// Replayed chat requests: the ids of requests already handled (Slack's trigger_id or event_id,
// Discord's interaction id), kept in the state store for longer than the signature window, so a
// signed request sent again (to this instance or another on the same store) runs nothing. The
// state store keeps them (src/state/sqlite/replays.ts, src/state/postgres/replays.ts).

/** Longer than the 5-minute signature window on either side of now. */
export const REPLAY_WINDOW_MS = 11 * 60_000;

export interface ReplayGuard {
  /** True the first time `id` is seen within the window; false for a replay. */
  firstSeen(id: string, now: number): Promise<boolean>;
}

/** The same rule in memory, for one process with no state store (tests, embedding). */
export function createMemoryReplayGuard(windowMs = REPLAY_WINDOW_MS): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    async firstSeen(id, now) {
      for (const [key, expires] of seen) if (expires < now) seen.delete(key);
      if (seen.has(id)) return false;
      seen.set(id, now + windowMs);
      return true;
    },
  };
}
