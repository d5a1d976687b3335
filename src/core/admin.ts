// The `/sitrep` subcommands that change or show the bot's own state (subscriptions, status).
// They are not pure, so they are not Commands: platforms route them here after working out who
// is asking and whether they are an admin (that check is platform-specific).
import type { Answer } from "../answer/model.ts";
import type { ChatOrigin } from "./types.ts";

export const ADMIN_SUBCOMMANDS = [
  "subscribe",
  "unsubscribe",
  "schedule",
  "status",
  "reload",
] as const;
/** What the admin handler does: a `/sitrep` subcommand, or a whole admin command (`/watch`). */
export type AdminSubcommand = (typeof ADMIN_SUBCOMMANDS)[number] | "watch" | "unwatch";
export const ADMIN_COMMANDS = ["watch", "unwatch"] as const;

export type { ChatOrigin };

export interface AdminHandler {
  /** `text` is what follows the subcommand word (`07:30 Europe/Berlin brief:x`). */
  handle(subcommand: AdminSubcommand, text: string, origin: ChatOrigin): Promise<Answer>;
}

/** Splits `/sitrep subscribe 07:30` into the admin subcommand and the rest, if it is one. */
export function matchAdminSubcommand(
  text: string,
): { subcommand: AdminSubcommand; rest: string } | undefined {
  const [first = "", ...rest] = text.trim().split(/\s+/);
  const word = first.toLowerCase();
  const subcommand = ADMIN_SUBCOMMANDS.find((s) => s === word);
  return subcommand === undefined ? undefined : { subcommand, rest: rest.join(" ") };
}
