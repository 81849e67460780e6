/**
 * 演练场端到端：构建 → 在 127.0.0.1 上提供 dist/ → Debian Chromium 打开。
 * 写一条有错的规则 → 出现红线；改好 → 红线消失；选样例理赔；运行 → 出现期望的结果与金额；打开解释；
 * 改参数 → 显示与上次运行的差异；用分享链接重新打开 → 状态相同。截图在 test-artifacts/playground/。
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact, buildPlayground, launch, pasteInto, serveDist, waitForRuns } from './browser.js';
import { measureBundle, measureRuns, measureStartup, printBundle, printRuns } from '../scripts/bench.mjs';
import { PARAM_RULE, SAME_DAY_CLAIM } from '../test/helpers.js';

const RULE_ID = 'GZ10000102012000';

/** 单元测试也用的同日重复收费规则（带一个参数），先写错（违规 bb），再改对。 */
const RULE = PARAM_RULE.replace('    违规 b\n', '    违规 bb\n');

describe('演练场（浏览器）', () => {
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];
    let shareUrl = '';
    let sharedState: unknown;

    beforeAll(async () => {
        buildPlayground();
        server = await serveDist();
        browser = await launch();
        context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'zh-CN' });
        page = await context.newPage();
        page.on('pageerror', error => pageErrors.push(`${expect.getState().currentTestName}: ${error.message}\n${error.stack ?? ''}`));
        page.on('console', message => {
            if (message.type() === 'error') pageErrors.push(`${expect.getState().currentTestName}: console: ${message.text()}`);
        });
    });

    afterAll(async () => {
        await browser?.close();
        await server?.close();
    });

    it('打开即有样例、编辑器可编辑、自动运行一次', async () => {
        await page.goto(server.url);
        await waitForRuns(page, 1);
        await expect.poll(() => page.locator('#rule-editor .view-lines').textContent()).toBeTruthy();
        expect(await page.locator('#claim-editor .view-lines').textContent()).toContain('patient_dtos');
        expect(await page.locator('#run').textContent()).toContain('运行');
        await page.waitForFunction(() => window.__zhishen?.lspReady === true, null, { timeout: 30_000 });
        await page.screenshot({ path: artifact('01-首次打开.png') });
    });

    it('写一条有错的规则 → 出现红线与中文说明；改好 → 红线消失', async () => {
        // 只留自己的规则：关掉默认打开的文件
        while (await page.locator('#rule-editor').locator('xpath=..').locator('.tab-close').count() > 0) {
            await page.locator('.rules-pane .tab-close').first().click();
        }
        await page.getByRole('button', { name: '＋ 新建' }).click();
        await pasteInto(page, '#rule-editor', RULE);
        const squiggle = page.locator('#rule-editor .squiggly-error');
        await expect.poll(() => squiggle.count(), { timeout: 30_000 }).toBeGreaterThan(0);
        expect(await squiggle.count()).toBe(1);
        const box = (await squiggle.first().boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const hover = page.locator('.monaco-hover').filter({ hasText: /bb/ });
        await expect.poll(() => hover.count(), { timeout: 10_000 }).toBeGreaterThan(0);
        expect(await hover.first().textContent()).toMatch(/[\u4e00-\u9fff]/);
        await page.screenshot({ path: artifact('02-规则有错.png') });

        // 改：把 bb 的最后一个 b 删掉
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.keyboard.press('End');
        await page.keyboard.press('Backspace');
        await expect.poll(() => squiggle.count(), { timeout: 30_000 }).toBe(0);
        const state = await page.evaluate(() => window.__zhishen!.state!());
        expect(state.rules.map(r => r.path)).toEqual(['我的规则.zs']);
        expect(state.rules[0].text).toContain('    违规 b\n');
    });

    it('选样例理赔并运行 → 出现期望的结果与金额；打开解释', async () => {
        await page.selectOption('#claim-sample', SAME_DAY_CLAIM);
        await expect.poll(() => page.evaluate(() => window.__zhishen!.state!().activeClaim)).toBe(SAME_DAY_CLAIM);
        expect(await page.locator('#claim-editor .view-lines').textContent()).toContain('李四');
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await page.getByRole('button', { name: '▶ 运行' }).click();
        await waitForRuns(page, runs + 1);
        const row = page.locator(`table.findings tbody tr[data-rule="${RULE_ID}"]`);
        await expect.poll(() => row.count()).toBe(1);
        expect(await row.locator('td.amount').textContent()).toContain('30.00');
        expect(await row.locator('td.lines').first().textContent()).toContain('R2');
        expect(await row.locator('td.lines').nth(1).textContent()).toContain('R1');
        await page.screenshot({ path: artifact('03-运行结果.png') });

        await row.click();
        const explain = page.locator('#explain');
        await expect.poll(() => explain.textContent()).toContain('为什么成立');
        const text = (await explain.textContent())!;
        expect(text).toContain('存在(同日A)');
        expect(text).toContain('成立 ✓');
        expect(text).toContain('30.00 元');
        expect(text).toContain('起付金额');
        // 规则源码与理赔明细都已高亮
        expect(await page.locator('#rule-editor .hl-rule').count()).toBeGreaterThan(0);
        expect(await page.locator('#claim-editor .hl-violating').count()).toBeGreaterThan(0);
        await page.screenshot({ path: artifact('04-解释.png') });
    });

    it('键盘：结果行上按 Enter 打开解释，Ctrl+Enter 运行', async () => {
        await page.locator('#explain').evaluate(el => (el.innerHTML = ''));
        await page.locator('table.findings tbody tr').first().focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => page.locator('#explain').textContent()).toContain('为什么成立');
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await page.keyboard.press('Control+Enter');
        await waitForRuns(page, runs + 1);
    });

    it('改参数 → 自动重跑，显示与上次运行的差异（消失 1 条，−30.00 元）', async () => {
        await page.getByRole('tab', { name: /参数/ }).click();
        const input = page.locator(`input[data-rule="${RULE_ID}"][data-param="起付金额"]`);
        await expect.poll(() => input.count()).toBe(1);
        expect(await input.getAttribute('placeholder')).toBe('10元');
        // 单位写错：当场提示
        await input.fill('50天');
        expect(await page.locator('.param-error').first().textContent()).toContain('单位');
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await input.fill('50元');
        await input.press('Enter');
        await waitForRuns(page, runs + 1);
        const diff = page.locator('[data-testid=diff]');
        await expect.poll(() => diff.textContent()).toContain('消失 1 条');
        expect(await diff.textContent()).toContain('−30.00');
        expect(await page.locator(`table.findings tbody tr[data-rule="${RULE_ID}"]`).count()).toBe(0);
        await page.screenshot({ path: artifact('05-参数差异.png') });
    });

    it('导出 CSV 与 JSON', async () => {
        // 恢复参数，让导出里有结果
        const input = page.locator(`input[data-rule="${RULE_ID}"][data-param="起付金额"]`);
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await input.fill('');
        await input.press('Enter');
        await waitForRuns(page, runs + 1);
        await expect.poll(() => page.locator('[data-testid=diff]').textContent()).toContain('新增 1 条');
        const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
        const csvText = readFileSync((await csv.path())!, 'utf8');
        expect(csvText).toContain('规则编号');
        expect(csvText).toContain(RULE_ID);
        expect(csvText).toContain('30.00');
        const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 JSON' }).click()]);
        const output = JSON.parse(readFileSync((await json.path())!, 'utf8'));
        expect(output.result.some((r: { rule_id: string; vola_amt: number }) => r.rule_id === RULE_ID && r.vola_amt === 30)).toBe(true);
    });

    it('分享链接 → 新窗口打开 → 同样的规则、理赔、参数与结果', async () => {
        // 再设一次参数，让链接里带参数
        await page.getByRole('tab', { name: /参数/ }).click();
        const input = page.locator(`input[data-rule="${RULE_ID}"][data-param="起付金额"]`);
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await input.fill('20元');
        await input.press('Enter');
        await waitForRuns(page, runs + 1);
        await page.getByRole('button', { name: '分享链接' }).click();
        shareUrl = await page.locator('#share-url').inputValue();
        expect(shareUrl).toContain('#z=');
        await page.screenshot({ path: artifact('06-分享链接.png') });
        await page.keyboard.press('Escape');
        sharedState = await page.evaluate(() => window.__zhishen!.state!());
        const before = await page.evaluate(() => window.__zhishen!.lastRun!.claim!.outcomes[0].results.map(r => [r.rule_id, r.vola_amt]));

        const other = await context.newPage();
        other.on('pageerror', error => pageErrors.push(error.message));
        await other.goto(shareUrl);
        await waitForRuns(other, 1);
        expect(await other.evaluate(() => window.__zhishen!.state!())).toEqual(sharedState);
        const after = await other.evaluate(() => window.__zhishen!.lastRun!.claim!.outcomes[0].results.map(r => [r.rule_id, r.vola_amt]));
        expect(after).toEqual(before);
        expect(after).toContainEqual([RULE_ID, 30]);
        await other.getByRole('tab', { name: /参数/ }).click();
        expect(await other.locator(`input[data-rule="${RULE_ID}"][data-param="起付金额"]`).inputValue()).toBe('20元');
        // 没见过这个项目的审核人员：打开链接，点结果，读解释
        await other.locator(`table.findings tbody tr[data-rule="${RULE_ID}"]`).click();
        await expect.poll(() => other.locator('#explain').textContent()).toContain('为什么成立');
        await other.screenshot({ path: artifact('07-从分享链接打开.png') });
        await other.close();
    });

    it('清楚的中文错误：坏 JSON、无法审核的理赔', async () => {
        await page.getByRole('tab', { name: /理赔/ }).click();
        await page.getByRole('button', { name: '＋ 粘贴' }).click();
        await pasteInto(page, '#claim-editor', '{ "patient_dtos": [ { "patn_id": "P1"， } ] }');
        await expect.poll(() => page.locator('#claim-status').textContent(), { timeout: 15_000 }).toContain('全角');
        expect(await page.locator('#claim-editor .squiggly-error').count()).toBeGreaterThan(0);
        await page.screenshot({ path: artifact('08-坏JSON.png') });

        await page.keyboard.press('Control+A');
        await pasteInto(page, '#claim-editor', '{ "patient_dtos": [ { "patn_id": "P1" } ] }');
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await pasteInto(page, '#claim-editor', '{ "patient_dtos": [ { "patn_id": "P1" } ] }');
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await page.getByRole('button', { name: '▶ 运行' }).click();
        await waitForRuns(page, runs + 1);
        const alert = page.locator('#findings .alert');
        await expect.poll(() => alert.textContent()).toContain('无法审核');
        expect(await alert.textContent()).toContain('fsi_encounter_dtos');
        await page.screenshot({ path: artifact('09-无法审核.png') });
    });

    it('理赔编辑器按 3101 schema 补全字段名', async () => {
        await page.click('#claim-editor .view-lines');
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await page.keyboard.type('{"patient_dtos": [{"fsi_encounter_dtos": [{"fsi_order_dtos": [{"');
        await page.keyboard.press('Control+Space');
        const rows = page.locator('.suggest-widget .monaco-list-row');
        await expect.poll(async () => (await rows.allTextContents()).join(' '), { timeout: 15_000 }).toContain('cnt');
        await page.screenshot({ path: artifact('10-理赔字段补全.png') });
        await page.keyboard.press('Escape');
    });

    it('上传 NDJSON（每行一份请求，坏行单独报告）', async () => {
        const one = JSON.stringify(JSON.parse(readFileSync(new URL('../../examples/claims/同日重复收费.json', import.meta.url), 'utf8')));
        await page.setInputFiles('#claim-file', { name: '一批.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${one}\n{ 坏行\n${one}\n`) });
        await expect.poll(() => page.evaluate(() => window.__zhishen!.state!().activeClaim)).toBe('上传/一批.ndjson');
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await page.getByRole('button', { name: '▶ 运行' }).click();
        await waitForRuns(page, runs + 1);
        const outcomes = await page.evaluate(() => window.__zhishen!.lastRun!.claim!.outcomes.map(o => [o.line, o.parseFailed, o.results.length]));
        expect(outcomes.map(o => o.slice(0, 2))).toEqual([[1, false], [2, true], [3, false]]);
        expect(await page.locator('#findings').textContent()).toContain('第 2 行的请求无法审核');
        await page.screenshot({ path: artifact('11-NDJSON.png') });
    });

    it('加载知识库文件（这里是一个只有目录的小知识库）', async () => {
        await page.getByRole('tab', { name: /知识库/ }).click();
        await page.setInputFiles('#kb-files', { name: '本地目录.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from('code\tname\n001102000030000\t急诊诊查费（本地）\n') });
        await expect.poll(() => page.locator('#panel-kb .kb-head').textContent(), { timeout: 30_000 }).toContain('本地目录.tsv');
        await page.fill('#kb-search', '本地');
        await expect.poll(() => page.locator('#kb-results').textContent()).toContain('001102000030000');
        await page.getByRole('button', { name: '换回样例知识库' }).click();
        await expect.poll(() => page.locator('#panel-kb .kb-head').textContent(), { timeout: 30_000 }).toContain('随附样例');
    });

    it('窄窗口下可读；没有页面错误', async () => {
        await page.setViewportSize({ width: 420, height: 860 });
        await page.waitForTimeout(300);
        await page.screenshot({ path: artifact('12-窄窗口.png'), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(1);
        expect(pageErrors).toEqual([]);
    });

    it('预算与基准（只打印，不断言）', async () => {
        printBundle(measureBundle());
        const startup = await measureStartup(browser, server.url, 1);
        const runs = await measureRuns(browser, server.url);
        printRuns(startup, runs);
    });
});
