// The Discord renderer: an Answer as one or more embeds. The first embed holds the title and a
// description (the verdict in bold, then the notes as quotes); every section becomes fields (its
// title as the name, facts as bullet lines in the value, continued in further fields when long);
// the last embed holds the footer. Every limit in DISCORD_LIMITS holds for any answer, the
// 6000-character total over all embeds included; what does not fit is counted in "… and N more"
// lines. Every payload says allowed_mentions.parse = [], so nothing in it can ping anyone.
// An answer's picture is shown in the last embed as `attachment://<file>`: the platform code
// sends the PNG with the message under that name (the `attachments` entry gives its alt text).
import { discordMarkup, escapeDiscordPlain, normalizeText } from "./escape.ts";
import {
  type FactLayout,
  fitEscaped,
  fitList,
  fitSection,
  formatFact,
  formatRich,
  isEmpty,
  moreFactsText,
  moreNotesText,
  moreSectionsText,
  titleOf,
} from "./fit.ts";
import { DISCORD_LIMITS } from "./limits.ts";
import type { Answer } from "./model.ts";

export interface DiscordEmbedField {
  readonly name: string;
  readonly value: string;
}

export interface DiscordEmbed {
  readonly title?: string;
  readonly description?: string;
  readonly color: number;
  readonly fields?: DiscordEmbedField[];
  readonly footer?: { readonly text: string };
  readonly image?: { readonly url: string };
}

/** A file sent with the message, by its index among the files ("0" for `files[0]`). */
export interface DiscordAttachment {
  readonly id: string;
  readonly filename: string;
  readonly description: string;
}

export interface DiscordMessage {
  readonly embeds: DiscordEmbed[];
  readonly allowed_mentions: { readonly parse: [] };
  readonly attachments?: DiscordAttachment[];
}

/** Discord's limit on an attachment's description (its alt text). */
const ATTACHMENT_DESCRIPTION_MAX = 1024;

export const DISCORD_COLOURS = {
  answer: 0x5865f2,
  disputed: 0xf0b232,
  "not-found": 0x99aab5,
  usage: 0x99aab5,
  error: 0xed4245,
} as const;

// Our own shares of the 6000 characters, so that sections always keep most of them.
const BUDGET = {
  verdict: 1000,
  note: 500,
  notes: 1500,
  footer: 300,
} as const;

const FACT_LAYOUT: FactLayout = {
  bullet: "• ",
  attributionLead: " — ",
  detailLead: "\n\u2003\u2003↳ ",
};

/** Names a field without a heading of its own (Discord refuses an empty name). */
const BLANK = "\u200b";
/** The value of a section that has a heading and nothing else. */
const NOTHING = "—";

function italic(text: string): string {
  return formatRich(text, discordMarkup, Number.POSITIVE_INFINITY, "italic");
}

/** The embed colour: by kind, and amber for a control verdict that is disputed (from its data). */
export function colourOf(answer: Answer): number {
  if (answer.kind !== "answer") return DISCORD_COLOURS[answer.kind];
  return answer.control?.kind === "disputed" ? DISCORD_COLOURS.disputed : DISCORD_COLOURS.answer;
}

/** Characters Discord counts towards its 6000 over all embeds of a message. */
export function embedsTextLength(embeds: readonly DiscordEmbed[]): number {
  let total = 0;
  for (const embed of embeds) {
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
    total += embed.footer?.text.length ?? 0;
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  return total;
}

function describe(answer: Answer): string {
  const parts: string[] = [];
  if (answer.verdict !== undefined && !isEmpty(answer.verdict)) {
    parts.push(formatRich(answer.verdict, discordMarkup, BUDGET.verdict, "bold"));
  }
  const quote = "> ";
  const notes = fitList(
    answer.notes ?? [],
    (note, max) => quote + formatRich(note, discordMarkup, max - quote.length),
    (n) => quote + italic(moreNotesText(n)),
    // Every note is a line: the quote mark, at least.
    {
      itemMax: BUDGET.note,
      items: Number.POSITIVE_INFINITY,
      chars: BUDGET.notes,
      itemCost: 1,
      shows: () => true,
      ...(answer.moreNotes === undefined ? {} : { more: answer.moreNotes }),
    },
  );
  if (notes.length > 0) parts.push(notes.join("\n"));
  return parts.join("\n\n");
}

/** Fields in embeds of at most 25; the title and description open the first, the footer closes the last. */
function toEmbeds(
  answer: Answer,
  head: { title: string; description: string; footer: string },
  fields: DiscordEmbedField[],
): DiscordEmbed[] {
  const color = colourOf(answer);
  const groups: DiscordEmbedField[][] = [];
  for (let i = 0; i < fields.length; i += DISCORD_LIMITS.fieldsPerEmbed) {
    groups.push(fields.slice(i, i + DISCORD_LIMITS.fieldsPerEmbed));
  }
  if (groups.length === 0) groups.push([]);
  return groups.map((group, i) => ({
    ...(i === 0 ? { title: head.title } : {}),
    ...(i === 0 && head.description !== "" ? { description: head.description } : {}),
    color,
    ...(group.length > 0 ? { fields: group } : {}),
    ...(i === groups.length - 1 && head.footer !== "" ? { footer: { text: head.footer } } : {}),
  }));
}

export function renderDiscord(answer: Answer): DiscordMessage {
  const title = formatRich(titleOf(answer), discordMarkup, DISCORD_LIMITS.embedTitle);
  const description = describe(answer);
  const footer =
    answer.footer === undefined
      ? ""
      : fitEscaped(normalizeText(answer.footer).trim(), escapeDiscordPlain, BUDGET.footer);

  const totalFacts = answer.sections.reduce((n, s) => n + s.facts.length + (s.more ?? 0), 0);
  const overflowReserve =
    BLANK.length + italic(moreSectionsText(totalFacts, answer.sections.length)).length;
  // One field stays free for the line counting sections left out.
  let fieldsLeft = DISCORD_LIMITS.fieldsPerEmbed * DISCORD_LIMITS.embedsPerMessage - 1;
  let charsLeft =
    DISCORD_LIMITS.embedsTotalText -
    title.length -
    description.length -
    footer.length -
    overflowReserve;
  const fields: DiscordEmbedField[] = [];
  let droppedSections = 0;
  let droppedFacts = 0;
  for (const [i, section] of answer.sections.entries()) {
    const more = section.more ?? 0;
    const heading =
      section.title === undefined
        ? ""
        : formatRich(section.title, discordMarkup, DISCORD_LIMITS.fieldName);
    if (heading === "" && section.facts.length === 0 && more === 0) continue;
    const name = heading === "" ? BLANK : heading;
    const fitted =
      fieldsLeft < 1 || charsLeft - name.length < NOTHING.length
        ? undefined
        : fitSection({
            facts: section.facts,
            more,
            renderFact: (fact, max) => formatFact(fact, discordMarkup, FACT_LAYOUT, max),
            renderMore: (n) => italic(moreFactsText(n)),
            room: {
              chunkMax: DISCORD_LIMITS.fieldValue,
              chunks: fieldsLeft,
              chars: charsLeft - name.length,
              chunkCost: BLANK.length,
            },
          });
    if (fitted === undefined) {
      const rest = answer.sections.slice(i);
      droppedSections = rest.length;
      droppedFacts = rest.reduce((n, s) => n + s.facts.length + (s.more ?? 0), 0);
      break;
    }
    const values = fitted.chunks.length > 0 ? fitted.chunks : [NOTHING];
    for (const [j, value] of values.entries()) fields.push({ name: j === 0 ? name : BLANK, value });
    fieldsLeft -= values.length;
    charsLeft -= name.length + (fitted.chunks.length > 0 ? fitted.used : NOTHING.length);
  }
  if (droppedSections > 0) {
    fields.push({ name: BLANK, value: italic(moreSectionsText(droppedFacts, droppedSections)) });
  }
  const embeds = toEmbeds(answer, { title, description, footer }, fields);
  const picture = answer.pictures?.[0];
  if (picture === undefined) return { embeds, allowed_mentions: { parse: [] } };
  const last = embeds.length - 1;
  embeds[last] = Object.assign({}, embeds[last]!, {
    image: { url: `attachment://${picture.name}` },
  });
  return {
    embeds,
    allowed_mentions: { parse: [] },
    attachments: [
      {
        id: "0",
        filename: picture.name,
        description: fitEscaped(picture.alt, (t) => t, ATTACHMENT_DESCRIPTION_MAX),
      },
    ],
  };
}
