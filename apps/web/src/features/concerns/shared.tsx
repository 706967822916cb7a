import { Tag } from 'antd';
import type { TConcernListItem } from '@gridvoice/core';
import { DEFAULT_CONCERN_CATEGORIES } from '@gridvoice/core';
import { useUnits } from '../organisation/organisation.api';
import { useMemo } from 'react';

const LIGHT: Record<string, { color: string; label: string }> = {
  green: { color: 'green', label: '正常' },
  yellow: { color: 'gold', label: '临期' },
  red: { color: 'red', label: '超期' },
};

/** 红绿灯: green below 80% of the time used, yellow 80–100%, red overdue. */
export function TrafficLight({ light }: { light: string | null }) {
  if (!light) return <span>—</span>;
  const l = LIGHT[light] ?? { color: 'default', label: light };
  return (
    <Tag color={l.color} aria-label={`红绿灯：${l.label}`}>
      ● {l.label}
    </Tag>
  );
}

const STATUS_COLOR: Record<string, string> = {
  registered: 'default',
  awaiting_dispatch: 'orange',
  dispatched: 'blue',
  in_progress: 'processing',
  replied: 'cyan',
  closed: 'green',
  resolved_on_spot: 'green',
  merged: 'default',
};

export function StatusTag({ item }: { item: Pick<TConcernListItem, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLOR[item.status] ?? 'default'}>{item.statusLabel}</Tag>;
}

export const CATEGORY_LABELS = new Map<string, string>(DEFAULT_CONCERN_CATEGORIES.map((c) => [c.code, c.label]));
export const CATEGORY_OPTIONS = DEFAULT_CONCERN_CATEGORIES.map((c) => ({ value: c.code, label: c.label }));

/** Handling unit names by id (the county's units). */
export function useUnitNames(): Map<string, string> {
  const units = useUnits({ pageSize: 100 });
  return useMemo(() => new Map((units.data?.items ?? []).map((u) => [u.unitId, u.name])), [units.data]);
}

export const optionsOf = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
