// The digest's control changes are kept per claim and, for the brief's last days, worked out
// before the brief is served, for the others after it is served (warming) or when first asked:
// the digest must read the same however its changes were found.
import { describe, expect, it } from "vitest";
import { FACTS_KEPT } from "../../src/answer/fit.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { buildDigest, type DigestPeriod } from "../../src/digest/build.ts";
import { prepareBrief, warmBrief } from "../../src/store/prepare.ts";
import type { Brief } from "../../src/store/types.ts";
import { placeVerdict, verdictKey } from "../../src/store/verdict.ts";
import { syntheticBrief } from "../fixtures/brief-builder.ts";

const DAY = 86_400_000;

function generatedBrief(): Brief {
  return syntheticBrief("digest", { claims: 3_000, seed: 11, days: 12 });
}

/** Each day of the brief, the last 24 hours and the last 3 days before its newest claim. */
function periodsOf(brief: Brief): DigestPeriod[] {
  const first = brief.claims[0]!.at;
  const last = brief.claims[brief.claims.length - 1]!.at;
  const now = last + 1;
  const periods: DigestPeriod[] = [
    { since: now - DAY, until: now, now },
    { since: now - 3 * DAY, until: now, now },
  ];
  for (let since = first; since < last; since += DAY) {
    periods.push({ since, until: since + DAY, now });
  }
  return periods;
}

describe("the digest's control changes", () => {
  it("read the same worked out fresh, prepared ahead, warmed, or kept from other periods", () => {
    const fresh = generatedBrief();
    const prepared = generatedBrief();
    prepareBrief(prepared);
    const warmed = generatedBrief();
    warmBrief(warmed);
    const reversed = generatedBrief();
    const periods = periodsOf(fresh);
    // Asked newest first, so each period reads changes another period worked out.
    const backwards = periods.toReversed().map((p) => renderText(buildDigest(reversed, p)));
    periods.forEach((period, i) => {
      const expected = renderText(buildDigest(generatedBrief(), period));
      expect(renderText(buildDigest(fresh, period))).toBe(expected);
      expect(renderText(buildDigest(prepared, period))).toBe(expected);
      expect(renderText(buildDigest(warmed, period))).toBe(expected);
      expect(backwards[periods.length - 1 - i]).toBe(expected);
    });
  });

  it("count a claim as a change exactly when its place's verdict just before and at it differ", () => {
    const brief = generatedBrief();
    const now = brief.claims[brief.claims.length - 1]!.at + 1;
    const since = brief.claims[0]!.at;
    const digest = buildDigest(brief, { since, until: now, now });
    let changes = 0;
    for (const claim of brief.claims) {
      if (claim.type !== "control") continue;
      const before = verdictKey(placeVerdict(brief, claim.place, claim.at - 1));
      if (before !== verdictKey(placeVerdict(brief, claim.place, claim.at))) changes++;
    }
    expect(changes).toBeGreaterThan(10);
    const section = digest.sections.find((s) => s.title === "Control changes");
    expect(section!.facts.length + (section!.more ?? 0)).toBe(changes);
  });
});

describe("a busy day's digest", () => {
  it("shows every kind of news, sharing the facts it carries between its sections", () => {
    const brief = syntheticBrief("busy-digest", { claims: 20_000, seed: 5, days: 10 });
    const last = brief.claims[brief.claims.length - 1]!.at;
    const digest = buildDigest(brief, { since: last - DAY, until: last + 1, now: last + 1 });
    const carried = digest.sections.map((s) => s.facts.length);
    expect(digest.sections.length).toBeGreaterThan(3);
    expect(carried.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(FACTS_KEPT);
    expect(Math.min(...carried)).toBeGreaterThan(0);
    expect(digest.sections.some((s) => (s.more ?? 0) > 0)).toBe(true);
  });
});
