import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE } from '@gridvoice/core';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Every setting of the platform, read from the environment (README lists them). */
const ZEnv = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  /**
   * PostgreSQL: give up connecting after this long, and on a query unanswered after DB_QUERY_TIMEOUT_MS
   * (the request gets 503). 0: no query timeout (the command line's default: its work may be long).
   */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).default(30000),
  /** Statistics pages: scopes with at least this many deputies get duty compliance at most a minute old. */
  GRIDVOICE_COMPLIANCE_CACHE_MIN_DEPUTIES: z.coerce.number().int().min(1).default(5000),
  GRIDVOICE_DATA_DIR: z.string().default('./data'),
  GRIDVOICE_ADMIN_PASSWORD: z.string().optional(),
  GRIDVOICE_KEY: z.string().optional(),
  GRIDVOICE_KEY_FILE: z.string().optional(),
  GRIDVOICE_TIME_ZONE: z.string().default(DEFAULT_TIME_ZONE),
  PUBLIC_BASE_URL: z.string().default('http://localhost:3000'),
  GRIDVOICE_SEED_DEMO: bool.optional(),
  PASSWORD_REQUIRE_CLASSES: bool.default(false),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(8),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WEB_DIST_DIR: z.string().optional(),
  GRIDVOICE_ROOT_REGION: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, '应为2、4或6位区划代码').default('44'),
  GRIDVOICE_DEMO_PASSWORD: z.string().optional(),
  SMS_PROVIDER: z.enum(['console', 'http', 'off']).default('console'),
  SMS_HTTP_URL: z.string().optional(),
  SMS_HTTP_TOKEN: z.string().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('民声通 <noreply@localhost>'),
  WEBHOOK_URL: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
});

export interface Config {
  host: string;
  port: number;
  databaseUrl: string | null;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  dbQueryTimeoutMs: number;
  complianceCacheMinDeputies: number;
  dataDir: string;
  adminPassword: string | null;
  keyHex: string | null;
  keyFile: string | null;
  timeZone: string;
  publicBaseUrl: string;
  /** null = seed when the embedded database is empty */
  seedDemo: boolean | null;
  passwordPolicy: { minLength: number; requireCharacterClasses: boolean };
  trustProxy: boolean;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  loginRateLimitPerMinute: number;
  webDistDir: string | null;
  /** The top region of this deployment (2/4/6-digit official code); the first administrator's scope. */
  rootRegion: string;
  demoPassword: string | null;
  notifications: {
    smsProvider: 'console' | 'http' | 'off';
    smsHttpUrl: string | null;
    smsHttpToken: string | null;
    smtpUrl: string | null;
    smtpFrom: string;
    webhookUrl: string | null;
    webhookSecret: string | null;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`环境变量配置有误：\n${lines}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || null,
    dbPoolMax: e.DB_POOL_MAX,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbQueryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
    complianceCacheMinDeputies: e.GRIDVOICE_COMPLIANCE_CACHE_MIN_DEPUTIES,
    dataDir: resolve(e.GRIDVOICE_DATA_DIR),
    adminPassword: e.GRIDVOICE_ADMIN_PASSWORD || null,
    keyHex: e.GRIDVOICE_KEY || null,
    keyFile: e.GRIDVOICE_KEY_FILE || null,
    timeZone: e.GRIDVOICE_TIME_ZONE,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    seedDemo: e.GRIDVOICE_SEED_DEMO ?? null,
    passwordPolicy: { minLength: e.PASSWORD_MIN_LENGTH, requireCharacterClasses: e.PASSWORD_REQUIRE_CLASSES },
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    webDistDir: e.WEB_DIST_DIR ?? null,
    rootRegion: e.GRIDVOICE_ROOT_REGION,
    demoPassword: e.GRIDVOICE_DEMO_PASSWORD || null,
    notifications: {
      smsProvider: e.SMS_PROVIDER === 'http' && !e.SMS_HTTP_URL ? 'console' : e.SMS_PROVIDER,
      smsHttpUrl: e.SMS_HTTP_URL ?? null,
      smsHttpToken: e.SMS_HTTP_TOKEN ?? null,
      smtpUrl: e.SMTP_URL ?? null,
      smtpFrom: e.SMTP_FROM,
      webhookUrl: e.WEBHOOK_URL ?? null,
      webhookSecret: e.WEBHOOK_SECRET ?? null,
    },
  };
}
