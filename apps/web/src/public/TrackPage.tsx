import { useState, type FormEvent } from 'react';
import { api, ApiError } from './api';
import { t } from './i18n';
import { ErrorBox, formatDate, formatDateTime, Loading, PageTitle, useLoad } from './ui';

const RATINGS = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意（问题没解决）' },
] as const;
type Rating = (typeof RATINGS)[number]['value'];

const RATING_LABELS: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  not_rated: '未评价',
};

export function TrackPage({ token }: { token: string }) {
  const q = useLoad(`t:${token}`, () => api.track(token));
  const [rating, setRating] = useState<Rating | ''>('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  const c = q.data;
  if (!c) return <Loading />;

  async function rate(e: FormEvent) {
    e.preventDefault();
    if (!rating) {
      setError('请选择一项');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api.rate(token, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      q.set(next);
      setDone(rating === 'dissatisfied' ? '已收到。这件事会重新办理，请留意进度。' : '感谢您的评价。');
      setRating('');
      setComment('');
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="pv-kicker">
        {t('编号')} {c.caseNumber}
      </p>
      <PageTitle>{t(c.title)}</PageTitle>
      <p className="pv-status" role="status">
        {t(c.statusLabel)}
      </p>
      {done && (
        <div className="pv-ok" role="status">
          {t(done)}
        </div>
      )}
      <dl className="pv-facts">
        <dt>{t('问题分类')}</dt>
        <dd>{t(c.categoryLabel)}</dd>
        <dt>{t('提交时间')}</dt>
        <dd>{t(formatDateTime(c.submittedAt))}</dd>
        {c.dueAt && (
          <>
            <dt>{t('承办期限')}</dt>
            <dd>{t(formatDate(c.dueAt))}</dd>
          </>
        )}
        {c.rating && (
          <>
            <dt>{t('您的评价')}</dt>
            <dd>{t(RATING_LABELS[c.rating] ?? c.rating)}</dd>
          </>
        )}
      </dl>
      {c.reply && (
        <section aria-labelledby="reply-h" className="pv-card pv-reply">
          <h2 id="reply-h">{t('答复')}</h2>
          <p>{t(c.reply.content)}</p>
          <p className="pv-muted">{t(formatDateTime(c.reply.at))}</p>
        </section>
      )}
      {(c.suggestions ?? []).map((sg, i) => (
        <section key={`sg-${i}`} aria-labelledby={`sg-h-${i}`} className="pv-card pv-reply" data-testid="linked-suggestion">
          <h2 id={`sg-h-${i}`}>{t('代表建议')}</h2>
          <p>
            {t(sg.title)}
            {sg.caseNumber && <span className="pv-muted">{t(`（${sg.caseNumber}）`)}</span>}
          </p>
          <p>
            {t('办理状态：')}
            {t(sg.statusLabel)}
          </p>
          {sg.reply && (
            <>
              <p>
                {t('答复：')}
                {t(sg.reply.categoryLabel)}
              </p>
              <p>{t(sg.reply.summary)}</p>
              <p className="pv-muted">{t(formatDateTime(sg.reply.at))}</p>
            </>
          )}
        </section>
      ))}
      {c.canRate && (
        <form className="pv-card pv-rate" onSubmit={(e) => void rate(e)} noValidate>
          <fieldset>
            <legend>{t('您对办理结果满意吗？')}</legend>
            {RATINGS.map((r) => (
              <div key={r.value} className={`pv-choice${rating === r.value ? ' pv-choice-on' : ''}`}>
                <input
                  type="radio"
                  id={`r-${r.value}`}
                  name="rating"
                  value={r.value}
                  checked={rating === r.value}
                  onChange={() => setRating(r.value)}
                />
                <label htmlFor={`r-${r.value}`}>{t(r.label)}</label>
              </div>
            ))}
          </fieldset>
          {rating === 'dissatisfied' && <p className="pv-hint">{t('选择“不满意”后，这件事会重新办理。')}</p>}
          <label htmlFor="r-comment">
            {t('想说的话')}
            <span className="pv-muted">{t('（选填）')}</span>
          </label>
          <textarea id="r-comment" rows={3} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
          {error && (
            <p className="pv-error" role="alert">
              {t(error)}
            </p>
          )}
          <button type="submit" className="pv-btn pv-btn-primary" disabled={busy}>
            {busy ? t('正在提交……') : t('提交评价')}
          </button>
        </form>
      )}
      <section aria-labelledby="tl-h">
        <h2 id="tl-h">{t('办理进度')}</h2>
        <ol className="pv-timeline">
          {c.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <span className="pv-muted">{t(formatDateTime(e.at))}</span>
              <span>{t(e.label)}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
