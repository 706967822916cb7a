/**
 * Date rules of a suggestion (代表建议), on calendar dates in the configured zone. Pure: "today"
 * is always passed in.
 *
 * - handled within 3 months of dispatch (办理期限三个月);
 * - an approved extension may push it to at most 6 months after dispatch in total;
 * - a dissatisfied rating asks for a second reply within 1 month of the rating;
 * - assisting/joint units give their opinion to the lead unit within a set number of days (default 15);
 * - "due soon" means the last day is at most 15 days away.
 */
import { addCalendarDays, formatCalendarDate, parseCalendarDate, type CalendarDate } from '../common/zoned-time.js';

export const DEFAULT_HANDLING_MONTHS = 3;
export const MAX_HANDLING_MONTHS = 6;
export const REHANDLING_MONTHS = 1;
export const DEFAULT_OPINION_DAYS = 15;
export const DUE_SOON_DAYS = 15;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Same day `months` later; the last day of the month when that day does not exist (31 Jan + 1 → 28/29 Feb). */
export function addCalendarMonths(d: CalendarDate, months: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** YYYY-MM-DD arithmetic used by the workflow's JSON-safe state. */
export function addMonthsIso(day: string, months: number): string {
  return formatCalendarDate(addCalendarMonths(parseCalendarDate(day), months));
}

export function addDaysIso(day: string, days: number): string {
  return formatCalendarDate(addCalendarDays(parseCalendarDate(day), days));
}

/** Default last day of handling: 3 months after the dispatch day. */
export function handlingDueOn(dispatchedOn: string): string {
  return addMonthsIso(dispatchedOn, DEFAULT_HANDLING_MONTHS);
}

/** The latest last day any extension may reach: 6 months after the dispatch day. */
export function maxExtendedDueOn(dispatchedOn: string): string {
  return addMonthsIso(dispatchedOn, MAX_HANDLING_MONTHS);
}

/** Last day of the second reply after a dissatisfied rating: 1 month after the rating day. */
export function rehandlingDueOn(ratedOn: string): string {
  return addMonthsIso(ratedOn, REHANDLING_MONTHS);
}

/** Whole days from `today` to `dueOn` (negative when past). */
export function daysUntil(today: string, dueOn: string): number {
  const a = parseCalendarDate(today);
  const b = parseCalendarDate(dueOn);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export type DueStanding = 'overdue' | 'due_soon' | 'on_track';

/** The last day itself still counts as on time. */
export function dueStanding(today: string, dueOn: string): DueStanding {
  const left = daysUntil(today, dueOn);
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_DAYS) return 'due_soon';
  return 'on_track';
}
