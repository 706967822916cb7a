import { Link, useParams } from 'react-router';
import { Alert, Button, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { DEPUTY_LEVEL_LABELS, type DeputyLevel } from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { usePerformanceRecord } from './duty.api';
import { FACT_LABELS } from './PerformancePage';
import './print.css';

/** 年度履职档案: a deputy's year on A4 — facts, duty compliance, the ratings in order, and an outline for the 述职 report. */
export default function PerformancePrintPage() {
  const { deputyId, year } = useParams<{ deputyId: string; year: string }>();
  const record = usePerformanceRecord(deputyId, Number(year));
  if (record.isLoading) return <Spin />;
  if (record.error) return <Alert type="error" showIcon message={messageOf(record.error)} />;
  const r = record.data;
  if (!r) return null;
  const levels = r.deputy.levels.map((l) => DEPUTY_LEVEL_LABELS[l as DeputyLevel] ?? l).join('、');
  return (
    <Space direction="vertical" size="middle">
      <Space className="gv-no-print">
        <Link to="/duty/performance">
          <Button icon={<ArrowLeftOutlined />}>返回履职档案</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <article className="gv-a4" aria-label="年度履职档案">
        <h1>{r.title}</h1>
        <table>
          <tbody>
            <tr>
              <th>代表姓名</th>
              <td>{r.deputy.name}</td>
              <th>代表层级</th>
              <td>{levels}</td>
            </tr>
            {Object.entries(r.facts).map(([k, v]) => (
              <tr key={k}>
                <th colSpan={2}>{FACT_LABELS[k] ?? k}</th>
                <td colSpan={2}>{v}</td>
              </tr>
            ))}
            <tr>
              <th colSpan={2}>进站入网格达标</th>
              <td colSpan={2}>
                {r.compliance
                  ? `${r.compliance.compliantPeriods}/${r.compliance.totalPeriods} 个周期达标${r.compliance.compliant ? '' : '（有未达标周期）'}`
                  : '—'}
              </td>
            </tr>
            {r.evaluation.ratings.map((x) => (
              <tr key={x.stage}>
                <th colSpan={2}>{x.stageLabel}</th>
                <td colSpan={2}>
                  {x.total.toFixed(1)}分{x.comment ? `；${x.comment}` : ''}
                </td>
              </tr>
            ))}
            <tr>
              <th colSpan={2}>评价结果</th>
              <td colSpan={2}>{r.evaluation.result ? `${r.evaluation.result.total.toFixed(1)}分，${r.evaluation.result.gradeLabel}` : '评议尚未完成'}</td>
            </tr>
            <tr>
              <th>述职要点</th>
              <td colSpan={3} className="gv-a4__tall">
                {r.reportOutline.map((line) => (
                  <p key={line} style={{ margin: '0 0 2mm' }}>
                    {line}。
                  </p>
                ))}
              </td>
            </tr>
          </tbody>
        </table>
        <div className="gv-a4__signatures">
          <span>代表签名：____________</span>
          <span>代表工委（盖章）：____________</span>
        </div>
      </article>
    </Space>
  );
}
