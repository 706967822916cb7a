import { useMemo, useState } from 'react';
import { App, Button, Card, Space, Tag, Tree, TreeSelect, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import type { TRegionNode } from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { useRegionTree, useRevealPhone } from './organisation.api';

export interface RegionTreeNode {
  key: string;
  value: string;
  title: string;
  label: string;
  level: string;
  children?: RegionTreeNode[];
}

const LEVEL_ORDER = ['province', 'prefecture', 'county', 'town', 'village'];

/** Links the flat region list into a tree; `counts` adds e.g. "（12 个网格）" to each title. */
export function buildTree(nodes: readonly TRegionNode[], count?: (n: TRegionNode) => number | null): RegionTreeNode[] {
  const map = new Map<string, RegionTreeNode>();
  for (const n of nodes) {
    const c = count?.(n);
    map.set(n.code, {
      key: n.code,
      value: n.code,
      label: n.name,
      title: c === null || c === undefined ? n.name : `${n.name}（${c}）`,
      level: n.level,
    });
  }
  const roots: RegionTreeNode[] = [];
  for (const n of nodes) {
    const node = map.get(n.code)!;
    const parent = n.parentCode ? map.get(n.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** 区划导航: the tree of regions in my scope, on the left of a list. */
export function RegionNav({
  value,
  onChange,
  count,
  maxLevel = 'village',
  title = '区划',
}: {
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  count?: (n: TRegionNode) => number | null;
  maxLevel?: 'town' | 'village';
  title?: string;
}) {
  const tree = useRegionTree();
  const nodes = useMemo(() => {
    const max = LEVEL_ORDER.indexOf(maxLevel);
    return (tree.data ?? []).filter((n) => LEVEL_ORDER.indexOf(n.level) <= max);
  }, [tree.data, maxLevel]);
  const data = useMemo(() => buildTree(nodes, count), [nodes, count]);
  // Open down to the towns; a town clerk's own town (the root of their tree) opens too.
  const expanded = useMemo(
    () =>
      nodes
        .filter(
          (n) =>
            LEVEL_ORDER.indexOf(n.level) < LEVEL_ORDER.indexOf('town') || !nodes.some((p) => p.code === n.parentCode),
        )
        .map((n) => n.code),
    [nodes],
  );
  return (
    <Card
      size="small"
      title={title}
      extra={
        value && (
          <Button type="link" size="small" onClick={() => onChange(undefined)}>
            全部
          </Button>
        )
      }
      styles={{ body: { padding: 8, maxHeight: 640, overflow: 'auto' } }}
    >
      {tree.isPending ? (
        <Typography.Text type="secondary">正在加载…</Typography.Text>
      ) : tree.isError ? (
        <Typography.Text type="danger">{messageOf(tree.error)}</Typography.Text>
      ) : (
        <nav aria-label="区划导航">
          <Tree<RegionTreeNode>
            key={expanded.join(',')}
            treeData={data}
            defaultExpandedKeys={expanded}
            selectedKeys={value ? [value] : []}
            onSelect={(keys) => onChange(keys[0] === undefined ? undefined : String(keys[0]))}
            blockNode
          />
        </nav>
      )}
    </Card>
  );
}

/** A region picker over my scope (for forms and filters); `levels` limits what may be chosen. */
export function RegionPicker({
  id,
  value,
  onChange,
  levels,
  placeholder = '选择区划',
  allowClear,
  disabled,
  style,
  'aria-label': ariaLabel,
}: {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  levels?: readonly string[];
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}) {
  const tree = useRegionTree();
  const data = useMemo(() => {
    const mark = (nodes: RegionTreeNode[]): RegionTreeNode[] =>
      nodes.map((n) => ({
        ...n,
        disabled: levels ? !levels.includes(n.level) : false,
        selectable: levels ? levels.includes(n.level) : true,
        ...(n.children ? { children: mark(n.children) } : {}),
      }));
    return mark(buildTree(tree.data ?? []));
  }, [tree.data, levels]);
  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      treeData={data}
      treeNodeFilterProp="label"
      showSearch
      allowClear={allowClear}
      disabled={disabled}
      loading={tree.isPending}
      placeholder={placeholder}
      popupMatchSelectWidth={false}
      listHeight={360}
      style={style ?? { width: '100%' }}
    />
  );
}

/** Region names by code, for showing a code the server returned. */
export function useRegionNames(): Map<string, string> {
  const tree = useRegionTree();
  return useMemo(() => new Map((tree.data ?? []).map((n) => [n.code, n.name])), [tree.data]);
}

/**
 * A list's filters live in the address (`?regionCode=…&hasGrid=false`), so that a link from the
 * coverage report opens exactly the list behind its number, and the back button works.
 */
export function useUrlQuery(defaults: Record<string, string> = {}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = useMemo(() => {
    const q: Record<string, string> = { ...defaults };
    for (const [k, v] of searchParams) q[k] = v;
    return q;
  }, [searchParams]);
  const page = Number(query.page ?? '1') || 1;
  const pageSize = Number(query.pageSize ?? '20') || 20;
  /** Changes some filters (undefined/'' removes one) and goes back to page 1 unless a page is given. */
  const update = (changes: Record<string, string | number | undefined | null>) => {
    setSearchParams((prev) => {
      const next = new URLSearchParams(prev);
      if (!('page' in changes)) next.delete('page');
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === null || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      return next;
    });
  };
  return { query, page, pageSize, update };
}

export function ActiveTag({ active }: { active: boolean }) {
  return active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>;
}

/** A masked phone number with a 查看 button that asks the server for the full number (the look is audited). */
export function PhoneReveal({
  masked,
  revealPath,
  canReveal,
  label,
}: {
  masked: string | null;
  revealPath: string;
  canReveal: boolean;
  label: string;
}) {
  const { message } = App.useApp();
  const reveal = useRevealPhone();
  const [phone, setPhone] = useState<string | null>(null);
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4}>
      <span>{phone ?? masked}</span>
      {canReveal && phone === null && (
        <Button
          type="link"
          size="small"
          aria-label={`查看${label}的完整电话`}
          loading={reveal.isPending}
          onClick={async () => {
            try {
              const r = await reveal.mutateAsync(revealPath);
              setPhone(r.phone ?? '—');
            } catch (err) {
              void message.error(messageOf(err));
            }
          }}
        >
          查看
        </Button>
      )}
    </Space>
  );
}

export const boolOptions = (yes: string, no: string) => [
  { value: 'true', label: yes },
  { value: 'false', label: no },
];

export const STATUS_OPTIONS = [
  { value: 'active', label: '启用' },
  { value: 'inactive', label: '已停用' },
  { value: 'all', label: '全部状态' },
];
