import { useState } from 'react';
import { Alert, Drawer, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useRecords, type DrillTarget, type RangeQuery } from './stats.api';

/** The records behind a number: the list, with its count (which equals the number clicked). */
export function RecordsDrawer(props: { target: DrillTarget | null; range: RangeQuery; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const q = useRecords(props.target, props.range, page);
  const data = q.data;
  const isConcerns = data?.kind === 'concerns';
  const columns = isConcerns
    ? [
        { title: '编号', dataIndex: 'caseNumber', render: (v: string, r: Record<string, unknown>) => <Link to={`/concerns/${String(r.concernId)}`}>{v}</Link> },
        { title: '标题', dataIndex: 'title' },
        { title: '类别', dataIndex: 'category' },
        { title: '渠道', dataIndex: 'channel' },
        { title: '计数时间', dataIndex: 'countedAt', render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
      ]
    : [
        { title: '活动时间', dataIndex: 'startedAt', render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
        { title: '内容', dataIndex: 'summary' },
        ...(data?.kind === 'participants' ? [{ title: '代表', dataIndex: 'deputyName' }] : [{ title: '参加代表', dataIndex: 'participants' }]),
        { title: '接待群众', dataIndex: 'constituentsReceived' },
      ];
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
            共 <b>{data.figure}</b> {data.kind === 'concerns' ? '条' : data.metric === 'activities_held' ? '次' : '人次'}
            {data.metric === 'constituents_received' ? `（${data.total}项活动）` : ''}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r: Record<string, unknown>) => [r.concernId, r.activityId, r.deputyId].filter((v) => typeof v === 'string').join(':')}
            dataSource={data.items}
            columns={columns}
            pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false }}
          />
        </>
      )}
    </Drawer>
  );
}
