import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Space, Spin, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useProject, useProjects, yuan } from './projects.api';
import { ProjectActionDialog } from './ProjectDetailPage';
import { ProgressPair, ProjectStatusTag } from './shared';

/** 视察项目: the deputy's phone view — projects under way near them, record an inspection with photos and location. */
export default function MyInspectionsPage() {
  const list = useProjects({});
  const [chosen, setChosen] = useState<string | undefined>();
  const detail = useProject(chosen);
  if (list.isLoading) return <Spin />;
  const rows = (list.data?.items ?? []).filter((p) => p.actions.includes('inspect'));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        视察项目
      </Typography.Title>
      <Typography.Text type="secondary">到现场察看民生项目，拍照并核实完成进度，与承办单位报告的进度对照。</Typography.Text>
      {rows.length === 0 && <Empty description="暂无可视察的项目" />}
      {rows.map((p) => (
        <Card key={p.projectId} size="small" title={<Link to={`/projects/${p.projectId}`}>{p.title}</Link>} extra={<ProjectStatusTag status={p.status} label={p.statusLabel} />}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {p.regionName} · {p.unitName ?? '—'} · {yuan(p.budgetFen)}
            </Typography.Text>
            <ProgressPair progress={p.progress} compact />
            <Button type="primary" size="large" block icon={<CameraOutlined />} style={{ height: 56, fontSize: 18 }} onClick={() => setChosen(p.projectId)} aria-label={`视察 ${p.title}`}>
              记录视察
            </Button>
          </Space>
        </Card>
      ))}
      {detail.data && chosen && <ProjectActionDialog project={detail.data} dialog="inspect" onClose={() => setChosen(undefined)} />}
    </Space>
  );
}
