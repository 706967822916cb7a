import { useState } from 'react';
import { Alert, Badge, Card, Space, Tabs, Typography } from 'antd';
import { INBOX_LABELS, type ConcernInbox, type Role } from '@gridvoice/core';
import { useCurrentUser } from '../../app/auth';
import { messageOf } from '../../app/form-errors';
import { useInbox } from './concerns.api';
import { ConcernTable } from './ConcernTable';

/** Which inboxes each role has (the server refuses the others with 403). */
const INBOXES_BY_ROLE: Partial<Record<Role, ConcernInbox[]>> = {
  deputy: ['mine'],
  station_manager: ['mine'],
  town_staff: ['to-dispatch', 'overdue', 'key-supervision', 'mine'],
  congress_staff: ['to-dispatch', 'escalated', 'key-supervision', 'overdue', 'mine'],
  unit_handler: ['assigned', 'due-soon', 'overdue'],
};

function InboxTab({ inbox }: { inbox: ConcernInbox }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useInbox(inbox, page);
  return (
    <>
      {list.isError && <Alert type="error" showIcon title={messageOf(list.error)} style={{ marginBottom: 12 }} />}
      <ConcernTable
        items={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page.page}
        pageSize={page.pageSize}
        loading={list.isFetching}
        onPage={(p, s) => setPage({ page: p, pageSize: s })}
      />
    </>
  );
}

function TabLabel({ inbox }: { inbox: ConcernInbox }) {
  const count = useInbox(inbox, { page: 1, pageSize: 1 });
  return (
    <Space size={6}>
      {INBOX_LABELS[inbox]}
      <Badge count={count.data?.total ?? 0} showZero={false} overflowCount={999} color={inbox === 'overdue' ? 'red' : 'blue'} />
    </Space>
  );
}

/** 待办: the inboxes of my role. */
export default function ConcernInboxPage() {
  const user = useCurrentUser();
  const inboxes = INBOXES_BY_ROLE[user.role] ?? [];
  const [active, setActive] = useState<ConcernInbox | undefined>(inboxes[0]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        待办
      </Typography.Title>
      <Card styles={{ body: { paddingTop: 4 } }}>
        {inboxes.length === 0 ? (
          <Typography.Text type="secondary">您的角色没有待办列表。</Typography.Text>
        ) : (
          <Tabs
            activeKey={active}
            onChange={(k) => setActive(k as ConcernInbox)}
            destroyOnHidden
            items={inboxes.map((i) => ({ key: i, label: <TabLabel inbox={i} />, children: <InboxTab inbox={i} /> }))}
          />
        )}
      </Card>
    </Space>
  );
}
