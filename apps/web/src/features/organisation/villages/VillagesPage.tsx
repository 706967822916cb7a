import { Alert, Button, Card, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { TVillage } from '@gridvoice/core';
import { messageOf } from '../../../app/form-errors';
import { useVillages } from '../organisation.api';
import { boolOptions, RegionPicker, useUrlQuery } from '../shared';

/** 村（社区）: the villages of my scope with their grid and station counts (opened from 覆盖情况). */
export default function VillagesPage() {
  const { query, page, pageSize, update } = useUrlQuery();
  const villages = useVillages(query);
  const columns: ColumnsType<TVillage> = [
    { title: '区划代码', dataIndex: 'code', key: 'code', width: 140 },
    { title: '名称', dataIndex: 'name', key: 'name', width: 180 },
    { title: '所属镇（街道）', dataIndex: 'townName', key: 'town', width: 140 },
    {
      title: '网格',
      key: 'grids',
      width: 80,
      align: 'right',
      render: (_, v) => <Link to={`/organisation/grids?regionCode=${v.code}`}>{v.gridCount}</Link>,
    },
    {
      title: '联络站',
      key: 'stations',
      width: 120,
      render: (_, v) => (v.stationCount > 0 ? v.stationCount : <Tag color="orange">无联络站覆盖</Tag>),
    },
  ];
  return (
    <Card title="村（社区）">
      <Space wrap style={{ marginBottom: 16 }}>
        <RegionPicker
          aria-label="按区划筛选"
          placeholder="全部区划"
          levels={['county', 'town']}
          allowClear
          value={query.regionCode}
          onChange={(regionCode) => update({ regionCode })}
          style={{ width: 200 }}
        />
        <Select
          aria-label="按是否有联络站筛选"
          placeholder="有无联络站"
          allowClear
          options={boolOptions('有联络站', '无联络站')}
          value={query.hasStation}
          onChange={(hasStation?: string) => update({ hasStation })}
          style={{ width: 130 }}
        />
        <Select
          aria-label="按是否有网格筛选"
          placeholder="有无网格"
          allowClear
          options={boolOptions('有网格', '无网格')}
          value={query.hasGrid}
          onChange={(hasGrid?: string) => update({ hasGrid })}
          style={{ width: 120 }}
        />
        <Button onClick={() => history.back()}>返回</Button>
      </Space>
      {villages.isError && (
        <Alert type="error" showIcon title={messageOf(villages.error)} style={{ marginBottom: 16 }} />
      )}
      <Table<TVillage>
        rowKey="code"
        columns={columns}
        dataSource={villages.data?.items ?? []}
        loading={villages.isFetching}
        size="middle"
        pagination={{
          current: page,
          pageSize,
          total: villages.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个`,
          onChange: (p, ps) => update({ page: p, pageSize: ps }),
        }}
      />
    </Card>
  );
}
