// Console mode: slash commands typed on standard input, answers as plain text on standard
// output, until EOF. What `npm start` runs when no Slack or Discord settings are given.
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { renderText } from "../answer/render-text.ts";
import { usageAnswer } from "../answer/simple.ts";
import type { AdminHandler } from "../core/admin.ts";
import { dispatchCommand, listCommandNames, splitCommandLine } from "../core/dispatch.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/types.ts";

export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly logger: Logger;
  readonly admin?: AdminHandler;
  /** Show a prompt (when a person is typing at a terminal). */
  readonly prompt?: boolean;
}

export function describeStore(store: Store): string {
  if (store.briefs.size === 0) return `No briefs in ${store.root}.`;
  return [...store.briefs.values()]
    .map(
      (b) =>
        `Loaded brief ${b.id} (${b.meta.title}): ${b.claims.length} claims, ${b.sources.size} sources, ${b.places.size} places.`,
    )
    .join("\n");
}

/** Answers one typed line; returns the text to print. */
export async function answerLine(line: string, options: ConsoleOptions): Promise<string> {
  const split = splitCommandLine(line);
  if (split === undefined) {
    return renderText(usageAnswer(`Type a slash command: ${listCommandNames()}. Ctrl-D quits.`));
  }
  const result = dispatchCommand(split.name, split.text, {
    store: options.getStore(),
    now: options.now(),
  });
  if (result.kind === "admin") {
    if (options.admin === undefined) {
      return renderText(usageAnswer("Scheduling is not enabled in this mode."));
    }
    const answer = await options.admin.handle(result.subcommand, result.rest, {
      platform: "console",
      workspace: "console",
      channel: "console",
      user: "console",
      isAdmin: true,
    });
    return renderText(answer);
  }
  if (result.kind === "answer" && result.failure !== undefined) {
    options.logger.error(
      { errorId: result.failure.id, err: result.failure.cause },
      "command failed",
    );
  }
  return renderText(result.answer);
}

/** Reads lines until EOF. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => {
    if (options.prompt) options.output.write("sitrep> ");
  };
  options.output.write(`${describeStore(options.getStore())}\n`);
  options.output.write(`Type ${listCommandNames()}; Ctrl-D quits.\n`);
  prompt();
  for await (const line of lines) {
    if (line.trim() !== "") options.output.write(`${await answerLine(line, options)}\n`);
    prompt();
  }
}
