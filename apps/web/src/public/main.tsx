import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyLang, initialLang } from './i18n';
import './public.css';

/** The citizens' pages: their own light entry (no console code, no UI library). */
async function start(): Promise<void> {
  try {
    if (localStorage.getItem('gv.elder') === '1') document.documentElement.classList.add('elder');
  } catch {
    // storage off: normal type
  }
  const lang = initialLang();
  if (lang !== 'zh-CN') await applyLang(lang).catch(() => undefined);
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<App initialLang={lang} />);
}

void start();
