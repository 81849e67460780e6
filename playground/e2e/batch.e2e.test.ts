/**
 * 演练场批量筛查（浏览器端到端）：打开 → 批量筛查 → 上传随附的筛查样例 机构药占比.ndjson → 在 worker 里运行 →
 * 看到计数与机构层级的结果（H2-106 药占比高于同级，带指标值与同级值）；再选样例下拉框也能运行。
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, buildPlayground, launch, REPO, serveDist, waitForRuns } from './browser.js';

describe('演练场批量筛查（浏览器）', () => {
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
        buildPlayground();
        server = await serveDist();
        browser = await launch();
        page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
        page.on('pageerror', error => pageErrors.push(error.message));
    });

    afterAll(async () => {
        await browser?.close();
        await server?.close();
    });

    it('上传 NDJSON 批量 → 机构层级的结果带指标与同级值', async () => {
        await page.goto(server.url);
        await waitForRuns(page, 1);
        await page.locator('#batch-open').click();
        await page.locator('#batch-file').setInputFiles(join(REPO, 'stdlib-rules/claims/screening/机构药占比.ndjson'));
        const cohort = page.locator('#batch-cohort');
        await cohort.waitFor({ timeout: 60_000 });
        const row = cohort.locator('tbody tr', { hasText: 'H2-106' });
        expect(await row.count()).toBe(1);
        const cells = await row.locator('td').allTextContents();
        expect(cells[0]).toBe('机构');
        expect(cells[2]).toContain('ZSP0101');
        expect(cells[3]).toBe('药占比');
        expect(cells[4]).toBe('0.849843');
        expect(cells[6]).toBe('0.379625');
        expect(await cohort.locator('tbody tr', { hasText: '医师' }).count()).toBeGreaterThan(0);
        const counts = await page.locator('#batch-counts').textContent();
        expect(counts).toContain('读取 264 行');
        expect(counts).toContain('拒绝 0');
        await page.screenshot({ path: artifact('批量筛查.png'), fullPage: true });
        expect(pageErrors).toEqual([]);
    }, 600_000);

    it('选随附样例跨机构行为：逐张理赔（跨理赔规则）的结果出现', async () => {
        await page.locator('#batch-sample').selectOption({ label: '跨机构行为.ndjson' });
        await expect.poll(() => page.locator('#batch-status').textContent(), { timeout: 60_000 }).toContain('跨机构行为.ndjson」筛查完成');
        expect(await page.locator('#batch-claims tbody tr').count()).toBeGreaterThan(0);
        expect(pageErrors).toEqual([]);
    }, 120_000);
});
