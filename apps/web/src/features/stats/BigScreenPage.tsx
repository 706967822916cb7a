import { useEffect, useMemo, useState } from 'react';
import type { EChartsOption } from 'echarts';
import { METRIC_BY_CODE, formatMoneyForText, type MetricCode } from '@gridvoice/core';
import { useNavigate } from 'react-router';
import { EChart } from './EChart';
import { pct, useOverview } from './stats.api';

const KPIS: MetricCode[] = ['activities_held', 'deputy_person_times', 'constituents_received', 'concerns_collected', 'concerns_handled', 'concerns_closed'];
const RECORDS: MetricCode[] = ['suggestions_formed', 'suggestions_closed', 'micro_projects_approved', 'micro_projects_finished', 'livelihood_projects_approved'];
const REFRESH_MS = 30_000;

/** 数据大屏: 1920×1080 for the standing committee's hall; refreshes itself every 30 seconds. */
export default function BigScreenPage() {
  const q = useOverview({}, REFRESH_MS);
  const year = q.data ? q.data.from.slice(0, 4) : '';
  const navigate = useNavigate();
  const [clock, setClock] = useState(new Date());
  useEffect(() => {
    const t = setInterval(() => setClock(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  const d = q.data;
  const text = { color: '#d6e4ff' };
  const trend: EChartsOption = useMemo(() => ({
    textStyle: text,
    legend: { top: 0, textStyle: text, data: ['收集', '办结'] },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: (d?.trend ?? []).map((t) => t.month.slice(5) + '月'), axisLabel: text },
    yAxis: { type: 'value', axisLabel: text, splitLine: { lineStyle: { color: '#1d3a6e' } } },
    series: [
      { name: '收集', type: 'line', smooth: true, areaStyle: { opacity: 0.2 }, data: (d?.trend ?? []).map((t) => t.concerns_collected) },
      { name: '办结', type: 'line', smooth: true, areaStyle: { opacity: 0.2 }, data: (d?.trend ?? []).map((t) => t.concerns_closed) },
    ],
  }), [d]);
  const towns: EChartsOption = useMemo(() => {
    const rows = [...(d?.byChild ?? [])].sort((a, b) => a.figures.concerns_collected - b.figures.concerns_collected).slice(-12);
    return {
      textStyle: text,
      grid: { left: 110, right: 30, top: 10, bottom: 20 },
      yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: text },
      xAxis: { type: 'value', axisLabel: text, splitLine: { lineStyle: { color: '#1d3a6e' } } },
      series: [{ type: 'bar', data: rows.map((r) => r.figures.concerns_collected), itemStyle: { color: '#36cfc9' }, label: { show: true, position: 'right', color: '#fff' } }],
    };
  }, [d]);
  const sat: EChartsOption = useMemo(() => ({
    textStyle: text,
    legend: { bottom: 0, textStyle: text },
    series: [{
      type: 'pie', stillShowZeroSum: false, radius: ['45%', '70%'], label: { color: '#fff' },
      data: (['closed_satisfied', 'closed_basically_satisfied', 'closed_dissatisfied', 'closed_not_rated'] as MetricCode[]).map((m) => ({ name: METRIC_BY_CODE[m].label, value: d?.figures[m] ?? 0 })),
    }],
  }), [d]);
  const cats: EChartsOption = useMemo(() => ({
    textStyle: text,
    grid: { left: 50, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: (d?.byCategory ?? []).map((c) => c.label), axisLabel: { ...text, interval: 0 } },
    yAxis: { type: 'value', axisLabel: text, splitLine: { lineStyle: { color: '#1d3a6e' } } },
    series: [{ type: 'bar', data: (d?.byCategory ?? []).map((c) => c.figures.concerns_collected), itemStyle: { color: '#597ef7' } }],
  }), [d]);
  const panel = { background: 'rgba(16,42,92,0.6)', border: '1px solid #2f54eb55', borderRadius: 8, padding: 16 } as const;
  const h = { color: '#91caff', fontSize: 22, margin: '0 0 8px' } as const;
  return (
    <div
      data-testid="big-screen"
      style={{ position: 'fixed', inset: 0, zIndex: 2000, background: 'radial-gradient(circle at 50% 0, #10306b, #050d24 70%)', color: '#fff', overflow: 'hidden' }}
    >
      <div style={{ width: 1920, height: 1080, margin: '0 auto', padding: 24, boxSizing: 'border-box', display: 'grid', gridTemplateRows: '90px 170px 1fr 1fr', gap: 16 }}>
        <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <button onClick={() => navigate('/stats')} style={{ background: 'none', border: '1px solid #597ef7', color: '#adc6ff', padding: '6px 14px', borderRadius: 4, cursor: 'pointer' }}>
            返回
          </button>
          <h1 style={{ margin: 0, fontSize: 44, letterSpacing: 6 }}>{d?.regionName ?? ''}代表“进站入网格”履职数据大屏</h1>
          <div style={{ fontSize: 22, color: '#adc6ff' }}>数据截至 {d ? new Date(d.fold.asOf).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—'}<br />本机时间 {clock.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' })}</div>
        </header>
        <section style={{ display: 'grid', gridTemplateColumns: 'repeat(8, 1fr)', gap: 16 }}>
          {KPIS.map((m) => (
            <div key={m} style={{ ...panel, textAlign: 'center' }}>
              <div style={{ color: '#91caff', fontSize: 22 }}>{METRIC_BY_CODE[m].label}</div>
              <div style={{ fontSize: 52, fontWeight: 700, color: '#ffd666' }}>{d?.figures[m] ?? '—'}</div>
              <div style={{ color: '#adc6ff' }}>{METRIC_BY_CODE[m].unit}</div>
            </div>
          ))}
          <div style={{ ...panel, textAlign: 'center' }}>
            <div style={{ color: '#91caff', fontSize: 22 }}>满意率</div>
            <div style={{ fontSize: 52, fontWeight: 700, color: '#95de64' }}>{pct(d?.satisfactionRate ?? null)}</div>
          </div>
          <div style={{ ...panel, textAlign: 'center' }}>
            <div style={{ color: '#91caff', fontSize: 22 }}>履职达标率</div>
            <div style={{ fontSize: 52, fontWeight: 700, color: '#95de64' }}>{d?.compliance?.deputies ? pct(d.compliance.compliant / d.compliance.deputies) : '—'}</div>
          </div>
        </section>
        <section style={{ display: 'grid', gridTemplateColumns: '1.3fr 1fr', gap: 16 }}>
          <div style={panel}><h2 style={h}>{year}年群众意见月度趋势</h2><EChart ariaLabel="大屏月度趋势" option={trend} height={270} /></div>
          <div style={panel}><h2 style={h}>各镇（街）收集群众意见</h2><EChart ariaLabel="大屏各镇街" option={towns} height={270} /></div>
        </section>
        <section style={{ display: 'grid', gridTemplateColumns: '1fr 0.8fr 1.3fr', gap: 16 }}>
          <div style={panel}><h2 style={h}>群众评价</h2><EChart ariaLabel="大屏群众评价" option={sat} height={270} /></div>
          <div style={panel} aria-label="代表建议与民生实事">
            <h2 style={h}>代表建议与民生实事</h2>
            {RECORDS.map((m) => (
              <div key={m} style={{ display: 'flex', justifyContent: 'space-between', fontSize: 22, lineHeight: '44px', borderBottom: '1px solid #1d3a6e' }}>
                <span style={{ color: '#adc6ff' }}>{METRIC_BY_CODE[m].label}</span>
                <span><b style={{ color: '#ffd666', fontSize: 30 }}>{d?.figures[m] ?? '—'}</b> {METRIC_BY_CODE[m].unit}</span>
              </div>
            ))}
            <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 22, lineHeight: '44px' }}>
              <span style={{ color: '#adc6ff' }}>民生实事安排资金</span>
              <b style={{ color: '#ffd666', fontSize: 30 }}>{d ? formatMoneyForText(d.figures.micro_projects_money + d.figures.livelihood_projects_money) : '—'}</b>
            </div>
          </div>
          <div style={panel}>
            <h2 style={h}>按类别</h2>
            <EChart ariaLabel="大屏按类别" option={cats} height={240} />
            <div style={{ color: '#8c8c8c', fontSize: 16 }}>
              每30秒自动刷新{d ? `；汇总表落后 ${d.fold.lagSeconds} 秒，待汇总变动已计入` : ''}
            </div>
          </div>
        </section>
      </div>
    </div>
  );
}
