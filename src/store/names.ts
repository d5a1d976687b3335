// Name resolution for places, actors and sources: what a user types in chat ("Saraqeb", "osdh",
// "حلب") to the items it names, near misses when nothing matches, and autocomplete. One index per
// brief and kind, built lazily and cached; lookups are map hits and binary searches, and only the
// fallbacks for text inside a name and near misses scan the names.
import { distance } from "fastest-levenshtein";
import { gazetteerNames } from "./gazetteer.ts";
import { normalizeName, skeletonOf, stripArticle } from "./normalize.ts";
import type { Actor, Place, PlaceKind, Source } from "./schema.ts";
import type { Brief } from "./types.ts";

export { normalizeName } from "./normalize.ts";

export interface Named {
  readonly id: string;
  readonly name: string;
  readonly aliases?: readonly string[];
}

export interface NameMatch<T> {
  readonly item: T;
  /** The name, alias or id that matched, as written in the brief. */
  readonly matched: string;
  readonly score: number;
}

export interface Resolution<T> {
  /** Items one of whose names equals the query once normalised, best first (several: "Aleppo" the city and the governorate). */
  readonly matches: readonly NameMatch<T>[];
  /** Near misses, best first, at most `limit` (default 5), only when there is no exact match. */
  readonly suggestions: readonly NameMatch<T>[];
}

/** One spelling of one item, with the keys it is looked up by. */
export interface NameEntry<T> {
  readonly item: T;
  readonly text: string;
  readonly key: string;
  /** `key` without a leading article. */
  readonly bare: string;
  readonly skeleton: string;
  /** 1 for a primary name, less for an id or alias: an alias match ranks below a name match. */
  readonly weight: number;
  /** Position of the item in rank order (0 = best): the tie-break after score. */
  readonly order: number;
}

/** A string to prefix-search, pointing at the spelling it came from. */
export interface Probe<T> {
  readonly text: string;
  readonly entry: NameEntry<T>;
  /** Score of a prefix hit before the entry's weight. */
  readonly tier: number;
}

export interface NameIndex<T extends Named> {
  /** Items best-ranked first: what an empty completion lists. */
  readonly ranked: readonly T[];
  readonly entries: readonly NameEntry<T>[];
  /** Normalised key -> the spellings with that key. */
  readonly byKey: ReadonlyMap<string, readonly NameEntry<T>[]>;
  /** Key without its article -> the spellings with that bare key. */
  readonly byBare: ReadonlyMap<string, readonly NameEntry<T>[]>;
  /** Keys, bare keys and word suffixes of keys, sorted for prefix search. */
  readonly probes: readonly Probe<T>[];
  /** Three-letter piece of a key -> positions of the entries whose keys hold it, ascending. */
  readonly trigrams: ReadonlyMap<string, readonly number[]>;
  readonly keyShapes: Shapes;
  readonly skeletonShapes: Shapes;
}

/**
 * The entries' keys (or skeletons) by length, with letter masks (one bit per letter, code mod
 * 32) and letter-pair masks: the fuzzy scan reads only the lengths within reach of the query and
 * rules most of those out from the masks alone, since each letter missing on one side costs an
 * edit, and each edit removes at most two pairs.
 */
export interface Shapes {
  /** Entry positions, shortest text first. */
  readonly byLength: Uint32Array;
  /** `byLength` from position `from[n]` on holds the texts of length n or more. */
  readonly from: Uint32Array;
  /** Letter mask per entry position. */
  readonly masks: Int32Array;
  /** Letter-pair masks per entry position, two words each (pairMasksOf). */
  readonly pairs: Int32Array;
}

/** A spelling of an item and how much a match on it counts. */
export interface Spelling {
  readonly text: string;
  readonly weight: number;
}

const WEIGHT = { name: 1, id: 0.95, alias: 0.9 } as const;
/** An exact match once a leading article is ignored ("Bab" for al-Bab). */
const ARTICLE_TIER = 0.8;
const PREFIX_TIER = 0.7;
const BARE_PREFIX_TIER = 0.6;
const WORD_PREFIX_TIER = 0.5;
const CONTAINS_TIER = 0.4;
/** Fuzzy scores are this times the similarity, so they rank below every other kind of hit. */
const FUZZY_TIER = 0.35;
/** A variant spelling (Sarakeb for Saraqib) counts a little less than the same distance literally. */
const SKELETON_DISCOUNT = 0.05;
const MIN_SIMILARITY = 0.6;
const MIN_FUZZY_LENGTH = 3;
const MIN_CONTAINS_LENGTH = 3;
/** Suggestions need two letters before a prefix means anything; autocomplete starts at one. */
const MIN_SUGGESTION_PREFIX = 2;

function spellingsOf(item: Named): Spelling[] {
  return [
    { text: item.name, weight: WEIGHT.name },
    { text: item.id, weight: WEIGHT.id },
    ...(item.aliases ?? []).map((text) => ({ text, weight: WEIGHT.alias })),
  ];
}

function maskOf(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

/**
 * One bit of 64 (two 32-bit words, at `into[at]` and `into[at + 1]`) per pair of neighbouring
 * characters, hashed. An edit takes at most two pairs out of a text, so two texts within k edits
 * each lack at most 2k of the other's bits: a test as safe as the letter masks', and sharper,
 * since two names share far fewer pairs than letters.
 */
function pairMasksOf(text: string, into: Int32Array, at: number): void {
  let low = 0;
  let high = 0;
  for (let i = 1; i < text.length; i++) {
    const pair = Math.imul(text.charCodeAt(i - 1), 0x9e3779b1) ^ text.charCodeAt(i);
    const bit = Math.imul(pair, 0x85ebca6b) >>> 26;
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  into[at] = low;
  into[at + 1] = high;
}

function countBits(mask: number): number {
  let n = mask - ((mask >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Shapes by counting sort: `from` is the running count of shorter texts. */
function shapesOf(texts: readonly string[]): Shapes {
  const longest = texts.reduce((max, text) => Math.max(max, text.length), 0);
  const from = new Uint32Array(longest + 2);
  for (const text of texts) from[text.length + 1]!++;
  for (let length = 1; length < from.length; length++) from[length]! += from[length - 1]!;
  const next = from.slice();
  const byLength = new Uint32Array(texts.length);
  texts.forEach((text, position) => {
    byLength[next[text.length]!++] = position;
  });
  const pairs = new Int32Array(texts.length * 2);
  for (let position = 0; position < texts.length; position++) {
    pairMasksOf(texts[position]!, pairs, position * 2);
  }
  return { byLength, from, masks: Int32Array.from(texts, maskOf), pairs };
}

function byText<T>(a: Probe<T>, b: Probe<T>): number {
  return a.text < b.text ? -1 : a.text > b.text ? 1 : a.entry.order - b.entry.order;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * An index over items' spellings, `spell` saying which strings name an item and how much each
 * counts. `buildNameIndex` uses name, id and aliases; actors add their short name.
 */
export function buildSpellingIndex<T extends Named>(
  items: Iterable<T>,
  spell: (item: T) => readonly Spelling[],
  rank: (item: T) => number = () => 0,
): NameIndex<T> {
  const ranks = new Map<T, number>();
  for (const item of items) ranks.set(item, rank(item));
  const ranked = [...ranks.keys()].sort(
    (a, b) =>
      ranks.get(b)! - ranks.get(a)! ||
      collator.compare(a.name, b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const entries: NameEntry<T>[] = [];
  const byKey = new Map<string, NameEntry<T>[]>();
  const byBare = new Map<string, NameEntry<T>[]>();
  const probes: Probe<T>[] = [];
  ranked.forEach((item, order) => {
    const seen = new Set<string>();
    // Best weight first, so a key shared by name and alias is kept as the name.
    const spellings = [...spell(item)].sort((a, b) => b.weight - a.weight);
    for (const { text, weight } of spellings) {
      const key = normalizeName(text);
      if (key === "" || seen.has(key)) continue;
      seen.add(key);
      const bare = stripArticle(key);
      const skeleton = skeletonOf(key);
      const entry: NameEntry<T> = {
        item,
        text,
        key,
        bare,
        skeleton,
        weight,
        order,
      };
      entries.push(entry);
      pushTo(byKey, key, entry);
      pushTo(byBare, bare, entry);
      probes.push({ text: key, entry, tier: PREFIX_TIER });
      if (bare !== key) probes.push({ text: bare, entry, tier: BARE_PREFIX_TIER });
      for (let at = key.indexOf(" "); at !== -1; at = key.indexOf(" ", at + 1)) {
        probes.push({ text: key.slice(at + 1), entry, tier: WORD_PREFIX_TIER });
      }
    }
  });
  probes.sort(byText);
  const keys = entries.map((entry) => entry.key);
  const trigrams = new Map<string, number[]>();
  keys.forEach((key, position) => {
    for (let at = 0; at + 3 <= key.length; at++) {
      const list = trigrams.get(key.slice(at, at + 3));
      // A key holding one trigram twice is listed once.
      if (list?.[list.length - 1] !== position) pushTo(trigrams, key.slice(at, at + 3), position);
    }
  });
  return {
    ranked,
    entries,
    byKey,
    byBare,
    probes,
    trigrams,
    keyShapes: shapesOf(keys),
    skeletonShapes: shapesOf(entries.map((entry) => entry.skeleton)),
  };
}

/** An index over items' names, ids and aliases; `rank` (higher first) breaks ties in score. */
export function buildNameIndex<T extends Named>(
  items: Iterable<T>,
  rank?: (item: T) => number,
): NameIndex<T> {
  return buildSpellingIndex(items, spellingsOf, rank);
}

/**
 * Best hit per item so far, in arrays indexed by the item's rank order rather than a map: a
 * one-letter autocomplete can touch thousands of items.
 */
class Hits<T> {
  readonly #scores: Float64Array;
  readonly #entries: (NameEntry<T> | undefined)[];
  readonly #touched: number[] = [];

  constructor(itemCount: number) {
    this.#scores = new Float64Array(itemCount);
    this.#entries = new Array(itemCount);
  }

  get size(): number {
    return this.#touched.length;
  }

  has(entry: NameEntry<T>): boolean {
    return this.#entries[entry.order] !== undefined;
  }

  add(entry: NameEntry<T>, score: number): void {
    const { order } = entry;
    if (this.#entries[order] === undefined) this.#touched.push(order);
    else if (score <= this.#scores[order]!) return;
    this.#entries[order] = entry;
    this.#scores[order] = score;
  }

  /** The best `limit`, by score and then rank order. */
  sorted(limit = Number.POSITIVE_INFINITY): NameMatch<T>[] {
    const scores = this.#scores;
    // Ascending rank order, so among equal scores the first kept is the better-ranked one.
    const orders = Int32Array.from(this.#touched).sort();
    const best: number[] = [];
    for (const order of orders) {
      const score = scores[order]!;
      if (best.length >= limit && score <= scores[best[best.length - 1]!]!) continue;
      let at = best.length;
      while (at > 0 && scores[best[at - 1]!]! < score) at--;
      best.splice(at, 0, order);
      if (best.length > limit) best.pop();
    }
    return best.map((order) => {
      const entry = this.#entries[order]!;
      return { item: entry.item, matched: entry.text, score: scores[order]! };
    });
  }
}

function addExact<T extends Named>(index: NameIndex<T>, key: string, hits: Hits<T>): void {
  const exact = index.byKey.get(key) ?? [];
  for (const entry of exact) hits.add(entry, entry.weight);
  // A leading article is optional ("Bab" finds al-Bab too, "el-Bab" finds al-Bab), but a query
  // that spells out an article and hits a name exactly meant that article.
  const bare = stripArticle(key);
  if (exact.length > 0 && bare !== key) return;
  for (const entry of index.byBare.get(bare) ?? []) {
    if (entry.key !== key) hits.add(entry, ARTICLE_TIER * entry.weight);
  }
}

function firstAtOrAfter<T>(probes: readonly Probe<T>[], text: string): number {
  let low = 0;
  let high = probes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (probes[mid]!.text < text) low = mid + 1;
    else high = mid;
  }
  return low;
}

function addPrefixes<T extends Named>(index: NameIndex<T>, key: string, hits: Hits<T>): void {
  const { probes } = index;
  for (let i = firstAtOrAfter(probes, key); i < probes.length; i++) {
    const probe = probes[i]!;
    if (!probe.text.startsWith(key)) break;
    hits.add(probe.entry, probe.tier * probe.entry.weight);
  }
}

/** Entries whose keys hold `key` (three letters or more): the rarest of its trigrams, checked. */
function addContaining<T extends Named>(index: NameIndex<T>, key: string, hits: Hits<T>): void {
  let candidates: readonly number[] | undefined;
  for (let at = 0; at + 3 <= key.length; at++) {
    const list = index.trigrams.get(key.slice(at, at + 3));
    if (list === undefined) return;
    if (candidates === undefined || list.length < candidates.length) candidates = list;
  }
  for (const position of candidates ?? []) {
    const entry = index.entries[position]!;
    if (!hits.has(entry) && entry.key.includes(key)) hits.add(entry, CONTAINS_TIER * entry.weight);
  }
}

function maxDistance(length: number): number {
  return length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

function allowedEdits(longest: number): number {
  return Math.min(maxDistance(longest), Math.floor(longest * (1 - MIN_SIMILARITY)));
}

/** Similarity in [0, 1] of two keys, or 0 when they are further apart than allowed. */
function similarity(query: string, key: string): number {
  const longest = Math.max(query.length, key.length);
  const edits = distance(query, key);
  return edits > allowedEdits(longest) ? 0 : 1 - edits / longest;
}

/** Hits for the texts (keys or skeletons, per `textOf`) within the allowed edits of `query`. */
function scanNear<T extends Named>(
  index: NameIndex<T>,
  shapes: Shapes,
  query: string,
  textOf: (entry: NameEntry<T>) => string,
  discount: number,
  hits: Hits<T>,
): void {
  const { byLength, from, masks, pairs } = shapes;
  const mask = maskOf(query);
  const queryPairs = new Int32Array(2);
  pairMasksOf(query, queryPairs, 0);
  const low = queryPairs[0]!;
  const high = queryPairs[1]!;
  const lowest = Math.max(query.length - maxDistance(query.length), 0);
  const highest = Math.min(query.length + maxDistance(query.length + 3), from.length - 2);
  for (let length = lowest; length <= highest; length++) {
    const allowed = allowedEdits(Math.max(query.length, length));
    if (Math.abs(query.length - length) > allowed) continue;
    for (let i = from[length]!; i < from[length + 1]!; i++) {
      const position = byLength[i]!;
      const other = masks[position]!;
      // The masks alone rule out most texts before their entries are even read.
      if (countBits(mask & ~other) > allowed || countBits(other & ~mask) > allowed) continue;
      const otherLow = pairs[position * 2]!;
      const otherHigh = pairs[position * 2 + 1]!;
      if (
        countBits(low & ~otherLow) + countBits(high & ~otherHigh) > 2 * allowed ||
        countBits(otherLow & ~low) + countBits(otherHigh & ~high) > 2 * allowed
      )
        continue;
      const entry = index.entries[position]!;
      const score = similarity(query, textOf(entry)) - discount;
      if (score >= MIN_SIMILARITY) hits.add(entry, FUZZY_TIER * score * entry.weight);
    }
  }
}

function addFuzzy<T extends Named>(index: NameIndex<T>, key: string, hits: Hits<T>): void {
  scanNear(index, index.keyShapes, key, (entry) => entry.key, 0, hits);
  const skeleton = skeletonOf(key);
  scanNear(index, index.skeletonShapes, skeleton, (e) => e.skeleton, SKELETON_DISCOUNT, hits);
}

/**
 * The stages after exact matches, each run only while there are fewer than `limit` items.
 * Suggestions leave out text in the middle of a word ("ham" in al-Sham): too far off to offer
 * as "did you mean", though fine while typing.
 */
function addNearMisses<T extends Named>(
  index: NameIndex<T>,
  key: string,
  hits: Hits<T>,
  limit: number,
  forCompletion: boolean,
): void {
  if (key.length >= (forCompletion ? 1 : MIN_SUGGESTION_PREFIX)) addPrefixes(index, key, hits);
  if (forCompletion && hits.size < limit && key.length >= MIN_CONTAINS_LENGTH) {
    addContaining(index, key, hits);
  }
  if (hits.size < limit && key.length >= MIN_FUZZY_LENGTH) addFuzzy(index, key, hits);
}

/**
 * The one item that has `key` as a whole word (or whole words) of one of its spellings: "Hama"
 * for "Hama Governorate", "Tahrir" for "Hay'at Tahrir al-Sham". Undefined when no item or more
 * than one does: a word shared by several names names none of them.
 */
function wholeWordMatch<T extends Named>(
  index: NameIndex<T>,
  key: string,
): NameMatch<T> | undefined {
  const { probes } = index;
  let found: NameEntry<T> | undefined;
  for (let i = firstAtOrAfter(probes, key); i < probes.length; i++) {
    const probe = probes[i]!;
    if (!probe.text.startsWith(key)) break;
    const next = probe.text.charAt(key.length);
    if (next !== "" && next !== " ") continue;
    if (found !== undefined && found.item !== probe.entry.item) return undefined;
    if (found === undefined || probe.entry.weight > found.weight) found = probe.entry;
  }
  if (found === undefined) return undefined;
  return { item: found.item, matched: found.text, score: WORD_PREFIX_TIER * found.weight };
}

/** What `query` names: exact matches (ignoring spelling noise and a leading article), else suggestions. */
export function resolveName<T extends Named>(
  index: NameIndex<T>,
  query: string,
  limit = 5,
): Resolution<T> {
  const key = normalizeName(query);
  if (key === "") return { matches: [], suggestions: [] };
  const exact = new Hits<T>(index.ranked.length);
  addExact(index, key, exact);
  if (exact.size > 0) return { matches: exact.sorted(), suggestions: [] };
  const word = wholeWordMatch(index, key);
  if (word !== undefined) return { matches: [word], suggestions: [] };
  const near = new Hits<T>(index.ranked.length);
  addNearMisses(index, key, near, limit, false);
  return { matches: [], suggestions: near.sorted(limit) };
}

/** For autocomplete: up to `limit` (default 25) items whose names start with / contain / nearly match the query, best first; an empty query lists the top-ranked items. */
export function completeName<T extends Named>(
  index: NameIndex<T>,
  query: string,
  limit = 25,
): readonly NameMatch<T>[] {
  const key = normalizeName(query);
  if (key === "") {
    return index.ranked.slice(0, limit).map((item) => ({ item, matched: item.name, score: 0 }));
  }
  const hits = new Hits<T>(index.ranked.length);
  addExact(index, key, hits);
  addNearMisses(index, key, hits, limit, true);
  return hits.sorted(limit);
}

// Settlements first, so "Aleppo" is the city before the governorate of the same name.
const PLACE_KIND_RANK: Record<PlaceKind, number> = {
  city: 9,
  town: 8,
  governorate: 7,
  country: 6,
  region: 5,
  district: 4,
  village: 3,
  neighbourhood: 2,
  site: 1,
};
/** Kind dominates; claim counts order places of one kind. */
const KIND_STEP = 1_000_000;

/** How many claims name each actor (as the actor of a toll or control, or among event actors or statement subjects). */
function countActorClaims(brief: Brief): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const claim of brief.claims) {
    switch (claim.type) {
      case "toll":
        if (claim.actor !== undefined) bump(claim.actor);
        break;
      case "control":
        bump(claim.actor);
        break;
      case "event":
        for (const id of claim.actors ?? []) bump(id);
        break;
      case "statement":
        for (const id of claim.about ?? []) if (brief.actors.has(id)) bump(id);
        break;
    }
  }
  return counts;
}

const placeCache = new WeakMap<Brief, NameIndex<Place>>();
const actorCache = new WeakMap<Brief, NameIndex<Actor>>();
const sourceCache = new WeakMap<Brief, NameIndex<Source>>();

function cached<T extends Named>(
  cache: WeakMap<Brief, NameIndex<T>>,
  brief: Brief,
  build: () => NameIndex<T>,
): NameIndex<T> {
  let index = cache.get(brief);
  if (index === undefined) {
    index = build();
    cache.set(brief, index);
  }
  return index;
}

/** A gazetteer name counts a little less than the brief's own aliases. */
const GAZETTEER_WEIGHT = 0.85;

/**
 * The brief's places: cities before towns before governorates, then by claim count. A place with
 * a `pcode` also answers to the names the bundled gazetteer gives that P-code.
 */
export function placeNames(brief: Brief): NameIndex<Place> {
  return cached(placeCache, brief, () =>
    buildSpellingIndex(
      brief.places.values(),
      (place) => [
        ...spellingsOf(place),
        ...(place.pcode === undefined ? [] : gazetteerNames(place.pcode)).map((text) => ({
          text,
          weight: GAZETTEER_WEIGHT,
        })),
      ],
      (place) =>
        PLACE_KIND_RANK[place.kind] * KIND_STEP + (brief.claimsByPlace.get(place.id)?.length ?? 0),
    ),
  );
}

/** The brief's actors by name, short name ("HTS"), id and aliases; most-claimed first. */
export function actorNames(brief: Brief): NameIndex<Actor> {
  return cached(actorCache, brief, () => {
    const counts = countActorClaims(brief);
    return buildSpellingIndex(
      brief.actors.values(),
      (actor) => [
        ...spellingsOf(actor),
        ...(actor.short === undefined ? [] : [{ text: actor.short, weight: WEIGHT.name }]),
      ],
      (actor) => counts.get(actor.id) ?? 0,
    );
  });
}

/** The brief's sources by name, id and aliases ("OSDH"); most-claiming first. */
export function sourceNames(brief: Brief): NameIndex<Source> {
  return cached(sourceCache, brief, () =>
    buildNameIndex(
      brief.sources.values(),
      (source) => brief.claimsBySource.get(source.id)?.length ?? 0,
    ),
  );
}
