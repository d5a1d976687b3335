// What the subscription CLI subcommands share: the state database from STATE_DB (relative to
// the working directory) and the platform names they accept.
import { resolve } from "node:path";
import { readConfig } from "../config.ts";
import type { PlatformName } from "../core/types.ts";
import { openStateDb, type StateDb } from "../schedule/db.ts";
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

export interface CliState {
  readonly db: StateDb;
  readonly catchUpHours: number;
}

export function openCliState(io: CliIo): CliState {
  const config = readConfig(io.env);
  return { db: openStateDb(resolve(io.cwd, config.STATE_DB)), catchUpHours: config.CATCH_UP_HOURS };
}
