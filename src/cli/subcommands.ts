// Every `sitrep` subcommand. Add a module under src/cli/ and list it here.
import ask from "./ask.ts";
import digest from "./digest.ts";
import discordRegister from "./discord-register.ts";
import generate from "./generate.ts";
import schema from "./schema.ts";
import slackManifest from "./slack-manifest.ts";
import type { Subcommand } from "./subcommand.ts";
import subscribe from "./subscribe.ts";
import subscriptions from "./subscriptions.ts";
import unsubscribe from "./unsubscribe.ts";
import validate from "./validate.ts";

export const subcommands: readonly Subcommand[] = [
  ask,
  validate,
  schema,
  discordRegister,
  slackManifest,
  subscribe,
  unsubscribe,
  subscriptions,
  digest,
  generate,
];
