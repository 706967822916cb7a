/**
 * The text of a report pack (R-STAT-1), worded like the congresses' own reports (seed 003):
 * "2024年，会城街道共组织各级人大代表667人次开展“进站入网格”履职活动134次，接待（联系）群众712人次，
 * 共收集群众意见398条，当年办理378条。" Every number is the exact figure of the period.
 */
import { formatMoneyForText, onTimeRate, satisfactionRate, suggestionSatisfactionRate, type MetricCode } from './metrics.js';

export type Figures = Record<MetricCode, number>;

export interface ReportInput {
  regionName: string;
  /** e.g. 2024年 / 2024年第二季度 / 2024年5月 / 2024年3月1日至2024年6月30日 */
  periodLabel: string;
  figures: Figures;
  compliance?: { deputies: number; compliant: number } | null;
  /** Sentences the suggestions / projects modules add when they land. */
  extra?: string[];
}

export function percent(r: number | null): string {
  if (r === null) return '—';
  return `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

export function periodLabelOf(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (fy === ty && fm === 1 && fd === 1 && tm === 12 && td === 31) return `${fy}年`;
  if (fy === ty && fd === 1 && td === lastDay(ty, tm) && (fm - 1) % 3 === 0 && tm === fm + 2) {
    return `${fy}年第${['一', '二', '三', '四'][(fm - 1) / 3]}季度`;
  }
  if (fy === ty && fm === tm && fd === 1 && td === lastDay(ty, tm)) return `${fy}年${fm}月`;
  return `${fy}年${fm}月${fd}日至${ty}年${tm}月${td}日`;
}

/** The paragraphs of the report pack. */
export function reportParagraphs(r: ReportInput): string[] {
  const f = r.figures;
  const out: string[] = [];
  // seed 003: "…共收集群众意见398条，当年办理378条，形成并办结的代表建议8条"
  const suggestions =
    f.suggestions_formed === 0 && f.suggestions_closed === 0
      ? ''
      : f.suggestions_formed === f.suggestions_closed
        ? `，形成并办结的代表建议${f.suggestions_formed}条`
        : `，形成代表建议${f.suggestions_formed}条、办结${f.suggestions_closed}条`;
  out.push(
    `${r.periodLabel}，${r.regionName}共组织各级人大代表${f.deputy_person_times}人次开展“进站入网格”履职活动${f.activities_held}次，` +
      `接待（联系）群众${f.constituents_received}人次，共收集群众意见${f.concerns_collected}条，当年办理${f.concerns_handled}条${suggestions}。`,
  );
  const rated = f.closed_satisfied + f.closed_basically_satisfied + f.closed_dissatisfied;
  out.push(
    `其中交办承办单位${f.concerns_dispatched}条，办结${f.concerns_closed}条，按期办结${f.concerns_closed_on_time}条（按期办结率${percent(onTimeRate(f))}），` +
      `逾期办理${f.concerns_handled_late}条，重新办理${f.concerns_reopened}条。`,
  );
  out.push(
    `群众评价${rated}条，其中满意${f.closed_satisfied}条、基本满意${f.closed_basically_satisfied}条、不满意${f.closed_dissatisfied}条，` +
      `满意率${percent(satisfactionRate(f))}；另有${f.closed_not_rated}条到期未评价，单列统计。`,
  );
  if (r.compliance && r.compliance.deputies > 0) {
    out.push(
      `按“进站入网格”履职频次要求，应履职代表${r.compliance.deputies}人，达标${r.compliance.compliant}人，达标率${percent(r.compliance.compliant / r.compliance.deputies)}。`,
    );
  }
  if (f.suggestions_replied > 0 || f.suggestions_closed > 0) {
    const rated = f.suggestions_closed_satisfied + f.suggestions_closed_basically_satisfied + f.suggestions_closed_dissatisfied;
    out.push(
      `代表建议答复${f.suggestions_replied}条，其中A类（已解决或基本解决）${f.suggestions_replied_a}条、B类（正在解决）${f.suggestions_replied_b}条、` +
        `C类（列入计划逐步解决）${f.suggestions_replied_c}条、D类（留作参考）${f.suggestions_replied_d}条；` +
        `办结${f.suggestions_closed}条，代表对办理结果表态${rated}条，满意率${percent(suggestionSatisfactionRate(f))}。`,
    );
  }
  const projects: string[] = [];
  if (f.micro_projects_approved > 0 || f.micro_projects_finished > 0) {
    projects.push(`民生微实事立项${f.micro_projects_approved}件，安排资金${formatMoneyForText(f.micro_projects_money)}，完工${f.micro_projects_finished}件`);
  }
  if (f.livelihood_projects_approved > 0 || f.livelihood_projects_finished > 0) {
    projects.push(`人大代表票决产生民生实事项目${f.livelihood_projects_approved}件，安排资金${formatMoneyForText(f.livelihood_projects_money)}，完工${f.livelihood_projects_finished}件`);
  }
  if (projects.length > 0) out.push(`${projects.join('；')}。`);
  for (const s of r.extra ?? []) out.push(s);
  return out;
}
