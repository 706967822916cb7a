import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Select, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PrinterOutlined } from '@ant-design/icons';
import type { RaterStage } from '@gridvoice/core';
import { useDeputies } from '../organisation/organisation.api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { useEvaluation, useMyDuty, useRate, useWorkLog, type Evaluation } from './duty.api';

const THIS_YEAR = new Date().getFullYear();
const YEAR_OPTIONS = Array.from({ length: 6 }, (_, i) => THIS_YEAR - i).map((y) => ({ value: y, label: `${y}年度` }));

/** What each fact of an evaluation counts, in the words of the performance record. */
export const FACT_LABELS: Record<string, string> = {
  activities: '履职活动（次）',
  stationGridDuties: '进站入网格（次）',
  surveysInspections: '调研视察执法检查（次）',
  meetings: '会议座谈（次）',
  constituentsReceived: '接待群众（人次）',
  concernsCollected: '收集群众意见（条）',
  receptions: '接待登记（次）',
  suggestions: '提出建议（件）',
};

const LOG_COLORS: Record<string, string> = { activity: 'green', concern: 'blue', reception: 'orange', suggestion: 'purple' };
const LOG_LABELS: Record<string, string> = { activity: '活动', concern: '群众意见', reception: '接待', suggestion: '建议' };

function RatingForm({ evaluation }: { evaluation: Evaluation }) {
  const { message } = App.useApp();
  const rate = useRate();
  const [form] = Form.useForm<{ scores: Record<string, number>; comment?: string }>();
  const items = evaluation.scheme.items;
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await rate.mutateAsync({
        deputyId: evaluation.deputyId,
        year: evaluation.year,
        body: { stage: evaluation.nextStage as RaterStage, scores: v.scores, ...(v.comment ? { comment: v.comment } : {}) },
      });
      message.success(`已提交${evaluation.nextStageLabel ?? '评分'}`);
      form.resetFields();
    } catch (err) {
      const general = applyServerErrors(form, err, ['scores', 'comment']);
      if (general) message.error(general);
    }
  };
  return (
    <Form form={form} layout="inline" aria-label={evaluation.nextStageLabel ?? '评分'} style={{ rowGap: 8 }}>
      {items.map((it) => (
        <Form.Item
          key={it.code}
          name={['scores', it.code]}
          label={it.label}
          rules={[{ required: true, message: `请为“${it.label}”评分` }]}
        >
          <InputNumber min={0} max={it.maxScore} style={{ width: 90 }} aria-label={it.label} />
        </Form.Item>
      ))}
      <Form.Item name="comment" label="评语">
        <Input maxLength={500} style={{ width: 280 }} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" loading={rate.isPending} onClick={submit}>
          提交{evaluation.nextStageLabel}
        </Button>
      </Form.Item>
    </Form>
  );
}

function EvaluationCard({ deputyId, year }: { deputyId: string; year: number }) {
  const ev = useEvaluation(deputyId, year);
  const e = ev.data;
  const columns: ColumnsType<Evaluation['scheme']['items'][number]> = [
    { title: '评价项目', dataIndex: 'label' },
    { title: '权重', dataIndex: 'weight' },
    { title: '满分', dataIndex: 'maxScore' },
    ...(e?.ratings ?? []).map((r) => ({ title: r.stageLabel, key: r.stage, render: (_: unknown, it: { code: string }) => r.scores[it.code] ?? '—' })),
  ];
  return (
    <Card title="履职评价" size="small">
      {ev.error && <Alert type="error" showIcon message={messageOf(ev.error)} />}
      {e && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <span>评议顺序：{e.scheme.raterOrder.length} 个环节</span>
            {e.ratings.map((r) => (
              <Tag key={r.stage} color="green">
                {r.stageLabel} {r.total.toFixed(1)}分
              </Tag>
            ))}
            {e.nextStageLabel && <Tag color="orange">待{e.nextStageLabel}</Tag>}
            {e.result && (
              <Tag color="blue">
                结果：{e.result.total.toFixed(1)}分，{e.result.gradeLabel}
              </Tag>
            )}
          </Space>
          <Table rowKey="code" size="small" pagination={false} columns={columns} dataSource={[...e.scheme.items]} scroll={{ x: 'max-content' }} />
          {e.actions.includes('rate') && <RatingForm evaluation={e} />}
        </Space>
      )}
    </Card>
  );
}

/** 履职档案: a deputy's year — the facts, the chronological work log, the evaluation in rater order, the printable record. */
export default function PerformancePage() {
  const me = useMyDuty();
  const [picked, setPicked] = useState<string | undefined>();
  const [year, setYear] = useState(THIS_YEAR);
  const [q, setQ] = useState('');
  const deputies = useDeputies({ q: q || undefined, pageSize: 20 }, !me.data);
  const deputyId = picked ?? me.data?.deputyId;
  const log = useWorkLog(deputyId, year);
  const ev = useEvaluation(deputyId, year);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          履职档案
        </Typography.Title>
        {deputyId && (
          <Link to={`/duty/performance/${deputyId}/${year}/print`}>
            <Button icon={<PrinterOutlined />}>打印年度履职档案</Button>
          </Link>
        )}
      </Space>
      <Space wrap>
        {!me.data && (
          <Select
            showSearch
            filterOption={false}
            placeholder="选择代表"
            aria-label="代表"
            style={{ width: 240 }}
            onSearch={setQ}
            loading={deputies.isFetching}
            options={(deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: d.name }))}
            onChange={(v: string) => setPicked(v)}
          />
        )}
        <Select aria-label="年度" style={{ width: 120 }} value={year} options={YEAR_OPTIONS} onChange={setYear} />
      </Space>
      {!deputyId && <Empty description="请选择代表" />}
      {deputyId && (
        <>
          <Card title={`${log.data?.name ?? ''} ${year}年度履职情况`} size="small">
            {ev.data && (
              <Space size="large" wrap>
                {Object.entries(ev.data.facts).map(([k, v]) => (
                  <Statistic key={k} title={FACT_LABELS[k] ?? k} value={v} />
                ))}
              </Space>
            )}
          </Card>
          <EvaluationCard deputyId={deputyId} year={year} />
          <Card title={`履职日志（${log.data?.items.length ?? 0}条）`} size="small">
            {log.error && <Alert type="error" showIcon message={messageOf(log.error)} />}
            {log.data && log.data.items.length === 0 && <Empty description="本年度暂无履职记录" />}
            <Timeline
              items={(log.data?.items ?? []).map((it) => ({
                color: LOG_COLORS[it.type] ?? 'gray',
                children: (
                  <Space direction="vertical" size={0}>
                    <span>
                      <Tag>{LOG_LABELS[it.type] ?? it.type}</Tag>
                      {formatDateTime(it.at).slice(0, 16)} {it.title}
                    </span>
                    {it.detail && <Typography.Text type="secondary">{it.detail}</Typography.Text>}
                  </Space>
                ),
              }))}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
