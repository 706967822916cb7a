import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { TRegion } from '@gridvoice/core';
import { useRegions } from '../admin.api';

export interface RegionNode {
  title: string;
  value: string;
  key: string;
  level: string;
  searchText: string;
  children?: RegionNode[];
}

const EXPANDED_LEVELS = new Set(['province', 'prefecture', 'county']);

/** Links the flat region list into a tree; regions whose parent is outside the list become roots. */
export function buildRegionTree(regions: readonly TRegion[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of regions) {
    nodes.set(r.code, { title: r.name, value: r.code, key: r.code, level: r.level, searchText: `${r.name} ${r.code}` });
  }
  const roots: RegionNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  disabled?: boolean;
}

/** 管辖区域: a searchable tree of the regions within the current user's own scope. */
export function RegionTreeSelect({ id, value, onChange, disabled }: Props) {
  const regions = useRegions();
  const treeData = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const expanded = useMemo(
    () => (regions.data ?? []).filter((r) => EXPANDED_LEVELS.has(r.level)).map((r) => r.code),
    [regions.data],
  );
  return (
    <TreeSelect<string, RegionNode>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      disabled={disabled}
      loading={regions.isPending}
      treeData={treeData}
      treeDefaultExpandedKeys={expanded}
      showSearch={{
        filterTreeNode: (input, node) =>
          String((node as unknown as RegionNode).searchText ?? '').includes(input.trim()),
      }}
      placeholder="选择或输入名称搜索"
      notFoundContent={regions.isError ? '行政区划加载失败' : '无匹配的区域'}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      styles={{ popup: { root: { maxHeight: 400, minWidth: 280 } } }}
      listHeight={360}
    />
  );
}
