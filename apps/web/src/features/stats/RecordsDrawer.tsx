import { useState } from 'react';
import { Alert, Drawer, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { METRIC_BY_CODE, formatYuan } from '@gridvoice/core';
import { useRecords, type DrillTarget, type RangeQuery, type RecordsPage } from './stats.api';

const localTime = (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });

const SUGGESTION_COLUMNS = [
  { title: '案号', dataIndex: 'caseNumber', render: (v: string | null, r: Record<string, unknown>) => <Link to={`/suggestions/${String(r.suggestionId)}`}>{v ?? '（未编号）'}</Link> },
  { title: '标题', dataIndex: 'title' },
  { title: '类别', dataIndex: 'category' },
  { title: '状态', dataIndex: 'status' },
  { title: '计数时间', dataIndex: 'countedAt', render: localTime },
];
const PROJECT_COLUMNS = [
  { title: '项目', dataIndex: 'title', render: (v: string, r: Record<string, unknown>) => <Link to={`/projects/${String(r.projectId)}`}>{v}</Link> },
  { title: '类型', dataIndex: 'kind' },
  { title: '状态', dataIndex: 'status' },
  { title: '资金（元）', dataIndex: 'budgetFen', render: (v: number | null) => (v === null ? '—' : formatYuan(v)) },
  { title: '计数日期', dataIndex: 'countedOn' },
];
const CONCERN_COLUMNS = [
  { title: '编号', dataIndex: 'caseNumber', render: (v: string, r: Record<string, unknown>) => <Link to={`/concerns/${String(r.concernId)}`}>{v}</Link> },
  { title: '标题', dataIndex: 'title' },
  { title: '类别', dataIndex: 'category' },
  { title: '渠道', dataIndex: 'channel' },
  { title: '计数时间', dataIndex: 'countedAt', render: localTime },
];
const activityColumns = (perParticipant: boolean) => [
  { title: '活动时间', dataIndex: 'startedAt', render: localTime },
  { title: '内容', dataIndex: 'summary' },
  perParticipant ? { title: '代表', dataIndex: 'deputyName' } : { title: '参加代表', dataIndex: 'participants' },
  { title: '接待群众', dataIndex: 'constituentsReceived' },
];

/** The columns of each kind of record. */
function columnsOf(kind: RecordsPage['kind'] | undefined) {
  switch (kind) {
    case 'suggestions':
      return SUGGESTION_COLUMNS;
    case 'projects':
      return PROJECT_COLUMNS;
    case 'concerns':
      return CONCERN_COLUMNS;
    case 'participants':
      return activityColumns(true);
    case 'activities':
    case undefined:
      return activityColumns(false);
  }
}

/** The records behind a number: the list, with its count (which equals the number clicked). */
export function RecordsDrawer(props: { target: DrillTarget | null; range: RangeQuery; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const q = useRecords(props.target, props.range, page);
  const data = q.data;
  const columns = columnsOf(data?.kind);
  return (
    <Drawer
      open={!!props.target}
      onClose={() => {
        setPage(1);
        props.onClose();
      }}
      width={880}
      title={props.target?.title}
      destroyOnHidden
    >
      {q.error && <Alert type="error" message={(q.error).message} />}
      {data && (
        <>
          <Typography.Paragraph data-testid="records-count">
            {METRIC_BY_CODE[data.metric].valueIn === 'fen' ? (
              <>合计 <b>{formatYuan(data.figure)}</b> 元（{data.total}个项目）</>
            ) : (
              <>共 <b>{data.figure}</b> {METRIC_BY_CODE[data.metric].unit}</>
            )}
            {data.metric === 'constituents_received' ? `（${data.total}项活动）` : ''}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r: Record<string, unknown>) => [r.concernId, r.suggestionId, r.projectId, r.activityId, r.deputyId].filter((v) => typeof v === 'string').join(':')}
            dataSource={data.items}
            columns={columns}
            pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false }}
          />
        </>
      )}
    </Drawer>
  );
}
