import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { TCategoryRoute, TUnit, TUnitCreateRequest, TUnitUpdateRequest } from '@gridvoice/core';
import { applyServerErrors, messageOf } from '../../../app/form-errors';
import { enc, useCategoryRoutes, useOrgMutation, useUnits } from '../organisation.api';
import { ActiveTag, RegionPicker, STATUS_OPTIONS, useUrlQuery } from '../shared';
import { categoryLabel, CONCERN_CATEGORY_OPTIONS, UNIT_KIND_OPTIONS } from '../labels';
import { UnitPicker } from '../pickers';
import { UserAssignDialog } from '../UserAssignDialog';

type UnitDialog = { mode: 'create' } | { mode: 'edit'; unit: TUnit };
type UnitValues = TUnitCreateRequest;
const FIELDS = [
  'regionCode',
  'code',
  'name',
  'shortName',
  'kind',
  'contactName',
  'contactPhone',
  'description',
] as const;

function UnitFormDialog({ dialog, onClose }: { dialog: UnitDialog; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const editing = dialog.mode === 'edit' ? dialog.unit : null;
  const submit = async (v: UnitValues) => {
    setFormError(null);
    const fields = {
      name: v.name.trim(),
      shortName: v.shortName ?? null,
      kind: v.kind,
      contactName: v.contactName ?? null,
      contactPhone: v.contactPhone?.trim() || null,
      description: v.description ?? null,
    };
    try {
      if (editing) {
        const body: TUnitUpdateRequest = { ...fields, version: editing.version };
        await save.mutateAsync({ method: 'PATCH', path: `/units/${enc(editing.unitId)}`, body });
      } else {
        const body: TUnitCreateRequest = {
          ...fields,
          regionCode: v.regionCode,
          ...(v.code?.trim() ? { code: v.code.trim() } : {}),
        };
        await save.mutateAsync({ method: 'POST', path: '/units', body });
      }
      void message.success(`已保存“${fields.name}”`);
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, FIELDS));
    }
  };
  return (
    <Modal
      open
      title={editing ? `编辑承办单位：${editing.code}` : '新建承办单位'}
      okText={editing ? '保存' : '创建'}
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<UnitValues>
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={
          editing
            ? {
                regionCode: editing.regionCode,
                name: editing.name,
                shortName: editing.shortName,
                kind: editing.kind,
                contactName: editing.contactName,
                contactPhone: editing.contactPhone,
                description: editing.description,
              }
            : { kind: 'department' }
        }
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="regionCode" label="所属区划" rules={[{ required: true, message: '请选择所属区划' }]}>
          <RegionPicker disabled={!!editing} levels={['county', 'town']} />
        </Form.Item>
        {!editing && (
          <Form.Item name="code" label="单位编码" extra="留空则自动编号">
            <Input maxLength={32} />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="单位名称"
          rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="shortName" label="简称">
          <Input maxLength={16} />
        </Form.Item>
        <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={UNIT_KIND_OPTIONS} />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="description" label="职责简介">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RoutesTable({ regionCode }: { regionCode: string | undefined }) {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const routes = useCategoryRoutes({ regionCode, page, pageSize: 50 });
  const act = useOrgMutation();
  const columns: ColumnsType<TCategoryRoute> = [
    {
      title: '问题分类',
      key: 'category',
      width: 180,
      render: (_, r) => <span title={r.categoryCode}>{categoryLabel(r.categoryCode)}</span>,
    },
    { title: '适用区划', dataIndex: 'regionName', key: 'region', width: 140 },
    {
      title: '默认主办单位',
      key: 'unit',
      render: (_, r) => (
        <span>
          {r.unit.name}（{r.unit.code}）{!r.unit.active && <Tag>已停用</Tag>}
        </span>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, r) =>
        r.actions.includes('delete') && (
          <Popconfirm
            title="删除该分类路由？"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={async () => {
              try {
                await act.mutateAsync({ method: 'DELETE', path: `/category-routes/${enc(r.routeId)}` });
                void message.success('已删除');
              } catch (err) {
                void message.error(messageOf(err));
              }
            }}
          >
            <Button type="link" size="small" danger>
              删除
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <>
      {routes.data?.canCreate && <RouteSetForm />}
      {routes.isError && <Alert type="error" showIcon title={messageOf(routes.error)} style={{ marginBottom: 16 }} />}
      <Table<TCategoryRoute>
        rowKey="routeId"
        size="middle"
        columns={columns}
        dataSource={routes.data?.items ?? []}
        loading={routes.isFetching}
        pagination={{
          current: page,
          pageSize: 50,
          total: routes.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 条`,
          onChange: setPage,
        }}
      />
    </>
  );
}

/** 设置默认主办单位: one category in one region goes to one lead unit (setting it again replaces it). */
function RouteSetForm() {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ regionCode: string; categoryCode: string; unitId: string }>();
  const save = useOrgMutation();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={async (v) => {
          setError(null);
          try {
            await save.mutateAsync({ method: 'PUT', path: '/category-routes', body: v });
            void message.success('已设置默认主办单位');
            form.resetFields();
          } catch (err) {
            setError(applyServerErrors(form, err, ['regionCode', 'categoryCode', 'unitId']));
          }
        }}
      >
        <Form.Item name="regionCode" rules={[{ required: true, message: '请选择适用区划' }]}>
          <RegionPicker
            aria-label="适用区划"
            placeholder="适用区划"
            levels={['county', 'town']}
            style={{ width: 170 }}
          />
        </Form.Item>
        <Form.Item name="categoryCode" rules={[{ required: true, message: '请选择问题分类' }]}>
          <Select
            aria-label="问题分类"
            placeholder="问题分类"
            options={CONCERN_CATEGORY_OPTIONS}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item name="unitId" rules={[{ required: true, message: '请选择默认主办单位' }]}>
          <UnitPicker aria-label="默认主办单位" placeholder="默认主办单位" style={{ width: 240 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            设置默认主办单位
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/** 承办单位: handling units and the routing table from concern category to default lead unit. */
export default function UnitsPage() {
  const { message } = App.useApp();
  const { query, page, pageSize, update } = useUrlQuery({ status: 'active' });
  const [search, setSearch] = useState(query.q ?? '');
  const [dialog, setDialog] = useState<UnitDialog | null>(null);
  const [handling, setHandling] = useState<TUnit | null>(null);
  const tab = query.view === 'routes' ? 'routes' : 'list';
  const listQuery = { ...query };
  delete listQuery.view;
  const units = useUnits(listQuery, tab === 'list');
  const act = useOrgMutation();

  const run = async (u: TUnit, action: 'deactivate' | 'activate', done: string) => {
    try {
      await act.mutateAsync({ method: 'POST', path: `/units/${enc(u.unitId)}/${action}` });
      void message.success(`已${done}“${u.name}”`);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  const columns: ColumnsType<TUnit> = [
    { title: '编码', dataIndex: 'code', key: 'code', width: 100 },
    { title: '名称', dataIndex: 'name', key: 'name', width: 220, ellipsis: true },
    { title: '类型', dataIndex: 'kindLabel', key: 'kind', width: 110 },
    { title: '所属区划', dataIndex: 'regionName', key: 'region', width: 110 },
    {
      title: '联系人',
      key: 'contact',
      width: 160,
      render: (_, u) => [u.contactName, u.contactPhone].filter(Boolean).join(' ') || '—',
    },
    { title: '经办人', dataIndex: 'handlerCount', key: 'handlers', width: 70, align: 'right' },
    { title: '分类路由', dataIndex: 'routeCount', key: 'routes', width: 80, align: 'right' },
    { title: '状态', key: 'active', width: 80, render: (_, u) => <ActiveTag active={u.active} /> },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: 190,
      render: (_, u) => (
        <Space size={0}>
          {u.actions.includes('update') && (
            <Button type="link" size="small" onClick={() => setDialog({ mode: 'edit', unit: u })}>
              编辑
            </Button>
          )}
          {u.actions.includes('manage_handlers') && (
            <Button type="link" size="small" aria-label={`设置${u.name}的经办人`} onClick={() => setHandling(u)}>
              经办人
            </Button>
          )}
          {u.actions.includes('deactivate') && (
            <Popconfirm
              title={`停用“${u.name}”？`}
              okText="停用"
              cancelText="取消"
              okButtonProps={{ danger: true }}
              onConfirm={() => run(u, 'deactivate', '停用')}
            >
              <Button type="link" size="small" danger>
                停用
              </Button>
            </Popconfirm>
          )}
          {u.actions.includes('activate') && (
            <Popconfirm
              title={`启用“${u.name}”？`}
              okText="启用"
              cancelText="取消"
              onConfirm={() => run(u, 'activate', '启用')}
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
  const anyActions = (units.data?.items ?? []).some((u) => u.actions.length > 0);

  return (
    <Card
      title="承办单位"
      extra={
        units.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
            新建承办单位
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <RegionPicker
          aria-label="按区划筛选"
          placeholder="全部区划"
          levels={['county', 'town']}
          allowClear
          value={query.regionCode}
          onChange={(regionCode) => update({ regionCode })}
          style={{ width: 200 }}
        />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(view) => update({ view: view === 'routes' ? 'routes' : undefined })}
        items={[
          {
            key: 'list',
            label: '单位列表',
            children: (
              <>
                <Space wrap style={{ marginBottom: 16 }}>
                  <Input.Search
                    aria-label="搜索承办单位"
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
                    options={UNIT_KIND_OPTIONS}
                    value={query.kind}
                    onChange={(kind?: string) => update({ kind })}
                    style={{ width: 150 }}
                  />
                  <Select
                    aria-label="按状态筛选"
                    options={STATUS_OPTIONS}
                    value={query.status}
                    onChange={(status: string) => update({ status })}
                    style={{ width: 110 }}
                  />
                </Space>
                {units.isError && (
                  <Alert type="error" showIcon title={messageOf(units.error)} style={{ marginBottom: 16 }} />
                )}
                <Table<TUnit>
                  rowKey="unitId"
                  columns={anyActions ? columns : columns.filter((c) => c.key !== 'actions')}
                  dataSource={units.data?.items ?? []}
                  loading={units.isFetching}
                  scroll={{ x: 'max-content' }}
                  size="middle"
                  pagination={{
                    current: page,
                    pageSize,
                    total: units.data?.total ?? 0,
                    showSizeChanger: true,
                    showTotal: (total) => `共 ${total} 个单位`,
                    onChange: (p, ps) => update({ page: p, pageSize: ps }),
                  }}
                />
              </>
            ),
          },
          {
            key: 'routes',
            label: '分类路由表',
            children: tab === 'routes' && <RoutesTable regionCode={query.regionCode} />,
          },
        ]}
      />
      {dialog && <UnitFormDialog dialog={dialog} onClose={() => setDialog(null)} />}
      {handling && (
        <UserAssignDialog
          target={{ kind: 'unit', id: handling.unitId, name: handling.name }}
          onClose={() => setHandling(null)}
        />
      )}
    </Card>
  );
}
