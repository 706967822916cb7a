import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { TIER_LABELS, type TConcernListItem } from '@gridvoice/core';
import { formatDateTime } from '../../app/time';
import { CATEGORY_LABELS, StatusTag, TrafficLight } from './shared';

interface Props {
  items: TConcernListItem[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
}

/** The concern list, shared by 全部 and 待办. */
export function ConcernTable({ items, total, page, pageSize, loading, onPage }: Props) {
  const columns: ColumnsType<TConcernListItem> = [
    {
      title: '编号',
      key: 'caseNumber',
      width: 170,
      render: (_, c) => <Link to={`/concerns/${c.concernId}`}>{c.caseNumber}</Link>,
    },
    { title: '标题', dataIndex: 'title', key: 'title', ellipsis: true, width: 240 },
    { title: '状态', key: 'status', width: 100, render: (_, c) => <StatusTag item={c} /> },
    { title: '时限', key: 'light', width: 90, render: (_, c) => <TrafficLight light={c.trafficLight} /> },
    {
      title: '截止时间',
      key: 'dueAt',
      width: 165,
      render: (_, c) => (c.dueAt ? formatDateTime(c.dueAt) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: '村（社区）', key: 'region', width: 120, ellipsis: true, render: (_, c) => c.regionName ?? c.regionCode },
    { title: '分类', key: 'category', width: 90, render: (_, c) => CATEGORY_LABELS.get(c.categoryCode) ?? c.categoryCode },
    { title: '层级', key: 'tier', width: 130, render: (_, c) => TIER_LABELS[c.tier] },
    { title: '登记时间', key: 'createdAt', width: 165, render: (_, c) => formatDateTime(c.createdAt) },
  ];
  return (
    <Table<TConcernListItem>
      rowKey="concernId"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1200 }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        showTotal: (t) => `共 ${t} 条`,
        onChange: onPage,
      }}
    />
  );
}
