// A local stand-in for Discord's HTTP API (node:http on loopback) that records every request and
// answers from a per-test responder, plus the checks every message body must pass.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";

export interface RecordedRequest {
  readonly method: string;
  /** Without the `/api/v10` prefix: `/channels/1/messages`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body; for a multipart request, its `payload_json` part. */
  readonly body: unknown;
  /** The files of a multipart request (`files[n]` parts), in order. */
  readonly files?: readonly RecordedFile[];
}

export interface RecordedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Reads a multipart/form-data body the way a server would (undici's own parser). */
async function readMultipart(
  headers: IncomingHttpHeaders,
  raw: Buffer,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  const form = await new Request("http://fake/", {
    method: "POST",
    headers: { "content-type": String(headers["content-type"]) },
    body: raw,
  }).formData();
  const files: RecordedFile[] = [];
  let body: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") body = JSON.parse(value);
    } else {
      files.push({
        field,
        name: value.name,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { body, files };
}

export interface FakeResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type Responder = (request: RecordedRequest) => FakeResponse | undefined;

export interface FakeDiscord {
  /** The REST `api` option pointing here. */
  readonly apiUrl: string;
  readonly requests: RecordedRequest[];
  respond: Responder;
  /** Resolves with the first request matching `test`, recorded or still to come. */
  waitFor(test: (request: RecordedRequest) => boolean): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const requests: RecordedRequest[] = [];
  const waiters: {
    test: (r: RecordedRequest) => boolean;
    resolve: (r: RecordedRequest) => void;
  }[] = [];
  const fake = {
    requests,
    respond: (() => undefined) as Responder,
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString("utf8");
    const multipart = String(req.headers["content-type"] ?? "").startsWith("multipart/form-data");
    const parsed = multipart
      ? await readMultipart(req.headers, raw)
      : { body: text === "" ? undefined : JSON.parse(text) };
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent((req.url ?? "/").split("?")[0]!).replace(/^\/api\/v\d+/, ""),
      headers: req.headers,
      ...parsed,
    };
    requests.push(recorded);
    const answer = fake.respond(recorded) ?? { status: 200, body: { id: "1000" } };
    const status = answer.status ?? 200;
    res.writeHead(status, { "content-type": "application/json", ...answer.headers });
    res.end(status === 204 ? undefined : JSON.stringify(answer.body ?? {}));
    for (const waiter of [...waiters]) {
      if (waiter.test(recorded)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    apiUrl: `http://127.0.0.1:${port}/api`,
    waitFor(test: (r: RecordedRequest) => boolean) {
      const seen = requests.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<RecordedRequest>((resolve) => waiters.push({ test, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const schema = JSON.parse(
  readFileSync(
    new URL("../../../specs/discord/message_embed_schemas.subset.json", import.meta.url),
    "utf8",
  ),
) as object;
// The spec uses OpenAPI formats (int32, snowflake, nonce) that are descriptive only.
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(schema, "discord");
const validateMessage = ajv.getSchema("discord#/$defs/MessageCreateRequest")!;
const validateCallbackData = ajv.getSchema("discord#/$defs/IncomingWebhookInteractionRequest")!;
const validateWebhook = ajv.getSchema("discord#/$defs/IncomingWebhookRequestPartial")!;

type Embed = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
};

/** Discord's rule the schema cannot express: all embeds of one message hold ≤ 6000 characters. */
export function embedCharacters(embeds: readonly Embed[]): number {
  let total = 0;
  for (const e of embeds) {
    total += (e.title ?? "").length + (e.description ?? "").length;
    total += (e.footer?.text ?? "").length + (e.author?.name ?? "").length;
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  return total;
}

/** Problems with a message body, for `expect(...).toEqual([])`. */
export function messageProblems(body: unknown, kind: "channel" | "callback" | "webhook"): string[] {
  const validate =
    kind === "channel"
      ? validateMessage
      : kind === "callback"
        ? validateCallbackData
        : validateWebhook;
  const problems: string[] = [];
  if (!validate(body)) {
    problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  }
  const message = body as { embeds?: Embed[]; allowed_mentions?: { parse?: unknown } };
  if (!Array.isArray(message.embeds) || message.embeds.length === 0) problems.push("no embeds");
  else if (embedCharacters(message.embeds) > 6000) problems.push("embeds over 6000 characters");
  if (JSON.stringify(message.allowed_mentions?.parse) !== "[]") {
    problems.push("allowed_mentions.parse is not []");
  }
  return problems;
}
