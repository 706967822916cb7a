import ExcelJS from 'exceljs';
import {
  CHANNEL_LABELS,
  DEFAULT_CONCERN_CATEGORIES,
  RATING_LABELS,
  TIER_LABELS,
  TRAFFIC_LIGHT_LABELS,
  type ClosingRating,
  type ConcernChannel,
  type TConcernListItem,
} from '@gridvoice/core';

const CATEGORY_LABELS = new Map<string, string>(DEFAULT_CONCERN_CATEGORIES.map((c) => [c.code, c.label]));

/** The concern list as an xlsx workbook; personal data only in masked form. */
export async function concernsWorkbook(items: TConcernListItem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'GridVoice 民声通';
  const ws = wb.addWorksheet('群众意见');
  ws.columns = [
    { header: '案件编号', key: 'caseNumber', width: 22 },
    { header: '标题', key: 'title', width: 40 },
    { header: '状态', key: 'status', width: 12 },
    { header: '办理层级', key: 'tier', width: 16 },
    { header: '反映渠道', key: 'channel', width: 16 },
    { header: '问题分类', key: 'category', width: 12 },
    { header: '所在村（社区）', key: 'region', width: 20 },
    { header: '群众姓名', key: 'name', width: 10 },
    { header: '联系电话', key: 'phone', width: 15 },
    { header: '办理期限', key: 'dueAt', width: 20 },
    { header: '红绿灯', key: 'light', width: 8 },
    { header: '重点督办', key: 'key', width: 8 },
    { header: '重新办理次数', key: 'reopen', width: 10 },
    { header: '评价', key: 'rating', width: 10 },
    { header: '登记时间', key: 'createdAt', width: 20 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const c of items) {
    ws.addRow({
      caseNumber: c.caseNumber,
      title: c.title,
      status: c.statusLabel,
      tier: TIER_LABELS[c.tier],
      channel: CHANNEL_LABELS[c.channel as ConcernChannel] ?? c.channel,
      category: CATEGORY_LABELS.get(c.categoryCode) ?? c.categoryCode,
      region: c.regionName ?? c.regionCode,
      name: c.constituent.anonymous ? '匿名' : (c.constituent.name ?? ''),
      phone: c.constituent.anonymous ? '' : (c.constituent.phone ?? ''),
      dueAt: c.dueAt ? new Date(c.dueAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '',
      light: c.trafficLight ? TRAFFIC_LIGHT_LABELS[c.trafficLight] : '',
      key: c.keySupervision ? '是' : '',
      reopen: c.reopenCount,
      rating: c.rating ? RATING_LABELS[c.rating as ClosingRating] : '',
      createdAt: new Date(c.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
