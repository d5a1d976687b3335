// Runs one measurement in a fresh Node process (tsx as a loader, GC exposed, room for a million
// claims) and hands back the one message it sends.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildTask } from "./child.ts";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
const EXEC_ARGV = ["--import", "tsx", "--expose-gc", "--max-old-space-size=12288"];

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

export interface Started<T> {
  readonly child: ChildProcess;
  readonly result: Promise<T>;
}

export function startChild<T>(task: ChildTask): Started<T> {
  const child = fork(CHILD, [JSON.stringify(task)], {
    execArgv: EXEC_ARGV,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    child.once("message", (message: Reply) => {
      settled = true;
      if (message.ok) resolve(message.result as T);
      else reject(new Error(`${task.task} failed in its child process:\n${message.error}`));
    });
    child.once("exit", (code, signal) => {
      if (!settled)
        reject(new Error(`${task.task} child exited (${signal ?? code}) without a result`));
    });
  });
  return { child, result };
}

/** Runs a task to completion and waits for its process to exit. */
export async function runChild<T>(task: ChildTask): Promise<T> {
  const { child, result } = startChild<T>(task);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const value = await result;
  await exited;
  return value;
}
