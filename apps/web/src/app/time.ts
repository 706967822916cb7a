import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import { DEFAULT_TIME_ZONE } from '@gridvoice/core/common/zoned-time';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** The zone every time is shown in, whatever the phone's or browser's own zone. */
export const TIME_ZONE = DEFAULT_TIME_ZONE;

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** The instant a calendar day (as picked, in TIME_ZONE) begins, as ISO-8601. */
export function startOfDayIso(day: dayjs.Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), TIME_ZONE).toISOString();
}

/** The instant after a calendar day (in TIME_ZONE) ends: the exclusive upper bound of a range. */
export function endOfDayExclusiveIso(day: dayjs.Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), TIME_ZONE).add(1, 'day').toISOString();
}

export { dayjs };
