// The region's /toll is put together from each place's own figures and notes, kept by the
// place's state (queries.ts: placeStateCache). Against the straightforward reading: every
// series of every place worked out from the brief's claims as of each time, and the notes
// counted from comparing all the region's figures at once. Over a generated brief with toll
// claims superseded and withdrawn, as of past days, claim times, just before and between them
// and after the last, asked forward and then backward so later asks reuse what was kept.
import { describe, expect, it } from "vitest";
import { metricTitle } from "../../src/answer/describe.ts";
import { NOTES_KEPT, shareFacts } from "../../src/answer/fit.ts";
import { generateSyntheticBrief } from "../../src/generate/synthetic-brief.ts";
import { comparableGroups, figuresOf } from "../../src/store/figures.ts";
import {
  isCurrent,
  staleAfterMs,
  type TollSeries,
  tollPlaces,
  tollSeries,
} from "../../src/store/queries.ts";
import { seriesKey, type TollClaimOf } from "../../src/store/query-index.ts";
import { type Claim, METRICS } from "../../src/store/schema.ts";
import { type Brief, claimKey } from "../../src/store/types.ts";
import { buildBrief, storeOf, syntheticBrief } from "../fixtures/brief-builder.ts";
import { ask } from "../fixtures/briefs.ts";

function withdrawnTollsBrief(): Brief {
  const generated = generateSyntheticBrief({ claims: 2_500, seed: 5, days: 20 });
  const claimFiles: Record<string, Claim[]> = {};
  let n = 0;
  for (const [file, claims] of generated.claimFiles) {
    const day = file.slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    claimFiles[file] = claims.map((claim) =>
      claim.type === "toll" && ++n % 13 === 0
        ? { ...claim, withdrawn: { reported: next, note: "retracted" } }
        : claim,
    );
  }
  return buildBrief({
    id: "tolls",
    meta: generated.meta,
    sources: generated.sources,
    actors: generated.actors,
    places: generated.places,
    claimFiles,
  });
}

const GRADES = "ABCDEF";

/** Each place's series as of T from the brief's claims: newest current figure and two earlier. */
function straightforwardSeries(brief: Brief, placeIds: readonly string[], t: number) {
  const out: TollSeries[] = [];
  for (const placeId of placeIds) {
    const byKey = new Map<string, TollClaimOf[]>();
    for (const claim of brief.claims) {
      if (claim.type !== "toll" || claim.place !== placeId || !isCurrent(claim, t)) continue;
      const key = seriesKey(claim);
      byKey.set(key, [...(byKey.get(key) ?? []), claim]);
    }
    const series = [...byKey].map(([key, claims]) => {
      const [newest, ...earlier] = [...claims].reverse();
      return { key, newest: newest!, earlier: earlier.slice(0, 2) };
    });
    const grade = (s: TollSeries) =>
      GRADES.indexOf(brief.sources.get(s.newest.source)?.reliability ?? "F");
    series.sort((a, b) => grade(a) - grade(b) || b.newest.at - a.newest.at);
    out.push(...series);
  }
  return out;
}

describe("the region's /toll from each place's kept figures", () => {
  const brief = withdrawnTollsBrief();
  const store = storeOf(brief);
  const placeIds = tollPlaces(brief, brief.meta.region);
  const last = brief.claims[brief.claims.length - 1]!.at;
  const dayStarts = [...new Set(brief.claims.map((c) => c.file))].map((file) =>
    Date.parse(`${file.slice(-15, -5)}T00:00:00+03:00`),
  );
  const claimTimes = brief.claims.filter((_, i) => i % 211 === 0).map((c) => c.at);
  const times = [
    ...dayStarts.filter((_, i) => i % 3 === 0),
    ...claimTimes.flatMap((t) => [t - 1, t, t + 60_000]),
    last,
    last + 10 * staleAfterMs(brief),
  ];

  it("has withdrawn and superseded figures to test with", () => {
    const tolls = brief.claims.filter((c) => c.type === "toll");
    expect(tolls.filter((c) => c.withdrawnAt !== undefined).length).toBeGreaterThan(20);
    expect(tolls.filter((c) => c.supersededBy !== undefined).length).toBeGreaterThan(5);
  });

  it("gives every series and as many notes as comparing all figures at once", async () => {
    for (const t of [...times, ...[...times].reverse()]) {
      const all = straightforwardSeries(brief, placeIds, t);
      const sameSeries = (s: readonly TollSeries[]) =>
        s.map(
          (x) => `${x.key}@${claimKey(x.newest)}<${x.earlier.map((e) => claimKey(e)).join(",")}`,
        );
      const kept = tollSeries(brief, placeIds, t);
      // Ties in trust and time keep the index's order: compare the series as sets.
      expect([...sameSeries(kept)].sort(), `series at ${t}`).toEqual([...sameSeries(all)].sort());
      for (const metric of [undefined, ...METRICS]) {
        const { answer } = await ask(store, "toll", metric === undefined ? {} : { metric }, t);
        const notes = (answer.notes ?? []).map((n) => (typeof n === "string" ? n : ""));
        const asked = (metric === undefined ? METRICS : [metric]).filter((m) =>
          all.some((s) => s.newest.metric === m),
        );
        const shares = shareFacts(
          asked.map((m) => all.filter((s) => s.newest.metric === m).length),
        );
        for (const m of metric === undefined ? METRICS : [metric]) {
          const series = all.filter((s) => s.newest.metric === m);
          const groups = comparableGroups(
            series.flatMap((s) => figuresOf(s.newest)),
            staleAfterMs(brief),
          );
          const spreads = groups.filter((g) => g.length >= 2).length;
          const heads = groups.filter((g) => g[0]!.part === undefined).length;
          const title = metricTitle(m);
          expect(notes.filter((n) => n.startsWith(`${title}, `)).length, `${m} at ${t}`).toBe(
            spreads,
          );
          const differ = notes.find((n) => n.startsWith(`${title}: the `));
          expect(differ !== undefined, `${m} at ${t}`).toBe(heads >= 2);
          if (differ !== undefined) expect(differ).toContain(`the ${heads} figures`);
          // Facts: the first of the metric's figures, its share of what the answer carries.
          const section = answer.sections.find((s) => s.title === title);
          const share = shares[asked.indexOf(m)] ?? 0;
          expect(section?.facts.length ?? 0).toBe(share);
          expect(section?.more ?? 0).toBe(series.length - share);
        }
      }
    }
  });
});

describe("a region's /toll with more spread notes than an answer carries", () => {
  const brief = syntheticBrief("many-notes", { claims: 12_000, seed: 9, days: 20 });
  const store = storeOf(brief);

  it("keeps the first NOTES_KEPT notes and counts every other one", async () => {
    const { answer, text } = await ask(store, "toll");
    const total = (answer.notes?.length ?? 0) + (answer.moreNotes ?? 0);
    expect(answer.notes?.length).toBe(NOTES_KEPT);
    // The note on stale figures comes first, so no list of spreads pushes it out of view.
    expect(answer.notes?.[0]).toMatch(/^Figures marked stale/);
    expect(answer.moreNotes).toBeGreaterThan(0);
    // The same notes, in the same order, as each metric asked alone, where there is room.
    const killed = await ask(store, "toll", { metric: "killed" });
    expect(answer.notes?.slice(0, 20)).toEqual(killed.answer.notes?.slice(0, 20));
    let perMetric = 0;
    for (const metric of METRICS) {
      const one = await ask(store, "toll", { metric });
      perMetric += (one.answer.notes?.length ?? 0) + (one.answer.moreNotes ?? 0);
    }
    // Each metric's answer has the stale note too; the whole answer has it once.
    expect(total).toBe(perMetric - METRICS.length + 1);
    expect(text).toContain(`… and ${answer.moreNotes!.toLocaleString("en")} more notes`);
  });
});
