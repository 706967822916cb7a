import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { DEFAULT_CONCERN_CATEGORIES } from '@gridvoice/core';
import { applyServerErrors } from '../../app/form-errors';
import { useEntryConcerns, type ReceptionEntry } from './duty.api';

const CATEGORY_OPTIONS = DEFAULT_CONCERN_CATEGORIES.map((c) => ({ value: c.code, label: c.label }));

/**
 * 转为群众意见: one request of a reception entry becomes a concern in the closed loop (numbered,
 * routed and deadlined there); `onDone` receives the entry as it now stands.
 */
export function EntryConcernDialog({
  entry,
  request,
  onClose,
  onDone,
}: {
  entry: ReceptionEntry;
  request: { index: number; content: string };
  onClose: () => void;
  onDone?: (entry: ReceptionEntry) => void;
}) {
  const { message } = App.useApp();
  const toConcerns = useEntryConcerns();
  const [form] = Form.useForm<{ title: string; categoryCode: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const out = await toConcerns.mutateAsync({
        entry,
        items: [{ requestIndex: request.index, title: v.title, categoryCode: v.categoryCode, tier: 'general' }],
      });
      message.success(`已转为群众意见 ${out.created.map((x) => x.caseNumber).join('、')}`);
      onDone?.(out.entry);
      onClose();
    } catch (err) {
      const general = applyServerErrors(form, err, ['title', 'categoryCode']);
      if (general) message.error(general);
    }
  };
  return (
    <Modal title="转为群众意见" open okText="转为群众意见" cancelText="取消" confirmLoading={toConcerns.isPending} onOk={submit} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{request.content}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ title: request.content.slice(0, 30) }}>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="categoryCode" label="问题类别" rules={[{ required: true, message: '请选择问题类别' }]}>
          <Select options={CATEGORY_OPTIONS} aria-label="问题类别" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
