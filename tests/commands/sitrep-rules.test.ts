// /sitrep by the verdict rules: control claims that change a place's verdict (with what it was
// before) apart from the other control reports; a place and the places inside it; and the note
// on a brief that has ended.
import { describe, expect, it } from "vitest";
import { actor, buildBrief, claim, place, source, storeOf } from "../fixtures/brief-builder.ts";
import { ask } from "../fixtures/briefs.ts";

const brief = buildBrief({
  sources: [
    source("sohr", { aliases: ["SOHR"] }),
    source("sana", { aliases: ["SANA"], kind: "state-media", party: "gov" }),
  ],
  actors: [
    actor("hts", { short: "HTS", side: "opposition" }),
    actor("gov", { name: "Syrian government forces", side: "government" }),
  ],
  places: [
    place("idlib", { name: "Idlib Governorate", kind: "governorate" }),
    place("saraqib", { in: "idlib" }),
    place("aleppo"),
  ],
  claims: [
    claim.control({
      source: "sana",
      reported: "2024-11-29T08:00:00Z",
      place: "saraqib",
      actor: "gov",
      status: "controls",
    }),
    // Fits: an approach while the government holds it. A report, not a change.
    claim.control({
      source: "sohr",
      reported: "2024-11-30T08:00:00Z",
      place: "saraqib",
      actor: "hts",
      status: "approaching",
    }),
    // HTS holds Aleppo, per SOHR: a change (unknown before).
    claim.control({
      source: "sohr",
      reported: "2024-11-30T09:00:00Z",
      place: "aleppo",
      actor: "hts",
      status: "controls",
    }),
    // SANA says the government holds it: now disputed, a change.
    claim.control({
      source: "sana",
      reported: "2024-11-30T10:00:00Z",
      place: "aleppo",
      actor: "gov",
      status: "controls",
    }),
    claim.toll({
      source: "sohr",
      reported: "2024-11-30T09:00:00Z",
      place: "saraqib",
      metric: "killed",
      count: 5,
    }),
  ],
});
const store = storeOf(brief);
const T = Date.parse("2024-11-30T12:00:00Z");

describe("/sitrep control changes and reports", () => {
  it("lists only claims that change a verdict under Control changes, with what it was before", async () => {
    const { answer, text } = await ask(store, "sitrep", {}, T);
    expect(answer.sections.map((s) => s.title)).toEqual([
      "Control changes",
      "Control reports",
      "Tolls",
    ]);
    expect(text).toContain(`Control changes
  • Syrian government forces in control of Aleppo — SANA (B), 30 Nov 2024, 10:00, 2 hours ago
      before: held by HTS; after: disputed
  • HTS in control of Aleppo — SOHR (B), 30 Nov 2024, 09:00, 3 hours ago
      before: unknown; after: held by HTS

Control reports
  • HTS approaching Saraqib — SOHR (B), 30 Nov 2024, 08:00, 4 hours ago`);
  });

  it("keeps only claims about a place and the places inside it", async () => {
    const { answer } = await ask(store, "sitrep", { since: "Idlib 2d" }, T);
    expect(answer.title).toBe("Sitrep: Idlib Governorate: Test brief");
    expect(answer.sections.map((s) => [s.title, s.facts.length])).toEqual([
      ["Control changes", 1],
      ["Control reports", 1],
      ["Tolls", 1],
    ]);
    const aleppo = (await ask(store, "sitrep", { since: "Aleppo" }, T)).answer;
    expect(aleppo.sections.map((s) => s.title)).toEqual(["Control changes"]);
  });

  it("says when the newest claim is from when nothing is new and the brief has gone quiet", async () => {
    const later = Date.parse("2026-11-30T12:00:00Z");
    const { answer } = await ask(store, "sitrep", {}, later);
    expect(answer.verdict).toBe(
      "Nothing new since 29 Nov 2026, 12:00: the newest claim in this brief is from 30 Nov 2024, 10:00 (2 years ago)",
    );
  });
});
