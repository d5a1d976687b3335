// HTTP routes the platforms expose (Slack events, Discord interactions, health). One server
// serves them all on PORT: Bolt's own HTTP receiver when Slack runs over HTTP (our routes become
// its custom routes), else a plain node:http server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "../metrics.ts";

export interface HttpRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  handler(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export const healthRoute: HttpRoute = {
  method: "GET",
  path: "/healthz",
  handler(_req, res) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  },
};

/**
 * GET /readyz: 200 when `problems` finds none, else 503 with them, so a load balancer sends
 * questions only to an instance that can answer them. /healthz only says the process is alive.
 */
export function readinessRoute(
  problems: () => readonly string[] | Promise<readonly string[]>,
): HttpRoute {
  return {
    method: "GET",
    path: "/readyz",
    async handler(_req, res) {
      const found = await problems();
      res.writeHead(found.length === 0 ? 200 : 503, { "content-type": "application/json" });
      res.end(
        JSON.stringify(found.length === 0 ? { ready: true } : { ready: false, problems: found }),
      );
    },
  };
}

/** GET /metrics: the Prometheus text format, for the operator's monitoring to scrape. */
export function metricsRoute(metrics: Metrics): HttpRoute {
  return {
    method: "GET",
    path: "/metrics",
    async handler(_req, res) {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { "content-type": contentType });
      res.end(body);
    },
  };
}

/** A body over the limit: answered 413, never a stack trace. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
    this.name = "BodyTooLarge";
  }
}

/** The declared Content-Length is over the limit: refuse before reading a byte. */
export function declaresTooLarge(req: IncomingMessage, limitBytes: number): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(declared) && declared > limitBytes;
}

/**
 * Reads a request body whole (signature checks need the exact bytes); throws BodyTooLarge as soon
 * as it is over the limit, declared or streamed, without reading the rest.
 */
export async function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<Buffer> {
  if (declaresTooLarge(req, limitBytes)) throw new BodyTooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLarge(limitBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** 413, and the connection closed so the rest of the body is never read. */
export function refuseTooLarge(res: ServerResponse): void {
  res.writeHead(413, { "content-type": "text/plain", connection: "close" });
  res.end("request body too large");
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** A plain server for the routes, for when Slack does not run over HTTP. */
export async function startHttpServer(
  routes: readonly HttpRoute[],
  port: number,
  host = "0.0.0.0",
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    Promise.resolve(route.handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
