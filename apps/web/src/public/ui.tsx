import { useEffect, useRef, useState, type ReactNode } from 'react';
import { t } from './i18n';
import type { TPublicDeputy } from './api';
import { ApiError } from './api';

/** Loads once per key; `reload` fetches again. */
export function useLoad<T>(key: string, load: () => Promise<T>) {
  const [state, setState] = useState<{ key: string; data: T | null; error: ApiError | null }>({ key: '', data: null, error: null });
  const [n, setN] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (data) => live && setState({ key, data, error: null }),
      (error: unknown) =>
        live && setState({ key, data: null, error: error instanceof ApiError ? error : new ApiError(0, '页面出错了，请刷新再试', {}, null) }),
    );
    return () => {
      live = false;
    };
  }, [key, n]);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current,
    reload: () => setN((x) => x + 1),
    set: (data: T) => setState({ key, data, error: null }),
  };
}

export function Loading() {
  return (
    <p className="pv-muted" role="status">
      {t('正在加载……')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div className="pv-alert" role="alert">
      <p>{t(error.message)}</p>
      {onRetry && (
        <button type="button" className="pv-btn pv-btn-ghost" onClick={onRetry}>
          {t('重试')}
        </button>
      )}
    </div>
  );
}

/** Focuses the page's heading when a page opens, so screen readers announce where they are. */
export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · ${t('民声通')}`;
    ref.current?.focus();
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Field(props: { id: string; label: string; error?: string | undefined; hint?: string; optional?: boolean; children: ReactNode }) {
  return (
    <div className={`pv-field${props.error ? ' pv-field-error' : ''}`}>
      <label htmlFor={props.id}>
        {t(props.label)}
        {props.optional && <span className="pv-muted">{t('（选填）')}</span>}
      </label>
      {props.hint && (
        <p className="pv-hint" id={`${props.id}-hint`}>
          {t(props.hint)}
        </p>
      )}
      {props.children}
      {props.error && (
        <p className="pv-error" id={`${props.id}-err`} role="alert">
          {t(props.error)}
        </p>
      )}
    </div>
  );
}

/** aria props for the control of a Field. */
export const described = (id: string, error?: string, hint?: boolean) => ({
  id,
  'aria-invalid': error ? true : undefined,
  'aria-describedby': [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined,
});

export function DeputyCard({ d, go }: { d: Omit<TPublicDeputy, 'stations' | 'grids'>; go: (path: string) => void }) {
  return (
    <li className="pv-card pv-deputy">
      <div className="pv-avatar" aria-hidden="true">
        {d.photoUrl ? <img src={d.photoUrl} alt="" width={56} height={56} /> : t(d.name.slice(0, 1))}
      </div>
      <div>
        <a
          href={`/d/${d.publicId}`}
          className="pv-name"
          onClick={(e) => {
            e.preventDefault();
            go(`/d/${d.publicId}`);
          }}
        >
          {t(d.name)}
        </a>
        <p className="pv-muted">{d.levels.map(t).join('、') || t('人大代表')}</p>
        {d.occupation && <p className="pv-muted">{t(d.occupation)}</p>}
        {d.phoneMasked && (
          <p>
            {t('电话')}：<span aria-label={t(`电话 ${d.phoneMasked}，中间四位已隐藏`)}>{d.phoneMasked}</span>
          </p>
        )}
      </div>
    </li>
  );
}

const DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
export const formatDate = (iso: string) => DATE.format(new Date(iso));
export const formatDateTime = (iso: string) => DATE_TIME.format(new Date(iso));
export const formatDay = (day: string) => {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
};
