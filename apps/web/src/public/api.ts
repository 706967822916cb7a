import type {
  TPublicCategory,
  TPublicConcernReceipt,
  TPublicConcernRequest,
  TPublicDeputy,
  TPublicGrid,
  TPublicRatingRequest,
  TPublicStation,
  TPublicTracking,
} from '@gridvoice/core';

export type { TPublicCategory, TPublicDeputy, TPublicGrid, TPublicStation, TPublicTracking, TPublicConcernReceipt };

/** An answer other than 2xx, with the server's Chinese message and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string>,
    readonly retryAfter: number | null,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined || body instanceof Blob ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, '网络连接不上，请检查网络后再试', {}, null);
  }
  if (res.ok) return (await res.json()) as T;
  let message = res.status === 429 ? '操作太频繁了，请稍后再试' : res.status === 404 ? '没有找到，请检查链接是否完整' : '出了点问题，请稍后再试';
  const fields: Record<string, string> = {};
  try {
    const e = (await res.json()) as { error?: { message?: string; details?: { field: string; message: string }[] } };
    if (e.error?.message) message = e.error.message;
    for (const d of e.error?.details ?? []) fields[d.field.split('.')[0] ?? d.field] ??= d.message;
  } catch {
    // not JSON (a proxy's page): keep the general message
  }
  const retry = Number(res.headers.get('retry-after'));
  throw new ApiError(res.status, message, fields, Number.isFinite(retry) && retry > 0 ? retry : null);
}

export const api = {
  station: (code: string) => call<TPublicStation>('GET', `/api/public/stations/${encodeURIComponent(code)}`),
  grid: (code: string) => call<TPublicGrid>('GET', `/api/public/grids/${encodeURIComponent(code)}`),
  deputy: (id: string) => call<TPublicDeputy>('GET', `/api/public/deputies/${encodeURIComponent(id)}`),
  categories: () => call<TPublicCategory[]>('GET', '/api/public/categories'),
  sendCode: (phone: string) => call<{ resendAfterSeconds: number }>('POST', '/api/public/verification-codes', { phone }),
  upload: (photo: Blob) =>
    call<{ attachmentId: string; uploadToken: string }>('POST', '/api/public/uploads', photo, { 'content-type': photo.type }),
  submit: (body: TPublicConcernRequest, idempotencyKey: string) =>
    call<TPublicConcernReceipt>('POST', '/api/public/concerns', body, { 'idempotency-key': idempotencyKey }),
  track: (token: string) => call<TPublicTracking>('GET', `/api/public/track/${encodeURIComponent(token)}`),
  project: (id: string) => call<PublicProject>('GET', `/api/public/projects/${encodeURIComponent(id)}`),
  rate: (token: string, body: TPublicRatingRequest) =>
    call<TPublicTracking>('POST', `/api/public/track/${encodeURIComponent(token)}/rating`, body),
};

/** A micro-project's public page (issue 6): what was decided, the money, the milestones, the two progress figures. */
export interface PublicProject {
  publicId: string;
  kindLabel: string;
  title: string;
  description: string;
  regionName: string;
  statusLabel: string;
  budgetFen: number | null;
  unitName: string | null;
  proposerName: string | null;
  roundTitle: string | null;
  items: { title: string; budgetFen: number }[];
  milestones: { label: string; on: string }[];
  progress: { reported: number | null; verified: number | null; gap: number | null; flagged: boolean };
  inspections: number;
  acceptancePhotos: number;
}
