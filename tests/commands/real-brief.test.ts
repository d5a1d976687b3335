import { beforeAll, describe, expect, it } from "vitest";
import { loadStore } from "../../src/store/load.ts";
import type { Store } from "../../src/store/types.ts";
import { ask } from "../fixtures/briefs.ts";

// The real brief (briefs/syria-northwest-2024), asked on 1 Dec 2024 at noon in Damascus.
const NOW = Date.parse("2024-12-01T12:00:00+03:00");
let store: Store;

beforeAll(async () => {
  const result = await loadStore("briefs", { now: () => NOW });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  store = result.store;
});

describe("the north-west Syria brief", () => {
  it("shows Saraqib (asked as Saraqeb) as disputed between AFP and SOHR", async () => {
    const { text } = await ask(store, "who-controls", { place: "Saraqeb" }, NOW);
    expect(text).toMatchInlineSnapshot(`
      "Who controls Saraqib (city, in Idlib District)
      Disputed: per AFP, 29 Nov: held by HTS; per SOHR, 29 Nov: held by Syrian army, HTS fighting for it (stale)

      Saraqib: each source's current claims
        • HTS in control of it: Taken from government forces, with allied factions. — AFP (B3), 29 Nov 2024, 2 days ago [stale]
            The wire's own claim, in its lead. The same dispatch quotes SOHR saying Saraqib is held by the government with the fighting at it, so one of the two is out of date.
        • Syrian army in control of it — SOHR (B3), via AFP, 29 Nov 2024, 2 days ago [stale]
            “controlled by the regime” · SOHR calls Saraqib strategic, at the junction of two highways south of Aleppo.
        • HTS fighting for it: The fighting has reached the city. — SOHR (B2), via AFP, 29 Nov 2024, 2 days ago [stale]

      Note: The sources' current reports conflict: each one's claims are shown side by side; none is taken as fact.
      Note: Stale: the newest claim about who controls Saraqib is from 29 Nov 2024, more than 48 hours before the time of this answer.

      North-west Syria offensive (brief syria-northwest-2024), as of now, 1 Dec 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("shows Aleppo as disputed, with the neighbourhoods beneath", async () => {
    const { answer } = await ask(store, "who-controls", { place: "Aleppo" }, NOW);
    expect(answer.verdict).toMatchInlineSnapshot(`
      [
        {
          "style": "bold",
          "text": "Disputed",
        },
        {
          "text": ": per AFP, 29 Nov: HTS inside part of it; per SOHR, 29 Nov: held in part by HTS; per Syrian army, speaking for the government, 29 Nov: held by Syrian army",
        },
        {
          "style": "italic",
          "text": " (stale)",
        },
      ]
    `);
    expect(answer.sections.map((s) => s.title)).toMatchInlineSnapshot(`
      [
        "Aleppo: each source's current claims",
        "Inside Aleppo: Western Aleppo (neighbourhood), contested (stale)",
        "Inside Aleppo: New Aleppo (neighbourhood), contested (stale)",
      ]
    `);
  });

  it("shows SOHR's more than 255 killed for the region", async () => {
    const { text } = await ask(store, "toll", {}, NOW);
    expect(text).toMatchInlineSnapshot(`
      "Toll in North-west Syria (region, in Syria)

      Killed
        • more than 255 people since 27 Nov — SOHR (B3), via AFP, 29 Nov 2024, 2 days ago [stale]
            “more than 255 deaths” · Everyone killed in the fighting since the offensive began; the dispatch does not split it into civilians and combatants. Single-sourced; AFP calls it the most violent fighting in the region since 2020.
        • 4 civilians on 29 Nov in University of Aleppo campus — SANA (D3), via AFP, 29 Nov 2024, 2 days ago [stale]
            One incident: the shelling of the University of Aleppo campus by the attacking fighters (see sana-aleppo-shelled). No other source in the dispatch gives the deaths.

      Displaced
        • more than 14,000 people since 27 Nov — OCHA (B2), via AFP, 29 Nov 2024, 2 days ago [stale]
            of whom about 7,000 children · “more than 14,000 people, nearly half of whom are children” · The breakdown is our arithmetic from "nearly half": OCHA gave no figure for children. The start date is the start of the offensive; OCHA's words are "the violence has displaced".

      Note: Figures marked stale are more than 48 hours older than the time of this answer.
      Note: Killed: the 2 figures are not comparable with each other; they differ in who is counted (people, civilians), place (North-west Syria, University of Aleppo campus) and period (since 27 Nov, on 29 Nov), so no range is drawn across them.

      North-west Syria offensive (brief syria-northwest-2024), as of now, 1 Dec 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("sums up 29 November", async () => {
    const { answer } = await ask(store, "sitrep", { since: "2024-11-29", at: "2024-11-29" }, NOW);
    expect(answer.verdict).toMatchInlineSnapshot(
      `"29 claims reported or withdrawn from 29 Nov 2024, 00:00 to 29 Nov 2024, 23:59"`,
    );
    expect(answer.sections.map((s) => `${s.title}: ${s.facts.length}`)).toMatchInlineSnapshot(`
      [
        "Control changes: 14",
        "Tolls: 2",
        "Displacement: 1",
        "Statements: 4",
        "Events: 8",
      ]
    `);
  });
});
