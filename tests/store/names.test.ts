import { describe, expect, it } from "vitest";
import {
  actorNames,
  buildNameIndex,
  completeName,
  type Named,
  placeNames,
  resolveName,
  sourceNames,
} from "../../src/store/names.ts";
import type { Actor, Claim, Place, Source } from "../../src/store/schema.ts";
import { buildBrief, syntheticBrief } from "../fixtures/brief-builder.ts";

const places: Place[] = [
  { id: "syria", name: "Syria", kind: "country" },
  {
    id: "aleppo-governorate",
    name: "Aleppo",
    aliases: ["Halab"],
    kind: "governorate",
    in: "syria",
  },
  {
    id: "aleppo",
    name: "Aleppo",
    aliases: ["Halab", "Ḩalab", "حلب"],
    kind: "city",
    in: "aleppo-governorate",
  },
  { id: "new-aleppo", name: "New Aleppo", kind: "neighbourhood", in: "aleppo" },
  { id: "idlib-governorate", name: "Idlib", kind: "governorate", in: "syria" },
  { id: "idlib", name: "Idlib", aliases: ["إدلب"], kind: "city", in: "idlib-governorate" },
  {
    id: "saraqib",
    name: "Saraqib",
    aliases: ["Saraqeb", "Saraqab", "سراقب"],
    kind: "city",
    in: "idlib-governorate",
  },
  { id: "al-bab", name: "al-Bab", aliases: ["الباب"], kind: "city", in: "aleppo-governorate" },
  { id: "bab", name: "Bab", kind: "village", in: "idlib-governorate" },
];

const sources: Source[] = [
  {
    id: "sohr",
    name: "Syrian Observatory for Human Rights",
    aliases: ["SOHR", "OSDH", "Syrian Observatory"],
    kind: "monitor",
    reliability: "C",
  },
  {
    id: "afp",
    name: "Agence France-Presse",
    aliases: ["AFP"],
    kind: "wire-agency",
    reliability: "B",
  },
  {
    id: "sana",
    name: "Syrian Arab News Agency",
    aliases: ["SANA"],
    kind: "state-media",
    reliability: "D",
  },
];

const actors: Actor[] = [
  {
    id: "hts",
    name: "Hayat Tahrir al-Sham",
    short: "HTS",
    aliases: ["Hay'at Tahrir al-Sham", "Levant Liberation Organization"],
    side: "opposition",
  },
  { id: "syrian-army", name: "Syrian Arab Army", short: "SAA", side: "government" },
];

const claims: Claim[] = [
  {
    type: "control",
    source: "sohr",
    reported: "2024-11-29",
    place: "aleppo",
    actor: "hts",
    status: "entered",
    extent: "partial",
  },
  {
    type: "toll",
    source: "sohr",
    reported: "2024-11-29",
    metric: "killed",
    count: 255,
    qualifier: "more-than",
    who: "people",
    place: "aleppo-governorate",
  },
];

function makeBrief() {
  return buildBrief({
    id: "syria-northwest-2024",
    meta: { title: "North-west Syria offensive", timezone: "Asia/Damascus", stale_after_hours: 48 },
    sources,
    actors,
    places,
    claimFiles: { "2024-11-29.yaml": claims },
  });
}

const brief = makeBrief();
const ids = (list: readonly { item: Named }[]) => list.map((m) => m.item.id);

describe("resolveName on places", () => {
  it("finds Saraqib however its name is spelt or accented", () => {
    for (const query of ["Saraqeb", "saraqib", "Sarāqib", "SARAQIB", " saraqib "]) {
      expect(ids(resolveName(placeNames(brief), query).matches)).toEqual(["saraqib"]);
    }
  });

  it("says which spelling matched", () => {
    const [match] = resolveName(placeNames(brief), "saraqeb").matches;
    expect(match?.matched).toBe("Saraqeb");
  });

  it("finds Aleppo from Arabic, with or without tashkeel", () => {
    expect(ids(resolveName(placeNames(brief), "حلب").matches)).toEqual(["aleppo"]);
    expect(ids(resolveName(placeNames(brief), "حَلَب").matches)).toEqual(["aleppo"]);
  });

  it("finds Idlib from Arabic written with a plain alef", () => {
    expect(ids(resolveName(placeNames(brief), "ادلب").matches)).toEqual(["idlib"]);
  });

  it("answers the city before the governorate of the same name", () => {
    const { matches, suggestions } = resolveName(placeNames(brief), "Aleppo");
    expect(ids(matches)).toEqual(["aleppo", "aleppo-governorate"]);
    expect(suggestions).toEqual([]);
  });

  it("takes an id as a name, with hyphens or spaces", () => {
    expect(ids(resolveName(placeNames(brief), "new-aleppo").matches)).toEqual(["new-aleppo"]);
    expect(ids(resolveName(placeNames(brief), "new aleppo").matches)).toEqual(["new-aleppo"]);
    expect(ids(resolveName(placeNames(brief), "aleppo-governorate").matches)).toEqual([
      "aleppo-governorate",
    ]);
  });

  it("suggests Aleppo for Alepo and matches nothing", () => {
    const { matches, suggestions } = resolveName(placeNames(brief), "Alepo");
    expect(matches).toEqual([]);
    expect(ids(suggestions).slice(0, 2)).toEqual(["aleppo", "aleppo-governorate"]);
  });

  it("suggests Saraqib for Sarakeb", () => {
    const { matches, suggestions } = resolveName(placeNames(brief), "Sarakeb");
    expect(matches).toEqual([]);
    expect(ids(suggestions)).toEqual(["saraqib"]);
  });

  it("finds al-Bab from Bab only as a weaker match than the place called Bab", () => {
    const { matches } = resolveName(placeNames(brief), "Bab");
    expect(ids(matches)).toEqual(["bab", "al-bab"]);
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
  });

  it("finds al-Bab however its article is written", () => {
    for (const query of ["al-Bab", "al Bab", "el-Bab", "الباب"]) {
      expect(ids(resolveName(placeNames(brief), query).matches)[0]).toBe("al-bab");
    }
  });

  it("does not loosen a query that spells out its article and hits a name exactly", () => {
    expect(ids(resolveName(placeNames(brief), "al-Bab").matches)).toEqual(["al-bab"]);
  });

  it("suggests nothing for nonsense", () => {
    for (const query of ["xyzzy", "Qwertyuiop", "zz", "Homs"]) {
      expect(resolveName(placeNames(brief), query)).toEqual({ matches: [], suggestions: [] });
    }
  });

  it("answers nothing for an empty or punctuation-only query", () => {
    expect(resolveName(placeNames(brief), " - ")).toEqual({ matches: [], suggestions: [] });
  });

  it("suggests names that start with the query", () => {
    expect(ids(resolveName(placeNames(brief), "Sara").suggestions)).toEqual(["saraqib"]);
  });

  it("does not suggest a name for text in the middle of one of its words", () => {
    expect(resolveName(actorNames(brief), "ham").suggestions).toEqual([]);
    expect(ids(completeName(actorNames(brief), "ham"))).toEqual(["hts"]);
  });

  it("suggests names with a word that starts with the query", () => {
    expect(ids(resolveName(actorNames(brief), "tahri").suggestions)).toEqual(["hts"]);
  });

  it("resolves a whole word of exactly one name to it, and a word of several names to none", () => {
    expect(ids(resolveName(actorNames(brief), "tahrir").matches)).toEqual(["hts"]);
    const governorates = buildNameIndex([
      { id: "hama-governorate", name: "Hama Governorate", aliases: ["Hamah"] },
      { id: "idlib-governorate", name: "Idlib Governorate" },
    ]);
    expect(ids(resolveName(governorates, "Hama").matches)).toEqual(["hama-governorate"]);
    expect(resolveName(governorates, "Governorate").matches).toEqual([]);
  });

  it("keeps at most limit suggestions", () => {
    expect(resolveName(placeNames(brief), "Alep", 1).suggestions).toHaveLength(1);
  });
});

describe("Idleb", () => {
  const idlib: Place = { id: "idlib", name: "Idlib", kind: "city" };

  it("finds Idlib when Idleb is an alias", () => {
    const index = buildNameIndex([{ ...idlib, aliases: ["Idleb"] }]);
    expect(ids(resolveName(index, "Idleb").matches)).toEqual(["idlib"]);
  });

  it("only suggests Idlib when Idleb is not an alias", () => {
    const { matches, suggestions } = resolveName(buildNameIndex([idlib]), "Idleb");
    expect(matches).toEqual([]);
    expect(ids(suggestions)).toEqual(["idlib"]);
  });
});

describe("ranking", () => {
  it("puts a match on the primary name before a match on an alias", () => {
    const index = buildNameIndex([
      { id: "a", name: "Other", aliases: ["Halab"] },
      { id: "b", name: "Halab" },
    ]);
    const { matches } = resolveName(index, "halab");
    expect(ids(matches)).toEqual(["b", "a"]);
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
  });

  it("breaks ties in score by rank, higher first", () => {
    const items = [
      { id: "gov", name: "Aleppo", kind: "governorate" },
      { id: "city", name: "Aleppo", kind: "city" },
    ];
    const cityFirst = buildNameIndex(items, (item) => (item.kind === "city" ? 1 : 0));
    const govFirst = buildNameIndex(items, (item) => (item.kind === "city" ? 0 : 1));
    expect(ids(resolveName(cityFirst, "aleppo").matches)).toEqual(["city", "gov"]);
    expect(ids(resolveName(govFirst, "aleppo").matches)).toEqual(["gov", "city"]);
  });

  it("completes a prefix best-ranked first", () => {
    const index = buildNameIndex(
      [
        { id: "kafr-halab", name: "Kafr Halab", claims: 1 },
        { id: "kafr-nabl", name: "Kafr Nabl", claims: 9 },
      ],
      (item) => item.claims,
    );
    expect(ids(completeName(index, "kafr"))).toEqual(["kafr-nabl", "kafr-halab"]);
  });

  it("breaks ties in score and rank by name", () => {
    const index = buildNameIndex([
      { id: "c", name: "Kafr Nabl" },
      { id: "a", name: "Kafr Halab" },
      { id: "b", name: "Kafr Hamra" },
    ]);
    expect(ids(completeName(index, "kafr"))).toEqual(["a", "b", "c"]);
  });
});

describe("resolveName on sources and actors", () => {
  it("finds SOHR by its French abbreviation, in any case", () => {
    const { matches } = resolveName(sourceNames(brief), "osdh");
    expect(ids(matches)).toEqual(["sohr"]);
    expect(matches[0]!.matched).toBe("OSDH");
  });

  it("finds HTS by its short name, its name and its apostrophed alias", () => {
    for (const query of [
      "HTS",
      "Hayat Tahrir al-Sham",
      "Hay'at Tahrir al-Sham",
      "Hayʼat Tahrir al Sham",
    ]) {
      expect(ids(resolveName(actorNames(brief), query).matches)).toEqual(["hts"]);
    }
  });

  it("suggests an actor from a misspelt alias", () => {
    expect(
      ids(resolveName(actorNames(brief), "Levant Liberation Organisation").suggestions),
    ).toEqual(["hts"]);
  });
});

describe("completeName", () => {
  it("lists the top-ranked places for an empty query", () => {
    const listed = ids(completeName(placeNames(brief), "", 4));
    expect(listed).toEqual(["aleppo", "al-bab", "idlib", "saraqib"]);
  });

  it("lists every item when the limit allows, and never more than the limit", () => {
    expect(completeName(placeNames(brief), "")).toHaveLength(places.length);
    expect(completeName(placeNames(brief), "a", 2)).toHaveLength(2);
  });

  it("completes a prefix, names before words inside names", () => {
    expect(ids(completeName(placeNames(brief), "ale"))).toEqual([
      "aleppo",
      "aleppo-governorate",
      "new-aleppo",
    ]);
  });

  it("puts an exact match first", () => {
    expect(ids(completeName(placeNames(brief), "bab"))[0]).toBe("bab");
    expect(ids(completeName(placeNames(brief), "bab"))).toContain("al-bab");
  });

  it("completes a prefix of a name without its article", () => {
    const index = buildNameIndex([{ id: "ar-raqqa", name: "ar-Raqqa" }]);
    expect(ids(completeName(index, "raq"))).toEqual(["ar-raqqa"]);
  });

  it("completes text inside a name", () => {
    expect(ids(completeName(sourceNames(brief), "observ"))).toEqual(["sohr"]);
    expect(ids(completeName(sourceNames(brief), "rance"))).toEqual(["afp"]);
  });

  it("falls back to near misses", () => {
    expect(ids(completeName(placeNames(brief), "Sarakeb"))).toEqual(["saraqib"]);
  });

  it("completes nothing for nonsense", () => {
    expect(completeName(placeNames(brief), "xyzzy")).toEqual([]);
  });
});

describe("per-brief indexes", () => {
  it("builds each index once per brief", () => {
    expect(placeNames(brief)).toBe(placeNames(brief));
    expect(actorNames(brief)).toBe(actorNames(brief));
    expect(sourceNames(brief)).toBe(sourceNames(brief));
  });

  it("builds a new index for another brief", () => {
    expect(placeNames(makeBrief())).not.toBe(placeNames(brief));
  });

  it("ranks places of one kind by how many claims name them", () => {
    const index = placeNames(brief);
    // Both governorates; only Aleppo's has a claim.
    expect(
      index.ranked.map((place) => place.id).filter((id) => id.endsWith("-governorate")),
    ).toEqual(["aleppo-governorate", "idlib-governorate"]);
  });
});

describe("misspellings among thousands of names", () => {
  const brief = syntheticBrief("many-names", { claims: 2_000, seed: 3, days: 5 });
  const index = placeNames(brief);

  it("suggests the place for a name with one letter changed, dropped or added", () => {
    let checked = 0;
    for (const place of [...brief.places.values()].filter((p) => p.name.length >= 8)) {
      const name = place.name;
      const at = Math.floor(name.length / 2);
      for (const typo of [
        `${name.slice(0, at)}x${name.slice(at + 1)}`,
        `${name.slice(0, at)}${name.slice(at + 1)}`,
        `${name.slice(0, at)}q${name.slice(at)}`,
      ]) {
        const { matches, suggestions } = resolveName(index, typo, 200);
        const found = [...matches, ...suggestions].map((m) => m.item.id);
        expect(found, typo).toContain(place.id);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
