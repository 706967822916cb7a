import { useState } from 'react';
import { Alert, App, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import type { DeputyLevel, TDeputy, TDeputyCreateRequest, TDeputyUpdateRequest } from '@gridvoice/core';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useOrgMutation } from '../organisation.api';
import { RegionPicker } from '../shared';
import { DEPUTY_LEVEL_OPTIONS, GENDER_OPTIONS } from '../labels';

export type DeputyDialog = { mode: 'create' } | { mode: 'edit'; deputy: TDeputy };

interface Values {
  name: string;
  gender: 'male' | 'female';
  ethnicity?: string;
  birthYear?: number | null;
  occupation?: string;
  sector?: string;
  workplace?: string;
  fromCountyOrgan?: boolean;
  regionCode: string;
  phone?: string;
  level?: DeputyLevel;
  term?: number;
  constituency?: string;
}

const FIELDS = [
  'name',
  'gender',
  'ethnicity',
  'birthYear',
  'occupation',
  'sector',
  'workplace',
  'regionCode',
  'phone',
] as const;

/** 新建代表 (with a first mandate) / 编辑代表. Further mandates and placements are kept in the detail. */
export function DeputyFormDialog({ dialog, onClose }: { dialog: DeputyDialog; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useOrgMutation();
  const editing = dialog.mode === 'edit' ? dialog.deputy : null;

  const submit = async (v: Values) => {
    setFormError(null);
    const person = {
      name: v.name.trim(),
      gender: v.gender,
      ethnicity: v.ethnicity ?? null,
      birthYear: v.birthYear ?? null,
      occupation: v.occupation ?? null,
      sector: v.sector ?? null,
      workplace: v.workplace ?? null,
      fromCountyOrgan: v.fromCountyOrgan ?? false,
      regionCode: v.regionCode,
    };
    try {
      if (editing) {
        const body: TDeputyUpdateRequest = { ...person, version: editing.version };
        // A masked number is never sent back: the phone changes only when a new one is typed.
        if (v.phone?.trim()) body.phone = v.phone.trim();
        await save.mutateAsync({ method: 'PATCH', path: `/deputies/${enc(editing.deputyId)}`, body });
        void message.success(`已保存代表“${person.name}”`);
      } else {
        const body: TDeputyCreateRequest = {
          ...person,
          phone: v.phone?.trim() || null,
          mandates: [{ level: v.level!, term: v.term!, constituency: v.constituency ?? null, status: 'active' }],
        };
        await save.mutateAsync({ method: 'POST', path: '/deputies', body });
        void message.success(`已新建代表“${person.name}”`);
      }
      onClose();
    } catch (err) {
      const problem = applyServerErrors(form, err, FIELDS);
      setFormError(problem);
    }
  };

  return (
    <Modal
      open
      width={680}
      title={editing ? `编辑代表：${editing.name}` : '新建代表'}
      okText={editing ? '保存' : '创建'}
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={
          editing
            ? {
                name: editing.name,
                gender: editing.gender ?? undefined,
                ethnicity: editing.ethnicity ?? undefined,
                birthYear: editing.birthYear,
                occupation: editing.occupation ?? undefined,
                sector: editing.sector ?? undefined,
                workplace: editing.workplace ?? undefined,
                fromCountyOrgan: editing.fromCountyOrgan,
                regionCode: editing.regionCode,
              }
            : { ethnicity: '汉族', term: 17 }
        }
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label="姓名"
              rules={[{ required: true, whitespace: true, message: '请输入代表姓名' }]}
            >
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
              <Select options={GENDER_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="ethnicity" label="民族">
              <Input maxLength={16} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="regionCode"
              label="所属区划"
              extra="管理该代表的镇（街道）或本级"
              rules={[{ required: true, message: '请选择所属区划' }]}
            >
              <RegionPicker levels={['county', 'town']} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthYear" label="出生年份">
              <InputNumber min={1900} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="occupation" label="职业">
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sector" label="界别">
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="workplace" label="工作单位">
              <Input maxLength={128} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="fromCountyOrgan" label=" " valuePropName="checked">
              <Checkbox>市直机关下放</Checkbox>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label="电话"
              extra={
                editing
                  ? `当前：${editing.phoneMasked ?? '未填写'}；留空则不修改`
                  : '个人信息，加密保存，列表中脱敏显示'
              }
            >
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        {!editing && (
          <>
            <Typography.Title level={5}>代表资格</Typography.Title>
            <Row gutter={16}>
              <Col span={10}>
                <Form.Item name="level" label="层级" rules={[{ required: true, message: '请选择代表层级' }]}>
                  <Select options={DEPUTY_LEVEL_OPTIONS} />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name="term" label="届次" rules={[{ required: true, message: '请输入届次' }]}>
                  <InputNumber min={1} max={99} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={9}>
                <Form.Item name="constituency" label="选区">
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
      </Form>
    </Modal>
  );
}
