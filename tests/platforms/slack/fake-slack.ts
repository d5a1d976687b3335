// A stand-in for Slack on loopback: the Web API methods the bot calls (auth.test,
// chat.postMessage, users.info, the three steps of files.uploadV2; oauth.v2.access when a test
// scripts it) and response_url endpoints. It records every request, with the token it came with,
// and lets a test script the next reply of a method.
import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  readonly method: string;
  /** Form fields, with `blocks` (JSON in the form) parsed. */
  readonly body: Record<string, unknown>;
  /** The bearer token the call was made with, if any. */
  readonly token?: string;
}

export interface ScriptedReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: Record<string, unknown>;
}

export interface FakeSlack {
  /** With the trailing `/api/` the WebClient expects. */
  readonly apiUrl: string;
  /** A fresh response_url on this server. */
  responseUrl(): string;
  readonly calls: RecordedCall[];
  /** Every body posted to a response_url, in arrival order. */
  readonly responses: Record<string, unknown>[];
  /** Files sent to the upload URLs files.getUploadURLExternal handed out: the raw request bodies. */
  readonly uploads: { readonly fileId: string; readonly data: Buffer }[];
  /** Resolves with the body posted to this response_url (now or later). */
  responseTo(url: string): Promise<Record<string, unknown>>;
  /** Resolves with the first call of `method` that passes `test`, recorded or still to come. */
  callTo(
    method: string,
    test?: (body: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
  /** The next call of `method` gets this reply instead of the default. */
  script(method: string, reply: ScriptedReply): void;
  /** The WebSocket URL apps.connections.open hands out (Socket Mode). */
  socketUrl: string | undefined;
  /** What users.info says about a user; unknown users get `user_not_found`. */
  readonly users: Map<string, { is_admin?: boolean; is_owner?: boolean }>;
  close(): Promise<void>;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseApiBody(req: IncomingMessage, text: string): Record<string, unknown> {
  if ((req.headers["content-type"] ?? "").startsWith("application/json")) return JSON.parse(text);
  const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  if (typeof body.blocks === "string") body.blocks = JSON.parse(body.blocks);
  if (typeof body.view === "string") body.view = JSON.parse(body.view);
  return body;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const responses: Record<string, unknown>[] = [];
  const uploads: { fileId: string; data: Buffer }[] = [];
  let fileIds = 0;
  const byPath = new Map<string, Record<string, unknown>>();
  const arrivals = new EventEmitter();
  const scripts = new Map<string, ScriptedReply[]>();
  const users = new Map<string, { is_admin?: boolean; is_owner?: boolean }>();
  let responseIds = 0;

  function defaultReply(method: string, body: Record<string, unknown>): ScriptedReply {
    switch (method) {
      case "auth.test":
        return { body: { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1" } };
      case "chat.postMessage":
        return { body: { ok: true, channel: body.channel, ts: "1732968000.000100" } };
      case "chat.update":
        return { body: { ok: true, channel: body.channel, ts: body.ts } };
      case "chat.postEphemeral":
        return { body: { ok: true, message_ts: "1732968000.000200" } };
      case "views.open":
      case "views.update":
        return { body: { ok: true, view: { id: "V1", hash: "h1" } } };
      case "apps.connections.open":
        return fake.socketUrl === undefined
          ? { body: { ok: false, error: "not_allowed_token_type" } }
          : { body: { ok: true, url: fake.socketUrl } };
      case "files.getUploadURLExternal": {
        const fileId = `F${++fileIds}`;
        return { body: { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId } };
      }
      case "files.completeUploadExternal":
        return { body: { ok: true, files: JSON.parse(String(body.files)) } };
      case "users.info": {
        const user = users.get(String(body.user));
        return user === undefined
          ? { body: { ok: false, error: "user_not_found" } }
          : { body: { ok: true, user: { id: body.user, ...user } } };
      }
      default:
        return { body: { ok: false, error: "unknown_method" } };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readRaw(req);
      const text = raw.toString("utf8");
      const path = (req.url ?? "/").split("?")[0]!;
      if (path.startsWith("/upload/")) {
        uploads.push({ fileId: path.slice("/upload/".length), data: raw });
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("OK");
        return;
      }
      if (path.startsWith("/response/")) {
        const body = JSON.parse(text) as Record<string, unknown>;
        responses.push(body);
        byPath.set(path, body);
        arrivals.emit(path, body);
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
        return;
      }
      const method = path.replace(/^\/api\//, "");
      const body = parseApiBody(req, text);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      calls.push({ method, body, ...(bearer === undefined ? {} : { token: bearer }) });
      arrivals.emit("call", { method, body });
      const reply = scripts.get(method)?.shift() ?? defaultReply(method, body);
      res.writeHead(reply.status ?? 200, {
        "content-type": "application/json",
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body ?? {}));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    apiUrl: `${base}/api/`,
    socketUrl: undefined,
    responseUrl: () => `${base}/response/${++responseIds}`,
    calls,
    responses,
    uploads,
    users,
    async responseTo(url) {
      const path = new URL(url).pathname;
      const body = byPath.get(path);
      if (body !== undefined) return body;
      const [arrived] = await once(arrivals, path);
      return arrived as Record<string, unknown>;
    },
    callTo(method, test = () => true) {
      const seen = calls.find((c) => c.method === method && test(c.body));
      if (seen !== undefined) return Promise.resolve(seen.body);
      return new Promise((resolve) => {
        const listener = (call: RecordedCall) => {
          if (call.method !== method || !test(call.body)) return;
          arrivals.off("call", listener);
          resolve(call.body);
        };
        arrivals.on("call", listener);
      });
    },
    script(method, reply) {
      const list = scripts.get(method) ?? [];
      list.push(reply);
      scripts.set(method, list);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
