import { App, Alert, Avatar, Button, Descriptions, Drawer, Empty, Popconfirm, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { IdcardOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import type { TDeputyDetail } from '@gridvoice/core';
import { messageOf } from '../../../app/form-errors';
import { uploadAttachment } from '../../concerns/concerns.api';
import { enc, useDeputyDetail, useOrgMutation } from '../organisation.api';
import { ActiveTag, PhoneReveal } from '../shared';
import { AssignDialog } from './AssignDialog';
import { MandateDialog } from './MandateDialog';
import { useState } from 'react';

const MANDATE_STATUS_LABELS: Record<string, string> = { active: '在任', ended: '已终止' };

/**
 * 代表照片: shown on the drawer and printed on the service card (R-DUTY-7). The file goes through
 * the attachments module (type by content, re-encoded, EXIF dropped); the server caps it at 2 MB.
 */
function DeputyPhoto({ deputy }: { deputy: TDeputyDetail }) {
  const { message } = App.useApp();
  const act = useOrgMutation();
  const [uploading, setUploading] = useState(false);
  const canManage = deputy.actions.includes('manage_photo');
  const upload = async (file: File) => {
    setUploading(true);
    try {
      const { attachmentId } = await uploadAttachment(file);
      await act.mutateAsync({ method: 'PUT', path: `/deputies/${enc(deputy.deputyId)}/photo`, body: { attachmentId } });
      void message.success('已更新照片');
    } catch (err) {
      void message.error(messageOf(err));
    } finally {
      setUploading(false);
    }
  };
  const remove = async () => {
    try {
      await act.mutateAsync({ method: 'DELETE', path: `/deputies/${enc(deputy.deputyId)}/photo` });
      void message.success('已删除照片');
    } catch (err) {
      void message.error(messageOf(err));
    }
  };
  return (
    <Space align="start" size="large">
      {deputy.photoPath ? (
        <img
          src={deputy.photoPath}
          alt={`${deputy.name}的照片`}
          style={{ width: 96, height: 128, objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }}
        />
      ) : (
        <Avatar shape="square" size={96} icon={<UserOutlined />} aria-label="暂无照片" />
      )}
      <Space direction="vertical" size="small">
        {canManage && (
          <Space wrap>
            <Upload
              accept="image/jpeg,image/png,image/webp"
              showUploadList={false}
              disabled={uploading}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={uploading}>
                {deputy.photoPath ? '更换照片' : '上传照片'}
              </Button>
            </Upload>
            {deputy.photoPath && (
              <Popconfirm title="删除照片？" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={remove}>
                <Button danger>删除照片</Button>
              </Popconfirm>
            )}
          </Space>
        )}
        {canManage && (
          <Typography.Text type="secondary">JPG、PNG 或 WebP，不超过 2 MB；上传后自动去除拍摄位置等信息。</Typography.Text>
        )}
        <Link to={`/organisation/service-cards?deputyId=${enc(deputy.deputyId)}`}>
          <IdcardOutlined /> 查看服务卡
        </Link>
      </Space>
    </Space>
  );
}

/** 代表详情: the person, their mandates (五级代表) and where they serve (进站入网格). */
export function DeputyDrawer({
  deputyId,
  onClose,
  onEdit,
}: {
  deputyId: string;
  onClose: () => void;
  onEdit: (d: TDeputyDetail) => void;
}) {
  const { message } = App.useApp();
  const detail = useDeputyDetail(deputyId);
  const act = useOrgMutation();
  const [assigning, setAssigning] = useState<{ assignment?: TDeputyDetail['assignments'][number] } | null>(null);
  const [editingMandate, setEditingMandate] = useState<TDeputyDetail['mandates'][number] | null>(null);
  const d = detail.data;

  const unassign = async (assignmentId: string) => {
    try {
      await act.mutateAsync({ method: 'DELETE', path: `/deputies/${enc(deputyId)}/assignments/${enc(assignmentId)}` });
      void message.success('已取消该安排');
    } catch (err) {
      void message.error(messageOf(err));
    }
  };

  return (
    <Drawer
      open
      title={d ? `代表详情：${d.name}` : '代表详情'}
      size={720}
      onClose={onClose}
      extra={
        d?.actions.includes('update') && (
          <Button type="primary" onClick={() => onEdit(d)}>
            编辑
          </Button>
        )
      }
    >
      {detail.isPending ? (
        <Spin />
      ) : detail.isError ? (
        <Alert type="error" showIcon title={messageOf(detail.error)} />
      ) : d ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <section aria-label="代表照片">
            <DeputyPhoto deputy={d} />
          </section>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="姓名">
              {d.name} {d.isDemo && <Tag>演示</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <ActiveTag active={d.active} />
            </Descriptions.Item>
            <Descriptions.Item label="性别">{d.genderLabel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="民族">{d.ethnicity ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="出生年份">{d.birthYear ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="所属区划">{d.regionName}</Descriptions.Item>
            <Descriptions.Item label="职业">{d.occupation ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="界别">{d.sector ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="工作单位" span={2}>
              {d.workplace ?? '—'}
              {d.fromCountyOrgan && <Tag style={{ marginLeft: 8 }}>市直机关下放</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="电话" span={2}>
              <PhoneReveal
                masked={d.phoneMasked}
                label={d.name}
                canReveal={d.actions.includes('reveal_phone')}
                revealPath={`/deputies/${enc(d.deputyId)}/reveal-phone`}
              />
            </Descriptions.Item>
            <Descriptions.Item label="代表小组" span={2}>
              {d.groups.length ? d.groups.map((g) => <Tag key={g.groupId}>{g.name}</Tag>) : '—'}
            </Descriptions.Item>
          </Descriptions>

          <section aria-label="代表资格">
            <Typography.Title level={5}>代表资格</Typography.Title>
            <Table
              rowKey="mandateId"
              size="small"
              pagination={false}
              dataSource={d.mandates}
              columns={[
                { title: '层级', dataIndex: 'levelLabel', key: 'level' },
                { title: '所属人大', key: 'congress', render: (_, m) => m.congressRegionName ?? '全国' },
                { title: '届次', key: 'term', render: (_, m) => `第${m.term}届` },
                { title: '选区', key: 'constituency', render: (_, m) => m.constituency ?? '—' },
                {
                  title: '状态',
                  key: 'status',
                  render: (_, m) => (
                    <>
                      {MANDATE_STATUS_LABELS[m.status] ?? m.status}
                      {m.endedOn && <Typography.Text type="secondary">（至 {m.endedOn}）</Typography.Text>}
                    </>
                  ),
                },
                ...(d.actions.includes('manage_mandates')
                  ? [
                      {
                        title: '操作',
                        key: 'op',
                        render: (_: unknown, m: TDeputyDetail['mandates'][number]) => (
                          <Button
                            type="link"
                            size="small"
                            aria-label={`修改${m.levelLabel}资格`}
                            onClick={() => setEditingMandate(m)}
                          >
                            修改
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </section>

          <section aria-label="进站入网格">
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Title level={5}>进站入网格</Typography.Title>
              {d.actions.includes('manage_assignments') && (
                <Button size="small" onClick={() => setAssigning({})}>
                  新增安排
                </Button>
              )}
            </Space>
            {d.assignments.length === 0 ? (
              <Empty description="尚未安排进站入网格" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table
                rowKey="assignmentId"
                size="small"
                pagination={false}
                dataSource={d.assignments}
                columns={[
                  { title: '依据', dataIndex: 'basisLabel', key: 'basis' },
                  { title: '联络站', key: 'station', render: (_, a) => a.station?.name ?? '—' },
                  { title: '网格', key: 'grid', render: (_, a) => a.grid?.name ?? '—' },
                  ...(d.actions.includes('manage_assignments')
                    ? [
                        {
                          title: '操作',
                          key: 'op',
                          render: (_: unknown, a: TDeputyDetail['assignments'][number]) => (
                            <Space size={0}>
                            <Button
                              type="link"
                              size="small"
                              aria-label={`修改安排：${[a.station?.name, a.grid?.name].filter(Boolean).join('、')}`}
                              onClick={() => setAssigning({ assignment: a })}
                            >
                              修改
                            </Button>
                            <Popconfirm
                              title="取消该安排？"
                              okText="取消安排"
                              cancelText="返回"
                              onConfirm={() => unassign(a.assignmentId)}
                            >
                              <Button type="link" size="small" danger>
                                取消安排
                              </Button>
                            </Popconfirm>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </section>
          {d.links.length > 0 && (
            <section aria-label="联系">
              <Typography.Title level={5}>联系</Typography.Title>
              {d.links.map((l) => (
                <div key={l.linkId}>
                  {l.memberName ?? ''} {l.unitName ?? ''}
                </div>
              ))}
            </section>
          )}
          {assigning && (
            <AssignDialog
              deputy={d}
              {...(assigning.assignment ? { assignment: assigning.assignment } : {})}
              onClose={() => setAssigning(null)}
            />
          )}
          {editingMandate && (
            <MandateDialog deputy={d} mandate={editingMandate} onClose={() => setEditingMandate(null)} />
          )}
        </Space>
      ) : null}
    </Drawer>
  );
}
