import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { CoverageMetric, TCoverageReport } from '@gridvoice/core';
import { messageOf } from '../../../app/form-errors';
import { withQuery } from '../../../app/api';
import { ORG_API, useCoverage } from '../organisation.api';
import { RegionPicker, useUrlQuery } from '../shared';

type Row = TCoverageReport['rows'][number] | (TCoverageReport['totals'] & { regionCode: string; regionName: string });
type Link_ = { path: string; query: Record<string, string> };

/** The console page behind an API list link: /api/organisation/grids?… → /organisation/grids?… */
function consoleHref(link: Link_, drop?: string): string {
  const params = new URLSearchParams(link.query);
  if (drop) params.delete(drop);
  const path = link.path.startsWith(ORG_API) ? `/organisation${link.path.slice(ORG_API.length)}` : link.path;
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * A count with its list: the server names the list and filter of each "without" metric; the
 * whole (all grids, all deputies, all villages) is the same list without that one filter.
 */
function CountLink({ value, row, metric, drop, label }: { value: number; row: Row; metric: CoverageMetric; drop?: string; label: string }) {
  const link = row.links[metric];
  if (!link) return <span>{value}</span>;
  return (
    <Link to={consoleHref(link, drop)} aria-label={`${row.regionName}${label}：${value}`}>
      {value}
    </Link>
  );
}

/** A share of nothing (no grids, no villages) is shown as —, not 0 %. */
const pct = (n: number, whole: number) => (whole > 0 ? `${n.toFixed(1)}%` : '—');

/** 覆盖情况 (R-ORG-6): every deputy in a grid, every grid with a deputy, a station for every village. */
export default function CoveragePage() {
  const { query, update } = useUrlQuery();
  const report = useCoverage(query.regionCode);
  const data = report.data;

  const columns: ColumnsType<Row> = [
    { title: '区划', dataIndex: 'regionName', key: 'region', width: 120, fixed: 'left' },
    {
      title: '网格',
      children: [
        { title: '网格数', key: 'grids', align: 'right', render: (_, r) => <CountLink value={r.grids} row={r} metric="grids_without_deputy" drop="hasDeputy" label="网格数" /> },
        { title: '无代表', key: 'gwd', align: 'right', render: (_, r) => <CountLink value={r.gridsWithoutDeputy} row={r} metric="grids_without_deputy" label="无代表的网格" /> },
        { title: '有代表率', key: 'gp', align: 'right', render: (_, r) => pct(r.percentages.gridsWithDeputy, r.grids) },
      ],
    },
    {
      title: '代表',
      children: [
        { title: '代表数', key: 'deputies', align: 'right', render: (_, r) => <CountLink value={r.deputies} row={r} metric="deputies_without_grid" drop="hasGrid" label="代表数" /> },
        { title: '未进网格', key: 'dwg', align: 'right', render: (_, r) => <CountLink value={r.deputiesWithoutGrid} row={r} metric="deputies_without_grid" label="未进网格的代表" /> },
        { title: '进网格率', key: 'dgp', align: 'right', render: (_, r) => pct(r.percentages.deputiesInGrid, r.deputies) },
        { title: '未进联络站', key: 'dws', align: 'right', render: (_, r) => <CountLink value={r.deputiesWithoutStation} row={r} metric="deputies_without_station" label="未进联络站的代表" /> },
        { title: '进站率', key: 'dsp', align: 'right', render: (_, r) => pct(r.percentages.deputiesAtStation, r.deputies) },
      ],
    },
    {
      title: '村（社区）',
      children: [
        { title: '村（社区）数', key: 'villages', align: 'right', render: (_, r) => <CountLink value={r.villages} row={r} metric="villages_without_station" drop="hasStation" label="村（社区）数" /> },
        { title: '无联络站覆盖', key: 'vws', align: 'right', render: (_, r) => <CountLink value={r.villagesWithoutStation} row={r} metric="villages_without_station" label="无联络站覆盖的村（社区）" /> },
        { title: '覆盖率', key: 'vp', align: 'right', render: (_, r) => pct(r.percentages.villagesWithStation, r.villages) },
      ],
    },
  ];

  const rows: Row[] = data ? [...data.rows, { ...data.totals, regionCode: data.regionCode, regionName: `合计（${data.regionName}）` }] : [];

  return (
    <Card
      title="覆盖情况"
      extra={
        <Space wrap>
          <RegionPicker
            aria-label="统计区划"
            placeholder="本人管辖区域"
            levels={['county', 'town']}
            allowClear
            value={query.regionCode}
            onChange={(regionCode) => update({ regionCode })}
            style={{ width: 200 }}
          />
          <Button
            icon={<DownloadOutlined />}
            href={withQuery(`${ORG_API}/coverage/export`, { regionCode: query.regionCode })}
            disabled={!data}
          >
            导出 Excel
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          每个代表都进网格、每个网格都有代表、联络站覆盖每个村（社区）。点击数字可查看对应名单；停用的网格、代表和联络站不计入。
        </Typography.Paragraph>
        {report.isError && <Alert type="error" showIcon title={messageOf(report.error)} />}
        <Table<Row>
          rowKey={(r) => `${r.regionCode}-${r.regionName}`}
          columns={columns}
          dataSource={rows}
          loading={report.isFetching}
          pagination={false}
          bordered
          size="middle"
          scroll={{ x: 'max-content' }}
        />
      </Space>
    </Card>
  );
}
