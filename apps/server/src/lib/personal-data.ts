import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { maskPersonal, type PersonalFieldKind } from '@gridvoice/core';

/**
 * Personal-data fields (phone numbers, ID numbers, addresses): SM4-CBC encryption with an
 * HMAC-SM3 tag (encrypt-then-MAC), a keyed blind index (HMAC-SM3) for exact lookup, and masking.
 * Stored form: `sm4:v1:<base64(iv ‖ ciphertext ‖ tag)>`.
 */
export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed hash of the normalised value, for `WHERE phone_index = $1`. */
  blindIndex(kind: PersonalFieldKind, plain: string): string;
  mask(kind: PersonalFieldKind, plain: string): string;
  /** Keyed HMAC-SM3 for integrity seals (the audit chain); the key never enters the database. */
  integrityMac(data: string): string;
}

const PREFIX = 'sm4:v1:';

/** Known-answer tests from GB/T 32907-2016 (SM4) and GB/T 32905-2016 (SM3). */
export function selfTestSm(): void {
  try {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', key, null);
    c.setAutoPadding(false);
    const out = Buffer.concat([c.update(key), c.final()]).toString('hex');
    const digest = createHash('sm3').update('abc').digest('hex');
    if (
      out !== '681edf34d206965e86b3e94f536e4246' ||
      digest !== '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'
    ) {
      throw new Error('输出与标准向量不符');
    }
  } catch (err) {
    throw new Error(
      `国密算法自检失败（SM4/SM3 不可用或结果错误），拒绝启动：${(err as Error).message}`,
    );
  }
}

function normalise(kind: PersonalFieldKind, value: string): string {
  const v = value.trim();
  return kind === 'phone' || kind === 'id_number' ? v.replace(/[\s-]/g, '').toUpperCase() : v;
}

/**
 * Fresh random IVs, taken from a block drawn from the CSPRNG 4 KiB at a time (one draw per 256
 * encryptions instead of one each; every IV is still used once).
 */
function ivSource(): () => Buffer {
  let block = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 16 > block.length) {
      block = randomBytes(4096);
      at = 0;
    }
    const iv = Buffer.from(block.subarray(at, at + 16));
    block.fill(0, at, at + 16);
    at += 16;
    return iv;
  };
}

export function createPersonalDataCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length < 32) throw new Error('个人信息加密主密钥至少 32 字节（64 位十六进制）');
  const derive = (label: string) => createHmac('sm3', masterKey).update(label).digest();
  const encKey = derive('gridvoice/enc').subarray(0, 16);
  const macKey = derive('gridvoice/mac');
  const indexKey = derive('gridvoice/index');
  const integrityKey = derive('gridvoice/integrity');
  const nextIv = ivSource();
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('sm4-cbc', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = createHmac('sm3', macKey).update(iv).update(ct).digest();
      return PREFIX + Buffer.concat([iv, ct, tag]).toString('base64');
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) throw new Error('无法识别的密文格式');
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      const iv = raw.subarray(0, 16);
      const tag = raw.subarray(raw.length - 32);
      const ct = raw.subarray(16, raw.length - 32);
      const expected = createHmac('sm3', macKey).update(iv).update(ct).digest();
      if (tag.length !== 32 || !timingSafeEqual(tag, expected)) throw new Error('密文校验失败');
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    },
    blindIndex(kind, plain) {
      return createHmac('sm3', indexKey).update(`${kind}:${normalise(kind, plain)}`).digest('hex');
    },
    mask: (kind, plain) => maskPersonal(kind, plain),
    integrityMac: (data) => createHmac('sm3', integrityKey).update(data).digest('hex'),
  };
}

/**
 * The master key: GRIDVOICE_KEY (hex), else GRIDVOICE_KEY_FILE, else (embedded demo only) a key
 * generated once into the data directory.
 */
export function loadMasterKey(opts: {
  keyHex: string | null;
  keyFile: string | null;
  generatedKeyPath: string | null;
}): Buffer {
  const fromHex = (hex: string, where: string) => {
    const h = hex.trim();
    if (!/^[0-9a-fA-F]{64,}$/.test(h)) throw new Error(`${where} 应为至少 64 位十六进制字符`);
    return Buffer.from(h, 'hex');
  };
  if (opts.keyHex) return fromHex(opts.keyHex, 'GRIDVOICE_KEY');
  if (opts.keyFile) return fromHex(readFileSync(opts.keyFile, 'utf8'), `密钥文件 ${opts.keyFile}`);
  if (!opts.generatedKeyPath) {
    throw new Error('使用 PostgreSQL（DATABASE_URL）时必须设置 GRIDVOICE_KEY 或 GRIDVOICE_KEY_FILE（个人信息加密密钥）');
  }
  if (!existsSync(opts.generatedKeyPath)) {
    mkdirSync(dirname(opts.generatedKeyPath), { recursive: true });
    writeFileSync(opts.generatedKeyPath, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fromHex(readFileSync(opts.generatedKeyPath, 'utf8'), `密钥文件 ${opts.generatedKeyPath}`);
}
