/**
 * Fixed rota (三定: fixed time, place and people; R-DUTY-2) and direct-contact days (直联日,
 * R-DUTY-3). A template is data; `expandRota` turns it into concrete duty slots for a range, in
 * the configured time zone. Pure: every instant is passed in.
 */
import {
  DEFAULT_TIME_ZONE,
  addCalendarDays,
  calendarDateOf,
  formatCalendarDate,
  parseCalendarDate,
  weekdayOf,
  zonedInstant,
  type CalendarDate,
} from '../common/zoned-time.js';

/** 0 = Sunday … 6 = Saturday, as `weekdayOf`. */
export type RotaWeekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const ROTA_WEEKDAY_LABELS: readonly string[] = [
  '星期日',
  '星期一',
  '星期二',
  '星期三',
  '星期四',
  '星期五',
  '星期六',
];

/** -1 means the last such weekday of the month. */
export type RotaNthWeekday = 1 | 2 | 3 | 4 | 5 | -1;

export type RotaRecurrence =
  /** Every week on these weekdays (e.g. every Thursday, a direct-contact day). */
  | { kind: 'weekly'; weekdays: RotaWeekday[] }
  /** The nth weekday of each month (e.g. second Thursday; first and third Monday). A 5th that a month lacks is skipped. */
  | { kind: 'monthly_nth_weekday'; weekday: RotaWeekday; nths: RotaNthWeekday[] }
  /** These days of each month (e.g. the 15th). A day a month lacks (31 in June) is skipped. */
  | { kind: 'monthly_day'; days: number[] };

export const ROTA_PURPOSES = ['station_duty', 'direct_contact_day'] as const;
export type RotaPurpose = (typeof ROTA_PURPOSES)[number];

export const ROTA_PURPOSE_LABELS: Record<RotaPurpose, string> = {
  station_duty: '驻站接待',
  direct_contact_day: '直联日',
};

export interface RotaPlace {
  kind: 'station' | 'grid';
  id: string;
}

export interface RotaTemplate {
  id: string;
  name: string;
  purpose: RotaPurpose;
  place: RotaPlace;
  recurrence: RotaRecurrence;
  /** Local wall-clock 'HH:MM'; `endTime` is later the same day. */
  startTime: string;
  endTime: string;
  /** Deputies on every slot. */
  deputyIds: string[];
  /**
   * Optional groups taking turns: the n-th occurrence on or after `validFrom` (counting from 0)
   * adds `rotation[n % rotation.length]` to `deputyIds`.
   */
  rotation?: string[][];
  /** 'YYYY-MM-DD', local; first day the template applies. */
  validFrom: string;
  /** 'YYYY-MM-DD', local, inclusive; open-ended when absent. */
  validUntil?: string | null;
}

export interface RotaSwapRecord {
  fromDeputyId: string;
  toDeputyId: string;
}

export interface RotaSlot {
  /** `${templateId}@${date}`: stable, so swaps and check-ins can refer to it. */
  slotId: string;
  templateId: string;
  purpose: RotaPurpose;
  place: RotaPlace;
  /** Local date 'YYYY-MM-DD'. */
  date: string;
  start: Date;
  end: Date;
  deputyIds: string[];
  /** Swaps applied to this slot, in order. */
  swaps: RotaSwapRecord[];
}

export interface RotaSwap extends RotaSwapRecord {
  slotId: string;
}

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses a local wall-clock time 'HH:MM' to minutes after midnight. */
export function parseRotaTime(s: string): number {
  const m = TIME_PATTERN.exec(s);
  if (!m) throw new RangeError(`时间格式应为 HH:MM：${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether the recurrence falls on the local calendar date. */
export function recurrenceMatches(rec: RotaRecurrence, d: CalendarDate): boolean {
  switch (rec.kind) {
    case 'weekly':
      return (rec.weekdays as number[]).includes(weekdayOf(d));
    case 'monthly_day':
      return rec.days.includes(d.day);
    case 'monthly_nth_weekday': {
      if (weekdayOf(d) !== rec.weekday) return false;
      const nth = Math.ceil(d.day / 7);
      const isLast = d.day + 7 > daysInMonth(d.year, d.month);
      return rec.nths.some((n) => n === nth || (n === -1 && isLast));
    }
  }
}

const NTH_LABELS: Record<string, string> = {
  '1': '第一个',
  '2': '第二个',
  '3': '第三个',
  '4': '第四个',
  '5': '第五个',
  '-1': '最后一个',
};

/** A Chinese description for announcements, e.g. '每月第二个星期四'. */
export function describeRecurrence(rec: RotaRecurrence): string {
  switch (rec.kind) {
    case 'weekly':
      return `每周${[...rec.weekdays]
        .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
        .map((w) => ROTA_WEEKDAY_LABELS[w] ?? '')
        .join('、')}`;
    case 'monthly_day':
      return `每月${[...rec.days]
        .sort((a, b) => a - b)
        .map((d) => `${d}日`)
        .join('、')}`;
    case 'monthly_nth_weekday': {
      const order = (n: number): number => (n === -1 ? 99 : n);
      const nths = [...rec.nths].sort((a, b) => order(a) - order(b)).map((n) => NTH_LABELS[String(n)] ?? '');
      return `每月${nths.join('和')}${ROTA_WEEKDAY_LABELS[rec.weekday] ?? ''}`;
    }
  }
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * The slots of a template whose start lies in the half-open range [from, to), in order. Times
 * are local wall-clock times in `timeZone`, whatever zone the process runs in.
 */
export function expandRota(
  template: RotaTemplate,
  range: { from: Date; to: Date },
  timeZone: string = DEFAULT_TIME_ZONE,
): RotaSlot[] {
  const slots: RotaSlot[] = [];
  if (range.to.getTime() <= range.from.getTime()) return slots;
  const startMin = parseRotaTime(template.startTime);
  const endMin = parseRotaTime(template.endTime);
  if (endMin <= startMin) throw new RangeError(`结束时间应晚于开始时间：${template.startTime}–${template.endTime}`);

  const validFrom = parseCalendarDate(template.validFrom);
  const validUntil = template.validUntil ? parseCalendarDate(template.validUntil) : null;
  const rangeFirst = calendarDateOf(range.from, timeZone);
  const rangeLast = calendarDateOf(range.to, timeZone);
  const rotation = template.rotation?.filter((g) => g.length > 0) ?? [];

  // With a rotation, occurrences are counted from validFrom so that the turn of a slot does not
  // depend on the range asked for.
  let day = rotation.length > 0 || compareDates(validFrom, rangeFirst) > 0 ? validFrom : rangeFirst;
  const last = validUntil && compareDates(validUntil, rangeLast) < 0 ? validUntil : rangeLast;
  let occurrence = 0;
  for (; compareDates(day, last) <= 0; day = addCalendarDays(day, 1)) {
    if (!recurrenceMatches(template.recurrence, day)) continue;
    const index = occurrence++;
    if (compareDates(day, rangeFirst) < 0) continue;
    const start = zonedInstant(day, timeZone, Math.floor(startMin / 60), startMin % 60);
    if (start.getTime() < range.from.getTime() || start.getTime() >= range.to.getTime()) continue;
    const end = zonedInstant(day, timeZone, Math.floor(endMin / 60), endMin % 60);
    const group = rotation.length > 0 ? (rotation[index % rotation.length] ?? []) : [];
    const date = formatCalendarDate(day);
    slots.push({
      slotId: `${template.id}@${date}`,
      templateId: template.id,
      purpose: template.purpose,
      place: { ...template.place },
      date,
      start,
      end,
      deputyIds: unique([...template.deputyIds, ...group]),
      swaps: [],
    });
  }
  return slots;
}

/** A swap that cannot be applied to its slot, with the reason in Chinese; null when it can. */
export function validateSwap(slot: RotaSlot, swap: RotaSwapRecord): string | null {
  if (swap.fromDeputyId === swap.toDeputyId) return '调换前后不能是同一位代表';
  if (!slot.deputyIds.includes(swap.fromDeputyId)) return '被调换的代表不在该班次';
  if (slot.deputyIds.includes(swap.toDeputyId)) return '接替的代表已在该班次';
  return null;
}

/**
 * Applies swaps (deputy A replaced by B on one slot) in the order given, so A→B then B→C works.
 * Swaps for slots not in the list are left out silently (they belong to another range); swaps
 * that do not fit their slot are returned in `rejected` and change nothing.
 */
export function applySwaps(
  slots: readonly RotaSlot[],
  swaps: readonly RotaSwap[],
): { slots: RotaSlot[]; rejected: { swap: RotaSwap; reason: string }[] } {
  const byId = new Map<string, RotaSlot>();
  const result = slots.map((s) => {
    const copy: RotaSlot = { ...s, place: { ...s.place }, deputyIds: [...s.deputyIds], swaps: [...s.swaps] };
    byId.set(copy.slotId, copy);
    return copy;
  });
  const rejected: { swap: RotaSwap; reason: string }[] = [];
  for (const swap of swaps) {
    const slot = byId.get(swap.slotId);
    if (!slot) continue;
    const reason = validateSwap(slot, swap);
    if (reason) {
      rejected.push({ swap, reason });
      continue;
    }
    slot.deputyIds = slot.deputyIds.map((id) => (id === swap.fromDeputyId ? swap.toDeputyId : id));
    slot.swaps.push({ fromDeputyId: swap.fromDeputyId, toDeputyId: swap.toDeputyId });
  }
  return { slots: result, rejected };
}

/** All templates expanded over the range, swaps applied, ordered by start then slot id. */
export function buildRotaCalendar(
  templates: readonly RotaTemplate[],
  range: { from: Date; to: Date },
  swaps: readonly RotaSwap[] = [],
  timeZone: string = DEFAULT_TIME_ZONE,
): { slots: RotaSlot[]; rejected: { swap: RotaSwap; reason: string }[] } {
  const all = templates.flatMap((t) => expandRota(t, range, timeZone));
  all.sort((a, b) => a.start.getTime() - b.start.getTime() || (a.slotId < b.slotId ? -1 : a.slotId > b.slotId ? 1 : 0));
  return applySwaps(all, swaps);
}

/** The deputy's current or next slot (the first one not yet ended at `now`), or null. */
export function nextDutyOf(deputyId: string, slots: readonly RotaSlot[], now: Date): RotaSlot | null {
  let best: RotaSlot | null = null;
  for (const s of slots) {
    if (s.end.getTime() <= now.getTime() || !s.deputyIds.includes(deputyId)) continue;
    if (best === null || s.start.getTime() < best.start.getTime()) best = s;
  }
  return best;
}

export const DEFAULT_ANNOUNCE_MIN_DAYS = 3;

/**
 * The instant by which a slot must be announced (exclusive): local midnight starting the day
 * `minDays - 1` days before the slot's date. For a slot on Thursday 10 July and 3 days, the
 * announcement must be published by Monday 7 July 23:59:59 local time.
 */
export function announcementDeadline(
  slotStart: Date,
  minDays: number = DEFAULT_ANNOUNCE_MIN_DAYS,
  timeZone: string = DEFAULT_TIME_ZONE,
): Date {
  const slotDay = calendarDateOf(slotStart, timeZone);
  return zonedInstant(addCalendarDays(slotDay, -minDays + 1), timeZone);
}

/**
 * True when the announcement was published at least `minDays` calendar days (in the zone) before
 * the slot's day, and not after the slot started.
 */
export function isAnnouncedInTime(
  slotStart: Date,
  publishedAt: Date,
  minDays: number = DEFAULT_ANNOUNCE_MIN_DAYS,
  timeZone: string = DEFAULT_TIME_ZONE,
): boolean {
  return (
    publishedAt.getTime() < announcementDeadline(slotStart, minDays, timeZone).getTime() &&
    publishedAt.getTime() <= slotStart.getTime()
  );
}

/** Whether the instant falls, in the zone, on one of the direct-contact weekdays (R-DUTY-3). */
export function isDirectContactDay(
  instant: Date,
  weekdays: readonly RotaWeekday[],
  timeZone: string = DEFAULT_TIME_ZONE,
): boolean {
  return (weekdays as readonly number[]).includes(weekdayOf(calendarDateOf(instant, timeZone)));
}
