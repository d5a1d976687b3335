// Settings from the environment, checked once at start-up. Secrets come only from here;
// .env.example documents every variable.
import { z } from "zod";

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

export const Config = z.object({
  BRIEFS_DIR: z.string().default("briefs"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: info, or warn in console mode so the log does not interleave with answers. */
  LOG_LEVEL: optional,
  STATE_DB: z.string().default("data/sitrep.db"),
  /** Validated snapshots of brief files, so a start or reload parses only changed files. */
  SITREP_CACHE_DIR: optional,
  /** Worker threads that answer Slack slash commands off the event loop; 0 answers in line. */
  ANSWER_THREADS: z.coerce.number().int().min(0).max(16).default(0),
  CATCH_UP_HOURS: z.coerce.number().min(0).default(6),
  /** "1": commit each claim approved from chat when BRIEFS_DIR is in a git work tree. */
  BRIEFS_GIT_COMMIT: z
    .enum(["", "0", "1"], { error: "must be 1 (commit approved claims) or 0" })
    .optional()
    .transform((v) => v === "1"),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional,
  SLACK_ALLOWED_TEAMS: list,
  SLACK_ADMIN_USERS: list,
  SLACK_EDITOR_USERS: list,
  SLACK_REVIEW_CHANNEL: optional,
  DISCORD_TOKEN: optional,
  DISCORD_PUBLIC_KEY: optional,
  DISCORD_APPLICATION_ID: optional,
  DISCORD_API_URL: optional,
  DISCORD_ALLOWED_GUILDS: list,
  DISCORD_EDITOR_USERS: list,
  DISCORD_EDITOR_ROLES: list,
  DISCORD_REVIEW_CHANNEL: optional,
});
export type Config = z.infer<typeof Config>;

/** Reads the settings; throws one readable message listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = Config.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Bad settings in the environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
