import type { Role } from './roles.js';

/**
 * Two-factor login by time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), pure:
 * the HMAC-SHA1 is injected (the server passes node:crypto; `hmacSha1` below is a pure
 * implementation used by the tests and usable anywhere), the time is passed in.
 */
export type HmacSha1 = (key: Uint8Array, message: Uint8Array) => Uint8Array;

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the previous and next step are accepted too (clock drift, typing time). */
export const TOTP_WINDOW = 1;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, spaces and padding ignored); null when not base32. */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) return null;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

function counterBytes(counter: number): Uint8Array {
  const out = new Uint8Array(8);
  let c = counter;
  for (let i = 7; i >= 0; i--) {
    out[i] = c % 256;
    c = Math.floor(c / 256);
  }
  return out;
}

/** RFC 4226 HOTP: HMAC-SHA1 of the 8-byte counter, dynamic truncation, `digits` decimal digits. */
export function hotp(hmac: HmacSha1, key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const h = hmac(key, counterBytes(counter));
  const offset = (h[h.length - 1] as number) & 0x0f;
  const bin =
    (((h[offset] as number) & 0x7f) << 24) |
    ((h[offset + 1] as number) << 16) |
    ((h[offset + 2] as number) << 8) |
    (h[offset + 3] as number);
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step of an instant. */
export function totpStep(at: Date, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / stepSeconds);
}

export function totp(hmac: HmacSha1, key: Uint8Array, at: Date, digits = TOTP_DIGITS): string {
  return hotp(hmac, key, totpStep(at), digits);
}

export type TotpCheck =
  | { ok: true; step: number }
  | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

/**
 * Checks a submitted code against the steps now-1..now+1. A step at or before the last one
 * already used is refused as a replay (so a code works once, and an older one never again).
 * Returns the step matched, which the caller stores as the new last used step.
 */
export function verifyTotp(
  hmac: HmacSha1,
  key: Uint8Array,
  code: string,
  at: Date,
  lastUsedStep: number | null,
  window = TOTP_WINDOW,
): TotpCheck {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return { ok: false, reason: 'malformed' };
  const now = totpStep(at);
  let matched: number | null = null;
  for (let s = now - window; s <= now + window; s++) {
    if (constantTimeEqual(hotp(hmac, key, s), clean)) matched = s;
  }
  if (matched === null) return { ok: false, reason: 'wrong' };
  if (lastUsedStep !== null && matched <= lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: matched };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The otpauth:// URI authenticator apps read from the QR code (Key Uri Format). */
export function otpauthUri(issuer: string, account: string, secretBase32: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = `secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_STEP_SECONDS}`;
  return `otpauth://totp/${label}?${q}`;
}

// ---------------------------------------------------------------------------------------------
// Policy: which roles must use a second factor.

/** The administrators' roles (三员): two-factor login is required for them unless switched off. */
export const TWO_FACTOR_DEFAULT_ROLES: readonly Role[] = ['admin', 'security_admin', 'auditor'];
/** Roles that may turn two-factor on for themselves (staff and administrators). */
export const TWO_FACTOR_ELIGIBLE_ROLES: readonly Role[] = [
  'admin',
  'security_admin',
  'auditor',
  'congress_staff',
  'town_staff',
  'station_manager',
];

/** The setting `auth.two_factor`: per role, whether a second factor is required. */
export interface TwoFactorSetting {
  required: Partial<Record<Role, boolean>>;
}

export function isTwoFactorRequired(role: Role, setting: TwoFactorSetting | null): boolean {
  const explicit = setting?.required[role];
  if (explicit !== undefined) return explicit && TWO_FACTOR_ELIGIBLE_ROLES.includes(role);
  return TWO_FACTOR_DEFAULT_ROLES.includes(role);
}

export type LoginSecondStep = 'none' | 'verify' | 'enrol';

/**
 * After a correct password: an enrolled user always gives a code; a user whose role requires a
 * second factor but who has none enrols first; everyone else is in.
 */
export function secondStepAfterPassword(role: Role, enrolled: boolean, setting: TwoFactorSetting | null): LoginSecondStep {
  if (enrolled) return 'verify';
  return isTwoFactorRequired(role, setting) ? 'enrol' : 'none';
}

/** Recovery codes: 10 codes of 10 characters, shown once, stored hashed, each usable once. */
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Turns random bytes (≥ 10 per code) into a readable code like `k7mq3-x9ptd`. */
export function recoveryCodeFromBytes(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[(bytes[i] as number) % RECOVERY_ALPHABET.length];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------------
// A pure SHA-1 / HMAC-SHA1 (FIPS 180-4, RFC 2104), for places without node:crypto.

function sha1(msg: Uint8Array): Uint8Array {
  const ml = msg.length;
  const withPad = new Uint8Array((((ml + 8) >> 6) + 1) * 64);
  withPad.set(msg);
  withPad[ml] = 0x80;
  const bitLen = ml * 8;
  const view = new DataView(withPad.buffer);
  view.setUint32(withPad.length - 8, Math.floor(bitLen / 2 ** 32));
  view.setUint32(withPad.length - 4, bitLen >>> 0);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let off = 0; off < withPad.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl((w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number), 1);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const temp = (rotl(a, 5) + f + e + k + (w[i] as number)) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => ov.setUint32(i * 4, h));
  return out;
}

export const hmacSha1: HmacSha1 = (key, message) => {
  const block = 64;
  let k = key.length > block ? sha1(key) : key;
  const padded = new Uint8Array(block);
  padded.set(k);
  k = padded;
  const inner = new Uint8Array(block + message.length);
  const outer = new Uint8Array(block + 20);
  for (let i = 0; i < block; i++) {
    inner[i] = (k[i] as number) ^ 0x36;
    outer[i] = (k[i] as number) ^ 0x5c;
  }
  inner.set(message, block);
  outer.set(sha1(inner), block);
  return sha1(outer);
};
