// Escaping of untrusted text (most of it comes from briefs) for each platform, and the marks each
// platform uses for styles. Text is escaped first and styled after, so nothing a brief says can
// ping anyone, open a link or change formatting.
//
// Every escape here maps one character at a time, so escaping a string equals escaping its
// pieces: a cut between two graphemes of the source text is never a cut inside an escape.
//
// Slack mrkdwn has no backslash escapes. `&`, `<` and `>` become entities (so `<!channel>`,
// `<@U123>` and `<http://x|y>` show as typed), and the formatting characters become look-alikes
// that Slack does not parse: `*` U+2217 ∗, `_` U+02CD ˍ, `~` U+223C ∼, `` ` `` U+02CB ˋ. A zero-width
// space after `@` keeps a bare `@channel` from pinging where link_names is on.
//
// Discord markdown takes a backslash before any ASCII punctuation, so every character that can
// start markup (`\ * _ ~ ` | > # - [ ] ( ) <`) gets one: masked links, headings, quotes, lists,
// spoilers and `<@id>` mentions all show as typed. A zero-width space after `@` defuses
// `@everyone` and `@here`; payloads also send allowed_mentions.parse = [].
import type { Style } from "./model.ts";

/** How one platform escapes text and marks styles. */
export interface Markup {
  /** Escapes normalized text for a span of this style (undefined: unstyled). */
  readonly escape: (text: string, style?: Style) => string;
  /** The marks around a styled span. */
  readonly marks: (style: Style) => readonly [open: string, close: string];
}

const ZWSP = "\u200b";

// Line breaks become spaces (every untrusted string is shown on one line, so it can never start a
// line of its own: no quote, heading or list); other control characters (terminal escapes among
// them, NUL) and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-
// U+2069: a U+202E in a name would turn the rest of the line around) go; lone surrogates, which no
// platform accepts in JSON, become U+FFFD.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]|([\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069])|([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/g;

/** Untrusted text made safe to place anywhere on one line. */
export function normalizeText(text: string): string {
  return text.replace(UNSAFE, (_match, control?: string, lone?: string) =>
    control !== undefined ? "" : lone !== undefined ? "\ufffd" : " ",
  );
}

const SLACK_MRKDWN: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "*": "\u2217",
  _: "\u02cd",
  "~": "\u223c",
  "`": "\u02cb",
  "@": `@${ZWSP}`,
};
const SLACK_MRKDWN_CHARS = /[&<>*_~`@]/g;
// Inside `code` Slack leaves * _ ~ alone but still reads entities.
const SLACK_CODE_CHARS = /[&<>`@]/g;

/** Text for Slack mrkdwn (section and context text, and the `text` fallback). */
export function escapeSlackMrkdwn(text: string, style?: Style): string {
  const chars = style === "code" ? SLACK_CODE_CHARS : SLACK_MRKDWN_CHARS;
  return text.replace(chars, (c) => SLACK_MRKDWN[c] ?? c);
}

/**
 * Escaped mrkdwn that begins a line: Slack reads `&gt;` there as a quote, so a zero-width space
 * goes first. Adds at most one character.
 */
export function guardSlackLineStart(mrkdwn: string): string {
  return mrkdwn.startsWith("&gt;") ? ZWSP + mrkdwn : mrkdwn;
}

/** Text for Slack plain_text objects (the header): Slack shows it as typed, entities and all. */
export function escapeSlackPlainText(text: string): string {
  return text;
}

const DISCORD_MARKDOWN_CHARS = /[\\*_~`|>#\-[\]()<@]/g;
// Discord shows code spans as typed, backslashes included: only the backtick and `@` need care.
const DISCORD_CODE_CHARS = /[`@]/g;

function escapeDiscordChar(c: string): string {
  if (c === "@") return `@${ZWSP}`;
  if (c === "`") return "\u02cb";
  return `\\${c}`;
}

/** Text for Discord markdown (embed title, description, field names and values). */
export function escapeDiscordMarkdown(text: string, style?: Style): string {
  return text.replace(
    style === "code" ? DISCORD_CODE_CHARS : DISCORD_MARKDOWN_CHARS,
    escapeDiscordChar,
  );
}

/** Text for Discord fields without markdown (embed footer, author name). */
export function escapeDiscordPlain(text: string): string {
  return text.replaceAll("@", `@${ZWSP}`);
}

const NO_MARKS = ["", ""] as const;

export const plainMarkup: Markup = {
  escape: (text) => text,
  marks: () => NO_MARKS,
};

const SLACK_MARKS: Readonly<Record<Style, readonly [string, string]>> = {
  bold: ["*", "*"],
  italic: ["_", "_"],
  code: ["`", "`"],
};

export const slackMarkup: Markup = {
  escape: escapeSlackMrkdwn,
  marks: (style) => SLACK_MARKS[style],
};

const DISCORD_MARKS: Readonly<Record<Style, readonly [string, string]>> = {
  bold: ["**", "**"],
  italic: ["*", "*"],
  code: ["`", "`"],
};

export const discordMarkup: Markup = {
  escape: escapeDiscordMarkdown,
  marks: (style) => DISCORD_MARKS[style],
};
