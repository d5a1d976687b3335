// Every `sitrep` subcommand. Add a module under src/cli/ and list it here.
import type { Subcommand } from "./subcommand.ts";

export const subcommands: readonly Subcommand[] = [];
