/**
 * Notifications: what people are told when a concern moves, and how delivery is retried.
 * Pure: the texts are built from the event; the server resolves targets to people and channels.
 */
export const NOTIFICATION_CHANNELS = ['sms', 'email', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannel, string> = {
  sms: '短信',
  email: '电子邮件',
  webhook: '接口推送（微信、粤政易等）',
};

export interface ConcernEventForNotice {
  eventType: string;
  caseNumber: string;
  title: string;
  /** the concern's due date (YYYY-MM-DD) when it has one */
  dueOn?: string | null;
}

const STAFF_TEXT: Record<string, (e: ConcernEventForNotice) => string> = {
  registered: (e) => `新登记群众意见 ${e.caseNumber}：${e.title}`,
  sent_for_dispatch: (e) => `群众意见 ${e.caseNumber} 待分办：${e.title}`,
  dispatched: (e) => `收到交办的群众意见 ${e.caseNumber}：${e.title}${e.dueOn ? `，请于 ${e.dueOn} 前办结` : ''}`,
  accepted: (e) => `群众意见 ${e.caseNumber} 已被承办单位签收`,
  returned: (e) => `群众意见 ${e.caseNumber} 被承办单位退回，请重新分办`,
  extension_requested: (e) => `群众意见 ${e.caseNumber} 申请延期，请审批`,
  extension_approved: (e) => `群众意见 ${e.caseNumber} 的延期申请已批准`,
  extension_refused: (e) => `群众意见 ${e.caseNumber} 的延期申请未获批准`,
  opinion_given: (e) => `群众意见 ${e.caseNumber} 的协办单位已提交意见`,
  replied: (e) => `群众意见 ${e.caseNumber} 已答复，待群众评价`,
  escalated: (e) => `群众意见 ${e.caseNumber} 已提级办理：${e.title}`,
  urged: (e) => `催办：群众意见 ${e.caseNumber}（${e.title}）请抓紧办理`,
  key_supervision_set: (e) => `群众意见 ${e.caseNumber} 列为重点督办`,
  key_supervision_cleared: (e) => `群众意见 ${e.caseNumber} 已取消重点督办`,
  rated: (e) => `群众意见 ${e.caseNumber} 已收到群众评价`,
  reopened: (e) => `群众意见 ${e.caseNumber} 群众评价不满意，已重新办理${e.dueOn ? `，请于 ${e.dueOn} 前办结` : ''}`,
  closed: (e) => `群众意见 ${e.caseNumber} 已办结`,
  closed_not_rated: (e) => `群众意见 ${e.caseNumber} 逾期未评价，已办结`,
  merged: (e) => `群众意见 ${e.caseNumber} 已并入同类意见办理`,
  resolved_on_spot: (e) => `群众意见 ${e.caseNumber} 已就地解决，待群众评价`,
  due_soon: (e) => `群众意见 ${e.caseNumber}（${e.title}）即将到期${e.dueOn ? `（${e.dueOn}）` : ''}，请及时办理`,
  overdue: (e) => `群众意见 ${e.caseNumber}（${e.title}）已超期，请尽快办理`,
};

/** The in-app / SMS / email text for staff and deputies, or null when the event tells them nothing. */
export function staffNoticeText(e: ConcernEventForNotice): string | null {
  const f = STAFF_TEXT[e.eventType];
  return f ? f(e) : null;
}

/**
 * Constituents hear by SMS only when their concern is answered and when it closes — never the
 * inner steps — and never with staff names.
 */
export function constituentSmsText(e: ConcernEventForNotice, trackingUrl?: string | null): string | null {
  const link = trackingUrl ? `，查看与评价：${trackingUrl}` : '';
  switch (e.eventType) {
    case 'replied':
    case 'master_reply_relayed':
    case 'resolved_on_spot':
      return `【民声通】您反映的问题（编号 ${e.caseNumber}）已有答复${link}`;
    case 'closed':
    case 'closed_not_rated':
      return `【民声通】您反映的问题（编号 ${e.caseNumber}）已办结，感谢您的参与${link}`;
    default:
      return null;
  }
}

/** Retry delays: 1 min, 5 min, 30 min, 2 h, 12 h; after that the delivery is given up as failed. */
export const DELIVERY_BACKOFF_SECONDS = [60, 300, 1800, 7200, 43200] as const;

export function nextAttemptAt(attempts: number, failedAt: Date): Date | null {
  const delay = DELIVERY_BACKOFF_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay * 1000);
}

/** One text for a day's notifications (the daily digest option). */
export function digestText(items: readonly string[], max = 10): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max).map((t, i) => `${i + 1}. ${t}`);
  const more = items.length > max ? `\n……另有 ${items.length - max} 条，请登录民声通查看` : '';
  return `【民声通】今日共有 ${items.length} 条待关注事项：\n${shown.join('\n')}${more}`;
}
