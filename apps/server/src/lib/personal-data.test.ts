import { describe, expect, it } from 'vitest';
import { createPersonalDataCipher, selfTestSm } from './personal-data.js';

describe('personal data fields (SM4 + HMAC-SM3)', () => {
  const cipher = createPersonalDataCipher(Buffer.from('0f'.repeat(32), 'hex'));

  it('passes the SM4/SM3 known-answer self-test', () => {
    expect(() => selfTestSm()).not.toThrow();
  });

  it('encrypts with a fresh IV each time and decrypts back', () => {
    const a = cipher.encrypt('13812341234');
    const b = cipher.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812341234');
    expect(a.startsWith('sm4:v1:')).toBe(true);
    expect(cipher.decrypt(a)).toBe('13812341234');
    expect(cipher.decrypt(cipher.encrypt('广东省鹤山市沙坪街道中山路1号'))).toBe('广东省鹤山市沙坪街道中山路1号');
  });

  it('detects tampering', () => {
    const s = cipher.encrypt('13812341234');
    const raw = Buffer.from(s.slice(7), 'base64');
    raw[20] = (raw[20] ?? 0) ^ 1;
    expect(() => cipher.decrypt(`sm4:v1:${raw.toString('base64')}`)).toThrow('密文校验失败');
  });

  it('gives a stable blind index independent of spacing, different per kind and key', () => {
    expect(cipher.blindIndex('phone', '138 1234 1234')).toBe(cipher.blindIndex('phone', '13812341234'));
    expect(cipher.blindIndex('phone', '13812341234')).not.toBe(cipher.blindIndex('id_number', '13812341234'));
    const other = createPersonalDataCipher(Buffer.from('1f'.repeat(32), 'hex'));
    expect(other.blindIndex('phone', '13812341234')).not.toBe(cipher.blindIndex('phone', '13812341234'));
  });

  it('masks for lists and logs', () => {
    expect(cipher.mask('phone', '13812341234')).toBe('138****1234');
    expect(cipher.mask('name', '张三')).toBe('张*');
  });
});
