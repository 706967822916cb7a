import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { TNotification } from '@gridvoice/core';
import { apiFetch } from '../../app/api';
import { formatDateTime } from '../../app/time';

const KEY = ['notifications'] as const;

interface NotificationPage {
  items: TNotification[];
  total: number;
  unread: number;
}

/** The bell in the header: unread count, the latest notifications, mark read. */
export function NotificationBell() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: [...KEY, 'latest'],
    queryFn: ({ signal }) => apiFetch<NotificationPage>('/api/notifications', { query: { pageSize: 10 }, signal }),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (body: { all: true } | { ids: string[] }) =>
      apiFetch('/api/notifications/read', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  const unread = list.data?.unread ?? 0;

  const content = (
    <div style={{ width: 320, maxWidth: '80vw' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>通知</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => markRead.mutate({ all: true })}>
          全部标为已读
        </Button>
      </Space>
      {(list.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <List
          size="small"
          dataSource={list.data?.items ?? []}
          style={{ maxHeight: 360, overflow: 'auto' }}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }}
              onClick={() => {
                if (!n.read) markRead.mutate({ ids: [n.notificationId] });
                if (n.link?.startsWith('/')) void navigate(n.link);
              }}
            >
              <Space orientation="vertical" size={0}>
                <Typography.Text strong={!n.read}>{n.body}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Button type="text" aria-label={unread > 0 ? `通知（${unread} 条未读）` : '通知'}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
