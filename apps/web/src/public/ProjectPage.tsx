import { api } from './api';
import { t } from './i18n';
import { ErrorBox, formatDay, Loading, PageTitle, useLoad } from './ui';

/** ¥ from whole fen by integer arithmetic (the page stays light: no shared library). */
function yuan(fen: number | null): string {
  if (fen === null) return '—';
  const y = Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const c = (fen % 100).toString().padStart(2, '0');
  return c === '00' ? `${y}元` : `${y}.${c}元`;
}

const pct = (n: number | null) => (n === null ? t('暂无') : `${n}%`);

/** 民生微实事 public page /p/<id>: what was decided, the money, the milestones and both progress figures. */
export function ProjectPage({ id }: { id: string }) {
  const { data: p, error, reload } = useLoad(`p:${id}`, () => api.project(id));
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!p) return <Loading />;
  return (
    <>
      <p className="pv-kicker">{t(p.kindLabel)}</p>
      <PageTitle>{t(p.title)}</PageTitle>
      <dl className="pv-facts">
        <dt>{t('所在地')}</dt>
        <dd>{t(p.regionName)}</dd>
        <dt>{t('状态')}</dt>
        <dd>{t(p.statusLabel)}</dd>
        <dt>{t('安排资金')}</dt>
        <dd>{yuan(p.budgetFen)}</dd>
        {p.unitName && (
          <>
            <dt>{t('承办单位')}</dt>
            <dd>{t(p.unitName)}</dd>
          </>
        )}
        {p.proposerName && (
          <>
            <dt>{t('提出代表')}</dt>
            <dd>{t(p.proposerName)}</dd>
          </>
        )}
        {p.roundTitle && (
          <>
            <dt>{t('票决')}</dt>
            <dd>{t(p.roundTitle)}</dd>
          </>
        )}
      </dl>
      <p>{t(p.description)}</p>
      <h2>{t('进度')}</h2>
      <dl className="pv-facts">
        <dt>{t('承办单位报告')}</dt>
        <dd>{pct(p.progress.reported)}</dd>
        <dt>{t('人大代表视察核实')}</dt>
        <dd>
          {pct(p.progress.verified)}
          {p.inspections > 0 ? `（${t('视察')}${p.inspections}${t('次')}）` : ''}
        </dd>
      </dl>
      {p.milestones.length > 0 && (
        <>
          <h2>{t('项目节点')}</h2>
          <ol className="pv-timeline">
            {p.milestones.map((m, i) => (
              <li key={i}>
                {m.on.slice(0, 4)}年{formatDay(m.on)} {t(m.label)}
              </li>
            ))}
          </ol>
        </>
      )}
      {p.items.length > 0 && (
        <>
          <h2>{t('子项')}</h2>
          <ul>
            {p.items.map((it, i) => (
              <li key={i}>
                {t(it.title)}：{yuan(it.budgetFen)}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.acceptancePhotos > 0 && <p>{t('项目已验收并存档现场照片。')}</p>}
      <p>{t('代表提、政府办、人大督')}</p>
    </>
  );
}
