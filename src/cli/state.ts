// What the subscription CLI subcommands share: the state store (DATABASE_URL, else the SQLite
// file STATE_DB relative to the working directory) and the platform names they accept.
import { resolve } from "node:path";
import { readConfig } from "../config.ts";
import type { PlatformName } from "../core/types.ts";
import { openState } from "../state/open.ts";
import type { StateStore } from "../state/types.ts";
import type { CliIo } from "./subcommand.ts";
import { UsageError } from "./subcommand.ts";

export const PLATFORMS = ["slack", "discord", "console"] as const satisfies readonly PlatformName[];

export function parsePlatform(value: string | undefined): PlatformName {
  if (value === undefined) throw new UsageError(`--platform is required (${PLATFORMS.join("|")})`);
  const platform = PLATFORMS.find((p) => p === value.toLowerCase());
  if (platform === undefined)
    throw new UsageError(`--platform must be one of ${PLATFORMS.join(", ")}`);
  return platform;
}

/** Console mode has one workspace; Slack and Discord need the team or guild id. */
export function parseWorkspace(platform: PlatformName, value: string | undefined): string {
  if (value !== undefined && value.trim() !== "") return value.trim();
  if (platform === "console") return "console";
  throw new UsageError(
    `--workspace is required for ${platform} (the ${platform === "slack" ? "team" : "guild"} id)`,
  );
}

export function requireFlag(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value.trim();
}

/** The parseArgs options naming one channel, shared by every subcommand that acts on one. */
export const CHANNEL_OPTIONS = {
  platform: { type: "string" },
  workspace: { type: "string" },
  channel: { type: "string" },
} as const;

/** The channel --platform, --workspace and --channel name, checked as each flag's rule says. */
export function parseChannelFlags(values: {
  readonly platform?: string | undefined;
  readonly workspace?: string | undefined;
  readonly channel?: string | undefined;
}): { platform: PlatformName; workspace: string; channel: string } {
  const platform = parsePlatform(values.platform);
  const workspace = parseWorkspace(platform, values.workspace);
  const channel = requireFlag("channel", values.channel);
  return { platform, workspace, channel };
}

export interface CliState {
  readonly state: StateStore;
  readonly catchUpHours: number;
}

export async function openCliState(io: CliIo): Promise<CliState> {
  const config = readConfig(io.env);
  const state = await openState({ ...config, STATE_DB: resolve(io.cwd, config.STATE_DB) });
  return { state, catchUpHours: config.CATCH_UP_HOURS };
}
