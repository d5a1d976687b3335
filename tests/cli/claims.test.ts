// sitrep pending / approve / reject over a temp brief and state file, as an editor at a terminal.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createClaimDesk } from "../../src/claims/desk.ts";
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/subcommand.ts";
import { silentLogger } from "../../src/log.ts";
import { createSqliteSubmittedClaims as createSubmittedClaims } from "../../src/state/sqlite/claims.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { loadStore } from "../../src/store/load.ts";
import { writeValidBrief as writeBrief } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-12-02T12:00:00Z");

async function setUp() {
  const brief = writeBrief();
  const result = await loadStore(brief.root);
  if (!result.ok) throw new Error("fixture brief does not load");
  const db = openStateDb(join(brief.root, "state.db"));
  const desk = createClaimDesk({
    submitted: createSubmittedClaims(db),
    getStore: () => result.store,
    now: () => NOW,
    logger: silentLogger,
  });
  for (const summary of ["Strikes on the road to Saraqib.", "A convoy left Aleppo."]) {
    const submitted = await desk.submit({
      form: { type: "event", source: "afp", summary, place: "saraqib", reported: "2024-12-01" },
      brief: "test-brief",
      submitter: { platform: "discord", user: "555", name: "alice" },
      workspace: "777",
    });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
  }
  db.close();
  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: {
        STATE_DB: join(brief.root, "state.db"),
        BRIEFS_DIR: brief.root,
        SITREP_CACHE_DIR: "off",
        USER: "editor",
      },
      now: () => NOW,
      cwd: brief.root,
    };
    const code = await runCli(argv, io);
    return { code, out: out.join("\n"), err: err.join("\n") };
  }
  return { brief, run };
}

describe("sitrep pending, approve and reject", () => {
  it("lists what waits, approves one into the file and rejects the other with its reason", async () => {
    const { brief, run } = await setUp();
    const listed = await run("pending");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID +BRIEF +TYPE +SUBMITTED BY/);
    expect(listed.out).toMatch(
      /#1 +test-brief +event +alice +discord +just now +pending +Strikes on the road to Saraqib\. \(Saraqib\)/,
    );

    expect(await run("approve", "1")).toEqual({
      code: 0,
      out: "Approved claim #1 into test-brief/claims/2024-12-01.yaml.",
      err: "",
    });
    expect(readFileSync(brief.file("claims/2024-12-01.yaml"), "utf8")).toContain(
      "added_by: alice (discord 555)",
    );
    expect(await run("reject", "#2", "--reason", "Not in the dispatch")).toMatchObject({ code: 0 });
    expect((await run("pending")).out).toBe("No claims wait for an editor.");
    expect((await run("pending", "--all")).out).toMatch(/rejected: Not in the dispatch/);
    expect(await run("approve", "2")).toEqual({
      code: 1,
      out: "",
      err: "Claim #2 was already rejected by console user editor.",
    });
  });

  it("says how to call it when the id or the reason is missing", async () => {
    const { run } = await setUp();
    expect(await run("approve")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Usage: sitrep approve ID/),
    });
    expect(await run("reject", "1")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--reason is required/),
    });
  });
});
