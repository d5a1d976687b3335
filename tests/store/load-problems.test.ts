import { rmSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStore } from "../../src/store/load.ts";
import { VALID_FILES, writeValidBrief } from "../fixtures/briefs.ts";

/** The problems of the test brief with `changes`, as `file:line:col: message` inside its folder. */
async function problemsOf(changes: Record<string, string | null>): Promise<string[]> {
  const brief = writeValidBrief(changes);
  const result = await loadStore(brief.root);
  if (result.ok) return [];
  return result.problems.map(
    (p) => `${relative(brief.dir, p.file)}:${p.line}:${p.column}: ${p.message}`,
  );
}

/** The valid file with `from` replaced by `to` (once, and it must be there). */
function edit(name: string, from: string, to: string): Record<string, string> {
  const text = VALID_FILES[name]!;
  if (!text.includes(from)) throw new Error(`${name} has no ${from}`);
  return { [name]: text.replace(from, to) };
}

describe("loadStore reports YAML syntax errors", () => {
  it("points at an unclosed quote", async () => {
    const problems = await problemsOf(
      edit("actors.yaml", "name: Russian armed forces", 'name: "Russian'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^actors\.yaml:\d+:\d+: YAML syntax: missing closing "quote/);
  });

  it("reports every syntax error in a file, with its line and column", async () => {
    const problems = await problemsOf({
      "claims/2024-11-29.yaml": `- type: event
  source: sohr
  source: afp
  reported: 2024-11-29
  summary: x
- type: event
  source: sohr
  reported: 2024-11-29
  summary: y
  summary: z
`,
    });
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:3:3: YAML syntax: the key `source` appears twice in the same mapping",
      "claims/2024-11-29.yaml:10:3: YAML syntax: the key `summary` appears twice in the same mapping",
    ]);
  });

  it("says so when a tab indents a line", async () => {
    const problems = await problemsOf({ "actors.yaml": "- id: hts\n\tname: HTS\n" });
    expect(problems[0]).toMatch(/^actors\.yaml:2:\d+: YAML syntax: a tab is used for indentation/);
  });

  it("does not turn a syntax error in sources.yaml into unknown-source problems elsewhere", async () => {
    const problems = await problemsOf({ "sources.yaml": "- id: sohr\n  name: [\n" });
    expect(problems.every((p) => p.startsWith("sources.yaml:"))).toBe(true);
  });
});

describe("loadStore reports schema problems at the offending key or value", () => {
  it("points at the value of the wrong type", async () => {
    const problems = await problemsOf(edit("claims/2024-11-29.yaml", "count: 255", "count: lots"));
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:7:10: `count` must be a whole number or a range {low, high}, found text `lots`",
    ]);
  });

  it("says what type was expected and what was found", async () => {
    const problems = await problemsOf(
      edit("actors.yaml", "name: Hayat Tahrir al-Sham", "name: 12"),
    );
    expect(problems).toEqual(["actors.yaml:2:9: `name` must be text, found the number 12"]);
  });

  it("still checks the references of an item that breaks its schema", async () => {
    const problems = await problemsOf(
      edit(
        "claims/2024-11-29.yaml",
        "  source: sohr\n  reported: 2024-11-29T18:00:00+02:00\n  place: aleppo\n  actor: hts\n  status: entered",
        "  source: sohrr\n  reported: 2024-11-29T18:00:00+02:00\n  place: aleppo\n  actor: hts\n  status: held",
      ),
    );
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:12:11: unknown source `sohrr` (did you mean `sohr`?)",
      expect.stringMatching(
        /^claims\/2024-11-29\.yaml:16:11: `status` must be one of .*found `held`$/,
      ),
    ]);
  });

  it("points at the key of an unknown field and suggests the near one", async () => {
    const problems = await problemsOf(edit("sources.yaml", "reliability: B", "reliabilty: B"));
    expect(problems).toEqual([
      "sources.yaml:5:3: unknown field `reliabilty` (did you mean `reliability`?)",
    ]);
  });

  it("points at the item a required field is missing from", async () => {
    const problems = await problemsOf(edit("places.yaml", "  name: Saraqib\n", ""));
    expect(problems).toEqual(["places.yaml:8:3: missing required field `name`"]);
  });

  it("points at an invalid enum value and lists the allowed ones", async () => {
    const problems = await problemsOf(
      edit("claims/2024-11-29.yaml", "status: entered", "status: entred"),
    );
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:16:11: `status` must be one of controls, contested, entered, approaching, besieging, withdrew, found `entred` (did you mean `entered`?)",
    ]);
  });

  it("names an unknown claim type", async () => {
    const problems = await problemsOf(
      edit("claims/2024-11-29.yaml", "type: control", "type: controll"),
    );
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:11:9: `type` must be one of toll, control, statement, event, found `controll` (did you mean `control`?)",
    ]);
  });

  it("explains a broken range by its own fields", async () => {
    const problems = await problemsOf(
      edit(
        "claims/2024-11-30.yaml",
        "count: {low: 270, high: 280}",
        "count: {low: 270, hihg: 280}",
      ),
    );
    expect(problems).toEqual([
      "claims/2024-11-30.yaml:6:10: `count` is missing required field `high`",
      "claims/2024-11-30.yaml:6:21: unknown field `hihg` (did you mean `high`?)",
    ]);
  });

  it("refuses a file that is not a list", async () => {
    const problems = await problemsOf({ "actors.yaml": "id: hts\nname: HTS\n" });
    expect(problems).toEqual([
      "actors.yaml:1:1: actors.yaml must be a list of actors (items starting with `- `), found a mapping",
    ]);
  });

  it("reports an unknown time zone and suggests the real name", async () => {
    const problems = await problemsOf(edit("brief.yaml", "Asia/Damascus", "Asia/Damscus"));
    expect(problems).toEqual([
      "brief.yaml:2:11: unknown time zone `Asia/Damscus` (did you mean `Asia/Damascus`?)",
    ]);
  });

  it("reports a date that is not in the calendar", async () => {
    const problems = await problemsOf(
      edit("claims/2024-11-29.yaml", "reported: 2024-11-29\n", "reported: 2024-02-30\n"),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^claims\/2024-11-29\.yaml:5:13: `reported` must be a date .*found `2024-02-30`$/,
    );
  });

  it("reports a started date that is not in the calendar", async () => {
    const problems = await problemsOf(
      edit("brief.yaml", "started: 2024-11-27", "started: 2024-13-01"),
    );
    expect(problems).toEqual([
      "brief.yaml:4:10: `started` must be a date as YYYY-MM-DD, e.g. 2024-11-29, found `2024-13-01`",
    ]);
  });
});

describe("loadStore reports problems across a brief's files", () => {
  it("points at the second use of an id and names where the first is", async () => {
    const brief = writeValidBrief(edit("places.yaml", "id: saraqib", "id: sohr"));
    const result = await loadStore(brief.root);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map(
      (p) => `${relative(brief.dir, p.file)}:${p.line}:${p.column}`,
    );
    expect(messages[0]).toBe("places.yaml:8:7");
    expect(result.problems[0]?.message).toBe(
      `duplicate id \`sohr\`: already used by a source at ${brief.file("sources.yaml")}:1:7`,
    );
  });

  it("counts claim ids among the brief's ids", async () => {
    const problems = await problemsOf(
      edit("claims/2024-11-30.yaml", "id: sohr-toll-2", "id: aleppo"),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^claims\/2024-11-30\.yaml:2:7: duplicate id `aleppo`: already used by a place at .*places\.yaml:4:7$/,
      ),
    );
  });

  it.each([
    [
      "claims/2024-11-29.yaml",
      "source: sohr\n  via",
      "source: sohrr\n  via",
      "3:11",
      "unknown source `sohrr` (did you mean `sohr`?)",
    ],
    ["claims/2024-11-29.yaml", "via: afp", "via: reuters", "4:8", "unknown source `reuters`"],
    ["sources.yaml", "party: government", "party: govt", "9:10", "unknown actor `govt`"],
    [
      "actors.yaml",
      "backed_by: [russia]",
      "backed_by: [russsia]",
      "8:15",
      "unknown actor `russsia` (did you mean `russia`?)",
    ],
    [
      "claims/2024-11-29.yaml",
      "actor: hts",
      "actor: hst",
      "15:10",
      "unknown actor `hst` (did you mean `hts`?)",
    ],
    [
      "claims/2024-11-30.yaml",
      "actors: [russia]",
      "actors: [iran]",
      "19:12",
      "unknown actor `iran`",
    ],
    [
      "claims/2024-11-29.yaml",
      "place: aleppo\n  since",
      "place: alepo\n  since",
      "9:10",
      "unknown place `alepo` (did you mean `aleppo`?)",
    ],
    [
      "places.yaml",
      "in: syria\n- id: saraqib",
      "in: sirya\n- id: saraqib",
      "7:7",
      "unknown place `sirya` (did you mean `syria`?)",
    ],
    ["brief.yaml", "region: syria", "region: levant", "3:9", "unknown place `levant`"],
    [
      "claims/2024-11-30.yaml",
      "about: [government, aleppo]",
      "about: [government, idlib]",
      "13:23",
      "unknown actor or place `idlib`",
    ],
    [
      "claims/2024-11-30.yaml",
      "supersedes: sohr-toll-1",
      "supersedes: sohr-toll-0",
      "8:15",
      "unknown claim `sohr-toll-0` (did you mean `sohr-toll-1`?)",
    ],
  ])("reports a dangling reference in %s (%s)", async (file, from, to, position, message) => {
    expect(await problemsOf(edit(file, from, to))).toEqual([`${file}:${position}: ${message}`]);
  });

  it("reports a reference to an id of the wrong kind", async () => {
    const problems = await problemsOf(
      edit("claims/2024-11-29.yaml", "actor: hts", "actor: aleppo"),
    );
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:15:10: `actor` must name an actor, but `aleppo` is a place",
    ]);
  });

  it("refuses a correction by another source", async () => {
    const problems = await problemsOf(
      edit(
        "claims/2024-11-30.yaml",
        "source: sohr\n  reported: 2024-11-30T09",
        "source: afp\n  reported: 2024-11-30T09",
      ),
    );
    expect(problems).toEqual([
      "claims/2024-11-30.yaml:8:15: `supersedes` names claim `sohr-toll-1` by `sohr`; a claim can only correct an earlier one by the same source (`afp`)",
    ]);
  });

  it("refuses a correction of a claim reported later", async () => {
    const problems = await problemsOf(
      edit(
        "claims/2024-11-30.yaml",
        "reported: 2024-11-30T09:00:00Z",
        "reported: 2024-11-28T09:00:00Z",
      ),
    );
    expect(problems).toEqual([
      "claims/2024-11-30.yaml:8:15: `supersedes` names claim `sohr-toll-1`, reported later (2024-11-29) than this one (2024-11-28T09:00:00Z)",
    ]);
  });

  it("names a cycle in `in` once, at its first place", async () => {
    const problems = await problemsOf(
      edit("places.yaml", "  kind: country\n", "  kind: country\n  in: saraqib\n"),
    );
    expect(problems).toEqual([
      "places.yaml:4:7: `in` makes a cycle: syria → saraqib → syria (a place cannot be inside itself)",
    ]);
  });

  it("names a place that is in itself", async () => {
    const problems = await problemsOf(
      edit("places.yaml", "in: syria\n- id: saraqib", "in: aleppo\n- id: saraqib"),
    );
    expect(problems).toEqual(["places.yaml:7:7: place `aleppo` is `in` itself"]);
  });

  it("refuses a period whose since is after its until", async () => {
    const problems = await problemsOf(
      edit("claims/2024-11-29.yaml", "since: 2024-11-27", "since: 2024-11-29\n  until: 2024-11-28"),
    );
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:10:10: `since` (2024-11-29) is after `until` (2024-11-28): the period runs backwards",
    ]);
  });

  it("refuses a withdrawal reported before the claim", async () => {
    const problems = await problemsOf(
      edit(
        "claims/2024-11-29.yaml",
        "extent: partial",
        "extent: partial\n  withdrawn: {reported: 2024-11-28}",
      ),
    );
    expect(problems).toEqual([
      "claims/2024-11-29.yaml:18:25: `withdrawn.reported` (2024-11-28) is before the claim was `reported` (2024-11-29T18:00:00+02:00)",
    ]);
  });
});

describe("loadStore reports problems with a brief's files and folders", () => {
  it("reports a missing required file at its path", async () => {
    expect(await problemsOf({ "actors.yaml": null })).toEqual([
      "actors.yaml:1:1: missing actors.yaml: a brief holds brief.yaml, sources.yaml, actors.yaml, places.yaml and claims/*.yaml",
    ]);
  });

  it("reports a stray YAML file at the top of a brief", async () => {
    const problems = await problemsOf({ "source.yaml": "- id: x\n" });
    expect(problems).toEqual([
      "source.yaml:1:1: unknown file `source.yaml` (did you mean `sources.yaml`?): a brief holds brief.yaml, sources.yaml, actors.yaml, places.yaml and claims/*.yaml",
    ]);
  });

  it("reports a missing claims folder", async () => {
    const brief = writeValidBrief();
    rmSync(join(brief.dir, "claims"), { recursive: true });
    const result = await loadStore(brief.root);
    expect(!result.ok && result.problems.map((p) => relative(brief.dir, p.file))).toEqual([
      "claims",
    ]);
  });

  it("reports a claims file that ends in .yml rather than being skipped silently", async () => {
    const problems = await problemsOf({ "claims/2024-12-01.yml": "[]\n" });
    expect(problems).toEqual([
      "claims/2024-12-01.yml:1:1: claims files must end in `.yaml` to be read",
    ]);
  });

  it("reports a brief folder whose name is not a slug", async () => {
    const brief = writeValidBrief({}, "Test Brief");
    const result = await loadStore(brief.root);
    expect(!result.ok && result.problems.map((p) => [p.file, p.message])).toEqual([
      [
        brief.dir,
        "the brief folder name `Test Brief` must be a lowercase slug (it is the brief id)",
      ],
    ]);
  });
});

describe("loadStore on a brief with many problems", () => {
  it("reports all of them at once, sorted by file, line and column", async () => {
    const problems = await problemsOf({
      "brief.yaml": "title: Test\ntimezone: Mars/Olympus\nregion: syria\n",
      "sources.yaml":
        "- id: sohr\n  name: SOHR\n  kind: monitor\n  colour: red\n- id: sana\n  kind: state\n- id: afp\n  name: AFP\n  kind: wire-agency\n",
      "places.yaml":
        "- id: syria\n  name: Syria\n  kind: country\n- id: aleppo\n  name: Aleppo\n  kind: city\n  in: [syria\n- id: saraqib\n",
      "claims/2024-11-29.yaml":
        "- type: toll\n  source: sohr\n  reported: yesterday\n  metric: killed\n  count: 3\n  place: aleppo\n- type: control\n  source: nobody\n  reported: 2024-11-29\n  place: aleppo\n  actor: hts\n  status: controls\n",
    });
    expect(problems).toEqual([
      "brief.yaml:2:11: unknown time zone `Mars/Olympus`",
      "claims/2024-11-29.yaml:3:13: `reported` must be a date (2024-11-29) or a date-time with an offset (2024-11-29T14:30:00+02:00 or 2024-11-29T12:30:00Z), found `yesterday`",
      "claims/2024-11-29.yaml:8:11: unknown source `nobody`",
      "claims/2024-11-30.yaml:8:15: unknown claim `sohr-toll-1` (did you mean `sohr-toll-2`?)",
      expect.stringMatching(/^places\.yaml:\d+:\d+: YAML syntax: /),
      "sources.yaml:4:3: unknown field `colour` (expected one of: id, name, aliases, kind, based_in, party, stance, reliability, url, note)",
      "sources.yaml:5:3: missing required field `name`",
      "sources.yaml:6:9: `kind` must be one of wire-agency, monitor, state-media, media, government, armed-group, un-agency, ngo, other, found `state`",
    ]);
  });
});
