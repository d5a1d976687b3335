// Pictures behind picture links on the PostgreSQL state database: one row per link, the PNG a
// BYTEA, so a link one instance made is served by any other.
import type { PictureRepo } from "../types.ts";
import { one, type Queryable, run } from "./pool.ts";

export function createPostgresPictureRepo(db: Queryable): PictureRepo {
  return {
    async put(token, png, expiresAt) {
      await run(
        db,
        `INSERT INTO picture_links (token, png, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (token) DO NOTHING`,
        [token, png, expiresAt],
      );
    },
    async get(token, now) {
      const row = await one<{ png: Buffer }>(
        db,
        "SELECT png FROM picture_links WHERE token = $1 AND expires_at > $2",
        [token, now],
      );
      return row?.png;
    },
    async sweep(now, keep) {
      // One statement: the expired ones, and those past the newest `keep` (by expiry, then token).
      await run(
        db,
        `DELETE FROM picture_links WHERE expires_at <= $1 OR token IN (
           SELECT token FROM picture_links ORDER BY expires_at DESC, token DESC OFFSET $2)`,
        [now, keep],
      );
    },
  };
}
