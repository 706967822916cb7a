import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/** One ECharts instance on a div: options in, clicks out (with the data index and name). */
export function EChart(props: {
  option: echarts.EChartsOption;
  height?: number | string;
  onClick?: (p: { dataIndex: number; name: string; seriesIndex: number }) => void;
  ariaLabel: string;
  theme?: 'dark';
  map?: { name: string; geoJson: unknown };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(props.onClick);
  click.current = props.onClick;

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, props.theme, { renderer: 'canvas' });
    chart.current = c;
    // the browser tests find the bars through the instance (a real click at the bar's pixel)
    (ref.current as HTMLDivElement & { __chart?: echarts.ECharts }).__chart = c;
    c.on('click', (p) => click.current?.({ dataIndex: p.dataIndex, name: p.name, seriesIndex: p.seriesIndex ?? 0 }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [props.theme]);

  useEffect(() => {
    if (props.map) echarts.registerMap(props.map.name, props.map.geoJson as never);
    chart.current?.setOption(props.option, true);
  }, [props.option, props.map]);

  return <div ref={ref} role="img" aria-label={props.ariaLabel} style={{ width: '100%', height: props.height ?? 320 }} />;
}
