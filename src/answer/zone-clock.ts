// Local calendar parts of instants in a time zone, without an Intl call per instant. Answers
// format hundreds of thousands of instants for a region's figures, and Intl's formatToParts costs
// microseconds each. A zone's offset is found once per UTC hour (checked at both ends of the hour,
// so an hour with a change of offset in it is formatted instant by instant), and the rest is
// arithmetic on the local time.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// en-US short month names, as Intl.DateTimeFormat("en-US", { month: "short" }) gives them.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A local calendar day, as en-US writes it and as numbers. */
export interface LocalDay {
  /** "29" */
  readonly day: string;
  /** "Nov" */
  readonly month: string;
  /** "2024" */
  readonly year: string;
  readonly y: number;
  /** 1 to 12. */
  readonly m: number;
  readonly d: number;
}

/** Hours whose offset is not constant are marked so, and formatted instant by instant. */
const CHANGES_WITHIN = Number.NaN;

class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  /** UTC hour index -> the zone's offset in ms during all of that hour (or CHANGES_WITHIN). */
  private readonly offsets = new Map<number, number>();
  /** Local day index (days since 1970-01-01 in local time) -> its names. */
  private readonly days = new Map<number, LocalDay>();
  private readonly times: string[] = [];

  constructor(zone: string) {
    // Throws for an unknown zone, as formatting with it always has.
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
      era: "short",
    });
  }

  dayAt(at: number): LocalDay {
    return this.dayOf(Math.floor(this.localTime(at) / DAY));
  }

  timeAt(at: number): string {
    const local = this.localTime(at);
    return this.timeOf(Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE));
  }

  /** The instant's local wall time, as ms since 1970-01-01 00:00 local. */
  private localTime(at: number): number {
    const offset = this.offsetDuringHour(Math.floor(at / HOUR));
    return at + (Number.isNaN(offset) ? this.offsetAt(at) : offset);
  }

  private offsetDuringHour(hour: number): number {
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const start = this.offsetAt(hour * HOUR);
      const end = this.offsetAt((hour + 1) * HOUR - 1000);
      offset = start === end ? start : CHANGES_WITHIN;
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  /** The zone's offset at an instant, to the second, as Intl reads the zone's rules. */
  private offsetAt(at: number): number {
    const part: Record<string, string> = {};
    for (const { type, value } of this.format.formatToParts(at)) part[type] = value;
    const year = Number(part.year);
    const y = part.era === "BC" ? 1 - year : year;
    const local = Date.UTC(
      y,
      Number(part.month) - 1,
      Number(part.day),
      Number(part.hour),
      Number(part.minute),
      Number(part.second),
    );
    // Date.UTC reads years 0 to 99 as 1900 to 1999.
    const fixed = y >= 0 && y < 100 ? new Date(local).setUTCFullYear(y) : local;
    return fixed - Math.floor(at / 1000) * 1000;
  }

  private dayOf(dayIndex: number): LocalDay {
    let day = this.days.get(dayIndex);
    if (day === undefined) {
      const date = new Date(dayIndex * DAY);
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth() + 1;
      const d = date.getUTCDate();
      day = { day: String(d), month: MONTHS[m - 1]!, year: yearText(y), y, m, d };
      this.days.set(dayIndex, day);
    }
    return day;
  }

  private timeOf(minutes: number): string {
    let time = this.times[minutes];
    if (time === undefined) {
      const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
      const mm = String(minutes % 60).padStart(2, "0");
      time = `${hh}:${mm}`;
      this.times[minutes] = time;
    }
    return time;
  }
}

/** The year as en-US writes it: "2024"; years before 1 AD as Intl does without an era ("5"). */
function yearText(y: number): string {
  return String(y >= 1 ? y : 1 - y);
}

const clocks = new Map<string, ZoneClock>();

function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/** The calendar day of an instant in a zone. */
export function localDay(at: number, zone: string): LocalDay {
  return clockOf(zone).dayAt(at);
}

/** "14:30": the wall-clock time of an instant in a zone, 24-hour. */
export function localTime(at: number, zone: string): string {
  return clockOf(zone).timeAt(at);
}
