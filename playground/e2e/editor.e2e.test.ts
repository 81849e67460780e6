/**
 * 演练场端到端（问题 16：第一次用的人碰到的问题）：快速修复、全角括号、对话框按钮的对比度、
 * 内联提示跟随参数面板的覆盖、从分享链接打开即有内联提示、为什么没触发、规则测试的覆盖率、关掉规则后结果标为过时。截图在 test-artifacts/playground/。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifact, buildPlayground, launch, pasteInto, serveDist, waitForRuns } from './browser.js';
import { PARAM_RULE, SAME_DAY_CLAIM } from '../test/helpers.js';

const RULE_ID = 'GZ10000102012000';

/** WCAG 对比度（sRGB 相对亮度）。 */
function contrast(foreground: string, background: string): number {
    const luminance = (css: string) => {
        const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map(Number).map(v => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}

async function buttonContrast(page: Page, dialog: string, name: string): Promise<number> {
    const style = await page.locator(`${dialog} button`, { hasText: name }).evaluate(el => {
        const s = getComputedStyle(el);
        return { color: s.color, background: s.backgroundColor };
    });
    return contrast(style.color, style.background);
}

/** 规则编辑器里看得见的文字（含内联提示）：先滚到末尾，参数引用（b.金额 > 起付金额）在规则后半 */
async function ruleText(page: Page): Promise<string> {
    await page.locator('#rule-editor .monaco-scrollable-element').first().evaluate(el => el.dispatchEvent(new WheelEvent('wheel', { deltaY: 2000, bubbles: true })));
    return ((await page.locator('#rule-editor .view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** 参数引用后的内联提示（提示紧跟在名称后面渲染，中间的间距是样式不是字符；声明处写的是“起付金额 = 10元”） */
const hint = (value: string) => `起付金额= ${value}`;

describe('演练场：编辑器与对话框（浏览器）', () => {
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
        buildPlayground();
        server = await serveDist();
        browser = await launch();
        context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
        page = await context.newPage();
        page.on('pageerror', error => pageErrors.push(`${expect.getState().currentTestName}: ${error.message}`));
        page.on('console', message => {
            if (message.type() === 'error') pageErrors.push(`${expect.getState().currentTestName}: console: ${message.text()}`);
        });
        await page.goto(server.url);
        await waitForRuns(page, 1);
        await page.waitForFunction(() => window.__zhishen?.lspReady === true, null, { timeout: 30_000 });
        while (await page.locator('.rules-pane .tab-close').count() > 0) await page.locator('.rules-pane .tab-close').first().click();
        await page.getByRole('button', { name: '＋ 新建' }).click();
    });

    afterAll(async () => {
        await browser?.close();
        await server?.close();
    });

    it('快速修复：未知名称 bb → 改为「b」（Monaco 的客户端不回传 code / data）', async () => {
        await pasteInto(page, '#rule-editor', PARAM_RULE.replace('    违规 b\n', '    违规 bb\n'));
        const squiggle = page.locator('#rule-editor .squiggly-error');
        await expect.poll(() => squiggle.count(), { timeout: 30_000 }).toBeGreaterThan(0);
        const box = (await squiggle.first().boundingBox())!;
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: '改为「b」' });
        await expect.poll(() => fix.count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await page.screenshot({ path: artifact('20-快速修复.png') });
        await fix.first().click();
        await expect.poll(() => squiggle.count(), { timeout: 30_000 }).toBe(0);
        const state = await page.evaluate(() => window.__zhishen!.state!());
        expect(state.rules[0].text).toContain('    违规 b\n');
        expect(state.rules[0].text).not.toContain('违规 bb');
    });

    it('输入全角括号（ 不出页面错误，这一行照样高亮', async () => {
        const before = pageErrors.length;
        await page.click('#rule-editor .view-lines');
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\n// 全角括号（测试）\n');
        await page.keyboard.press('Control+End');
        await page.keyboard.type('代码集 甲 = 知识点表（"医疗服务项目重复收费"）.编码');
        await page.waitForTimeout(500);
        expect(pageErrors.slice(before)).toEqual([]);
        // 关键字仍是关键字的颜色（分词没有在全角括号处中断）
        const line = page.locator('#rule-editor .view-line', { hasText: '代码集 甲' });
        const spans = await line.locator('span span').evaluateAll(els => els.map(e => [e.textContent, e.className]));
        expect(spans.some(([text, cls]) => text?.includes('编码') && /mtk\d+/.test(cls ?? ''))).toBe(true);
        const keyword = spans.find(([text]) => text === '代码集');
        const identifier = spans.find(([text]) => text?.includes('编码'));
        expect(keyword?.[1]).not.toBe(identifier?.[1]);
        // 换回原来的规则
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await pasteInto(page, '#rule-editor', PARAM_RULE);
        await expect.poll(() => page.evaluate(() => window.__zhishen!.state!().rules[0].text)).toBe(PARAM_RULE);
    });

    it('分享对话框的“复制”与帮助的“知道了”看得见（对比度 ≥ 4.5）', async () => {
        await page.getByRole('button', { name: '分享链接' }).click();
        expect(await buttonContrast(page, '#share-dialog', '复制')).toBeGreaterThanOrEqual(4.5);
        await page.screenshot({ path: artifact('21-分享对话框.png') });
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: '帮助' }).click();
        expect(await buttonContrast(page, '#help-dialog', '知道了')).toBeGreaterThanOrEqual(4.5);
        await page.keyboard.press('Escape');
    });

    it('内联提示跟随参数面板的覆盖（= 10元 → = 50元）', async () => {
        await page.selectOption('#claim-sample', SAME_DAY_CLAIM);
        let runs = await page.evaluate(() => window.__zhishen!.runs);
        await page.getByRole('button', { name: '▶ 运行' }).click();
        await waitForRuns(page, runs + 1);
        await expect.poll(() => ruleText(page), { timeout: 30_000 }).toContain(hint('10元'));
        await page.getByRole('tab', { name: /参数/ }).click();
        const input = page.locator(`input[data-rule="${RULE_ID}"][data-param="起付金额"]`);
        await expect.poll(() => input.count()).toBe(1);
        runs = await page.evaluate(() => window.__zhishen!.runs);
        await input.fill('50元');
        await input.press('Enter');
        await waitForRuns(page, runs + 1);
        await expect.poll(() => ruleText(page), { timeout: 30_000 }).toContain(hint('50元'));
        expect(await ruleText(page)).not.toContain(hint('10元'));
        await page.screenshot({ path: artifact('22-内联提示跟随参数.png') });
    });

    it('从分享链接打开：不用编辑就有内联提示', async () => {
        await page.getByRole('button', { name: '分享链接' }).click();
        const shareUrl = await page.locator('#share-url').inputValue();
        await page.keyboard.press('Escape');
        const other = await context.newPage();
        const errors: string[] = [];
        other.on('pageerror', error => errors.push(error.message));
        await other.goto(shareUrl);
        await waitForRuns(other, 1);
        await expect.poll(() => ruleText(other), { timeout: 30_000 }).toContain(hint('50元'));
        await other.screenshot({ path: artifact('23-分享链接的内联提示.png') });
        await other.close();
        expect(errors).toEqual([]);
    });

    it('帮助里有教程与语言参考；悬停内置字段的“语言参考”链接打开参考的那一节', async () => {
        await page.getByRole('button', { name: '帮助' }).click();
        await page.locator('#help-reference summary').click();
        const reference = page.locator('#help-reference .markdown');
        await expect.poll(() => reference.textContent()).toContain('hilist_code');
        expect(await page.locator('#help-tutorial summary').textContent()).toContain('写第一条规则');
        await page.keyboard.press('Escape');
        await page.locator('#help-reference').evaluate(el => { (el as HTMLDetailsElement).open = false; });

        // 悬停 b.金额 的“金额”→ 链接 → 帮助打开在“明细”一节
        const line = page.locator('#rule-editor .view-line', { hasText: 'b.金额 >' });
        await expect.poll(() => line.count(), { timeout: 10_000 }).toBe(1);
        const word = line.locator('span', { hasText: /^金额$/ }).first();
        const box = (await word.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const link = page.locator('.monaco-hover a', { hasText: '语言参考 › 明细.金额' });
        await expect.poll(() => link.count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await link.first().click();
        await expect.poll(() => page.locator('#help-dialog').evaluate(d => (d as HTMLDialogElement).open)).toBe(true);
        await expect.poll(() => page.locator('#help-reference-明细').isVisible()).toBe(true);
        await page.screenshot({ path: artifact('25-语言参考.png') });
        await page.keyboard.press('Escape');
    });

    it('为什么没触发：起付金额覆盖为 50元 后 R2 不再触发 → 选规则与明细，看到不成立的条件与它看到的值', async () => {
        await page.getByRole('tab', { name: /为什么没触发/ }).click();
        await expect.poll(() => page.locator('#whynot-rule option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
        await page.selectOption('#whynot-rule', RULE_ID);
        await page.selectOption('#whynot-target', 'R2');
        await page.locator('#whynot-run').click();
        const report = page.locator('[data-testid=whynot-report]');
        await expect.poll(() => report.textContent(), { timeout: 30_000 }).toContain('没有触发');
        const failed = report.locator('.attempt[data-outcome=failed]');
        expect(await failed.count()).toBe(1);
        const text = (await failed.textContent()) ?? '';
        expect(text).toContain('明细 R2');
        expect(text).toContain('「当 存在(同日A) 且 b.金额 > 起付金额」不成立');
        expect(text).toContain('起付金额 = 50.00元');
        expect(text).toContain('b.金额 = 30.00元');
        // 不成立的那一步加重显示，点行号定位到规则
        expect(await failed.locator('.step.failed').count()).toBe(1);
        expect(await report.textContent()).toContain('参数 起付金额 = 50.00元');
        await page.screenshot({ path: artifact('26-为什么没触发.png') });
        // 另一个明细（R1 是 A 项目，不在 k.其余码 里）：写明编码不属于任何知识点行的代码集
        await page.selectOption('#whynot-target', 'R1');
        await page.locator('#whynot-run').click();
        await expect.poll(() => report.locator('.attempt[data-outcome=not-in-codes]').count(), { timeout: 30_000 }).toBe(1);
        expect(await report.textContent()).toMatch(/编码 001103000010000 不属于 \d+ 个知识点行中任何一个的代码集/);
    });

    it('规则测试的覆盖率：语言导览的测试跑过后，规则测试页有汇总与没覆盖到的条件，规则编辑器行号旁有色条', async () => {
        await page.selectOption('#rule-sample', 'examples/语言导览.zs');
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await page.getByRole('button', { name: '▶ 运行' }).click();
        await waitForRuns(page, runs + 1);
        const coverage = await page.evaluate(() => window.__zhishen!.lastRun!.tests!.coverage!);
        expect(coverage.totalRules).toBeGreaterThan(1);
        expect(coverage.firedRules).toBeGreaterThan(0);
        expect(coverage.firedRules).toBeLessThan(coverage.totalRules);
        await page.getByRole('tab', { name: /规则测试/ }).click();
        const section = page.locator('[data-testid=coverage]');
        expect(await section.textContent()).toContain(`规则触发 ${coverage.firedRules}/${coverage.totalRules}`);
        expect(await section.locator('.coverage-gaps li').count()).toBeGreaterThan(0);
        // 行号旁：触发过的规则（绿）与没触发的（红）都有。编辑器只渲染看得见的行：把窗口拉高到整个文件都看得见再数
        const viewport = page.viewportSize();
        await page.setViewportSize({ width: viewport?.width ?? 1280, height: 4000 });
        await expect.poll(() => page.locator('#rule-editor .cov-gutter.cov-passed').count(), { timeout: 10_000 }).toBeGreaterThan(0);
        expect(await page.locator('#rule-editor .cov-gutter.cov-missed').count()).toBeGreaterThan(0);
        if (viewport) await page.setViewportSize(viewport);
        await page.screenshot({ path: artifact('27-测试覆盖率.png') });
    });

    it('关掉产生结果的规则：结果标为过时；重新运行后标记消失', async () => {
        await page.getByRole('tab', { name: /审核结果/ }).click();
        const stale = page.locator('[data-testid=stale]');
        expect(await stale.isVisible()).toBe(false);
        await page.locator('.rules-pane .tab-close').first().click();
        await expect.poll(() => stale.isVisible(), { timeout: 10_000 }).toBe(true);
        expect(await stale.textContent()).toContain('过时');
        await page.screenshot({ path: artifact('24-结果过时.png') });
        const runs = await page.evaluate(() => window.__zhishen!.runs);
        await stale.getByRole('button', { name: '▶ 重新运行' }).click();
        await waitForRuns(page, runs + 1);
        await expect.poll(() => stale.isVisible()).toBe(false);
    });

    it('没有页面错误', () => {
        expect(pageErrors).toEqual([]);
    });
});
