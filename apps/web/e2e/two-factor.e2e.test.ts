import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, hotp, totpStep, type HmacSha1 } from '@gridvoice/core';
import { launchBrowser, menuItem, openPage, screenshotPath } from './browser';

/**
 * Issue 9 (two-factor login): the security administrator requires a TOTP code for a role on the
 * policy page; a user of that role binds an authenticator app at the next login, keeps the
 * recovery codes, and afterwards logs in with a code, or with a recovery code when the phone is
 * away. The global setup leaves every role one-step; this file switches 联络站管理员 on and back off.
 */
const hmac: HmacSha1 = (key, message) => new Uint8Array(createHmac('sha1', key).update(message).digest());
const serverNow = () => new Date(Date.now() + inject('clockOffsetMs'));
let lastStep = 0;
/**
 * The code an authenticator would show, never one the server has already accepted (replays are
 * refused): the current step, or the next one (the server allows one step of drift); when both are
 * used up, wait for the clock to move on.
 */
async function nextCode(secret: string): Promise<string> {
  const key = base32Decode(secret);
  if (!key) throw new Error(`bad secret ${secret}`);
  while (lastStep + 1 > totpStep(serverNow()) + 1) await new Promise((r) => setTimeout(r, 1000));
  const step = Math.max(totpStep(serverNow()), lastStep + 1);
  lastStep = step;
  return hotp(hmac, key, step);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function passwordStep(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(inject('demoPassword'));
  await page.getByRole('button', { name: '登录' }).click();
}

async function setStationManagerRequired(on: boolean) {
  const { context, page } = await openPage(browser);
  try {
    await passwordStep(page, 'demo_security');
    await page.getByRole('heading', { name: /^您好/ }).waitFor();
    await menuItem(page, '动态验证码').click();
    const toggle = page.getByRole('switch', { name: '联络站管理员必须使用动态验证码' });
    if ((await toggle.getAttribute('aria-checked')) !== String(on)) {
      await toggle.click();
      await page.getByText('已保存，下次登录起生效').waitFor();
    }
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe(String(on));
    if (on) await page.screenshot({ path: screenshotPath('two-factor-policy') });
  } finally {
    await context.close();
  }
}

describe('two-factor login, clicked through', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('the security administrator requires a code for 联络站管理员 on the policy page', async () => {
    await setStationManagerRequired(true);
  });

  it('the station manager binds an authenticator at the next login, sees the recovery codes once, then enters', async () => {
    const { context, page } = await openPage(browser);
    try {
      await passwordStep(page, 'demo_station');
      await page.getByRole('heading', { name: '绑定动态验证码' }).waitFor();
      await page.getByRole('img', { name: '动态验证码绑定二维码' }).waitFor();
      secret = (await page.getByTestId('totp-secret').innerText()).trim();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      // A wrong code is refused with a Chinese message, and the step stays.
      await page.getByLabel('动态验证码').fill('000000');
      await page.getByRole('button', { name: '完成绑定并登录' }).click();
      await page.getByText(/动态验证码不正确或已过期/).waitFor();
      await page.getByLabel('动态验证码').fill(await nextCode(secret));
      await page.getByRole('button', { name: '完成绑定并登录' }).click();
      const list = page.getByRole('list', { name: '恢复码' });
      await list.waitFor();
      recoveryCodes = (await list.getByRole('listitem').allInnerTexts()).map((t) => t.trim());
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      await page.screenshot({ path: screenshotPath('two-factor-recovery-codes') });
      await page.getByRole('button', { name: '我已保存恢复码，进入系统' }).click();
      await page.getByRole('heading', { name: /^您好/ }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('next time the station manager gives a code after the password', async () => {
    const { context, page } = await openPage(browser);
    try {
      await passwordStep(page, 'demo_station');
      await page.getByRole('heading', { name: '输入动态验证码' }).waitFor();
      await page.screenshot({ path: screenshotPath('two-factor-verify') });
      await page.getByLabel('动态验证码').fill(await nextCode(secret));
      await page.getByRole('button', { name: '验证并登录' }).click();
      await page.getByRole('heading', { name: /^您好/ }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('with the phone away, a recovery code lets the station manager in once; the same code is refused after', async () => {
    for (const expectIn of [true, false]) {
      const { context, page } = await openPage(browser);
      try {
        await passwordStep(page, 'demo_station');
        await page.getByRole('button', { name: '手机不在身边？使用恢复码' }).click();
        await page.getByLabel('恢复码').fill(recoveryCodes[0] ?? '');
        await page.getByRole('button', { name: '验证并登录' }).click();
        if (expectIn) await page.getByRole('heading', { name: /^您好/ }).waitFor();
        else await page.getByText('恢复码不正确或已使用').waitFor();
      } finally {
        await context.close();
      }
    }
  });

  it('once no longer required, the station manager unbinds it from the user menu and logs in with the password alone', async () => {
    await setStationManagerRequired(false);
    const { context, page } = await openPage(browser);
    try {
      await passwordStep(page, 'demo_station');
      await page.getByLabel('动态验证码').fill(await nextCode(secret));
      await page.getByRole('button', { name: '验证并登录' }).click();
      await page.getByRole('heading', { name: /^您好/ }).waitFor();
      await page.getByRole('banner').getByRole('button', { name: '用户菜单' }).click();
      await page.getByRole('menuitem', { name: /动态验证码/ }).click();
      const dialog = page.getByRole('dialog', { name: '动态验证码（两步登录）' });
      await dialog.getByText('已绑定').waitFor();
      await expect.poll(() => dialog.innerText()).toMatch(/剩余恢复码\s*9 个/);
      await dialog.getByRole('button', { name: '解除绑定' }).click();
      await dialog.getByLabel('动态验证码').fill(await nextCode(secret));
      await dialog.getByRole('button', { name: '确认解除' }).click();
      await dialog.getByText('未绑定').waitFor();
    } finally {
      await context.close();
    }
    const again = await openPage(browser);
    try {
      await passwordStep(again.page, 'demo_station');
      await again.page.getByRole('heading', { name: /^您好/ }).waitFor();
    } finally {
      await again.context.close();
    }
  });
});
