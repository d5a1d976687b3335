// Slack's side on loopback for the end-to-end run: the Web API method the Bolt app calls at start
// (auth.test) and response_url endpoints that note when each answer arrives.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface BenchSlack {
  /** With the trailing `/api/` the WebClient expects. */
  readonly apiUrl: string;
  /** A fresh response_url; `arrived` resolves with performance.now() when the answer is posted. */
  responseUrl(): { url: string; arrived: Promise<number> };
  close(): Promise<void>;
}

export async function startBenchSlack(): Promise<BenchSlack> {
  const waiting = new Map<string, (at: number) => void>();
  let ids = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    req.resume();
    req.on("end", () => {
      if (path.startsWith("/response/")) {
        const at = performance.now();
        waiting.get(path)?.(at);
        waiting.delete(path);
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
        return;
      }
      const ok = path === "/api/auth.test";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          ok
            ? { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "TBENCH" }
            : { ok: false, error: "unknown_method" },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl() {
      const path = `/response/${++ids}`;
      const arrived = new Promise<number>((resolve) => waiting.set(path, resolve));
      return { url: `${base}${path}`, arrived };
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
