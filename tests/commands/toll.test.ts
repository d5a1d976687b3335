import { describe, expect, it } from "vitest";
import { ask, offensiveBrief, quietBrief, storeOf } from "../fixtures/briefs.ts";

const store = storeOf(offensiveBrief());

describe("/toll", () => {
  it("shows each source's newest figures for the region by metric, with trend, ranges and breakdowns", async () => {
    const { text } = await ask(store, "toll");
    expect(text).toMatchInlineSnapshot(`
      "Toll in Syria (country)

      Killed
        • more than 311 people since 27 Nov — SOHR (B), 30 Nov 2024, 09:00, 3 hours ago
            trend: more than 255 on 29 Nov, now more than 311 (up)
        • 4–9 combatants of HTS on 28–29 Nov in Aleppo — Syrian army (D), 29 Nov 2024, 1 day ago
        • 4 civilians on 29 Nov in New Aleppo — SANA (D), 29 Nov 2024, 1 day ago

      Injured
        • at least 60 people in New Aleppo — AFP (B), 29 Nov 2024, 15:00, 21 hours ago
            corrects its claim of 29 Nov

      Displaced
        • more than 14,000 people since 27 Nov — OCHA (B), 29 Nov 2024, 1 day ago
            of whom about 7,000 children

      Note: Killed: the 3 figures are not comparable with each other; they differ in who is counted (people, combatants of HTS, civilians), place (Syria, Aleppo, New Aleppo), period (since 27 Nov, 28–29 Nov, on 29 Nov) and date reported (30 Nov, 29 Nov), so no range is drawn across them.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("includes figures for places inside the place and says where", async () => {
    const { text } = await ask(store, "toll", { place: "Aleppo", metric: "killed" });
    expect(text).toMatchInlineSnapshot(`
      "Killed in Aleppo (city, in Aleppo governorate)

      Killed
        • 4–9 combatants of HTS on 28–29 Nov — Syrian army (D), 29 Nov 2024, 1 day ago
        • 4 civilians on 29 Nov in New Aleppo — SANA (D), 29 Nov 2024, 1 day ago

      Note: Killed: the 2 figures are not comparable with each other; they differ in who is counted (combatants of HTS, civilians), place (Aleppo, New Aleppo) and period (28–29 Nov, on 29 Nov), so no range is drawn across them.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("shows a figure as of a time before its correction, and the correction after", async () => {
    const before = await ask(store, "toll", {
      place: "Aleppo",
      metric: "injured",
      at: "2024-11-29T12:00",
    });
    const after = await ask(store, "toll", { place: "Aleppo", metric: "injured" });
    expect(before.text).toContain("at least 100 people");
    expect(after.text).not.toContain("at least 100");
    expect(after.text).toContain("at least 60 people in New Aleppo");
  });

  it("shows the previous figure as the trend only while the newer one exists", async () => {
    const { text } = await ask(store, "toll", { metric: "killed", at: "2024-11-29" });
    expect(text).toContain("more than 255 people since 27 Nov");
    expect(text).not.toContain("up from");
  });

  it("is honest when no source has reported a figure", async () => {
    expect((await ask(store, "toll", { place: "Saraqib" })).answer.notes).toEqual([
      "No source has reported a toll for Saraqib yet.",
    ]);
    expect((await ask(store, "toll", { place: "Saraqib", metric: "killed" })).answer.notes).toEqual(
      ["No source has reported how many were killed in Saraqib yet."],
    );
  });

  it("covers the whole brief when the brief has no region", async () => {
    const { answer } = await ask(storeOf(quietBrief()), "toll");
    expect(answer.title).toBe("Toll: Quiet days");
    expect(answer.notes).toEqual(["No source has reported a toll in this brief yet."]);
  });

  it("answers an unknown place with suggestions", async () => {
    const { answer } = await ask(store, "toll", { place: "Saraqip" });
    expect(answer.kind).toBe("not-found");
    expect(answer.notes).toEqual(["Did you mean Saraqib (city)?"]);
  });
});
