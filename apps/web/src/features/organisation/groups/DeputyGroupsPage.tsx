import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TDeputyGroup, TDeputyGroupDetail } from '@gridvoice/core';
import { applyServerErrors, messageOf } from '../../../app/form-errors';
import { DEPUTY_LEVEL_LABELS } from '../labels';
import { enc, useDeputyGroupDetail, useDeputyGroups, useOrgMutation } from '../organisation.api';
import { DeputyPicker } from '../pickers';
import { RegionPicker } from '../shared';

interface GroupForm {
  name: string;
  regionCode: string;
  field?: string;
  description?: string;
  leaderId?: string;
}

const levelText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${DEPUTY_LEVEL_LABELS[level as keyof typeof DEPUTY_LEVEL_LABELS] ?? level} ${n}`)
    .join('、');

/** One group: its members with their levels, adding and removing members (R-ORG-4 五级代表混编). */
function GroupDrawer({ groupId, onClose }: { groupId: string | null; onClose: () => void }) {
  const { message } = App.useApp();
  const mutate = useOrgMutation<TDeputyGroupDetail>();
  const [adding, setAdding] = useState<string | undefined>();
  const detail = useDeputyGroupDetail(groupId);
  const g = detail.data;
  const setMembers = async (members: { deputyId: string; role: 'leader' | 'member' }[], done: string) => {
    if (!g) return;
    try {
      await mutate.mutateAsync({ method: 'PUT', path: `/deputy-groups/${enc(g.groupId)}/members`, body: { members } });
      void message.success(done);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };
  const current = (g?.members ?? []).map((m) => ({ deputyId: m.deputyId, role: m.role }));
  return (
    <Drawer open={!!groupId} onClose={onClose} title={g?.name ?? '代表小组'} size="large" destroyOnHidden>
      {g && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="所属区划">{g.regionName}</Descriptions.Item>
            <Descriptions.Item label="领域">{g.field ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="成员">
              {g.memberCount} 人
              {g.mixesLevels && (
                <Tag color="blue" style={{ marginLeft: 8 }}>
                  五级代表混编
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="各级代表">{levelText(g.levelCounts) || '—'}</Descriptions.Item>
          </Descriptions>
          {g.actions.includes('manage_members') && (
            <Space.Compact style={{ width: '100%' }}>
              <DeputyPicker
                aria-label="添加成员"
                placeholder="输入姓名或拼音查找代表"
                value={adding}
                onChange={setAdding}
              />
              <Button
                type="primary"
                disabled={!adding}
                onClick={() => {
                  if (adding && !current.some((m) => m.deputyId === adding)) {
                    void setMembers([...current, { deputyId: adding, role: 'member' }], '已添加成员');
                  }
                  setAdding(undefined);
                }}
              >
                添加
              </Button>
            </Space.Compact>
          )}
          <Table
            rowKey="deputyId"
            size="small"
            pagination={false}
            aria-label="小组成员"
            dataSource={g.members}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              {
                title: '代表层级',
                dataIndex: 'levels',
                render: (ls: string[]) =>
                  ls.map((l) => <Tag key={l}>{DEPUTY_LEVEL_LABELS[l as keyof typeof DEPUTY_LEVEL_LABELS] ?? l}</Tag>),
              },
              {
                title: '组内角色',
                dataIndex: 'role',
                render: (r: string) => (r === 'leader' ? <Tag color="gold">组长</Tag> : '成员'),
              },
              ...(g.actions.includes('manage_members')
                ? [
                    {
                      title: '操作',
                      key: 'op',
                      render: (_: unknown, m: { deputyId: string; name: string }) => (
                        <Button
                          type="link"
                          danger
                          size="small"
                          onClick={() =>
                            void setMembers(
                              current.filter((x) => x.deputyId !== m.deputyId),
                              `已移出 ${m.name}`,
                            )
                          }
                        >
                          移出
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

/** 代表小组: the groups deputies of the five levels work in, by region (R-ORG-4). */
export default function DeputyGroupsPage() {
  const { message } = App.useApp();
  const [q, setQ] = useState<string | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<string | null>(null);
  const list = useDeputyGroups({ q, regionCode, page, pageSize: 20 });
  const mutate = useOrgMutation<TDeputyGroupDetail>();
  const [form] = Form.useForm<GroupForm>();

  const create = async () => {
    const v = await form.validateFields();
    try {
      const g = await mutate.mutateAsync({
        method: 'POST',
        path: '/deputy-groups',
        body: {
          name: v.name,
          regionCode: v.regionCode,
          field: v.field || undefined,
          description: v.description || undefined,
          members: v.leaderId ? [{ deputyId: v.leaderId, role: 'leader' }] : [],
        },
      });
      void message.success(`已新建“${g.name}”`);
      setOpen(false);
      form.resetFields();
      setDetail(g.groupId);
    } catch (err) {
      const general = applyServerErrors(form, err, ['name', 'regionCode', 'field', 'description']);
      if (general) void message.error(general);
    }
  };
  const remove = async (g: TDeputyGroup) => {
    try {
      await mutate.mutateAsync({ method: 'DELETE', path: `/deputy-groups/${enc(g.groupId)}` });
      void message.success(`已删除“${g.name}”`);
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  return (
    <Card
      title="代表小组"
      extra={
        list.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建小组
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder="小组名称"
          aria-label="搜索代表小组"
          style={{ width: 220 }}
          onSearch={(v) => {
            setQ(v || undefined);
            setPage(1);
          }}
        />
        <RegionPicker
          aria-label="按区划筛选"
          allowClear
          value={regionCode}
          onChange={(v) => {
            setRegionCode(v);
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Typography.Text type="secondary">共 {list.data?.total ?? 0} 个小组</Typography.Text>
      </Space>
      <Table
        rowKey="groupId"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: '小组',
            dataIndex: 'name',
            render: (v: string, g) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setDetail(g.groupId)}>
                {v}
              </Button>
            ),
          },
          { title: '所属区划', dataIndex: 'regionName', width: 140 },
          { title: '领域', dataIndex: 'field', width: 120, render: (v: string | null) => v ?? '—' },
          { title: '成员', dataIndex: 'memberCount', width: 80, align: 'right' },
          {
            title: '各级代表',
            dataIndex: 'levelCounts',
            render: (c: Record<string, number>, g) => (
              <>
                {levelText(c) || '—'}
                {g.mixesLevels && (
                  <Tag color="blue" style={{ marginLeft: 8 }}>
                    混编
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: '操作',
            key: 'op',
            width: 90,
            render: (_: unknown, g) =>
              g.actions.includes('delete') && (
                <Popconfirm
                  title={`删除“${g.name}”？`}
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void remove(g)}
                >
                  <Button type="link" danger size="small">
                    删除
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <GroupDrawer groupId={detail} onClose={() => setDetail(null)} />
      <Modal
        title="新建代表小组"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void create()}
        okText="新建"
        confirmLoading={mutate.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label="小组名称"
            rules={[{ required: true, whitespace: true, message: '请填写小组名称' }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="regionCode" label="所属区划" rules={[{ required: true, message: '请选择所属区划' }]}>
            <RegionPicker aria-label="所属区划" />
          </Form.Item>
          <Form.Item name="field" label="领域（可选）">
            <Input maxLength={32} placeholder="例如 乡村振兴" />
          </Form.Item>
          <Form.Item name="description" label="简介（可选）">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="leaderId" label="组长（可选）">
            <DeputyPicker aria-label="组长" placeholder="输入姓名或拼音查找代表" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
