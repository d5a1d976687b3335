// The HTTP side of Slack: Bolt's HTTPReceiver serving POST /slack/events plus our own routes, with
// every events request checked in front of Bolt (signature, and a timestamp window in both
// directions on the injected clock). A request that fails the check gets 401 and never reaches
// Bolt, so no listener runs for it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Logger as BoltLogger, type CustomRoute, HTTPReceiver } from "@slack/bolt";
import type { Logger } from "../../log.ts";
import type { ReplayGuard } from "../../schedule/replays.ts";
import { BodyTooLarge, type HttpRoute, readBody, refuseTooLarge } from "../http.ts";
import { verifySlackSignature } from "./verify.ts";

export const SLACK_EVENTS_PATH = "/slack/events";
/** The install flow's pages (many workspaces): the Add to Slack page and Slack's redirect back. */
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

/** Slash-command and interaction payloads are a few kilobytes; anything far bigger is not Slack. */
const BODY_LIMIT_BYTES = 512 * 1024;

export interface SlackReceiverOptions {
  readonly signingSecret: string;
  readonly now: () => number;
  readonly logger: Logger;
  readonly boltLogger: BoltLogger;
  readonly routes: readonly HttpRoute[];
  /** Refuses a trigger_id or event_id already handled (a replayed request). */
  readonly replays?: ReplayGuard;
}

/** What names a Slack request once: a command's or an action's trigger_id, an event's event_id. */
export function slackRequestId(req: IncomingMessage, body: Buffer): string | undefined {
  const text = body.toString("utf8");
  try {
    if ((header(req, "content-type") ?? "").startsWith("application/json")) {
      const event = JSON.parse(text) as { event_id?: unknown };
      return typeof event.event_id === "string" ? event.event_id : undefined;
    }
    const form = new URLSearchParams(text);
    const trigger = form.get("trigger_id");
    if (trigger !== null && trigger !== "") return trigger;
    const payload = form.get("payload");
    if (payload === null) return undefined;
    const parsed = JSON.parse(payload) as { trigger_id?: unknown };
    return typeof parsed.trigger_id === "string" ? parsed.trigger_id : undefined;
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

function end(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

function toCustomRoute(route: HttpRoute, logger: Logger): CustomRoute {
  return {
    path: route.path,
    method: route.method,
    handler: (req, res) => {
      Promise.resolve(route.handler(req, res)).catch((err: unknown) => {
        logger.error({ err, path: route.path }, "route failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error");
      });
    },
  };
}

/** Slack's SSL check is not signed; it gets its 200 here and nothing else happens. */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  if (header(req, "content-type") !== "application/x-www-form-urlencoded") return false;
  return new URLSearchParams(body.toString("utf8")).get("ssl_check") === "1";
}

export function createSlackReceiver(options: SlackReceiverOptions): HTTPReceiver {
  const { logger } = options;
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    // Checked in front (below), on the injected clock and in both directions of the window.
    signatureVerification: false,
    customRoutes: options.routes.map((route) => toCustomRoute(route, logger)),
    logger: options.boltLogger,
  });
  const boltListener = receiver.requestListener;

  /** Refused requests are logged with the reason only: no header value, no body. */
  function refuse(res: ServerResponse, status: number, reason: string): void {
    logger.warn({ status, reason }, "refused a Slack request");
    if (status === 413) refuseTooLarge(res);
    else end(res, status);
  }

  async function guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const signed = {
      signingSecret: options.signingSecret,
      timestamp: header(req, "x-slack-request-timestamp"),
      signature: header(req, "x-slack-signature"),
      now: options.now(),
    };
    // Headers that already fail (malformed, stale, future) are refused before the body is read.
    // Missing ones are not yet: Slack's unsigned SSL check has none.
    const early = verifySlackSignature({ ...signed, body: "" });
    if (!early.ok && early.reason !== "mismatch" && early.reason !== "missing") {
      return refuse(res, 401, `signature ${early.reason}`);
    }
    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return refuse(res, 413, error.message);
      throw error;
    }
    const check = verifySlackSignature({ ...signed, body });
    if (!check.ok) {
      if (isSslCheck(req, body)) {
        end(res, 200);
        return;
      }
      return refuse(res, 401, `signature ${check.reason}`);
    }
    const id = options.replays === undefined ? undefined : slackRequestId(req, body);
    if (id !== undefined && !(await options.replays!.firstSeen(`slack:${id}`, options.now()))) {
      // 200 and nothing else: Slack's own redelivery of an event needs no error either.
      logger.warn({ reason: "replay", id }, "refused a Slack request already handled");
      end(res, 200);
      return;
    }
    // Bolt reuses an already-read body (its BufferedIncomingMessage) instead of reading again.
    Object.assign(req, { rawBody: body });
    boltListener(req, res);
  }

  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    // Everything else keeps Bolt's routing, including its synchronous throw for unknown paths
    // that the server turns into a 404.
    if (req.method !== "POST" || path !== SLACK_EVENTS_PATH) return boltListener(req, res);
    guard(req, res).catch((err: unknown) => {
      logger.error({ err }, "Slack request failed");
      if (!res.headersSent) end(res, 500);
      else res.end();
    });
  };
  return receiver;
}
