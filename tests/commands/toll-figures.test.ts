// Comparing figures by the brief format's rules (1.1): spreads only across comparable figures
// (breakdown parts included), what differs between the others (the date included), and a
// source's trend oldest first with dates.
import { describe, expect, it } from "vitest";
import { buildBrief, claim, place, source, storeOf } from "../fixtures/brief-builder.ts";
import { ask } from "../fixtures/briefs.ts";

const T = Date.parse("2024-12-04T12:00:00Z");

const brief = buildBrief({
  sources: [
    source("sohr", { aliases: ["SOHR"] }),
    source("afp", { aliases: ["AFP"], kind: "wire-agency" }),
    source("sana", { aliases: ["SANA"], kind: "state-media" }),
  ],
  places: [place("aleppo")],
  claims: [
    // A monitor's toll with a civilian part, and an agency's civilian toll the next day: the
    // agency's figure is comparable with the part, not with the whole.
    claim.toll({
      source: "sohr",
      reported: "2024-11-29",
      metric: "killed",
      count: 255,
      place: "aleppo",
      since: "2024-11-27",
      breakdown: [{ count: 40, who: "civilians" }],
    }),
    claim.toll({
      source: "afp",
      reported: "2024-11-30",
      metric: "killed",
      count: 52,
      qualifier: "at-least",
      who: "civilians",
      place: "aleppo",
      since: "2024-11-27",
    }),
    // Reported four days after SOHR's: same metric, who, place and period, but not comparable.
    claim.toll({
      source: "sana",
      reported: "2024-12-03",
      metric: "killed",
      count: 12,
      place: "aleppo",
      since: "2024-11-27",
    }),
  ],
});
const store = storeOf(brief);

describe("/toll figures", () => {
  it("draws a spread only across comparable figures, a breakdown part among them", async () => {
    const { answer } = await ask(store, "toll", { place: "Aleppo" }, T);
    expect(answer.notes).toEqual([
      "Figures marked stale are more than 48 hours older than the time of this answer.",
      "Killed, civilians since 27 Nov in Aleppo: figures range from 40 (SOHR, part of a breakdown, 29 Nov) to at least 52 (AFP, 30 Nov).",
      "Killed: the 3 figures are not comparable with each other; they differ in who is counted (people, civilians) and date reported (3 Dec, 30 Nov, 29 Nov), so no range is drawn across them.",
    ]);
  });

  it("draws no spread across figures reported more than stale_after_hours apart", async () => {
    const { answer } = await ask(store, "toll", { place: "Aleppo" }, T);
    expect(answer.notes?.join("\n")).not.toMatch(/range from 12|to 255|from 255/);
  });

  it("shows a source's trend oldest first, each with its date", async () => {
    const trend = buildBrief({
      sources: [source("sohr", { aliases: ["SOHR"] })],
      places: [place("aleppo")],
      claims: [120, 255, 311].map((count, i) =>
        claim.toll({
          source: "sohr",
          reported: `2024-11-2${7 + i}`,
          metric: "killed",
          count,
          place: "aleppo",
        }),
      ),
    });
    const { text } = await ask(storeOf(trend), "toll", { place: "Aleppo" }, T);
    expect(text).toContain("trend: 120 on 27 Nov, 255 on 28 Nov, now 311 (up)");
  });
});
