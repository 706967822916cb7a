import { useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { OVERSIGHT_KIND_LABELS, OVERSIGHT_KINDS, OVERSIGHT_STAGE_LABELS, OVERSIGHT_STAGES } from '@gridvoice/core';
import { useCurrentUser } from '../../app/auth';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs } from '../../app/time';
import { useUnits } from '../organisation/organisation.api';
import {
  useAnswerProblem,
  useCreateOversight,
  useDispatchProblems,
  useOversight,
  useOversightList,
  useOversightStage,
  useRevisitProblem,
  type Oversight,
  type OversightProblem,
} from './duty.api';

const KIND_OPTIONS = OVERSIGHT_KINDS.map((k) => ({ value: k, label: OVERSIGHT_KIND_LABELS[k] }));
const STAGE_INDEX = Object.fromEntries(OVERSIGHT_STAGES.map((s, i) => [s, i])) as Record<string, number>;
const PROBLEM_STATUS: Record<OversightProblem['status'], { label: string; color: string }> = {
  open: { label: '待交办', color: 'default' },
  dispatched: { label: '办理中', color: 'processing' },
  answered: { label: '已答复', color: 'success' },
  revisited: { label: '已回访', color: 'green' },
};

interface CreateForm {
  kind: (typeof OVERSIGHT_KINDS)[number];
  title: string;
  subject?: string;
  period?: [dayjs.Dayjs, dayjs.Dayjs];
  findings?: string;
  suggestions?: string;
  problems: { description: string; category?: string }[];
}

function CreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const create = useCreateOversight();
  const [form] = Form.useForm<CreateForm>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const o = await create.mutateAsync({
        kind: v.kind,
        regionCode: user.scopeRegionCode.padEnd(12, '0'),
        title: v.title,
        ...(v.subject ? { subject: v.subject } : {}),
        ...(v.period ? { startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD') } : {}),
        ...(v.findings ? { findings: v.findings } : {}),
        ...(v.suggestions ? { suggestions: v.suggestions } : {}),
        problems: (v.problems ?? []).filter((p) => p.description?.trim()).map((p) => ({ description: p.description, ...(p.category ? { category: p.category } : {}) })),
      });
      message.success('已新建监督事项');
      onCreated(o.oversightId);
    } catch (err) {
      const general = applyServerErrors(form, err, ['kind', 'title', 'subject', 'findings', 'suggestions']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title="新建监督事项" open width={720} okText="保存" cancelText="取消" confirmLoading={create.isPending} onOk={submit} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'special_supervision', problems: [{ description: '' }] }}>
        <Space align="start" wrap>
          <Form.Item name="kind" label="监督类型" rules={[{ required: true, message: '请选择监督类型' }]}>
            <Select style={{ width: 180 }} options={KIND_OPTIONS} aria-label="监督类型" />
          </Form.Item>
          <Form.Item name="period" label="时间">
            <DatePicker.RangePicker placeholder={['开始日期', '结束日期']} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={100} placeholder="如：农村生活污水治理专项监督" />
        </Form.Item>
        <Form.Item name="subject" label="监督对象">
          <Input maxLength={200} placeholder="如：市住房城乡建设和水务局" />
        </Form.Item>
        <Form.Item name="findings" label="发现的问题">
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="suggestions" label="整改建议">
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Typography.Text strong>问题清单（逐条交办、跟踪到答复）</Typography.Text>
        <Form.List name="problems">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" style={{ width: '100%' }}>
                  <Form.Item name={[f.name, 'description']} style={{ width: 440, marginBottom: 0 }}>
                    <Input placeholder={`问题 ${i + 1}`} aria-label={`问题 ${i + 1}`} maxLength={1000} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'category']} style={{ width: 140, marginBottom: 0 }}>
                    <Input placeholder="类别（可不填）" aria-label={`问题 ${i + 1} 类别`} maxLength={50} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={`删除问题 ${i + 1}`} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ description: '' })}>
                添加问题
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function DispatchDialog({ oversight, problem, onClose }: { oversight: Oversight; problem: OversightProblem; onClose: () => void }) {
  const { message } = App.useApp();
  const dispatch = useDispatchProblems();
  const [q, setQ] = useState('');
  const units = useUnits({ q: q || undefined, pageSize: 30 });
  const [form] = Form.useForm<{ unitId: string; dueOn?: dayjs.Dayjs }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await dispatch.mutateAsync({
        id: oversight.oversightId,
        body: { problems: [{ problemId: problem.problemId, unitId: v.unitId, ...(v.dueOn ? { dueOn: v.dueOn.format('YYYY-MM-DD') } : {}) }] },
      });
      message.success('已交办');
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['unitId', 'dueOn']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title={`交办问题 ${problem.position}`} open okText="交办" cancelText="取消" confirmLoading={dispatch.isPending} onOk={submit} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{problem.description}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={units.isFetching}
            aria-label="承办单位"
            options={(units.data?.items ?? []).map((u) => ({ value: u.unitId, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="dueOn" label="办理期限">
          <DatePicker placeholder="可不填" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The unit's answer, or the return visit to the constituents with it (面回复). */
function TextDialog({ problem, mode, onClose }: { problem: OversightProblem; mode: 'answer' | 'revisit'; onClose: () => void }) {
  const { message } = App.useApp();
  const answer = useAnswerProblem();
  const revisit = useRevisitProblem();
  const [form] = Form.useForm<{ text: string }>();
  const label = mode === 'answer' ? '办理答复' : '回访情况';
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (mode === 'answer') await answer.mutateAsync({ problemId: problem.problemId, answer: v.text });
      else await revisit.mutateAsync({ problemId: problem.problemId, note: v.text });
      message.success(mode === 'answer' ? '已答复' : '已记录回访');
      onClose();
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Modal
      title={`${label}：问题 ${problem.position}`}
      open
      okText="提交"
      cancelText="取消"
      confirmLoading={answer.isPending || revisit.isPending}
      onOk={submit}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{problem.description}</Typography.Paragraph>
      {mode === 'revisit' && problem.answer && <Alert type="info" message={`单位答复：${problem.answer}`} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={label} rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OversightDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { message } = App.useApp();
  const detail = useOversight(id);
  const stage = useOversightStage();
  const [dispatching, setDispatching] = useState<OversightProblem | null>(null);
  const [texting, setTexting] = useState<{ problem: OversightProblem; mode: 'answer' | 'revisit' } | null>(null);
  const o = detail.data;
  const current = o ? (STAGE_INDEX[o.stage] ?? 0) : 0;
  const next = OVERSIGHT_STAGES[current + 1];
  const advance = async () => {
    if (!o || !next) return;
    try {
      await stage.mutateAsync({ id: o.oversightId, stage: next });
      message.success(`已进入“${OVERSIGHT_STAGE_LABELS[next]}”`);
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  const columns: ColumnsType<OversightProblem> = [
    { title: '序号', dataIndex: 'position', width: 60 },
    { title: '问题', dataIndex: 'description' },
    { title: '承办单位', dataIndex: 'unitName', render: (v: string | null, p) => (v ? `${v}${p.dueOn ? `（${p.dueOn}前）` : ''}` : '—') },
    { title: '状态', dataIndex: 'status', render: (s: OversightProblem['status']) => <Tag color={PROBLEM_STATUS[s].color}>{PROBLEM_STATUS[s].label}</Tag> },
    {
      title: '答复与回访',
      key: 'answer',
      render: (_: unknown, p) => (
        <Space direction="vertical" size={0}>
          {p.answer && <span>答复：{p.answer}</span>}
          {p.revisitNote && <span>回访：{p.revisitNote}</span>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, p) => (
        <Space size="small">
          {p.actions.includes('dispatch') && (
            <Button size="small" onClick={() => setDispatching(p)}>
              交办
            </Button>
          )}
          {p.actions.includes('answer') && (
            <Button size="small" type="primary" onClick={() => setTexting({ problem: p, mode: 'answer' })}>
              答复
            </Button>
          )}
          {p.actions.includes('revisit') && (
            <Button size="small" onClick={() => setTexting({ problem: p, mode: 'revisit' })}>
              回访
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Drawer title={o?.title ?? '监督事项'} open width={960} onClose={onClose}>
      {detail.error && <Alert type="error" showIcon message={messageOf(detail.error)} />}
      {o && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Steps size="small" current={current} items={OVERSIGHT_STAGES.map((s) => ({ title: OVERSIGHT_STAGE_LABELS[s] }))} />
          {o.actions.includes('stage') && next && (
            <Button onClick={advance} loading={stage.isPending}>
              进入下一环节：{OVERSIGHT_STAGE_LABELS[next]}
            </Button>
          )}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="类型">{o.kindLabel}</Descriptions.Item>
            <Descriptions.Item label="时间">{o.startsOn ? `${o.startsOn} 至 ${o.endsOn ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label="监督对象" span={2}>
              {o.subject ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="发现的问题" span={2}>
              {o.findings ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="整改建议" span={2}>
              {o.suggestions ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Table rowKey="problemId" size="small" pagination={false} columns={columns} dataSource={o.problems ?? []} scroll={{ x: 'max-content' }} />
        </Space>
      )}
      {o && dispatching && <DispatchDialog oversight={o} problem={dispatching} onClose={() => setDispatching(null)} />}
      {texting && <TextDialog problem={texting.problem} mode={texting.mode} onClose={() => setTexting(null)} />}
    </Drawer>
  );
}

/**
 * 监督事项: special supervision, surveys and inspections with their problem lists, each problem
 * dispatched point to point to a unit and tracked to its answer and the return visit
 * (问需求 → 深调研 → 商对策 → 面回复). A handling unit sees only the problems given to it.
 */
export default function OversightPage() {
  const list = useOversightList();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const columns: ColumnsType<Oversight> = [
    {
      title: '标题',
      dataIndex: 'title',
      render: (v: string, o) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(o.oversightId)}>
          {v}
        </Button>
      ),
    },
    { title: '类型', dataIndex: 'kindLabel' },
    { title: '监督对象', dataIndex: 'subject', render: (v: string | null) => v ?? '—' },
    { title: '环节', dataIndex: 'stageLabel', render: (v: string) => <Tag color="blue">{v}</Tag> },
    { title: '问题清单', key: 'problems', render: (_: unknown, o) => `已答复 ${o.answeredCount}/${o.problemCount}` },
    { title: '时间', key: 'period', render: (_: unknown, o) => (o.startsOn ? `${o.startsOn} 至 ${o.endsOn ?? ''}` : '—') },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          监督事项
        </Typography.Title>
        {list.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建监督事项
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon message={messageOf(list.error)} />}
      <Table rowKey="oversightId" size="small" loading={list.isLoading} columns={columns} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} />
      {creating && (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setOpen(id);
          }}
        />
      )}
      {open && <OversightDrawer id={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}
