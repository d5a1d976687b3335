import { describe, expect, it } from "vitest";
import {
  claimsInWindow,
  correctionOf,
  groupInWindow,
  groupOrdinal,
  isCurrent,
  newestClaimsOf,
  placesGoneStale,
  placeTree,
  previousToll,
  sourceActivity,
  staleAfterMs,
  stalePlaces,
  tollSeries,
} from "../../src/store/queries.ts";
import { claimKey } from "../../src/store/types.ts";
import { placeVerdict } from "../../src/store/verdict.ts";
import { buildBrief, claim, syntheticBrief } from "../fixtures/brief-builder.ts";
import { ask, NOW, offensiveBrief, quietBrief, storeOf } from "../fixtures/briefs.ts";

const brief = offensiveBrief();
/** A generated brief with many places and corrections. */
const SYNTHETIC = { claims: 2_000, seed: 7, days: 30 } as const;
const at = (iso: string) => Date.parse(iso);

describe("corrections", () => {
  const wrong = brief.claimsById.get("afp-injured-wrong")!;
  const withdrawn = brief.claimsById.get("sana-saraqib")!;

  it("keeps a claim current until the claim that supersedes it is reported", () => {
    expect(isCurrent(wrong, at("2024-11-29T14:59:00+03:00"))).toBe(true);
    expect(isCurrent(wrong, at("2024-11-29T15:00:00+03:00"))).toBe(false);
    expect(correctionOf(wrong, NOW)).toMatchObject({
      kind: "superseded",
      by: { id: "afp-injured-fixed" },
    });
  });

  it("drops a withdrawn claim from the time of its withdrawal", () => {
    expect(isCurrent(withdrawn, at("2024-11-29T19:59:00+03:00"))).toBe(true);
    expect(isCurrent(withdrawn, at("2024-11-29T20:00:00+03:00"))).toBe(false);
    expect(correctionOf(withdrawn, NOW)).toEqual({
      kind: "withdrawn",
      at: at("2024-11-29T20:00:00+03:00"),
      note: "misread report",
    });
  });

  it("does not count a claim before it was reported", () => {
    expect(isCurrent(wrong, at("2024-11-29T08:59:00+03:00"))).toBe(false);
  });
});

describe("placeVerdict on the offensive brief", () => {
  it("calls a place disputed when one source's holder is another's attacker", () => {
    const verdict = placeVerdict(brief, "saraqib", NOW);
    expect(verdict.kind).toBe("disputed");
    expect(verdict.evidence.map((e) => e.source).sort()).toEqual(["afp", "sohr"]);
  });

  it("takes all the claims a source made at its newest time as one picture", () => {
    const verdict = placeVerdict(brief, "new-aleppo", NOW);
    const sohr = verdict.evidence.find((e) => e.source === "sohr")!;
    expect(sohr.picture.claims.map((c) => c.status)).toEqual(["entered", "withdrew"]);
    expect(verdict.kind).toBe("contested");
  });

  it("leaves out a source's older claims once it has made newer ones", () => {
    const sohr = placeVerdict(brief, "aleppo", NOW).evidence.find((e) => e.source === "sohr")!;
    expect(sohr.picture.claims.map((c) => c.status)).toEqual(["controls"]);
    const earlier = placeVerdict(brief, "aleppo", at("2024-11-28T12:00:00+03:00"));
    expect(earlier.evidence[0]!.picture.claims.map((c) => c.status)).toEqual(["approaching"]);
    expect(earlier.kind).toBe("unknown");
    expect(earlier.parties).toMatchObject([{ party: "actor:hts", standing: "near" }]);
  });

  it("holds partial control with its extent, and marks it stale relative to the asked time", () => {
    const verdict = placeVerdict(brief, "idlib-governorate", NOW);
    expect(verdict).toMatchObject({ kind: "held-in-part", stale: true });
    expect(verdict.parties).toMatchObject([{ party: "actor:hts", extent: "partial" }]);
    expect(placeVerdict(brief, "idlib-governorate", at("2024-11-21T00:00:00+03:00")).stale).toBe(
      false,
    );
  });

  it("is unknown where no source has made a claim", () => {
    expect(placeVerdict(brief, "hama", NOW)).toMatchObject({ kind: "unknown", evidence: [] });
  });
});

describe("tollSeries", () => {
  it("gives each source's newest figure per series with the earlier ones as its trend", () => {
    const [sohr] = tollSeries(brief, ["syria"], NOW, { metric: "killed" });
    expect(sohr && claimKey(sohr.newest)).toBe("sohr-killed-2");
    expect(sohr?.earlier.map((c) => claimKey(c))).toEqual(["sohr-killed-1"]);
    expect(claimKey(previousToll(brief, sohr!.newest, NOW)!)).toBe("sohr-killed-1");
  });

  it("covers the places inside a place in tree order", () => {
    expect(placeTree(brief, "aleppo-governorate")).toEqual([
      "aleppo-governorate",
      "aleppo",
      "new-aleppo",
    ]);
    const places = tollSeries(brief, placeTree(brief, "aleppo"), NOW).map((s) => s.newest.place);
    expect(places).toEqual(["aleppo", "new-aleppo", "new-aleppo"]);
  });
});

describe("windows and sources", () => {
  it("takes claims reported in [since, until)", () => {
    const since = at("2024-11-29T10:00:00+03:00");
    const until = at("2024-11-29T12:00:00+03:00");
    expect(claimsInWindow(brief, since, until)).toHaveLength(3);
    expect(groupInWindow(brief, "control", since, until + 1, 1)).toMatchObject({ total: 4 });
    expect(groupInWindow(brief, "control", since, until + 1, 1).claims[0]?.source).toBe("afp");
  });

  it("numbers a group's claims in order, telling apart claims of one time, as the window does", () => {
    // Date-only reports share the start of their day: many control claims have one time.
    const big = syntheticBrief("ordinals", { claims: 3_000, places: 40, seed: 3 });
    const controls = big.claims.filter((c) => c.type === "control");
    expect(new Set(controls.map((c) => c.at)).size).toBeLessThan(controls.length);
    controls.forEach((claim, i) => {
      expect(groupOrdinal(big, "control", claim)).toBe(i);
    });
    const toll = big.claims.find((c) => c.type === "toll")!;
    expect(groupOrdinal(big, "control", toll)).toBe(-1);
    // The claim itself, not an equal copy of it.
    expect(groupOrdinal(big, "control", { ...controls[150]! })).toBe(-1);
    const window = groupInWindow(big, "control", controls[100]!.at, controls[200]!.at, 5);
    window.claims.forEach((claim, k) => {
      expect(groupOrdinal(big, "control", claim)).toBe(window.newest - k);
    });
  });

  it("numbers claims of one time from several files in the files' load order, not their names'", () => {
    const held = (place: string) =>
      claim.control({ source: "afp", place, actor: "gov", status: "controls" });
    const tied = buildBrief({
      claimFiles: {
        "b.yaml": [
          held("p1"),
          claim.toll({ source: "afp", metric: "killed", count: 1, place: "p1" }),
          held("p2"),
        ],
        "a.yaml": [held("p3"), held("p4"), held("p5")],
      },
      claims: [held("p6")],
    });
    const controls = tied.claims.filter((c) => c.type === "control");
    expect(controls.map((c) => c.place)).toEqual(["p1", "p2", "p3", "p4", "p5", "p6"]);
    controls.forEach((c, i) => {
      expect(groupOrdinal(tied, "control", c)).toBe(i);
    });
  });

  it("counts a source's claims and finds its last one as of a time", () => {
    expect(sourceActivity(brief, "sohr", NOW)).toMatchObject({
      count: 9,
      last: { id: "sohr-killed-2" },
    });
    expect(sourceActivity(brief, "sohr", at("2024-11-28T12:00:00+03:00")).count).toBe(2);
    expect(sourceActivity(brief, "quiet", NOW)).toEqual({ count: 0 });
    expect(newestClaimsOf(brief, "sohr", NOW, 2).claims.map((c) => claimKey(c))).toEqual([
      "sohr-killed-2",
      expect.stringContaining("claims/all.yaml#"),
    ]);
  });

  it("lists places whose newest control claim is older than stale_after_hours", () => {
    expect(stalePlaces(brief, NOW).map((p) => p.place)).toEqual(["maarat", "idlib-governorate"]);
    expect(stalePlaces(quietBrief(), NOW)).toEqual([]);
  });

  it("finds the places that went stale in a period exactly as a scan of every place would", () => {
    const synthetic = syntheticBrief("synthetic", SYNTHETIC);
    const staleMs = staleAfterMs(synthetic);
    const times = synthetic.claims.map((c) => c.at);
    const first = Math.min(...times);
    const last = Math.max(...times);
    let checked = 0;
    for (let t = first; t <= last + 3 * staleMs; t += 86_400_000 / 3) {
      for (const days of [1, 3]) {
        const since = t - days * 86_400_000;
        const scanned = stalePlaces(synthetic, t).filter((p) => p.newest.at + staleMs >= since);
        expect(placesGoneStale(synthetic, since, t)).toEqual(scanned);
        // Asked again, a past period's answer is the kept one: still the scan's.
        expect(placesGoneStale(synthetic, since, t)).toEqual(scanned);
        checked += scanned.length;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("answers kept for past times", () => {
  it("are the answers worked out afresh, for every past time, asked in any order", async () => {
    const cached = syntheticBrief("synthetic", SYNTHETIC);
    const store = storeOf(cached);
    const times = cached.claims.filter((_, i) => i % 500 === 0).map((c) => c.at);
    // Between two claims, on a claim, and just before it: same state, next state.
    const asked = times.flatMap((t) => [t - 1, t, t + 60_000]);
    const questions: [string, Record<string, string>][] = [
      ["toll", {}],
      ["toll", { metric: "killed" }],
      ["sitrep", {}],
    ];
    // Forward, then backward, so later asks find what earlier ones kept.
    for (const t of [...asked, ...asked.reverse()]) {
      const fresh = storeOf(syntheticBrief("synthetic", SYNTHETIC));
      for (const [name, args] of questions) {
        expect((await ask(store, name, args, t)).text, `/${name} at ${t}`).toBe(
          (await ask(fresh, name, args, t)).text,
        );
      }
    }
  });
});
