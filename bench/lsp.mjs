#!/usr/bin/env node
/**
 * 语言服务器基准（只打印数字，不做断言）：`node bench/lsp.mjs [--quick]`，需要先 npm run build。
 *
 * 启动 `zhishen lsp --stdio`（构建产物），工作区的 zhishen.json 指向全国知识库 ../shared/kb-data（3.3 万诊断、1.4 万手术、3,899 知识点）：
 *   1. 启动：进程启动 → initialize 应答；→ 知识库加载完成；→ 打开的文件收到第一批诊断。内存：服务器进程的 RSS（/proc）。
 *   2. 补全延迟：在代码集的字符串里输入（didChange）后立即请求补全，从发出到收到列表的时间——
 *      按中文名称（取自知识库条目名称的片段）、按编码前缀、按拼音首字母；p50 / p95（目标 p95 < 50 ms）。
 *      另测一次在 3,000 行文件里的补全（文档越大，编辑后的重建越久）。
 *   3. 编辑到新诊断：3,000 行规则文件里改一处（引入 / 修好一个未知名称），从发出 didChange 到收到反映这次修改的诊断（快速校验）；
 *      以及到慢速校验（知识库编码）结果补发的时间。目标 < 300 ms。
 * 可被 bench/run.mjs 引入：export runLspBench(options) 返回各项数字。
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { percentile } from './lib/measure.mjs';
import { mulberry32 } from './lib/random.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'cli/bin/zhishen.js');
const KB_DIR = resolve(ROOT, '../shared/kb-data');

// ───────────── 最小 LSP 客户端（Content-Length + JSON-RPC） ─────────────

class Client {
    constructor(args, cwd) {
        const extra = process.env.ZS_BENCH_NODE_ARGS ? process.env.ZS_BENCH_NODE_ARGS.split(' ') : [];
        this.proc = spawn(process.execPath, [...extra, ...args], { cwd, stdio: 'pipe' });
        this.buffer = Buffer.alloc(0);
        this.nextId = 1;
        this.pending = new Map();
        this.listeners = new Set();
        this.proc.stdout.on('data', chunk => this.receive(chunk));
        this.stderr = '';
        this.proc.stderr.on('data', chunk => { this.stderr += chunk; });
    }

    receive(chunk) {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        for (;;) {
            const end = this.buffer.indexOf('\r\n\r\n');
            if (end < 0) return;
            const length = Number(/Content-Length:\s*(\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))[1]);
            if (this.buffer.length < end + 4 + length) return;
            const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
            this.buffer = this.buffer.subarray(end + 4 + length);
            if (message.id !== undefined && message.method === undefined) {
                const pending = this.pending.get(message.id);
                this.pending.delete(message.id);
                if (message.error) pending?.reject(new Error(message.error.message));
                else pending?.resolve(message.result);
            } else if (message.id !== undefined) {
                this.write({ jsonrpc: '2.0', id: message.id, result: null });
            } else {
                for (const listener of [...this.listeners]) listener(message);
            }
        }
    }

    write(message) {
        const body = Buffer.from(JSON.stringify(message), 'utf8');
        this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    }

    request(method, params) {
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            this.write({ jsonrpc: '2.0', id, method, params });
        });
    }

    notify(method, params) {
        this.write({ jsonrpc: '2.0', method, params });
    }

    /** 等下一条满足条件的通知（从现在起）。 */
    next(match, timeoutMs = 60_000, label = '') {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => { this.listeners.delete(listener); reject(new Error(`等待通知超时 ${label}\n${this.stderr.slice(-3000)}`)); }, timeoutMs);
            const listener = message => {
                if (!match(message)) return;
                clearTimeout(timer);
                this.listeners.delete(listener);
                resolve(message);
            };
            this.listeners.add(listener);
        });
    }

    rssMb() {
        try {
            const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
            const kb = Number(/VmRSS:\s*(\d+)/.exec(status)?.[1] ?? 0);
            return kb / 1024;
        } catch {
            return NaN;
        }
    }

    async close() {
        try {
            await Promise.race([this.request('shutdown', null), new Promise(r => setTimeout(r, 5000))]);
            this.notify('exit', null);
        } catch {
            // 忽略
        }
        setTimeout(() => this.proc.kill(), 2000).unref();
    }
}

// ───────────── 工具 ─────────────

const now = () => performance.now();
const fmt = v => `${v.toFixed(1)} ms`;

/** 约 lines 行的规则文件：每条规则 20 行，引用知识库编码（诊断 ICD 与知识点的药品 / 项目编码）。 */
export function generateRules(lines, diagnosisCodes, itemCodes) {
    // 一个不在知识库中的编码：每次慢速校验都会报 ZS0401（用来看到慢速结果何时补发）
    const out = ['// 基准用的生成规则文件', '参数 全局年龄上限 = 18岁', '代码集 未知编码: 诊断 = { "Z99.999x999" }', ''];
    let i = 0;
    while (out.length < lines) {
        i++;
        const d1 = diagnosisCodes[(i * 7) % diagnosisCodes.length];
        const d2 = diagnosisCodes[(i * 13 + 5) % diagnosisCodes.length];
        const item = itemCodes[(i * 3) % itemCodes.length];
        out.push(
            `规则 BENCH_${String(i).padStart(4, '0')} "生成规则 ${i}" {`,
            '  分类 医疗类',
            `  级别 ${['明确违规', '高度可疑', '轻度可疑', '提醒'][i % 4]}`,
            '  环节 事中, 事后',
            `  依据 「生成的规则 ${i}」`,
            `  参数 上限${i} = ${(i % 5) + 1}次`,
            '',
            `  对每条 明细 m 属于 { "${item}" }`,
            `    令 同日${i} = 明细 其中 编码 = m.编码 且 日期 = m.日期`,
            `    当 计数(同日${i}) > 上限${i}`,
            `    当 患者.年龄 < 全局年龄上限 或 存在(诊断 其中 编码 属于 { "${d1}", "${d2}" })`,
            `    违规 m`,
            `    金额 m.金额`,
            `    涉及 同日${i}`,
            `    提示 "「{m.名称}」同日 {计数(同日${i})} 次，超过 {上限${i}}"`,
            '}',
            ''
        );
    }
    return out.join('\n') + '\n';
}

function loadCodes() {
    const diagnosis = readFileSync(join(KB_DIR, 'icd10-chs.tsv'), 'utf8').split('\n').slice(1).map(l => l.split('\t')).filter(c => c[0] && c[1]);
    const items = [];
    const liangku = join(KB_DIR, 'liangku');
    for (const name of ['batch_01.json', 'batch_02.json', 'batch_03.json']) {
        const file = join(liangku, name);
        if (!existsSync(file)) continue;
        const data = JSON.parse(readFileSync(file, 'utf8'));
        const rows = Array.isArray(data) ? data : (data.items ?? data.rows ?? data.knowledge_points ?? []);
        for (const row of rows) for (const code of row.med_codes ?? []) items.push({ code, name: row.item_name });
    }
    return { diagnosis, items };
}

// ───────────── 基准 ─────────────

export async function runLspBench(options = {}) {
    const quick = options.quick ?? false;
    if (!existsSync(CLI.replace('bin/zhishen.js', 'dist/main.js'))) throw new Error('先运行 npm run build');
    if (!existsSync(KB_DIR)) throw new Error(`没有全国知识库 ${KB_DIR}`);
    const { diagnosis, items } = loadCodes();
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-bench-lsp-'));
    writeFileSync(join(dir, 'zhishen.json'), JSON.stringify({ kb: [KB_DIR] }));
    const bigText = generateRules(3000, diagnosis.map(d => d[0]), items.length > 0 ? items.map(i => i.code) : diagnosis.map(d => d[0]));
    const smallText = '代码集 候选: 诊断 = { "E11.900" }\n';
    writeFileSync(join(dir, '大文件.zs'), bigText);
    writeFileSync(join(dir, '补全.zs'), smallText);
    const bigUri = pathToFileURL(join(dir, '大文件.zs')).href;
    const smallUri = pathToFileURL(join(dir, '补全.zs')).href;
    const rootUri = pathToFileURL(dir).href;
    const results = {};

    // 1. 启动
    const t0 = now();
    const client = new Client([CLI, 'lsp', '--stdio'], dir);
    const kbLoaded = client.next(m => m.method === 'zhishen/statusChanged' && m.params.kbLoaded, 60_000, '知识库');
    await client.request('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {}, initializationOptions: { slowValidationDelay: 250 } });
    const tInit = now() - t0;
    const firstDiagnostics = client.next(m => m.method === 'textDocument/publishDiagnostics' && m.params.uri === bigUri, 120_000, '首批诊断');
    client.notify('initialized', {});
    const status = (await kbLoaded).params;
    const tKb = now() - t0;
    await firstDiagnostics;
    const tFirst = now() - t0;
    results.startup = { initializeMs: tInit, kbLoadedMs: tKb, firstDiagnosticsMs: tFirst, kbCodes: status.kbCodes, rssMb: client.rssMb() };

    // 2. 补全延迟
    let version = 1;
    client.notify('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'zhishen', version, text: smallText } });
    await new Promise(r => setTimeout(r, 1500)); // 等索引预热（名称、拼音长串）
    const rand = mulberry32(42);
    const names = [];
    const prefixes = [];
    const pinyins = ['tnb', 'gxy', 'fy', 'xzb', 'ga', 'gm', 'zl', 'jzx', 'xjt', 'nz', 'gz', 'sj', 'fx', 'yy', 'wy'];
    const samples = quick ? 60 : 300;
    for (let i = 0; i < samples; i++) {
        const [code, name] = diagnosis[Math.floor(rand() * diagnosis.length)];
        const start = Math.floor(rand() * Math.max(1, name.length - 2));
        names.push(name.slice(start, start + 2 + Math.floor(rand() * 2)));
        prefixes.push(code.slice(0, 2 + Math.floor(rand() * 3)));
    }
    /** pause：每次补全后等这次修改的诊断发布（服务器空闲）再输入下一个；否则连续输入。 */
    const completionLatency = async (uri, textFor, queries, pause = false) => {
        const times = [];
        let items = 0;
        for (const query of queries) {
            const { text, line, character } = textFor(query);
            version++;
            const published = pause ? client.next(m => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 30_000).catch(() => undefined) : undefined;
            const start = now();
            client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
            const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
            times.push(now() - start);
            items += list?.items?.length ?? 0;
            if (published) {
                await published;
                await new Promise(r => setTimeout(r, 400)); // 慢速校验也跑完
            }
        }
        return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), n: times.length, meanItems: items / queries.length };
    };
    const inSmall = query => {
        const text = `代码集 候选: 诊断 = { "${query}" }\n`;
        return { text, line: 0, character: text.indexOf(`"${query}"`) + 1 + query.length };
    };
    results.completion = {
        byName: await completionLatency(smallUri, inSmall, names),
        byPrefix: await completionLatency(smallUri, inSmall, prefixes),
        byPinyin: await completionLatency(smallUri, inSmall, Array.from({ length: quick ? 30 : 150 }, (_, i) => pinyins[i % pinyins.length]))
    };

    // 在 3,000 行文件里补全（编辑后重建大文档）
    client.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'zhishen', version: 1000, text: bigText } });
    version = 1000;
    await new Promise(r => setTimeout(r, 1000));
    const bigLines = bigText.split('\n');
    const codeLine = bigLines.findIndex((l, i) => i > 1500 && l.includes('对每条 明细 m 属于 {'));
    const inBig = query => {
        const lines = [...bigLines];
        lines[codeLine] = `  对每条 明细 m 属于 { "${query}" }`;
        return { text: lines.join('\n'), line: codeLine, character: lines[codeLine].indexOf(`"${query}"`) + 1 + query.length };
    };
    results.completion.byNameIn3000Lines = await completionLatency(bigUri, inBig, names.slice(0, quick ? 10 : 30), true);
    results.completion.byNameIn3000LinesTyping = await completionLatency(bigUri, inBig, names.slice(0, quick ? 20 : 60));

    // 3. 编辑 → 新诊断（3,000 行）
    const editLine = bigLines.findIndex((l, i) => i > 1500 && l.includes('当 计数(同日'));
    const fastTimes = [];
    const slowTimes = [];
    const rounds = quick ? 6 : 20;
    for (let i = 0; i < rounds; i++) {
        const lines = [...bigLines];
        const broken = i % 2 === 0;
        if (broken) lines[editLine] = lines[editLine].replace('当 计数(', '当 计数错(');
        version++;
        const isMine = m => m.method === 'textDocument/publishDiagnostics' && m.params.uri === bigUri;
        const fast = client.next(m => isMine(m) && m.params.diagnostics.some(d => d.code === 'ZS0101') === broken, 60_000, `快速诊断 第 ${i} 次`);
        const start = now();
        client.notify('textDocument/didChange', { textDocument: { uri: bigUri, version }, contentChanges: [{ text: lines.join('\n') }] });
        await fast;
        fastTimes.push(now() - start);
        // 紧接着的下一次发布是慢速校验的补发
        const slow = await client.next(isMine, 10_000).catch(() => undefined);
        if (slow) slowTimes.push(now() - start);
        await new Promise(r => setTimeout(r, 100));
    }
    results.diagnostics3000 = {
        lines: bigLines.length,
        fast: { p50: percentile(fastTimes, 50), p95: percentile(fastTimes, 95), n: fastTimes.length },
        slow: slowTimes.length > 0 ? { p50: percentile(slowTimes, 50), p95: percentile(slowTimes, 95), n: slowTimes.length } : undefined
    };
    results.memory = { rssMbAfter: client.rssMb() };
    await client.close();
    rmSync(dir, { recursive: true, force: true });
    return results;
}

function print(results) {
    const s = results.startup;
    console.log('智审语言服务器基准（全国知识库 ../shared/kb-data）');
    console.log(`  启动：initialize 应答 ${fmt(s.initializeMs)}；知识库加载完成 ${fmt(s.kbLoadedMs)}（${s.kbCodes} 条编码）；首批诊断 ${fmt(s.firstDiagnosticsMs)}`);
    console.log(`  内存（RSS）：加载后 ${s.rssMb.toFixed(0)} MB，基准结束时 ${results.memory.rssMbAfter.toFixed(0)} MB`);
    const c = results.completion;
    const row = (label, r) => console.log(`  补全 ${label}：p50 ${fmt(r.p50)}，p95 ${fmt(r.p95)}，最大 ${fmt(r.max)}（${r.n} 次，平均 ${r.meanItems.toFixed(0)} 项；目标 p95 < 50 ms）`);
    row('按名称', c.byName);
    row('按编码前缀', c.byPrefix);
    row('按拼音首字母', c.byPinyin);
    row('按名称（3,000 行文件，停顿后输入）', c.byNameIn3000Lines);
    row('按名称（3,000 行文件，连续输入）', c.byNameIn3000LinesTyping);
    const d = results.diagnostics3000;
    console.log(`  编辑到新诊断（${d.lines} 行文件，快速校验）：p50 ${fmt(d.fast.p50)}，p95 ${fmt(d.fast.p95)}（${d.fast.n} 次；目标 < 300 ms）`);
    if (d.slow) console.log(`  编辑到慢速校验补发（含 250 ms 延迟）：p50 ${fmt(d.slow.p50)}，p95 ${fmt(d.slow.p95)}（${d.slow.n} 次）`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
    const results = await runLspBench({ quick: process.argv.includes('--quick') || process.env.BENCH_QUICK === '1' });
    print(results);
    if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
}
