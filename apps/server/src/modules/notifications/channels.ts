import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import type { AppDeps } from '../../types.js';
import { insertConsoleSms } from './notifications.repository.js';

/** One interface per kind of delivery; the dispatcher never knows which provider is behind it. */
export interface DeliveryChannels {
  sms(phone: string, text: string): Promise<void>;
  email(to: string, subject: string, text: string): Promise<void>;
  webhook(recipient: string, payload: Record<string, unknown>): Promise<void>;
}

/** The signature a receiver checks: hex HMAC-SHA256 of `<timestamp>.<body>` with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

async function postJson(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

export function createDeliveryChannels(deps: Pick<AppDeps, 'db' | 'cipher' | 'clock'> & { config: Pick<Config, 'notifications'> }): DeliveryChannels {
  const n = deps.config.notifications;
  const mailer = n.smtpUrl ? nodemailer.createTransport(n.smtpUrl) : null;
  return {
    async sms(phone, text) {
      switch (n.smsProvider) {
        case 'off':
          throw new Error('短信通道未开启');
        case 'console':
          // Development: nothing leaves the machine; the text is kept (number masked) for the developer.
          await insertConsoleSms(deps.db, {
            phoneIndex: deps.cipher.blindIndex('phone', phone),
            phoneMasked: deps.cipher.mask('phone', phone),
            body: text,
            now: deps.clock.now(),
          });
          return;
        case 'http':
          await postJson(n.smsHttpUrl as string, JSON.stringify({ phone, text }), n.smsHttpToken ? { authorization: `Bearer ${n.smsHttpToken}` } : {});
          return;
      }
    },
    async email(to, subject, text) {
      if (!mailer) throw new Error('未配置 SMTP_URL');
      await mailer.sendMail({ from: n.smtpFrom, to, subject, text });
    },
    async webhook(recipient, payload) {
      if (!n.webhookUrl) throw new Error('未配置 WEBHOOK_URL');
      const body = JSON.stringify({ recipient, ...payload });
      const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
      await postJson(n.webhookUrl, body, {
        'x-gridvoice-timestamp': timestamp,
        'x-gridvoice-signature': `sha256=${signWebhook(n.webhookSecret ?? '', timestamp, body)}`,
      });
    },
  };
}
