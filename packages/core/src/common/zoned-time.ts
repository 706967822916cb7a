/**
 * Calendar arithmetic in a configured time zone (default Asia/Shanghai). Pure: the instant is
 * always passed in; nothing here reads the machine's clock or zone.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

function formattedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset (ms, whole seconds) at this instant, from the formatter. */
function offsetAt(ms: number, timeZone: string): number {
  const p = formattedParts(new Date(ms), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const BUCKET_MS = 15 * 60_000;
/** Per zone, the last 15-minute span looked at and its offset (null: the offset changes inside it). */
const spans = new Map<string, { bucket: number; offset: number | null }>();

/**
 * Wall-clock parts of an instant in the zone. Formatting is slow, so the zone's offset is taken
 * once per 15-minute span (offset changes fall on such boundaries; a span whose two ends differ
 * is formatted instant by instant).
 */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) return formattedParts(instant, timeZone);
  const bucket = Math.floor(ms / BUCKET_MS);
  let span = spans.get(timeZone);
  if (!span || span.bucket !== bucket) {
    const start = offsetAt(bucket * BUCKET_MS, timeZone);
    const end = offsetAt((bucket + 1) * BUCKET_MS - 1000, timeZone);
    span = { bucket, offset: start === end ? start : null };
    spans.set(timeZone, span);
  }
  if (span.offset === null) return formattedParts(instant, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + span.offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The calendar date (in the zone) on which the instant falls. */
export function calendarDateOf(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = zonedParts(instant, timeZone);
  return { year, month, day };
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseCalendarDate(s: string): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${s}`);
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day));
  if (check.getUTCMonth() !== d.month - 1 || check.getUTCDate() !== d.day) {
    throw new RangeError(`日期不存在：${s}`);
  }
  return d;
}

export function addCalendarDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Day of week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(d: CalendarDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/**
 * The instant at which the given wall-clock time occurs in the zone. Zones used here have no
 * DST today, but the offset is looked up for the date rather than assumed.
 */
export function zonedInstant(
  d: CalendarDate,
  timeZone: string,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const guess = Date.UTC(d.year, d.month - 1, d.day, hour, minute, second);
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(instant), timeZone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    instant += guess - asUtc;
  }
  return new Date(instant);
}

/** [start, end) of a calendar year in the zone, as instants. */
export function yearRange(year: number, timeZone: string): { start: Date; end: Date } {
  return {
    start: zonedInstant({ year, month: 1, day: 1 }, timeZone),
    end: zonedInstant({ year: year + 1, month: 1, day: 1 }, timeZone),
  };
}
