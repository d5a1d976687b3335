// Console mode: slash commands typed on standard input, answers as plain text on standard
// output, until EOF. What `npm start` runs when no Slack or Discord settings are given. Each line
// goes to the request core as chat text, from the console's one channel, whose user is an admin.
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { renderText } from "../answer/render-text.ts";
import { usageAnswer } from "../answer/simple.ts";
import { splitCommandLine } from "../core/parse.ts";
import { listCommandNames, type Reply, type RequestCore } from "../core/request.ts";
import type { ChatOrigin } from "../core/types.ts";
import type { Store } from "../store/types.ts";

export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly core: RequestCore;
  /** For the greeting: what is loaded. */
  readonly getStore: () => Store;
  /** Show a prompt (when a person is typing at a terminal). */
  readonly prompt?: boolean;
}

/** The console's one place and person: `sitrep ask` and console mode ask from here. */
export const CONSOLE_ORIGIN: ChatOrigin = {
  platform: "console",
  workspace: "console",
  channel: "console",
  user: "console",
  isAdmin: true,
};

export function describeStore(store: Store): string {
  if (store.briefs.size === 0) return `No briefs in ${store.root}.`;
  return [...store.briefs.values()]
    .map(
      (b) =>
        `Loaded brief ${b.id} (${b.meta.title}): ${b.claims.length} claims, ${b.sources.size} sources, ${b.places.size} places.`,
    )
    .join("\n");
}

/** Asks the core one typed line (`/toll Aleppo`), as chat text from the console. */
export async function askLine(core: RequestCore, line: string): Promise<Reply> {
  const split = splitCommandLine(line);
  if (split === undefined) {
    const hint = `Type a slash command: ${listCommandNames(core.commands)}. Ctrl-D quits.`;
    return { answer: usageAnswer(hint), visibility: "private", outcome: "usage" };
  }
  return core.handle({ origin: CONSOLE_ORIGIN, command: split.name, text: split.text });
}

/** Answers one typed line; returns the text to print. */
export async function answerLine(line: string, options: ConsoleOptions): Promise<string> {
  return renderText((await askLine(options.core, line)).answer);
}

/** Reads lines until EOF. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => {
    if (options.prompt) options.output.write("sitrep> ");
  };
  options.output.write(`${describeStore(options.getStore())}\n`);
  options.output.write(`Type ${listCommandNames(options.core.commands)}; Ctrl-D quits.\n`);
  prompt();
  for await (const line of lines) {
    if (line.trim() !== "") options.output.write(`${await answerLine(line, options)}\n`);
    prompt();
  }
}
