// Names typed by people to the places, actors and sources of a brief: the best match and its namesakes,
// or the nearest names when nothing matches. An exact id always wins, so that "ask for it by id"
// reaches a place whose name it shares with another.
import { actorNames, placeNames, resolveName, sourceNames } from "./names.ts";
import type { Actor, Place, Source } from "./schema.ts";
import type { Brief } from "./types.ts";

export type Lookup<T> =
  | { readonly found: true; readonly item: T; readonly others: readonly T[] }
  | { readonly found: false; readonly suggestions: readonly T[] };

function lookup<T extends { readonly id: string }>(
  byId: ReadonlyMap<string, T>,
  resolve: () => { matches: readonly { item: T }[]; suggestions: readonly { item: T }[] },
  query: string,
): Lookup<T> {
  const direct = byId.get(query.trim().toLowerCase());
  const { matches, suggestions } = resolve();
  const items = matches.map((m) => m.item);
  const item = direct ?? items[0];
  if (item === undefined) return { found: false, suggestions: suggestions.map((s) => s.item) };
  return { found: true, item, others: items.filter((other) => other !== item) };
}

export function findPlace(brief: Brief, query: string): Lookup<Place> {
  return lookup(brief.places, () => resolveName(placeNames(brief), query), query);
}

export function findSource(brief: Brief, query: string): Lookup<Source> {
  return lookup(brief.sources, () => resolveName(sourceNames(brief), query), query);
}

export function findActor(brief: Brief, query: string): Lookup<Actor> {
  return lookup(brief.actors, () => resolveName(actorNames(brief), query), query);
}
