/**
 * 端到端测试与基准的公用部分：构建演练场、在 127.0.0.1 上提供 dist/、用 Debian 的 Chromium（playwright-core）打开。
 * 从不下载浏览器。
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../scripts/serve.mjs';

export const PLAYGROUND = fileURLToPath(new URL('..', import.meta.url));
export const REPO = join(PLAYGROUND, '..');
export const ARTIFACTS = join(REPO, 'test-artifacts', 'playground');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** 构建演练场（npm run build -w @zhishen/playground）。 */
export function buildPlayground(): void {
    execFileSync('npm', ['run', 'build', '-w', '@zhishen/playground'], { cwd: REPO, stdio: 'inherit', timeout: 600_000 });
}

export async function serveDist() {
    if (!existsSync(join(PLAYGROUND, 'dist', 'index.html'))) throw new Error('playground/dist 不存在：构建失败？');
    return startStaticServer(join(PLAYGROUND, 'dist'));
}

export async function launch(): Promise<Browser> {
    if (!existsSync(CHROMIUM)) throw new Error(`找不到 ${CHROMIUM}：运行 bash scripts/install-system-deps.sh 安装 Debian 的 chromium 与中文字体`);
    return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function artifact(name: string): string {
    mkdirSync(ARTIFACTS, { recursive: true });
    return join(ARTIFACTS, name);
}

/** 等演练场完成第 n 次运行（window.__zhishen.runs）。 */
export async function waitForRuns(page: Page, n: number, timeout = 60_000): Promise<void> {
    await page.waitForFunction(count => (window.__zhishen?.runs ?? 0) >= count, n, { timeout });
}

/** 向获得焦点的编辑器“粘贴”一段文字（真实的 paste 事件，和用户按 Ctrl+V 一样走编辑器的粘贴处理）。 */
export async function pasteInto(page: Page, editorSelector: string, text: string): Promise<void> {
    await page.click(`${editorSelector} .view-lines`);
    await page.evaluate(value => {
        const target = document.activeElement as HTMLElement;
        const data = new DataTransfer();
        data.setData('text/plain', value);
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
}
