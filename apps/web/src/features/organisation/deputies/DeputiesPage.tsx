import { useState } from 'react';
import { Alert, App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { TDeputy } from '@gridvoice/core';
import { messageOf } from '../../../app/form-errors';
import { enc, useDeputies, useOrgMutation } from '../organisation.api';
import {
  ActiveTag,
  boolOptions,
  PhoneReveal,
  RegionPicker,
  STATUS_OPTIONS,
  useRegionNames,
  useUrlQuery,
} from '../shared';
import { GridPicker, GroupPicker, StationPicker } from '../pickers';
import { DEPUTY_LEVEL_OPTIONS } from '../labels';
import { DeputyDrawer } from './DeputyDrawer';
import { DeputyFormDialog, type DeputyDialog } from './DeputyFormDialog';

/** 人大代表: search by name, pinyin or initials (zhp), filter by level, town, station, grid, group. */
export default function DeputiesPage() {
  const { message } = App.useApp();
  const { query, page, pageSize, update } = useUrlQuery({ status: 'active' });
  const [search, setSearch] = useState(query.q ?? '');
  const [dialog, setDialog] = useState<DeputyDialog | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const deputies = useDeputies(query);
  const act = useOrgMutation();
  const names = useRegionNames();

  const run = async (d: TDeputy, action: 'deactivate' | 'activate' | 'delete', done: string) => {
    try {
      if (action === 'delete') await act.mutateAsync({ method: 'DELETE', path: `/deputies/${enc(d.deputyId)}` });
      else await act.mutateAsync({ method: 'POST', path: `/deputies/${enc(d.deputyId)}/${action}` });
      void message.success(`已${done}代表“${d.name}”`);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  const columns: ColumnsType<TDeputy> = [
    {
      title: '姓名',
      key: 'name',
      width: 110,
      render: (_, d) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(d.deputyId)}>
          {d.name}
        </Button>
      ),
    },
    { title: '性别', dataIndex: 'genderLabel', key: 'gender', width: 60 },
    {
      title: '层级',
      key: 'levels',
      width: 200,
      render: (_, d) => d.levelLabels.map((l) => <Tag key={l}>{l}</Tag>),
    },
    { title: '所属区划', dataIndex: 'regionName', key: 'region', width: 110 },
    {
      title: '联络站',
      key: 'stations',
      width: 180,
      ellipsis: true,
      render: (_, d) =>
        d.stations.map((s) => s.name).join('、') || <Typography.Text type="warning">未进站</Typography.Text>,
    },
    {
      title: '网格',
      key: 'grids',
      width: 180,
      ellipsis: true,
      render: (_, d) =>
        d.grids.map((g) => g.name).join('、') || <Typography.Text type="warning">未进网格</Typography.Text>,
    },
    {
      title: '电话',
      key: 'phone',
      width: 170,
      render: (_, d) => (
        <PhoneReveal
          masked={d.phoneMasked}
          label={d.name}
          canReveal={d.actions.includes('reveal_phone')}
          revealPath={`/deputies/${enc(d.deputyId)}/reveal-phone`}
        />
      ),
    },
    { title: '状态', key: 'active', width: 80, render: (_, d) => <ActiveTag active={d.active} /> },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 190,
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(d.deputyId)}>
            详情
          </Button>
          {d.actions.includes('update') && (
            <Button type="link" size="small" onClick={() => setDialog({ mode: 'edit', deputy: d })}>
              编辑
            </Button>
          )}
          {d.actions.includes('deactivate') && (
            <Popconfirm
              title={`停用代表“${d.name}”？`}
              okText="停用"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => run(d, 'deactivate', '停用')}
            >
              <Button type="link" size="small" danger>
                停用
              </Button>
            </Popconfirm>
          )}
          {d.actions.includes('activate') && (
            <Popconfirm
              title={`启用代表“${d.name}”？`}
              okText="启用"
              cancelText="取消"
              onConfirm={() => run(d, 'activate', '启用')}
            >
              <Button type="link" size="small">
                启用
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const home = query.homeRegionCode;
  return (
    <Card
      title="人大代表"
      extra={
        deputies.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
            新建代表
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label="搜索代表"
          placeholder="姓名、拼音或首字母，如 zhp"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => update({ q: q.trim() })}
          enterButton="搜索"
          style={{ width: 300 }}
        />
        <Select
          aria-label="按层级筛选"
          placeholder="全部层级"
          allowClear
          options={DEPUTY_LEVEL_OPTIONS}
          value={query.level}
          onChange={(level?: string) => update({ level })}
          style={{ width: 190 }}
        />
        <RegionPicker
          aria-label="按镇街筛选"
          placeholder="全部镇（街道）"
          allowClear
          value={query.regionCode}
          onChange={(regionCode) => update({ regionCode })}
          style={{ width: 170 }}
        />
        <StationPicker
          aria-label="按联络站筛选"
          placeholder="全部联络站"
          value={query.stationId}
          onChange={(stationId) => update({ stationId })}
          style={{ width: 190 }}
        />
        <GridPicker
          aria-label="按网格筛选"
          placeholder="全部网格"
          value={query.gridId}
          onChange={(gridId) => update({ gridId })}
          style={{ width: 190 }}
        />
        <GroupPicker
          aria-label="按代表小组筛选"
          placeholder="全部代表小组"
          value={query.groupId}
          onChange={(groupId) => update({ groupId })}
          style={{ width: 170 }}
        />
        <Select
          aria-label="按是否进网格筛选"
          placeholder="是否进网格"
          allowClear
          options={boolOptions('已进网格', '未进网格')}
          value={query.hasGrid}
          onChange={(hasGrid?: string) => update({ hasGrid })}
          style={{ width: 130 }}
        />
        <Select
          aria-label="按是否进联络站筛选"
          placeholder="是否进联络站"
          allowClear
          options={boolOptions('已进联络站', '未进联络站')}
          value={query.hasStation}
          onChange={(hasStation?: string) => update({ hasStation })}
          style={{ width: 140 }}
        />
        <Select
          aria-label="按状态筛选"
          options={STATUS_OPTIONS}
          value={query.status}
          onChange={(status: string) => update({ status })}
          style={{ width: 110 }}
        />
        {home && (
          <Tag closable onClose={() => update({ homeRegionCode: undefined, homeRegionOnly: undefined })}>
            所属区划：{names.get(home) ?? home}
            {query.homeRegionOnly === 'true' ? '（仅本级）' : ''}
          </Tag>
        )}
      </Space>
      {deputies.isError && (
        <Alert type="error" showIcon title={messageOf(deputies.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<TDeputy>
        rowKey="deputyId"
        columns={columns}
        dataSource={deputies.data?.items ?? []}
        loading={deputies.isFetching}
        scroll={{ x: 'max-content' }}
        size="middle"
        pagination={{
          current: page,
          pageSize,
          total: deputies.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 名代表`,
          onChange: (p, ps) => update({ page: p, pageSize: ps }),
        }}
      />
      {open && (
        <DeputyDrawer
          deputyId={open}
          onClose={() => setOpen(null)}
          onEdit={(d) => {
            setOpen(null);
            setDialog({ mode: 'edit', deputy: d });
          }}
        />
      )}
      {dialog && <DeputyFormDialog dialog={dialog} onClose={() => setDialog(null)} />}
    </Card>
  );
}
