import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listSubscriptions } from "../../src/state/sqlite/subscriptions.ts";
import { actor, claim, place, source, writeBriefFolder } from "../fixtures/brief-builder.ts";
import { type CliRun, readStateDb, runCliCapturing } from "./run-cli.ts";

const NOW = Date.parse("2024-11-30T10:00:00Z");
let dir: string;

function writeBrief(id: string): void {
  writeBriefFolder(
    {
      id,
      meta: { title: "North-west Syria offensive", timezone: "Asia/Damascus" },
      sources: [source("sohr", { name: "Syrian Observatory for Human Rights", reliability: "C" })],
      actors: [actor("hts", { name: "Hayat Tahrir al-Sham", short: "HTS" })],
      places: [place("saraqib", { kind: "town" })],
      claimFiles: {
        "2024-11-30.yaml": [
          claim.event({
            source: "sohr",
            reported: "2024-11-30T08:00:00+03:00",
            summary: "HTS fighters entered Saraqib",
            place: "saraqib",
          }),
        ],
      },
    },
    { root: join(dir, "briefs") },
  );
}

function run(...argv: string[]): Promise<CliRun> {
  return runCliCapturing(argv, {
    env: { STATE_DB: "state/sitrep.db", BRIEFS_DIR: join(dir, "briefs") },
    now: () => NOW,
    cwd: dir,
  });
}

function subscriptions() {
  return readStateDb(join(dir, "state", "sitrep.db"), listSubscriptions);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sitrep-cli-schedule-"));
  writeBrief("syria-northwest-2024");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("sitrep subscribe / unsubscribe / subscriptions", () => {
  it("subscribes a channel with the brief's zone by default and lists it", async () => {
    const added = await run(
      "subscribe",
      "--platform",
      "slack",
      "--workspace",
      "T1",
      "--channel",
      "C1",
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain(
      "Subscribed slack T1 #C1: syria-northwest-2024 daily at 07:00 Asia/Damascus",
    );
    expect(added.out).toContain("Next post: Sun 1 Dec 2024, 07:00 (Asia/Damascus)");

    const listed = await run("subscriptions");
    expect(listed.code).toBe(0);
    expect(listed.out.split("\n")[0]).toMatch(/^ID\s+PLATFORM\s+WORKSPACE\s+CHANNEL\s+BRIEF/);
    expect(listed.out).toMatch(
      /1\s+slack\s+T1\s+C1\s+syria-northwest-2024\s+07:00\s+Asia\/Damascus\s+skip/,
    );
  });

  it("takes --time, --tz and --post-when-empty, and updates rather than duplicates", async () => {
    await run("subscribe", "--platform", "slack", "--workspace", "T1", "--channel", "C1");
    const updated = await run(
      "subscribe",
      "--platform=slack",
      "--workspace=T1",
      "--channel=C1",
      "--time=6:45",
      "--tz=Europe/Berlin",
      "--post-when-empty",
    );
    expect(updated.out).toContain("Updated slack T1 #C1");
    expect(subscriptions()).toEqual([
      expect.objectContaining({
        time: "06:45",
        timezone: "Europe/Berlin",
        postWhenEmpty: true,
        createdBy: "cli",
      }),
    ]);
  });

  it("exits 2 on a bad time, zone or platform, or a missing channel, and stores nothing", async () => {
    for (const args of [
      ["--platform", "slack", "--workspace", "T1", "--channel", "C1", "--time", "25:00"],
      ["--platform", "slack", "--workspace", "T1", "--channel", "C1", "--tz", "Mars/Olympus"],
      ["--platform", "irc", "--workspace", "T1", "--channel", "C1"],
      ["--platform", "slack", "--workspace", "T1"],
      ["--platform", "slack", "--channel", "C1"],
      ["--platform", "slack", "--workspace", "T1", "--channel", "C1", "--brief", "nope"],
    ]) {
      const result = await run("subscribe", ...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err).toContain("Usage: sitrep subscribe");
    }
    expect(subscriptions()).toEqual([]);
  });

  it("unsubscribes a channel, and exits 1 when it has no subscription", async () => {
    await run("subscribe", "--platform", "discord", "--workspace", "G1", "--channel", "C9");
    const removed = await run(
      "unsubscribe",
      "--platform",
      "discord",
      "--workspace",
      "G1",
      "--channel",
      "C9",
    );
    expect(removed.code).toBe(0);
    expect(subscriptions()).toEqual([]);
    const again = await run(
      "unsubscribe",
      "--platform",
      "discord",
      "--workspace",
      "G1",
      "--channel",
      "C9",
    );
    expect(again.code).toBe(1);
    expect(again.err).toContain("has no daily summary");
  });
});

describe("sitrep digest", () => {
  it("prints the summary of the last 24 hours without posting it", async () => {
    const result = await run("digest");
    expect(result.code).toBe(0);
    expect(result.out).toContain("Saraqib");
  });

  it("prints the neutral answer as JSON with --format json", async () => {
    const result = await run(
      "digest",
      "--since",
      "2024-11-30",
      "--until",
      "2024-11-30T12:00",
      "--format",
      "json",
    );
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.out) as { kind: string; sections: unknown[] };
    expect(answer.kind).toBe("answer");
    expect(answer.sections.length).toBeGreaterThan(0);
  });

  it("exits 2 on an unreadable time or format", async () => {
    expect((await run("digest", "--since", "someday")).code).toBe(2);
    expect((await run("digest", "--format", "html")).code).toBe(2);
  });
});
