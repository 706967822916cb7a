import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | null = null;

/** Words that say nothing about what the concern is about. */
const STOP = new Set(['的', '了', '和', '是', '在', '有', '我', '我们', '他们', '这', '那', '也', '都', '就', '很', '还', '要', '没有', '一个', '问题', '反映', '希望', '请', '能', '不']);

/**
 * Chinese words of a text for search and the duplicate hint: jieba's search-mode cut, without
 * punctuation and stop words, lower-cased, space separated (a `simple` tsvector and pg_trgm read it).
 */
export function searchTokens(...texts: string[]): string {
  jieba ??= Jieba.withDict(dict);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const w of jieba.cutForSearch(text, true)) {
      const t = w.trim().toLowerCase();
      if (!t || STOP.has(t) || !/[\p{L}\p{N}]/u.test(t) || seen.has(t)) continue;
      seen.add(t);
      out.push(t);
    }
  }
  return out.join(' ').slice(0, 4000);
}
