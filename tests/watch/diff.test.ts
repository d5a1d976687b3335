// The diff engine over real brief files: a version of the test brief is written, loaded, a file
// is changed, loaded again, and the two versions are compared as of now.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/answer/render-text.ts";
import { loadStore } from "../../src/store/load.ts";
import type { Brief } from "../../src/store/types.ts";
import { buildAlertAnswer, describeChangeLine } from "../../src/watch/alert-answer.ts";
import { diffBriefs, matchWatch } from "../../src/watch/diff.ts";
import type { Watch, WatchTargetKind, WatchTrigger } from "../../src/watch/watch.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-12-01T12:00:00Z");

async function load(root: string): Promise<Brief> {
  const result = await loadStore(root);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.store.briefs.get("test-brief")!;
}

/** The brief before and after writing `files`. */
async function versions(files: Record<string, string>): Promise<[Brief, Brief]> {
  const brief = writeValidBrief();
  const before = await load(brief.root);
  for (const [name, text] of Object.entries(files)) writeFileSync(brief.file(name), text);
  return [before, await load(brief.root)];
}

let ids = 0;
function watch(kind: WatchTargetKind, id: string, on: WatchTrigger, min?: number): Watch {
  return {
    id: ++ids,
    platform: "slack",
    workspace: "T1",
    channel: "C1",
    brief: "test-brief",
    target: { kind, id },
    on,
    ...(min === undefined ? {} : { min }),
    createdAt: 0,
    createdBy: "U1",
  };
}

const DAY2 = "claims/2024-12-01.yaml";

const SARAQIB_HELD = `- type: control
  source: afp
  reported: 2024-12-01T09:00:00Z
  place: saraqib
  actor: hts
  status: controls
`;

describe("diffBriefs and matchWatch", () => {
  it("finds a verdict change on a place, for the place and the places around it only", async () => {
    const [before, after] = await versions({ [DAY2]: SARAQIB_HELD });
    const changes = diffBriefs(before, after, NOW);
    expect(changes.control.map((c) => c.place)).toEqual(["saraqib"]);
    expect(matchWatch(watch("place", "saraqib", "control"), changes)).toHaveLength(1);
    expect(matchWatch(watch("place", "syria", "control"), changes)).toHaveLength(1);
    expect(matchWatch(watch("place", "aleppo", "control"), changes)).toHaveLength(0);
    expect(matchWatch(watch("actor", "hts", "control"), changes)).toHaveLength(1);
    expect(matchWatch(watch("actor", "russia", "control"), changes)).toHaveLength(0);
    expect(matchWatch(watch("source", "afp", "control"), changes)).toHaveLength(1);
    expect(matchWatch(watch("source", "sohr", "control"), changes)).toHaveLength(0);
    expect(describeChangeLine(after, changes.control[0]!)).toBe(
      "Saraqib: unknown → held by HTS (per Agence France-Presse, 1 Dec)",
    );
  });

  it("finds nothing when nothing changed, when only a note changed, and on a first load", async () => {
    const [before, after] = await versions({});
    expect(diffBriefs(before, after, NOW)).toMatchObject({ control: [], tolls: [], claims: [] });
    expect(diffBriefs(undefined, after, NOW)).toMatchObject({ control: [], tolls: [], claims: [] });
    const [b2, a2] = await versions({ [DAY2]: SARAQIB_HELD });
    const [, a3] = await versions({
      [DAY2]: `${SARAQIB_HELD}  note: Confirmed by a second dispatch.\n`,
    });
    // A note edit of the same claim: compare a2 with the edited version.
    const edited = diffBriefs(a2, a3, NOW);
    expect(edited).toMatchObject({ control: [], tolls: [], claims: [] });
    expect(diffBriefs(b2, a2, NOW).claims).toHaveLength(1);
  });

  it("reports disputes starting and ending to disputed watches, and every verdict change to control ones", async () => {
    // SANA says the government holds Aleppo, AFP that HTS does: a real dispute (rule 4).
    const [before, after] = await versions({
      [DAY2]: `- type: control
  source: sana
  reported: 2024-12-01
  place: aleppo
  actor: government
  status: controls
- type: control
  source: afp
  reported: 2024-12-01
  place: aleppo
  actor: hts
  status: controls
`,
    });
    const changes = diffBriefs(before, after, NOW);
    expect(changes.control).toHaveLength(1);
    expect(changes.control[0]).toMatchObject({
      place: "aleppo",
      before: { kind: "contested" },
      after: { kind: "disputed" },
    });
    expect(matchWatch(watch("place", "aleppo", "disputed"), changes)).toHaveLength(1);
    expect(matchWatch(watch("actor", "government", "disputed"), changes)).toHaveLength(1);
    // Russia is on the government's side: a place the government enters or holds concerns it.
    expect(matchWatch(watch("actor", "russia", "control"), changes)).toHaveLength(1);
    const [, held] = await versions({ [DAY2]: SARAQIB_HELD });
    const notDisputed = diffBriefs(before, held, NOW);
    expect(matchWatch(watch("place", "saraqib", "disputed"), notDisputed)).toHaveLength(0);
  });

  it("reports a toll rise only when it is at least min over the same source's previous figure", async () => {
    const rise = (count: number) => ({
      [DAY2]: `- type: toll
  source: sohr
  reported: 2024-12-01T08:00:00Z
  metric: killed
  count: ${count}
  place: aleppo
`,
    });
    // The previous figure of that series is SOHR's 270–280 (275) of 30 Nov.
    const [before, small] = await versions(rise(290));
    const smallChanges = diffBriefs(before, small, NOW);
    expect(smallChanges.tolls).toMatchObject([{ rise: 15 }]);
    expect(matchWatch(watch("place", "aleppo", "toll", 20), smallChanges)).toHaveLength(0);
    expect(matchWatch(watch("place", "syria", "toll", 15), smallChanges)).toHaveLength(1);
    expect(matchWatch(watch("place", "aleppo", "toll"), smallChanges)).toHaveLength(1);
    expect(matchWatch(watch("place", "saraqib", "toll"), smallChanges)).toHaveLength(0);
    const [b2, big] = await versions(rise(400));
    const bigChanges = diffBriefs(b2, big, NOW);
    expect(matchWatch(watch("place", "aleppo", "toll", 20), bigChanges)).toHaveLength(1);
    expect(describeChangeLine(big, bigChanges.tolls[0]!)).toBe(
      "Aleppo: 400 people killed (per SOHR, 1 Dec), up from 270–280 (30 Nov)",
    );
  });

  it("gives a source's any-watch every new claim it made, and builds one alert for many changes", async () => {
    const [before, after] = await versions({
      [DAY2]: `${SARAQIB_HELD}- type: event
  source: afp
  reported: 2024-12-01
  summary: Convoy seen on the M5.
  place: saraqib
- type: statement
  source: sana
  reported: 2024-12-01
  summary: The army regrouped.
`,
    });
    const changes = diffBriefs(before, after, NOW);
    const afp = watch("source", "afp", "any");
    const found = matchWatch(afp, changes);
    expect(found).toHaveLength(2);
    const text = renderText(buildAlertAnswer(after, afp, found, NOW));
    expect(text).toContain("Alert: Agence France-Presse, 2 changes");
    expect(text).toContain("Saraqib: Convoy seen on the M5. (per Agence France-Presse, 1 Dec)");
    expect(text).toContain("Saraqib: HTS in control of it (per Agence France-Presse, 1 Dec)");
  });
});

describe("corrections", () => {
  it("measures a corrected figure's rise from the figure it corrects", async () => {
    const [before, after] = await versions({
      [DAY2]: `- type: toll
  id: sohr-toll-3
  source: sohr
  reported: 2024-12-01T08:00:00Z
  metric: killed
  count: 280
  place: aleppo
  supersedes: sohr-toll-2
`,
    });
    const changes = diffBriefs(before, after, NOW);
    // SOHR's 270–280 (275) corrected to 280: a rise of 5, not a first figure of 280.
    expect(changes.tolls).toMatchObject([{ rise: 5, previous: { id: "sohr-toll-2" } }]);
    expect(matchWatch(watch("place", "aleppo", "toll", 50), changes)).toHaveLength(0);
  });
});
