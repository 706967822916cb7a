import { describe, expect, it } from 'vitest';
import { decideCodeCheck, decideCodeRequest, VERIFICATION_CODE_RULES as R } from './verification.rules.js';

const NOW = new Date('2025-03-03T02:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('decideCodeRequest: one a minute, ten a day', () => {
  it.each([
    ['first code', [], true, null, null],
    ['59.9 s after the last', [ago(59_900)], false, 'too_soon', 1],
    ['exactly 60 s after the last', [ago(60_000)], true, null, null],
    ['1 s after the last', [ago(1_000)], false, 'too_soon', 59],
    ['9 codes today', Array.from({ length: 9 }, (_, i) => ago(3_600_000 + i * 60_000)), true, null, null],
    ['10 codes today', Array.from({ length: 10 }, (_, i) => ago(3_600_000 + i * 60_000)), false, 'daily_cap', 86_400 - 3_600 - 9 * 60],
    ['10 codes, oldest 24 h ago', [ago(86_400_000), ...Array.from({ length: 9 }, (_, i) => ago(3_600_000 + i * 60_000))], true, null, null],
  ] as const)('%s', (_name, sent, ok, reason, retry) => {
    const d = decideCodeRequest(NOW, sent);
    expect(d.ok).toBe(ok);
    if (!d.ok) {
      expect(d.reason).toBe(reason);
      expect(d.retryAfterSeconds).toBe(retry);
    } else {
      expect(d.expiresAt.getTime() - NOW.getTime()).toBe(R.expiresAfterMs);
    }
  });
});

describe('decideCodeCheck: five minutes, five tries', () => {
  const code = (over: Partial<{ expiresAt: Date; attempts: number; consumedAt: Date | null }> = {}) => ({
    expiresAt: new Date(NOW.getTime() + 1),
    attempts: 0,
    consumedAt: null,
    ...over,
  });
  it.each([
    ['right code', code(), true, true, null, false],
    ['no code', null, true, false, 'no_code', false],
    ['used code', code({ consumedAt: ago(1) }), true, false, 'no_code', false],
    ['expired at the instant', code({ expiresAt: NOW }), true, false, 'expired', false],
    ['wrong, first try', code(), false, false, 'wrong', true],
    ['wrong, fourth try', code({ attempts: 3 }), false, false, 'wrong', true],
    ['wrong, fifth try voids', code({ attempts: 4 }), false, false, 'void', true],
    ['right after five wrong', code({ attempts: 5 }), true, false, 'void', false],
  ] as const)('%s', (_name, c, matches, ok, reason, counts) => {
    const d = decideCodeCheck(NOW, c, matches);
    expect(d.ok).toBe(ok);
    if (!d.ok) {
      expect(d.reason).toBe(reason);
      expect(d.countAttempt).toBe(counts);
    }
  });

  it('says how many tries are left, in Chinese', () => {
    const d = decideCodeCheck(NOW, code({ attempts: 2 }), false);
    expect(d.ok ? '' : d.message).toBe('验证码不正确，还可以再试 2 次');
  });
});
