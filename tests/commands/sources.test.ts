import { describe, expect, it } from "vitest";
import { ask, offensiveBrief, storeOf } from "../fixtures/briefs.ts";

const store = storeOf(offensiveBrief());

describe("/sources", () => {
  it("lists every source by kind with grade, stance and activity", async () => {
    const { text } = await ask(store, "sources");
    expect(text).toMatchInlineSnapshot(`
      "Sources: Test offensive
      6 sources behind 21 claims

      Wire agencies
        • AFP: Agence France-Presse
            B: usually reliable · International wire agency. · 6 claims, the last on 29 Nov 2024, 15:00 (21 hours ago)

      Monitors
        • SOHR: Syrian Observatory for Human Rights
            B: usually reliable · 9 claims, the last on 30 Nov 2024, 09:00 (3 hours ago)

      State media
        • SANA: Syrian Arab News Agency
            D: not usually reliable · speaks for Syrian army · 2 claims, the last on 29 Nov 2024, 08:00 (1 day ago)

      Governments and officials
        • Syrian army: Syrian army command
            D: not usually reliable · speaks for Syrian army · 3 claims, the last on 29 Nov 2024 (1 day ago)

      UN agencies
        • OCHA: UN humanitarian office
            B: usually reliable · 1 claim, the last on 29 Nov 2024 (1 day ago)

      Other sources
        • A quiet blogger
            F: reliability cannot be judged · no claims yet

      Note: Grades are the Admiralty source reliability scale, A (completely reliable) to F (cannot be judged): how far a source's past reporting can be trusted, not whether any one claim is true.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("shows one source's profile and newest claims, found by an alias", async () => {
    const { text } = await ask(store, "sources", { name: "osdh" });
    expect(text).toMatchInlineSnapshot(`
      "SOHR: Syrian Observatory for Human Rights
      Grade B: usually reliable

      Profile
        • Kind: monitor
        • Based in: United Kingdom
        • Reliability: B, usually reliable
            Wide network inside Syria.
        • Also known as: SOHR, OSDH, Syrian Observatory
        • Claims: 9 claims, the last on 30 Nov 2024, 09:00 (3 hours ago)

      Newest claims
        • more than 311 people killed since 27 Nov in Syria — SOHR (B), 30 Nov 2024, 09:00, 3 hours ago
        • Syrian army withdrew from New Aleppo — SOHR (B), 29 Nov 2024, 10:00, 1 day ago
        • HTS entered New Aleppo — SOHR (B), 29 Nov 2024, 10:00, 1 day ago
        • HTS in control of part of Aleppo: five neighbourhoods in the west — SOHR (B2), via AFP, 29 Nov 2024, 10:00, 1 day ago
        • more than 255 people killed since 27 Nov in Syria — SOHR (B3), via AFP, 29 Nov 2024, 1 day ago
            “more than 255 deaths”
        … and 4 more

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("counts only the claims reported by the `at` time", async () => {
    const { answer } = await ask(store, "sources", { at: "2024-11-28" });
    expect(answer.verdict).toBe("6 sources behind 3 claims");
  });

  it("says when a source has reported nothing yet", async () => {
    const { answer } = await ask(store, "sources", { name: "A quiet blogger" });
    expect(answer.notes).toEqual(["A quiet blogger has reported nothing in this brief yet."]);
  });

  it("answers an unknown source with suggestions", async () => {
    const { answer } = await ask(store, "sources", { name: "SOH" });
    expect(answer.kind).toBe("not-found");
    expect(answer.notes).toEqual(["Did you mean SOHR?"]);
  });
});
