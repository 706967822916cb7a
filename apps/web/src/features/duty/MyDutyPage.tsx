import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, List, Modal, Select, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { CheckCircleOutlined, EnvironmentOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { DEPUTY_LEVEL_LABELS, PERIOD_TYPE_LABELS, RECEPTION_ROUTE_LABELS, RECEPTION_ROUTES } from '@gridvoice/core';
import { isApiError } from '../../app/api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { dayjs, TIME_ZONE } from '../../app/time';
import {
  useCheckIn,
  useCreateEntry,
  useDeputyCompliance,
  useMyDuty,
  type Activity,
  type ReceptionEntry,
} from './duty.api';
import { EntryConcernDialog } from './EntryConcernDialog';

const ROUTE_OPTIONS = RECEPTION_ROUTES.map((r) => ({ value: r, label: RECEPTION_ROUTE_LABELS[r] }));

/** The browser's position, if the deputy allows it within a few seconds; otherwise none. */
function currentLocation(): Promise<{ latitude: number; longitude: number } | undefined> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
      () => resolve(undefined),
      { timeout: 5000, maximumAge: 60_000 },
    );
  });
}

const timeOf = (iso: string) => dayjs(iso).tz(TIME_ZONE).format('HH:mm');

interface ReceptionForm {
  visitorName?: string;
  visitorPhone?: string;
  visitorCount: number;
  requests: { content: string }[];
  route: (typeof RECEPTION_ROUTES)[number];
  proposedHandling?: string;
}

/** 我的履职: the deputy's phone view — next duty, this period's compliance, check in, register a reception. */
export default function MyDutyPage() {
  const { message } = App.useApp();
  const me = useMyDuty();
  const detail = useDeputyCompliance(me.data?.deputyId);
  const checkIn = useCheckIn();
  const createEntry = useCreateEntry();
  const [checkedIn, setCheckedIn] = useState<Activity | null>(null);
  const [registering, setRegistering] = useState(false);
  const [entry, setEntry] = useState<ReceptionEntry | null>(null);
  const [converting, setConverting] = useState<{ index: number; content: string } | null>(null);
  const [form] = Form.useForm<ReceptionForm>();

  if (me.isLoading) return <Spin />;
  if (me.error) {
    // staff accounts hold the permission too, but only a deputy's account has a duty of its own
    return <Alert type={isApiError(me.error) && me.error.status === 404 ? 'info' : 'error'} showIcon message={messageOf(me.error)} />;
  }
  const data = me.data;
  if (!data) return null;
  const next = data.nextDuty;
  const c = data.compliance;
  const stationId =
    (next?.place.kind === 'station' ? next.place.id : undefined) ??
    detail.data?.assignments.find((a) => a.stationId)?.stationId ??
    undefined;

  const doCheckIn = async () => {
    if (!next) return;
    try {
      const location = await currentLocation();
      const activity = await checkIn.mutateAsync({ rotaSlotId: next.slotId, ...(location ? { location } : {}) });
      setCheckedIn(activity);
      message.success(location ? '签到成功（已记录位置）' : '签到成功');
    } catch (err) {
      message.error(messageOf(err));
    }
  };

  const submitReception = async () => {
    const v = await form.validateFields();
    if (!stationId) return;
    try {
      const created = await createEntry.mutateAsync({
        stationId,
        // received during the duty checked in to (the server's day), else now
        receivedAt: checkedIn ? checkedIn.startedAt : new Date().toISOString(),
        dutyDeputyIds: [data.deputyId],
        visitor: {
          ...(v.visitorName ? { name: v.visitorName } : {}),
          ...(v.visitorPhone ? { phone: v.visitorPhone } : {}),
        },
        visitorCount: v.visitorCount,
        requests: v.requests.map((r) => ({ content: r.content })),
        route: v.route,
        ...(v.proposedHandling ? { proposedHandling: v.proposedHandling } : {}),
        ...(checkedIn && checkedIn.stationId === stationId ? { activityId: checkedIn.activityId } : {}),
      });
      setEntry(created);
      setRegistering(false);
      form.resetFields();
      message.success(`已登记，编号 ${created.registerNumber}`);
    } catch (err) {
      const general = applyServerErrors(form, err, ['visitorPhone', 'visitorCount', 'requests', 'route', 'proposedHandling']);
      if (general) message.error(general);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的履职
      </Typography.Title>

      <Card title="下次值班" size="small">
        {next ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {next.date} {timeOf(next.start)}–{timeOf(next.end)}
            </Typography.Text>
            <Typography.Text>
              <EnvironmentOutlined /> {next.place.name ?? (next.place.kind === 'station' ? '联络站' : '网格')}
            </Typography.Text>
            <Typography.Text type="secondary">
              同班代表：{next.deputies.map((d) => d.name ?? '—').join('、')}
            </Typography.Text>
            {checkedIn ? (
              <Alert type="success" showIcon icon={<CheckCircleOutlined />} message={`已签到：${next.place.name ?? ''}`} />
            ) : (
              <Button
                type="primary"
                size="large"
                block
                style={{ height: 64, fontSize: 22 }}
                loading={checkIn.isPending}
                onClick={doCheckIn}
              >
                签到
              </Button>
            )}
            {!checkedIn && <Typography.Text type="secondary">排班当天到岗后签到，可记录位置</Typography.Text>}
          </Space>
        ) : (
          <Empty description="近期没有排班" />
        )}
      </Card>

      <Card title="本期履职" size="small">
        {c ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title="本期已履职（次）" value={c.done} suffix={`/ ${c.required}`} />
              <Statistic title="距本期结束（天）" value={c.daysLeft} />
            </Space>
            <Typography.Text type="secondary">
              {`按${DEPUTY_LEVEL_LABELS[c.level as keyof typeof DEPUTY_LEVEL_LABELS] ?? c.level}的要求，${PERIOD_TYPE_LABELS[c.periodType as keyof typeof PERIOD_TYPE_LABELS] ?? c.periodType}至少 ${c.required} 次（${c.periodKey}）`}
            </Typography.Text>
            {c.compliant ? <Tag color="green">本期已达标</Tag> : <Tag color={c.reminderDue ? 'red' : 'orange'}>本期未达标</Tag>}
          </Space>
        ) : (
          <Empty description="暂无履职频次要求" />
        )}
      </Card>

      <Card title="接待群众" size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button size="large" block icon={<PlusOutlined />} disabled={!stationId} onClick={() => setRegistering(true)}>
            登记接待
          </Button>
          {entry && (
            <Card size="small" type="inner" title={`登记编号 ${entry.registerNumber}`}>
              <List
                size="small"
                dataSource={entry.requests}
                renderItem={(r) => (
                  <List.Item style={{ display: 'block' }}>
                    <Typography.Paragraph style={{ marginBottom: 8 }}>
                      {r.index + 1}. {r.content}
                    </Typography.Paragraph>
                    {r.concern ? (
                      <Tag color="blue">群众意见 {r.concern.caseNumber}</Tag>
                    ) : (
                      <Button
                        size="small"
                        onClick={() => setConverting({ index: r.index, content: r.content })}
                      >
                        转为群众意见
                      </Button>
                    )}
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Space>
      </Card>

      <Modal
        title="登记接待"
        open={registering}
        okText="提交登记"
        cancelText="取消"
        confirmLoading={createEntry.isPending}
        onOk={submitReception}
        onCancel={() => setRegistering(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ visitorCount: 1, requests: [{ content: '' }], route: 'concern' }}>
          <Form.Item name="visitorName" label="来访人姓名">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="visitorPhone" label="联系电话">
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="visitorCount" label="来访人数" rules={[{ required: true, message: '请填写来访人数' }]}>
            <InputNumber min={1} max={1000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.List name="requests">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item
                      name={[f.name, 'content']}
                      label={`反映事项 ${i + 1}`}
                      rules={[{ required: true, whitespace: true, message: '请填写反映事项' }]}
                      style={{ flex: 1, width: 280 }}
                    >
                      <Input.TextArea rows={2} maxLength={2000} placeholder="按群众原话记录" />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="text" aria-label={`删除反映事项 ${i + 1}`} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
                    )}
                  </Space>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ content: '' })} style={{ marginBottom: 16 }}>
                  添加反映事项
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="route" label="办理方式" rules={[{ required: true, message: '请选择办理方式' }]}>
            <Select options={ROUTE_OPTIONS} aria-label="办理方式" />
          </Form.Item>
          <Form.Item name="proposedHandling" label="拟办意见">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      {entry && converting && (
        <EntryConcernDialog entry={entry} request={converting} onClose={() => setConverting(null)} onDone={setEntry} />
      )}
    </Space>
  );
}
