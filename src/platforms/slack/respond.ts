// A slash command's reply as the message Slack takes on the response_url, and posting it there.
// Used by the Slack listener on the main thread and by the answer pool's worker threads, which
// render and post a reply themselves so the main thread only acknowledges (no Bolt here: a worker
// has no Bolt app, and a response_url needs no token).
import {
  renderSlack,
  type SlackMessage,
  type SlackPictureMode,
} from "../../answer/render-slack.ts";
import { failureReply, type Reply } from "../../core/request.ts";
import type { Logger } from "../../log.ts";

export interface SlackResponse extends SlackMessage {
  readonly response_type: "in_channel" | "ephemeral";
}

/** Slack answers a response_url post quickly; one that hangs is not worth holding on to. */
const POST_TIMEOUT_MS = 10_000;

/**
 * The message for a reply: for the channel when the core says so, else ephemeral. A reply that
 * cannot be rendered becomes an error id (logged), privately.
 */
export function slackResponse(
  reply: Reply,
  mode: SlackPictureMode,
  logger: Logger,
  fields: Readonly<Record<string, unknown>>,
): SlackResponse {
  try {
    const rendered = renderSlack(reply.answer, mode);
    const share = reply.visibility === "channel";
    return { ...rendered, response_type: share ? "in_channel" : "ephemeral" };
  } catch (cause) {
    const failed = failureReply(logger, cause, fields, "rendering failed");
    return { ...renderSlack(failed.answer), response_type: "ephemeral" };
  }
}

/** Posts the message to the response_url; throws when Slack does not take it. */
export async function postSlackResponse(url: string, response: SlackResponse): Promise<void> {
  const reply = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(response),
    signal: AbortSignal.timeout(POST_TIMEOUT_MS),
  });
  // Read to the end so the connection goes back to the pool.
  await reply.arrayBuffer();
  if (!reply.ok) throw new Error(`the response_url refused the answer: HTTP ${reply.status}`);
}
