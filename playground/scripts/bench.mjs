#!/usr/bin/env node
/**
 * 演练场的预算与基准（只打印，不断言）：
 *   1. 包大小：dist/ 中每个文件的原始大小与 gzip 大小，合计（目标：gzip 后 ≤ 2.5 MB，含编辑器与各 worker）；
 *   2. 打开到编辑器可编辑、语言服务器就绪、第一次运行完成的时间（Debian Chromium，127.0.0.1，中位数）；
 *   3. 在浏览器里编译 + 运行标准规则：冷编译、缓存命中、改参数后重编译，以及每份随附样例理赔的审核耗时。
 *   node scripts/bench.mjs [--no-build] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { startStaticServer } from './serve.mjs';

const PLAYGROUND = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(PLAYGROUND, 'dist');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const kb = n => `${(n / 1024).toFixed(1)} KB`;
/** 按显示宽度补空格（汉字占两格） */
const width = text => [...text].reduce((n, c) => n + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
const pad = (text, n) => text + ' '.repeat(Math.max(0, n - width(text)));
const mb = n => `${(n / 1024 / 1024).toFixed(2)} MB`;

function files(dir) {
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) out.push(...files(full));
        else out.push(full);
    }
    return out;
}

function role(path) {
    if (path.startsWith('samples/')) return '样例知识库（数据）';
    if (/engine\.worker/.test(path)) return '编译运行 worker';
    if (/lsp\.worker/.test(path)) return '语言服务器 worker';
    if (/json\.worker|jsonMode/.test(path)) return 'JSON 语言（worker 与模式）';
    if (/editor\.worker/.test(path)) return '编辑器 worker';
    if (path.endsWith('.css')) return '样式';
    if (path.endsWith('.ttf')) return '图标字体';
    if (path.endsWith('.html')) return '页面';
    return '主线程（Monaco + 应用）';
}

/** 包大小：[{ file, role, raw, gzip, brotli }] 与合计。 */
export function measureBundle(dir = DIST) {
    const rows = files(dir).filter(f => !f.endsWith('.map')).map(f => {
        const body = readFileSync(f);
        return {
            file: relative(dir, f).split('\\').join('/'),
            raw: body.length,
            gzip: gzipSync(body, { level: 9 }).length,
            brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
        };
    }).map(r => ({ ...r, role: role(r.file) })).sort((a, b) => b.gzip - a.gzip);
    const sum = (list, key) => list.reduce((n, r) => n + r[key], 0);
    const code = rows.filter(r => !r.file.startsWith('samples/'));
    return { rows, total: { raw: sum(rows, 'raw'), gzip: sum(rows, 'gzip'), brotli: sum(rows, 'brotli') }, code: { raw: sum(code, 'raw'), gzip: sum(code, 'gzip'), brotli: sum(code, 'brotli') } };
}

export function printBundle(bundle) {
    console.log('\n── 包大小（gzip -9；目标：合计 ≤ 2.5 MB，含编辑器与各 worker）──');
    const byRole = new Map();
    for (const r of bundle.rows) {
        const e = byRole.get(r.role) ?? { raw: 0, gzip: 0, brotli: 0 };
        e.raw += r.raw; e.gzip += r.gzip; e.brotli += r.brotli;
        byRole.set(r.role, e);
    }
    for (const [name, e] of [...byRole].sort((a, b) => b[1].gzip - a[1].gzip)) {
        console.log(`  ${pad(name, 28)} ${kb(e.gzip).padStart(10)}  （原始 ${kb(e.raw)}，brotli ${kb(e.brotli)}）`);
    }
    console.log(`  代码合计（不含样例知识库）  gzip ${mb(bundle.code.gzip)}  brotli ${mb(bundle.code.brotli)}  原始 ${mb(bundle.code.raw)}`);
    console.log(`  全部合计（含样例知识库）    gzip ${mb(bundle.total.gzip)}  brotli ${mb(bundle.total.brotli)}  原始 ${mb(bundle.total.raw)}`);
    console.log(`  目标 2.50 MB：${bundle.total.gzip <= 2.5 * 1024 * 1024 ? '达到' : '超出'}（含知识库），${bundle.code.gzip <= 2.5 * 1024 * 1024 ? '达到' : '超出'}（不含）`);
}

const median = list => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** 打开演练场 n 次：编辑器可编辑、语言服务器就绪、第一次运行完成的时间（毫秒，自导航开始）。 */
export async function measureStartup(browser, url, n = 3) {
    const samples = [];
    for (let i = 0; i < n; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => (window.__zhishen?.runs ?? 0) >= 1 && window.__zhishen?.lspReady, null, { timeout: 120_000 });
        samples.push(await page.evaluate(() => ({
            editor: performance.getEntriesByName('zhishen:editor-ready')[0]?.startTime ?? NaN,
            lsp: window.__zhishen.lspReadyMs,
            firstRun: window.__zhishen.firstRunMs,
            compile: window.__zhishen.lastRun?.timings.compileMs,
            findings: window.__zhishen.lastRun?.claim?.outcomes.reduce((n, o) => n + o.results.length, 0) ?? 0
        })));
        await context.close();
    }
    return {
        editor: median(samples.map(s => s.editor)),
        lsp: median(samples.map(s => s.lsp)),
        firstRun: median(samples.map(s => s.firstRun)),
        coldCompile: median(samples.map(s => s.compile)),
        samples
    };
}

/** 标准规则（默认打开的状态）在每份随附样例理赔上的编译与审核耗时。 */
export async function measureRuns(browser, url) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window.__zhishen?.runs ?? 0) >= 1, null, { timeout: 120_000 });
    const rules = await page.evaluate(() => window.__zhishen.state().rules.map(r => r.path));
    const claims = await page.$$eval('#claim-sample option', options => options.map(o => o.value).filter(Boolean));
    const results = [];
    for (const claim of claims) {
        const runs = await page.evaluate(() => window.__zhishen.runs);
        await page.selectOption('#claim-sample', claim);
        await page.click('#run');
        await page.waitForFunction(count => window.__zhishen.runs > count, runs, { timeout: 120_000 });
        results.push(await page.evaluate(() => {
            const run = window.__zhishen.lastRun;
            return {
                claim: run.claim?.path,
                ok: run.compile.ok,
                compileMs: run.timings.compileMs,
                cached: run.compile.cached,
                runMs: run.timings.runMs,
                testMs: run.timings.testMs,
                findings: run.claim?.outcomes.reduce((n, o) => n + o.results.length, 0) ?? 0,
                requests: run.claim?.outcomes.length ?? 0
            };
        }));
    }
    // 改一个参数：带部署配置重新编译
    const param = await page.evaluate(() => window.__zhishen.lastRun.rules.find(r => r.params.some(p => ['money', 'duration', 'age', 'quantity'].includes(p.type))));
    let paramRun = null;
    if (param) {
        const p = param.params.find(x => ['money', 'duration', 'age', 'quantity'].includes(x.type));
        await page.click('#tab-params');
        const runs = await page.evaluate(() => window.__zhishen.runs);
        const input = page.locator(`input[data-rule="${param.id}"][data-param="${p.name}"]`);
        await input.fill(p.display.replace(/^\d+/, m => String(Number(m) + 1)));
        await input.press('Enter');
        await page.waitForFunction(count => window.__zhishen.runs > count, runs, { timeout: 120_000 });
        paramRun = await page.evaluate(() => ({ compileMs: window.__zhishen.lastRun.timings.compileMs, runMs: window.__zhishen.lastRun.timings.runMs }));
        paramRun.param = `${param.id}.${p.name}`;
    }
    await context.close();
    return { rules, results, paramRun };
}

export function printRuns(startup, runs) {
    console.log('\n── 打开演练场（Chromium 无头，127.0.0.1，中位数）──');
    console.log(`  编辑器可编辑      ${startup.editor.toFixed(0)} ms`);
    console.log(`  语言服务器就绪    ${startup.lsp.toFixed(0)} ms`);
    console.log(`  第一次运行完成    ${startup.firstRun.toFixed(0)} ms（含下载并加载样例知识库、冷编译 ${startup.coldCompile.toFixed(0)} ms）`);
    console.log(`\n── 标准规则（${runs.rules.length} 个文件）在随附样例上：编译 + 审核（worker 内）──`);
    for (const r of runs.results) {
        console.log(`  ${pad(String(r.claim), 46)} 编译 ${r.compileMs.toFixed(0).padStart(5)} ms${r.cached ? '（缓存）' : '        '} 审核 ${r.runMs.toFixed(1).padStart(6)} ms  ${r.requests} 份请求 ${r.findings} 条结果${r.testMs ? `  规则测试 ${r.testMs.toFixed(0)} ms` : ''}`);
    }
    if (runs.paramRun) console.log(`  改参数 ${runs.paramRun.param} 后重编译 ${runs.paramRun.compileMs.toFixed(0)} ms，审核 ${runs.paramRun.runMs.toFixed(1)} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const args = process.argv.slice(2);
    if (!args.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: PLAYGROUND, stdio: 'inherit' });
    const n = Number(args[args.indexOf('--runs') + 1]) || 3;
    printBundle(measureBundle());
    const { chromium } = await import('playwright-core');
    const server = await startStaticServer(DIST);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
        const startup = await measureStartup(browser, server.url, n);
        const runs = await measureRuns(browser, server.url);
        printRuns(startup, runs);
    } finally {
        await browser.close();
        await server.close();
    }
}
