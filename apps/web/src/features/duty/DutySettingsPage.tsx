import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DEPUTY_LEVEL_LABELS,
  DEPUTY_LEVELS,
  PERFORMANCE_GRADE_LABELS,
  PERIOD_TYPE_LABELS,
  PERIOD_TYPES,
  RATER_STAGE_LABELS,
  RATER_STAGES,
  ROTA_WEEKDAY_LABELS,
  type DeputyLevel,
  type PeriodType,
  type TPerformanceSchemeRequest,
} from '@gridvoice/core';
import { useCurrentUser } from '../../app/auth';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import {
  useDirectContactDays,
  useDutyRule,
  useEvaluationScheme,
  useSaveDirectContactDays,
  useSaveDutyRule,
  useSaveEvaluationScheme,
  type EvaluationScheme,
} from './duty.api';

const PERIOD_OPTIONS = PERIOD_TYPES.map((p) => ({ value: p, label: PERIOD_TYPE_LABELS[p] }));
const WEEKDAY_OPTIONS = [1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: ROTA_WEEKDAY_LABELS[d] }));
const THIS_YEAR = new Date().getFullYear();

type LevelRow = { required: boolean; periodType: PeriodType; minCount: number };
interface RuleForm {
  name: string;
  reminderDaysBefore: number;
  levels: Record<DeputyLevel, LevelRow>;
}

/** 履职频次规则 (R-DUTY-1): how often each level must serve at its station or grid; the default is Heshan's 631. */
function RuleCard({ regionCode }: { regionCode: string }) {
  const { message } = App.useApp();
  const rule = useDutyRule(regionCode);
  const save = useSaveDutyRule();
  const [form] = Form.useForm<RuleForm>();
  const r = rule.data;
  useEffect(() => {
    if (!r) return;
    form.setFieldsValue({
      name: r.rule.name,
      reminderDaysBefore: r.reminderDaysBefore,
      levels: Object.fromEntries(
        DEPUTY_LEVELS.map((l) => {
          const f = r.rule.frequencies[l];
          return [l, f ? { required: true, periodType: f.periodType, minCount: f.minCount } : { required: false, periodType: 'year', minCount: 1 }];
        }),
      ) as Record<DeputyLevel, LevelRow>,
    });
  }, [r, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const frequencies = Object.fromEntries(
      DEPUTY_LEVELS.filter((l) => v.levels[l].required).map((l) => [l, { periodType: v.levels[l].periodType, minCount: v.levels[l].minCount }]),
    );
    try {
      await save.mutateAsync({ regionCode, rule: { name: v.name, frequencies }, reminderDaysBefore: v.reminderDaysBefore });
      message.success('已保存履职频次规则');
    } catch (err) {
      const general = applyServerErrors(form, err, ['name', 'reminderDaysBefore']);
      if (general) message.error(general);
    }
  };
  const canEdit = r?.actions.includes('update') ?? false;
  return (
    <Card
      title="履职频次规则"
      size="small"
      extra={r && (r.isDefault ? <Tag>默认“631”规则</Tag> : r.inheritedFrom ? <Tag>沿用上级规则</Tag> : <Tag color="blue">本区域规则</Tag>)}
    >
      {rule.error && <Alert type="error" showIcon message={messageOf(rule.error)} />}
      <Typography.Paragraph type="secondary">
        每位代表按其所在层级的频次进站入网格；同时担任多级代表的，按最严的频次计算。保存后本区域及下级区域（未另行设置的）按此计算达标。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={!canEdit} aria-label="履职频次规则">
        <Space align="start" wrap>
          <Form.Item name="name" label="规则名称" rules={[{ required: true, whitespace: true, message: '请输入规则名称' }]}>
            <Input maxLength={64} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="reminderDaysBefore" label="周期结束前提醒（天）" rules={[{ required: true, message: '请填写提醒天数' }]}>
            <InputNumber min={0} max={90} />
          </Form.Item>
        </Space>
        <Table
          size="small"
          pagination={false}
          rowKey="level"
          dataSource={DEPUTY_LEVELS.map((level) => ({ level }))}
          columns={[
            { title: '代表层级', dataIndex: 'level', render: (l: DeputyLevel) => DEPUTY_LEVEL_LABELS[l] },
            {
              title: '有履职要求',
              key: 'required',
              render: (_: unknown, { level }) => (
                <Form.Item name={['levels', level, 'required']} valuePropName="checked" noStyle>
                  <Switch aria-label={`${DEPUTY_LEVEL_LABELS[level]}有履职要求`} />
                </Form.Item>
              ),
            },
            {
              title: '周期',
              key: 'periodType',
              render: (_: unknown, { level }) => (
                <Form.Item name={['levels', level, 'periodType']} noStyle>
                  <Select style={{ width: 110 }} options={PERIOD_OPTIONS} aria-label={`${DEPUTY_LEVEL_LABELS[level]}周期`} />
                </Form.Item>
              ),
            },
            {
              title: '至少（次）',
              key: 'minCount',
              render: (_: unknown, { level }) => (
                <Form.Item name={['levels', level, 'minCount']} noStyle>
                  <InputNumber min={1} max={100} aria-label={`${DEPUTY_LEVEL_LABELS[level]}次数`} />
                </Form.Item>
              ),
            },
          ]}
        />
        {canEdit && (
          <Button type="primary" style={{ marginTop: 12 }} loading={save.isPending} onClick={submit}>
            保存频次规则
          </Button>
        )}
      </Form>
    </Card>
  );
}

/** 直联日 (R-DUTY-3): the weekday(s) deputies meet constituents directly. */
function DirectContactCard({ regionCode }: { regionCode: string }) {
  const { message } = App.useApp();
  const days = useDirectContactDays(regionCode);
  const save = useSaveDirectContactDays();
  const [weekdays, setWeekdays] = useState<number[] | null>(null);
  const value = weekdays ?? days.data?.weekdays ?? [];
  const submit = async () => {
    try {
      await save.mutateAsync({ regionCode, weekdays: value });
      setWeekdays(null);
      message.success('已保存直联日');
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Card title="直联日" size="small">
      {days.error && <Alert type="error" showIcon message={messageOf(days.error)} />}
      <Space direction="vertical">
        <Checkbox.Group options={WEEKDAY_OPTIONS} value={value} onChange={(v) => setWeekdays(v)} aria-label="直联日星期" />
        <Typography.Text type="secondary">
          近30天的直联日：{(days.data?.days ?? []).join('、') || '未设置'}
        </Typography.Text>
        <Button onClick={submit} loading={save.isPending} disabled={weekdays === null}>
          保存直联日
        </Button>
      </Space>
    </Card>
  );
}

type SchemeForm = EvaluationScheme['scheme'];

/** 履职评价方案 (R-DUTY-9): the items and weights, the grade lines and the raters in order, per year. */
function SchemeCard({ regionCode }: { regionCode: string }) {
  const { message } = App.useApp();
  const [year, setYear] = useState(THIS_YEAR);
  const scheme = useEvaluationScheme(regionCode, year);
  const save = useSaveEvaluationScheme();
  const [form] = Form.useForm<SchemeForm>();
  const s = scheme.data;
  useEffect(() => {
    if (s) form.setFieldsValue({ items: s.scheme.items.map((i) => ({ ...i })), grades: s.scheme.grades.map((g) => ({ ...g })), raterOrder: [...s.scheme.raterOrder] });
  }, [s, form]);
  const submit = async () => {
    await form.validateFields();
    // every item keeps its code and every band its grade, which are not fields of the form
    const v = form.getFieldsValue(true) as SchemeForm;
    const body: TPerformanceSchemeRequest = {
      regionCode,
      year,
      // the raters keep the fixed order self → group → town → office; a region may leave stages out
      scheme: { items: v.items, grades: v.grades, raterOrder: RATER_STAGES.filter((r) => v.raterOrder.includes(r)) },
    };
    try {
      await save.mutateAsync(body);
      message.success(`已保存${year}年度评价方案`);
    } catch (err) {
      const general = applyServerErrors(form, err, []);
      if (general) message.error(general);
    }
  };
  return (
    <Card
      title="履职评价方案"
      size="small"
      extra={
        <Space>
          {s && (s.isDefault ? <Tag>默认方案</Tag> : s.inheritedFrom ? <Tag>沿用上级方案</Tag> : <Tag color="blue">本区域方案</Tag>)}
          <Select
            aria-label="评价年度"
            value={year}
            style={{ width: 110 }}
            options={Array.from({ length: 4 }, (_, i) => THIS_YEAR + 1 - i).map((y) => ({ value: y, label: `${y}年度` }))}
            onChange={setYear}
          />
        </Space>
      }
    >
      {scheme.error && <Alert type="error" showIcon message={messageOf(scheme.error)} />}
      <Typography.Paragraph type="secondary">评价一经开始（第一次评分），即按当时的方案计分；之后修改方案只影响尚未开始的评价。</Typography.Paragraph>
      <Form form={form} layout="vertical" aria-label="履职评价方案">
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true, message: '请输入项目名称' }]} style={{ marginBottom: 0 }}>
                    <Input style={{ width: 220 }} aria-label={`评价项目 ${i + 1}`} maxLength={64} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} style={{ marginBottom: 0 }}>
                    <InputNumber min={0} max={1000} addonBefore="权重" aria-label={`评价项目 ${i + 1} 权重`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'maxScore']} style={{ marginBottom: 0 }}>
                    <InputNumber min={1} max={1000} addonBefore="满分" aria-label={`评价项目 ${i + 1} 满分`} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={`删除评价项目 ${i + 1}`} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ code: `item_${Date.now().toString(36)}`, label: '', weight: 10, maxScore: 100 })}
              >
                添加评价项目
              </Button>
            </Space>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          等次分数线（满分100）
        </Typography.Title>
        <Form.List name="grades">
          {(fields) => (
            <Space wrap>
              {fields.map((f) => (
                <Form.Item key={f.key} name={[f.name, 'minTotal']} style={{ marginBottom: 0 }}>
                  <InputNumber
                    min={0}
                    max={100}
                    addonBefore={PERFORMANCE_GRADE_LABELS[form.getFieldValue(['grades', f.name, 'grade']) as keyof typeof PERFORMANCE_GRADE_LABELS]}
                    addonAfter="分起"
                  />
                </Form.Item>
              ))}
            </Space>
          )}
        </Form.List>
        <Form.Item name="raterOrder" label="评议环节（依次进行）" style={{ marginTop: 16 }} rules={[{ required: true, message: '至少需要一个评议环节' }]}>
          <Checkbox.Group options={RATER_STAGES.map((r) => ({ value: r, label: RATER_STAGE_LABELS[r] }))} />
        </Form.Item>
        <Button type="primary" loading={save.isPending} onClick={submit}>
          保存评价方案
        </Button>
      </Form>
    </Card>
  );
}

/** 履职设置: the duty rule, the direct-contact weekday and the evaluation scheme of my region. */
export default function DutySettingsPage() {
  const user = useCurrentUser();
  const regionCode = user.scopeRegionCode.padEnd(12, '0');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        履职设置
      </Typography.Title>
      <Typography.Text type="secondary">适用范围：{user.scopeRegionName ?? user.scopeRegionCode}</Typography.Text>
      <RuleCard regionCode={regionCode} />
      <DirectContactCard regionCode={regionCode} />
      <SchemeCard regionCode={regionCode} />
    </Space>
  );
}
