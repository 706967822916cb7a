import { useState } from 'react';
import { SuggestionSelect } from '../suggestions/pickers';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { BALLOT_CHOICE_LABELS, CANDIDATE_SOURCE_LABELS, parseYuanToFen, ROUND_ACTION_LABELS, type BallotChoice, type RoundActionType } from '@gridvoice/core';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs, formatDateTime, TIME_ZONE } from '../../app/time';
import { UnitPicker } from '../organisation/pickers';
import { yuan } from '../projects/projects.api';
import { ProgressPair } from '../projects/shared';
import { VOTES_API, useEligibleDeputies, useRound, useRoundMutation, type Candidate, type RoundDetail } from './votes.api';
import { PHASE_COLORS } from './VoteRoundsPage';

const ROUND_ACTIONS: RoundActionType[] = ['screen', 'publish', 'open_ballot', 'close_ballot', 'count'];
const CHOICE_OPTIONS = (Object.keys(BALLOT_CHOICE_LABELS) as BallotChoice[]).map((value) => ({ value, label: BALLOT_CHOICE_LABELS[value] }));

interface CandidateForm {
  title: string;
  description: string;
  source: 'suggestion' | 'public' | 'department';
  sourceSuggestionId?: string;
  unitId: string;
  subItems: { title: string; budget: string }[];
}

function CandidateDialog({ round, open, onClose }: { round: RoundDetail; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CandidateForm>();
  const mutate = useRoundMutation();
  const submit = async () => {
    const v = await form.validateFields();
    const subItems = v.subItems.map((s) => ({ title: s.title, budgetFen: parseYuanToFen(s.budget) }));
    const bad = subItems.findIndex((s) => s.budgetFen === null || s.budgetFen <= 0);
    if (bad >= 0) {
      form.setFields([{ name: ['subItems', bad, 'budget'], errors: ['金额格式不正确（元，最多两位小数）'] }]);
      return;
    }
    try {
      await mutate.mutateAsync({ path: `${VOTES_API}/${round.roundId}/candidates`, body: { title: v.title, description: v.description, source: v.source, sourceSuggestionId: v.source === 'suggestion' ? v.sourceSuggestionId ?? null : null, unitId: v.unitId, subItems } });
      message.success('已加入候选项目');
      form.resetFields();
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['title', 'description', 'source', 'sourceSuggestionId', 'unitId']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title="征集候选项目" open={open} onOk={submit} onCancel={onClose} okText="加入" confirmLoading={mutate.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ source: 'public', subItems: [{ title: '', budget: '' }] }}>
        <Form.Item name="title" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label="项目内容" rules={[{ required: true, message: '请填写项目内容' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="source" label="来源" rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={Object.entries(CANDIDATE_SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="unitId" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
            <UnitPicker style={{ width: 260 }} aria-label="牵头单位" />
          </Form.Item>
        </Space>
        <Form.Item noStyle shouldUpdate={(a: CandidateForm, b: CandidateForm) => a.source !== b.source}>
          {({ getFieldValue }) =>
            getFieldValue('source') === 'suggestion' && (
              <Form.Item name="sourceSuggestionId" label="来源代表建议">
                <SuggestionSelect aria-label="来源代表建议" />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.List name="subItems">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>子项和资金</Typography.Text>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写子项名称' }]}>
                    <Input placeholder="子项名称" style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'budget']} rules={[{ required: true, message: '请填写资金' }]}>
                    <Input placeholder="资金（元）" inputMode="decimal" style={{ width: 160 }} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除子项" />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', budget: '' })}>
                增加子项
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 计票人录入: a paper ballot for a deputy without one; duplicates are refused and reported. */
function TellerEntry({ round }: { round: RoundDetail }) {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [deputyId, setDeputyId] = useState<string | undefined>();
  const [choices, setChoices] = useState<Record<string, BallotChoice>>({});
  const [sheets, setSheets] = useState<number | null>(round.reconciliation?.paperSheetsCounted ?? null);
  const deputies = useEligibleDeputies(round.roundId, q, true);
  const mutate = useRoundMutation();
  const listed = round.candidates.filter((c) => c.screening === 'listed');
  const submit = async () => {
    if (!deputyId) return void message.warning('请选择代表');
    try {
      await mutate.mutateAsync({ path: `${VOTES_API}/${round.roundId}/paper-ballots`, body: { deputyId, choices: listed.map((c) => ({ candidateId: c.candidateId, choice: choices[c.candidateId] ?? 'abstain' })) } });
      message.success('纸质选票已录入');
      setDeputyId(undefined);
      setChoices({});
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Card size="small" title="计票人录入纸质选票" role="region" aria-label="录入纸质选票">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          showSearch={{ filterOption: false, onSearch: setQ }}
          value={deputyId}
          onChange={setDeputyId}
          placeholder="选择代表（姓名或拼音）"
          aria-label="选择代表"
          style={{ width: 320 }}
          options={(deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: `${d.name}（${d.regionName}）${d.voted ? (d.channel === 'electronic' ? ' · 已电子投票' : ' · 已录入') : ''}` }))}
        />
        {listed.map((c) => (
          <Space key={c.candidateId} wrap>
            <Typography.Text style={{ display: 'inline-block', width: 320 }}>
              {c.position}. {c.title}
            </Typography.Text>
            <Radio.Group size="small" optionType="button" options={CHOICE_OPTIONS} value={choices[c.candidateId]} onChange={(e) => setChoices((x) => ({ ...x, [c.candidateId]: e.target.value as BallotChoice }))} aria-label={`纸质选票 ${c.title}`} />
          </Space>
        ))}
        <Button type="primary" onClick={submit} loading={mutate.isPending}>
          录入此张选票
        </Button>
        <Space>
          <Typography.Text>清点纸质选票</Typography.Text>
          <InputNumber min={0} precision={0} value={sheets} onChange={setSheets} aria-label="清点张数" />
          <Typography.Text>张</Typography.Text>
          <Button onClick={() => sheets !== null && mutate.mutateAsync({ path: `${VOTES_API}/${round.roundId}/paper-sheets`, body: { sheetsCounted: sheets }, method: 'PUT' }).then(() => message.success('已保存清点张数'), (e: unknown) => message.error(messageOf(e)))}>
            保存
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

/** A vote round: candidates with sub-items and money, ballot status, teller entry, reconciliation, ranked results, tracked projects. */
export default function VoteRoundDetailPage() {
  const { id } = useParams();
  const { message } = App.useApp();
  const q = useRound(id);
  const mutate = useRoundMutation();
  const [adding, setAdding] = useState(false);
  const [opening, setOpening] = useState(false);
  const [closesAt, setClosesAt] = useState<dayjs.Dayjs | null>(null);
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={messageOf(q.error)} />;
  const r = q.data;
  if (!r) return null;

  const act = async (type: RoundActionType, extra: Record<string, unknown> = {}) => {
    try {
      await mutate.mutateAsync({ path: `${VOTES_API}/${r.roundId}/actions`, body: { type, version: r.version, ...extra } });
      message.success(`${ROUND_ACTION_LABELS[type]}：已完成`);
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  const screen = (c: Candidate, decision: 'listed' | 'screened_out') => {
    const go = (reason?: string) =>
      mutate.mutateAsync({ path: `${VOTES_API}/${r.roundId}/candidates/${c.candidateId}/screening`, body: { decision, ...(reason ? { reason } : {}) } }).catch((e: unknown) => message.error(messageOf(e)));
    if (decision === 'listed') return void go();
    let reason = '';
    Modal.confirm({ title: `不列入候选：${c.title}`, content: <Input.TextArea rows={3} placeholder="请说明原因" onChange={(e) => (reason = e.target.value)} />, okText: '不列入', onOk: () => go(reason) });
  };
  const counted = r.status === 'counted';
  const rows = counted ? [...r.candidates].filter((c) => c.result).sort((a, b) => (a.result?.rank ?? 0) - (b.result?.rank ?? 0)) : r.candidates;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {r.title}
          </Typography.Title>
          <Tag color={PHASE_COLORS[r.phase]}>{r.phaseLabel}</Tag>
        </Space>
        <Space wrap>
          {r.actions.includes('add_candidate') && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              征集候选项目
            </Button>
          )}
          {ROUND_ACTIONS.filter((a) => r.actions.includes(a)).map((a) => (
            <Button key={a} type="primary" danger={a === 'close_ballot'} loading={mutate.isPending} onClick={() => (a === 'open_ballot' ? setOpening(true) : a === 'count' || a === 'close_ballot' ? Modal.confirm({ title: `确认${ROUND_ACTION_LABELS[a]}？`, okText: ROUND_ACTION_LABELS[a], onOk: () => act(a) }) : act(a))}>
              {ROUND_ACTION_LABELS[a]}
            </Button>
          ))}
        </Space>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title="票决信息">
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="人民代表大会">{`${r.congress.regionName}第${r.congress.term}届`}</Descriptions.Item>
              <Descriptions.Item label="年度">{r.year}</Descriptions.Item>
              <Descriptions.Item label="应选项目">{r.seats}个</Descriptions.Item>
              <Descriptions.Item label="投票方式">{r.secret ? '无记名投票' : '记名投票'}</Descriptions.Item>
              <Descriptions.Item label="开始投票">{formatDateTime(r.opensAt)}</Descriptions.Item>
              <Descriptions.Item label="投票截止">{formatDateTime(r.closesAt)}</Descriptions.Item>
              <Descriptions.Item label="表决规则" span={2}>{r.ruleText}</Descriptions.Item>
              <Descriptions.Item label="候选名单" span={2}>
                {`${r.candidates.filter((c) => c.screening === 'listed').length}个项目、${r.listedSubItems}个子项，资金合计 ${yuan(r.listedBudgetFen)}`}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="投票情况" role="region" aria-label="投票情况">
            <Space size="large" wrap>
              <Statistic title="应到代表" value={r.totalDeputies} />
              <Statistic title="已投票" value={r.ballots.cast} />
              <Statistic title="电子" value={r.ballots.electronic} />
              <Statistic title="纸质" value={r.ballots.paper} />
            </Space>
            {r.result && (
              <Alert style={{ marginTop: 8 }} type={r.result.quorumMet ? 'success' : 'error'} showIcon message={r.result.quorumMet ? `已计票：投票${r.result.ballotsCast}人，达到法定人数` : `投票${r.result.ballotsCast}人，未达法定人数，无项目通过`} />
            )}
          </Card>
        </Col>
      </Row>

      {r.reconciliation && (r.ballots.paper > 0 || r.reconciliation.discrepancies.length > 0 || r.reconciliation.paperSheetsCounted !== null) && (
        <Card size="small" title="电子票与纸质票核对" role="region" aria-label="核对">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {`电子投票 ${r.reconciliation.electronic} 张，纸质选票录入 ${r.reconciliation.paper} 张${r.reconciliation.paperSheetsCounted !== null ? `（清点 ${r.reconciliation.paperSheetsCounted} 张）` : ''}，合计 ${r.reconciliation.ballotsCast} 张；未投票 ${r.reconciliation.notVoted} 人`}
            </Typography.Text>
            {r.reconciliation.balanced ? <Alert type="success" showIcon message="核对一致：每位代表只有一张选票，纸质选票张数相符" /> : r.reconciliation.discrepancies.map((d, i) => <Alert key={i} type="warning" showIcon message={d.message} />)}
          </Space>
        </Card>
      )}

      {r.actions.includes('enter_paper') && <TellerEntry round={r} />}

      <Card size="small" title={counted ? '票决结果（按赞成票排名）' : '候选项目'}>
        <Table<Candidate>
          rowKey="candidateId"
          dataSource={rows}
          pagination={false}
          expandable={{
            expandedRowRender: (c) => (
              <List size="small" dataSource={c.subItems} renderItem={(s) => <List.Item>{`${c.position}.${s.position} ${s.title}`}<span>{yuan(s.budgetFen)}</span></List.Item>} />
            ),
          }}
          columns={[
            ...(counted ? [{ title: '排名', width: 70, render: (_: unknown, c: Candidate) => c.result?.rank }] : [{ title: '序号', dataIndex: 'position', width: 70 }]),
            { title: '项目', dataIndex: 'title', render: (v: string, c: Candidate) => (c.projectId ? <Link to={`/projects/${c.projectId}`}>{v}</Link> : v) },
            { title: '来源', dataIndex: 'sourceLabel', width: 100 },
            { title: '牵头单位', dataIndex: 'unitName', width: 140 },
            { title: '子项', width: 60, render: (_: unknown, c: Candidate) => c.subItems.length },
            { title: '资金', dataIndex: 'budgetFen', width: 160, align: 'right' as const, render: (v: number) => yuan(v) },
            ...(counted
              ? [
                  { title: '赞成', width: 70, render: (_: unknown, c: Candidate) => c.result?.yes },
                  { title: '不赞成', width: 80, render: (_: unknown, c: Candidate) => c.result?.no },
                  { title: '弃权', width: 70, render: (_: unknown, c: Candidate) => c.result?.abstain },
                  { title: '结果', width: 90, render: (_: unknown, c: Candidate) => (c.result?.chosen ? <Tag color="green">票决通过</Tag> : <Tag>未通过</Tag>) },
                ]
              : [
                  {
                    title: '审查',
                    width: 220,
                    render: (_: unknown, c: Candidate) => (
                      <Space wrap>
                        <Tag color={c.screening === 'listed' ? 'blue' : c.screening === 'screened_out' ? 'red' : 'default'}>{c.screening === 'listed' ? '列入候选' : c.screening === 'screened_out' ? `未列入：${c.screeningReason ?? ''}` : '待审查'}</Tag>
                        {r.actions.includes('screen_candidate') && (
                          <>
                            <Button size="small" onClick={() => screen(c, 'listed')}>列入</Button>
                            <Button size="small" danger onClick={() => screen(c, 'screened_out')}>不列入</Button>
                          </>
                        )}
                      </Space>
                    ),
                  },
                ]),
          ]}
        />
      </Card>

      {r.projects.length > 0 && (
        <Card size="small" title="票决项目跟踪" role="region" aria-label="票决项目跟踪">
          <Table
            rowKey="projectId"
            size="small"
            pagination={false}
            dataSource={r.projects}
            columns={[
              { title: '项目', dataIndex: 'title', render: (v: string, p: RoundDetail['projects'][number]) => <Link to={`/projects/${p.projectId}`}>{v}</Link> },
              { title: '状态', dataIndex: 'statusLabel', width: 90 },
              { title: '资金', dataIndex: 'budgetFen', width: 160, align: 'right', render: (v: number) => yuan(v) },
              { title: '进度（报告 / 核实）', width: 240, render: (_: unknown, p: RoundDetail['projects'][number]) => <ProgressPair progress={p.progress} compact /> },
              { title: '代表评价', width: 180, render: (_: unknown, p: RoundDetail['projects'][number]) => (p.ratings.total ? `满意率 ${((p.ratings.satisfactionPermille ?? 0) / 10).toFixed(1)}%（${p.ratings.total}人）` : '—') },
            ]}
          />
        </Card>
      )}

      <CandidateDialog round={r} open={adding} onClose={() => setAdding(false)} />
      <Modal title="开始投票" open={opening} okText="开始投票" onCancel={() => setOpening(false)} onOk={async () => {
        if (!closesAt) return void message.warning('请选择投票截止时间');
        await act('open_ballot', { closesAt: closesAt.toISOString() });
        setOpening(false);
      }}>
        <Space direction="vertical">
          <Typography.Text>投票即时开始，以服务器时间为准，截止后不能再投票。</Typography.Text>
          <DatePicker showTime aria-label="投票截止时间" value={closesAt} onChange={setClosesAt} disabledDate={(d) => d.isBefore(dayjs().tz(TIME_ZONE), 'day')} />
        </Space>
      </Modal>
    </Space>
  );
}
