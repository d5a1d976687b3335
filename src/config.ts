// Settings from the environment, checked once at start-up. Secrets come only from here;
// .env.example documents every variable.
import { z } from "zod";
import { isPostgresUrl } from "./state/open.ts";

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const url = optional.refine((v) => v === undefined || URL.canParse(v), {
  error: "must be a URL (http://… or https://…)",
});

export const Config = z.object({
  BRIEFS_DIR: z.string().default("briefs"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: info, or warn in console mode so the log does not interleave with answers. */
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).optional(),
  ),
  STATE_DB: z.string().default("data/sitrep.db"),
  /**
   * postgres://user:password@host:5432/sitrep: the state lives in that PostgreSQL database (which
   * several instances may share) instead of the SQLite file STATE_DB.
   */
  DATABASE_URL: optional.refine((v) => v === undefined || isPostgresUrl(v), {
    error: "must be a PostgreSQL URL (postgres://user:password@host:5432/database)",
  }),
  /** Validated snapshots of brief files, so a start or reload parses only changed files. */
  SITREP_CACHE_DIR: optional,
  /**
   * Worker threads that answer chat questions off the event loop; 0 answers in line. Unset: one
   * when Slack or Discord is configured, none in console mode (see answerThreads in app.ts).
   */
  ANSWER_THREADS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number().int().min(0).max(16).optional(),
  ),
  /** Worker threads parsing claims files on a load that parses many (a first start); 0: none. */
  PARSE_THREADS: z.coerce.number().int().min(0).max(16).default(0),
  CATCH_UP_HOURS: z.coerce.number().min(0).default(6),
  /** "1": commit each claim approved from chat when BRIEFS_DIR is in a git work tree. */
  BRIEFS_GIT_COMMIT: z
    .enum(["", "0", "1"], { error: "must be 1 (commit approved claims) or 0" })
    .optional()
    .transform((v) => v === "1"),
  /**
   * The bot's public base URL (https://sitrep.example.org): a private Slack answer's chart or map
   * is then shown from this server at an unguessable link that expires after an hour.
   */
  PUBLIC_URL: url,
  /** "off": no GET /metrics (Prometheus). Default on. */
  METRICS: z
    .enum(["", "on", "off"], { error: "must be on or off" })
    .optional()
    .transform((v) => v !== "off"),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: url,
  SLACK_ALLOWED_TEAMS: list,
  SLACK_ADMIN_USERS: list,
  SLACK_EDITOR_USERS: list,
  SLACK_REVIEW_CHANNEL: optional,
  /** All three: Slack in many workspaces (the OAuth install flow), instead of SLACK_BOT_TOKEN. */
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  DISCORD_TOKEN: optional,
  DISCORD_PUBLIC_KEY: optional.refine((v) => v === undefined || /^[0-9a-f]{64}$/i.test(v), {
    error: "must be the 64 hex characters of the application's public key",
  }),
  DISCORD_APPLICATION_ID: optional,
  DISCORD_API_URL: url,
  DISCORD_ALLOWED_GUILDS: list,
  DISCORD_EDITOR_USERS: list,
  DISCORD_EDITOR_ROLES: list,
  DISCORD_REVIEW_CHANNEL: optional,
});
export type Config = z.infer<typeof Config>;

/** Settings that cannot work, one line each: `VARIABLE: what is wrong`. */
export class ConfigError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
  }
}

const SLACK_OAUTH = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

/** The OAuth install flow's settings: all three or none, and not with SLACK_BOT_TOKEN. */
function slackOAuthProblems(config: Config): string[] {
  const missing = SLACK_OAUTH.filter((name) => config[name] === undefined);
  if (missing.length === SLACK_OAUTH.length) return [];
  if (missing.length > 0) {
    return [
      `${missing.join(", ")}: set all three of ${SLACK_OAUTH.join(", ")} (the install flow for many workspaces) or none`,
    ];
  }
  if (config.SLACK_BOT_TOKEN !== undefined) {
    return [
      "SLACK_BOT_TOKEN: unset it, or unset SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (one token for one workspace, or the install flow for many, not both)",
    ];
  }
  return [];
}

/** Settings that only fail together (a token without what goes with it). */
function crossProblems(config: Config): string[] {
  const problems: string[] = slackOAuthProblems(config);
  const slack = config.SLACK_BOT_TOKEN !== undefined ? "SLACK_BOT_TOKEN" : "SLACK_CLIENT_ID";
  if (
    (config.SLACK_BOT_TOKEN !== undefined || config.SLACK_CLIENT_ID !== undefined) &&
    config.SLACK_SIGNING_SECRET === undefined &&
    config.SLACK_APP_TOKEN === undefined
  ) {
    problems.push(
      `${slack}: set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) with it`,
    );
  }
  if (config.DISCORD_PUBLIC_KEY !== undefined && config.DISCORD_APPLICATION_ID === undefined) {
    problems.push(
      "DISCORD_PUBLIC_KEY: set DISCORD_APPLICATION_ID with it (HTTP interactions need both)",
    );
  }
  return problems;
}

/** Reads the settings; throws a ConfigError with one line per bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = Config.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const got = env[String(i.path[0])];
        const shown =
          got === undefined || /TOKEN|SECRET|DATABASE_URL/.test(String(i.path[0]))
            ? ""
            : ` (got "${got}")`;
        return `${i.path.join(".")}: ${i.message}${shown}`;
      }),
    );
  }
  const problems = crossProblems(result.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data;
}
