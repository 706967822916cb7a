import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, List, Row, Select, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import {
  CHANNEL_LABELS,
  COLLECTOR_KIND_LABELS,
  TIER_LABELS,
  type TConcernCreateRequest,
  type ConcernChannel,
  type ConcernTier,
  type CollectorKind,
} from '@gridvoice/core';
import { useCurrentUser } from '../../app/auth';
import { applyServerErrors } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { RegionPicker } from '../organisation/shared';
import { GridPicker } from '../organisation/pickers';
import { useDeputies } from '../organisation/organisation.api';
import { uploadAttachment, useCreateConcern, useSimilar } from './concerns.api';
import { CATEGORY_OPTIONS, optionsOf } from './shared';

interface Values {
  regionCode: string;
  gridId?: string;
  categoryCode: string;
  channel: ConcernChannel;
  tier: ConcernTier;
  title: string;
  content: string;
  name?: string;
  phone?: string;
  anonymous?: boolean;
  collectorKind: CollectorKind;
  deputyId?: string;
}

const FIELDS = ['regionCode', 'gridId', 'categoryCode', 'channel', 'tier', 'title', 'content', 'name', 'phone', 'deputyId', 'collectorKind'];

/** Waits until the clerk stops typing before asking for look-alikes. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** 登记: a concern in the constituent's own words, with a duplicate hint while typing. */
export default function ConcernCreatePage() {
  const user = useCurrentUser();
  const isDeputy = user.role === 'deputy';
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateConcern();
  const [formError, setFormError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const ownDeputy = useDeputies({ pageSize: 5 });
  const myDeputyId = isDeputy ? ownDeputy.data?.items[0]?.deputyId : undefined;

  const regionCode = Form.useWatch('regionCode', form);
  const title = Form.useWatch('title', form) ?? '';
  const content = Form.useWatch('content', form) ?? '';
  const collectorKind = Form.useWatch('collectorKind', form);
  const typed = useDebounced(`${title}\u0000${content}`, 400);
  const [dTitle = '', dContent = ''] = typed.split('\u0000');
  const similar = useSimilar(regionCode, dTitle, dContent);

  const submit = async (v: Values) => {
    setFormError(null);
    const attachmentIds = files.flatMap((f) => (f.status === 'done' && f.response ? [String(f.response)] : []));
    const kind = isDeputy ? 'deputy' : v.collectorKind;
    const deputyId = isDeputy ? myDeputyId : v.deputyId;
    const body: TConcernCreateRequest = {
      title: v.title,
      content: v.content,
      channel: v.channel,
      categoryCode: v.categoryCode,
      tier: v.tier,
      regionCode: v.regionCode,
      ...(v.gridId ? { gridId: v.gridId } : {}),
      constituent: {
        ...(v.name ? { name: v.name } : {}),
        ...(v.phone ? { phone: v.phone } : {}),
        anonymous: !!v.anonymous,
      },
      collectorKind: kind,
      ...(kind === 'deputy' && deputyId ? { deputyId } : {}),
      attachmentIds,
    };
    try {
      const res = await create.mutateAsync(body);
      void message.success(`已登记，编号 ${res.caseNumber}`);
      void navigate(`/concerns/${res.concernId}`);
    } catch (err) {
      setFormError(applyServerErrors(form, err, FIELDS));
    }
  };

  const hints = similar.data?.items ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        登记群众意见
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card>
            {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
            <Form<Values>
              form={form}
              name="concern-create"
              layout="vertical"
              autoComplete="off"
              initialValues={{ tier: 'general', channel: 'station_reception', collectorKind: 'staff', anonymous: false }}
              onFinish={(v) => void submit(v)}
            >
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="regionCode" label="所在村（社区）" rules={[{ required: true, message: '请选择所在村（社区）' }]}>
                    <RegionPicker levels={['village']} placeholder="选择村（社区）" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="gridId" label="网格（可选）">
                    <GridPicker regionCode={regionCode} placeholder="选择网格" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="categoryCode" label="问题分类" rules={[{ required: true, message: '请选择问题分类' }]}>
                    <Select options={CATEGORY_OPTIONS} placeholder="选择分类" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="channel" label="反映渠道" rules={[{ required: true, message: '请选择反映渠道' }]}>
                    <Select options={optionsOf(CHANNEL_LABELS)} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="tier" label="办理层级" rules={[{ required: true, message: '请选择办理层级' }]}>
                    <Select options={optionsOf(TIER_LABELS)} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 100 }]}>
                <Input maxLength={100} placeholder="一句话概括" />
              </Form.Item>
              <Form.Item
                name="content"
                label="反映内容"
                rules={[{ required: true, whitespace: true, message: '请填写反映内容' }]}
                extra="尽量记录群众的原话"
              >
                <Input.TextArea rows={5} maxLength={5000} showCount />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="name" label="群众姓名（可选）">
                    <Input maxLength={32} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="phone" label="联系电话（可选）">
                    <Input maxLength={20} inputMode="tel" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="anonymous" label=" " valuePropName="checked">
                    <Checkbox>匿名（不向承办单位显示身份）</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              {!isDeputy && (
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name="collectorKind" label="收集人">
                      <Select options={optionsOf(COLLECTOR_KIND_LABELS).filter((o) => o.value !== 'online')} />
                    </Form.Item>
                  </Col>
                  {collectorKind === 'deputy' && (
                    <Col xs={24} md={12}>
                      <Form.Item name="deputyId" label="收集代表" rules={[{ required: true, message: '请选择收集代表' }]}>
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          options={(ownDeputy.data?.items ?? []).map((d) => ({ value: d.deputyId, label: d.name }))}
                        />
                      </Form.Item>
                    </Col>
                  )}
                </Row>
              )}
              <Form.Item label="照片（可选）">
                <Upload
                  accept="image/jpeg,image/png,application/pdf"
                  listType="picture"
                  fileList={files}
                  onChange={({ fileList }) => setFiles(fileList)}
                  customRequest={({ file, onSuccess, onError }) => {
                    uploadAttachment(file as File).then(
                      (r) => onSuccess?.(r.attachmentId),
                      (e: Error) => {
                        void message.error(e.message);
                        onError?.(e);
                      },
                    );
                  }}
                >
                  <Button icon={<UploadOutlined />}>上传照片</Button>
                </Upload>
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={create.isPending} block={false}>
                登记
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title="相似的群众意见" role="region" aria-label="相似的群众意见">
            {!regionCode ? (
              <Typography.Text type="secondary">选择村（社区）并填写标题后，这里会提示同村相似的在办意见，以便合并。</Typography.Text>
            ) : hints.length === 0 ? (
              <Typography.Text type="secondary">{similar.isFetching ? '正在查找…' : '暂无相似的在办意见'}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={hints}
                renderItem={(h) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      <Typography.Link href={`/concerns/${h.concernId}`} target="_blank">
                        {h.title}
                      </Typography.Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h.caseNumber} · {h.statusLabel} · 相似度 {Math.round(h.similarity * 100)}% · {formatDateTime(h.createdAt)}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
