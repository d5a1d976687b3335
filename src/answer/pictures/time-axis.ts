// Ticks for a time axis in the brief's time zone: days, weeks, months or years, whichever keeps
// the labels from crowding, each at local midnight.
import { DateTime } from "luxon";

export interface TimeTick {
  readonly at: number;
  readonly label: string;
}

const DAY = 86_400_000;

export function timeTicks(start: number, end: number, zone: string, maxTicks = 8): TimeTick[] {
  const days = (end - start) / DAY;
  const sameYear =
    DateTime.fromMillis(start, { zone }).year === DateTime.fromMillis(end, { zone }).year;
  if (days <= 120) {
    const step = [1, 2, 3, 7, 14, 28].find((s) => days / s <= maxTicks) ?? 28;
    let t = DateTime.fromMillis(start, { zone }).startOf("day");
    if (t.toMillis() < start) t = t.plus({ days: 1 });
    const ticks: TimeTick[] = [];
    for (; t.toMillis() <= end; t = t.plus({ days: step })) {
      ticks.push({ at: t.toMillis(), label: t.toFormat(sameYear ? "d LLL" : "d LLL yyyy") });
    }
    return ticks;
  }
  const months = days / 30.4;
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => months / s <= maxTicks) ?? 120;
  let t = DateTime.fromMillis(start, { zone }).startOf("month");
  if (t.toMillis() < start) t = t.plus({ months: 1 });
  while (step >= 12 && t.month !== 1) t = t.plus({ months: 1 });
  const ticks: TimeTick[] = [];
  for (; t.toMillis() <= end; t = t.plus({ months: step })) {
    const label =
      step >= 12
        ? t.toFormat("yyyy")
        : t.month === 1 || ticks.length === 0
          ? t.toFormat("LLL yyyy")
          : t.toFormat("LLL");
    ticks.push({ at: t.toMillis(), label });
  }
  return ticks;
}

/** Round numbers for a value axis from 0 to at least `max`. */
export function valueTicks(max: number, maxTicks = 6): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  // Counts are whole numbers: no step below 1, and 2.5 only where it stays whole.
  const steps = power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  const step = Math.max(1, (steps.find((m) => m * power >= rough) ?? 10) * power);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(Math.round(v * 1e6) / 1e6);
    if (v >= max) break;
  }
  return ticks;
}
