// With BRIEFS_GIT_COMMIT=1 and the briefs folder inside a git work tree, every approved claim is
// a commit of its one file that names the submitter and the approver, so the brief's history says
// who added what. Only that file is committed: other work in the tree is left alone.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ClaimCommit {
  /** The brief folder (any folder inside the work tree). */
  readonly dir: string;
  /** The file to commit, relative to `dir`. */
  readonly file: string;
  readonly subject: string;
  readonly body: string;
}

async function git(dir: string, args: readonly string[], env?: NodeJS.ProcessEnv) {
  return run("git", ["-C", dir, ...args], { env: env ?? process.env, timeout: 30_000 });
}

/** True when `dir` is inside a git work tree (and git is installed). */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    const { stdout } = await git(dir, ["rev-parse", "--is-inside-work-tree"]);
    return stdout.trim() === "true";
  } catch {
    return false;
  }
}

/** An identity for the commit when git has none configured (a fresh server). */
async function identityEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  try {
    await git(dir, ["var", "GIT_COMMITTER_IDENT"]);
    return process.env;
  } catch {
    return {
      ...process.env,
      GIT_AUTHOR_NAME: "sitrep",
      GIT_AUTHOR_EMAIL: "sitrep@localhost",
      GIT_COMMITTER_NAME: "sitrep",
      GIT_COMMITTER_EMAIL: "sitrep@localhost",
    };
  }
}

/** One line, no control characters: names typed in chat end up in the message. */
export function commitText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
}

/** Commits the one file; returns the new commit's id. */
export async function commitClaimFile(commit: ClaimCommit): Promise<string> {
  const env = await identityEnv(commit.dir);
  await git(commit.dir, ["add", "--", commit.file], env);
  await git(
    commit.dir,
    [
      "commit",
      "--quiet",
      "-m",
      commitText(commit.subject),
      "-m",
      commit.body,
      "--only",
      "--",
      commit.file,
    ],
    env,
  );
  const { stdout } = await git(commit.dir, ["rev-parse", "HEAD"], env);
  return stdout.trim();
}
