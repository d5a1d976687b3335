// The HTTP side of Slack: Bolt's HTTPReceiver serving POST /slack/events plus our own routes, with
// every events request checked in front of Bolt (signature, and a timestamp window in both
// directions on the injected clock). A request that fails the check gets 401 and never reaches
// Bolt, so no listener runs for it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Logger as BoltLogger, type CustomRoute, HTTPReceiver } from "@slack/bolt";
import type { Logger } from "../../log.ts";
import { type HttpRoute, readBody } from "../http.ts";
import { verifySlackSignature } from "./verify.ts";

export const SLACK_EVENTS_PATH = "/slack/events";

/** Slash-command and interaction payloads are a few kilobytes; anything far bigger is not Slack. */
const BODY_LIMIT_BYTES = 512 * 1024;

export interface SlackReceiverOptions {
  readonly signingSecret: string;
  readonly now: () => number;
  readonly logger: Logger;
  readonly boltLogger: BoltLogger;
  readonly routes: readonly HttpRoute[];
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

  async function guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT_BYTES);
    } catch {
      end(res, 413);
      return;
    }
    const check = verifySlackSignature({
      signingSecret: options.signingSecret,
      timestamp: header(req, "x-slack-request-timestamp"),
      signature: header(req, "x-slack-signature"),
      body,
      now: options.now(),
    });
    if (!check.ok) {
      if (isSslCheck(req, body)) {
        end(res, 200);
        return;
      }
      logger.warn({ reason: check.reason }, "refused a Slack request that is not signed right");
      end(res, 401);
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
