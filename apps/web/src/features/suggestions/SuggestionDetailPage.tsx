import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import {
  COMMUNICATION_FORM_LABELS,
  CONSULTATION_FORM_LABELS,
  REPLY_CATEGORY_LABELS,
  SUGGESTION_ACTION_LABELS,
  SUGGESTION_PERIOD_LABELS,
  SUGGESTION_RATING_LABELS,
  chineseNumeral,
  type SuggestionActionType,
  type SuggestionState,
} from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { useSuggestion } from './suggestions.api';
import { SuggestionActionDialog } from './SuggestionActionDialog';
import { DueTag, SuggestionStatusTag } from './shared';

const DATA_LABELS: Record<string, string> = {
  reason: '理由',
  note: '说明',
  caseNumber: '案号',
  dueOn: '期限',
  opinionDueOn: '协办意见期限',
  documentNumber: '文号',
  leader: '督办领导',
  withWhom: '沟通对象',
  on: '日期',
};

function eventLines(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (k === 'category' && typeof v === 'string') out.push(REPLY_CATEGORY_LABELS[v as keyof typeof REPLY_CATEGORY_LABELS] ?? v);
    else if ((k === 'handling' || k === 'result') && typeof v === 'string') {
      out.push(`${k === 'handling' ? '办理工作' : '办理结果'}：${SUGGESTION_RATING_LABELS[v as keyof typeof SUGGESTION_RATING_LABELS] ?? v}`);
    } else if (k === 'people' && Array.isArray(v)) out.push(`参加人员：${v.join('、')}`);
    else if (k === 'onTime' && typeof v === 'boolean') out.push(v ? '按时答复' : '逾期答复');
    else if (DATA_LABELS[k] && typeof v === 'string' && v) out.push(`${DATA_LABELS[k]}：${v}`);
  }
  return out;
}

/** The suggestion: record, deputies, units, consultations, replies, ratings, timeline, and only the allowed actions. */
export default function SuggestionDetailPage() {
  const { id = '' } = useParams();
  const q = useSuggestion(id);
  const [action, setAction] = useState<SuggestionActionType | null>(null);
  if (q.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (q.isError) return <Alert type="error" showIcon title={messageOf(q.error)} />;
  const s = q.data;
  const st = s.state as unknown as SuggestionState;
  const unitName = new Map(s.units.map((u) => [u.unitId, u.name]));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {s.title}
        </Typography.Title>
        <SuggestionStatusTag item={s} />
        {s.keySupervision && <Tag color="volcano">重点督办</Tag>}
        {st.round === 2 && <Tag color="purple">重新办理</Tag>}
        <DueTag item={s} />
      </Space>
      <Card size="small" title="可执行操作">
        {s.actions.length === 0 ? (
          <Typography.Text type="secondary">当前没有您可执行的操作</Typography.Text>
        ) : (
          <Space wrap>
            {s.actions.map((a, i) => (
              <Button key={a} type={i === 0 ? 'primary' : 'default'} onClick={() => setAction(a)}>
                {a === 'set_key_supervision' && s.keySupervision ? '取消重点督办' : SUGGESTION_ACTION_LABELS[a]}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title="建议">
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label="案号">{s.caseNumber ?? '（提交后编号）'}</Descriptions.Item>
                <Descriptions.Item label="状态">{s.statusLabel}</Descriptions.Item>
                <Descriptions.Item label="类别">{s.categoryLabel}</Descriptions.Item>
                <Descriptions.Item label="提出时间">
                  {`${chineseNumeral(s.term)}届${chineseNumeral(s.session)}次会议${s.period === 'between_sessions' ? '后' : ''}${SUGGESTION_PERIOD_LABELS[s.period]}`}
                </Descriptions.Item>
                <Descriptions.Item label="是否公开">{s.isPublic ? '公开' : '不公开'}</Descriptions.Item>
                <Descriptions.Item label="起草时间">{formatDateTime(s.createdAt)}</Descriptions.Item>
                <Descriptions.Item label="领衔代表">{s.leadDeputyName}</Descriptions.Item>
                <Descriptions.Item label="附议代表">
                  {s.deputies.filter((d) => d.role === 'cosigner').length === 0
                    ? '—'
                    : s.deputies
                        .filter((d) => d.role === 'cosigner')
                        .map((d) => (
                          <Tag key={d.deputyId} color={d.confirmedAt ? 'green' : 'default'}>
                            {d.name}
                            {d.confirmedAt ? '（已附议）' : '（待附议）'}
                          </Tag>
                        ))}
                </Descriptions.Item>
                {st.review?.reason && <Descriptions.Item label="审查意见">{st.review.reason}</Descriptions.Item>}
              </Descriptions>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>{s.content}</Typography.Paragraph>
            </Card>
            {s.concerns.length > 0 && (
              <Card size="small" title="由以下群众意见形成">
                <List
                  size="small"
                  dataSource={s.concerns}
                  renderItem={(c) => (
                    <List.Item>
                      <Link to={`/concerns/${c.concernId}`}>{`${c.caseNumber} ${c.title}`}</Link>
                      <Tag>{c.statusLabel}</Tag>
                    </List.Item>
                  )}
                />
              </Card>
            )}
            {st.communications.length > 0 && (
              <Card size="small" title="提交前沟通">
                {st.communications.map((c, i) => (
                  <div key={i}>
                    {`${c.on} ${COMMUNICATION_FORM_LABELS[c.form]}，与${c.withWhom}：${c.note}`}
                  </div>
                ))}
              </Card>
            )}
            {s.units.length > 0 && (
              <Card size="small" title="承办单位" extra={st.opinionDueOn ? `协办意见期限 ${st.opinionDueOn}` : null}>
                {s.units.map((u) => {
                  const opinions = st.units.find((x) => x.unitId === u.unitId)?.opinions ?? [];
                  return (
                    <div key={u.unitId} style={{ marginBottom: 8 }}>
                      <Space wrap>
                        <strong>{u.name}</strong>
                        <Tag>{u.roleLabel}</Tag>
                      </Space>
                      {opinions.map((o) => (
                        <div key={o.at}>{`协办意见（第${o.round}轮）：${o.content}`}</div>
                      ))}
                    </div>
                  );
                })}
                {st.pendingExtension && <Alert type="warning" showIcon title={`待审批：申请延期至 ${st.pendingExtension.dueOn}（${st.pendingExtension.reason}）`} />}
              </Card>
            )}
            {st.consultations.length > 0 && (
              <Card size="small" title="面商记录">
                {st.consultations.map((c, i) => (
                  <div key={i}>{`第${c.round}轮 ${c.on} ${CONSULTATION_FORM_LABELS[c.form]}：${c.people.join('、')}${c.note ? `；${c.note}` : ''}`}</div>
                ))}
              </Card>
            )}
            {st.replies.map((r) => (
              <Card key={r.at} size="small" title={`${r.round === 2 ? '重新办理答复' : '答复'}：${REPLY_CATEGORY_LABELS[r.category]}`} extra={r.onTime ? <Tag color="green">按时</Tag> : <Tag color="red">逾期</Tag>}>
                <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                  <Descriptions.Item label="承办单位">{unitName.get(r.unitId) ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="文号">{r.documentNumber}</Descriptions.Item>
                  <Descriptions.Item label="签发人">{r.signer}</Descriptions.Item>
                  <Descriptions.Item label="联系人">{r.contact}</Descriptions.Item>
                  <Descriptions.Item label="答复时间">{formatDateTime(r.at)}</Descriptions.Item>
                </Descriptions>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{r.content}</Typography.Paragraph>
                {r.itemsDone.length > 0 && <div>已办事项：{r.itemsDone.join('；')}</div>}
                {r.itemsPlanned.length > 0 && <div>计划事项：{r.itemsPlanned.map((p) => `${p.item}（${p.dueOn}前）`).join('；')}</div>}
              </Card>
            ))}
            {st.ratings.length > 0 && (
              <Card size="small" title="代表评价">
                {st.ratings.map((r) => (
                  <div key={r.at}>
                    {`第${r.round}次答复：办理工作 ${SUGGESTION_RATING_LABELS[r.handling]}，办理结果 ${SUGGESTION_RATING_LABELS[r.result]}${r.comment ? `；${r.comment}` : ''}`}
                  </div>
                ))}
              </Card>
            )}
            {st.keySupervision && (
              <Card size="small" title="重点督办">
                {`督办领导：${st.keySupervision.leader}；领衔代表：${s.leadDeputyName}${st.keySupervision.note ? `；${st.keySupervision.note}` : ''}`}
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="办理记录" role="region" aria-label="办理记录">
            {s.timeline.length === 0 ? (
              <Empty />
            ) : (
              <Timeline
                items={s.timeline.map((e) => ({
                  key: e.version,
                  content: (
                    <div>
                      <strong>{e.label}</strong>
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                        {formatDateTime(e.at)} {e.unitName ?? e.actorName ?? ''}
                      </Typography.Text>
                      {eventLines(e.data).map((line) => (
                        <div key={line}>{line}</div>
                      ))}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {action && <SuggestionActionDialog type={action} s={s} onClose={() => setAction(null)} onStale={() => void q.refetch()} />}
    </Space>
  );
}
