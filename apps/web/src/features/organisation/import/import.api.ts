import type { TSessionResponse } from '@gridvoice/core';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../app/api';
import { SESSION_KEY } from '../../../app/auth';

export type ImportKind = 'deputies' | 'stations' | 'grids';

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { deputies: '代表', stations: '联络站', grids: '网格' };

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

export const templateUrl = (kind: ImportKind) => `/api/organisation/import/${kind}/template`;
export const exportUrl = (kind: ImportKind) => `/api/organisation/export/${kind}`;

/**
 * Sends the file as the request body with XMLHttpRequest, so that upload progress can be shown
 * for large files (fetch has no upload progress). The CSRF token is the session's.
 */
export function uploadImport(
  queryClient: QueryClient,
  kind: ImportKind,
  file: Blob,
  onProgress: (percent: number) => void,
): Promise<ImportResult> {
  const csrf = queryClient.getQueryData<TSessionResponse>(SESSION_KEY)?.csrfToken ?? '';
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/organisation/import/${kind}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 200) {
        resolve(body as ImportResult);
        return;
      }
      const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
      if (xhr.status === 413) reject(new ApiError(413, 'too_large', '文件过大（不超过 20 MB）'));
      else reject(new ApiError(xhr.status, e?.code ?? 'error', e?.message ?? `导入失败（${xhr.status}）`));
    };
    xhr.send(file);
  });
}
