import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';

function BackHome() {
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate('/')}>
      返回工作台
    </Button>
  );
}

export function ForbiddenPage() {
  return (
    <Result
      status="403"
      title="403"
      subTitle="抱歉，您没有访问此页面的权限。如需使用，请联系管理员。"
      extra={<BackHome />}
    />
  );
}

export function NotFoundPage() {
  return <Result status="404" title="404" subTitle="抱歉，您访问的页面不存在。" extra={<BackHome />} />;
}
