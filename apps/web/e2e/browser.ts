import { expect, inject } from 'vitest';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** Debian's Chromium (or CHROMIUM_PATH); never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP = { width: 1366, height: 820 };
export const PHONE = { width: 390, height: 844 };

/**
 * A fresh browser profile (no cookies) pointed at the test server. The browser's own zone is
 * deliberately not Beijing: the console must still show Beijing time.
 */
export async function openPage(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: inject('baseUrl'),
    locale: 'zh-CN',
    timezoneId: 'America/Los_Angeles',
    viewport,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Logs in through the login page, as a person does, and waits for the console. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: /^您好/ }).waitFor();
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}

/**
 * Picks an entry in the open antd Select drop-down, by its text. (antd draws the visible options
 * without the option role; its accessible copy of the list is hidden.)
 */
export async function pickOption(page: Page, label: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.getByTitle(label, { exact: true }).click();
  // A single select closes; until its closing animation ends, the list still covers the fields
  // below and takes their clicks. (A multiple select stays open: its options carry a check mark.)
  if ((await dropdown.locator('.ant-select-item-option-state').count()) === 0)
    {await dropdown.waitFor({ state: 'hidden' });}
}

/** The drop-down list of the Select or TreeSelect that is open now. */
export function openDropdown(page: Page): Locator {
  return page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-tree-select-dropdown:not(.ant-select-dropdown-hidden)',
  );
}

/**
 * The drop-down list of one select, found through the id its input gives the list
 * (`<input id="x">` owns `#x_list`): never the list of another select still closing nearby.
 */
export async function dropdownOf(page: Page, input: Locator): Promise<Locator> {
  const id = await input.getAttribute('id');
  if (!id) throw new Error('dropdownOf: the select has no id');
  return openDropdown(page).filter({ has: page.locator(`[id="${id}_list"]`) });
}

/**
 * Picks an option of a multiple select and returns once the select shows it as chosen. A click
 * that lands while the list re-renders chooses nothing (or toggles a pick off), so the pick is
 * repeated until the choice shows; the list is closed each time (it covers the fields below).
 */
export async function pickInMultiple(page: Page, input: Locator, option: RegExp, neutral: Locator): Promise<void> {
  const id = await input.getAttribute('id');
  if (!id) throw new Error('pickInMultiple: the select has no id');
  // (a `has` locator is matched inside the outer one: name the input by its id, not by its dialog)
  const chosen = page.locator('.ant-select').filter({ has: page.locator(`[id="${id}"]`) }).locator('.ant-select-selection-item').filter({ hasText: option });
  await expect
    .poll(async () => {
      if ((await chosen.count()) === 0) {
        await input.click();
        await (await dropdownOf(page, input)).locator('.ant-select-item-option').filter({ hasText: option }).first().click();
        await closeDropdown(page, neutral);
      }
      return chosen.count();
    }, { timeout: 15_000, message: `the select did not take ${String(option)}` })
    .toBeGreaterThan(0);
}

/**
 * Closes the open drop-down (of a multiple select, which stays open after a pick) by clicking
 * somewhere neutral, and returns once its closing animation has ended and it covers nothing.
 */
export async function closeDropdown(page: Page, neutral: Locator): Promise<void> {
  await neutral.click();
  await expect
    .poll(() => openDropdown(page).count(), { message: 'the drop-down list did not close' })
    .toBe(0);
}

/**
 * Types a query into a single select that searches on the server, and picks the option whose text
 * matches. The list is the server's answer: while it re-renders with a newer answer, a click can
 * land between two renders and select nothing (the list then stays open). So the pick is retried
 * until the list closes, and it returns only after the closing animation, when the list no longer
 * hangs over the fields and buttons below it.
 */
export async function searchAndPick(page: Page, input: Locator, query: string, option: string | RegExp): Promise<void> {
  await input.click();
  await input.fill(query);
  for (let attempt = 1; ; attempt++) {
    await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    try {
      await openDropdown(page).first().waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Types into a TreeSelect and picks the node titled `name`. The tree re-renders as the filter
 * narrows it, so a click can land between two renders (or on a node not yet reported stable):
 * the click is dispatched, retried until the single-choice list closes, and it returns after the
 * closing animation, when the list no longer hangs over the fields below.
 */
export async function searchAndPickTree(page: Page, input: Locator, query: string, name: string): Promise<void> {
  await input.click();
  await input.fill(query);
  for (let attempt = 1; ; attempt++) {
    await openDropdown(page).getByRole('tree').getByTitle(name, { exact: true }).dispatchEvent('click');
    try {
      await expect.poll(() => openDropdown(page).count(), { timeout: 5_000 }).toBe(0);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * A sidebar entry by its label. The accessible name also carries the icon's name ("border 网格"),
 * so the label must end the name: 网格 does not also find 网格地图.
 */
export function menuItem(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('menuitem', { name: new RegExp(`(^|\\s)${escaped}$`) });
}
