import { addCalendarDays, calendarDateOf, formatCalendarDate, type CalendarDate } from '../common/zoned-time.js';
import { addCalendarMonths } from '../suggestions/suggestion-dates.js';

/**
 * Retention of closed concerns (个人信息保护法 §19, §47; issue 9 item 9). Pure: the instant, the
 * setting and the zone are passed in.
 *
 * A closed concern keeps the constituent's identity for `months` calendar months after the day it
 * was closed (in the deployment's zone); from the start of the day after that anniversary it is
 * due for anonymisation, so it is never kept less than the full months. A closing day that has no
 * twin in the target month (31 August + 6 months) ends on that month's last day.
 */
export const RETENTION_MONTHS_DEFAULT = 36;
export const RETENTION_MONTHS_MIN = 6;
export const RETENTION_MONTHS_MAX = 120;

/** The first calendar day (in the zone) on which a concern closed at `closedAt` is due. */
export function anonymisationDueOn(closedAt: Date, months: number, timeZone: string): CalendarDate {
  return addCalendarDays(addCalendarMonths(calendarDateOf(closedAt, timeZone), months), 1);
}

export interface RetentionInput {
  /** null: not closed — never due */
  closedAt: Date | null;
  /** already anonymised: never due again */
  anonymisedAt?: Date | null;
  months: number;
  now: Date;
  timeZone: string;
}

/** Is this concern due for anonymisation now? */
export function isDueForAnonymisation(i: RetentionInput): boolean {
  if (!i.closedAt || i.anonymisedAt) return false;
  if (!Number.isInteger(i.months) || i.months < 1) return false;
  const due = formatCalendarDate(anonymisationDueOn(i.closedAt, i.months, i.timeZone));
  return formatCalendarDate(calendarDateOf(i.now, i.timeZone)) >= due;
}

/**
 * A closing instant after which nothing can be due now under any setting of at least `minMonths`
 * (a loose bound for the database query — every month has at least 28 days; the rule above
 * decides each concern).
 */
export function latestPossiblyDueClosing(now: Date, minMonths: number): Date {
  return new Date(now.getTime() - minMonths * 28 * 86_400_000);
}

// ─── Free text ───────────────────────────────────────────────────────────────────────────────

export const REDACTION_MARK = '＊＊';

// Mainland mobile numbers, 18-digit ID numbers and landlines (区号-号码), not inside longer digit runs.
const PATTERNS: readonly RegExp[] = [
  /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])/g,
  /(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])/g,
  /(?<![0-9])0[0-9]{2,3}[- ]?[0-9]{7,8}(?![0-9])/g,
];

/**
 * Free text with the constituent's known identifiers (their name, phone and address exactly as
 * given, when at least two characters) and anything shaped like a phone or ID number replaced by
 * a mark. What the concern is about stays readable: the substance is the public record of the
 * deputy's and the unit's work; who raised it is not.
 */
export function redactPersonalText(text: string, identifiers: readonly (string | null | undefined)[]): string {
  let out = text;
  const known = identifiers
    .map((s) => (s ?? '').trim())
    .filter((s) => [...s].length >= 2)
    .sort((a, b) => b.length - a.length);
  for (const k of known) out = out.split(k).join(REDACTION_MARK);
  for (const p of PATTERNS) out = out.replace(p, REDACTION_MARK);
  return out;
}

/** The keys under which the timeline, the state and the outbox keep free text. */
export const FREE_TEXT_KEYS: readonly string[] = ['title', 'content', 'result', 'note', 'reason', 'returnReason', 'opinion', 'comment', 'ratingComment'];

/**
 * The strings of a JSON value that sit under one of `keys` (at any depth, arrays included)
 * redacted as above; ids, dates, numbers and every other key kept as they are.
 */
export function redactPersonalJson<T>(
  value: T,
  identifiers: readonly (string | null | undefined)[],
  keys: readonly string[] = FREE_TEXT_KEYS,
): T {
  const walk = (v: unknown, underText: boolean): unknown => {
    if (typeof v === 'string') return underText ? redactPersonalText(v, identifiers) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, underText));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, keys.includes(k))]));
    }
    return v;
  };
  return walk(value, false) as T;
}
