import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hmacSha1,
  hotp,
  isTwoFactorRequired,
  normaliseRecoveryCode,
  otpauthUri,
  recoveryCodeFromBytes,
  secondStepAfterPassword,
  totp,
  totpStep,
  verifyTotp,
} from './totp.js';

const ascii = (s: string) => Uint8Array.from(Array.from(s, (c) => c.charCodeAt(0)));
const fromAscii = (b: Uint8Array) => String.fromCharCode(...b);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const RFC_KEY = ascii('12345678901234567890');

describe('HMAC-SHA1 (RFC 2202 test cases)', () => {
  it.each([
    [new Uint8Array(20).fill(0x0b), ascii('Hi There'), 'b617318655057264e28bc0b6fb378c8ef146be00'],
    [ascii('Jefe'), ascii('what do ya want for nothing?'), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
    [new Uint8Array(20).fill(0xaa), new Uint8Array(50).fill(0xdd), '125d7342b9ac11cd91a39af48aa17b4f63f175d3'],
    [new Uint8Array(80).fill(0xaa), ascii('Test Using Larger Than Block-Size Key - Hash Key First'), 'aa4ae5e15272d00e95705637ce8a3b55ed402112'],
  ])('case %#', (key, msg, expected) => {
    expect(hex(hmacSha1(key, msg))).toBe(expected);
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, count) => [count, code] as const))('count %i → %s', (count, code) => {
    expect(hotp(hmacSha1, RFC_KEY, count)).toBe(code);
  });
});

describe('TOTP SHA-1 (RFC 6238 appendix B, 8 digits)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T = %i s → %s', (seconds, code) => {
    expect(totp(hmacSha1, RFC_KEY, new Date(seconds * 1000), 8)).toBe(code);
  });
});

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%s ↔ %s', (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toBe(encoded);
    expect(fromAscii(base32Decode(encoded) ?? new Uint8Array())).toBe(plain);
  });
  it('ignores case, spaces and padding; refuses other characters', () => {
    expect(hex(base32Decode('mzxw 6ytb oi======') ?? new Uint8Array())).toBe(hex(ascii('foobar')));
    expect(base32Decode('MZXW1')).toBeNull();
  });
});

describe('verifyTotp: ±1 step window and replay', () => {
  const at = new Date(1_700_000_000_000);
  const step = totpStep(at);
  const codeAt = (s: number) => hotp(hmacSha1, RFC_KEY, s);
  it.each([
    ['current step', 0, true],
    ['previous step', -1, true],
    ['next step', 1, true],
    ['two steps back', -2, false],
    ['two steps ahead', 2, false],
  ])('%s', (_name, delta, ok) => {
    const r = verifyTotp(hmacSha1, RFC_KEY, codeAt(step + delta), at, null);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.step).toBe(step + delta);
    else expect(r.reason).toBe('wrong');
  });
  it('a code already used (or older than the last used) is a replay', () => {
    expect(verifyTotp(hmacSha1, RFC_KEY, codeAt(step), at, step)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(hmacSha1, RFC_KEY, codeAt(step - 1), at, step)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(hmacSha1, RFC_KEY, codeAt(step + 1), at, step)).toEqual({ ok: true, step: step + 1 });
  });
  it.each(['12345', '1234567', 'abcdef', '', '12 34 5x'])('malformed %j', (code) => {
    expect(verifyTotp(hmacSha1, RFC_KEY, code, at, null)).toEqual({ ok: false, reason: 'malformed' });
  });
  it('spaces inside a code are allowed', () => {
    const c = codeAt(step);
    expect(verifyTotp(hmacSha1, RFC_KEY, `${c.slice(0, 3)} ${c.slice(3)}`, at, null).ok).toBe(true);
  });
});

describe('two-factor policy per role', () => {
  it.each([
    ['admin', null, true],
    ['security_admin', null, true],
    ['auditor', null, true],
    ['congress_staff', null, false],
    ['town_staff', null, false],
    ['deputy', null, false],
    ['admin', { required: { admin: false } }, false],
    ['auditor', { required: { admin: false } }, true],
    ['town_staff', { required: { town_staff: true } }, true],
    ['deputy', { required: { deputy: true } }, false], // not an eligible role
  ] as const)('%s with %j → required %s', (role, setting, required) => {
    expect(isTwoFactorRequired(role, setting)).toBe(required);
  });
  it.each([
    ['admin', false, null, 'enrol'],
    ['admin', true, null, 'verify'],
    ['town_staff', false, null, 'none'],
    ['town_staff', true, null, 'verify'],
    ['admin', false, { required: { admin: false } }, 'none'],
  ] as const)('%s enrolled=%s setting=%j → %s', (role, enrolled, setting, step) => {
    expect(secondStepAfterPassword(role, enrolled, setting)).toBe(step);
  });
});

describe('otpauth URI and recovery codes', () => {
  it('builds the Key Uri Format', () => {
    expect(otpauthUri('民声通', 'admin', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/%E6%B0%91%E5%A3%B0%E9%80%9A:admin?secret=JBSWY3DPEHPK3PXP&issuer=%E6%B0%91%E5%A3%B0%E9%80%9A&algorithm=SHA1&digits=6&period=30',
    );
  });
  it('recovery codes read as xxxxx-xxxxx and normalise for comparison', () => {
    const c = recoveryCodeFromBytes(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 30]));
    expect(c).toBe('abcde-fghj9');
    expect(normaliseRecoveryCode(' ABCDE fghj9 ')).toBe('abcdefghj9');
  });
});
