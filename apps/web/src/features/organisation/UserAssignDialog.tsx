import { useRef, useState } from 'react';
import { Alert, App, Form, Modal, Select, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TOrgUserCandidate } from '@gridvoice/core';
import { apiFetch } from '../../app/api';
import { applyServerErrors, messageOf } from '../../app/form-errors';
import { enc, ORG_API, useOrgMutation, useStationDetail, useUnitDetail } from './organisation.api';

type Target = { kind: 'station'; id: string; name: string } | { kind: 'unit'; id: string; name: string };

const TEXT = {
  station: { title: '联络站管理员', role: '联络站管理员', candidates: 'manager-candidates', put: 'managers', base: 'stations' },
  unit: { title: '承办单位经办人', role: '承办单位经办人', candidates: 'handler-candidates', put: 'handlers', base: 'units' },
} as const;

/**
 * 设置联络站管理员 / 承办单位经办人: the accounts of that role within one's scope, searched on the
 * server; an account that serves another station or unit moves here when chosen (it is said so).
 */
export function UserAssignDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const { message } = App.useApp();
  const t = TEXT[target.kind];
  const [form] = Form.useForm<{ userIds: string[] }>();
  const [q, setQ] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const station = useStationDetail(target.kind === 'station' ? target.id : null);
  const unit = useUnitDetail(target.kind === 'unit' ? target.id : null);
  const detail = target.kind === 'station' ? station : unit;
  const current =
    target.kind === 'station'
      ? ((station.data)?.managers ?? [])
      : ((unit.data)?.handlers ?? []);
  const candidates = useQuery({
    queryKey: ['organisation', t.base, target.id, t.candidates, q],
    queryFn: ({ signal }) =>
      apiFetch<{ items: TOrgUserCandidate[] }>(`${ORG_API}/${t.base}/${enc(target.id)}/${t.candidates}`, {
        query: { q: q || undefined },
        signal,
      }),
  });
  const save = useOrgMutation();

  // every account seen so far keeps its label, so a pick survives the next search; the list
  // offers the chosen accounts and the server's answer to the current search
  const seen = useRef(new Map<string, { value: string; label: string }>());
  const chosen = Form.useWatch('userIds', form) ?? [];
  for (const u of current) seen.current.set(u.userId, { value: u.userId, label: `${u.displayName}（${u.username}）` });
  const found = (candidates.data?.items ?? []).map((u) => {
    const elsewhere = u.currentId && u.currentId !== target.id ? `，现属${u.currentName ?? '其他'}` : '';
    const disabled = u.disabled ? '，已停用' : '';
    const option = { value: u.userId, label: `${u.displayName}（${u.username}${elsewhere}${disabled}）` };
    seen.current.set(u.userId, option);
    return option;
  });
  const options = new Map(found.map((o) => [o.value, o]));
  for (const id of chosen) {
    const o = seen.current.get(id);
    if (o && !options.has(id)) options.set(id, o);
  }

  const submit = async (v: { userIds: string[] }) => {
    setFormError(null);
    try {
      await save.mutateAsync({ method: 'PUT', path: `/${t.base}/${enc(target.id)}/${t.put}`, body: { userIds: v.userIds ?? [] } });
      void message.success(`已设置“${target.name}”的${t.title}`);
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, ['userIds']));
    }
  };

  return (
    <Modal
      open
      title={`${t.title}：${target.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: detail.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      {detail.isError && <Alert type="error" showIcon title={messageOf(detail.error)} style={{ marginBottom: 16 }} />}
      {detail.isPending ? (
        <Spin />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ userIds: current.map((u) => u.userId) }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="userIds"
            label={t.title}
            extra={`只列出您管辖范围内角色为“${t.role}”的账号；选中已属其他${target.kind === 'station' ? '联络站' : '单位'}的账号会将其调到此处。`}
          >
            <Select
              mode="multiple"
              aria-label={t.title}
              placeholder="输入姓名或用户名搜索"
              showSearch={{ filterOption: false, onSearch: setQ }}
              onOpenChange={(open) => !open && setQ('')}
              loading={candidates.isFetching}
              options={[...options.values()]}
              notFoundContent={candidates.isFetching ? '正在加载…' : '无匹配账号'}
            />
          </Form.Item>
          {current.length === 0 && <Typography.Text type="secondary">尚未设置{t.title}。</Typography.Text>}
        </Form>
      )}
    </Modal>
  );
}
