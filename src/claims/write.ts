// Writes an approved claim into its brief's claims file for the reported day
// (claims/YYYY-MM-DD.yaml): the file is edited as a YAML document with the `yaml` library, so its
// comments and layout stay; the whole new text is read back the way the loader reads it and
// checked against the brief-file schema before it replaces the old file by an atomic rename. The
// work is synchronous so the caller can run it inside the state database's write transaction.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import jsYaml from "js-yaml";
import { Document, isSeq, parseDocument, type YAMLSeq } from "yaml";
import { CLAIMS_DIR } from "../store/files.ts";
import type { Claim } from "../store/schema.ts";
import { localDate, toInstant } from "../store/time.ts";
import type { Brief } from "../store/types.ts";
import { validateFile } from "../store/validate-file.ts";

/** A write that was refused or failed; the message is for the editor. */
export class ClaimWriteError extends Error {
  override readonly name = "ClaimWriteError";
}

const SCHEMA_LINE = " yaml-language-server: $schema=../../../schema/claims.schema.json";

/** The claims file a claim belongs in, relative to the brief folder: its reported day's. */
export function claimsFileFor(claim: { readonly reported: string }, timezone: string): string {
  const day =
    claim.reported.length === 10
      ? claim.reported
      : localDate(toInstant(claim.reported, timezone).at, timezone);
  return `${CLAIMS_DIR}/${day}.yaml`;
}

/** Ids already taken in the brief (every kind shares one namespace). */
function isIdTaken(brief: Brief, id: string): boolean {
  return (
    brief.claimsById.has(id) ||
    brief.sources.has(id) ||
    brief.actors.has(id) ||
    brief.places.has(id)
  );
}

/** The references the loader would check, against the brief in service. */
export function checkReferences(claim: Claim, brief: Brief): string[] {
  const problems: string[] = [];
  const need = (map: ReadonlyMap<string, unknown>, id: string | undefined, what: string) => {
    if (id !== undefined && !map.has(id)) problems.push(`${what} \`${id}\` is not in the brief`);
  };
  need(brief.sources, claim.source, "source");
  need(brief.sources, claim.via, "source");
  if ("place" in claim) need(brief.places, claim.place, "place");
  if ("actor" in claim) need(brief.actors, claim.actor, "actor");
  if (claim.type === "event") for (const id of claim.actors ?? []) need(brief.actors, id, "actor");
  if (claim.type === "statement") {
    for (const id of claim.about ?? []) {
      if (!brief.actors.has(id) && !brief.places.has(id))
        problems.push(`\`${id}\` is not in the brief`);
    }
  }
  need(brief.claimsById, claim.supersedes, "claim");
  return problems;
}

function newDocument(): Document {
  const doc = new Document([]);
  doc.commentBefore = `${SCHEMA_LINE}\n Claims added from chat and approved by an editor.`;
  return doc;
}

function readDocument(path: string, relative: string): Document {
  if (!existsSync(path)) return newDocument();
  const doc: Document = parseDocument(readFileSync(path, "utf8")) as unknown as Document;
  if (doc.errors.length > 0) {
    throw new ClaimWriteError(
      `${relative} does not parse as YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it first`,
    );
  }
  if (doc.contents === null || (doc.contents as { value?: unknown }).value === null) {
    doc.contents = doc.createNode([]) as YAMLSeq;
  }
  if (!isSeq(doc.contents))
    throw new ClaimWriteError(`${relative} is not a list of claims; fix it first`);
  return doc;
}

function hasClaimWithId(doc: Document, id: string): boolean {
  const seq = doc.contents as YAMLSeq;
  return seq.items.some((item) => (item as { get?: (k: string) => unknown }).get?.("id") === id);
}

/** Writes `text` next to `path` under a dot-name (which the loader and watcher skip), then renames. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const fd = openSync(temp, "wx");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface ClaimWrite {
  /** The claim to add, `added_by` and `id` included, exactly as it will stand in the file. */
  readonly claim: Record<string, unknown>;
  readonly brief: Brief;
}

/**
 * Adds the claim to its day's file and returns that file (relative to the brief folder). A claim
 * whose `id` is already in the file is not added again (an approval that crashed after writing).
 * Throws ClaimWriteError when the result would not be a valid claims file.
 */
export function writeClaim({ claim, brief }: ClaimWrite): string {
  const reported = String(claim.reported ?? "");
  const relative = claimsFileFor({ reported }, brief.meta.timezone);
  const path = join(brief.dir, relative);
  const doc = readDocument(path, relative);
  const id = typeof claim.id === "string" ? claim.id : undefined;
  if (id !== undefined && hasClaimWithId(doc, id)) return relative;
  if (id !== undefined && isIdTaken(brief, id)) {
    throw new ClaimWriteError(`the id \`${id}\` is already used in the brief`);
  }
  const node = doc.createNode(claim);
  node.spaceBefore = (doc.contents as YAMLSeq).items.length > 0;
  (doc.contents as YAMLSeq).items.push(node);
  const text = doc.toString({ lineWidth: 100 });
  // Read back the way the loader reads it, and check the whole file, not only the new claim.
  const raw = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: relative });
  const check = validateFile("claims", raw);
  if (!check.ok) {
    const issue = check.issues[0]!;
    throw new ClaimWriteError(
      `${relative} would not be valid: ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  const data = check.data as Claim[];
  const problems = checkReferences(data[data.length - 1]!, brief);
  if (problems.length > 0) throw new ClaimWriteError(problems.join("; "));
  writeAtomically(path, text);
  return relative;
}
