/**
 * 案号 of a suggestion: numbered per congress, term (届) and session (次会议), and apart for
 * those filed between sessions (闭会期间) after that session:
 *   鹤山市十七届五次会议第012号        (filed during the 5th session of the 17th congress)
 *   鹤山市十七届五次会议闭会期间第003号 (filed between the 5th and the 6th session)
 * The sequence counts from 1 per (congress, term, session, period); assigning it is the database's job.
 */
export const SUGGESTION_PERIODS = ['session', 'between_sessions'] as const; // 会议期间 / 闭会期间
export type SuggestionPeriod = (typeof SUGGESTION_PERIODS)[number];

export interface SuggestionNumberParts {
  /** The congress's short name, e.g. 鹤山市 (the region's name). */
  congressName: string;
  term: number;
  session: number;
  period: SuggestionPeriod;
  sequence: number;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 17 → 十七, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`应为 1 至 99 的整数：${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones] ?? '';
  return `${tens === 1 ? '' : (DIGITS[tens] ?? '')}十${ones === 0 ? '' : (DIGITS[ones] ?? '')}`;
}

/** Why the parts cannot make a number, in Chinese; null when they can. */
export function suggestionNumberError(p: SuggestionNumberParts): string | null {
  if (!p.congressName.trim()) return '缺少人大名称';
  if (!Number.isInteger(p.term) || p.term < 1 || p.term > 99) return '届次应为 1 至 99';
  if (!Number.isInteger(p.session) || p.session < 1 || p.session > 99) return '会议次数应为 1 至 99';
  if (!SUGGESTION_PERIODS.includes(p.period)) return '提出时间应为会议期间或闭会期间';
  if (!Number.isInteger(p.sequence) || p.sequence < 1 || p.sequence > 9999) return '序号应为 1 至 9999';
  return null;
}

export function formatSuggestionNumber(p: SuggestionNumberParts): string {
  const error = suggestionNumberError(p);
  if (error) throw new RangeError(error);
  const meeting = `${p.congressName.trim()}${chineseNumeral(p.term)}届${chineseNumeral(p.session)}次会议`;
  return `${meeting}${p.period === 'between_sessions' ? '闭会期间' : ''}第${String(p.sequence).padStart(3, '0')}号`;
}
