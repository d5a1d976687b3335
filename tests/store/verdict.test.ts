// The verdict rules of the brief format (1.1, "Verdicts"), one small invented brief per rule.
import { describe, expect, it } from "vitest";
import {
  actorPlaces,
  conflictOf,
  partyOf,
  placeHistory,
  placeVerdict,
  verdictKey,
} from "../../src/store/verdict.ts";
import { actor, buildBrief, claim, place, source } from "../fixtures/brief-builder.ts";

const at = (iso: string) => Date.parse(iso);
const T = at("2024-11-30T12:00:00Z");

const sources = [
  source("sohr"),
  source("afp", { kind: "wire-agency" }),
  source("sana", { kind: "state-media", party: "gov" }),
  source("army", { kind: "government", party: "gov" }),
];
const actors = [
  actor("hts", { side: "opposition" }),
  actor("sna", { side: "opposition" }),
  actor("gov", { name: "Syrian government forces", side: "government" }),
  actor("turkey"),
];
const places = [place("idlib", { kind: "governorate" }), place("saraqib", { in: "idlib" })];

function brief(claims: readonly Record<string, unknown>[], meta = {}) {
  return buildBrief({ sources, actors, places, claims, meta });
}
const control = (fields: Record<string, unknown>) =>
  claim.control({ place: "saraqib", reported: "2024-11-30", ...fields });

describe("parties (rule 3)", () => {
  it("groups actors of one side as one party; an actor without a side is its own", () => {
    const b = brief([]);
    expect(partyOf(b, "hts")).toBe("opposition");
    expect(partyOf(b, "sna")).toBe("opposition");
    expect(partyOf(b, "turkey")).toBe("actor:turkey");
  });
});

describe("pictures that fit together (rule 4)", () => {
  it("is held, not disputed, when one source says a party holds it and another that another party approaches it", () => {
    const v = placeVerdict(
      brief([
        control({ source: "sana", actor: "gov", status: "controls" }),
        control({ source: "sohr", actor: "hts", status: "approaching" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.kind).toBe("held");
    expect(v.conflicts).toEqual([]);
    expect(v.parties.map((p) => [p.party, p.standing, p.sources])).toEqual([
      ["government", "holds", ["sana"]],
      ["opposition", "near", ["sohr"]],
    ]);
  });

  it("is split when two parties each hold part", () => {
    const v = placeVerdict(
      brief([
        control({ source: "sohr", actor: "hts", status: "controls", extent: "partial" }),
        control({ source: "afp", actor: "gov", status: "controls", extent: "partial" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.kind).toBe("split");
  });

  it("is held in part when the one holder holds part, with others entering or fighting", () => {
    const v = placeVerdict(
      brief([
        control({ source: "sohr", actor: "hts", status: "controls", extent: "partial" }),
        control({ source: "afp", actor: "gov", status: "contested" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.kind).toBe("held-in-part");
  });

  it("takes a source's claims of one time as one picture: HTS entered, the army withdrew", () => {
    const v = placeVerdict(
      brief([
        control({ source: "sohr", actor: "hts", status: "entered" }),
        control({ source: "sohr", actor: "gov", status: "withdrew" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.evidence).toHaveLength(1);
    expect(v.evidence[0]!.picture.claims.map((c) => c.status)).toEqual(["entered", "withdrew"]);
    expect(v.kind).toBe("contested");
  });
});

describe("conflicting standings (rule 4)", () => {
  it("is disputed when one says a party holds all and another that another party holds part", () => {
    const v = placeVerdict(
      brief([
        control({ source: "army", actor: "gov", status: "controls" }),
        control({ source: "sohr", actor: "hts", status: "controls", extent: "partial" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.kind).toBe("disputed");
    expect(v.conflicts).toMatchObject([{ reason: "holders" }]);
  });

  it("is disputed when one says a party holds most of it and the other that it only entered", () => {
    const v = placeVerdict(
      brief([
        control({ source: "sohr", actor: "hts", status: "controls", extent: "partial" }),
        control({ source: "army", actor: "hts", status: "entered" }),
        control({ source: "army", actor: "gov", status: "controls", extent: "partial" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.kind).toBe("disputed");
    expect(v.conflicts).toMatchObject([{ reason: "standing", parties: ["opposition"] }]);
  });

  it("is disputed when two parties are each said to hold all of it", () => {
    const b = brief([
      control({ source: "afp", actor: "hts", status: "controls" }),
      control({ source: "sohr", actor: "gov", status: "controls" }),
      control({ source: "sohr", actor: "hts", status: "contested" }),
    ]);
    expect(placeVerdict(b, "saraqib", T).kind).toBe("disputed");
  });

  it("does not call one party's actors a conflict: HTS holds, per one; SNA holds, per another", () => {
    const v = placeVerdict(
      brief([
        control({ source: "afp", actor: "hts", status: "controls" }),
        control({ source: "sohr", actor: "sna", status: "controls" }),
      ]),
      "saraqib",
      T,
    );
    expect(v.kind).toBe("held");
    expect(v.parties[0]!.actors).toEqual(["hts", "sna"]);
  });

  it("conflictOf is symmetric", () => {
    const b = brief([
      control({ source: "afp", actor: "hts", status: "controls", extent: "partial" }),
      control({ source: "sohr", actor: "gov", status: "controls" }),
    ]);
    const [x, y] = placeVerdict(b, "saraqib", T).evidence.map((e) => e.picture);
    expect(conflictOf(x!, y!)).toBeDefined();
    expect(conflictOf(y!, x!)).toBeDefined();
  });
});

describe("current and overtaken (rule 2)", () => {
  // An entry, then a retaking three weeks later: the entry is overtaken, not a dispute.
  const b = brief([
    control({ source: "sohr", actor: "hts", status: "controls", reported: "2024-11-01" }),
    control({ source: "sana", actor: "gov", status: "controls", reported: "2024-11-22" }),
  ]);

  it("leaves a picture older than the newest by more than stale_after_hours out of the verdict", () => {
    const v = placeVerdict(b, "saraqib", at("2024-11-23T00:00:00Z"));
    expect(v.kind).toBe("held");
    expect(v.parties.map((p) => p.party)).toEqual(["government"]);
    expect(v.overtaken.map((p) => p.source)).toEqual(["sohr"]);
    expect(v.evidence.map((e) => e.source)).toEqual(["sana"]);
  });

  it("keeps an overtaken picture in the history, with the verdict after each change", () => {
    const history = placeHistory(b, "saraqib", T);
    expect(history.map((s) => [s.pictures[0]!.source, s.verdict.kind])).toEqual([
      ["sohr", "held"],
      ["sana", "held"],
    ]);
    expect(history[0]!.verdict.parties[0]!.party).toBe("opposition");
    expect(history[1]!.verdict.parties[0]!.party).toBe("government");
  });

  it("is stale when the newest current picture is older than stale_after_hours at T", () => {
    expect(placeVerdict(b, "saraqib", at("2024-11-23T00:00:00Z")).stale).toBe(false);
    expect(placeVerdict(b, "saraqib", at("2024-11-25T00:00:00Z")).stale).toBe(true);
  });

  it("keeps two pictures within stale_after_hours of each other both current", () => {
    const near = brief([
      control({ source: "sohr", actor: "hts", status: "controls", reported: "2024-11-28" }),
      control({ source: "sana", actor: "gov", status: "controls", reported: "2024-11-30" }),
    ]);
    expect(placeVerdict(near, "saraqib", T).kind).toBe("disputed");
  });
});

describe("corrections and T (rule 1)", () => {
  it("leaves withdrawn and superseded claims out, and never uses a claim after T", () => {
    const b = brief([
      control({
        source: "sana",
        actor: "gov",
        status: "controls",
        reported: "2024-11-30T08:00:00Z",
        withdrawn: { reported: "2024-11-30T10:00:00Z" },
      }),
      control({ id: "old", source: "afp", actor: "hts", status: "controls" }),
      control({
        source: "afp",
        actor: "hts",
        status: "entered",
        reported: "2024-11-30T09:00:00Z",
        supersedes: "old",
      }),
      control({ source: "sohr", actor: "gov", status: "controls", reported: "2024-12-01" }),
    ]);
    const v = placeVerdict(b, "saraqib", T);
    expect(v.evidence.map((e) => e.source)).toEqual(["afp"]);
    expect(v.kind).toBe("contested");
    const before = placeVerdict(b, "saraqib", at("2024-11-30T08:30:00Z"));
    expect(before.kind).toBe("disputed");
  });

  it("is unknown when no source has a picture", () => {
    expect(placeVerdict(brief([]), "saraqib", T)).toMatchObject({
      kind: "unknown",
      parties: [],
      evidence: [],
      stale: false,
    });
  });
});

describe("evidence (rule 6)", () => {
  it("gives each source with the date of its claim and the party it speaks for", () => {
    const v = placeVerdict(
      brief([control({ source: "sana", actor: "gov", status: "controls" })]),
      "saraqib",
      T,
    );
    expect(v.evidence).toMatchObject([
      {
        source: "sana",
        at: at("2024-11-30"),
        dateOnly: true,
        party: "government",
        partyActor: "gov",
      },
    ]);
  });
});

describe("verdictKey", () => {
  it("changes with the kind or the holders, not with the sources or another party's approach", () => {
    const one = brief([control({ source: "sana", actor: "gov", status: "controls" })]);
    const two = brief([
      control({ source: "sana", actor: "gov", status: "controls" }),
      control({ source: "afp", actor: "gov", status: "controls" }),
    ]);
    const three = brief([
      control({ source: "sana", actor: "gov", status: "controls" }),
      control({ source: "sohr", actor: "hts", status: "approaching" }),
    ]);
    const four = brief([
      control({ source: "sana", actor: "gov", status: "controls", extent: "partial" }),
    ]);
    const key = (b: ReturnType<typeof brief>) => verdictKey(placeVerdict(b, "saraqib", T));
    expect(key(one)).toBe(key(two));
    expect(key(one)).toBe(key(three));
    expect(key(one)).not.toBe(key(four));
  });

  it("names every holder once, in the same order whichever order the parties come in", () => {
    type Key = Parameters<typeof verdictKey>[0];
    const party = (name: string, extent: string, standing: string) =>
      ({ party: name, extent, standing }) as unknown as Key["parties"][number];
    const parties = [
      party("hts", "partial", "holds"),
      party("sdf", "full", "near"),
      party("gov", "partial", "holds"),
    ];
    const contested: Key = { kind: "contested", parties };
    expect(verdictKey(contested)).toBe("contested|gov:partial,hts:partial");
    expect(verdictKey({ ...contested, parties: [...parties].reverse() })).toBe(
      verdictKey(contested),
    );
    expect(verdictKey({ ...contested, parties: [parties[1]!] })).toBe("contested|");
  });
});

describe("actorPlaces", () => {
  it("lists where the actor's side holds, is present or near, holders first", () => {
    const b = buildBrief({
      sources,
      actors,
      places: [...places, place("aleppo"), place("hama")],
      claims: [
        control({ source: "sohr", actor: "sna", status: "controls" }),
        control({ source: "sohr", actor: "hts", status: "approaching", place: "hama" }),
        control({ source: "afp", actor: "gov", status: "controls", place: "aleppo" }),
      ],
    });
    expect(actorPlaces(b, "hts", T).map((p) => [p.place, p.standing.standing])).toEqual([
      ["saraqib", "holds"],
      ["hama", "near"],
    ]);
  });
});
