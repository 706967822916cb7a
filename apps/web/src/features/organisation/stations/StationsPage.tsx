import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { TStation, TStationNetwork } from '@gridvoice/core';

type TownRow = TStationNetwork['towns'][number];
import { messageOf } from '../../../app/form-errors';
import { enc, useOrgMutation, useStationNetwork, useStations } from '../organisation.api';
import { ActiveTag, RegionPicker, STATUS_OPTIONS, useUrlQuery } from '../shared';
import { STATION_KIND_OPTIONS } from '../labels';
import { StationFormDialog, type StationDialog } from './StationFormDialog';
import { StationCoverageDialog } from './StationCoverageDialog';
import { UserAssignDialog } from '../UserAssignDialog';

/** 五位一体: the network of stations of each kind, per town. */
function NetworkView({ regionCode }: { regionCode: string | undefined }) {
  const network = useStationNetwork(regionCode);
  const n = network.data;
  if (network.isError) return <Alert type="error" showIcon title={messageOf(network.error)} />;
  const kinds = n?.kinds ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        {kinds.map((k) => (
          <Col key={k.kind} xs={12} md={6} lg={3}>
            <Statistic title={k.label} value={k.count} />
          </Col>
        ))}
      </Row>
      <Table<TownRow>
        rowKey="townCode"
        size="small"
        loading={network.isFetching}
        pagination={false}
        bordered
        dataSource={n?.towns ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '镇（街道）', dataIndex: 'townName', key: 'town', fixed: 'left' },
          ...kinds.map((k) => ({
            title: k.label,
            key: k.kind,
            align: 'right' as const,
            render: (_: unknown, t: TownRow) => t.counts[k.kind] ?? 0,
          })),
          {
            title: '村（社区）覆盖',
            key: 'villages',
            render: (_: unknown, t: TownRow) => `${t.villagesWithStation} / ${t.villages}`,
          },
        ]}
      />
    </Space>
  );
}

/** 联络站: the stations of my scope, and the per-town 五位一体 network view. */
export default function StationsPage() {
  const { message } = App.useApp();
  const { query, page, pageSize, update } = useUrlQuery({ status: 'active' });
  const [search, setSearch] = useState(query.q ?? '');
  const [dialog, setDialog] = useState<StationDialog | null>(null);
  const [covering, setCovering] = useState<TStation | null>(null);
  const [managing, setManaging] = useState<TStation | null>(null);
  const tab = query.view === 'network' ? 'network' : 'list';
  const listQuery = { ...query };
  delete listQuery.view;
  const stations = useStations(listQuery, tab === 'list');
  const act = useOrgMutation();

  const run = async (s: TStation, action: 'deactivate' | 'activate' | 'delete', done: string) => {
    try {
      if (action === 'delete') await act.mutateAsync({ method: 'DELETE', path: `/stations/${enc(s.stationId)}` });
      else await act.mutateAsync({ method: 'POST', path: `/stations/${enc(s.stationId)}/${action}` });
      void message.success(`已${done}“${s.name}”`);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  const columns: ColumnsType<TStation> = [
    { title: '编码', dataIndex: 'code', key: 'code', width: 130 },
    { title: '名称', dataIndex: 'name', key: 'name', width: 220, ellipsis: true },
    { title: '类型', key: 'kind', width: 140, render: (_, s) => <Tag>{s.kindLabel}</Tag> },
    {
      title: '所在',
      key: 'region',
      width: 160,
      render: (_, s) => (s.townName && s.townName !== s.regionName ? `${s.townName} / ${s.regionName}` : s.regionName),
    },
    { title: '覆盖村（社区）', dataIndex: 'villageCount', key: 'villages', width: 130, align: 'right' },
    { title: '覆盖网格', dataIndex: 'gridCount', key: 'grids', width: 90, align: 'right' },
    { title: '代表', dataIndex: 'deputyCount', key: 'deputies', width: 70, align: 'right' },
    { title: '管理员', dataIndex: 'managerCount', key: 'managers', width: 70, align: 'right' },
    { title: '开放时间', key: 'hours', width: 160, ellipsis: true, render: (_, s) => s.openingHours ?? '—' },
    { title: '状态', key: 'active', width: 80, render: (_, s) => <ActiveTag active={s.active} /> },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 300,
      render: (_, s) => (
        <Space size={0}>
          {s.actions.includes('update') && (
            <Button type="link" size="small" onClick={() => setDialog({ mode: 'edit', station: s })}>
              编辑
            </Button>
          )}
          {s.actions.includes('manage_coverage') && (
            <Button type="link" size="small" onClick={() => setCovering(s)}>
              覆盖范围
            </Button>
          )}
          {s.actions.includes('manage_managers') && (
            <Button type="link" size="small" aria-label={`设置${s.name}的管理员`} onClick={() => setManaging(s)}>
              管理员
            </Button>
          )}
          {s.actions.includes('deactivate') && (
            <Popconfirm
              title={`停用“${s.name}”？`}
              okText="停用"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => run(s, 'deactivate', '停用')}
            >
              <Button type="link" size="small" danger>
                停用
              </Button>
            </Popconfirm>
          )}
          {s.actions.includes('activate') && (
            <Popconfirm
              title={`启用“${s.name}”？`}
              okText="启用"
              cancelText="取消"
              onConfirm={() => run(s, 'activate', '启用')}
            >
              <Button type="link" size="small">
                启用
              </Button>
            </Popconfirm>
          )}
          {s.actions.includes('delete') && (
            <Popconfirm
              title={`删除“${s.name}”？`}
              description="仅误录且无代表、无下级的联络站可以删除。"
              okText="删除"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => run(s, 'delete', '删除')}
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
  const anyActions = (stations.data?.items ?? []).some((s) => s.actions.length > 0);

  return (
    <Card
      title="联络站"
      extra={
        stations.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
            新建联络站
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <RegionPicker
          aria-label="按区划筛选"
          placeholder="全部区划"
          allowClear
          value={query.regionCode}
          onChange={(regionCode) => update({ regionCode })}
          style={{ width: 200 }}
        />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(view) => update({ view: view === 'network' ? 'network' : undefined })}
        items={[
          {
            key: 'list',
            label: '联络站列表',
            children: (
              <>
                <Space wrap style={{ marginBottom: 16 }}>
                  <Input.Search
                    aria-label="搜索联络站"
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
                    placeholder="全部类型"
                    allowClear
                    options={STATION_KIND_OPTIONS}
                    value={query.kind}
                    onChange={(kind?: string) => update({ kind })}
                    style={{ width: 170 }}
                  />
                  <Select
                    aria-label="按状态筛选"
                    options={STATUS_OPTIONS}
                    value={query.status}
                    onChange={(status: string) => update({ status })}
                    style={{ width: 110 }}
                  />
                </Space>
                {stations.isError && (
                  <Alert type="error" showIcon title={messageOf(stations.error)} style={{ marginBottom: 16 }} />
                )}
                <Table<TStation>
                  rowKey="stationId"
                  columns={anyActions ? columns : columns.filter((c) => c.key !== 'actions')}
                  dataSource={stations.data?.items ?? []}
                  loading={stations.isFetching}
                  scroll={{ x: 'max-content' }}
                  size="middle"
                  pagination={{
                    current: page,
                    pageSize,
                    total: stations.data?.total ?? 0,
                    showSizeChanger: true,
                    showTotal: (total) => `共 ${total} 个联络站`,
                    onChange: (p, ps) => update({ page: p, pageSize: ps }),
                  }}
                />
              </>
            ),
          },
          {
            key: 'network',
            label: '五位一体网络',
            children: tab === 'network' && <NetworkView regionCode={query.regionCode} />,
          },
        ]}
      />
      {dialog && <StationFormDialog dialog={dialog} onClose={() => setDialog(null)} />}
      {covering && <StationCoverageDialog station={covering} onClose={() => setCovering(null)} />}
      {managing && (
        <UserAssignDialog
          target={{ kind: 'station', id: managing.stationId, name: managing.name }}
          onClose={() => setManaging(null)}
        />
      )}
    </Card>
  );
}
