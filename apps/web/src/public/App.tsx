import { useCallback, useEffect, useState } from 'react';
import { applyLang, t, type Lang } from './i18n';
import { DeputyPage, GridPage, StationPage } from './PlacePages';
import { ReportForm, type PlaceRef } from './ReportForm';
import { TrackPage } from './TrackPage';
import { ProjectPage } from './ProjectPage';

type Route =
  | { page: 'station'; code: string }
  | { page: 'grid'; code: string }
  | { page: 'deputy'; id: string }
  | { page: 'report'; place: PlaceRef }
  | { page: 'track'; token: string }
  | { page: 'project'; id: string }
  | { page: 'missing' };

const KINDS = { s: 'station', g: 'grid', d: 'deputy' } as const;

export function parseRoute(path: string): Route {
  const m = /^\/([sgd])\/([0-9A-Za-z]{1,20})(\/report)?\/?$/.exec(path);
  if (m) {
    const kind = KINDS[m[1] as keyof typeof KINDS];
    const code = m[2] as string;
    if (m[3]) return { page: 'report', place: { kind, code } };
    return kind === 'deputy' ? { page: 'deputy', id: code } : { page: kind, code };
  }
  const tr = /^\/t\/([\w-]{20,64})\/?$/.exec(path);
  if (tr) return { page: 'track', token: tr[1] as string };
  const pr = /^\/p\/([2-9A-HJKMNP-TV-Z]{8})\/?$/.exec(path);
  if (pr) return { page: 'project', id: pr[1] as string };
  return { page: 'missing' };
}

export function App({ initialLang }: { initialLang: Lang }) {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));
  const [lang, setLang] = useState<Lang>(initialLang);
  const [elder, setElder] = useState(() => document.documentElement.classList.contains('elder'));
  const [busyLang, setBusyLang] = useState(false);

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback((path: string) => {
    history.pushState(null, '', path + location.search);
    setRoute(parseRoute(path));
    scrollTo(0, 0);
  }, []);

  const toggleElder = () => {
    const next = !elder;
    document.documentElement.classList.toggle('elder', next);
    try {
      localStorage.setItem('gv.elder', next ? '1' : '0');
    } catch {
      // storage off: lasts this visit
    }
    setElder(next);
  };

  const toggleLang = () => {
    const next: Lang = lang === 'zh-CN' ? 'zh-TW' : 'zh-CN';
    setBusyLang(true);
    applyLang(next)
      .then(() => setLang(next))
      .catch(() => undefined)
      .finally(() => setBusyLang(false));
  };

  return (
    <div className="pv-app" data-lang={lang}>
      <a className="pv-skip" href="#main">
        {t('跳到正文')}
      </a>
      <header className="pv-top">
        <span className="pv-brand">{t('民声通')}</span>
        <div className="pv-tools" role="group" aria-label={t('显示设置')}>
          <button type="button" className="pv-tool" aria-pressed={elder} onClick={toggleElder}>
            {t('大字模式')}
          </button>
          <button
            type="button"
            className="pv-tool"
            onClick={toggleLang}
            disabled={busyLang}
            lang={lang === 'zh-CN' ? 'zh-TW' : 'zh-CN'}
            aria-label={lang === 'zh-CN' ? '切換為繁體中文' : '切换为简体中文'}
          >
            {lang === 'zh-CN' ? '繁體' : '简体'}
          </button>
        </div>
      </header>
      <main id="main" className="pv-main">
        {route.page === 'station' && <StationPage code={route.code} go={go} />}
        {route.page === 'grid' && <GridPage code={route.code} go={go} />}
        {route.page === 'deputy' && <DeputyPage id={route.id} go={go} />}
        {route.page === 'report' && <ReportForm place={route.place} go={go} />}
        {route.page === 'track' && <TrackPage token={route.token} />}
        {route.page === 'project' && <ProjectPage id={route.id} />}
        {route.page === 'missing' && (
          <>
            <h1>{t('没有找到这个页面')}</h1>
            <p>{t('请重新扫描联络站或代表的二维码。')}</p>
          </>
        )}
      </main>
      <footer className="pv-foot">
        <p>{t('人大代表联络站 · 代表“码”上见，民忧“码”上解')}</p>
      </footer>
    </div>
  );
}
