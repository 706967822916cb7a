import { pinyin } from 'pinyin-pro';

/**
 * The search keys of a Chinese name: full pinyin without tones or spaces (张惠萍 → zhanghuiping)
 * and initials (zhp). Surnames read as surnames (单 → shan, 曾 → zeng). Latin letters stay.
 */
export function nameSearchKeys(name: string): { pinyin: string; initials: string } {
  const clean = name.replace(/[\s·•.]/g, '');
  const full = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'consecutive' });
  const first = pinyin(clean, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const norm = (parts: string[]) =>
    parts
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return { pinyin: norm(full), initials: norm(first) };
}

/** A query as the pinyin columns hold it, or null when it is not Latin letters. */
export function pinyinQuery(q: string): string | null {
  const s = q.toLowerCase().replace(/[\s']/g, '');
  return /^[a-z]+$/.test(s) ? s : null;
}
