import { describe, expect, it } from 'vitest';
import { constituentSmsText, digestText, nextAttemptAt, staffNoticeText } from './notification.rules.js';

const e = (eventType: string, dueOn: string | null = null) => ({ eventType, caseNumber: '440784-2025-000824', title: '路灯不亮', dueOn });

describe('R-LOOP-6 notifications: who is told what', () => {
  it.each([
    ['dispatched', '2025-03-20', '收到交办的群众意见 440784-2025-000824：路灯不亮，请于 2025-03-20 前办结'],
    ['returned', null, '群众意见 440784-2025-000824 被承办单位退回，请重新分办'],
    ['urged', null, '催办：群众意见 440784-2025-000824（路灯不亮）请抓紧办理'],
    ['overdue', null, '群众意见 440784-2025-000824（路灯不亮）已超期，请尽快办理'],
    ['suggestion_linked', null, null],
  ])('staff hear of %s', (type, due, text) => {
    expect(staffNoticeText(e(type, due))).toBe(text);
  });

  it.each([
    ['replied', '【民声通】您反映的问题（编号 440784-2025-000824）已有答复，查看与评价：https://x/t/abc'],
    ['closed', '【民声通】您反映的问题（编号 440784-2025-000824）已办结，感谢您的参与，查看与评价：https://x/t/abc'],
    ['dispatched', null],
    ['returned', null],
    ['urged', null],
  ])('a constituent hears of %s only when answered or closed', (type, text) => {
    expect(constituentSmsText(e(type), 'https://x/t/abc')).toBe(text);
  });

  it.each([
    [1, 60],
    [2, 300],
    [5, 43200],
  ])('retry %i waits %i s', (attempts, seconds) => {
    const at = new Date('2025-03-03T00:00:00Z');
    expect(nextAttemptAt(attempts, at)?.getTime()).toBe(at.getTime() + seconds * 1000);
  });

  it('gives up after the fifth retry', () => {
    expect(nextAttemptAt(6, new Date(0))).toBeNull();
  });

  it('builds a digest that says how many more there are', () => {
    expect(digestText([])).toBe('');
    const text = digestText(Array.from({ length: 12 }, (_, i) => `事项${i + 1}`));
    expect(text).toContain('今日共有 12 条');
    expect(text).toContain('10. 事项10');
    expect(text).not.toContain('11. 事项11');
    expect(text).toContain('另有 2 条');
  });
});
