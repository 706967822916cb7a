import { useState } from 'react';
import { SuggestionSelect } from '../suggestions/pickers';
import { Link } from 'react-router';
import { App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { parseYuanToFen, PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS, type TProjectCreateRequest } from '@gridvoice/core';
import { applyServerErrors } from '../../app/form-errors';
import { RegionTreeSelect } from '../admin/users/RegionTreeSelect';
import { PROJECTS_API, useProjectMutation, useProjectTotals, useProjects, yuan, type ProjectSummary } from './projects.api';
import { ProgressPair, ProjectStatusTag } from './shared';

const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const YEAR_OPTIONS = Array.from({ length: 8 }, (_, i) => new Date().getFullYear() - i).map((y) => ({ value: y, label: `${y}年` }));

interface ProposeForm {
  sourceSuggestionId?: string;
  title: string;
  description: string;
  regionCode: string;
  estimatedBudget?: string;
}

/** 民生微实事 list: filters, totals of money and projects by region and year, propose. */
export default function ProjectsPage() {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ status?: string; kind?: string; year?: number; q?: string }>({});
  const list = useProjects(filters);
  const totals = useProjectTotals(filters.year ? { year: filters.year } : {});
  const mutate = useProjectMutation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProposeForm>();

  const submit = async () => {
    const v = await form.validateFields();
    const fen = v.estimatedBudget ? parseYuanToFen(v.estimatedBudget) : null;
    if (v.estimatedBudget && fen === null) {
      form.setFields([{ name: 'estimatedBudget', errors: ['金额格式不正确，最多两位小数'] }]);
      return;
    }
    const body: Partial<TProjectCreateRequest> = { title: v.title, description: v.description, regionCode: v.regionCode, estimatedBudgetFen: fen, sourceSuggestionId: v.sourceSuggestionId ?? null };
    try {
      const p = await mutate.mutateAsync({ path: PROJECTS_API, body });
      message.success(`已提出：${p.title}`);
      setOpen(false);
      form.resetFields();
    } catch (err) {
      const general = applyServerErrors(form, err, ['title', 'description', 'regionCode', 'sourceSuggestionId']);
      if (general) message.error(general);
    }
  };

  const t = totals.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          民生微实事
        </Typography.Title>
        {list.data?.actions.includes('propose') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            提出项目
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">代表提、政府办、人大督：从群众意见或代表建议提出，立项后由承办单位实施，代表视察核实进度，直至验收。</Typography.Text>

      <Card size="small" title="项目和资金统计（已立项）" role="region" aria-label="项目和资金统计">
        <Row gutter={16}>
          <Col xs={12} md={6}><Statistic title="项目数" value={t?.total.projects ?? 0} /></Col>
          <Col xs={12} md={6}><Statistic title="安排资金" value={yuan(t?.total.budgetFen ?? 0)} /></Col>
          <Col xs={12} md={6}><Statistic title="已验收" value={t?.total.accepted ?? 0} /></Col>
        </Row>
        <Table
          size="small"
          style={{ marginTop: 12 }}
          rowKey={(r) => `${r.year}-${r.regionCode}-${r.kind}`}
          pagination={false}
          dataSource={t?.rows ?? []}
          columns={[
            { title: '年度', dataIndex: 'year', width: 80 },
            { title: '区域', dataIndex: 'regionName' },
            { title: '类型', dataIndex: 'kindLabel' },
            { title: '项目数', dataIndex: 'projects', align: 'right' },
            { title: '已验收', dataIndex: 'accepted', align: 'right' },
            { title: '资金', dataIndex: 'budgetFen', align: 'right', render: (v: number) => yuan(v) },
          ]}
        />
      </Card>

      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="状态" aria-label="状态" style={{ width: 120 }} options={optionsOf(PROJECT_STATUS_LABELS)} onChange={(status?: string) => setFilters((f) => ({ ...f, status }))} />
          <Select allowClear placeholder="类型" aria-label="类型" style={{ width: 160 }} options={optionsOf(PROJECT_KIND_LABELS)} onChange={(kind?: string) => setFilters((f) => ({ ...f, kind }))} />
          <Select allowClear placeholder="年度" aria-label="年度" style={{ width: 110 }} options={YEAR_OPTIONS} onChange={(year?: number) => setFilters((f) => ({ ...f, year }))} />
          <Input.Search allowClear placeholder="项目名称" aria-label="搜索项目" style={{ width: 220 }} onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))} />
        </Space>
        <Table<ProjectSummary>
          rowKey="projectId"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个` }}
          columns={[
            { title: '项目', dataIndex: 'title', render: (v: string, r) => <Link to={`/projects/${r.projectId}`}>{v}</Link> },
            { title: '类型', dataIndex: 'kindLabel', width: 140 },
            { title: '区域', dataIndex: 'regionName', width: 140 },
            { title: '状态', dataIndex: 'status', width: 90, render: (_: string, r) => <ProjectStatusTag status={r.status} label={r.statusLabel} /> },
            { title: '资金', dataIndex: 'budgetFen', width: 140, align: 'right', render: (v: number | null, r) => (v !== null ? yuan(v) : r.estimatedBudgetFen !== null ? `估算 ${yuan(r.estimatedBudgetFen)}` : '—') },
            { title: '承办单位', dataIndex: 'unitName', width: 140, render: (v: string | null) => v ?? '—' },
            { title: '进度（报告 / 核实）', width: 220, render: (_: unknown, r) => <ProgressPair progress={r.progress} compact /> },
          ]}
        />
      </Card>

      <Modal title="提出民生微实事" open={open} onOk={submit} onCancel={() => setOpen(false)} okText="提出" confirmLoading={mutate.isPending} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="regionCode" label="所在镇街或村（社区）" rules={[{ required: true, message: '请选择项目所在的镇街或村（社区）' }]}>
            <RegionTreeSelect />
          </Form.Item>
          <Form.Item name="description" label="项目内容" rules={[{ required: true, message: '请填写项目内容' }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="sourceSuggestionId" label="来源代表建议（可选）">
            <SuggestionSelect aria-label="来源代表建议" />
          </Form.Item>
          <Form.Item name="estimatedBudget" label="估算资金（元，可选）">
            <Input inputMode="decimal" placeholder="例如 180000" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
