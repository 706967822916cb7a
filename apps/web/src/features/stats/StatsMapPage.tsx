import { useMemo, useState } from 'react';
import { Alert, Card, Empty, Select, Space, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { METRICS } from '@gridvoice/core';
import { EChart } from './EChart';
import { useMapData, yearRange } from './stats.api';
import { yearOptions } from './StatsOverviewPage';

/** 地图: the grids of the scope (their GeoJSON from the organisation module), coloured by a chosen figure. */
export default function StatsMapPage() {
  const [chosen, setYear] = useState<number | null>(null);
  const [metric, setMetric] = useState('concerns_collected');
  const q = useMapData({ ...(chosen === null ? {} : yearRange(chosen)), metric });
  const d = q.data;
  const year = chosen ?? (d ? Number(d.from.slice(0, 4)) : null);
  const geo = useMemo(() => ({
    type: 'FeatureCollection',
    features: (d?.features ?? []).map((f) => ({ type: 'Feature', properties: { name: f.name }, geometry: f.boundary })),
  }), [d]);
  const max = Math.max(1, ...(d?.features ?? []).map((f) => f.value));
  const mapName = `gv-grids-${year}-${metric}`;
  const option: EChartsOption = useMemo(() => ({
    tooltip: { trigger: 'item', formatter: '{b}：{c}' },
    visualMap: { min: 0, max, left: 'left', bottom: 20, text: ['高', '低'], calculable: true, inRange: { color: ['#e6f4ff', '#1677ff', '#002c8c'] } },
    series: [{ type: 'map', map: mapName, roam: true, name: d?.label ?? '', data: (d?.features ?? []).map((f) => ({ name: f.name, value: f.value })) }],
  }), [d, max, mapName]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>网格地图</Typography.Title>
        <Select aria-label="统计年度" value={year} options={yearOptions(d ? Number(d.from.slice(0, 4)) : null)} onChange={setYear} style={{ width: 120 }} />
        <Select
          aria-label="着色指标"
          value={metric}
          onChange={setMetric}
          style={{ width: 180 }}
          options={METRICS.filter((m) => (m.dimensions as readonly string[]).includes('grid')).map((m) => ({ value: m.code, label: m.label }))}
        />
      </Space>
      {q.error && <Alert type="error" message={(q.error).message} />}
      <Card>
        {d && d.features.length === 0 ? (
          <Empty description="本辖区的网格尚未绘制边界（在“组织架构 · 网格”中导入 GeoJSON）" />
        ) : (
          d && <EChart ariaLabel="网格地图" option={option} height={640} map={{ name: mapName, geoJson: geo }} />
        )}
      </Card>
    </Space>
  );
}
