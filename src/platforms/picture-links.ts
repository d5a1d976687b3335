// Pictures served from the bot's own HTTP server, for answers whose platform cannot carry a file
// (a private Slack answer): each PNG under an unguessable token (24 random bytes) that expires,
// at PUBLIC_URL/pictures?t=TOKEN. Kept in memory, a bounded number at a time: a link is for
// looking at an answer now, not an archive.
import { randomBytes } from "node:crypto";
import type { HttpRoute } from "./http.ts";

export const PICTURES_PATH = "/pictures";
/** How long a link works. */
export const PICTURE_LINK_TTL_MS = 60 * 60 * 1000;
/** Links kept at once; the oldest go first. */
const MAX_LINKS = 500;

export interface PictureLinks {
  /** GET /pictures?t=TOKEN: the PNG while its link lives, else 404. */
  readonly route: HttpRoute;
  /** Keeps the PNG and returns its public URL. */
  publish(png: Buffer): string;
}

export function createPictureLinks(
  publicUrl: string,
  now: () => number,
  ttlMs = PICTURE_LINK_TTL_MS,
): PictureLinks {
  const base = publicUrl.replace(/\/+$/, "");
  const links = new Map<string, { png: Buffer; expiresAt: number }>();
  const sweep = () => {
    const at = now();
    for (const [token, link] of links) if (link.expiresAt <= at) links.delete(token);
    while (links.size >= MAX_LINKS) links.delete(links.keys().next().value!);
  };
  return {
    route: {
      method: "GET",
      path: PICTURES_PATH,
      handler(req, res) {
        const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("t") ?? "";
        const link = links.get(token);
        if (link === undefined || link.expiresAt <= now()) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("this picture's link has expired");
          return;
        }
        res.writeHead(200, {
          "content-type": "image/png",
          "content-length": String(link.png.length),
          "cache-control": "private, max-age=3600",
        });
        res.end(link.png);
      },
    },
    publish(png) {
      sweep();
      const token = randomBytes(24).toString("base64url");
      links.set(token, { png, expiresAt: now() + ttlMs });
      return `${base}${PICTURES_PATH}?t=${token}`;
    },
  };
}
