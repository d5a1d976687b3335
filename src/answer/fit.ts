// Fitting an answer's text into a platform's limits, shared by the renderers: rich text escaped,
// styled and cut with an ellipsis; a fact laid out as one line with who says so; lines packed
// whole into chunks (blocks, fields) until the room runs out; and the "… and N more" lines that
// count what was left out, so nothing is ever dropped silently.
//
// Cuts fall between grapheme clusters of the source text and escaping maps one character at a
// time, so a cut never splits an escape sequence, a surrogate pair or an emoji sequence. Whole
// facts are dropped before any fact is cut; a fact is cut only when it alone is over its cap.
import { type Markup, normalizeText } from "./escape.ts";
import type { Answer, Attribution, Fact, Rich, Span, Style } from "./model.ts";

export const ELLIPSIS = "…";
const UNTITLED = "Untitled";

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const counts = new Intl.NumberFormat("en-US");

interface StyledText {
  text: string;
  style: Style | undefined;
}

/** Normalized spans, unstyled ones given `defaultStyle`, neighbours of one style merged. */
function toSpans(rich: Rich, defaultStyle: Style | undefined): StyledText[] {
  const spans: readonly Span[] = typeof rich === "string" ? [{ text: rich }] : rich;
  const out: StyledText[] = [];
  for (const span of spans) {
    const text = normalizeText(span.text);
    if (text === "") continue;
    const style = span.style ?? defaultStyle;
    const last = out.at(-1);
    if (last !== undefined && last.style === style) last.text += text;
    else out.push({ text, style });
  }
  return out;
}

/** True when rich text holds nothing to show. */
export function isEmpty(rich: Rich): boolean {
  // Text starting with a printable ASCII character is never emptied by normalizing: most notes.
  const first = typeof rich === "string" ? rich.charCodeAt(0) : Number.NaN;
  if (first >= 0x20 && first <= 0x7e) return false;
  return toSpans(rich, undefined).length === 0;
}

/**
 * The escaped form of the longest run of whole graphemes from the start of `text` that fits in
 * `max`. Escaping maps one character at a time, so the escaped length of a prefix grows with it:
 * a binary search finds the longest prefix that fits, then the cut moves back to the start of
 * the grapheme it falls in (segmenting only there: walking every grapheme of a long text is slow).
 */
export function cutEscaped(
  text: string,
  escapeText: (text: string) => string,
  max: number,
): string {
  let fits = 0;
  let over = Math.min(text.length, Math.max(0, max)) + 1;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (escapeText(text.slice(0, mid)).length <= max) fits = mid;
    else over = mid;
  }
  const grapheme = fits < text.length ? graphemes.segment(text).containing(fits) : undefined;
  return escapeText(text.slice(0, grapheme?.index ?? fits));
}

/**
 * Untrusted text for a form (a modal's label, an option, an initial value), which platforms show
 * as typed: on one line, without control characters, cut to `max` with an ellipsis.
 */
export function fitFormText(text: string, max: number): string {
  return fitEscaped(normalizeText(text), (t) => t, max);
}

/** `text` escaped, or when that is longer than `max`, cut to fit with an ellipsis. */
export function fitEscaped(
  text: string,
  escapeText: (text: string) => string,
  max: number,
): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  if (max < ELLIPSIS.length) return "";
  return cutEscaped(text, escapeText, max - ELLIPSIS.length) + ELLIPSIS;
}

/**
 * Plain text (a manifest field, an autocomplete choice) cut to `max` with an ellipsis, between
 * whole graphemes: never inside a surrogate pair or an emoji sequence.
 */
export function fitPlain(text: string, max: number): string {
  return fitEscaped(text, (t) => t, max);
}

// Marks go inside any whitespace at the ends: neither Slack nor Discord reads `* x*` as bold.
function mark(escaped: string, style: Style | undefined, markup: Markup): string {
  if (style === undefined) return escaped;
  const core = escaped.trim();
  if (core === "") return escaped;
  const lead = escaped.slice(0, escaped.length - escaped.trimStart().length);
  const trail = escaped.slice(escaped.trimEnd().length);
  const [open, close] = markup.marks(style);
  return `${lead}${open}${core}${close}${trail}`;
}

/**
 * Rich text escaped and styled for a platform, at most `max` long: cut at the end with an
 * ellipsis after the last whole grapheme that fits, its style marks closed.
 */
export function formatRich(
  rich: Rich,
  markup: Markup,
  max = Number.POSITIVE_INFINITY,
  defaultStyle?: Style,
): string {
  const spans = toSpans(rich, defaultStyle);
  const parts = spans.map((span) => mark(markup.escape(span.text, span.style), span.style, markup));
  const full = parts.join("");
  if (full.length <= max) return full;
  const budget = max - ELLIPSIS.length;
  if (budget < 0) return "";
  let out = "";
  for (const [i, span] of spans.entries()) {
    const part = parts[i]!;
    if (out.length + part.length <= budget) {
      out += part;
      continue;
    }
    const [open, close] = span.style === undefined ? ["", ""] : markup.marks(span.style);
    const room = budget - out.length - open.length - close.length;
    if (room > 0) {
      const cut = cutEscaped(span.text, (text) => markup.escape(text, span.style), room);
      out += mark(cut, span.style, markup);
    }
    break;
  }
  return out + ELLIPSIS;
}

/** The answer's title as one line of plain text; never empty. */
export function titleOf(answer: Answer): string {
  return normalizeText(answer.title).trim() || UNTITLED;
}

/** Who says so, as the renderers show it: "SOHR (B2), via AFP, 29 Nov 2024, 2 days ago [stale]". */
export function attributionSpans(attributions: readonly Attribution[]): Span[] {
  const spans: Span[] = [];
  for (const [i, a] of attributions.entries()) {
    if (i > 0) spans.push({ text: "; " });
    const via = a.via === undefined ? "" : `, via ${a.via}`;
    spans.push({
      text: `${a.source} (${a.grade}${a.credibility ?? ""})${via}, ${a.when}, ${a.age}`,
      style: "italic",
    });
    if (a.stale === true) spans.push({ text: " [stale]", style: "bold" });
  }
  return spans;
}

/** How a platform lays out one fact. */
export interface FactLayout {
  /** Before the fact's text: "• ". */
  readonly bullet: string;
  /** Between the text and who says so: " — ". */
  readonly attributionLead: string;
  /** Before the quieter detail line, starting with its line break. */
  readonly detailLead: string;
}

/**
 * One fact as a line (and a detail line), at most `max` long. Over-long, who-says-so and detail
 * each keep up to a quarter and the text takes the rest, so the attribution always shows.
 */
export function formatFact(
  fact: Fact,
  markup: Markup,
  layout: FactLayout,
  max = Number.POSITIVE_INFINITY,
): string {
  const attribution =
    fact.attribution !== undefined && fact.attribution.length > 0
      ? attributionSpans(fact.attribution)
      : undefined;
  const hasDetail = fact.detail !== undefined && !isEmpty(fact.detail);
  const fixed =
    layout.bullet.length +
    (attribution === undefined ? 0 : layout.attributionLead.length) +
    (hasDetail ? layout.detailLead.length : 0);
  const room = max - fixed;
  // Most facts fit whole: each part is then formatted once.
  const wholeWho = attribution === undefined ? "" : formatRich(attribution, markup);
  const wholeText = formatRich(fact.text, markup);
  const wholeDetail = hasDetail ? formatRich(fact.detail!, markup) : undefined;
  if (wholeWho.length + wholeText.length + (wholeDetail?.length ?? 0) <= room) {
    return factLine(
      layout,
      wholeText,
      attribution === undefined ? undefined : wholeWho,
      wholeDetail,
    );
  }
  const quarter = Math.floor(room / 4);
  const who = wholeWho.length <= quarter ? wholeWho : formatRich(attribution!, markup, quarter);
  const detailShare =
    wholeDetail === undefined || wholeDetail.length <= quarter
      ? (wholeDetail?.length ?? 0)
      : formatRich(fact.detail!, markup, quarter).length;
  const text = formatRich(fact.text, markup, room - who.length - detailShare);
  const detail = hasDetail
    ? formatRich(fact.detail!, markup, room - who.length - text.length)
    : undefined;
  return factLine(layout, text, attribution === undefined ? undefined : who, detail);
}

/** A fact's parts on its line: who says so only for a fact with attributions, the detail below. */
function factLine(
  layout: FactLayout,
  text: string,
  who: string | undefined,
  detail: string | undefined,
): string {
  let line = layout.bullet + text;
  if (who !== undefined) line += layout.attributionLead + who;
  if (detail !== undefined) line += layout.detailLead + detail;
  return line;
}

/** "… and 12 more": facts left out. */
export function moreFactsText(n: number): string {
  return `${ELLIPSIS} and ${counts.format(n)} more`;
}

/** "… and 2 more notes". */
export function moreNotesText(n: number): string {
  return `${ELLIPSIS} and ${counts.format(n)} more note${n === 1 ? "" : "s"}`;
}

/** "… and 340 more in 12 more sections": whole sections left out, with their facts. */
export function moreSectionsText(facts: number, sections: number): string {
  const rest = `${counts.format(sections)} more section${sections === 1 ? "" : "s"}`;
  return facts > 0
    ? `${ELLIPSIS} and ${counts.format(facts)} more in ${rest}`
    : `${ELLIPSIS} and ${rest}`;
}

/** What is left for the chunks (blocks, fields) of the sections still to come. */
export interface Room {
  /** Most characters in one chunk. */
  readonly chunkMax: number;
  /** Chunks left. */
  readonly chunks: number;
  /** Characters left over all chunks. */
  readonly chars: number;
  /** Characters every chunk after a section's first costs besides its text (a field's name). */
  readonly chunkCost?: number;
}

export interface Packed {
  readonly chunks: string[];
  /** How many of the lines are in the chunks (not counting the head). */
  readonly shown: number;
  /** Characters used, chunk costs included. */
  readonly used: number;
}

/**
 * A head line, then as many items' lines as fit whole and in order (each item worded by `lineOf`
 * only when reached), joined by line breaks into chunks of at most `chunkMax`. No chunks at all
 * when the head does not fit.
 */
export function packLines<T>(
  head: string | undefined,
  items: readonly T[],
  lineOf: (item: T) => string,
  room: Room,
): Packed {
  const chunks: string[] = [];
  let used = 0;
  const add = (line: string): boolean => {
    const last = chunks.at(-1);
    if (
      last !== undefined &&
      last.length + 1 + line.length <= room.chunkMax &&
      used + 1 + line.length <= room.chars
    ) {
      chunks[chunks.length - 1] = `${last}\n${line}`;
      used += 1 + line.length;
      return true;
    }
    const cost = chunks.length === 0 ? 0 : (room.chunkCost ?? 0);
    if (
      chunks.length < room.chunks &&
      line.length <= room.chunkMax &&
      used + cost + line.length <= room.chars
    ) {
      chunks.push(line);
      used += cost + line.length;
      return true;
    }
    return false;
  };
  if (head !== undefined && !add(head)) return { chunks: [], shown: 0, used: 0 };
  let shown = 0;
  for (const item of items) {
    if (!add(lineOf(item))) break;
    shown += 1;
  }
  return { chunks, shown, used };
}

export interface SectionFit {
  readonly chunks: string[];
  /** Facts left out, `more` included. */
  readonly hidden: number;
  readonly used: number;
}

export interface SectionInput {
  readonly head?: string;
  readonly facts: readonly Fact[];
  /** Facts the command already left out. */
  readonly more: number;
  /** A fact as a line of at most `max` characters. */
  readonly renderFact: (fact: Fact, max: number) => string;
  /** The "… and N more" line as the platform shows it. */
  readonly renderMore: (n: number) => string;
  readonly room: Room;
}

/**
 * A section packed into chunks: its head, the facts that fit, and a line counting the rest.
 * Undefined when the room cannot hold its head and its first fact: the caller then leaves out
 * this section and every later one, and counts them.
 */
export function fitSection(input: SectionInput): SectionFit | undefined {
  const { head, facts, more, room } = input;
  const reserve = input.renderMore(facts.length + more).length + 1;
  const chunkMax = room.chunkMax - reserve;
  // Not a generator: measured, the lines a suspended generator had made outlived two young
  // collections and were copied to the old generation, 800 KB per collection, and each young
  // collection took 2.5 ms instead of 0.5.
  const packed = packLines(head, facts, (fact) => input.renderFact(fact, chunkMax), {
    chunkMax,
    chunks: room.chunks,
    chars: room.chars - reserve,
    ...(room.chunkCost === undefined ? {} : { chunkCost: room.chunkCost }),
  });
  if (head !== undefined && packed.chunks.length === 0) return undefined;
  // A heading over nothing but "… and N more" says no more than the line counting whole sections.
  if (facts.length > 0 && packed.shown === 0) return undefined;
  const chunks = packed.chunks;
  let used = packed.used;
  const hidden = facts.length - packed.shown + more;
  if (hidden > 0) {
    const line = input.renderMore(hidden);
    const last = chunks.at(-1);
    if (last !== undefined) {
      chunks[chunks.length - 1] = `${last}\n${line}`;
      used += 1 + line.length;
    } else {
      if (room.chunks < 1 || line.length > room.chars || line.length > room.chunkMax) {
        return undefined;
      }
      chunks.push(line);
      used += line.length;
    }
  }
  return { chunks, hidden, used };
}

export interface ListRoom {
  /** Most characters for one item. */
  readonly itemMax: number;
  /** Most items, the "… and N more" item included. */
  readonly items: number;
  /** Characters over all items, `itemCost` included. */
  readonly chars: number;
  /** Characters each item costs besides its text (a separator). */
  readonly itemCost?: number;
  /**
   * Whether an item renders to a line (`render` gives more than ""), told without rendering it:
   * once the list is known not to fit, the items past the room are only counted, so a list of
   * thousands costs what the shown ones do. Without it every item is rendered.
   */
  readonly shows?: (item: Rich) => boolean;
  /** Items already left out before `items` (counted, never rendered): always in the "… and N more". */
  readonly more?: number;
}

/**
 * Notes an answer carries at most; past them a command counts the rest in `moreNotes`. No
 * platform shows more than a few dozen, and a region's tens of thousands would otherwise be
 * copied into every answer and walked by every renderer.
 */
export const NOTES_KEPT = 200;

/**
 * Facts an answer with several sections carries at most, over all of them: Slack shows about
 * 12,000 characters of blocks (80 to 100 one-line facts), Discord about 40 facts. A busy brief's
 * sections hold hundreds each, and words given to facts no platform shows are wasted.
 */
export const FACTS_KEPT = 80;
/** Facts one section carries at most, however few the others have. */
export const FACTS_EACH_KEPT = 50;

/**
 * How many of each section's facts an answer carries (`totals`: how many each has), at most
 * FACTS_KEPT in all: every section gets an equal share, and what a section does not need goes
 * to the others, so a quiet day keeps every fact and a busy one shows every section.
 */
export function shareFacts(totals: readonly number[], budget = FACTS_KEPT): number[] {
  const shares = totals.map(() => 0);
  // Smallest first; of equal ones the last first, so a share's remainder goes to earlier sections.
  const order = totals.map((_, i) => i).sort((a, b) => totals[a]! - totals[b]! || b - a);
  let left = budget;
  for (const [k, i] of order.entries()) {
    const share = Math.min(totals[i]!, FACTS_EACH_KEPT, Math.floor(left / (order.length - k)));
    shares[i] = share;
    left -= share;
  }
  return shares;
}

/**
 * As many items as fit whole and in order, each cut to `itemMax`, then one item counting the
 * rest; the room for that last one is kept free all along.
 */
export function fitList(
  items: readonly Rich[],
  render: (item: Rich, max: number) => string,
  renderMore: (n: number) => string,
  room: ListRoom,
): string[] {
  const cost = room.itemCost ?? 0;
  const lines: string[] = [];
  let total = 0;
  let next = 0;
  // Rendered until the list is sure not to fit: every line that can be shown is among these.
  while (next < items.length && lines.length <= room.items && total <= room.chars) {
    const line = render(items[next++]!, room.itemMax);
    if (line === "") continue;
    lines.push(line);
    total += line.length + cost;
  }
  const more = room.more ?? 0;
  if (next === items.length && more === 0 && lines.length <= room.items && total <= room.chars)
    return lines;
  let count = lines.length + more;
  for (; next < items.length; next++) {
    const item = items[next]!;
    if (room.shows === undefined ? render(item, room.itemMax) !== "" : room.shows(item)) count++;
  }
  const reserve = renderMore(count).length + cost;
  const shown: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const last = i === count - 1;
    const needItems = shown.length + 1 + (last ? 0 : 1);
    const needChars = used + line.length + cost + (last ? 0 : reserve);
    if (needItems > room.items || needChars > room.chars) {
      shown.push(renderMore(count - i));
      return shown;
    }
    shown.push(line);
    used += line.length + cost;
  }
  // Every line fitted, and items left out before the list (`more`) are still to be counted.
  if (count > lines.length) shown.push(renderMore(count - lines.length));
  return shown;
}
