/**
 * zh-CN by default; zh-TW on request (?lang=zh-TW or the 繁體 button), converted in the browser
 * with opencc-js. Only the character table and the Taiwan variants are loaded (the full phrase
 * dictionary is 400 KB gzipped), and only when a reader asks for traditional characters.
 */
export type Lang = 'zh-CN' | 'zh-TW';

let convert: ((s: string) => string) | null = null;

/** Every text on the page passes through here. */
export function t(s: string): string {
  return convert ? convert(s) : s;
}

export function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'zh-TW' || q === 'zh-CN') return q;
  try {
    return localStorage.getItem('gv.lang') === 'zh-TW' ? 'zh-TW' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export async function applyLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem('gv.lang', lang);
  } catch {
    // private mode: the choice lasts this visit only
  }
  document.documentElement.lang = lang;
  if (lang === 'zh-CN') {
    convert = null;
    return;
  }
  const [{ ConverterFactory }, chars, variants, phrases] = await Promise.all([
    import('opencc-js/core'),
    import('opencc-js/dict/STCharacters'),
    import('opencc-js/dict/TWVariants'),
    import('opencc-js/dict/TWPhrases'),
  ]);
  // A few words of these pages that the character table alone would get wrong.
  const ours: [string, string][] = [
    ['网格员', '網格員'],
    ['联系', '聯繫'],
    ['里面', '裡面'],
    ['村里', '村裡'],
  ];
  convert = ConverterFactory([ours, chars.default], [phrases.default, variants.default]);
}
