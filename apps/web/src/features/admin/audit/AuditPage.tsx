import { useState } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { SearchOutlined } from '@ant-design/icons';
import type { Role, TAuditEntry } from '@gridvoice/core';
import { ROLE_LABELS } from '@gridvoice/core/auth/roles';
import { messageOf } from '../../../app/form-errors';
import { endOfDayExclusiveIso, formatDateTime, startOfDayIso } from '../../../app/time';
import { useAuditLog, type AuditListParams } from '../admin.api';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTION_PREFIXES,
  AUDIT_OBJECT_LABELS,
  AUDIT_OUTCOMES,
  isAuditOutcome,
  type AuditOutcome,
} from './audit-labels';

interface Filters {
  action?: string;
  actor?: string;
  outcome?: AuditOutcome;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const roleLabel = (role: string | null) => (role ? (ROLE_LABELS[role as Role] ?? role) : '—');

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">（无）</Typography.Text>;
  return <pre className="gv-json">{JSON.stringify(value, null, 2)}</pre>;
}

function AuditDetail({ entry }: { entry: TAuditEntry }) {
  return (
    <Row gutter={[16, 8]}>
      <Col xs={24} md={12}>
        <Typography.Text strong>变更前</Typography.Text>
        <Json value={entry.before} />
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text strong>变更后</Typography.Text>
        <Json value={entry.after} />
      </Col>
      <Col span={24}>
        <Space size={16} wrap>
          <Typography.Text type="secondary">对象编号：{entry.objectId ?? '—'}</Typography.Text>
          <Typography.Text type="secondary">区域：{entry.regionCode ?? '—'}</Typography.Text>
          <Typography.Text type="secondary">审计编号：{entry.auditId}</Typography.Text>
        </Space>
      </Col>
    </Row>
  );
}

/** 审计日志: every change and refusal, newest first; only the auditor may read it (三员分立). */
export default function AuditPage() {
  const [form] = Form.useForm<Filters>();
  const [params, setParams] = useState<AuditListParams>({ page: 1, pageSize: 50 });
  const audit = useAuditLog(params);

  const apply = (f: Filters) => {
    const [from, to] = f.range ?? [null, null];
    setParams((p) => ({
      page: 1,
      pageSize: p.pageSize,
      action: f.action?.trim() || undefined,
      actor: f.actor?.trim() || undefined,
      outcome: f.outcome,
      from: from ? startOfDayIso(from) : undefined,
      to: to ? endOfDayExclusiveIso(to) : undefined,
    }));
  };

  const columns: ColumnsType<TAuditEntry> = [
    { title: '时间', key: 'occurredAt', width: 165, render: (_, e) => formatDateTime(e.occurredAt) },
    {
      title: '操作人',
      key: 'actor',
      width: 120,
      render: (_, e) => e.actorUsername ?? <Typography.Text type="secondary">系统</Typography.Text>,
    },
    { title: '角色', key: 'role', width: 150, render: (_, e) => roleLabel(e.actorRole) },
    {
      title: '操作',
      key: 'action',
      width: 150,
      render: (_, e) => (
        <span title={e.action}>
          {AUDIT_ACTION_LABELS[e.action] ?? e.action}
          {AUDIT_ACTION_LABELS[e.action] && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {e.action}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: '对象',
      key: 'object',
      width: 110,
      render: (_, e) => (
        <span title={e.objectId ?? undefined}>
          {AUDIT_OBJECT_LABELS[e.objectType] ?? e.objectType}
          {e.objectId && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {e.objectId.slice(0, 8)}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: '结果',
      key: 'outcome',
      width: 70,
      render: (_, e) =>
        isAuditOutcome(e.outcome) ? (
          <Tag color={AUDIT_OUTCOMES[e.outcome].color}>{AUDIT_OUTCOMES[e.outcome].label}</Tag>
        ) : (
          <Tag>{e.outcome}</Tag>
        ),
    },
    { title: 'IP', dataIndex: 'ip', key: 'ip', width: 120, render: (ip: string | null) => ip ?? '—' },
    {
      title: '请求编号',
      dataIndex: 'requestId',
      key: 'requestId',
      width: 140,
      ellipsis: true,
      render: (id: string | null) =>
        id ? (
          <Typography.Text copyable={{ text: id }} style={{ fontSize: 12 }} title={id}>
            {id.length > 13 ? `${id.slice(0, 13)}…` : id}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card title="审计日志">
      <Form<Filters>
        form={form}
        name="audit-filters"
        layout="inline"
        onFinish={apply}
        style={{ marginBottom: 16, rowGap: 12 }}
      >
        <Form.Item name="action" label="操作">
          <AutoComplete
            options={AUDIT_ACTION_PREFIXES}
            placeholder="如 user. 或 auth.login"
            allowClear
            style={{ width: 220 }}
            showSearch={{
              filterOption: (input, option) =>
                !!option && (option.value.includes(input) || option.label.includes(input)),
            }}
          />
        </Form.Item>
        <Form.Item name="actor" label="操作人">
          <Input placeholder="用户名" allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="outcome" label="结果">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 110 }}
            options={Object.entries(AUDIT_OUTCOMES).map(([value, o]) => ({ value, label: o.label }))}
          />
        </Form.Item>
        <Form.Item name="range" label="日期">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {audit.isError && <Alert type="error" showIcon title={messageOf(audit.error)} style={{ marginBottom: 16 }} />}
      <Table<TAuditEntry>
        rowKey="auditId"
        columns={columns}
        dataSource={audit.data?.items ?? []}
        loading={audit.isFetching}
        size="middle"
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (e) => <AuditDetail entry={e} />, rowExpandable: () => true }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: audit.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 条记录`,
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
        }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        时间按北京时间显示。审计记录只能追加，任何人都不能修改或删除。
      </Typography.Paragraph>
    </Card>
  );
}
