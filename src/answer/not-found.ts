// The answer to a name the brief does not know: not an error, a pointer to the nearest names.
import type { Place } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import { distinctPlaceNames, formatFooter } from "./format.ts";
import type { Answer } from "./model.ts";

// en-GB: no serial comma ("Aleppo, Idlib or Saraqib").
const OR = new Intl.ListFormat("en-GB", { type: "disjunction" });

export function notFoundAnswer(
  what: "place" | "source",
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
