// The compiled command line, as `npx sitrep` runs it: built by the same script as `npm ci`, then
// run as a process on the bundled brief. Catches what only the bundle can break (a library that
// needs require(), a module left out, a lazy import that does not resolve).
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const PROJECT = fileURLToPath(new URL("../..", import.meta.url));

function sitrep(...args: string[]) {
  return spawnSync(process.execPath, ["bin/sitrep.js", ...args], {
    cwd: PROJECT,
    encoding: "utf8",
    env: { ...process.env, BRIEFS_DIR: "briefs", LOG_LEVEL: "silent" },
  });
}

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: PROJECT, stdio: "inherit" });
}, 60_000);

describe("bin/sitrep.js", () => {
  it("answers a question from the bundled brief", () => {
    const run = sitrep("ask", "/who-controls Saraqeb", "--at", "2024-11-30");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Who controls Saraqib");
  });

  it("renders the exact platform payload", () => {
    const run = sitrep("ask", "/sources", "--format", "discord");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty("embeds");
  });

  it("checks the briefs and reports usage errors with exit 2", () => {
    expect(sitrep("validate").status).toBe(0);
    const wrong = sitrep("no-such-subcommand");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("unknown subcommand");
  });
});
