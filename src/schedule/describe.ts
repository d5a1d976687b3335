// Subscriptions and their delivery health as words, in the subscription's own time zone: used
// by `/sitrep schedule` and the `subscriptions` CLI table.
import { DateTime } from "luxon";
import type { StateDb } from "./db.ts";
import { nextDue } from "./due.ts";
import { getDelivery, latestDelivery } from "./ledger.ts";
import type { Subscription } from "./subscriptions.ts";

/** "Tue 3 Dec 2024, 07:00 (Europe/Berlin)". */
export function formatLocal(at: number, zone: string): string {
  return `${DateTime.fromMillis(at, { zone }).toFormat("ccc d LLL yyyy, HH:mm")} (${zone})`;
}

/** When the next post goes out (or "any minute now" when a catch-up post is due). */
export function describeNextPost(
  db: StateDb,
  sub: Subscription,
  now: number,
  catchUpHours: number,
): string {
  if (sub.noAccessAt !== undefined) return "not scheduled: the bot lost access to this channel";
  const next = nextDue(
    sub,
    now,
    catchUpHours * 3_600_000,
    sub.updatedAt,
    (localDate) => getDelivery(db, { subscriptionId: sub.id, localDate }) !== undefined,
  );
  if (next.dueAt <= now) return "due now: it goes out within a minute";
  return formatLocal(next.dueAt, sub.timezone);
}

/** The last delivery result, lost access first because it needs someone to act. */
export function describeLastDelivery(db: StateDb, sub: Subscription): string {
  const zone = sub.timezone;
  if (sub.noAccessAt !== undefined) {
    return `lost access to this channel on ${formatLocal(sub.noAccessAt, zone)}: not retrying (${sub.lastError ?? "no access"}). Subscribe again once the bot can post here.`;
  }
  const last = latestDelivery(db, sub.id);
  if (last === undefined) return "none yet";
  const when = formatLocal(last.updatedAt, zone);
  switch (last.status) {
    case "sent":
      return `posted ${when}`;
    case "skipped":
      return `${last.localDate}: nothing new to report, so nothing posted`;
    case "claimed":
    case "sending":
      return `posting now (attempt ${last.attempts})`;
    case "uncertain":
      return last.nextAttemptAt !== undefined
        ? `${when}: may or may not have been posted (${last.error ?? "no answer"}); checking at ${formatLocal(last.nextAttemptAt, zone)} before any retry`
        : `${when}: may or may not have been posted; not posted again (${last.error ?? "no answer"})`;
    case "missed":
      return `${last.localDate}: missed, the bot was down at the posting time`;
    case "no_access":
      return `lost access to this channel on ${when}: not retrying`;
    case "failed":
      return last.nextAttemptAt !== undefined
        ? `failed ${when} (attempt ${last.attempts}): ${last.error ?? "unknown error"}; retrying at ${formatLocal(last.nextAttemptAt, zone)}`
        : `failed ${when} after ${last.attempts} attempt(s): ${last.error ?? "unknown error"}`;
  }
}

/** "#C1 · brief syria at 07:00 Europe/Berlin". */
export function describeSubscription(sub: Subscription): string {
  const empty = sub.postWhenEmpty ? ", also on days with nothing new" : "";
  const map = sub.pictures ? ", with the control map when control changed" : "";
  return `${sub.channel}: ${sub.brief} daily at ${sub.time} ${sub.timezone}${empty}${map}`;
}
