// A place's lines (a source's claims, a series' figures) are searched by the claims' own times:
// the answers must be those of the binary search over the packed times of the brief's timeline.
import { describe, expect, it } from "vitest";
import {
  lowerBound,
  lowerBoundAt,
  timesOf,
  upperBound,
  upperBoundAt,
} from "../../src/store/query-index.ts";
import type { StoredClaim } from "../../src/store/types.ts";

/** Claims with only the time a search reads, oldest first, some at the same time. */
function lineAt(ats: readonly number[]): StoredClaim[] {
  return ats.map((at) => ({ at }) as StoredClaim);
}

describe("a line's search by its claims' times", () => {
  it("finds what the search over packed times finds, before, at, between and after them", () => {
    const lines = [[], [5], [5, 5], [1, 3, 3, 3, 8], [2, 4, 6, 8, 10, 12, 14, 16, 18]];
    for (const ats of lines) {
      const line = lineAt(ats);
      const packed = timesOf(line);
      for (let t = -1; t <= 20; t += 0.5) {
        expect(upperBoundAt(line, t), `upper ${t} in ${ats}`).toBe(upperBound(packed, t));
        expect(lowerBoundAt(line, t), `lower ${t} in ${ats}`).toBe(lowerBound(packed, t));
      }
    }
  });
});
