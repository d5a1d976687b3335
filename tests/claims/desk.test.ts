// The claims desk over real files: a temp brief, the real live store and loader, a real SQLite
// state file, and the commands answering from what an approval wrote.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Actor, type ClaimDesk, createClaimDesk } from "../../src/claims/desk.ts";
import { silentLogger } from "../../src/log.ts";
import { createSqliteSubmittedClaims as createSubmittedClaims } from "../../src/state/sqlite/claims.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { type LiveStore, openLiveStore } from "../../src/store/live.ts";
import type { BriefFolder } from "../fixtures/brief-builder.ts";
import { ask as askAs, writeValidBrief as writeBrief } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-12-02T12:00:00Z");
const EDITOR: Actor = { platform: "slack", user: "UED", name: "Ed", isEditor: true };
const MEMBER: Actor = { platform: "slack", user: "UMEM", name: "Mem", isEditor: false };
const SANA_HOLDS_SARAQIB = {
  type: "control",
  source: "SANA",
  place: "Saraqib",
  actor: "government",
  status: "controls",
  reported: "2024-12-01 10:00",
  quote: "The army holds Saraqib.",
};

let live: LiveStore | undefined;
let db: StateDb | undefined;
afterEach(async () => {
  await live?.close();
  db?.close();
  live = undefined;
  db = undefined;
});

async function open(brief: BriefFolder, extra: { gitCommit?: boolean } = {}) {
  live = await openLiveStore({
    root: brief.root,
    logger: silentLogger,
    now: () => NOW,
    watch: false,
  });
  db = openStateDb(join(brief.root, "..", `${brief.root.split("/").pop()}-state.db`));
  const desk = createClaimDesk({
    submitted: createSubmittedClaims(db),
    getStore: () => live!.current(),
    reload: () => live!.reload(),
    now: () => NOW,
    logger: silentLogger,
    ...extra,
  });
  return desk;
}

/** The answer's text, asked through the request core the way chat asks. */
async function ask(line: string): Promise<string> {
  return (await askAs(live!.current(), line, {}, NOW)).text;
}

async function submit(desk: ClaimDesk, form: Record<string, string> = SANA_HOLDS_SARAQIB) {
  const result = await desk.submit({
    form,
    brief: "test-brief",
    submitter: { platform: "slack", user: "USUB", name: "Sub" },
    workspace: "T1",
    channel: "C1",
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.submission;
}

describe("claims from chat, pending then approved", () => {
  it("keeps a submission out of answers until an editor approves it into the day's file", async () => {
    const brief = writeBrief({
      "claims/2024-12-01.yaml":
        "# Kept comment: the first of December.\n\n- type: event\n  source: afp\n  reported: 2024-12-01\n  summary: Quiet day.\n",
    });
    const desk = await open(brief);
    const pending = await submit(desk);
    expect(pending.state).toBe("pending");
    expect(await await ask("/who-controls Saraqib")).not.toMatch(/Syrian government forces/);

    const refused = await desk.approve(pending.id, MEMBER);
    expect(refused).toMatchObject({ ok: false, code: "not-editor" });
    expect((await desk.get(pending.id))?.state).toBe("pending");

    const approved = await desk.approve(pending.id, EDITOR);
    expect(approved).toMatchObject({
      ok: true,
      submission: { state: "approved", file: "claims/2024-12-01.yaml" },
    });
    const text = readFileSync(brief.file("claims/2024-12-01.yaml"), "utf8");
    expect(text).toMatch(/^# Kept comment: the first of December\.\n/);
    expect(text).toContain(`- id: chat-${pending.id}\n  type: control\n  source: sana\n`);
    expect(text).toContain("reported: 2024-12-01T10:00:00+03:00");
    expect(text).toContain("added_by: Sub (slack USUB)");
    expect(await await ask("/who-controls Saraqib")).toMatch(
      /Syrian government forces in control of it/,
    );
    expect(live!.status().problems).toEqual([]);

    expect(await desk.approve(pending.id, EDITOR)).toMatchObject({ ok: false, code: "decided" });
  });

  it("creates the day's file with the schema line when there is none", async () => {
    const brief = writeBrief();
    const desk = await open(brief);
    const pending = await submit(desk, { ...SANA_HOLDS_SARAQIB, reported: "2024-12-02" });
    expect(await desk.approve(pending.id, EDITOR)).toMatchObject({ ok: true });
    const text = readFileSync(brief.file("claims/2024-12-02.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../../schema/claims.schema.json",
    );
    expect(live!.status().problems).toEqual([]);
  });

  it("keeps both of two approvals racing into one file", async () => {
    const brief = writeBrief();
    const desk = await open(brief);
    const first = await submit(desk);
    const second = await submit(desk, {
      ...SANA_HOLDS_SARAQIB,
      source: "SOHR",
      actor: "HTS",
      status: "entered",
    });
    const results = await Promise.all([
      desk.approve(first.id, EDITOR),
      desk.approve(second.id, EDITOR),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const text = readFileSync(brief.file("claims/2024-12-01.yaml"), "utf8");
    expect(text).toContain(`id: chat-${first.id}`);
    expect(text).toContain(`id: chat-${second.id}`);
    const answer = await await ask("/who-controls Saraqib");
    expect(answer).toContain("HTS entered it");
    expect(answer).toContain("Syrian government forces in control of it");
  });

  it("loses nothing when the write fails: the claim stays pending and the editor is told why", async () => {
    const brief = writeBrief();
    const desk = await open(brief);
    const pending = await submit(desk);
    writeFileSync(brief.file("claims/2024-12-01.yaml"), "- type: event\n  summary: [unclosed\n");
    const failed = await desk.approve(pending.id, EDITOR);
    expect(failed).toMatchObject({ ok: false, code: "failed" });
    expect(!failed.ok && failed.message).toMatch(
      /^Claim #\d+ stays pending: claims\/2024-12-01\.yaml does not parse as YAML/,
    );
    expect(await desk.get(pending.id)).toMatchObject({
      state: "pending",
      lastError: expect.stringMatching(/YAML/),
    });
    expect(readFileSync(brief.file("claims/2024-12-01.yaml"), "utf8")).toBe(
      "- type: event\n  summary: [unclosed\n",
    );

    // An I/O failure: a folder stands where the file should be.
    rmSync(brief.file("claims/2024-12-01.yaml"));
    mkdirSync(brief.file("claims/2024-12-01.yaml"));
    const io = await desk.approve(pending.id, EDITOR);
    expect(!io.ok && io.message).toMatch(
      /stays pending: the claims file could not be written \(EISDIR\)/,
    );
    expect((await desk.pending()).map((s) => s.id)).toEqual([pending.id]);

    rmSync(brief.file("claims/2024-12-01.yaml"), { recursive: true });
    expect(await desk.approve(pending.id, EDITOR)).toMatchObject({ ok: true });
    expect(await desk.get(pending.id)).not.toHaveProperty("lastError");
  });

  it("refuses a write that would break the brief and leaves the files as they were", async () => {
    // Someone already gave a claim the id the approval would use.
    const taken =
      "- type: event\n  id: chat-1\n  source: afp\n  reported: 2024-11-28\n  summary: Typed by hand.\n";
    const brief = writeBrief({ "claims/2024-11-28.yaml": taken });
    const desk = await open(brief);
    const pending = await submit(desk);
    expect(pending.id).toBe(1);
    const failed = await desk.approve(pending.id, EDITOR);
    expect(!failed.ok && failed.message).toBe(
      "Claim #1 stays pending: the id `chat-1` is already used in the brief",
    );
    expect(() => readFileSync(brief.file("claims/2024-12-01.yaml"), "utf8")).toThrow();
    expect((await desk.get(pending.id))?.state).toBe("pending");
  });

  it("keeps a rejected claim with its reason, and pending claims across a restart", async () => {
    const brief = writeBrief();
    let desk = await open(brief);
    const kept = await submit(desk);
    const dropped = await submit(desk);
    expect(await desk.reject(dropped.id, MEMBER, "dup")).toMatchObject({
      ok: false,
      code: "not-editor",
    });
    expect(await desk.reject(dropped.id, EDITOR, "A duplicate of #1")).toMatchObject({
      ok: true,
      submission: { state: "rejected", reason: "A duplicate of #1", decidedBy: "Ed (slack UED)" },
    });
    await live!.close();
    db!.close();
    desk = await open(brief);
    expect((await desk.pending()).map((s) => s.id)).toEqual([kept.id]);
    expect(await desk.get(dropped.id)).toMatchObject({
      state: "rejected",
      reason: "A duplicate of #1",
    });
  });

  it("commits each approval naming submitter and approver when the briefs are a git work tree", async () => {
    const brief = writeBrief();
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", brief.root, ...args], { encoding: "utf8" });
    git("init", "--quiet");
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "brief");
    writeFileSync(join(brief.root, "unrelated.txt"), "not committed\n");
    const desk = await open(brief, { gitCommit: true });
    const pending = await submit(desk);
    expect(await desk.approve(pending.id, EDITOR)).toMatchObject({ ok: true });
    expect(git("log", "-1", "--format=%s%n%b")).toBe(
      `Claim #${pending.id} from chat into claims/2024-12-01.yaml\nSubmitted by Sub (slack USUB), approved by Ed (slack UED).\n\n`,
    );
    expect(git("status", "--porcelain")).toBe("?? unrelated.txt\n");
  });
});
