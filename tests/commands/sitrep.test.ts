import { describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digest/build.ts";
import { ask, NOW, offensiveBrief, quietBrief, storeOf } from "../fixtures/briefs.ts";

const brief = offensiveBrief();
const store = storeOf(brief);
const HOUR = 3_600_000;

describe("/sitrep", () => {
  it("reports the last 24 hours by section, with each toll's change and places gone stale", async () => {
    const { text } = await ask(store, "sitrep");
    expect(text).toMatchInlineSnapshot(`
      "Sitrep: Test offensive
      5 claims reported or withdrawn from 29 Nov 2024, 12:00 to 30 Nov 2024, 12:00

      Control reports
        • HTS fighting for New Aleppo — AFP (B1), 29 Nov 2024, 12:00, 1 day ago

      Tolls
        • more than 311 people killed since 27 Nov in Syria (up from more than 255) — SOHR (B), 30 Nov 2024, 09:00, 3 hours ago
        • at least 60 people injured in New Aleppo — AFP (B), 29 Nov 2024, 15:00, 21 hours ago
            corrects its claim of 29 Nov

      Events
        • Clashes between the attackers and Syrian forces. (New Aleppo) — AFP (B), 29 Nov 2024, 12:00, 1 day ago

      Withdrawn
        • Syrian army in control of Saraqib — SANA (D), 29 Nov 2024, 08:00, 1 day ago
            withdrawn by the source on 29 Nov: misread report

      Gone stale
        • Maarat al-Numan: no control claim since 28 Nov 2024, 06:00 (2 days ago) — SOHR (B), 28 Nov 2024, 06:00, 2 days ago [stale]

      Note: Gone stale: no source has updated who controls these places for more than 48 hours.

      Test offensive (brief offensive), as of now, 30 Nov 2024, 12:00 (Asia/Damascus)"
    `);
  });

  it("reads `since` as a duration back from the `at` time", async () => {
    const { answer } = await ask(store, "sitrep", { since: "6h", at: "2024-11-29T12:00" });
    expect(answer.verdict).toBe(
      "7 claims reported or withdrawn from 29 Nov 2024, 06:00 to 29 Nov 2024, 12:00",
    );
  });

  it("says nothing is new when the period is empty, and leaves no facts for the scheduler to post", async () => {
    const answer = buildDigest(quietBrief(), { since: NOW - 24 * HOUR, until: NOW, now: NOW });
    expect(answer.verdict).toBe(
      "Nothing new since 29 Nov 2024, 09:00: this brief has no claims yet",
    );
    expect(answer.sections.every((s) => s.facts.length === 0)).toBe(true);
  });

  it("excludes the end of an explicit window and includes its start", async () => {
    const start = Date.parse("2024-11-29T00:00:00+03:00");
    const answer = buildDigest(brief, { since: start, until: start + 10 * HOUR, now: NOW });
    // Eleven claims by 09:00; the three made at 10:00 sharp fall outside.
    expect(answer.verdict).toBe(
      "11 claims reported or withdrawn from 29 Nov 2024, 00:00 to 29 Nov 2024, 09:59",
    );
  });

  it("refuses a start after the time it is as of", async () => {
    const { answer } = await ask(store, "sitrep", { since: "2024-11-30T11:00", at: "2024-11-29" });
    expect(answer.kind).toBe("usage");
  });
});
