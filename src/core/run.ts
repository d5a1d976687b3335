// Runs a command: picks the brief, reads `at`, calls the pure handler, and turns a thrown error
// into a one-line answer with an error id (the caller logs the cause under that id).
import type { Answer } from "../answer/model.ts";
import { errorAnswer, newErrorId, usageAnswer } from "../answer/simple.ts";
import type { Store } from "../store/types.ts";
import { resolveTime } from "./time.ts";
import type { Command, CommandDefinition } from "./types.ts";

export interface RunInput {
  readonly store: Store;
  /** Epoch ms: the clock is injected so answers are testable. */
  readonly now: number;
}

export interface RunResult {
  readonly answer: Answer;
  /** Set when the handler threw: log `cause` under `id`. */
  readonly failure?: { readonly id: string; readonly cause: unknown };
}

export function runCommand(
  command: Command<CommandDefinition>,
  args: Record<string, string | undefined>,
  { store, now }: RunInput,
): RunResult {
  const ids = [...store.briefs.keys()];
  let briefId = args.brief;
  if (briefId === undefined) {
    if (ids.length === 1) briefId = ids[0];
    else if (ids.length === 0) return { answer: usageAnswer("No brief is loaded yet.") };
    else {
      return {
        answer: usageAnswer(
          `Several briefs are loaded; say which with brief:ID (${ids.join(", ")}).`,
        ),
      };
    }
  }
  const brief = store.briefs.get(briefId!.trim().toLowerCase());
  if (brief === undefined) {
    return {
      answer: usageAnswer(
        ids.length === 0
          ? "No brief is loaded yet."
          : `There is no brief "${briefId}". Loaded: ${ids.join(", ")}.`,
      ),
    };
  }
  let at = now;
  if (args.at !== undefined) {
    const resolved = resolveTime(args.at, brief.meta.timezone, now, "end");
    if (resolved === undefined) {
      return { answer: usageAnswer(`"at:${args.at}" is not a time I can read.`) };
    }
    at = Math.min(resolved, now);
  }
  try {
    return { answer: command.handle(args as never, { store, brief, at, now }) };
  } catch (cause) {
    const id = newErrorId();
    return { answer: errorAnswer(id), failure: { id, cause } };
  }
}
