// Pictures behind picture links on the SQLite state database: one row per link, the PNG a BLOB.
import type { PictureRepo } from "../types.ts";
import type { StateDb } from "./db.ts";

export function createSqlitePictureRepo(db: StateDb): PictureRepo {
  const insert = db.prepare(
    "INSERT INTO picture_links (token, png, expires_at) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING",
  );
  const select = db.prepare<[string, number], { png: Buffer }>(
    "SELECT png FROM picture_links WHERE token = ? AND expires_at > ?",
  );
  const dropExpired = db.prepare("DELETE FROM picture_links WHERE expires_at <= ?");
  // The ones past the newest `keep` (by expiry, then token, so both stores drop the same).
  const dropBeyond = db.prepare(
    `DELETE FROM picture_links WHERE token IN (
       SELECT token FROM picture_links ORDER BY expires_at DESC, token DESC LIMIT -1 OFFSET ?)`,
  );
  return {
    async put(token, png, expiresAt) {
      insert.run(token, png, expiresAt);
    },
    async get(token, now) {
      return select.get(token, now)?.png;
    },
    async sweep(now, keep) {
      db.transaction(() => {
        dropExpired.run(now);
        dropBeyond.run(keep);
      })();
    },
  };
}
