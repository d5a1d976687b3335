// Every slash command, in the order they are listed to users and registered on the platforms.
import type { Command, CommandDefinition } from "../src/core/types.ts";
import sitrep from "./sitrep.ts";
import sources from "./sources.ts";
import toll from "./toll.ts";
import unwatch from "./unwatch.ts";
import watch from "./watch.ts";
import whoControls from "./who-controls.ts";

export const commands: readonly Command<CommandDefinition>[] = [
  toll,
  whoControls,
  sources,
  sitrep,
  watch,
  unwatch,
];

/** The command called `name` (with or without its slash), or undefined. */
export function findCommand(name: string): Command<CommandDefinition> | undefined {
  const bare = name.trim().replace(/^\//, "").toLowerCase();
  return commands.find((c) => c.definition.name === bare);
}
