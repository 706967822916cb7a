import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DEPUTY_LEVEL_LABELS } from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';

import { useComplianceReport, type ComplianceReport, type ComplianceRow } from './duty.api';

type Group = ComplianceReport['byTownAndLevel'][number];
type ListFilter = { title: string; rows: ComplianceRow[] };

const levelLabel = (l: string) => DEPUTY_LEVEL_LABELS[l as keyof typeof DEPUTY_LEVEL_LABELS] ?? l;

/** 履职达标: compliance with the frequency rule by town and level; every number opens its list of deputies. */
export default function CompliancePage() {
  const [range, setRange] = useState<[string, string] | null>(null);
  const report = useComplianceReport(range ? { from: range[0], to: range[1] } : {});
  const [list, setList] = useState<ListFilter | null>(null);
  const data = report.data;
  const byId = useMemo(() => new Map((data?.deputies ?? []).map((d) => [d.deputyId, d])), [data]);
  const rowsOf = (g: Group, pick: (d: ComplianceRow) => boolean) =>
    (data?.deputies ?? []).filter((d) => d.townCode === g.townCode && d.level === g.level && pick(d));
  const pendingOf = (g: Group) => rowsOf(g, (d) => !!d.pendingPeriod).length;
  const open = (title: string, rows: ComplianceRow[]) => setList({ title, rows });
  const num = (n: number, title: string, rows: () => ComplianceRow[], danger = false) =>
    n > 0 ? (
      <Button type="link" danger={danger} style={{ padding: 0 }} onClick={() => open(title, rows())} aria-label={`${title}：${n}`}>
        {n}
      </Button>
    ) : (
      <span>0</span>
    );

  const columns: ColumnsType<Group> = [
    { title: '镇（街）', dataIndex: 'townName', render: (v: string | null, g) => v ?? g.townCode },
    { title: '代表层级', dataIndex: 'level', render: (l: string) => levelLabel(l) },
    { title: '代表人数', dataIndex: 'deputies', render: (n: number, g) => num(n, `${g.townName ?? ''}${levelLabel(g.level)}代表`, () => rowsOf(g, () => true)) },
    { title: '达标', dataIndex: 'compliant', render: (n: number, g) => num(n, `${g.townName ?? ''}${levelLabel(g.level)}达标代表`, () => rowsOf(g, (d) => d.compliant)) },
    {
      title: '未达标',
      dataIndex: 'nonCompliant',
      render: (n: number, g) => num(n, `${g.townName ?? ''}${levelLabel(g.level)}未达标代表`, () => g.nonCompliantDeputyIds.flatMap((id) => byId.get(id) ?? []), true),
    },
    {
      title: '本期尚未履职',
      key: 'pending',
      render: (_: unknown, g) => num(pendingOf(g), `${g.townName ?? ''}${levelLabel(g.level)}本期尚未履职代表`, () => rowsOf(g, (d) => !!d.pendingPeriod)),
    },
    {
      title: '达标率',
      key: 'rate',
      render: (_: unknown, g) => (g.deputies ? `${Math.round((g.compliant / g.deputies) * 1000) / 10}%` : '—'),
    },
  ];

  const deputyColumns: ColumnsType<ComplianceRow> = [
    { title: '代表', dataIndex: 'name' },
    { title: '镇（街）', dataIndex: 'townCode', render: (c: string) => data?.towns[c] ?? c },
    { title: '层级', dataIndex: 'level', render: (l: string) => levelLabel(l) },
    { title: '达标周期', key: 'p', render: (_: unknown, d) => `${d.compliantPeriods} / ${d.totalPeriods}` },
    {
      title: '未达标周期',
      key: 'nc',
      render: (_: unknown, d) => (
        <Space wrap size={4}>
          {d.nonCompliantPeriods.map((p) => (
            <Tag color="red" key={p.periodKey}>
              {p.periodKey}
            </Tag>
          ))}
          {d.pendingPeriod && <Tag color="orange">{d.pendingPeriod.periodKey} 进行中</Tag>}
        </Space>
      ),
    },
  ];

  const totalPending = (data?.deputies ?? []).filter((d) => !!d.pendingPeriod).length;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          履职达标
        </Typography.Title>
        <DatePicker.RangePicker
          aria-label="统计期间"
          allowClear
          placeholder={['开始日期', '结束日期']}
          onChange={(v) => setRange(v && v[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null)}
        />
      </Space>
      {report.error && <Alert type="error" showIcon message={messageOf(report.error)} />}
      {data && (
        <Card size="small">
          <Space size="large" wrap>
            <Statistic title={`统计期间 ${data.from} 至 ${data.to}`} value={data.total.deputies} suffix="名代表" />
            <Statistic title="达标" value={data.total.compliant} />
            <Statistic title="未达标" value={data.total.nonCompliant} valueStyle={{ color: '#cf1322' }} />
            <Statistic title="本期尚未履职" value={totalPending} />
          </Space>
        </Card>
      )}
      <Card title="按镇（街）和层级" size="small">
        <Table
          rowKey={(g) => `${g.townCode}|${g.level}`}
          size="small"
          loading={report.isLoading}
          columns={columns}
          dataSource={data?.byTownAndLevel ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Card title={`未达标名单（${data?.nonCompliant.length ?? 0}）`} size="small">
        <Table rowKey="deputyId" size="small" columns={deputyColumns} dataSource={data?.nonCompliant ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 'max-content' }} />
      </Card>
      <Modal title={list?.title} open={!!list} footer={null} width={760} onCancel={() => setList(null)}>
        <Table rowKey="deputyId" size="small" columns={deputyColumns} dataSource={list?.rows ?? []} pagination={{ pageSize: 10 }} scroll={{ x: 'max-content' }} />
      </Modal>
    </Space>
  );
}
