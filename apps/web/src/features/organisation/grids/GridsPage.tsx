import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Col, Input, Popconfirm, Row, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { TGrid, TRegionNode } from '@gridvoice/core';
import { GRID_KIND_OPTIONS } from '../labels';
import { messageOf } from '../../../app/form-errors';
import { enc, useGrids, useOrgMutation } from '../organisation.api';
import { ActiveTag, boolOptions, PhoneReveal, RegionNav, STATUS_OPTIONS, useUrlQuery } from '../shared';
import { GridFormDialog, type GridDialog } from './GridFormDialog';

const gridCount = (n: TRegionNode) => n.gridCount;

/** 网格: grids and micro-grids of my scope, navigated by the region tree on the left. */
export default function GridsPage() {
  const { message } = App.useApp();
  const { query, page, pageSize, update } = useUrlQuery({ status: 'active' });
  const [search, setSearch] = useState(query.q ?? '');
  const [dialog, setDialog] = useState<GridDialog | null>(null);
  const grids = useGrids(query);
  const act = useOrgMutation();
  const count = useCallback(gridCount, []);

  const run = async (g: TGrid, action: 'deactivate' | 'activate' | 'delete', done: string) => {
    try {
      if (action === 'delete') await act.mutateAsync({ method: 'DELETE', path: `/grids/${enc(g.gridId)}` });
      else await act.mutateAsync({ method: 'POST', path: `/grids/${enc(g.gridId)}/${action}` });
      void message.success(`已${done}“${g.name}”`);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  const columns: ColumnsType<TGrid> = [
    { title: '编码', dataIndex: 'code', key: 'code', width: 150 },
    { title: '名称', dataIndex: 'name', key: 'name', width: 180, ellipsis: true },
    { title: '类型', dataIndex: 'kindLabel', key: 'kind', width: 80 },
    {
      title: '所在',
      key: 'place',
      width: 220,
      ellipsis: true,
      render: (_, g) => `${g.townName} / ${g.villageName}${g.parentName ? ` / ${g.parentName}` : ''}`,
    },
    {
      title: '网格员',
      key: 'workers',
      width: 220,
      render: (_, g) =>
        g.workers.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space direction="vertical" size={0}>
            {g.workers.map((w) => (
              <span key={w.gridWorkerId}>
                {w.name}{' '}
                <PhoneReveal
                  masked={w.phoneMasked}
                  label={w.name}
                  canReveal={g.actions.includes('reveal_phone')}
                  revealPath={`/grids/${enc(g.gridId)}/workers/${enc(w.gridWorkerId)}/reveal-phone`}
                />
              </span>
            ))}
          </Space>
        ),
    },
    { title: '微网格', dataIndex: 'microGridCount', key: 'micro', width: 70, align: 'right' },
    { title: '代表', dataIndex: 'deputyCount', key: 'deputyCount', width: 60, align: 'right' },
    { title: '状态', key: 'active', width: 80, render: (_, g) => <ActiveTag active={g.active} /> },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 290,
      render: (_, g) => (
        <Space size={0} wrap>
          {g.actions.includes('update') && (
            <Button type="link" size="small" onClick={() => setDialog({ mode: 'edit', grid: g })}>
              编辑
            </Button>
          )}
          {g.actions.includes('create_micro_grid') && (
            <Button type="link" size="small" onClick={() => setDialog({ mode: 'create_micro', parent: g })}>
              新建微网格
            </Button>
          )}
          {g.actions.includes('deactivate') && (
            <Popconfirm
              title={`停用“${g.name}”？`}
              description="停用后不再计入覆盖情况，也不能再安排代表。"
              okText="停用"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => run(g, 'deactivate', '停用')}
            >
              <Button type="link" size="small" danger>
                停用
              </Button>
            </Popconfirm>
          )}
          {g.actions.includes('activate') && (
            <Popconfirm
              title={`启用“${g.name}”？`}
              okText="启用"
              cancelText="取消"
              onConfirm={() => run(g, 'activate', '启用')}
            >
              <Button type="link" size="small">
                启用
              </Button>
            </Popconfirm>
          )}
          {g.actions.includes('delete') && (
            <Popconfirm
              title={`删除“${g.name}”？`}
              description="仅误录且无微网格、无代表的网格可以删除。"
              okText="删除"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => run(g, 'delete', '删除')}
            >
              <Button type="link" size="small" danger>
                删除
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  const anyActions = (grids.data?.items ?? []).some((g) => g.actions.some((a) => a !== 'reveal_phone'));
  const shown = anyActions ? columns : columns.filter((c) => c.key !== 'actions');

  return (
    <Row gutter={16}>
      <Col xs={24} md={7} lg={6} style={{ marginBottom: 16 }}>
        <RegionNav
          value={query.regionCode}
          onChange={(regionCode) => update({ regionCode })}
          count={count}
          title="区划（网格数）"
        />
      </Col>
      <Col xs={24} md={17} lg={18}>
        <Card
          title="网格"
          extra={
            grids.data?.canCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ mode: 'create', villageCode: undefined })}
              >
                新建网格
              </Button>
            )
          }
        >
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search
              aria-label="搜索网格"
              placeholder="编码或名称"
              allowClear
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(q) => update({ q: q.trim() })}
              enterButton="搜索"
              style={{ width: 260 }}
            />
            <Select
              aria-label="按类型筛选"
              placeholder="网格和微网格"
              allowClear
              options={GRID_KIND_OPTIONS}
              value={query.kind}
              onChange={(kind?: string) => update({ kind })}
              style={{ width: 140 }}
            />
            <Select
              aria-label="按是否有代表筛选"
              placeholder="有无代表"
              allowClear
              options={boolOptions('有代表', '无代表')}
              value={query.hasDeputy}
              onChange={(hasDeputy?: string) => update({ hasDeputy })}
              style={{ width: 120 }}
            />
            <Select
              aria-label="按状态筛选"
              options={STATUS_OPTIONS}
              value={query.status}
              onChange={(status: string) => update({ status })}
              style={{ width: 120 }}
            />
            {query.parentGridId && (
              <Tooltip title="仅显示某网格的微网格">
                <Button onClick={() => update({ parentGridId: undefined })}>清除“所属网格”筛选</Button>
              </Tooltip>
            )}
          </Space>
          {grids.isError && <Alert type="error" showIcon title={messageOf(grids.error)} style={{ marginBottom: 16 }} />}
          <Table<TGrid>
            rowKey="gridId"
            columns={shown}
            dataSource={grids.data?.items ?? []}
            loading={grids.isFetching}
            scroll={{ x: 'max-content' }}
            size="middle"
            pagination={{
              current: page,
              pageSize,
              total: grids.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => `共 ${total} 个`,
              onChange: (p, ps) => update({ page: p, pageSize: ps }),
            }}
          />
        </Card>
      </Col>
      {dialog && <GridFormDialog dialog={dialog} onClose={() => setDialog(null)} />}
    </Row>
  );
}
