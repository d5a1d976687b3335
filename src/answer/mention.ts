// The one mention sitrep ever sends: the role, user or user group an admin set on a watch, put in
// front of an alert. Brief text stays escaped as in every answer (it can ping nobody); only this
// tag is raw markup, and only for an id of exactly the expected shape. On Discord the message
// also says, in allowed_mentions, that this one id and nothing else may be pinged.

import { SLACK_LIMITS } from "./limits.ts";
import type { Answer } from "./model.ts";
import { type DiscordMessage, renderDiscord } from "./render-discord.ts";
import { renderSlack, type SlackMessage } from "./render-slack.ts";

export interface MentionTarget {
  readonly kind: "role" | "user" | "group";
  readonly id: string;
}

const SLACK_GROUP = /^S[A-Z0-9]{2,20}$/;
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;
const SNOWFLAKE = /^\d{17,20}$/;

/** `<!subteam^S123>` or `<@U123>`; undefined for anything else. */
export function slackMentionTag(mention: MentionTarget): string | undefined {
  if (mention.kind === "group" && SLACK_GROUP.test(mention.id)) return `<!subteam^${mention.id}>`;
  if (mention.kind === "user" && SLACK_USER.test(mention.id)) return `<@${mention.id}>`;
  return undefined;
}

/** `<@&123>` or `<@123>`; undefined for anything else. */
export function discordMentionTag(mention: MentionTarget): string | undefined {
  if (!SNOWFLAKE.test(mention.id)) return undefined;
  if (mention.kind === "role") return `<@&${mention.id}>`;
  if (mention.kind === "user") return `<@${mention.id}>`;
  return undefined;
}

/** A Slack alert: the answer's blocks with the mention leading its verdict line and fallback. */
export function renderSlackAlert(answer: Answer, mention?: MentionTarget): SlackMessage {
  const message = renderSlack(answer);
  const tag = mention === undefined ? undefined : slackMentionTag(mention);
  if (tag === undefined) return message;
  const blocks = [...message.blocks];
  const verdict = blocks[1];
  if (verdict?.type === "section") {
    // The verdict is kept well under a section's 3000 characters, so the tag always fits.
    blocks[1] = { ...verdict, text: { ...verdict.text, text: `${tag} ${verdict.text.text}` } };
  } else if (blocks.length < SLACK_LIMITS.blocksPerMessage) {
    blocks.splice(1, 0, { type: "section", text: { type: "mrkdwn", text: tag, verbatim: true } });
  }
  const text = `${tag} ${message.text}`.slice(0, SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

export interface DiscordAlertMessage extends Omit<DiscordMessage, "allowed_mentions"> {
  readonly content?: string;
  readonly allowed_mentions: {
    readonly parse: [];
    readonly roles?: readonly string[];
    readonly users?: readonly string[];
  };
}

/** A Discord alert: the answer's embeds, and the mention as the message content. */
export function renderDiscordAlert(answer: Answer, mention?: MentionTarget): DiscordAlertMessage {
  const message = renderDiscord(answer);
  const tag = mention === undefined ? undefined : discordMentionTag(mention);
  if (tag === undefined || mention === undefined) return message;
  const allowed =
    mention.kind === "role"
      ? { parse: [] as [], roles: [mention.id] }
      : { parse: [] as [], users: [mention.id] };
  return { ...message, content: tag, allowed_mentions: allowed };
}
