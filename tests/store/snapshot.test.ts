import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ClaimTable,
  decodeClaimTable,
  encodeClaimTable,
} from "../../src/store/claim-table.ts";
import { formatProblem, loadStore } from "../../src/store/load.ts";
import { openSnapshotCache, SNAPSHOT_VERSION } from "../../src/store/snapshot.ts";
import { type Brief, claimKey } from "../../src/store/types.ts";
import { VALID_FILES, writeValidBrief as writeBrief } from "../fixtures/briefs.ts";

function tempCache() {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-cache-"));
  return { dir, cache: openSnapshotCache(dir) };
}

async function load(root: string, cache = tempCache().cache): Promise<Brief> {
  const result = await loadStore(root, { cache });
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.store.briefs.get("test-brief")!;
}

/** The cache's entries: file name to header and data. */
function entries(dir: string) {
  return readdirSync(dir).map((name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const newline = text.indexOf("\n");
    return {
      name,
      header: JSON.parse(text.slice(0, newline)) as { key: string; length: number },
      data: JSON.parse(text.slice(newline + 1)) as unknown,
    };
  });
}

/** Rewrites a well-formed entry with other data, to tell a read from the cache from a parse. */
function rewriteEntry(dir: string, name: string, data: unknown): void {
  const key = name.replace(/\.json$/, "");
  const body = JSON.stringify(data);
  const header = JSON.stringify({ "sitrep-snapshot": SNAPSHOT_VERSION, key, length: body.length });
  writeFileSync(join(dir, name), `${header}\n${body}`);
}

/** The entry of the claims file holding a claim with this summary, its claims decoded. */
function claimsEntry(dir: string, summary: string) {
  for (const entry of entries(dir)) {
    const table = entry.data as Partial<ClaimTable>;
    if (table.table !== 1 || table.file === undefined) continue;
    const claims = decodeClaimTable(table, table.file, new Map());
    if (claims?.some((c) => (c as { summary?: string }).summary === summary)) {
      return { name: entry.name, file: table.file, claims };
    }
  }
  throw new Error(`no entry holds "${summary}"`);
}

const STRIKES = "Strikes hit the university campus.";

describe("the validated snapshot cache", () => {
  it("keeps every valid file and the brief's claim order, and loads the same brief from them", async () => {
    const { dir, cache } = tempCache();
    const root = writeBrief().root;
    const first = await load(root, cache);
    // Five files and one entry for the whole brief.
    expect(entries(dir)).toHaveLength(7);
    const second = await load(root, cache);
    expect(second.claims.map((c) => [claimKey(c), c.at, c.file, c.index, c.dateOnly])).toEqual(
      first.claims.map((c) => [claimKey(c), c.at, c.file, c.index, c.dateOnly]),
    );
    expect(second.claimsById.get("sohr-toll-1")?.supersededBy?.map((c) => claimKey(c))).toEqual([
      "sohr-toll-2",
    ]);
    expect([...second.sources.keys()]).toEqual([...first.sources.keys()]);
    expect(second.meta).toEqual(first.meta);
  });

  it("reads an unchanged file from its snapshot instead of parsing it again", async () => {
    const { dir, cache } = tempCache();
    const root = writeBrief().root;
    await load(root, cache);
    const entry = claimsEntry(dir, STRIKES);
    const changed = entry.claims.map((c) =>
      c.type === "event" && c.summary === STRIKES
        ? { ...c, summary: "Read from the snapshot." }
        : c,
    );
    rewriteEntry(dir, entry.name, encodeClaimTable(entry.file, changed));
    const brief = await load(root, cache);
    expect(brief.claims.filter((c) => c.type === "event").map((c) => c.summary)).toEqual([
      "Read from the snapshot.",
    ]);
  });

  it("parses a changed file again and keeps using the snapshots of the others", async () => {
    const { dir, cache } = tempCache();
    const brief = writeBrief();
    await load(brief.root, cache);
    const before = readdirSync(dir).length;
    const text = VALID_FILES["claims/2024-11-29.yaml"]!.replace("count: 255", "count: 256");
    writeFileSync(brief.file("claims/2024-11-29.yaml"), text);
    const loaded = await load(brief.root, cache);
    expect(loaded.claimsById.get("sohr-toll-1")?.type === "toll").toBe(true);
    const toll = loaded.claimsById.get("sohr-toll-1");
    expect(toll?.type === "toll" && toll.count).toBe(256);
    // One new entry for the changed file, one for the brief's new set of files.
    expect(readdirSync(dir).length).toBe(before + 2);
  });

  it("sees an edit that keeps the file's size and modification time (the key is the content)", async () => {
    const { cache } = tempCache();
    const brief = writeBrief();
    const path = brief.file("claims/2024-11-29.yaml");
    // Within one second, as two saves by an editor can be.
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const before = statSync(path);
    await load(brief.root, cache);
    const text = readFileSync(path, "utf8");
    const edited = text.replace("count: 255", "count: 256");
    expect(edited.length).toBe(text.length);
    writeFileSync(path, edited);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(path).size).toBe(before.size);
    const toll = (await load(brief.root, cache)).claimsById.get("sohr-toll-1");
    expect(toll?.type === "toll" && toll.count).toBe(256);
  });

  it("stores claims again when the brief's time zone changes", async () => {
    const { cache } = tempCache();
    const brief = writeBrief();
    const damascus = await load(brief.root, cache);
    writeFileSync(
      brief.file("brief.yaml"),
      VALID_FILES["brief.yaml"]!.replace("Asia/Damascus", "UTC"),
    );
    const utc = await load(brief.root, cache);
    const first = (b: Brief) => b.claimsById.get("sohr-toll-1")!.at;
    expect(first(damascus)).toBe(Date.parse("2024-11-28T21:00:00Z"));
    expect(first(utc)).toBe(Date.parse("2024-11-29T00:00:00Z"));
  });

  it.each([
    ["cut short", (text: string) => text.slice(0, text.length - 10)],
    ["not JSON", () => "garbage\n{{{"],
    ["no header", (text: string) => text.slice(text.indexOf("\n") + 1)],
    ["another key in its header", (text: string) => text.replace(/"key":"[0-9a-f]+"/, '"key":"0"')],
    ["the wrong shape", (text: string) => `${text.slice(0, text.indexOf("\n"))}\n[1,2,3]`],
    ["empty", () => ""],
  ])("ignores an entry that is %s and loads the file from its YAML", async (_, damage) => {
    const { dir, cache } = tempCache();
    const root = writeBrief().root;
    const expected = await load(root);
    await load(root, cache);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      writeFileSync(path, damage(readFileSync(path, "utf8")));
    }
    const brief = await load(root, cache);
    expect(brief.claims.map((c) => [claimKey(c), c.at])).toEqual(
      expected.claims.map((c) => [claimKey(c), c.at]),
    );
    expect(brief.claimsById.get("sohr-toll-1")?.supersededBy).toHaveLength(1);
    // The damaged entries were written again, whole.
    const again = await load(root, cache);
    expect(again.claims).toHaveLength(5);
    for (const entry of entries(dir)) expect(entry.header.key).toBe(entry.name.slice(0, -5));
  });

  it("checks references again when the brief's entry has a damaged order", async () => {
    const { dir, cache } = tempCache();
    const root = writeBrief().root;
    await load(root, cache);
    const briefEntry = entries(dir).find(
      (e) => !Array.isArray(e.data) && "order" in (e.data as object),
    );
    rewriteEntry(dir, briefEntry!.name, { order: [0, 0, 1, 2, 3] });
    const brief = await load(root, cache);
    expect(brief.claims.map((c) => claimKey(c))).toEqual(
      (await load(root)).claims.map((c) => claimKey(c)),
    );
  });

  it("reports the same problems with a cache and never keeps a file that does not validate", async () => {
    const { dir, cache } = tempCache();
    const broken = writeBrief({ "sources.yaml": "- id: Not A Slug\n  name: x\n  kind: monitor\n" });
    const plain = await loadStore(broken.root);
    const cached = await loadStore(broken.root, { cache });
    const again = await loadStore(broken.root, { cache });
    expect(plain.ok).toBe(false);
    const messages = (r: typeof plain) => (r.ok ? [] : r.problems.map(formatProblem));
    expect(messages(cached)).toEqual(messages(plain));
    expect(messages(again)).toEqual(messages(plain));
    const kept = entries(dir).map((e) => JSON.stringify(e.data));
    expect(kept.some((data) => data.includes("Not A Slug"))).toBe(false);
  });

  it("reports a reference that a changed file breaks, though every other file is cached", async () => {
    const { cache } = tempCache();
    const brief = writeBrief();
    await load(brief.root, cache);
    writeFileSync(brief.file("places.yaml"), "- id: syria\n  name: Syria\n  kind: country\n");
    const result = await loadStore(brief.root, { cache });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.message).join("\n")).toContain("aleppo");
  });

  it("still loads when the cache folder cannot be written", async () => {
    const { dir, cache } = tempCache();
    chmodSync(dir, 0o500);
    try {
      const brief = await load(writeBrief().root, cache);
      expect(brief.claims).toHaveLength(5);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
