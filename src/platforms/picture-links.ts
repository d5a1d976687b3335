// Pictures served from the bot's own HTTP server, for answers whose platform cannot carry a file
// (a private Slack answer): each PNG under an unguessable token (24 random bytes) that expires,
// at PUBLIC_URL/pictures?t=TOKEN. Kept in the state store, so behind a load balancer any
// instance serves a link another made; a bounded number at a time: a link is for looking at an
// answer now, not an archive.
import { randomBytes } from "node:crypto";
import type { PictureRepo } from "../state/types.ts";
import type { HttpRoute } from "./http.ts";

export const PICTURES_PATH = "/pictures";
/** How long a link works. */
export const PICTURE_LINK_TTL_MS = 60 * 60 * 1000;
/** Links kept at once in the store (all instances together); the ones expiring first go first. */
export const MAX_PICTURE_LINKS = 500;

export interface PictureLinks {
  /** GET /pictures?t=TOKEN: the PNG while its link lives, else 404. */
  readonly route: HttpRoute;
  /** Keeps the PNG and returns its public URL. */
  publish(png: Buffer): Promise<string>;
}

export function createPictureLinks(
  publicUrl: string,
  pictures: PictureRepo,
  now: () => number,
  ttlMs = PICTURE_LINK_TTL_MS,
): PictureLinks {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    route: {
      method: "GET",
      path: PICTURES_PATH,
      async handler(req, res) {
        const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("t") ?? "";
        const png = token === "" ? undefined : await pictures.get(token, now());
        if (png === undefined) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("this picture's link has expired");
          return;
        }
        res.writeHead(200, {
          "content-type": "image/png",
          "content-length": String(png.length),
          "cache-control": "private, max-age=3600",
        });
        res.end(png);
      },
    },
    async publish(png) {
      const at = now();
      // Room for this one: the expired go, and the ones expiring first beyond the cap.
      await pictures.sweep(at, MAX_PICTURE_LINKS - 1);
      const token = randomBytes(24).toString("base64url");
      await pictures.put(token, png, at + ttlMs);
      return `${base}${PICTURES_PATH}?t=${token}`;
    },
  };
}
