// Stand-ins on loopback for the parts of Slack's Web API and Discord's REST API that scheduled
// posts use, keeping the messages they took (what "exactly one message" is counted on) and able to
// misbehave after taking one: answer late, or drop the connection without answering.
// Slack: chat.postMessage (with metadata), conversations.history (include_all_metadata), auth.test.
// Discord: POST /channels/:id/messages, with `enforce_nonce` returning the earlier message.
import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the fake does with a post: take it and answer, answer after a delay, or hang up; or hang
 * up WITHOUT taking it (`lost`).
 */
export type Behaviour =
  | { kind: "answer" }
  | { kind: "late"; ms: number }
  | { kind: "drop" }
  | { kind: "lost" };

export interface TakenMessage {
  readonly channel: string;
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface FakePostingApi {
  readonly url: string;
  readonly messages: TakenMessage[];
  /** Every request, as `METHOD path` or the Slack method name. */
  readonly requests: string[];
  /** The next posts behave like this, in order; then they are answered at once. */
  readonly behaviours: Behaviour[];
  /** Resolves when the next post has been taken (stored), before it is answered. */
  nextTaken(): Promise<TakenMessage>;
  close(): Promise<void>;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Answers per the next behaviour: at once, after a (global, fakeable) timer, or never. */
function reply(res: ServerResponse, behaviours: Behaviour[], body: unknown, status = 200): void {
  const behaviour = behaviours.shift() ?? { kind: "answer" };
  if (behaviour.kind === "drop" || behaviour.kind === "lost") {
    res.socket?.destroy();
  } else if (behaviour.kind === "late") {
    setTimeout(() => json(res, status, body), behaviour.ms);
  } else {
    json(res, status, body);
  }
}

async function serve(
  handle: (req: IncomingMessage, res: ServerResponse, text: string) => void,
  base: (port: number) => string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void readText(req).then((text) => handle(req, res, text));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: base((server.address() as AddressInfo).port),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function api(): Omit<FakePostingApi, "url" | "close"> & { taken: EventEmitter } {
  const taken = new EventEmitter();
  return {
    messages: [],
    requests: [],
    behaviours: [],
    taken,
    async nextTaken() {
      const [message] = await once(taken, "message");
      return message as TakenMessage;
    },
  };
}

export async function startFakeSlackApi(): Promise<FakePostingApi> {
  const state = api();
  let seq = 0;
  const server = await serve(
    (req, res, text) => {
      const method = (req.url ?? "").split("?")[0]!.replace(/^\/api\//, "");
      const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
      state.requests.push(method);
      if (method === "auth.test") {
        json(res, 200, { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1" });
      } else if (method === "chat.postMessage") {
        if (state.behaviours[0]?.kind === "lost") {
          reply(res, state.behaviours, {});
          return;
        }
        seq += 1;
        const ts = `1768028400.${String(seq).padStart(6, "0")}`;
        const metadata = typeof body.metadata === "string" ? JSON.parse(body.metadata) : undefined;
        const message = { channel: String(body.channel), id: ts, body: { ...body, metadata } };
        state.messages.push(message);
        state.taken.emit("message", message);
        reply(res, state.behaviours, { ok: true, channel: body.channel, ts });
      } else if (method === "conversations.history") {
        const oldest = Number(body.oldest ?? 0);
        const withMetadata = body.include_all_metadata === "true";
        const messages = state.messages
          .filter((m) => m.channel === body.channel && Number(m.id) >= oldest)
          .reverse()
          .map((m) => ({
            type: "message",
            ts: m.id,
            bot_id: "BBOT",
            text: m.body.text,
            ...(withMetadata && m.body.metadata !== undefined ? { metadata: m.body.metadata } : {}),
          }));
        json(res, 200, { ok: true, messages, has_more: false });
      } else {
        json(res, 200, { ok: false, error: "unknown_method" });
      }
    },
    (port) => `http://127.0.0.1:${port}/api/`,
  );
  return { ...state, ...server };
}

export async function startFakeDiscordApi(): Promise<FakePostingApi> {
  const state = api();
  let seq = 0;
  const server = await serve(
    (req, res, text) => {
      const path = (req.url ?? "").split("?")[0]!.replace(/^\/api\/v\d+/, "");
      state.requests.push(`${req.method} ${path}`);
      const match = /^\/channels\/(\d+)\/messages$/.exec(path);
      if (req.method !== "POST" || match === null) {
        json(res, 404, { message: "Unknown", code: 0 });
        return;
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      const channel = match[1]!;
      // Discord: with enforce_nonce, a nonce already used by this author returns that message.
      const earlier =
        body.enforce_nonce === true && body.nonce !== undefined
          ? state.messages.find((m) => m.channel === channel && m.body.nonce === body.nonce)
          : undefined;
      if (earlier !== undefined) {
        reply(res, state.behaviours, { id: earlier.id, channel_id: channel, nonce: body.nonce });
        return;
      }
      if (state.behaviours[0]?.kind === "lost") {
        reply(res, state.behaviours, {});
        return;
      }
      seq += 1;
      const message = { channel, id: String(9000 + seq), body };
      state.messages.push(message);
      state.taken.emit("message", message);
      reply(res, state.behaviours, { id: message.id, channel_id: channel, nonce: body.nonce });
    },
    (port) => `http://127.0.0.1:${port}/api`,
  );
  return { ...state, ...server };
}
