// Slash-command requests as Slack sends them: a form body and v0 signature headers.
import { signSlackRequest } from "../src/platforms/slack/verify.ts";

export function slashCommandBody(command: string, text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: "bench",
    team_id: "TBENCH",
    team_domain: "bench",
    channel_id: "CBENCH",
    channel_name: "bench",
    user_id: "UBENCH",
    user_name: "bench",
    command,
    text,
    api_app_id: "ABENCH",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: "1.2.3",
  }).toString();
}

export function signedHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signSlackRequest(secret, timestamp, body),
  };
}
