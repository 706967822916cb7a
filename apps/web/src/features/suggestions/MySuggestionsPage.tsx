import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Radio, Space, Spin, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { REPLY_CATEGORY_LABELS, SUGGESTION_RATING_LABELS, type TSuggestionListItem } from '@gridvoice/core';
import { isApiError } from '../../app/api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { useMyDeputy, useSuggestion, useSuggestionAction, useSuggestionList } from './suggestions.api';
import { DueTag, SuggestionStatusTag } from './shared';

const RATING_OPTIONS = Object.entries(SUGGESTION_RATING_LABELS).map(([value, label]) => ({ value, label }));

/** 附议: one big button on the phone. */
function CosignButton({ item }: { item: TSuggestionListItem }) {
  const { message } = App.useApp();
  const act = useSuggestionAction(item.suggestionId);
  return (
    <Button
      type="primary"
      size="large"
      block
      loading={act.isPending}
      onClick={() =>
        act.mutate(
          { type: 'cosign', version: item.version },
          { onSuccess: () => void message.success('已附议'), onError: (e) => void message.error(messageOf(e)) },
        )
      }
    >
      附议
    </Button>
  );
}

/** Rates a reply: the work and the result separately; dissatisfied asks for re-handling. */
function RateDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const s = useSuggestion(id);
  const act = useSuggestionAction(id);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ handling: string; result: string; comment?: string }>();
  const [error, setError] = useState<string | null>(null);
  const last = s.data ? (s.data.state.replies as { category: keyof typeof REPLY_CATEGORY_LABELS; content: string; documentNumber: string }[]).at(-1) : undefined;
  const submit = async (v: { handling: string; result: string; comment?: string }) => {
    if (!s.data) return;
    setError(null);
    try {
      const out = await act.mutateAsync({ type: 'rate', version: s.data.version, handling: v.handling as 'satisfied', result: v.result as 'satisfied', ...(v.comment ? { comment: v.comment } : {}) });
      void message.success(out.status === 'rehandling' ? '已评价：不满意，承办单位将在一个月内重新办理' : '已评价，建议办结');
      onClose();
    } catch (err) {
      if (isApiError(err) && err.status === 409) void s.refetch();
      setError(applyServerErrors(form, err, ['handling', 'result', 'comment']));
    }
  };
  return (
    <Modal open title="评价办理情况" okText="提交评价" cancelText="取消" confirmLoading={act.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {s.isPending ? (
        <Spin />
      ) : (
        <>
          {last && (
            <Card size="small" type="inner" title={`${REPLY_CATEGORY_LABELS[last.category]} ${last.documentNumber}`} style={{ marginBottom: 16 }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{last.content}</Typography.Paragraph>
            </Card>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} name="suggestion-rate" layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item name="handling" label="对办理工作" rules={[{ required: true, message: '请评价办理工作' }]}>
              <Radio.Group options={RATING_OPTIONS} optionType="button" size="large" />
            </Form.Item>
            <Form.Item name="result" label="对办理结果" rules={[{ required: true, message: '请评价办理结果' }]}>
              <Radio.Group options={RATING_OPTIONS} optionType="button" size="large" />
            </Form.Item>
            <Form.Item name="comment" label="意见" extra="选择“不满意”时请写明意见，承办单位将在一个月内重新办理">
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** 我的建议: the deputy's phone view — my suggestions and their state, co-sign, rate a reply. */
export default function MySuggestionsPage() {
  const me = useMyDeputy();
  const navigate = useNavigate();
  const enabled = !!me.data;
  const mine = useSuggestionList({ view: 'mine', pageSize: 50 }, enabled);
  const toCosign = useSuggestionList({ view: 'to-cosign', pageSize: 20 }, enabled);
  const toRate = useSuggestionList({ view: 'to-rate', pageSize: 20 }, enabled);
  const [rating, setRating] = useState<string | null>(null);

  if (me.isLoading) return <Spin />;
  if (me.error) return <Alert type={isApiError(me.error) && me.error.status === 404 ? 'info' : 'error'} showIcon title={messageOf(me.error)} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的建议
      </Typography.Title>
      <Button size="large" block icon={<PlusOutlined />} onClick={() => void navigate('/suggestions/new')}>
        起草建议
      </Button>

      {(toRate.data?.items.length ?? 0) > 0 && (
        <Card title="待我评价" size="small">
          <List
            dataSource={toRate.data?.items ?? []}
            renderItem={(s) => (
              <List.Item style={{ display: 'block' }}>
                <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                  {s.title}
                </Typography.Paragraph>
                <Space wrap style={{ marginBottom: 8 }}>
                  {s.lastReplyCategory && <Tag color="cyan">{`${s.lastReplyCategory}类答复`}</Tag>}
                  <Typography.Text type="secondary">{s.leadUnitName}</Typography.Text>
                </Space>
                <Button type="primary" size="large" block onClick={() => setRating(s.suggestionId)}>
                  评价
                </Button>
              </List.Item>
            )}
          />
        </Card>
      )}

      {(toCosign.data?.items.length ?? 0) > 0 && (
        <Card title="待我附议" size="small">
          <List
            dataSource={toCosign.data?.items ?? []}
            renderItem={(s) => (
              <List.Item style={{ display: 'block' }}>
                <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                  <Link to={`/suggestions/${s.suggestionId}`}>{s.title}</Link>
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{`领衔代表：${s.leadDeputyName}`}</Typography.Paragraph>
                <CosignButton item={s} />
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card title="我领衔和附议的建议" size="small">
        {mine.isPending ? (
          <Spin />
        ) : (mine.data?.items.length ?? 0) === 0 ? (
          <Empty description="还没有建议" />
        ) : (
          <List
            dataSource={mine.data?.items ?? []}
            renderItem={(s) => (
              <List.Item style={{ display: 'block' }}>
                <Link to={`/suggestions/${s.suggestionId}`} style={{ fontSize: 16 }}>
                  {s.title}
                </Link>
                <div style={{ marginTop: 4 }}>
                  <Space wrap>
                    <SuggestionStatusTag item={s} />
                    {s.leadDeputyId === me.data?.deputyId ? <Tag>领衔</Tag> : <Tag>附议</Tag>}
                    {s.dueOn && <DueTag item={s} />}
                  </Space>
                </div>
                {s.caseNumber && <Typography.Text type="secondary">{s.caseNumber}</Typography.Text>}
              </List.Item>
            )}
          />
        )}
      </Card>
      {rating && <RateDialog id={rating} onClose={() => setRating(null)} />}
    </Space>
  );
}
