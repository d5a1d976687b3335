import { describe, expect, it } from "vitest";
import { ask, offensiveBrief, storeOf } from "../fixtures/briefs.ts";

const store = storeOf(offensiveBrief());

describe("/who-controls", () => {
  it("shows Aleppo as disputed, names the namesake governorate and lists New Aleppo beneath", async () => {
    const { answer, text } = await ask(store, "who-controls", { place: "Aleppo" });
    expect(answer.kind).toBe("answer");
    expect(text).toMatchInlineSnapshot(`
      "Who controls Aleppo (city, in Aleppo governorate)
      Disputed: per SOHR, 29 Nov: held in part by HTS; per Syrian army, speaking for Syrian army, 29 Nov: held by Syrian army

      Aleppo: each source's current claims
        • HTS in control of part of it: five neighbourhoods in the west — SOHR (B2), via AFP, 29 Nov 2024, 10:00, 1 day ago
        • Syrian army in control of it — Syrian army (D4), 29 Nov 2024, 1 day ago
            “repelled the offensive”

      Inside Aleppo: New Aleppo (neighbourhood), contested
        • HTS fighting for it — AFP (B1), 29 Nov 2024, 12:00, 1 day ago
        • HTS entered it — SOHR (B), 29 Nov 2024, 10:00, 1 day ago
        • Syrian army withdrew from it — SOHR (B), 29 Nov 2024, 10:00, 1 day ago

      Note: The sources' current reports conflict: each one's claims are shown side by side; none is taken as fact.
      Note: Also called Aleppo: Aleppo governorate — ask for it by id aleppo-governorate.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("finds Saraqib by an alias and shows both sources' pictures side by side", async () => {
    const { text } = await ask(store, "who-controls", { place: "saraqeb" });
    expect(text).toMatchInlineSnapshot(`
      "Who controls Saraqib (city, in Idlib governorate)
      Disputed: per AFP, 29 Nov: held by HTS; per SOHR, 29 Nov: held by Syrian army, HTS fighting for it

      Saraqib: each source's current claims
        • HTS in control of it — AFP (B), 29 Nov 2024, 1 day ago
        • Syrian army in control of it — SOHR (B), 29 Nov 2024, 1 day ago
        • HTS fighting for it — SOHR (B), 29 Nov 2024, 1 day ago

      Note: The sources' current reports conflict: each one's claims are shown side by side; none is taken as fact.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("counts a claim as of a time before it was withdrawn, and drops it after", async () => {
    const before = (await ask(store, "who-controls", { place: "Saraqib", at: "2024-11-29T18:00" }))
      .text;
    const after = (await ask(store, "who-controls", { place: "Saraqib" })).text;
    expect(before).toContain("SANA (D)");
    expect(after).not.toContain("SANA");
    expect(before).toMatchInlineSnapshot(`
      "Who controls Saraqib (city, in Idlib governorate)
      Disputed: per SANA, Syrian army's state media, 29 Nov: held by Syrian army; per AFP, 29 Nov: held by HTS; per SOHR, 29 Nov: held by Syrian army, HTS fighting for it

      Saraqib: each source's current claims
        • HTS in control of it — AFP (B), 29 Nov 2024, 18 hours ago
        • Syrian army in control of it — SOHR (B), 29 Nov 2024, 18 hours ago
        • HTS fighting for it — SOHR (B), 29 Nov 2024, 18 hours ago
        • Syrian army in control of it — SANA (D), 29 Nov 2024, 08:00, 10 hours ago

      Note: The sources' current reports conflict: each one's claims are shown side by side; none is taken as fact.

      Test offensive (brief offensive), as of 29 Nov 2024, 18:00 (Asia/Damascus)"
    `);
  });

  it("reaches a place that shares its name by its id", async () => {
    const { answer } = await ask(store, "who-controls", { place: "aleppo-governorate" });
    expect(answer.title).toBe("Who controls Aleppo (governorate, in Syria)");
    expect(answer.notes).toContain(
      "No source has said who controls Aleppo as a whole; the claims about places inside it are below.",
    );
  });

  it("reads one source's claims made at one time as one picture: entered and withdrew is contested", async () => {
    const { text } = await ask(store, "who-controls", { place: "New Aleppo" });
    expect(text).toMatchInlineSnapshot(`
      "Who controls New Aleppo (neighbourhood, in Aleppo)
      Contested: HTS fighting for it (per AFP, 29 Nov), inside (per SOHR, 29 Nov); Syrian army withdrawn from it (per SOHR, 29 Nov); no source says who holds it

      New Aleppo: each source's current claims
        • HTS fighting for it — AFP (B1), 29 Nov 2024, 12:00, 1 day ago
        • HTS entered it — SOHR (B), 29 Nov 2024, 10:00, 1 day ago
        • Syrian army withdrew from it — SOHR (B), 29 Nov 2024, 10:00, 1 day ago

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("flags partial control whose newest claim is older than the brief's stale_after_hours", async () => {
    const { text } = await ask(store, "who-controls", { place: "Idlib" });
    expect(text).toMatchInlineSnapshot(`
      "Who controls Idlib (governorate, in Syria)
      Held in part by HTS (per AFP, 20 Nov) (stale)

      Idlib: each source's current claims
        • HTS in control of part of it: most of the province — AFP (B), 20 Nov 2024, 10 days ago [stale]

      Inside Idlib: Saraqib (city), disputed
        • HTS in control of it — AFP (B), 29 Nov 2024, 1 day ago
        • Syrian army in control of it — SOHR (B), 29 Nov 2024, 1 day ago
        • HTS fighting for it — SOHR (B), 29 Nov 2024, 1 day ago

      Inside Idlib: Maarat al-Numan (town), held by HTS (stale)
        • HTS in control of it — SOHR (B), 28 Nov 2024, 06:00, 2 days ago [stale]

      Note: Stale: the newest claim about who controls Idlib is from 20 Nov 2024, more than 48 hours before the time of this answer.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("says so when no source has reported on a place", async () => {
    const { text } = await ask(store, "who-controls", { place: "Hama" });
    expect(text).toMatchInlineSnapshot(`
      "Who controls Hama (city, in Syria)
      Unknown: no source has said who controls Hama

      Note: No source has reported who controls Hama yet.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("answers as unknown as of a time before the first claim", async () => {
    const { answer } = await ask(store, "who-controls", { place: "Saraqib", at: "2024-11-01" });
    expect(answer.verdict).toEqual([
      { text: "Unknown", style: "bold" },
      { text: ": no source has said who controls Saraqib" },
    ]);
  });

  it("answers an unknown name with the nearest places, not an error", async () => {
    const { answer, text } = await ask(store, "who-controls", { place: "Alepo" });
    expect(answer.kind).toBe("not-found");
    expect(text).toMatchInlineSnapshot(`
      "No place or actor called “Alepo”

      Note: Did you mean Aleppo (city) or Aleppo (governorate)?

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });
});
