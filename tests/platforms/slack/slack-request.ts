// Slash-command requests as Slack sends them: form-encoded, signed with the signing secret.
import { signSlackRequest } from "../../../src/platforms/slack/verify.ts";

export interface SlashFields {
  readonly command: string;
  readonly text?: string;
  readonly team?: string;
  readonly user?: string;
  readonly channel?: string;
  readonly responseUrl: string;
  /** Distinct per request where replays are refused. */
  readonly triggerId?: string;
}

export function slashBody(fields: SlashFields): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: fields.team ?? "T1",
    team_domain: "test",
    channel_id: fields.channel ?? "C1",
    channel_name: "general",
    user_id: fields.user ?? "U1",
    user_name: "analyst",
    command: fields.command,
    text: fields.text ?? "",
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? "1.2.3",
  }).toString();
}

export interface Signing {
  readonly secret: string;
  /** Epoch seconds put in x-slack-request-timestamp. */
  readonly timestamp: number;
  /** Replaces the computed signature; null leaves the header out. */
  readonly signature?: string | null;
}

export async function postSigned(
  url: string,
  body: string,
  signing: Signing,
  contentType = "application/x-www-form-urlencoded",
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(signing.timestamp),
  };
  const signature =
    signing.signature === undefined
      ? signSlackRequest(signing.secret, signing.timestamp, body)
      : signing.signature;
  if (signature !== null) headers["x-slack-signature"] = signature;
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}
