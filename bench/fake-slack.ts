// Slack's side on loopback for the end-to-end run: the Web API method the Bolt app calls at start
// (auth.test) and response_url endpoints that note when each answer arrives. It runs in a child
// process of its own (runFakeSlack), so taking the answers in does not load the event loop whose
// clock measures the acks: that would slow the answering app's acks and not the empty ack's.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startChild } from "./spawn.ts";

export interface BenchSlack {
  /** With the trailing `/api/` the WebClient expects. */
  readonly apiUrl: string;
  /** A fresh response_url; `arrived` resolves with performance.now() when the answer is posted. */
  responseUrl(): { url: string; arrived: Promise<number> };
  close(): Promise<void>;
}

/** What the fake's process sends once it listens: answers' arrivals, in batches. */
export interface FakeSlackMessage {
  /** Response ids with their arrival as epoch ms (performance.timeOrigin + now()). */
  readonly arrivals: readonly (readonly [number, number])[];
}

/** Arrivals are sent to the benchmark this often, in one message, rather than one at a time. */
const FLUSH_MS = 100;

/** The fake's process: serves until its parent disconnects; resolves with its base URL. */
export async function runFakeSlack(send: (message: FakeSlackMessage) => void): Promise<string> {
  let pending: [number, number][] = [];
  const flush = setInterval(() => {
    if (pending.length === 0) return;
    send({ arrivals: pending });
    pending = [];
  }, FLUSH_MS);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    req.resume();
    req.on("end", () => {
      if (path.startsWith("/response/")) {
        pending.push([
          Number(path.slice("/response/".length)),
          performance.timeOrigin + performance.now(),
        ]);
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
  process.once("disconnect", () => {
    clearInterval(flush);
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startBenchSlack(): Promise<BenchSlack> {
  const { child, result } = startChild<string>({ task: "fake-slack" });
  const base = await result;
  const waiting = new Map<number, (at: number) => void>();
  child.on("message", (message: Partial<FakeSlackMessage>) => {
    if (message.arrivals === undefined) return;
    for (const [id, at] of message.arrivals) {
      // From the fake's clock to this process's performance.now().
      waiting.get(id)?.(at - performance.timeOrigin);
      waiting.delete(id);
    }
  });
  let ids = 0;
  return {
    apiUrl: `${base}/api/`,
    responseUrl() {
      const id = ++ids;
      const arrived = new Promise<number>((resolve) => waiting.set(id, resolve));
      return { url: `${base}/response/${id}`, arrived };
    },
    async close() {
      if (child.connected) child.disconnect();
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
