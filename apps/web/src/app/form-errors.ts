import type { FormInstance } from 'antd';
import { isApiError } from './api';

/**
 * Puts the server's field problems on the form's fields. Returns the message that belongs to no
 * field of this form (to show above it), or null when every problem found its field.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fieldNames: readonly string[]): string | null {
  if (!isApiError(err)) return err instanceof Error ? err.message : '操作失败，请稍后重试';
  const known = new Set(fieldNames);
  const byField = new Map<string, string[]>();
  for (const problem of err.fields) {
    if (!known.has(problem.field)) continue;
    byField.set(problem.field, [...(byField.get(problem.field) ?? []), problem.message]);
  }
  if (byField.size > 0) {
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    const unplaced = err.fields.some((p) => !known.has(p.field));
    return unplaced ? err.message : null;
  }
  return err.message;
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : '操作失败，请稍后重试');
