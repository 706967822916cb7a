import { useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { SUGGESTION_CATEGORY_LABELS, SUGGESTION_PERIOD_LABELS, SUGGESTION_STATUS_LABELS, type SuggestionView } from '@gridvoice/core';
import { useAuth } from '../../app/auth';
import type { QueryParams } from '../../app/api';
import { messageOf } from '../../app/form-errors';
import { useSuggestionList } from './suggestions.api';
import { SuggestionTable } from './shared';

const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

const TABS: { key: SuggestionView; label: string; roles?: string[] }[] = [
  { key: 'all', label: '全部' },
  { key: 'to-review', label: '待审查', roles: ['congress_staff'] },
  { key: 'to-dispatch', label: '待交办', roles: ['congress_staff'] },
  { key: 'handling', label: '办理中' },
  { key: 'key-supervision', label: '重点督办' },
  { key: 'to-cosign', label: '待我附议', roles: ['deputy'] },
  { key: 'to-rate', label: '待我评价', roles: ['deputy'] },
];

/** 建议列表: every suggestion I may see, by view, with filters. */
export default function SuggestionsPage() {
  const { user, can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useState<QueryParams>({ view: 'all', page: 1, pageSize: 20 });
  const [q, setQ] = useState('');
  const list = useSuggestionList(params);
  const set = (patch: QueryParams) => setParams((p) => ({ ...p, ...patch, page: 1 }));
  const tabs = TABS.filter((t) => !t.roles || (user && t.roles.includes(user.role)));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          代表建议
        </Typography.Title>
        {can('suggestion.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/suggestions/new')}>
            起草建议
          </Button>
        )}
      </Space>
      <Card size="small">
        <Tabs activeKey={String(params.view)} onChange={(k) => set({ view: k })} items={tabs.map((t) => ({ key: t.key, label: t.label }))} />
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label="搜索建议"
            placeholder="案号、标题或领衔代表"
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => set({ q: v || undefined })}
            style={{ width: 260 }}
          />
          <Select aria-label="类别" allowClear placeholder="类别" style={{ width: 130 }} options={optionsOf(SUGGESTION_CATEGORY_LABELS)} onChange={(v?: string) => set({ category: v })} />
          <Select aria-label="提出时间" allowClear placeholder="提出时间" style={{ width: 130 }} options={optionsOf(SUGGESTION_PERIOD_LABELS)} onChange={(v?: string) => set({ period: v })} />
          <Select aria-label="状态" allowClear placeholder="状态" style={{ width: 130 }} options={optionsOf(SUGGESTION_STATUS_LABELS)} onChange={(v?: string) => set({ status: v })} />
        </Space>
        {list.isError && <Alert type="error" showIcon title={messageOf(list.error)} />}
        <SuggestionTable
          items={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={Number(params.page)}
          pageSize={Number(params.pageSize)}
          loading={list.isFetching}
          onPage={(page, pageSize) => setParams((p) => ({ ...p, page, pageSize }))}
        />
      </Card>
    </Space>
  );
}
