import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  COMMITTEE_LINK_KIND_LABELS,
  COMMITTEE_LINK_KINDS,
  type CommitteeLinkKind,
  type TCommitteeLink,
  type TCommitteeLinkCreateRequest,
} from '@gridvoice/core';
import { applyServerErrors, messageOf } from '../../../app/form-errors';
import { enc, useCommitteeLinks, useOrgMutation } from '../organisation.api';
import { DeputyPicker, StationPicker, UnitPicker } from '../pickers';
import { RegionPicker } from '../shared';

const FIELDS = ['memberName', 'deputyId', 'stationId', 'unitId', 'regionCode', 'note'] as const;
/** Who links to whom, by kind: the first party and the second party's picker. */
const PARTIES: Record<
  CommitteeLinkKind,
  { member: string | null; other: 'deputyId' | 'stationId' | 'unitId'; otherLabel: string }
> = {
  committee_member_deputy: { member: '常委会组成人员', other: 'deputyId', otherLabel: '联系的代表' },
  presidium_member_station: { member: '主席团成员', other: 'stationId', otherLabel: '联系的联络站' },
  deputy_unit: { member: null, other: 'unitId', otherLabel: '联系的政府部门' },
};

/** 联系代表: 双联系 — committee members with deputies, presidium members with stations, deputies with departments (R-ORG-7). */
export default function CommitteeLinksPage() {
  const { message } = App.useApp();
  const [kind, setKind] = useState<CommitteeLinkKind>('committee_member_deputy');
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const list = useCommitteeLinks({ kind, q, page, pageSize: 20 });
  const mutate = useOrgMutation<TCommitteeLink>();
  const [form] = Form.useForm<Omit<TCommitteeLinkCreateRequest, 'kind'>>();
  const party = PARTIES[kind];

  const create = async () => {
    const v = await form.validateFields();
    try {
      await mutate.mutateAsync({ method: 'POST', path: '/committee-links', body: { ...v, kind } });
      void message.success('已新建联系');
      setOpen(false);
      form.resetFields();
    } catch (err) {
      const general = applyServerErrors(form, err, FIELDS);
      if (general) void message.error(general);
    }
  };
  const remove = async (l: TCommitteeLink) => {
    try {
      await mutate.mutateAsync({ method: 'DELETE', path: `/committee-links/${enc(l.linkId)}` });
      void message.success('已删除联系');
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  const first = (l: TCommitteeLink) =>
    (l.kind === 'deputy_unit' ? l.deputy?.name : (l.memberDeputy?.name ?? l.memberName)) ?? '—';
  const second = (l: TCommitteeLink) =>
    (l.kind === 'committee_member_deputy'
      ? l.deputy?.name
      : l.kind === 'presidium_member_station'
        ? l.station?.name
        : l.unit?.name) ?? '—';

  return (
    <Card
      title="联系代表"
      extra={
        list.data?.canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建联系
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented
          aria-label="联系类型"
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={COMMITTEE_LINK_KINDS.map((k) => ({ value: k, label: COMMITTEE_LINK_KIND_LABELS[k] }))}
        />
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="组成人员姓名"
            aria-label="搜索联系"
            style={{ width: 220 }}
            onSearch={(v) => {
              setQ(v || undefined);
              setPage(1);
            }}
          />
          <Typography.Text type="secondary">共 {list.data?.total ?? 0} 条</Typography.Text>
        </Space>
        <Table
          rowKey="linkId"
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
            { title: party.member ?? '代表', key: 'first', render: (_: unknown, l) => first(l) },
            { title: party.otherLabel, key: 'second', render: (_: unknown, l) => second(l) },
            { title: '所属区划', dataIndex: 'regionName', width: 140 },
            { title: '备注', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            {
              title: '操作',
              key: 'op',
              width: 90,
              render: (_: unknown, l) =>
                l.actions.includes('delete') && (
                  <Popconfirm
                    title="删除这条联系？"
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => void remove(l)}
                  >
                    <Button type="link" danger size="small">
                      删除
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Space>
      <Modal
        title={`新建联系：${COMMITTEE_LINK_KIND_LABELS[kind]}`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void create()}
        okText="新建"
        confirmLoading={mutate.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="regionCode" label="所属区划" rules={[{ required: true, message: '请选择所属区划' }]}>
            <RegionPicker aria-label="所属区划" />
          </Form.Item>
          {party.member ? (
            <Form.Item
              name="memberName"
              label={`${party.member}姓名`}
              rules={[{ required: true, whitespace: true, message: `请填写${party.member}` }]}
            >
              <Input maxLength={32} />
            </Form.Item>
          ) : (
            <Form.Item name="deputyId" label="代表" rules={[{ required: true, message: '请选择代表' }]}>
              <DeputyPicker aria-label="代表" placeholder="输入姓名或拼音查找代表" />
            </Form.Item>
          )}
          <Form.Item
            name={party.other}
            label={party.otherLabel}
            rules={[{ required: true, message: `请选择${party.otherLabel}` }]}
          >
            {party.other === 'deputyId' ? (
              <DeputyPicker aria-label={party.otherLabel} placeholder="输入姓名或拼音查找代表" />
            ) : party.other === 'stationId' ? (
              <StationPicker aria-label={party.otherLabel} />
            ) : (
              <UnitPicker aria-label={party.otherLabel} />
            )}
          </Form.Item>
          <Form.Item name="note" label="备注（可选）">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
