// One import into a brief at a time. Two `sitrep import` runs into one brief would each compose
// the claims file from what they read, and the later rename would drop the other's claims; so an
// import holds `.sitrep-import.lock` in the brief's folder (a dot file: the loader and the live
// store's watcher skip it) from before it reads the brief until its files are in place. The lock
// says who holds it (pid, host, start time); a lock whose process is gone on this host is stale
// and taken over. The lock file is written whole under a temporary name and linked into place,
// because link() fails when the name exists: taking it is atomic, and no one ever reads a lock
// half written.

import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { ImportError } from "./format.ts";

export const LOCK_FILE = ".sitrep-import.lock";

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO date-time. */
  readonly started: string;
}

export interface ImportLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof owner.pid === "number" &&
      typeof owner.host === "string" &&
      typeof owner.started === "string"
    ) {
      return owner as LockOwner;
    }
  } catch {}
  return undefined;
}

function heldError(briefId: string, file: string, owner: LockOwner | undefined): ImportError {
  const who =
    owner === undefined
      ? "its lock file cannot be read"
      : `pid ${owner.pid}${owner.host === hostname() ? "" : ` on ${owner.host}`} since ${owner.started}`;
  return new ImportError(
    `another import into brief ${briefId} is running (${who}); if it is not, remove ${file}`,
  );
}

/**
 * Takes the brief's import lock, or throws an ImportError naming who holds it. `now` dates the
 * lock; `briefId` names the brief in the error.
 */
export async function lockBrief(
  briefDir: string,
  briefId: string,
  now: () => number,
): Promise<ImportLock> {
  const file = join(briefDir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    started: new Date(now()).toISOString(),
  };
  const temp = join(briefDir, `${LOCK_FILE}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  await writeFile(temp, `${JSON.stringify(owner)}\n`);
  try {
    // Twice at most: once more after taking over a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(temp, file);
        const held = await readFile(file, "utf8");
        return {
          release: async () => {
            // Only our own lock: should an admin have removed it, another import may hold it.
            if ((await readFile(file, "utf8").catch(() => "")) === held) await unlink(file);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const text = await readFile(file, "utf8").catch(() => undefined);
      if (text === undefined) continue; // released meanwhile: try again
      const holder = parseOwner(text);
      const stale = holder !== undefined && holder.host === owner.host && !isAlive(holder.pid);
      if (!stale || !(await takeOver(file, text))) throw heldError(briefId, file, holder);
    }
    throw heldError(briefId, file, parseOwner(await readFile(file, "utf8").catch(() => "")));
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Moves a stale lock aside, if it is still the one judged stale (`text`); another import may
 * have taken it over first, and its new lock is put back.
 */
async function takeOver(file: string, text: string): Promise<boolean> {
  const aside = `${file}.stale.${process.pid}`;
  try {
    await rename(file, aside);
  } catch {
    return true; // gone already: try to take it
  }
  const moved = await readFile(aside, "utf8").catch(() => "");
  if (moved !== text) {
    await link(aside, file).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}
