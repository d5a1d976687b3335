// HTTP routes the platforms expose (Slack events, Discord interactions, health). One server
// serves them all on PORT: Bolt's own HTTP receiver when Slack runs over HTTP (our routes become
// its custom routes), else a plain node:http server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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

/** Reads a request body whole (signature checks need the exact bytes). */
export async function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new Error("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
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
