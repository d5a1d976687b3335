// `sitrep watch add|list|remove` and `sitrep alerts --since` on a brief written to a temp folder
// and a state database there: what they store, print and refuse.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listWatches } from "../../src/state/sqlite/watches.ts";
import { actor, claim, place, source, writeBriefFolder } from "../fixtures/brief-builder.ts";
import { type CliRun, readStateDb, runCliCapturing } from "./run-cli.ts";

const NOW = Date.parse("2024-12-01T10:00:00Z");
let dir: string;

function writeBrief(): void {
  writeBriefFolder(
    {
      id: "offensive",
      meta: { title: "Offensive", timezone: "Asia/Damascus", region: "syria" },
      sources: [
        source("afp", { name: "Agence France-Presse", aliases: ["AFP"], kind: "wire-agency" }),
        source("sohr", { name: "Syrian Observatory", aliases: ["SOHR"] }),
      ],
      actors: [actor("hts", { name: "Hayat Tahrir al-Sham", short: "HTS", side: "opposition" })],
      places: [
        place("syria", { kind: "country" }),
        place("saraqib", { kind: "town", in: "syria", aliases: ["Saraqeb"] }),
      ],
      claimFiles: {
        "2024-11-29.yaml": [
          claim.control({
            source: "sohr",
            reported: "2024-11-29",
            place: "saraqib",
            actor: "hts",
            status: "contested",
          }),
        ],
        "2024-12-01.yaml": [
          claim.control({
            source: "afp",
            reported: "2024-12-01T09:00:00Z",
            place: "saraqib",
            actor: "hts",
            status: "controls",
          }),
          claim.toll({
            source: "sohr",
            reported: "2024-12-01T08:00:00Z",
            place: "saraqib",
            metric: "killed",
            count: 40,
          }),
        ],
      },
    },
    { root: join(dir, "briefs") },
  );
}

function run(...argv: string[]): Promise<CliRun> {
  return runCliCapturing(argv, {
    env: { STATE_DB: "state/sitrep.db", BRIEFS_DIR: join(dir, "briefs"), SITREP_CACHE_DIR: "off" },
    now: () => NOW,
    cwd: dir,
  });
}

function watches() {
  return readStateDb(join(dir, "state", "sitrep.db"), listWatches);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sitrep-watch-cli-"));
  writeBrief();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("sitrep watch", () => {
  it("adds, lists and removes a channel's watches", async () => {
    const added = await run(
      "watch",
      "add",
      "--platform",
      "slack",
      "--workspace",
      "T1",
      "--channel",
      "C1",
      "--mention",
      "<!subteam^S0DESK|desk>",
      "Saraqeb",
    );
    expect(added).toMatchObject({ code: 0, err: "" });
    expect(added.out).toBe(
      "Watching in slack T1 #C1: 1: Saraqib (place, on control), mentioning group S0DESK (brief offensive)",
    );
    const toll = await run(
      "watch",
      "add",
      "--platform",
      "discord",
      "--workspace",
      "G1",
      "--channel",
      "222",
      "--min",
      "50",
      "--mention",
      "123456789012345678",
      "--mention-kind",
      "role",
      "Syria",
    );
    expect(toll.out).toContain(
      "2: Syria (place, on toll, rise of at least 50), mentioning role 123456789012345678",
    );
    expect(watches().map((w) => [w.id, w.on, w.min, w.mention])).toEqual([
      [1, "control", undefined, { kind: "group", id: "S0DESK" }],
      [2, "toll", 50, { kind: "role", id: "123456789012345678" }],
    ]);

    const listed = await run("watch", "list");
    expect(listed.out.split("\n")).toEqual([
      "slack T1 #C1  1: Saraqib (place, on control), mentioning group S0DESK (brief offensive)",
      "discord G1 #222  2: Syria (place, on toll, rise of at least 50), mentioning role 123456789012345678 (brief offensive)",
    ]);
    expect(await run("watch", "remove", "1")).toMatchObject({ code: 0 });
    expect(await run("watch", "remove", "1")).toMatchObject({
      code: 1,
      err: "There is no watch 1.",
    });
    expect(watches().map((w) => w.id)).toEqual([2]);
  });

  it("refuses an unknown name, min on another trigger and a mention that is not one id", async () => {
    const base = ["watch", "add", "--platform", "slack", "--workspace", "T1", "--channel", "C1"];
    expect((await run(...base, "Atlantis")).err).toMatch(
      /No place, actor or source called "Atlantis"/,
    );
    expect((await run(...base, "--on", "control", "--min", "5", "Saraqib")).err).toMatch(
      /min only applies to on:toll/,
    );
    const hostile = await run(...base, "--mention", "<!channel>", "Saraqib");
    expect(hostile).toMatchObject({ code: 2 });
    expect(hostile.err).toMatch(/is not something an alert can mention here/);
    expect(watches()).toEqual([]);
  });
});

describe("sitrep alerts", () => {
  it("prints the alerts the claims reported since a time would raise, for the stored watches", async () => {
    await run(
      "watch",
      "add",
      "--platform",
      "slack",
      "--workspace",
      "T1",
      "--channel",
      "C1",
      "Saraqib",
    );
    await run(
      "watch",
      "add",
      "--platform",
      "slack",
      "--workspace",
      "T1",
      "--channel",
      "C2",
      "--on",
      "toll",
      "--min",
      "50",
      "Saraqib",
    );
    const printed = await run("alerts", "--since", "2024-12-01");
    expect(printed.code).toBe(0);
    expect(printed.out).toContain("[alert for watch 1, to slack #C1]");
    expect(printed.out).toContain(
      "Saraqib: contested (SOHR, 29 Nov, stale) → held by HTS (per AFP, 1 Dec)",
    );
    // The 40 killed are below the C2 watch's min of 50.
    expect(printed.out).not.toContain("watch 2");
    expect(await run("alerts", "--since", "2024-12-01T09:30:00Z")).toMatchObject({
      out: "",
      err: "The claims reported in that period raise no alert for these watches.",
    });
  });

  it("prints an alert for a watch described on the command line, in a platform's format", async () => {
    const printed = await run(
      "alerts",
      "--since",
      "2024-12-01",
      "--watch",
      "HTS",
      "--format",
      "slack",
    );
    const message = JSON.parse(printed.out) as { text: string };
    expect(message.text).toContain("Alert: HTS");
    expect(message.text).toContain("Saraqib: contested (SOHR, 29 Nov, stale) → held by HTS");
    const toll = await run("alerts", "--since", "2024-12-01", "--watch", "Saraqib", "--on", "toll");
    expect(toll.out).toContain(
      "Saraqib: 40 people killed (per SOHR, 1 Dec), its first figure of this count",
    );
  });
});
