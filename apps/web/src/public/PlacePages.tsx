import { api } from './api';
import { t } from './i18n';
import { DeputyCard, ErrorBox, formatDay, Loading, PageTitle, useLoad } from './ui';

type Go = (path: string) => void;

function RaiseButton({ href, go, label = '我要反映问题' }: { href: string; go: Go; label?: string }) {
  return (
    <a
      className="pv-btn pv-btn-primary pv-raise"
      href={href}
      onClick={(e) => {
        e.preventDefault();
        go(href);
      }}
    >
      {t(label)}
    </a>
  );
}

function Link({ href, go, children }: { href: string; go: Go; children: string }) {
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        go(href);
      }}
    >
      {t(children)}
    </a>
  );
}

export function StationPage({ code, go }: { code: string; go: Go }) {
  const { data: s, error, reload } = useLoad(`s:${code}`, () => api.station(code));
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!s) return <Loading />;
  return (
    <>
      <p className="pv-kicker">{t(s.kindLabel)}</p>
      <PageTitle>{t(s.name)}</PageTitle>
      <RaiseButton href={`/s/${s.code}/report`} go={go} />
      <dl className="pv-facts">
        {s.address && (
          <>
            <dt>{t('地址')}</dt>
            <dd>{t(s.address)}</dd>
          </>
        )}
        {s.openingHours && (
          <>
            <dt>{t('开放时间')}</dt>
            <dd>{t(s.openingHours)}</dd>
          </>
        )}
        {s.contactPhone && (
          <>
            <dt>{t('联络站电话')}</dt>
            <dd>
              <a href={`tel:${s.contactPhone}`}>{s.contactPhone}</a>
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="duty-h">
        <h2 id="duty-h">{t('近期驻站安排')}</h2>
        {!s.duty.available && <p className="pv-muted">{t('本站的驻站安排暂未在网上公布，请以联络站公示为准。')}</p>}
        {s.duty.available && s.duty.days.length === 0 && <p className="pv-muted">{t('近期暂无驻站安排。')}</p>}
        {s.duty.days.length > 0 && (
          <ul className="pv-list">
            {s.duty.days.map((d) => (
              <li key={`${d.date}-${d.start}`} className="pv-card pv-duty">
                <p className="pv-strong">
                  {formatDay(d.date)} {t(d.label)}
                </p>
                <p>
                  {t('时间')}：{d.start}–{d.end}
                </p>
                <p>
                  {t('驻站代表')}：{d.deputies.map(t).join('、') || t('待定')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="deputies-h">
        <h2 id="deputies-h">{t('本站代表')}</h2>
        {s.deputies.length === 0 ? (
          <p className="pv-muted">{t('暂无。')}</p>
        ) : (
          <ul className="pv-list">
            {s.deputies.map((d) => (
              <DeputyCard key={d.publicId} d={d} go={go} />
            ))}
          </ul>
        )}
      </section>
      {s.description && <p>{t(s.description)}</p>}
    </>
  );
}

export function GridPage({ code, go }: { code: string; go: Go }) {
  const { data: g, error, reload } = useLoad(`g:${code}`, () => api.grid(code));
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!g) return <Loading />;
  return (
    <>
      <p className="pv-kicker">{t(g.villageName ? `${g.villageName} · 网格` : '网格')}</p>
      <PageTitle>{t(g.name)}</PageTitle>
      <RaiseButton href={`/g/${g.code}/report`} go={go} />
      <section aria-labelledby="gd-h">
        <h2 id="gd-h">{t('进网格的人大代表')}</h2>
        {g.deputies.length === 0 ? (
          <p className="pv-muted">{t('暂无。')}</p>
        ) : (
          <ul className="pv-list">
            {g.deputies.map((d) => (
              <DeputyCard key={d.publicId} d={d} go={go} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="gw-h">
        <h2 id="gw-h">{t('网格员')}</h2>
        {g.workers.length === 0 ? (
          <p className="pv-muted">{t('暂无。')}</p>
        ) : (
          <ul className="pv-list">
            {g.workers.map((w) => (
              <li key={w.name} className="pv-card">
                <p className="pv-strong">{t(w.name)}</p>
                {w.phoneMasked && (
                  <p>
                    {t('电话')}：{w.phoneMasked}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="gs-h">
        <h2 id="gs-h">{t('服务本网格的联络站')}</h2>
        <ul className="pv-list">
          {g.stations.map((s) => (
            <li key={s.code} className="pv-card">
              <Link href={`/s/${s.code}`} go={go}>
                {s.name}
              </Link>
              {s.address && <p className="pv-muted">{t(s.address)}</p>}
              {s.openingHours && <p className="pv-muted">{t(s.openingHours)}</p>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function DeputyPage({ id, go }: { id: string; go: Go }) {
  const { data: d, error, reload } = useLoad(`d:${id}`, () => api.deputy(id));
  if (error) return <ErrorBox error={error} onRetry={reload} />;
  if (!d) return <Loading />;
  return (
    <>
      <p className="pv-kicker">{t('人大代表服务卡')}</p>
      <div className="pv-card pv-service-card">
        <div className="pv-avatar pv-avatar-big" aria-hidden="true">
          {d.photoUrl ? <img src={d.photoUrl} alt="" width={96} height={96} /> : t(d.name.slice(0, 1))}
        </div>
        <div>
          <PageTitle>{t(d.name)}</PageTitle>
          <p>{d.levels.map(t).join('、') || t('人大代表')}</p>
          {d.occupation && <p className="pv-muted">{t(d.occupation)}</p>}
          {d.phoneMasked && (
            <p>
              {t('电话')}：<span aria-label={t(`电话 ${d.phoneMasked}，中间四位已隐藏`)}>{d.phoneMasked}</span>
            </p>
          )}
        </div>
      </div>
      <RaiseButton href={`/d/${d.publicId}/report`} go={go} label="向这位代表反映问题" />
      {d.stations.length > 0 && (
        <section aria-labelledby="ds-h">
          <h2 id="ds-h">{t('所在联络站')}</h2>
          <ul className="pv-list">
            {d.stations.map((s) => (
              <li key={s.code} className="pv-card">
                <Link href={`/s/${s.code}`} go={go}>
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.grids.length > 0 && (
        <section aria-labelledby="dg-h">
          <h2 id="dg-h">{t('联系的网格')}</h2>
          <ul className="pv-list">
            {d.grids.map((g) => (
              <li key={g.code} className="pv-card">
                <Link href={`/g/${g.code}`} go={go}>
                  {g.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
