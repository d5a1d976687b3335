import { describe, expect, it } from "vitest";
import sitrep from "../../commands/sitrep.ts";
import toll from "../../commands/toll.ts";
import whoControls from "../../commands/who-controls.ts";
import { checkArgs } from "../../src/core/check.ts";
import { parseCommandText, tokenize } from "../../src/core/parse.ts";
import { usageHint, usageOf } from "../../src/core/usage.ts";

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
  it("reads a yes/no option's name as a word: /who-controls Saraqib history", () => {
    expect(parseCommandText(whoControls.definition, "Saraqib history")).toEqual({
      ok: true,
      values: { place: "Saraqib", history: "yes" },
      share: false,
    });
  });

  it("joins loose words into the positional place", () => {
    const parsed = parseCommandText(whoControls.definition, "New Aleppo at:2024-11-30");
    expect(parsed).toEqual({
      ok: true,
      values: { place: "New Aleppo", at: "2024-11-30" },
      share: false,
    });
  });

  it("takes a lone metric word as the metric, whatever its position", () => {
    const parsed = parseCommandText(toll.definition, "killed Aleppo share");
    expect(parsed).toEqual({
      ok: true,
      values: { metric: "killed", place: "Aleppo" },
      share: true,
    });
  });

  it("refuses an option given twice", () => {
    expect(parseCommandText(whoControls.definition, "Aleppo at:2024-11-30 at:2024-11-29").ok).toBe(
      false,
    );
  });

  it("reads a subcommand's words by their shape, in any order", () => {
    const parsed = parseCommandText(sitrep.definition, "subscribe Europe/Berlin 7:30 empty:yes");
    expect(parsed).toMatchObject({
      ok: true,
      subcommand: { name: "subscribe" },
      values: { time: "7:30", timezone: "Europe/Berlin", empty: "yes" },
    });
    expect(parseCommandText(sitrep.definition, "schedule all")).toMatchObject({
      subcommand: { name: "schedule" },
      values: { all: "yes" },
    });
  });

  it("fills the positional options left empty with the words left: /sitrep Saraqib since:2024-11-28", () => {
    const read = (text: string) => parseCommandText(sitrep.definition, text);
    const saraqibSince = {
      ok: true,
      values: { place: "Saraqib", since: "2024-11-28", at: "2024-11-30" },
      share: false,
    };
    expect(read("Saraqib since:2024-11-28 at:2024-11-30")).toEqual(saraqibSince);
    expect(read("Saraqib 2024-11-28 at:2024-11-30")).toEqual(saraqibSince);
    expect(read("place:Saraqib 2024-11-28 at:2024-11-30")).toEqual(saraqibSince);
    expect(read("3d")).toEqual({ ok: true, values: { since: "3d" }, share: false });
    expect(read("New Aleppo")).toEqual({ ok: true, values: { place: "New Aleppo" }, share: false });
  });

  it("reads /toll and /who-controls alike whichever option is named", () => {
    const aleppoKilled = {
      ok: true,
      values: { place: "Aleppo", metric: "killed", at: "2024-11-30" },
      share: false,
    };
    expect(parseCommandText(toll.definition, "Aleppo killed at:2024-11-30")).toEqual(aleppoKilled);
    expect(parseCommandText(toll.definition, "metric:killed Aleppo at:2024-11-30")).toEqual(
      aleppoKilled,
    );
    expect(parseCommandText(toll.definition, "place:Aleppo killed at:2024-11-30")).toEqual(
      aleppoKilled,
    );
    const saraqibHistory = {
      ok: true,
      values: { place: "Saraqib", history: "yes", at: "2024-11-30" },
      share: false,
    };
    expect(parseCommandText(whoControls.definition, "Saraqib history at:2024-11-30")).toEqual(
      saraqibHistory,
    );
    expect(parseCommandText(whoControls.definition, "history Saraqib at:2024-11-30")).toEqual(
      saraqibHistory,
    );
    expect(parseCommandText(whoControls.definition, "place:Saraqib history at:2024-11-30")).toEqual(
      saraqibHistory,
    );
  });

  it("takes the command's own name among its subcommands as the command itself", () => {
    expect(parseCommandText(sitrep.definition, "summary since:3d")).toEqual({
      ok: true,
      values: { since: "3d" },
      share: false,
    });
  });
});

describe("checkArgs", () => {
  it("refuses a missing required option and a time it cannot read", () => {
    const { options } = whoControls.definition;
    expect(checkArgs(options, { at: "2024-11-30" })).toEqual({
      ok: false,
      error: '"place" is required',
    });
    expect(checkArgs(options, { place: "Aleppo", at: "yesteryear" }).ok).toBe(false);
  });

  it("normalises typed and parsed values alike", () => {
    const subscribe = sitrep.definition.subcommands.find((s) => s.name === "subscribe")!;
    expect(
      checkArgs(subscribe.options, { time: "7:30", timezone: "europe/berlin", empty: true }),
    ).toEqual({
      ok: true,
      args: { time: "07:30", timezone: "Europe/Berlin", empty: true },
    });
    expect(checkArgs(subscribe.options, { empty: "maybe" })).toEqual({
      ok: false,
      error: '"empty" takes yes or no',
    });
  });
});

describe("usage", () => {
  it("is derived from the definition, subcommands included", () => {
    expect(usageOf(whoControls.definition)).toMatch(/^Usage: \/who-controls <place>/);
    expect(usageHint(toll.definition)).toBe(
      "[place] [killed|injured|displaced|detained|missing] [chart] [at:DATE] [brief:ID]",
    );
    expect(usageHint(sitrep.definition)).toContain(
      "subscribe [HH:MM] [time zone] [empty:yes|no] [pictures:on|off] [brief:ID]",
    );
  });
});
