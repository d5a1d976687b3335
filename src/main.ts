// `npm start`: checks every setting first (one line per bad one, exit 2, before Slack, Discord or
// the rest of the bot is even loaded), then starts the bot (app.ts) and shuts it down cleanly on
// SIGTERM; SIGHUP reloads the briefs, accepting a version held back for dropping claims.
import "./runtime-flags.ts";
import { realpathSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { App, AppOptions } from "./app.ts";
import { type Config, ConfigError, readConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { openStateDb } from "./state/sqlite/db.ts";

export type { App, AppOptions } from "./app.ts";

/** The bot, loaded on first use so a bad setting is reported without loading it. */
export async function startApp(options: AppOptions): Promise<App> {
  const app = await import("./app.ts");
  return app.startApp(options);
}

/**
 * What the settings name must be there and usable before anything starts: the briefs folder, and
 * a state database that opens (checked without ever hanging on a path like /proc/x/y.db).
 */
export function checkStartupPaths(config: Config): string[] {
  const problems: string[] = [];
  const briefs = statSync(config.BRIEFS_DIR, { throwIfNoEntry: false });
  if (briefs === undefined) {
    problems.push(`BRIEFS_DIR: the briefs folder \`${config.BRIEFS_DIR}\` does not exist`);
  } else if (!briefs.isDirectory()) {
    problems.push(`BRIEFS_DIR: \`${config.BRIEFS_DIR}\` is a file, not a folder of briefs`);
  }
  // With DATABASE_URL the state is on a server, reached (and migrated) as the bot starts.
  if (config.DATABASE_URL !== undefined) return problems;
  try {
    openStateDb(config.STATE_DB).close();
  } catch (error) {
    problems.push(`STATE_DB: ${(error as Error).message.replace(" (STATE_DB)", "")}`);
  }
  return problems;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
    const problems = checkStartupPaths(config);
    if (problems.length > 0) throw new ConfigError(problems);
  } catch (error) {
    // One line per bad setting, naming the variable; no stack trace.
    const lines = error instanceof ConfigError ? error.lines : [(error as Error).message];
    for (const line of lines) process.stderr.write(`sitrep: ${line}\n`);
    process.exitCode = 2;
    return;
  }
  const chat =
    config.SLACK_BOT_TOKEN !== undefined ||
    config.SLACK_CLIENT_ID !== undefined ||
    config.DISCORD_TOKEN !== undefined ||
    config.DISCORD_PUBLIC_KEY !== undefined;
  const logger = createLogger(config.LOG_LEVEL ?? (chat ? "info" : "warn"));
  // A reader that goes away (`npm start | head`) is the end of the session, not a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  // Handlers first: a signal during start-up must not kill the process half-started.
  let app: App | undefined;
  let stopping = false;
  const stopAndExit = (running: App) => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGHUP", () => {
    // The operator's signal is a decision: it takes a version held back for dropping claims.
    logger.warn({}, "SIGHUP: reloading the briefs, accepting any version held back");
    void app?.live.accept();
    void app?.answers?.reload(true);
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, "stopping");
    stopping = true;
    if (app !== undefined) stopAndExit(app);
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  try {
    app = await startApp({ config, logger });
  } catch (error) {
    // A setting that does not work (a bad token, a port in use) is one line for a person; the
    // stack goes to the log.
    logger.error({ err: error }, "could not start");
    process.stderr.write(`sitrep: could not start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  if (stopping) {
    stopAndExit(app);
    return;
  }
  await app.done;
  await app.stop();
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  main().catch((error: unknown) => {
    process.stderr.write(`sitrep: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
