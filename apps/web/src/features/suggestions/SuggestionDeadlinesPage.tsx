import { useState } from 'react';
import { Alert, Card, Space, Tabs, Typography } from 'antd';
import { DUE_SOON_DAYS } from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { useSuggestionList } from './suggestions.api';
import { SuggestionTable } from './shared';

/** 逾期与临期: suggestions with the units past their last day, or within 15 days of it. */
export default function SuggestionDeadlinesPage() {
  const [view, setView] = useState<'overdue' | 'due-soon'>('overdue');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useSuggestionList({ view, ...page });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        逾期与临期建议
      </Typography.Title>
      <Card size="small">
        <Tabs
          activeKey={view}
          onChange={(k) => {
            setView(k as 'overdue' | 'due-soon');
            setPage((p) => ({ ...p, page: 1 }));
          }}
          items={[
            { key: 'overdue', label: '已逾期' },
            { key: 'due-soon', label: `${DUE_SOON_DAYS} 天内到期` },
          ]}
        />
        {list.isError && <Alert type="error" showIcon title={messageOf(list.error)} />}
        <SuggestionTable
          items={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={page.page}
          pageSize={page.pageSize}
          loading={list.isFetching}
          onPage={(p, s) => setPage({ page: p, pageSize: s })}
        />
      </Card>
    </Space>
  );
}
