import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import {
  ACTION_LABELS,
  CHANNEL_LABELS,
  COLLECTOR_KIND_LABELS,
  LEVEL_LABELS,
  RATING_LABELS,
  TIER_LABELS,
  UNIT_ASSIGNMENT_STATUS_LABELS,
  UNIT_ROLE_LABELS,
  type ConcernActionType,
  type ConcernChannel,
  type TConcernDetail,
} from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { useConcern, useReveal } from './concerns.api';
import { ActionDialog } from './ActionDialog';
import { CATEGORY_LABELS, StatusTag, TrafficLight, useUnitNames } from './shared';

interface UnitRow {
  unitId: string;
  role: keyof typeof UNIT_ROLE_LABELS;
  round: number;
  status: keyof typeof UNIT_ASSIGNMENT_STATUS_LABELS;
  dueOn: string;
  returnReason: string | null;
  opinion: { content: string } | null;
}

const DATA_LABELS: Record<string, string> = {
  reason: '理由',
  note: '说明',
  content: '内容',
  result: '情况',
  opinion: '意见',
  comment: '评价意见',
  workingDays: '工作日',
};

function eventDetails(data: Record<string, unknown>, unitNames: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (k === 'rating' && typeof v === 'string') out.push(`评价：${RATING_LABELS[v as keyof typeof RATING_LABELS] ?? v}`);
    else if (k === 'units' && Array.isArray(v)) {
      out.push(
        `承办：${v
          .map((u: { unitId?: string; role?: string }) => `${unitNames.get(u.unitId ?? '') ?? '单位'}（${UNIT_ROLE_LABELS[u.role as keyof typeof UNIT_ROLE_LABELS] ?? u.role}）`)
          .join('、')}`,
      );
    } else if (DATA_LABELS[k] && (typeof v === 'string' || typeof v === 'number')) out.push(`${DATA_LABELS[k]}：${v}`);
  }
  return out;
}

function Constituent({ concern }: { concern: TConcernDetail }) {
  const reveal = useReveal(concern.concernId);
  const { message } = App.useApp();
  const c = reveal.data ?? concern.constituent;
  if (concern.constituent.anonymous && !reveal.data) return <Tag>匿名</Tag>;
  return (
    <Space wrap>
      <span>{c.name ?? '—'}</span>
      <span>{c.phone ?? ''}</span>
      {concern.canReveal && !reveal.data && (
        <Button
          size="small"
          type="link"
          loading={reveal.isPending}
          onClick={() => reveal.mutate(undefined, { onError: (e) => void message.error(messageOf(e)) })}
        >
          查看
        </Button>
      )}
      {reveal.data && <Typography.Text type="secondary">（查看已留痕）</Typography.Text>}
    </Space>
  );
}

/** The concern: record, units, timeline, and only the actions this user may take now. */
export default function ConcernDetailPage() {
  const { id = '' } = useParams();
  const concern = useConcern(id);
  const navigate = useNavigate();
  const unitNames = useUnitNames();
  const [action, setAction] = useState<ConcernActionType | null>(null);

  if (concern.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (concern.isError) return <Alert type="error" showIcon title={messageOf(concern.error)} />;
  const c = concern.data;
  const units = ((c.state.units as UnitRow[] | undefined) ?? []).filter((u) => u.round === (c.state.dispatchRound as number));
  const reply = c.state.reply as { content: string; at: string } | null;
  const resolution = c.state.resolution as { content: string } | null;
  const actions = c.actions.filter((a) => a !== 'relay_master_reply');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <StatusTag item={c} />
        <TrafficLight light={c.trafficLight} />
        {c.keySupervision && <Tag color="volcano">重点督办</Tag>}
        {c.reopenCount > 0 && <Tag color="purple">重新办理 {c.reopenCount} 次</Tag>}
      </Space>
      <Card size="small" title="可执行操作">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">当前没有您可执行的操作</Typography.Text>
        ) : (
          <Space wrap>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === actions[0] ? 'primary' : 'default'}
                // 转为代表建议 (R-LOOP-8): the suggestion's draft form, with this concern linked
                onClick={() => (a === 'link_suggestion' ? void navigate(`/suggestions/new?concern=${encodeURIComponent(c.concernId)}`) : setAction(a))}
              >
                {a === 'set_key_supervision' && c.keySupervision ? '取消重点督办' : ACTION_LABELS[a]}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title="群众意见">
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label="编号">{c.caseNumber}</Descriptions.Item>
                <Descriptions.Item label="状态">{c.statusLabel}</Descriptions.Item>
                <Descriptions.Item label="村（社区）">{c.regionName ?? c.regionCode}</Descriptions.Item>
                <Descriptions.Item label="分类">{CATEGORY_LABELS.get(c.categoryCode) ?? c.categoryCode}</Descriptions.Item>
                <Descriptions.Item label="渠道">{CHANNEL_LABELS[c.channel as ConcernChannel] ?? c.channel}</Descriptions.Item>
                <Descriptions.Item label="层级">{TIER_LABELS[c.tier]}</Descriptions.Item>
                <Descriptions.Item label="办理级别">{LEVEL_LABELS[c.level]}</Descriptions.Item>
                <Descriptions.Item label="截止时间">{formatDateTime(c.dueAt)}</Descriptions.Item>
                <Descriptions.Item label="收集人">
                  {COLLECTOR_KIND_LABELS[c.collector.kind as keyof typeof COLLECTOR_KIND_LABELS] ?? c.collector.kind}
                </Descriptions.Item>
                <Descriptions.Item label="登记时间">{formatDateTime(c.createdAt)}</Descriptions.Item>
                <Descriptions.Item label="群众">
                  <Constituent concern={c} />
                </Descriptions.Item>
                {c.rating && (
                  <Descriptions.Item label="评价">{RATING_LABELS[c.rating as keyof typeof RATING_LABELS] ?? c.rating}</Descriptions.Item>
                )}
              </Descriptions>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>{c.content}</Typography.Paragraph>
            </Card>
            {units.length > 0 && (
              <Card size="small" title="承办单位">
                {units.map((u) => (
                  <div key={u.unitId} style={{ marginBottom: 8 }}>
                    <Space wrap>
                      <strong>{unitNames.get(u.unitId) ?? '承办单位'}</strong>
                      <Tag>{UNIT_ROLE_LABELS[u.role]}</Tag>
                      <Tag color="blue">{UNIT_ASSIGNMENT_STATUS_LABELS[u.status]}</Tag>
                      <Typography.Text type="secondary">限 {u.dueOn} 前办结</Typography.Text>
                    </Space>
                    {u.returnReason && <div>退回理由：{u.returnReason}</div>}
                    {u.opinion && <div>协办意见：{u.opinion.content}</div>}
                  </div>
                ))}
              </Card>
            )}
            {(reply || resolution) && (
              <Card size="small" title={reply ? '答复' : '就地解决情况'}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{reply?.content ?? resolution?.content}</Typography.Paragraph>
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="办理记录" role="region" aria-label="办理记录">
            {c.timeline.length === 0 ? (
              <Empty />
            ) : (
              <Timeline
                items={c.timeline.map((e) => ({
                  key: e.eventId,
                  content: (
                    <div>
                      <strong>{e.label}</strong>
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                        {formatDateTime(e.at)} {e.actorName ?? ''}
                      </Typography.Text>
                      {eventDetails(e.data, unitNames).map((line) => (
                        <div key={line} style={{ whiteSpace: 'pre-wrap' }}>
                          {line}
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {action && (
        <ActionDialog
          type={action}
          concern={c}
          unitNames={unitNames}
          onClose={() => setAction(null)}
          onStale={() => void concern.refetch()}
        />
      )}
    </Space>
  );
}
