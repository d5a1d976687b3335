// The answer to a name the brief does not know: not an error, a pointer to the nearest names.
import { actorNames, placeNames, resolveName, sourceNames } from "../store/names.ts";
import type { Place } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import { actorLabel, distinctPlaceNames, formatFooter, sourceLabel } from "./format.ts";
import type { Answer } from "./model.ts";

// en-GB: no serial comma ("Aleppo, Idlib or Saraqib").
const OR = new Intl.ListFormat("en-GB", { type: "disjunction" });

export function notFoundAnswer(
  what: "place" | "source" | "place or actor",
  query: string,
  suggestions: readonly string[],
  footer: string,
): Answer {
  const hint =
    suggestions.length > 0
      ? `Did you mean ${OR.format(suggestions)}?`
      : `No ${what} in this brief has a name or alias like that.`;
  return {
    kind: "not-found",
    title: `No ${what} called “${query.trim()}”`,
    sections: [],
    notes: [hint],
    footer,
  };
}

/** A place name the brief does not know, with the nearest places' names. */
export function placeNotFoundAnswer(
  brief: Brief,
  query: string,
  suggestions: readonly Place[],
  clock: { readonly at: number; readonly now: number },
): Answer {
  return notFoundAnswer(
    "place",
    query,
    distinctPlaceNames(suggestions),
    formatFooter(brief, clock.at, clock.now),
  );
}

/** How many suggestions of each kind (places, actors, sources) a name that resolves to nothing gets. */
const SUGGESTIONS_PER_KIND = 3;

/**
 * A name that is no place and no actor of the brief: the nearest places, actors and sources, each
 * named as what it is ("Saraqib (place), HTS (actor), SOHR (source)").
 */
export function nameNotFoundAnswer(
  brief: Brief,
  query: string,
  clock: { readonly at: number; readonly now: number },
  what: "place" | "place or actor" = "place or actor",
): Answer {
  const places = resolveName(placeNames(brief), query, SUGGESTIONS_PER_KIND).suggestions;
  const actors = resolveName(actorNames(brief), query, SUGGESTIONS_PER_KIND).suggestions;
  const sources = resolveName(sourceNames(brief), query, SUGGESTIONS_PER_KIND).suggestions;
  const suggestions = [
    ...places.map((m) => `${m.item.name} (${m.item.kind})`),
    ...actors.map((m) => `${actorLabel(m.item, m.item.id)} (actor)`),
    ...sources.map((m) => `${sourceLabel(m.item, m.item.id)} (source)`),
  ];
  return notFoundAnswer(what, query, suggestions, formatFooter(brief, clock.at, clock.now));
}
