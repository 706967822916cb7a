import { useState } from 'react';
import { Alert, Button, Card, Progress, Segmented, Space, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { messageOf } from '../../../app/form-errors';
import {
  exportUrl,
  IMPORT_KIND_LABELS,
  templateUrl,
  uploadImport,
  type ImportKind,
  type ImportProblem,
  type ImportResult,
} from './import.api';

const KINDS: ImportKind[] = ['deputies', 'stations', 'grids'];

const HINTS: Record<ImportKind, string> = {
  deputies: '按手机号码识别同一代表；没有手机号码时按“姓名＋出生年份”识别。重复导入同一文件不会产生重复记录。',
  stations: '按联络站编码识别；编码中的类型字母须与“类型”一致。',
  grids: '按网格编码识别；微网格的上级网格须已存在或在同一文件中。',
};

type Phase = { step: 'idle' } | { step: 'uploading'; percent: number } | { step: 'checking' };

const problemColumns: ColumnsType<ImportProblem> = [
  { title: '行号', dataIndex: 'row', key: 'row', width: 80, render: (row: number) => (row > 0 ? `第 ${row} 行` : '—') },
  { title: '列', dataIndex: 'column', key: 'column', width: 160, render: (c: string) => c || '—' },
  { title: '问题', dataIndex: 'message', key: 'message' },
];

/** 批量导入: template, upload with progress, every problem of a refused file, or the summary of an import. */
export default function ImportPage() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('deputies');
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [result, setResult] = useState<(ImportResult & { fileName: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = IMPORT_KIND_LABELS[kind];
  const busy = phase.step !== 'idle';

  const start = async (file: File) => {
    setResult(null);
    setError(null);
    setPhase({ step: 'uploading', percent: 0 });
    try {
      const r = await uploadImport(queryClient, kind, file, (percent) =>
        setPhase(percent >= 100 ? { step: 'checking' } : { step: 'uploading', percent }),
      );
      setResult({ ...r, fileName: file.name });
      if (r.ok) void queryClient.invalidateQueries({ queryKey: ['organisation'] });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPhase({ step: 'idle' });
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        批量导入导出
      </Typography.Title>
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <span>导入内容：</span>
            <Segmented<ImportKind>
              value={kind}
              disabled={busy}
              onChange={(k) => {
                setKind(k);
                setResult(null);
                setError(null);
              }}
              options={KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
            />
          </Space>
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={templateUrl(kind)}>
              下载{label}导入模板
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl(kind)}>
              导出当前{label}名单
            </Button>
          </Space>
          <Typography.Text type="secondary">
            {HINTS[kind]} 文件须全部正确才会导入：只要有一行有误，整个文件都不导入，并列出每一处问题。
          </Typography.Text>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void start(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入{label}表格（.xlsx）开始导入</p>
          </Upload.Dragger>
          {phase.step === 'uploading' && (
            <div role="status" aria-label="导入进度">
              <Typography.Text>正在上传…</Typography.Text>
              <Progress percent={phase.percent} status="active" />
            </div>
          )}
          {phase.step === 'checking' && (
            <div role="status" aria-label="导入进度">
              <Typography.Text>已上传，正在逐行检查并导入，请稍候…</Typography.Text>
              <Progress percent={100} status="active" showInfo={false} />
            </div>
          )}
          {error && <Alert type="error" showIcon title={`导入失败：${error}`} />}
        </Space>
      </Card>

      {result && !result.ok && (
        <Card title={`“${result.fileName}”未导入`}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={`发现 ${result.problems.length} 处问题，未导入任何数据。请修改后重新上传整个文件。`}
          />
          <Table<ImportProblem>
            rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
            size="small"
            columns={problemColumns}
            dataSource={result.problems}
            pagination={result.problems.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            aria-label="导入问题列表"
          />
        </Card>
      )}
      {result?.ok && (
        <Alert
          type="success"
          showIcon
          title={`导入成功：“${result.fileName}”共 ${result.rows} 行`}
          description={`新增${label} ${result.created} 个，更新 ${result.updated} 个，未变化 ${result.unchanged} 个。`}
        />
      )}
    </Space>
  );
}
