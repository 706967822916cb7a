import { useState } from 'react';
import { App, Button, Progress as AntProgress, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { uploadAttachment } from '../concerns/concerns.api';
import type { Progress } from './projects.api';

const STATUS_COLORS: Record<string, string> = {
  proposed: 'default',
  approved: 'blue',
  started: 'processing',
  finished: 'cyan',
  accepted: 'green',
  rejected: 'red',
  cancelled: 'default',
};

export function ProjectStatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{label}</Tag>;
}

/** The two progress figures side by side: what the unit reports, what deputies verified. */
export function ProgressPair({ progress, compact }: { progress: Progress; compact?: boolean }) {
  const size = compact ? 'small' : 'default';
  return (
    <Space direction={compact ? 'vertical' : 'horizontal'} size={compact ? 0 : 'large'} style={{ width: '100%' }} wrap aria-label="项目进度">
      <div style={{ minWidth: compact ? 140 : 220 }}>
        <Typography.Text type="secondary">承办单位报告</Typography.Text>
        <AntProgress percent={progress.reported ?? 0} size={size} status="active" format={() => (progress.reported === null ? '未报告' : `${progress.reported}%`)} />
      </div>
      <div style={{ minWidth: compact ? 140 : 220 }}>
        <Typography.Text type="secondary">代表视察核实</Typography.Text>
        <AntProgress percent={progress.verified ?? 0} size={size} strokeColor="#389e0d" format={() => (progress.verified === null ? '未视察' : `${progress.verified}%`)} />
      </div>
      {progress.flagged && (
        <Tag color="orange" icon={<WarningOutlined />}>
          报告比核实高 {progress.gap} 个百分点
        </Tag>
      )}
    </Space>
  );
}

/** Photo upload to the attachments module; the ids of the uploaded files go with the record. */
export function PhotoUpload({ onChange, label = '上传照片' }: { onChange: (ids: string[]) => void; label?: string }) {
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload
      accept="image/jpeg,image/png,image/webp"
      listType="picture"
      fileList={files}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange(fileList.filter((f) => f.status === 'done' && typeof f.response === 'string').map((f) => f.response as string));
      }}
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
      <Button icon={<UploadOutlined />}>{label}</Button>
    </Upload>
  );
}

/** The browser's position, if allowed within a few seconds. */
export function currentLocation(): Promise<{ lat: number; lng: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => resolve(null),
      { timeout: 5000, maximumAge: 60_000 },
    );
  });
}
