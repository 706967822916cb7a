import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { closeDropdown, dropdownOf, launchBrowser, logIn, menuItem, openDropdown, openPage, pickOption, screenshotPath, searchAndPick } from './browser';

/**
 * Issue 5, the duty pages a clerk works in: the rota template editor (三定), bulk entry of
 * activities (all or nothing, a report per row), the reception register with its audited reveal
 * and the A4 form, and a deputy's performance record with the self-rating and its A4 print.
 * The server's clock starts on Monday 3 March 2025 (global setup).
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts a space between two Chinese characters of a button's label. */
const button = (scope: Page | Locator, name: string) =>
  scope.getByRole('button', { name }).or(scope.getByRole('button', { name: name.split('').join(' ') }));

const activitiesTotal = async (page: Page) =>
  Number(
    (await page.locator('.ant-statistic').filter({ hasText: '活动（场）' }).locator('.ant-statistic-content-value').innerText()).replace(/,/g, ''),
  );

/**
 * Fills one row of the bulk-entry dialog and checks that every field took its value before going
 * on: the date is typed and confirmed with Enter, the station searched and picked, the first
 * deputy picked from the multiple select (whose list stays open until a neutral click closes it).
 */
async function fillBulkRow(page: Page, dialog: Locator, n: number, when: string, summary: string): Promise<void> {
  const row = dialog.getByRole('group', { name: `第${n}行` });
  const date = row.getByPlaceholder('活动时间');
  await expect
    .poll(async () => {
      await date.click();
      await date.fill(when);
      await date.press('Enter');
      return date.inputValue();
    }, { timeout: 15_000 })
    .toBe(when);
  await row.getByText(`第${n}行`).click(); // closes the date picker's panel
  await searchAndPick(page, row.getByLabel('联络站'), '沙坪', /沙坪街道/);
  const deputies = row.getByLabel('参加代表');
  const chosen = row.locator('.ant-select').filter({ has: page.getByLabel('参加代表') }).locator('.ant-select-selection-item');
  await expect
    .poll(async () => {
      if ((await chosen.count()) === 0) {
        await deputies.click();
        await (await dropdownOf(page, deputies)).locator('.ant-select-item-option').first().click();
        await closeDropdown(page, row.getByText(`第${n}行`)); // the list covers the fields below until it has closed
      }
      return chosen.count();
    }, { timeout: 15_000 })
    .toBeGreaterThan(0);
  await row.getByLabel('接待群众').fill('6');
  await row.getByLabel('活动内容').fill(summary);
  expect(await row.getByLabel('活动内容').inputValue()).toBe(summary);
}

describe('duty pages: rota editor, bulk entry, reception register, performance record', () => {
  it('R-DUTY-2: county staff create a rota template (second Thursday 9:00–11:30), edit it and retire it (it leaves the list)', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '排班').click();
      await page.getByRole('heading', { name: '排班' }).waitFor();
      await button(page, '新建排班').click();
      const dialog = page.getByRole('dialog', { name: '新建排班' });
      await dialog.getByLabel('排班名称').fill('沙坪街道联络站每月第二个星期四接待（页面）');
      await searchAndPick(page, dialog.getByLabel('值班地点'), '沙坪', /沙坪街道/);
      // the default rule is "the 2nd Thursday of each month"
      for (const [field, value] of [['开始时间', '09:00'], ['结束时间', '11:30']] as const) {
        await dialog.getByPlaceholder(field).click();
        await dialog.getByPlaceholder(field).fill(value);
        await dialog.getByPlaceholder(field).press('Enter');
      }
      const deputies = dialog.getByLabel('值班代表');
      await deputies.click();
      await openDropdown(page).locator('.ant-select-item-option').first().click();
      await closeDropdown(page, dialog.locator('.ant-modal-title')); // the list covers the fields below until it has closed
      await dialog.getByPlaceholder('开始日期').click();
      await dialog.getByPlaceholder('开始日期').fill('2025-03-01');
      await dialog.getByPlaceholder('长期有效').fill('2025-12-31');
      await dialog.getByPlaceholder('长期有效').press('Enter');
      await page.screenshot({ path: screenshotPath('duty-rota-template-form'), fullPage: true });
      await button(dialog, '保存').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByRole('row').filter({ hasText: '沙坪街道联络站每月第二个星期四接待（页面）' });
      await row.waitFor();
      expect(await row.innerText()).toContain('每月第二个星期四 09:00–11:30');

      await button(row, '修改').click();
      const edit = page.getByRole('dialog', { name: /修改排班/ });
      await edit.getByLabel('排班名称').fill('沙坪街道联络站第二个星期四接待（已修改）');
      await button(edit, '保存').click();
      await edit.waitFor({ state: 'hidden' });
      const edited = page.getByRole('row').filter({ hasText: '沙坪街道联络站第二个星期四接待（已修改）' });
      await edited.waitFor();

      await button(edited, '停用').click();
      await button(page.locator('.ant-modal-confirm'), '停用').click();
      await page.getByText('已停用', { exact: true }).first().waitFor();
      // a retired template makes no more slots and leaves the list of templates in force
      await edited.waitFor({ state: 'detached' });
      await page.screenshot({ path: screenshotPath('duty-rota-editor'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('R-DUTY-6: bulk entry is all or nothing; a rejected batch reports per row and saves nothing', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '履职活动').click();
      await page.getByRole('heading', { name: '履职活动' }).waitFor();
      await page.locator('.ant-statistic').first().waitFor();
      await expect.poll(() => activitiesTotal(page)).toBeGreaterThan(0);
      const before = await activitiesTotal(page);

      await button(page, '批量录入').click();
      const dialog = page.getByRole('dialog', { name: '批量录入履职活动' });
      const fill = (n: number, when: string, summary: string) => fillBulkRow(page, dialog, n, when, summary);
      await fill(1, '2025-03-01 09:30', '进站接待群众，听取村道维修意见（批量1）');
      // a date after tomorrow (the server's today is 3 March 2025) is refused by the server
      await fill(2, '2025-12-01 09:30', '进站接待群众，听取路灯维修意见（批量2）');
      await button(dialog, '全部保存').click();
      const report = dialog.getByRole('list', { name: '逐行问题' });
      // a field the form itself refuses would show under the field instead: name it in the failure
      await report.or(dialog.locator('.ant-form-item-explain-error')).first().waitFor();
      expect(await dialog.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([]);
      expect(await report.innerText()).toContain('第2行 活动时间：活动时间不能晚于明天');
      await page.screenshot({ path: screenshotPath('duty-bulk-report'), fullPage: true });
      // nothing of the batch was saved, not even its good first row
      await button(dialog, '取消').click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await activitiesTotal(page)).toBe(before);

      await button(page, '批量录入').click();
      const again = page.getByRole('dialog', { name: '批量录入履职活动' });
      await again.waitFor();
      const row2 = again.getByRole('group', { name: '第2行' });
      await row2.waitFor();
      // a fresh dialog: fill both rows again, the second one on a past day this time
      const fillAgain = (n: number, when: string, summary: string) => fillBulkRow(page, again, n, when, summary);
      await fillAgain(1, '2025-03-01 09:30', '进站接待群众，听取村道维修意见（批量1）');
      await fillAgain(2, '2025-03-02 15:00', '进站接待群众，听取路灯维修意见（批量2）');
      await button(again, '全部保存').click();
      await again.waitFor({ state: 'hidden' });
      await page.getByText('已录入 2 场活动').waitFor();
      await expect.poll(() => activitiesTotal(page)).toBe(before + 2);
    } finally {
      await context.close();
    }
  });

  it('R-DUTY-5: the reception register lists entries masked; the reveal is explicit; the A4 form prints', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '接待登记').click();
      await page.getByRole('heading', { name: '接待登记' }).waitFor();
      const first = page.locator('.ant-table-row').first();
      await first.waitFor();
      const text = await first.innerText();
      // the visitor's name is masked in the list (陈某某 → 陈**)
      expect(text).not.toMatch(/陈某某|梁某某/);
      await page.screenshot({ path: screenshotPath('duty-receptions'), fullPage: true });

      await first.getByRole('button').first().click();
      const drawer = page.getByRole('dialog').filter({ hasText: '反映事项（来访人原话）' });
      await drawer.waitFor();
      expect(await drawer.innerText()).toContain('村口那段路晚上没有路灯');
      await button(drawer, '查看完整信息').click();
      const revealed = page.getByRole('dialog').filter({ hasText: '来访人完整信息' });
      await revealed.waitFor();
      expect(await revealed.innerText()).toMatch(/1380000\d{4}/);
      await button(revealed, '知道了').or(button(revealed, 'OK')).click();

      await button(drawer, '打印登记表').click();
      const form = page.getByRole('article', { name: '接待群众登记表' });
      await form.waitFor();
      const printed = await form.innerText();
      expect(printed).toMatch(/接待群众登记表/);
      expect(printed).toMatch(/编号：\S+-\d{4}-\d{4}/);
      expect(printed).toContain('值班代表签名');
      expect(printed).toContain('已当场解答医保缴费标准');
      await page.emulateMedia({ media: 'print' });
      // printed, the console's menu and the page's buttons are gone and only the form is left
      await expect.poll(() => page.locator('.ant-layout-sider').isVisible()).toBe(false);
      await expect.poll(() => page.locator('.gv-no-print').isVisible()).toBe(false);
      expect(await form.isVisible()).toBe(true);
      await page.screenshot({ path: screenshotPath('duty-reception-a4'), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  });

  it('R-DUTY-9: a deputy reads the year, rates themself first, and prints the annual record', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_deputy', inject('demoPassword'));
      await menuItem(page, '履职档案').click();
      await page.getByRole('heading', { name: '履职档案' }).waitFor();
      await page.getByLabel('年度').click();
      await pickOption(page, '2025年度');
      await page.getByText('履职评价').first().waitFor();
      await page.getByText('待代表自评').waitFor();
      const log = page.locator('.ant-card').filter({ hasText: '履职日志' });
      await log.locator('.ant-timeline-item').first().waitFor();

      const form = page.getByRole('form', { name: '代表自评' }).or(page.locator('form').filter({ hasText: '评语' }));
      for (const input of await form.locator('input.ant-input-number-input').all()) await input.fill('88');
      await form.getByLabel('评语').fill('全年按时进站，联系群众较好');
      await button(form, '提交代表自评').click();
      await page.getByText('代表自评 88.0分').waitFor();
      await page.getByText('待代表小组评议').waitFor();
      await page.screenshot({ path: screenshotPath('duty-performance'), fullPage: true });

      await button(page, '打印年度履职档案').click();
      const record = page.getByRole('article', { name: '年度履职档案' });
      await record.waitFor();
      const printed = await record.innerText();
      expect(printed).toContain('2025年度人大代表履职档案');
      expect(printed).toMatch(/代表自评\s*88\.0分；全年按时进站，联系群众较好/);
      expect(printed).toContain('评议尚未完成');
      expect(printed).toContain('述职要点');
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: screenshotPath('duty-performance-a4'), fullPage: true });
    } finally {
      await context.close();
    }
  });
  it('R-OVS-1, R-LOOP-7: a problem list is dispatched point to point, the unit answers, the constituents are visited again', async () => {
    const title = '城区内涝点整治专项调研（页面）';
    const openItem = async (page: Page, menu: string) => {
      await menuItem(page, menu).click();
      await page.getByRole('heading', { name: '监督事项' }).waitFor();
      await page.getByRole('button', { name: title }).click();
      const drawer = page.getByRole('dialog').filter({ hasText: '整改建议' });
      await drawer.waitFor();
      return drawer;
    };
    const problemRow = (drawer: Locator, text: string) => drawer.getByRole('row').filter({ hasText: text });

    const staff = await openPage(browser);
    try {
      const page = staff.page;
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '监督事项').click();
      await button(page, '新建监督事项').click();
      const dialog = page.getByRole('dialog', { name: '新建监督事项' });
      await dialog.getByLabel('标题').fill(title);
      await dialog.getByLabel('监督对象').fill('市住房和城乡建设局');
      await dialog.getByLabel('整改建议').fill('汛前完成低洼路段排水改造');
      await dialog.getByLabel('问题 1', { exact: true }).fill('人民路低洼路段雨后积水严重');
      await button(dialog, '添加问题').click();
      await dialog.getByLabel('问题 2', { exact: true }).fill('老城区排水管网管径偏小');
      await button(dialog, '保存').click();
      await dialog.waitFor({ state: 'hidden' });
      const drawer = page.getByRole('dialog').filter({ hasText: '整改建议' });
      await drawer.waitFor();
      const first = problemRow(drawer, '人民路低洼路段雨后积水严重');
      expect(await first.innerText()).toContain('待交办');
      await button(first, '交办').click();
      const dispatch = page.getByRole('dialog', { name: '交办问题 1' });
      await searchAndPick(page, dispatch.getByLabel('承办单位'), '住房', /住房和城乡建设局/);
      await button(dispatch, '交办').click();
      await dispatch.waitFor({ state: 'hidden' });
      await first.getByText('办理中').waitFor();
    } finally {
      await staff.context.close();
    }

    // the handling unit sees the item through its own menu entry and answers its problem
    const unit = await openPage(browser);
    try {
      await logIn(unit.page, 'demo_unit', inject('demoPassword'));
      const drawer = await openItem(unit.page, '监督交办');
      // only the problem given to this unit is shown to it
      expect(await drawer.innerText()).not.toContain('老城区排水管网管径偏小');
      const row = problemRow(drawer, '人民路低洼路段雨后积水严重');
      await button(row, '答复').click();
      const answer = unit.page.getByRole('dialog', { name: /办理答复/ });
      await answer.getByLabel('办理答复').fill('已完成人民路雨水管扩容，增设雨水篦子12个。');
      await button(answer, '提交').click();
      await answer.waitFor({ state: 'hidden' });
      await row.getByText('已答复').waitFor();
    } finally {
      await unit.context.close();
    }

    // 面回复: staff visit the constituents with the answer, then move the item on
    const again = await openPage(browser);
    try {
      await logIn(again.page, 'demo_county', inject('demoPassword'));
      const drawer = await openItem(again.page, '监督事项');
      const row = problemRow(drawer, '人民路低洼路段雨后积水严重');
      expect(await row.innerText()).toContain('已完成人民路雨水管扩容');
      await button(row, '回访').click();
      const visit = again.page.getByRole('dialog', { name: /回访情况/ });
      await visit.getByLabel('回访情况').fill('回访沿街商户，反映近两次降雨未再积水，表示满意。');
      await button(visit, '提交').click();
      await visit.waitFor({ state: 'hidden' });
      await row.getByText('已回访').waitFor();
      await button(drawer, '进入下一环节：深调研').click();
      await drawer.locator('.ant-steps-item-process').filter({ hasText: '深调研' }).waitFor();
      await again.page.screenshot({ path: screenshotPath('duty-oversight'), fullPage: true });
    } finally {
      await again.context.close();
    }
  });
  it('R-DUTY-1, R-DUTY-3, R-DUTY-9: the duty rule, the direct-contact weekday and the evaluation scheme are data staff edit', async () => {
    const { context, page } = await openPage(browser);
    try {
      await logIn(page, 'demo_county', inject('demoPassword'));
      await menuItem(page, '履职设置').click();
      await page.getByRole('heading', { name: '履职设置' }).waitFor();
      const rule = page.locator('.ant-card').filter({ hasText: '履职频次规则' });
      // the 631 rule: township deputies once a month, county deputies once a quarter
      await expect.poll(() => rule.getByLabel('乡镇人大代表次数').inputValue()).toBe('1');
      expect(await rule.locator('.ant-select').filter({ hasText: '每季度' }).count()).toBeGreaterThan(0);
      await rule.getByLabel('周期结束前提醒（天）').fill('10');
      await button(rule, '保存频次规则').click();
      await page.getByText('已保存履职频次规则').waitFor();

      const dc = page.locator('.ant-card').filter({ hasText: '直联日' });
      const tuesday = dc.getByLabel('星期二');
      await expect.poll(() => dc.getByText('近30天的直联日').isVisible()).toBe(true);
      const wasTuesday = await tuesday.isChecked();
      await tuesday.setChecked(!wasTuesday);
      await button(dc, '保存直联日').click();
      await page.getByText('已保存直联日').waitFor();

      const scheme = page.locator('.ant-card').filter({ hasText: '履职评价方案' });
      await scheme.getByLabel('评价年度').click();
      const next = `${new Date().getFullYear() + 1}年度`;
      await pickOption(page, next);
      await expect.poll(() => scheme.getByLabel('评价项目 1', { exact: true }).inputValue()).toBe('出席人代会会议');
      await scheme.getByLabel('评价项目 1 权重').fill('20');
      await button(scheme, '保存评价方案').click();
      await page.getByText(/已保存\d{4}年度评价方案/).waitFor();

      // what was saved is what the page shows after a reload
      await page.reload();
      await page.getByRole('heading', { name: '履职设置' }).waitFor();
      await expect.poll(() => rule.getByLabel('周期结束前提醒（天）').inputValue()).toBe('10');
      await rule.getByText('本区域规则').waitFor();
      await expect.poll(() => tuesday.isChecked()).toBe(!wasTuesday);
      await scheme.getByLabel('评价年度').click();
      await pickOption(page, next);
      await expect.poll(() => scheme.getByLabel('评价项目 1 权重').inputValue()).toBe('20');
      await page.screenshot({ path: screenshotPath('duty-settings'), fullPage: true });
      // the direct-contact weekday back as the demo had it
      await tuesday.setChecked(wasTuesday);
      await button(dc, '保存直联日').click();
      await page.getByText('已保存直联日').waitFor();
    } finally {
      await context.close();
    }
  });
});
