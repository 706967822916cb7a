import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { SUGGESTION_CATEGORY_LABELS, SUGGESTION_PERIOD_LABELS, type TSuggestionCreateRequest } from '@gridvoice/core';
import { useAuth } from '../../app/auth';
import { applyServerErrors } from '../../app/form-errors';
import { useCreateSuggestion, useMyDeputy } from './suggestions.api';
import { ConcernMultiSelect, DeputyMultiSelect, DeputySelect } from './pickers';

const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const FIELDS = ['title', 'content', 'category', 'period', 'term', 'session', 'isPublic', 'leadDeputyId', 'cosignerDeputyIds', 'concernIds'];

/** 起草建议: title, text, category, when, the lead deputy and co-signers, and the concerns it is formed from. */
export default function SuggestionCreatePage() {
  const { user } = useAuth();
  const isDeputy = user?.role === 'deputy';
  const me = useMyDeputy(isDeputy);
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const { message } = App.useApp();
  const create = useCreateSuggestion();
  const [form] = Form.useForm<TSuggestionCreateRequest>();
  const [error, setError] = useState<string | null>(null);
  const lead = Form.useWatch('leadDeputyId', form);

  useEffect(() => {
    if (me.data) form.setFieldValue('leadDeputyId', me.data.deputyId);
  }, [me.data, form]);

  const submit = async (values: TSuggestionCreateRequest) => {
    setError(null);
    try {
      const s = await create.mutateAsync({ ...values, cosignerDeputyIds: values.cosignerDeputyIds ?? [], concernIds: values.concernIds ?? [] });
      void message.success('建议已起草，请登记提交前的沟通情况后提交');
      void navigate(`/suggestions/${s.suggestionId}`);
    } catch (err) {
      setError(applyServerErrors(form, err, FIELDS));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 860 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        起草代表建议
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      <Card size="small">
        <Form<TSuggestionCreateRequest>
          form={form}
          name="suggestion-create"
          layout="vertical"
          autoComplete="off"
          initialValues={{ period: 'between_sessions', term: 17, session: 5, isPublic: true, category: 'urban_environment', concernIds: search.getAll('concern') }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写建议标题' }]}>
            <Input maxLength={120} placeholder="关于……的建议" />
          </Form.Item>
          <Form.Item name="content" label="建议内容" rules={[{ required: true, whitespace: true, message: '请填写建议内容' }]}>
            <Input.TextArea rows={8} maxLength={20000} placeholder="问题、原因分析、具体建议" />
          </Form.Item>
          <Space wrap size={24}>
            <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择建议类别' }]}>
              <Select style={{ width: 160 }} options={optionsOf(SUGGESTION_CATEGORY_LABELS)} />
            </Form.Item>
            <Form.Item name="period" label="提出时间" rules={[{ required: true, message: '请选择提出时间' }]}>
              <Radio.Group options={optionsOf(SUGGESTION_PERIOD_LABELS)} optionType="button" />
            </Form.Item>
            <Form.Item name="term" label="届次" rules={[{ required: true, message: '请填写届次' }]}>
              <InputNumber min={1} max={99} addonAfter="届" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="session" label="会议" rules={[{ required: true, message: '请填写会议次数' }]}>
              <InputNumber min={1} max={99} addonAfter="次会议" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="isPublic" label="是否公开" valuePropName="checked">
              <Switch checkedChildren="公开" unCheckedChildren="不公开" />
            </Form.Item>
          </Space>
          <Form.Item name="leadDeputyId" label="领衔代表" rules={[{ required: true, message: '请选择领衔代表' }]}>
            <DeputySelect aria-label="领衔代表" disabled={isDeputy} />
          </Form.Item>
          <Form.Item name="cosignerDeputyIds" label="附议代表" extra="附议代表确认（附议）后才列入；审查时未确认的不再列入">
            <DeputyMultiSelect aria-label="附议代表" exclude={lead ? [lead] : []} />
          </Form.Item>
          <Form.Item name="concernIds" label="由群众意见形成" extra="关联后，这些群众能在进度查询页看到建议的办理结果">
            <ConcernMultiSelect aria-label="关联群众意见" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            保存草稿
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
