import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { METRIC_BY_CODE, formatMetricValue, type MetricCode } from '@gridvoice/core';
import { pct, useReport, yearRange, type CutRow } from './stats.api';
import { FoldNote, yearOptions } from './StatsOverviewPage';

const COLS: MetricCode[] = ['activities_held', 'deputy_person_times', 'constituents_received', 'concerns_collected', 'concerns_handled', 'concerns_closed', 'concerns_closed_on_time'];
const RECORD_COLS: MetricCode[] = ['suggestions_formed', 'suggestions_replied', 'suggestions_closed', 'micro_projects_approved', 'micro_projects_money', 'micro_projects_finished', 'livelihood_projects_approved', 'livelihood_projects_money'];
const title = (m: MetricCode) => (METRIC_BY_CODE[m].valueIn === 'fen' ? `${METRIC_BY_CODE[m].label}（元）` : METRIC_BY_CODE[m].label);

/** 统计报告: the printable report pack of the user's region for a year, worded like the congress reports. */
export default function ReportPage() {
  const [chosen, setYear] = useState<number | null>(null);
  const q = useReport(chosen === null ? {} : yearRange(chosen));
  const r = q.data;
  const year = chosen ?? (r ? Number(r.from.slice(0, 4)) : null);
  const columns = [
    { title: '名称', dataIndex: 'label' },
    ...COLS.map((m) => ({ title: METRIC_BY_CODE[m].label, key: m, render: (_: unknown, row: CutRow) => row.figures[m] })),
    { title: '满意率', key: 'sat', render: (_: unknown, row: CutRow) => pct(row.satisfactionRate) },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space className="no-print" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>统计报告</Typography.Title>
        <Select aria-label="报告年度" value={year} options={yearOptions(r ? Number(r.from.slice(0, 4)) : null)} onChange={setYear} style={{ width: 120 }} />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button>
        <Button icon={<DownloadOutlined />} href={`/api/stats/export.xlsx${year === null ? '' : `?from=${year}-01-01&to=${year}-12-31`}`}>导出 Excel</Button>
      </Space>
      {q.error && <Alert type="error" message={(q.error).message} />}
      {r && (
        <Card>
          <article aria-label="统计报告正文" style={{ maxWidth: 900, margin: '0 auto', fontSize: 16, lineHeight: 2 }}>
            <Typography.Title level={2} style={{ textAlign: 'center' }}>{r.title}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
              统计区间：{r.from} 至 {r.to}
            </Typography.Paragraph>
            {r.paragraphs.map((p) => (
              <p key={p} style={{ textIndent: '2em', margin: '0 0 8px' }}>{p}</p>
            ))}
            <Typography.Title level={4}>一、分区域情况</Typography.Title>
            <Table size="small" rowKey="key" pagination={false} dataSource={r.byChild} columns={columns} />
            <Typography.Title level={4} style={{ marginTop: 16 }}>二、群众意见分类情况</Typography.Title>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={r.byCategory}
              columns={[
                { title: '类别', dataIndex: 'label' },
                ...(['concerns_collected', 'concerns_handled', 'concerns_closed'] as MetricCode[]).map((m) => ({ title: METRIC_BY_CODE[m].label, key: m, render: (_: unknown, row: CutRow) => row.figures[m] })),
              ]}
            />
            <Typography.Title level={4} style={{ marginTop: 16 }}>三、代表建议和民生实事</Typography.Title>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              aria-label="代表建议和民生实事分区域情况"
              dataSource={r.byChild}
              columns={[
                { title: '名称', dataIndex: 'label' },
                ...RECORD_COLS.map((m) => ({ title: title(m), key: m, render: (_: unknown, row: CutRow) => formatMetricValue(m, row.figures[m]) })),
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              口径说明：各项数字按“统计指标目录”计算，每条群众意见每项指标只计一次，按首次发生日期（北京时间）计入期间；代表建议按提交、首次答复、办结日期计入，民生实事按立项（计票）、完工日期计入，已撤销的项目不计。<FoldNote fold={r.fold} />
            </Typography.Paragraph>
          </article>
        </Card>
      )}
    </Space>
  );
}
