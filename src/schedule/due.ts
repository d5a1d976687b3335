// When a subscription's post is due, computed with luxon in the subscription's own time zone.
// node-cron only wakes the scheduler up; these functions decide what is due, so DST gaps,
// repeated hours, catch-up after downtime and restarts all follow from one rule.
import { DateTime } from "luxon";
import { canonicalTimeZone, parseLocalTime } from "../core/time.ts";

/** Read by the core (chat options) and the CLI alike; kept here for the scheduler's callers. */
export { canonicalTimeZone, parseLocalTime };

const DAY_MS = 86_400_000;

export interface DailyTime {
  /** HH:MM */
  readonly time: string;
  readonly timezone: string;
}

/**
 * The instant of the post on a local date. A time that does not exist that day (the spring-
 * forward gap) moves forward by the gap (02:30 to 03:30); a repeated time (fall-back) is one
 * instant of the two, so each local date has exactly one due instant.
 */
export function dueAt(schedule: DailyTime, localDate: string): number {
  const [hour, minute] = schedule.time.split(":").map(Number);
  return DateTime.fromISO(localDate, { zone: schedule.timezone })
    .set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 })
    .toMillis();
}

export interface DueDay {
  readonly localDate: string;
  readonly dueAt: number;
}

/**
 * The local days whose post time has passed, oldest first: today and as many days back as the
 * catch-up window can reach (plus one, so a day just outside it is recorded as missed).
 * Days before `activeFrom` (the subscription's last change) are not due at all.
 */
export function passedDays(
  schedule: DailyTime,
  now: number,
  catchUpMs: number,
  activeFrom: number,
): DueDay[] {
  const today = DateTime.fromMillis(now, { zone: schedule.timezone }).startOf("day");
  const back = Math.ceil(catchUpMs / DAY_MS) + 1;
  const days: DueDay[] = [];
  for (let k = back; k >= 0; k--) {
    const localDate = today.minus({ days: k }).toISODate()!;
    const at = dueAt(schedule, localDate);
    if (at <= now && at >= activeFrom) days.push({ localDate, dueAt: at });
  }
  return days;
}

/**
 * The next post: the first local day from today with no ledger row whose post time is still
 * ahead (or just passed and inside the catch-up window, when it goes out within a minute).
 */
export function nextDue(
  schedule: DailyTime,
  now: number,
  catchUpMs: number,
  activeFrom: number,
  hasRow: (localDate: string) => boolean,
): DueDay {
  const today = DateTime.fromMillis(now, { zone: schedule.timezone }).startOf("day");
  // Rows exist only for days already due, so tomorrow or the day after always qualifies.
  let day: DueDay = { localDate: "", dueAt: now };
  for (let k = 0; k <= 2; k++) {
    const localDate = today.plus({ days: k }).toISODate()!;
    day = { localDate, dueAt: dueAt(schedule, localDate) };
    if (hasRow(localDate) || day.dueAt < activeFrom) continue;
    if (day.dueAt > now || now - day.dueAt <= catchUpMs) return day;
  }
  return day;
}
