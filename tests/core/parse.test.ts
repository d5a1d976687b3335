import { describe, expect, it } from "vitest";
import toll from "../../commands/toll.ts";
import whoControls from "../../commands/who-controls.ts";
import { parseCommandText, tokenize } from "../../src/core/parse.ts";

describe("tokenize", () => {
  it("keeps quoted stretches whole and drops the quotes", () => {
    expect(tokenize(`"New Aleppo" at:2024-11-30 “Bab al-Hawa”`)).toEqual([
      "New Aleppo",
      "at:2024-11-30",
      "Bab al-Hawa",
    ]);
  });
});

describe("parseCommandText", () => {
  it("reads a flag option's name as a word: /who-controls Saraqib history", () => {
    expect(parseCommandText(whoControls.definition, "Saraqib history")).toEqual({
      ok: true,
      args: { place: "Saraqib", history: "true" },
      share: false,
    });
  });

  it("joins loose words into the positional place", () => {
    const parsed = parseCommandText(whoControls.definition, "New Aleppo at:2024-11-30");
    expect(parsed).toEqual({
      ok: true,
      args: { place: "New Aleppo", at: "2024-11-30" },
      share: false,
    });
  });

  it("takes a lone metric word as the metric, whatever its position", () => {
    const parsed = parseCommandText(toll.definition, "killed Aleppo share");
    expect(parsed).toEqual({ ok: true, args: { metric: "killed", place: "Aleppo" }, share: true });
  });

  it("answers a usage line when a required option is missing", () => {
    const parsed = parseCommandText(whoControls.definition, "at:2024-11-30");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain("Usage: /who-controls <place>");
  });

  it("refuses a time it cannot read", () => {
    const parsed = parseCommandText(whoControls.definition, "Aleppo at:yesteryear");
    expect(parsed.ok).toBe(false);
  });

  it("refuses an option given twice", () => {
    expect(parseCommandText(whoControls.definition, "Aleppo at:2024-11-30 at:2024-11-29").ok).toBe(
      false,
    );
  });
});
