import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TSuggestionListItem } from '@gridvoice/core';

const STATUS_COLOR: Record<string, string> = {
  drafting: 'default',
  filed: 'orange',
  registered: 'gold',
  merged: 'default',
  not_registered: 'default',
  dispatched: 'processing',
  replied: 'cyan',
  rehandling: 'purple',
  closed: 'green',
};

export function SuggestionStatusTag({ item }: { item: Pick<TSuggestionListItem, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLOR[item.status] ?? 'default'}>{item.statusLabel}</Tag>;
}

/** The last day with its standing: red overdue, gold due within 15 days. */
export function DueTag({ item }: { item: Pick<TSuggestionListItem, 'dueOn' | 'dueStanding' | 'daysLeft'> }) {
  if (!item.dueOn) return <span>—</span>;
  if (item.dueStanding === 'overdue') return <Tag color="red">{`${item.dueOn}（逾期 ${-(item.daysLeft ?? 0)} 天）`}</Tag>;
  if (item.dueStanding === 'due_soon') return <Tag color="gold">{`${item.dueOn}（剩 ${item.daysLeft ?? 0} 天）`}</Tag>;
  return <Tag color="green">{item.dueOn}</Tag>;
}

export function SuggestionTable({
  items,
  total,
  page,
  pageSize,
  loading,
  onPage,
}: {
  items: TSuggestionListItem[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
}) {
  return (
    <Table<TSuggestionListItem>
      rowKey="suggestionId"
      size="middle"
      loading={loading}
      dataSource={items}
      scroll={{ x: 960 }}
      pagination={{ current: page, pageSize, total, showTotal: (n) => `共 ${n} 件`, onChange: onPage }}
      columns={[
        { title: '案号', dataIndex: 'caseNumber', width: 230, render: (v: string | null) => v ?? <Typography.Text type="secondary">（未提交）</Typography.Text> },
        {
          title: '标题',
          dataIndex: 'title',
          render: (v: string, r) => (
            <>
              <Link to={`/suggestions/${r.suggestionId}`}>{v}</Link>
              {r.keySupervision && (
                <Tag color="volcano" style={{ marginInlineStart: 8 }}>
                  重点督办
                </Tag>
              )}
            </>
          ),
        },
        { title: '领衔代表', dataIndex: 'leadDeputyName', width: 100 },
        { title: '类别', dataIndex: 'categoryLabel', width: 100 },
        { title: '状态', dataIndex: 'status', width: 110, render: (_: unknown, r) => <SuggestionStatusTag item={r} /> },
        { title: '主办单位', dataIndex: 'leadUnitName', width: 160, render: (v: string | null) => v ?? '—' },
        { title: '办理期限', dataIndex: 'dueOn', width: 200, render: (_: unknown, r) => <DueTag item={r} /> },
      ]}
    />
  );
}
