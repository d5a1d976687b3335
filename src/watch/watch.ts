// What a watch is: a channel following a place, an actor or a source of one brief, for one kind
// of change (control, disputed, toll, any), with an optional toll threshold and the one mention
// an admin set. Reading `/watch` text and checking mention ids live here, for chat and CLI alike.
import { actorLabelOf, sourceLabelOf } from "../answer/format.ts";
import { actorNames, resolveName } from "../store/names.ts";
import { findPlace, findSource } from "../store/query-place.ts";
import type { Brief } from "../store/types.ts";

export const WATCH_TARGETS = ["place", "actor", "source"] as const;
export type WatchTargetKind = (typeof WATCH_TARGETS)[number];

export const WATCH_TRIGGERS = ["control", "disputed", "toll", "any"] as const;
export type WatchTrigger = (typeof WATCH_TRIGGERS)[number];

export const MENTION_KINDS = ["role", "user", "group"] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** Who an alert pings: a Discord role or user, a Slack user group or user. Nothing else, ever. */
export interface Mention {
  readonly kind: MentionKind;
  readonly id: string;
}

export interface WatchTarget {
  readonly kind: WatchTargetKind;
  readonly id: string;
}

export type WatchPlatform = "slack" | "discord" | "console";

export interface Watch {
  readonly id: number;
  readonly platform: WatchPlatform;
  /** Slack team id or Discord guild id ("console" in console mode). */
  readonly workspace: string;
  readonly channel: string;
  readonly brief: string;
  readonly target: WatchTarget;
  readonly on: WatchTrigger;
  /** For `toll`: only a rise of at least this much over the same source's previous figure. */
  readonly min?: number;
  readonly mention?: Mention;
  /** pictures:on: a control or disputed alert carries the control map. */
  readonly pictures?: boolean;
  readonly createdAt: number;
  readonly createdBy: string;
}

export type WatchInput = Omit<Watch, "id" | "createdAt">;

/** A source's watch follows everything it says; a place's or an actor's, who holds what. */
export function defaultTrigger(kind: WatchTargetKind): WatchTrigger {
  return kind === "source" ? "any" : "control";
}

/**
 * A mention as typed or as the platform sends it: Slack `<!subteam^S123|name>`, `<@U123>`,
 * `S123`, `U123`; Discord `<@&123>`, `<@123>`, or a bare snowflake with the kind given.
 * Undefined when it is not exactly one id of a kind the platform has.
 */
export function parseMention(
  platform: WatchPlatform,
  text: string,
  kind?: MentionKind,
): Mention | undefined {
  const value = text.trim();
  if (platform === "slack") {
    const group = /^(?:<!subteam\^)?(S[A-Z0-9]{2,20})(?:\|[^>]*)?>?$/.exec(value);
    if (group !== null && kind !== "user" && kind !== "role")
      return { kind: "group", id: group[1]! };
    const user = /^(?:<@)?([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>?$/.exec(value);
    if (user !== null && kind !== "group" && kind !== "role") return { kind: "user", id: user[1]! };
    return undefined;
  }
  if (platform === "discord") {
    const role = /^<@&(\d{17,20})>$/.exec(value);
    if (role !== null && kind !== "user") return { kind: "role", id: role[1]! };
    const user = /^<@!?(\d{17,20})>$/.exec(value);
    if (user !== null && kind !== "role") return { kind: "user", id: user[1]! };
    if (/^\d{17,20}$/.test(value) && (kind === "role" || kind === "user"))
      return { kind, id: value };
    return undefined;
  }
  return undefined;
}

export type TargetLookup =
  | { readonly ok: true; readonly target: WatchTarget; readonly name: string }
  | { readonly ok: false; readonly error: string };

function actorLookup(brief: Brief, query: string): { id: string; name: string } | undefined {
  const direct = brief.actors.get(query.trim().toLowerCase());
  const match = direct ?? resolveName(actorNames(brief), query).matches[0]?.item;
  return match === undefined ? undefined : { id: match.id, name: actorLabelOf(brief, match.id) };
}

/** A name typed by a person as a place, an actor or a source of the brief (in that order). */
export function resolveTarget(brief: Brief, query: string, kind?: WatchTargetKind): TargetLookup {
  // An exact id wins (Discord's autocomplete sends ids), so a name cannot shadow it.
  const id = query.trim().toLowerCase();
  if ((kind === undefined || kind === "place") && brief.places.has(id)) {
    return {
      ok: true,
      target: { kind: "place", id },
      name: targetName(brief, { kind: "place", id }),
    };
  }
  if ((kind === undefined || kind === "actor") && brief.actors.has(id)) {
    return {
      ok: true,
      target: { kind: "actor", id },
      name: targetName(brief, { kind: "actor", id }),
    };
  }
  if ((kind === undefined || kind === "source") && brief.sources.has(id)) {
    return {
      ok: true,
      target: { kind: "source", id },
      name: targetName(brief, { kind: "source", id }),
    };
  }
  if (kind === undefined || kind === "place") {
    const place = findPlace(brief, query);
    if (place.found) {
      return { ok: true, target: { kind: "place", id: place.item.id }, name: place.item.name };
    }
  }
  if (kind === undefined || kind === "actor") {
    const actor = actorLookup(brief, query);
    if (actor !== undefined)
      return { ok: true, target: { kind: "actor", id: actor.id }, name: actor.name };
  }
  if (kind === undefined || kind === "source") {
    const source = findSource(brief, query);
    if (source.found) {
      const name = sourceLabelOf(brief, source.item.id);
      return { ok: true, target: { kind: "source", id: source.item.id }, name };
    }
  }
  const what = kind ?? "place, actor or source";
  return { ok: false, error: `No ${what} called "${query}" in ${brief.meta.title}.` };
}

/** The name a watch's target goes by in the brief now (its id when it is gone). */
export function targetName(brief: Brief | undefined, target: WatchTarget): string {
  if (brief === undefined) return target.id;
  switch (target.kind) {
    case "place":
      return brief.places.get(target.id)?.name ?? target.id;
    case "actor":
      return actorLabelOf(brief, target.id);
    case "source":
      return sourceLabelOf(brief, target.id);
  }
}

export interface WatchRequest {
  readonly query: string;
  readonly targetKind?: WatchTargetKind;
  readonly on?: WatchTrigger;
  readonly min?: number;
  readonly mention?: string;
  readonly brief?: string;
  readonly pictures?: boolean;
}

/**
 * Reads `/watch` text: `<name> [on:control|disputed|toll|any] [min:N] [mention:X] [brief:ID]`;
 * the words without `key:` are the name (quotes allowed). A string is the usage error.
 */
export function parseWatchText(text: string): WatchRequest | string {
  const words = text.match(/"[^"]*"|\S+/g) ?? [];
  const name: string[] = [];
  const request: { -readonly [K in keyof WatchRequest]?: WatchRequest[K] } = {};
  for (const word of words) {
    const option = /^([a-z]+):(.+)$/i.exec(word);
    const key = option?.[1]?.toLowerCase();
    const value = option?.[2] ?? "";
    if (key === "on") {
      const on = WATCH_TRIGGERS.find((t) => t === value.toLowerCase());
      if (on === undefined) return `on: takes ${WATCH_TRIGGERS.join(", ")}.`;
      request.on = on;
    } else if (key === "min") {
      if (!/^\d{1,9}$/.test(value)) return "min: takes a whole number (min:50).";
      request.min = Number(value);
    } else if (key === "mention") request.mention = value;
    else if (key === "brief") request.brief = value;
    else if (key === "place" || key === "actor" || key === "source") {
      request.targetKind = key;
      name.push(value);
    } else name.push(word);
  }
  const query = name.join(" ").replaceAll('"', "").trim();
  if (query === "") return "Say what to watch: a place, an actor or a source.";
  if (request.min !== undefined && request.on !== undefined && request.on !== "toll") {
    return "min: only applies to on:toll.";
  }
  return { ...request, query };
}
