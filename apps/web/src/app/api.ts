/**
 * The one way the console talks to the server: same-origin JSON with the session cookie, the
 * CSRF token on every state-changing request, and `{error: {code, message, details}}` turned
 * into an ApiError carrying the server's Chinese message and its field problems.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

/** The CSRF token of the current session, kept in memory only (never in storage). */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: QueryParams;
  signal?: AbortSignal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function withQuery(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function toFieldProblems(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    const p = d as Partial<FieldProblem> | null;
    return p && typeof p.field === 'string' && typeof p.message === 'string'
      ? [{ field: p.field, message: p.message }]
      : [];
  });
}

function errorFrom(status: number, body: unknown): ApiError {
  const b = body as { error?: unknown; message?: unknown } | null;
  if (b && typeof b.error === 'object' && b.error !== null) {
    const e = b.error as { code?: unknown; message?: unknown; details?: unknown };
    return new ApiError(
      status,
      typeof e.code === 'string' ? e.code : 'error',
      typeof e.message === 'string' ? e.message : '请求失败',
      toFieldProblems(e.details),
    );
  }
  if (b && typeof b.message === 'string') return new ApiError(status, 'error', b.message);
  if (status === 429) return new ApiError(status, 'too_many_requests', '请求过于频繁，请稍后再试');
  if (status >= 500) return new ApiError(status, 'server_error', '服务器暂时无法处理请求，请稍后再试');
  return new ApiError(status, 'error', `请求失败（${status}）`);
}

export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }

  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const error = errorFrom(response.status, body);
    if (response.status === 401) notifyUnauthorized(path);
    throw error;
  }
  return body as T;
}

type UnauthorizedListener = (path: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Lets the auth context learn that the session has ended (idle timeout, disabled, logged out elsewhere). */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function notifyUnauthorized(path: string): void {
  for (const listener of unauthorizedListeners) listener(path);
}
