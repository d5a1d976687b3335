// `sitrep slack-manifest --url https://bot.example.org | --socket [--name NAME] [--oauth]`: prints
// the Slack app manifest (YAML) to paste into https://api.slack.com/apps "From an app manifest";
// --oauth for many workspaces (the install flow's redirect URL and the uninstall events).
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { commands } from "../../commands/index.ts";
import { buildSlackManifest, type ManifestTarget } from "../platforms/slack/manifest.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

function readTarget(url: string | undefined, socket: boolean): ManifestTarget {
  if (url !== undefined && socket) throw new UsageError("give --url or --socket, not both");
  if (socket) return { socket: true };
  if (url === undefined)
    throw new UsageError("give --url (HTTP request URLs) or --socket (Socket Mode)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${url} is not a URL`);
  }
  if (parsed.protocol !== "https:")
    throw new UsageError("--url must be https: Slack only calls https URLs");
  return { url: `${parsed.origin}${parsed.pathname}` };
}

export default {
  usage: "--url https://bot.example.org | --socket [--name NAME] [--oauth]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: "string" },
        socket: { type: "boolean", default: false },
        name: { type: "string" },
        oauth: { type: "boolean", default: false },
      },
    });
    const manifest = buildSlackManifest({
      commands,
      target: readTarget(values.url, values.socket),
      ...(values.name === undefined ? {} : { name: values.name }),
      oauth: values.oauth,
    });
    io.out(stringify(manifest, { lineWidth: 0 }).trimEnd());
    return 0;
  },
} satisfies Subcommand;
