import { useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Tabs, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { CHANNEL_LABELS, STATUS_LABELS, TIER_LABELS, type ConcernStatusTab } from '@gridvoice/core';
import { useAuth } from '../../app/auth';
import { messageOf } from '../../app/form-errors';
import type { QueryParams } from '../../app/api';
import { RegionPicker } from '../organisation/shared';
import { exportHref, useConcernList } from './concerns.api';
import { ConcernTable } from './ConcernTable';
import { CATEGORY_OPTIONS, optionsOf } from './shared';

const TABS: { key: ConcernStatusTab; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '在办' },
  ...(['awaiting_dispatch', 'dispatched', 'in_progress', 'replied', 'closed', 'resolved_on_spot', 'merged'] as const).map(
    (s) => ({ key: s, label: STATUS_LABELS[s] }),
  ),
];

const LIGHT_OPTIONS = [
  { value: 'green', label: '绿灯（正常）' },
  { value: 'yellow', label: '黄灯（临期）' },
  { value: 'red', label: '红灯（超期）' },
];

/** 全部: every concern in my scope, by status, with filters and the xlsx export. */
export default function ConcernsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useState<QueryParams>({ status: 'all', page: 1, pageSize: 20 });
  const [q, setQ] = useState('');
  const list = useConcernList(params);
  const set = (patch: QueryParams) => setParams((p) => ({ ...p, ...patch, page: 1 }));
  const { page: _p, pageSize: _s, ...filters } = params;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          群众意见
        </Typography.Title>
        <Space wrap>
          {can('concern.export') && (
            <Button icon={<DownloadOutlined />} href={exportHref(filters)}>
              导出 Excel
            </Button>
          )}
          {can('concern.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/concerns/new')}>
              登记
            </Button>
          )}
        </Space>
      </Space>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={String(params.status)}
          onChange={(k) => set({ status: k })}
          items={TABS.map((t) => ({ key: t.key, label: t.label }))}
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label="搜索"
            placeholder="编号、标题或内容"
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            style={{ width: 220 }}
          />
          <RegionPicker
            aria-label="区划"
            placeholder="区划"
            allowClear
            value={(params.regionCode as string | undefined) ?? null}
            onChange={(v) => set({ regionCode: v })}
            style={{ width: 180 }}
          />
          <Select aria-label="分类" placeholder="分类" allowClear options={CATEGORY_OPTIONS} style={{ width: 120 }} onChange={(v?: string) => set({ categoryCode: v })} />
          <Select aria-label="渠道" placeholder="渠道" allowClear options={optionsOf(CHANNEL_LABELS)} style={{ width: 140 }} onChange={(v?: string) => set({ channel: v })} />
          <Select aria-label="层级" placeholder="层级" allowClear options={optionsOf(TIER_LABELS)} style={{ width: 150 }} onChange={(v?: string) => set({ tier: v })} />
          <Select aria-label="红绿灯" placeholder="红绿灯" allowClear options={LIGHT_OPTIONS} style={{ width: 130 }} onChange={(v?: string) => set({ light: v })} />
          <Select
            aria-label="重点督办"
            placeholder="重点督办"
            allowClear
            options={[{ value: 'true', label: '重点督办' }]}
            style={{ width: 120 }}
            onChange={(v?: string) => set({ keySupervision: v })}
          />
        </Space>
        {list.isError && <Alert type="error" showIcon title={messageOf(list.error)} style={{ marginBottom: 12 }} />}
        <ConcernTable
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
