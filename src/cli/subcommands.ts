// Every `sitrep` subcommand, by name and summary; each module is imported only when its
// subcommand runs, so `sitrep ask` never loads Slack, Discord or SQLite. Add a module under
// src/cli/ and list it here.
import type { Subcommand } from "./subcommand.ts";

export interface SubcommandEntry {
  readonly name: string;
  /** One line for `sitrep help`. */
  readonly summary: string;
  load(): Promise<Subcommand>;
}

export const subcommands: readonly SubcommandEntry[] = [
  {
    name: "ask",
    summary:
      "Answer one slash command from the briefs, as text or as the exact Slack/Discord payload",
    load: async () => (await import("./ask.ts")).default,
  },
  {
    name: "validate",
    summary: "Check every brief and report each problem as file:line:col: message",
    load: async () => (await import("./validate.ts")).default,
  },
  {
    name: "schema",
    summary: "Print the JSON Schema of the brief files (--write: update schema/*.schema.json)",
    load: async () => (await import("./schema.ts")).default,
  },
  {
    name: "discord-register",
    summary: "Register the slash commands with Discord (globally, or for one guild with --guild)",
    load: async () => (await import("./discord-register.ts")).default,
  },
  {
    name: "slack-manifest",
    summary: "Print the Slack app manifest (YAML) for the four slash commands",
    load: async () => (await import("./slack-manifest.ts")).default,
  },
  {
    name: "subscribe",
    summary: "Post a brief's daily summary to a channel at a local time",
    load: async () => (await import("./subscribe.ts")).default,
  },
  {
    name: "unsubscribe",
    summary: "Stop a channel's daily summary",
    load: async () => (await import("./unsubscribe.ts")).default,
  },
  {
    name: "subscriptions",
    summary: "List daily-summary subscriptions with their next post and last result",
    load: async () => (await import("./subscriptions.ts")).default,
  },
  {
    name: "digest",
    summary: "Print the daily summary for a period without posting it",
    load: async () => (await import("./digest.ts")).default,
  },
  {
    name: "watch",
    summary: "Add, list or remove what a channel watches (a place, an actor or a source)",
    load: async () => (await import("./watch.ts")).default,
  },
  {
    name: "alerts",
    summary: "Print the alerts the claims reported since a time would raise, without sending",
    load: async () => (await import("./alerts.ts")).default,
  },
  {
    name: "generate",
    summary: "Write a synthetic brief of N claims (same seed, same brief), for benchmarks",
    load: async () => (await import("./generate.ts")).default,
  },
  {
    name: "import",
    summary: "Import an HXL, ACLED or UCDP GED file into a brief's claims (--dry-run: report only)",
    load: async () => (await import("./import.ts")).default,
  },
  {
    name: "export",
    summary: "Export every claim with its source, grade, place and dates as HXL CSV or JSONL",
    load: async () => (await import("./export.ts")).default,
  },
  {
    name: "pending",
    summary: "List claims submitted from chat that wait for an editor",
    load: async () => (await import("./pending.ts")).default,
  },
  {
    name: "approve",
    summary: "Approve a claim from chat into its brief",
    load: async () => (await import("./approve.ts")).default,
  },
  {
    name: "reject",
    summary: "Reject a claim from chat, with the reason",
    load: async () => (await import("./reject.ts")).default,
  },
];
