// Golden answers of /who-controls over small invented briefs, one per verdict rule of the brief
// format (1.1): fitting pictures, conflicting standings, overtaken pictures and the history, party
// marks and dates in the verdict line, ages as of T, actors and words that name both.
import { describe, expect, it } from "vitest";
import { formatAge } from "../../src/answer/format.ts";
import { actor, buildBrief, claim, place, source, storeOf } from "../fixtures/brief-builder.ts";
import { ask } from "../fixtures/briefs.ts";

const T = Date.parse("2024-11-30T12:00:00Z");

const sources = [
  source("sohr", { name: "Syrian Observatory for Human Rights", aliases: ["SOHR"] }),
  source("sana", {
    name: "Syrian Arab News Agency",
    aliases: ["SANA"],
    kind: "state-media",
    party: "gov",
  }),
  source("army", {
    name: "Syrian army command",
    aliases: ["Syrian army"],
    kind: "government",
    party: "gov",
  }),
  source("afp", { name: "Agence France-Presse", aliases: ["AFP"], kind: "wire-agency" }),
];
const actors = [
  actor("hts", { name: "Hayat Tahrir al-Sham", short: "HTS", side: "opposition" }),
  actor("gov", { name: "Syrian government forces", side: "government" }),
  actor("hama-brigade", { name: "Hama Brigade", aliases: ["Hama"], side: "opposition" }),
];
const places = [
  place("idlib", { name: "Idlib Governorate", kind: "governorate" }),
  place("saraqib", { in: "idlib" }),
  place("hama", { name: "Hama" }),
  place("aleppo"),
];

function storeWith(claims: readonly Record<string, unknown>[]) {
  return storeOf(buildBrief({ sources, actors, places, claims }));
}
const control = (fields: Record<string, unknown>) =>
  claim.control({ place: "saraqib", reported: "2024-11-30", ...fields });
const verdictOf = async (store: ReturnType<typeof storeWith>, name: string, at?: string) =>
  (
    await ask(store, "who-controls", { place: name, ...(at === undefined ? {} : { at }) }, T)
  ).text.split("\n")[1];

describe("/who-controls verdict lines", () => {
  it("does not call fitting pictures disputed, and names plural holders without verb trouble", async () => {
    const store = storeWith([
      control({ source: "sana", actor: "gov", status: "controls" }),
      control({ source: "sohr", actor: "hts", status: "approaching", reported: "2024-11-29" }),
    ]);
    expect(await verdictOf(store, "Saraqib")).toBe(
      "Held by Syrian government forces (per SANA, the government's state media, 30 Nov); HTS approaching (per SOHR, 29 Nov)",
    );
  });

  it("calls conflicting standings disputed: most of a city held, per a monitor; entered, per a party", async () => {
    const store = storeWith([
      control({ source: "sohr", actor: "hts", status: "controls", extent: "partial" }),
      control({ source: "army", actor: "hts", status: "entered" }),
      control({ source: "army", actor: "gov", status: "controls", extent: "partial" }),
    ]);
    const { answer, text } = await ask(store, "who-controls", { place: "Saraqib" }, T);
    expect(answer.control).toMatchObject({ kind: "disputed" });
    expect(text.split("\n")[1]).toBe(
      "Disputed: per Syrian army, speaking for the government, 30 Nov: held in part by Syrian government forces, HTS inside; per SOHR, 30 Nov: held in part by HTS",
    );
  });

  it("names the first twelve overtaken sources, newest first, and counts the rest", async () => {
    const many = Array.from({ length: 15 }, (_, i) =>
      source(`monitor-${i + 1}`, { name: `Monitor ${i + 1}` }),
    );
    const reports = many.map((s, i) =>
      control({
        source: s.id,
        actor: "hts",
        status: "entered",
        reported: `2024-11-${String(i + 1).padStart(2, "0")}`,
      }),
    );
    const brief = buildBrief({
      sources: [...sources, ...many],
      actors,
      places,
      claims: [...reports, control({ source: "sana", actor: "gov", status: "controls" })],
    });
    const { text } = await ask(storeOf(brief), "who-controls", { place: "Saraqib" }, T);
    const named = Array.from({ length: 12 }, (_, i) => `Monitor ${15 - i}, ${15 - i} Nov`);
    expect(text).toContain(
      `Left out as overtaken, more than 48 hours older than the newest report: ${named.join("; ")}; and 3 more sources.`,
    );
  });

  it("leaves an overtaken picture out of the verdict, says so, and shows it in the history", async () => {
    const store = storeWith([
      control({ source: "sohr", actor: "hts", status: "entered", reported: "2024-11-08" }),
      control({ source: "sana", actor: "gov", status: "controls", reported: "2024-11-29" }),
      control({ source: "sohr", actor: "hts", status: "approaching", reported: "2024-11-07" }),
    ]);
    const { text } = await ask(store, "who-controls", { place: "Saraqib" }, T);
    expect(text).toContain(
      "Held by Syrian government forces (per SANA, the government's state media, 29 Nov)\n",
    );
    expect(text).toContain(
      "Left out as overtaken, more than 48 hours older than the newest report: SOHR, 8 Nov.",
    );
    const history = (await ask(store, "who-controls", { place: "Saraqib history" }, T)).text;
    expect(history).toMatchInlineSnapshot(`
      "Who controls Saraqib (city, in Idlib Governorate): history
      Held by Syrian government forces (per SANA, the government's state media, 29 Nov)

      Each source's reports, oldest first
        • 7 Nov: per SOHR: HTS approaching — SOHR (B), 7 Nov 2024, 23 days ago [stale]
            verdict after: unknown
        • 8 Nov: per SOHR: HTS inside — SOHR (B), 8 Nov 2024, 22 days ago [stale]
            verdict after: contested
        • 29 Nov: per SANA: held by Syrian government forces — SANA (B), 29 Nov 2024, 1 day ago
            verdict after: held by Syrian government forces

      Test brief (brief test-brief), as of now, 30 Nov 2024, 12:00 (UTC)"
    `);
  });

  it("keeps the newest steps of a long history and counts the earlier ones", async () => {
    const days = Array.from({ length: 15 }, (_, i) => `2024-11-${String(10 + i).padStart(2, "0")}`);
    const long = storeWith(
      days.map((reported, i) =>
        control({
          source: "sohr",
          actor: i % 2 === 0 ? "hts" : "gov",
          status: "controls",
          reported,
        }),
      ),
    );
    const { answer } = await ask(long, "who-controls", { place: "Saraqib history" }, T);
    const facts = answer.sections[0]!.facts;
    expect(facts).toHaveLength(12);
    expect(JSON.stringify(facts[11]!.text)).toContain("24 Nov");
    expect(answer.notes).toContain(
      "3 earlier changes left out; ask with at:DATE for an earlier part of the history.",
    );
  });

  it("counts ages from the time the answer is as of, by calendar, across a year boundary", async () => {
    const store = storeWith([
      control({ source: "sana", actor: "gov", status: "controls", reported: "2024-11-29" }),
    ]);
    const later = Date.parse("2026-12-01T12:00:00Z");
    const asOf = (await ask(store, "who-controls", { place: "Saraqib", at: "2026-11-30" }, later))
      .text;
    expect(asOf).toContain("29 Nov 2024, 2 years ago [stale]");
    expect(asOf.split("\n")[1]).toBe(
      "Held by Syrian government forces (per SANA, the government's state media, 29 Nov 2024) (stale)",
    );
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
    expect(formatAge(day("2024-11-30"), day("2026-11-30"))).toBe("2 years ago");
    expect(formatAge(day("2024-11-29"), day("2026-11-30"))).toBe("2 years ago");
    expect(formatAge(day("2024-12-01"), day("2026-11-30"))).toBe("1 year ago");
    expect(formatAge(day("2024-12-31"), day("2025-01-01"))).toBe("1 day ago");
    expect(formatAge(day("2024-11-29"), day("2024-12-01"))).toBe("2 days ago");
  });
});

describe("/who-controls <actor>", () => {
  const store = storeWith([
    control({ source: "sohr", actor: "hts", status: "controls" }),
    control({ source: "sohr", actor: "hts", status: "approaching", place: "aleppo" }),
    control({ source: "afp", actor: "gov", status: "controls", place: "aleppo" }),
    control({ source: "afp", actor: "hama-brigade", status: "contested", place: "hama" }),
  ]);

  it("answers what the actor's side holds, is present in or near, with each place's verdict", async () => {
    expect((await ask(store, "who-controls", { place: "HTS" }, T)).text).toMatchInlineSnapshot(`
      "Where HTS stands
      HTS and its side (the opposition): holds 1 place, present in 1 place, near 1 place, by each place's verdict

      Holds
        • Saraqib: Held by HTS (per SOHR, 30 Nov)

      Present in
        • Hama: Contested: Hama Brigade fighting for it (per AFP, 30 Nov); no source says who holds it

      Near
        • Aleppo: Held by Syrian government forces (per AFP, 30 Nov); HTS approaching (per SOHR, 30 Nov)

      Test brief (brief test-brief), as of now, 30 Nov 2024, 12:00 (UTC)"
    `);
  });

  it("answers a word that is both a place and an actor for the place, and names the actor", async () => {
    const { text } = await ask(store, "who-controls", { place: "Hama" }, T);
    expect(text.split("\n")[0]).toBe("Who controls Hama (city)");
    expect(text).toContain(
      "“Hama” is also the name of an actor, Hama Brigade: ask /who-controls hama-brigade",
    );
  });

  it("suggests the nearest places, actors and sources for a name that resolves to nothing", async () => {
    const { answer, text } = await ask(store, "who-controls", { place: "Sohrr" }, T);
    expect(answer.kind).toBe("not-found");
    expect(text).toContain("Did you mean SOHR (source)?");
  });
});
