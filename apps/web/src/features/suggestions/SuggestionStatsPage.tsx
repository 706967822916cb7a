import { Alert, Card, Space, Table, Typography } from 'antd';
import { REPLY_CATEGORIES, SUGGESTION_CATEGORY_LABELS, SUGGESTION_RATING_LABELS, type TSuggestionUnitStats } from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { useUnitStats } from './suggestions.api';

type Row = TSuggestionUnitStats['items'][number];

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((n * 100) / d).toFixed(1)}%`);
const counts = (m: Record<string, number>, labels: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${labels[k] ?? k} ${v}`)
    .join('，') || '—';

/** 承办单位统计: per unit — assignments, replies in time, overdue, categories, the deputies' ratings. */
export default function SuggestionStatsPage() {
  const stats = useUnitStats();
  const items = stats.data?.items ?? [];
  const replyLabels = Object.fromEntries(REPLY_CATEGORIES.map((c) => [c, `${c}类`]));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        承办单位办理统计
      </Typography.Title>
      {stats.isError && <Alert type="error" showIcon title={messageOf(stats.error)} />}
      <Card size="small">
        <Table<Row>
          rowKey="unitId"
          size="middle"
          loading={stats.isFetching}
          dataSource={items}
          pagination={false}
          scroll={{ x: 1100 }}
          columns={[
            { title: '承办单位', dataIndex: 'unitName', fixed: 'left', width: 180 },
            { title: '承办件数', dataIndex: 'total', width: 90, align: 'right' },
            { title: '主办', dataIndex: 'asLead', width: 70, align: 'right' },
            { title: '已答复', dataIndex: 'replied', width: 80, align: 'right' },
            { title: '按时答复率', key: 'onTime', width: 110, align: 'right', render: (_: unknown, r) => pct(r.repliedOnTime, r.replied) },
            { title: '逾期未复', dataIndex: 'overdue', width: 90, align: 'right', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
            { title: '答复类别', key: 'reply', width: 180, render: (_: unknown, r) => counts(r.byReplyCategory, replyLabels) },
            { title: '建议类别', key: 'cat', width: 220, render: (_: unknown, r) => counts(r.byCategory, SUGGESTION_CATEGORY_LABELS) },
            { title: '代表对办理结果的评价', key: 'sat', render: (_: unknown, r) => counts(r.satisfaction, SUGGESTION_RATING_LABELS) },
          ]}
        />
      </Card>
    </Space>
  );
}
