import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type TPublicConcernReceipt } from './api';
import { t } from './i18n';
import { described, ErrorBox, Field, PageTitle, useLoad } from './ui';

export interface PlaceRef {
  kind: 'station' | 'grid' | 'deputy';
  code: string;
}

/** Must match PRIVACY_NOTICE_VERSION on the server; the version is recorded on the concern. */
const PRIVACY_VERSION = '2025-01';
const MAX_PHOTOS = 3;
/** Shown at once (a slow phone should not wait for them); the server's list replaces them. */
const CATEGORIES = [
  { code: 'infrastructure', label: '基础设施' },
  { code: 'transport', label: '交通出行' },
  { code: 'ecology', label: '生态环境' },
  { code: 'living_environment', label: '人居环境' },
  { code: 'education', label: '教育' },
  { code: 'health', label: '医疗卫生' },
  { code: 'social_security', label: '社会保障' },
  { code: 'public_safety', label: '治安消防' },
  { code: 'agriculture', label: '农业农村' },
  { code: 'economy', label: '产业经济' },
  { code: 'other', label: '其他' },
];

async function placeName(p: PlaceRef): Promise<string> {
  if (p.kind === 'station') return (await api.station(p.code)).name;
  if (p.kind === 'grid') return (await api.grid(p.code)).name;
  return `${(await api.deputy(p.code)).name} ${t('代表')}`;
}

/** Photos from phones are large: scaled to 1600 px JPEG before upload (the server strips EXIF too). */
async function shrink(file: File): Promise<Blob> {
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d')?.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    bmp.close();
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', 0.82));
    return blob ?? file;
  } catch {
    return file;
  }
}

const newKey = () =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;

interface Photo {
  attachmentId: string;
  uploadToken: string;
  preview: string;
}

export function ReportForm({ place, go }: { place: PlaceRef; go: (path: string) => void }) {
  const where = useLoad(`p:${place.kind}:${place.code}`, () => placeName(place));
  const cats = useLoad('categories', () => api.categories());
  const [categoryCode, setCategory] = useState('');
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [agreed, setAgreed] = useState(false);
  const [website, setWebsite] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [codeNote, setCodeNote] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [receipt, setReceipt] = useState<TPublicConcernReceipt | null>(null);
  const key = useRef(newKey());

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const phoneOk = /^1[3-9]\d{9}$/.test(phone.trim());

  async function sendCode() {
    if (!phoneOk) {
      setErrors((e) => ({ ...e, phone: '请填写 11 位手机号' }));
      return;
    }
    setSending(true);
    setErrors(({ phone: _p, ...rest }) => rest);
    try {
      const r = await api.sendCode(phone.trim());
      setWait(r.resendAfterSeconds);
      setCodeNote('验证码已发送，5 分钟内有效。');
    } catch (e) {
      const err = e as ApiError;
      if (err.retryAfter && err.retryAfter <= 120) setWait(err.retryAfter);
      setErrors((x) => ({ ...x, phone: err.fields.phone ?? err.message }));
    } finally {
      setSending(false);
    }
  }

  async function addPhotos(files: FileList | null) {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length;
    const chosen = [...files].slice(0, room);
    setUploading(true);
    setErrors(({ photos: _p, ...rest }) => rest);
    try {
      for (const f of chosen) {
        const blob = await shrink(f);
        const up = await api.upload(blob);
        setPhotos((ps) => [...ps, { ...up, preview: URL.createObjectURL(blob) }]);
      }
      if (files.length > room) setErrors((x) => ({ ...x, photos: `最多上传 ${MAX_PHOTOS} 张照片` }));
    } catch (e) {
      setErrors((x) => ({ ...x, photos: (e as ApiError).message }));
    } finally {
      setUploading(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!categoryCode) problems.categoryCode = '请选择问题分类';
    if (content.trim().length < 5) problems.content = '请把问题写清楚一些（至少 5 个字）';
    if (!phoneOk) problems.phone = '请填写 11 位手机号';
    if (!/^\d{6}$/.test(code.trim())) problems.code = '请填写短信里的 6 位验证码';
    if (!agreed) problems.privacyNoticeVersion = '请阅读并同意个人信息保护说明';
    setErrors(problems);
    setMessage(null);
    if (Object.keys(problems).length) {
      setMessage('还有几处需要填写，请看下面标红的地方。');
      return;
    }
    setSubmitting(true);
    try {
      const r = await api.submit(
        {
          ...(place.kind === 'station' ? { stationCode: place.code } : place.kind === 'grid' ? { gridCode: place.code } : { deputyPublicId: place.code }),
          categoryCode,
          ...(title.trim() ? { title: title.trim() } : {}),
          content: content.trim(),
          photos: photos.map((p) => ({ attachmentId: p.attachmentId, uploadToken: p.uploadToken })),
          ...(name.trim() ? { name: name.trim() } : {}),
          phone: phone.trim(),
          code: code.trim(),
          anonymous,
          privacyNoticeVersion: PRIVACY_VERSION,
          ...(website ? { website } : {}),
        },
        key.current,
      );
      setReceipt(r);
      scrollTo(0, 0);
    } catch (err) {
      const a = err as ApiError;
      setErrors(a.fields);
      setMessage(a.message);
      // A refused code or body will not succeed on retry with the same key.
      if (a.status === 400 || a.status === 422) key.current = newKey();
    } finally {
      setSubmitting(false);
    }
  }

  if (receipt) return <Receipt receipt={receipt} go={go} />;
  if (where.error) return <ErrorBox error={where.error} onRetry={where.reload} />;
  const categories = cats.data ?? CATEGORIES;

  return (
    <>
      <PageTitle>{t('反映问题')}</PageTitle>
      <p className="pv-place">
        {t('反映到')}：<strong>{where.data ? t(where.data) : '……'}</strong>
      </p>
      {message && (
        <div className="pv-alert" role="alert">
          {t(message)}
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id="f-category" label="问题分类" error={errors.categoryCode}>
          <select {...described('f-category', errors.categoryCode)} value={categoryCode} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('请选择')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {t(c.label)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-title" label="标题" optional error={errors.title}>
          <input {...described('f-title', errors.title)} value={title} maxLength={50} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field id="f-content" label="您要反映的问题" hint="请写清楚在哪里、是什么问题、持续多久了。" error={errors.content}>
          <textarea {...described('f-content', errors.content, true)} rows={6} maxLength={2000} value={content} onChange={(e) => setContent(e.target.value)} />
        </Field>
        <Field id="f-photo" label="照片" optional hint={`最多 ${MAX_PHOTOS} 张，会自动去掉照片里的位置信息。`} error={errors.photos}>
          {photos.length > 0 && (
            <ul className="pv-photos">
              {photos.map((p, i) => (
                <li key={p.attachmentId}>
                  <img src={p.preview} alt={t(`第 ${i + 1} 张照片`)} />
                  <button
                    type="button"
                    className="pv-btn pv-btn-ghost"
                    aria-label={t(`删除第 ${i + 1} 张照片`)}
                    onClick={() => setPhotos((ps) => ps.filter((x) => x.attachmentId !== p.attachmentId))}
                  >
                    {t('删除')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {photos.length < MAX_PHOTOS && (
            <div className="pv-file">
              <input
                {...described('f-photo', errors.photos, true)}
                className="pv-file-input"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/*"
                multiple
                disabled={uploading}
                onChange={(e) => {
                  void addPhotos(e.target.files);
                  e.target.value = '';
                }}
              />
              {/* The browser's own button speaks the phone's language, not the page's: ours instead. */}
              <label htmlFor="f-photo" className="pv-btn">
                {photos.length ? t('再添加照片') : t('添加照片')}
              </label>
            </div>
          )}
          {uploading && (
            <p className="pv-muted" role="status">
              {t('照片上传中……')}
            </p>
          )}
        </Field>
        <Field id="f-name" label="您的姓名" optional error={errors.name}>
          <input {...described('f-name', errors.name)} value={name} maxLength={20} autoComplete="name" onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="f-phone" label="手机号" hint="用于告诉您办理结果，不会公开。" error={errors.phone}>
          <div className="pv-row">
            <input
              {...described('f-phone', errors.phone, true)}
              type="tel"
              inputMode="numeric"
              autoComplete="tel"
              maxLength={11}
              value={phone}
              onChange={(e) => setPhone(e.target.value.replace(/\D/g, ''))}
            />
            <button type="button" className="pv-btn" onClick={() => void sendCode()} disabled={sending || wait > 0}>
              {wait > 0 ? t(`${wait} 秒后重新获取`) : t('获取验证码')}
            </button>
          </div>
          {codeNote && (
            <p className="pv-hint" role="status">
              {t(codeNote)}
            </p>
          )}
        </Field>
        <Field id="f-code" label="短信验证码" error={errors.code}>
          <input
            {...described('f-code', errors.code)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
        </Field>
        <div className="pv-check">
          <input id="f-anon" type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
          <label htmlFor="f-anon">{t('不向人大以外的人公开我的姓名')}</label>
        </div>
        <details className="pv-privacy">
          <summary>{t(`个人信息保护说明（版本 ${PRIVACY_VERSION}）`)}</summary>
          <p>
            {t(
              '您填写的姓名和手机号只用于办理您反映的问题和把结果告诉您。手机号加密保存，工作人员看到的是隐藏了中间四位的号码；' +
                '查看完整号码会留下记录。勾选“不向人大以外的人公开我的姓名”后，承办单位看不到您的姓名和电话。' +
                '照片上传时会去掉拍摄位置等信息。事项办结后，个人信息按规定期限保存后删除。',
            )}
          </p>
        </details>
        <div className={`pv-check${errors.privacyNoticeVersion ? ' pv-field-error' : ''}`}>
          <input
            id="f-agree"
            type="checkbox"
            checked={agreed}
            aria-invalid={errors.privacyNoticeVersion ? true : undefined}
            aria-describedby={errors.privacyNoticeVersion ? 'f-agree-err' : undefined}
            onChange={(e) => setAgreed(e.target.checked)}
          />
          <label htmlFor="f-agree">{t('我已阅读并同意个人信息保护说明')}</label>
        </div>
        {errors.privacyNoticeVersion && (
          <p className="pv-error" id="f-agree-err" role="alert">
            {t(errors.privacyNoticeVersion)}
          </p>
        )}
        {/* For robots only: people never see or reach this field. */}
        <div className="pv-hp" aria-hidden="true">
          <label htmlFor="f-website">Website</label>
          <input id="f-website" name="website" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
        </div>
        <button type="submit" className="pv-btn pv-btn-primary pv-submit" disabled={submitting || uploading}>
          {submitting ? t('正在提交……') : t('提交')}
        </button>
      </form>
    </>
  );
}

function Receipt({ receipt, go }: { receipt: TPublicConcernReceipt; go: (path: string) => void }) {
  const url = `${location.origin}${receipt.trackingUrl}`;
  const [copied, setCopied] = useState(false);
  if (!receipt.trackingUrl) {
    return (
      <>
        <PageTitle>{t('已收到')}</PageTitle>
        <p>{t('感谢您的反映。')}</p>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('提交成功')}</PageTitle>
      <div className="pv-card pv-receipt">
        <p>{t('您的问题编号')}</p>
        <p className="pv-number">{receipt.caseNumber}</p>
        <p>{t('凭下面的链接查看办理进度、对结果进行评价。请收藏或截图保存，不要告诉别人：')}</p>
        <p className="pv-link">
          <a href={receipt.trackingUrl} aria-label={t('办理进度查询链接')}>
            {url}
          </a>
        </p>
        <div className="pv-row">
          <button
            type="button"
            className="pv-btn"
            onClick={() => {
              void navigator.clipboard?.writeText(url).then(() => setCopied(true));
            }}
          >
            {t('复制链接')}
          </button>
          <button type="button" className="pv-btn pv-btn-primary" onClick={() => go(receipt.trackingUrl)}>
            {t('查看办理进度')}
          </button>
        </div>
        {copied && (
          <p role="status" className="pv-hint">
            {t('已复制。')}
          </p>
        )}
      </div>
    </>
  );
}
