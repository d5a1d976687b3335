// The answer to a name the brief does not know: not an error, a pointer to the nearest names.
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
