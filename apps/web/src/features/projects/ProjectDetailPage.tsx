import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Image, Input, InputNumber, List, Modal, Row, Select, Space, Spin, Steps, Table, Tabs, Typography } from 'antd';
import { parseYuanToFen, SUPERVISION_KIND_LABELS, type ProjectActionType } from '@gridvoice/core';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs, TIME_ZONE } from '../../app/time';
import { UnitPicker } from '../organisation/pickers';
import { ACTION_BUTTONS, PROJECTS_API, useProject, useProjectMutation, yuan, type ProjectDetail, type ProjectRecord } from './projects.api';
import { currentLocation, PhotoUpload, ProgressPair, ProjectStatusTag } from './shared';

type Dialog = ProjectActionType | 'report_progress' | 'inspect' | 'supervise';
const DIALOG_TITLES: Record<Dialog, string> = {
  approve: '立项',
  reject: '不予立项',
  start: '开工',
  finish: '完工',
  accept: '验收',
  cancel: '撤销项目',
  report_progress: '报告进度',
  inspect: '视察记录',
  supervise: '督办记录',
};

interface DialogForm {
  on: dayjs.Dayjs;
  budget?: string;
  unitId?: string;
  reason?: string;
  note?: string;
  percent?: number;
  findings?: string;
  place?: string;
  kind?: string;
  content?: string;
}

/** One dialog for every step and record: the fields the server needs for it, errors on their fields. */
export function ProjectActionDialog({ project, dialog, onClose }: { project: ProjectDetail; dialog: Dialog | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DialogForm>();
  const [photos, setPhotos] = useState<string[]>([]);
  const mutate = useProjectMutation(project.projectId);
  if (!dialog) return null;
  // the server's day, not the browser's: a step may not be dated after it
  const today = () => dayjs.tz(project.serverToday, TIME_ZONE);
  const id = project.projectId;

  const submit = async () => {
    const v = await form.validateFields();
    const on = v.on.format('YYYY-MM-DD');
    let path = `${PROJECTS_API}/${id}/actions`;
    let body: Record<string, unknown>;
    switch (dialog) {
      case 'approve': {
        const fen = parseYuanToFen(v.budget ?? '');
        if (fen === null || fen <= 0) {
          form.setFields([{ name: 'budget', errors: ['请填写立项资金（元，最多两位小数）'] }]);
          return;
        }
        body = { type: 'approve', version: project.version, budgetFen: fen, unitId: v.unitId, on };
        break;
      }
      case 'reject':
      case 'cancel':
        body = { type: dialog, version: project.version, reason: v.reason, on };
        break;
      case 'start':
      case 'finish':
        body = { type: dialog, version: project.version, on };
        break;
      case 'accept':
        body = { type: 'accept', version: project.version, on, photoIds: photos, ...(v.note ? { note: v.note } : {}) };
        break;
      case 'report_progress':
        path = `${PROJECTS_API}/${id}/progress`;
        body = { percent: v.percent, note: v.note, on, photoIds: photos };
        break;
      case 'inspect':
        path = `${PROJECTS_API}/${id}/inspections`;
        body = { verifiedPercent: v.percent, findings: v.findings, on, photoIds: photos, location: await currentLocation(), ...(v.place ? { place: v.place } : {}) };
        break;
      case 'supervise':
        path = `${PROJECTS_API}/${id}/supervisions`;
        body = { kind: v.kind, content: v.content, on };
        break;
    }
    try {
      await mutate.mutateAsync({ path, body });
      message.success(`${DIALOG_TITLES[dialog]}已保存`);
      setPhotos([]);
      form.resetFields();
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['on', 'budget', 'unitId', 'reason', 'note', 'percent', 'findings', 'place', 'kind', 'content']);
      if (general) message.error(general);
    }
  };

  const needsPhotos = dialog === 'accept' || dialog === 'inspect' || dialog === 'report_progress';
  return (
    <Modal title={`${DIALOG_TITLES[dialog]}：${project.title}`} open onOk={submit} onCancel={onClose} okText="保存" cancelText="取消" confirmLoading={mutate.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ on: today(), percent: dialog === 'inspect' ? project.progress.verified ?? 0 : project.progress.reported ?? 0 }}>
        <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today(), 'day')} />
        </Form.Item>
        {dialog === 'approve' && (
          <>
            <Form.Item name="budget" label="立项资金（元）" rules={[{ required: true, message: '请填写立项资金' }]} initialValue={project.estimatedBudgetFen ? String(project.estimatedBudgetFen / 100) : undefined}>
              <Input inputMode="decimal" placeholder="例如 180000" />
            </Form.Item>
            <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
              <UnitPicker aria-label="承办单位" />
            </Form.Item>
          </>
        )}
        {(dialog === 'reject' || dialog === 'cancel') && (
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {(dialog === 'report_progress' || dialog === 'inspect') && (
          <Form.Item name="percent" label={dialog === 'inspect' ? '核实进度（%）' : '完成进度（%）'} rules={[{ required: true, message: '请填写进度' }]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {(dialog === 'report_progress' || dialog === 'accept') && (
          <Form.Item name="note" label={dialog === 'accept' ? '验收意见' : '进展情况'} rules={dialog === 'report_progress' ? [{ required: true, message: '请填写进展情况' }] : []}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {dialog === 'inspect' && (
          <>
            <Form.Item name="findings" label="察看情况" rules={[{ required: true, message: '请填写察看情况' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="place" label="视察地点（可选）">
              <Input />
            </Form.Item>
          </>
        )}
        {dialog === 'supervise' && (
          <>
            <Form.Item name="kind" label="督办方式" rules={[{ required: true, message: '请选择督办方式' }]}>
              <Select options={Object.entries(SUPERVISION_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="content" label="督办内容" rules={[{ required: true, message: '请填写督办内容' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
        {needsPhotos && (
          <Form.Item label={dialog === 'report_progress' ? '现场照片（可选）' : '现场照片（至少一张）'}>
            <PhotoUpload onChange={setPhotos} />
          </Form.Item>
        )}
        {dialog === 'inspect' && <Typography.Text type="secondary">保存时如浏览器允许，将记录视察位置。</Typography.Text>}
      </Form>
    </Modal>
  );
}

function Photos({ photos }: { photos: ProjectRecord['photos'] }) {
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {photos.map((p) => (
          <Image key={p.attachmentId} src={p.url} alt={p.name} width={72} height={72} style={{ objectFit: 'cover' }} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

function Records({ rows, kind }: { rows: ProjectRecord[]; kind: 'progress' | 'inspection' | 'supervision' }) {
  if (!rows.length) return <Empty description={kind === 'progress' ? '承办单位尚未报告进度' : kind === 'inspection' ? '尚无代表视察记录' : '尚无督办记录'} />;
  return (
    <List
      dataSource={[...rows].reverse()}
      renderItem={(r) => (
        <List.Item>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{r.on}</Typography.Text>
              {r.percent !== null && <Typography.Text>{kind === 'inspection' ? '核实进度' : '报告进度'} {r.percent}%</Typography.Text>}
              {r.actionLabel && <Typography.Text>{r.actionLabel}</Typography.Text>}
              <Typography.Text type="secondary">{r.deputyName ?? r.unitName ?? r.actorName}</Typography.Text>
              {r.place && <Typography.Text type="secondary">{r.place}</Typography.Text>}
              {r.location && <Typography.Text type="secondary">定位 {r.location.lat.toFixed(5)}, {r.location.lng.toFixed(5)}</Typography.Text>}
            </Space>
            {r.note && <Typography.Paragraph style={{ margin: 0 }}>{r.note}</Typography.Paragraph>}
            <Photos photos={r.photos} />
          </Space>
        </List.Item>
      )}
    />
  );
}

const STEPS = ['proposed', 'approved', 'started', 'finished', 'accepted'] as const;
const STEP_LABELS = ['提出', '立项', '开工', '完工', '验收'];

/** A project: milestones, both progress figures side by side, sub-items, inspections and supervision. */
export default function ProjectDetailPage() {
  const { id } = useParams();
  const q = useProject(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={messageOf(q.error)} />;
  const p = q.data;
  if (!p) return null;
  const dates = [p.proposedOn, p.approvedOn, p.startedOn, p.finishedOn, p.acceptedOn];
  const closed = p.status === 'rejected' || p.status === 'cancelled';
  const current = closed ? dates.filter(Boolean).length - 1 : STEPS.indexOf(p.status as (typeof STEPS)[number]);
  const buttons = p.actions.filter((a): a is Dialog => a in DIALOG_TITLES);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.title}
          </Typography.Title>
          <ProjectStatusTag status={p.status} label={p.statusLabel} />
        </Space>
        <Space wrap>
          {buttons.map((a) => (
            <Button key={a} type={a === 'approve' || a === 'accept' || a === 'inspect' ? 'primary' : 'default'} danger={a in ACTION_BUTTONS && !!ACTION_BUTTONS[a as ProjectActionType].danger} onClick={() => setDialog(a)}>
              {DIALOG_TITLES[a]}
            </Button>
          ))}
        </Space>
      </Space>
      {closed && <Alert type="warning" showIcon message={`${p.statusLabel}：${p.closedReason ?? ''}`} />}
      <Card size="small">
        <Steps
          current={current}
          status={closed ? 'error' : p.status === 'accepted' ? 'finish' : 'process'}
          items={STEP_LABELS.map((title, i) => ({ title, description: dates[i] ?? '' }))}
          responsive
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title="项目信息">
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="类型">{p.kindLabel}</Descriptions.Item>
              <Descriptions.Item label="区域">{p.regionName}</Descriptions.Item>
              <Descriptions.Item label="立项资金">{yuan(p.budgetFen)}</Descriptions.Item>
              <Descriptions.Item label="估算资金">{yuan(p.estimatedBudgetFen)}</Descriptions.Item>
              <Descriptions.Item label="承办单位">{p.unitName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="提出代表">{p.proposerName ?? '—'}</Descriptions.Item>
              {p.roundTitle && <Descriptions.Item label="票决">{p.roundId ? <Link to={`/votes/${p.roundId}`}>{p.roundTitle}</Link> : p.roundTitle}</Descriptions.Item>}
              {p.sourceSuggestionId && (
                <Descriptions.Item label="来源代表建议">
                  <Link to={`/suggestions/${p.sourceSuggestionId}`}>
                    {[p.sourceSuggestionNumber, p.sourceSuggestionTitle].filter(Boolean).join(' ') || '查看代表建议'}
                  </Link>
                </Descriptions.Item>
              )}
              <Descriptions.Item label="公开页">
                <a href={`/p/${p.publicId}`} target="_blank" rel="noreferrer">/p/{p.publicId}</a>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ marginTop: 8 }}>{p.description}</Typography.Paragraph>
            {p.acceptanceNote && <Alert type="success" showIcon message={`验收意见：${p.acceptanceNote}`} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="进度对照" role="region" aria-label="进度对照">
            <ProgressPair progress={p.progress} />
          </Card>
          {p.sourceConcerns.length > 0 && (
            <Card size="small" title="来源群众意见" style={{ marginTop: 16 }}>
              <List size="small" dataSource={p.sourceConcerns} renderItem={(c) => <List.Item><Link to={`/concerns/${c.concernId}`}>{c.caseNumber}</Link> {c.title}</List.Item>} />
            </Card>
          )}
          {p.kind === 'livelihood' && p.ratings.total > 0 && (
            <Card size="small" title="代表年终评价" style={{ marginTop: 16 }}>
              满意 {p.ratings.satisfied}，基本满意 {p.ratings.basically_satisfied}，不满意 {p.ratings.dissatisfied}；满意率 {((p.ratings.satisfactionPermille ?? 0) / 10).toFixed(1)}%
            </Card>
          )}
        </Col>
      </Row>
      {p.items.length > 0 && (
        <Card size="small" title={`子项（${p.items.length}项，合计 ${yuan(p.itemsTotalFen)}）`}>
          <Table size="small" rowKey="position" pagination={false} dataSource={p.items} columns={[{ title: '序号', dataIndex: 'position', width: 70 }, { title: '子项', dataIndex: 'title' }, { title: '资金', dataIndex: 'budgetFen', align: 'right', render: (v: number) => yuan(v) }]} />
        </Card>
      )}
      <Card size="small">
        <Tabs
          items={[
            { key: 'inspection', label: `代表视察（${p.inspections.length}）`, children: <Records rows={p.inspections} kind="inspection" /> },
            { key: 'progress', label: `承办单位进度（${p.progressReports.length}）`, children: <Records rows={p.progressReports} kind="progress" /> },
            { key: 'supervision', label: `督办记录（${p.supervisions.length}）`, children: <Records rows={p.supervisions} kind="supervision" /> },
            {
              key: 'milestones',
              label: '节点记录',
              children: (
                <List
                  size="small"
                  dataSource={p.milestones}
                  renderItem={(m) => (
                    <List.Item>
                      <Space direction="vertical">
                        <Space><Typography.Text strong>{m.on}</Typography.Text><Typography.Text>{m.actionLabel}</Typography.Text><Typography.Text type="secondary">{m.actorName}</Typography.Text></Space>
                        {m.note && <Typography.Text>{m.note}</Typography.Text>}
                        <Photos photos={m.photos} />
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      </Card>
      <ProjectActionDialog project={p} dialog={dialog} onClose={() => setDialog(null)} />
    </Space>
  );
}
