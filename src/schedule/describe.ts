// Subscriptions and their delivery health as words, in the subscription's own time zone: used
// by `/sitrep schedule` and the `subscriptions` CLI table.
import { DateTime } from "luxon";
import type { DeliveryRepo, Subscription } from "../state/types.ts";
import { nextDue } from "./due.ts";

/** "Tue 3 Dec 2024, 07:00 (Europe/Berlin)". */
export function formatLocal(at: number, zone: string): string {
  return `${DateTime.fromMillis(at, { zone }).toFormat("ccc d LLL yyyy, HH:mm")} (${zone})`;
}

/** When the next post goes out (or "any minute now" when a catch-up post is due). */
export async function describeNextPost(
  deliveries: DeliveryRepo,
  sub: Subscription,
  now: number,
  catchUpHours: number,
): Promise<string> {
  if (sub.noAccessAt !== undefined) return "not scheduled: the bot lost access to this channel";
  // nextDue looks at today and the next two local days: which of them have a ledger row.
  const today = DateTime.fromMillis(now, { zone: sub.timezone }).startOf("day");
  const days = [0, 1, 2].map((k) => today.plus({ days: k }).toISODate()!);
  const found = await Promise.all(
    days.map((localDate) => deliveries.getDaily({ subscriptionId: sub.id, localDate })),
  );
  const rows = new Set(days.filter((_, i) => found[i] !== undefined));
  const next = nextDue(sub, now, catchUpHours * 3_600_000, sub.updatedAt, (localDate) =>
    rows.has(localDate),
  );
  if (next.dueAt <= now) return "due now: it goes out within a minute";
  return formatLocal(next.dueAt, sub.timezone);
}

/** The last delivery result, lost access first because it needs someone to act. */
export async function describeLastDelivery(
  deliveries: DeliveryRepo,
  sub: Subscription,
): Promise<string> {
  const zone = sub.timezone;
  if (sub.noAccessAt !== undefined) {
    return `lost access to this channel on ${formatLocal(sub.noAccessAt, zone)}: not retrying (${sub.lastError ?? "no access"}). Subscribe again once the bot can post here.`;
  }
  const last = await deliveries.latestDaily(sub.id);
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
