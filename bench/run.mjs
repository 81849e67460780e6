#!/usr/bin/env node
/**
 * 智审基准（npm run bench）：只打印数字与比值，不做断言。用构建产物（language/dist、compiler/dist、runtime/dist、cli/dist）。
 *
 *   npm run bench                       完整运行（10 万条理赔，约 10 分钟以内）
 *   npm run bench -- --quick            冒烟（2,000 条理赔，约 1 分钟）
 *   npm run bench -- --claims 200000    指定理赔条数（也可用环境变量 BENCH_CLAIMS）
 *   npm run bench -- peers              只跑对照组：手写 JS、json-rules-engine、Zen 与 zhishen run 端到端（bench/peers/run.mjs）
 *   选项：--reps N（每块理赔上各变体跑几次，默认 1，--quick 为 2）、--seed N、--interp N（参照解释器的理赔条数）、
 *        --skip kb,check,build,throughput,interp,peers（跳过某些部分）；环境变量 BENCH_QUICK=1 等同 --quick。
 *
 * 内容：
 *   1. 知识库：加载 ../shared/kb-data（3.3 万诊断、1.4 万手术、3,899 个知识点）并建编码索引（bench/kb.mjs）。
 *   2. zhishen check：约 3,000 行的生成规则文件（进程内构建文档，及起一个 CLI 进程的墙钟时间）。
 *   3. 规则包构建：模板 × 50 / 500 / 5,000 知识点、50 / 500 / 5,000 条不同规则、全国知识点规则（21 类 × 全部有效知识点）、
 *      标准规则 stdlib-rules/rules（存在且能编译时）。
 *   4. 吞吐：生成的理赔（NDJSON，缓存在 bench/.cache/）逐块读入内存，每块上交替运行各变体（仅 JSON.parse、解析 + 规范化、
 *      解析 + 各规则包求值）；求值成本 = (解析 + 求值 − 仅解析) / 仅解析，在同一块上算，取各块的中位数。
 *   5. 参照解释器：同一批理赔经 IR 解释器求值的吞吐，并逐条比对两个后端的输出是否逐字节相同。
 * 结果另存为 bench/results/latest.json（与上一次的 latest.json 比较关键数字；--quick 为 latest-quick.json），以及带时间戳的副本。
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createZhishenCoreServices, buildSources } from '../language/dist/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { compile, interpretPack } from '../compiler/dist/index.js';
import { createEngine, linePlan, normalizeRequest } from '../runtime/dist/index.js';
import { loadPackFile } from '../cli/dist/packs.js';
import { runKbBench } from './kb.mjs';
import { ensureClaimsFile, readChunks } from './lib/claims.mjs';
import { checkSource, distinctRules, kbWithPoints, nationalTemplates, pointCodes } from './lib/rules.mjs';
import { int, mb, median, ms, pct, ratio, round, sec, table, timeCommand } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB_DIR = resolve(ROOT, '../shared/kb-data');
const CACHE = join(ROOT, 'bench/.cache');
const RESULTS = join(ROOT, 'bench/results');
const CLI = join(ROOT, 'cli/bin/zhishen.js');
const STDLIB = join(ROOT, 'stdlib-rules/rules');

// npm run bench -- peers：只跑对照组（bench/peers/run.mjs）
if (process.argv[2] === 'peers') {
    const { runPeers } = await import('./peers/run.mjs');
    await runPeers(process.argv.slice(3));
    process.exit(0);
}

// ───────────── 选项 ─────────────

function parseArgs(argv) {
    const args = { skip: new Set() };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
            if (v === undefined) throw new Error(`选项 ${a} 需要一个值`);
            return v;
        };
        if (a === '--quick') args.quick = true;
        else if (a.startsWith('--claims')) args.claims = Number(value());
        else if (a.startsWith('--reps')) args.reps = Number(value());
        else if (a.startsWith('--seed')) args.seed = Number(value());
        else if (a.startsWith('--interp')) args.interp = Number(value());
        else if (a.startsWith('--skip')) for (const s of value().split(',')) args.skip.add(s.trim());
        else if (a === '--help' || a === '-h') args.help = true;
        else throw new Error(`不认识的选项「${a}」（--help 查看用法）`);
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));
if (args.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(2, 10).map(l => l.replace(/^ \* ?/, '')).join('\n'));
    process.exit(0);
}
const quick = args.quick || process.env.BENCH_QUICK === '1';
const S = {
    quick,
    claims: args.claims ?? (Number(process.env.BENCH_CLAIMS) || (quick ? 2_000 : 100_000)),
    reps: args.reps ?? (quick ? 2 : 1),
    seed: args.seed ?? 20260301,
    chunk: quick ? 500 : 2_000,
    kpSizes: [50, 500, 5_000],
    distinctSizes: quick ? [50, 500] : [50, 500, 5_000],
    interpClaims: args.interp ?? (quick ? 300 : 5_000),
    checkRuns: quick ? 2 : 5,
    cliRuns: quick ? 1 : 3,
    nationalBuilds: quick ? 1 : 3,
    kbRuns: quick ? 2 : 5
};
const skip = args.skip;

const results = {
    version: 1,
    date: new Date().toISOString(),
    settings: { ...S },
    env: { node: process.version, cpu: cpus()[0]?.model ?? '?', cores: cpus().length, memGiB: round(totalmem() / 2 ** 30, 1), loadavgStart: loadavg().map(x => round(x, 2)) }
};

const out = text => process.stdout.write(text + '\n');
const heading = text => out(`\n━━ ${text} ━━`);
const note = text => out(`  ${text}`);

out(`智审基准${quick ? '（--quick 冒烟）' : ''}：${results.date}`);
note(`Node ${process.version}；${results.env.cpu} × ${results.env.cores} 核；内存 ${results.env.memGiB} GiB；启动时负载 ${results.env.loadavgStart.join(' / ')}（共享机器，数字有噪声：各项取中位数，变体交替运行）`);
note(`理赔 ${int(S.claims)} 条，每块 ${int(S.chunk)} 条、每块上各变体交替跑 ${S.reps} 次；种子 ${S.seed}`);

// ───────────── 知识库 ─────────────

if (!existsSync(KB_DIR)) {
    console.error(`找不到国家知识库数据 ${KB_DIR}：基准需要仓库旁边的 ../shared/kb-data（见 README「数据」）。`);
    process.exit(1);
}
const kb = await loadKnowledgeBaseFolder(KB_DIR);
const codes = pointCodes(kb, S.seed);

if (!skip.has('kb')) {
    heading('1. 知识库加载 + 编码索引（../shared/kb-data）');
    const r = await runKbBench({ dir: KB_DIR, loadRuns: S.kbRuns, queries: quick ? 60 : 200, repeat: quick ? 2 : 5 });
    results.kb = r;
    const t = r.timingsMs;
    note(`条目 ${int(r.entries.total)}（${Object.entries(r.entries.byKind).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${int(n)}`).join('，')}）；知识点 有效 ${int(r.knowledgePoints.active)} + 被取代 ${r.knowledgePoints.superseded}，${r.knowledgePoints.ruleClasses} 个规则类`);
    note(`加载 + 建索引（中位数 / ${S.kbRuns} 次）：${ms(t.total)}（读文件与解析 ${ms(t.load)} + 编码索引 ${ms(t.index)}）；第一次 ${ms(t.loadFirst)}`);
    note(`懒构建：第一次名称查询 ${ms(t.firstNameSearch)}，第一次拼音查询 ${ms(t.firstPinyinSearch)}；热搜索 p50 ${ms(r.search.all.p50)}，p95 ${ms(r.search.all.p95)}（${r.search.queries} 条）`);
}

// ───────────── zhishen check ─────────────

mkdirSync(join(CACHE, 'packs'), { recursive: true });

/** 文档中 severity 1 的诊断数 */
const errorCount = docs => docs.reduce((n, d) => n + (d.diagnostics ?? []).filter(x => (x.severity ?? 1) === 1).length, 0);

if (!skip.has('check')) {
    heading('2. zhishen check：约 3,000 行的规则文件');
    const src = checkSource(codes, 3_000, S.seed);
    const file = join(CACHE, 'check-3000.zs');
    writeFileSync(file, src.text);
    const uri = pathToFileURL(file).href;
    const runs = [];
    let errors = 0;
    for (let i = 0; i < S.checkRuns + 1; i++) {
        const t0 = performance.now();
        const services = createZhishenCoreServices().Zhishen;
        services.kb.KnowledgeBaseProvider.set(kb);
        const docs = await buildSources(services, [{ uri, text: src.text }]);
        runs.push(performance.now() - t0);
        errors = errorCount(docs);
    }
    // 语言服务已建好（解析器、内置库都已就绪，像编辑器里的语言服务器）：只算这份文件
    const warmServices = createZhishenCoreServices().Zhishen;
    warmServices.kb.KnowledgeBaseProvider.set(kb);
    await buildSources(warmServices, [{ uri: pathToFileURL(join(CACHE, 'warmup.zs')).href, text: '' }]);
    const warm = [];
    for (let i = 0; i < S.checkRuns; i++) {
        const t0 = performance.now();
        await buildSources(warmServices, [{ uri, text: src.text }]);
        warm.push(performance.now() - t0);
    }
    const cli = [];
    let cliStatus = null;
    let cliSummary = '';
    const startup = [];
    for (let i = 0; i < S.cliRuns; i++) {
        startup.push(timeCommand(process.execPath, [CLI, '--version']).ms);
        const r = timeCommand(process.execPath, [CLI, 'check', file, '--kb', KB_DIR], { cwd: CACHE });
        cli.push(r.ms);
        cliStatus = r.status;
        cliSummary = (r.stdout.trim().split('\n').pop() ?? '').trim();
    }
    results.check = {
        lines: src.lines, rules: src.rules, errors,
        inProcess: { firstMs: round(runs[0]), medianMs: round(median(runs.slice(1))), warmMs: round(median(warm)) },
        cli: { medianMs: round(median(cli)), runs: cli.map(x => round(x)), status: cliStatus, summary: cliSummary, startupMs: round(median(startup)) }
    };
    note(`文件：${src.lines} 行、${src.rules} 条规则（全国模板 + 生成的不同规则），${errors} 个错误`);
    note(`进程内，知识库已加载（解析 + 链接 + 类型 + 校验）：新建语言服务（含构造解析器、解析内置库，即一次命令行要做的）中位数 ${ms(results.check.inProcess.medianMs)}，本进程第一次 ${ms(runs[0])}；`);
    note(`  语言服务已就绪（编辑器里的情形）中位数 ${ms(results.check.inProcess.warmMs)}`);
    note(`命令行 zhishen check --kb ../shared/kb-data（新进程，墙钟，含 Node 启动、加载模块、加载知识库）：中位数 ${ms(median(cli))}（${cli.map(x => int(x)).join(' / ')} ms），退出码 ${cliStatus}`);
    note(`  其中 Node 启动 + 加载命令行模块（zhishen --version）约 ${ms(median(startup))}；输出末行：${cliSummary}`);
}

// ───────────── 规则包构建 ─────────────

/** 编译（新的语言服务，像一次 CLI 调用），写出 ESM 规则包，用 CLI 的 loadPackFile 加载。 */
async function buildPack(name, sources, kbView, { keepIr = false } = {}) {
    const services = createZhishenCoreServices().Zhishen;
    const t0 = performance.now();
    const output = await compile({ services, sources, kb: kbView, root: ROOT, name, emit: { fileName: `${name}.mjs` } });
    const buildMs = performance.now() - t0;
    if (!output.ok || !output.result) {
        const first = output.diagnostics.filter(d => d.severity === 'error').slice(0, 3);
        return { ok: false, name, buildMs, errors: output.diagnostics.filter(d => d.severity === 'error').length, first: first.map(d => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`) };
    }
    const file = join(CACHE, 'packs', `${name}.mjs`);
    writeFileSync(file, output.result.code);
    const t1 = performance.now();
    const pack = await loadPackFile(file);
    const loadMs = performance.now() - t1;
    const m = output.result.manifest;
    return {
        ok: true, name, buildMs, loadMs, file, pack, ir: keepIr ? output.ir : undefined,
        timings: Object.fromEntries(Object.entries(output.timings).map(([k, v]) => [k, round(v, 1)])),
        bytes: Buffer.byteLength(output.result.code),
        rules: m.rules.length,
        instances: m.rules.reduce((n, r) => n + r.instances, 0),
        inactive: m.rules.reduce((n, r) => n + r.inactive, 0),
        dropped: m.dropped.length,
        dispatched: pack.rules.filter(p => p.spec.scope.dispatch).length
    };
}

function listZs(dir) {
    const files = [];
    const walk = d => {
        for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            if (e.name.startsWith('.')) continue;
            const p = join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith('.zs')) files.push(p);
        }
    };
    walk(dir);
    return files;
}

const packs = [];
const national = nationalTemplates();
const nationalFile = join(CACHE, 'national.zs');
writeFileSync(nationalFile, national);
const stdlibFiles = existsSync(STDLIB) ? listZs(STDLIB) : [];

if (!skip.has('build') || !skip.has('throughput') || !skip.has('interp')) {
    heading('3. 规则包构建（进程内编译：解析校验 → IR → 各 pass → 生成 ES 模块；再像命令行一样加载）');
    const specs = [];
    for (const n of S.kpSizes) {
        const view = kbWithPoints(kb, n, S.seed);
        specs.push({
            key: `kp${n}`, series: 'kp', n, label: `模板 × ${int(n)} 知识点`,
            detail: `${int(view.real)} 个真实有效知识点${view.synthetic ? ` + ${int(view.synthetic)} 个重组（同一规则类内，限定条件取自一个知识点、编码取自另一个）` : '（固定种子洗牌后的前 N 个，各自的规则类）'}`,
            sources: [{ uri: pathToFileURL(join(CACHE, `kp${n}.zs`)).href, text: national }], kb: view.kb
        });
    }
    specs.push({ key: 'national', series: 'national', label: '全国知识点规则（生成）', detail: '21 类模板 × 全部有效知识点', sources: [{ uri: pathToFileURL(nationalFile).href, text: national }], kb, keepIr: true });
    for (const n of S.distinctSizes) {
        specs.push({ key: `distinct${n}`, series: 'distinct', n, label: `不同规则 × ${int(n)}`, detail: '每条 1–3 个字面编码，7 种条件形状', sources: [{ uri: pathToFileURL(join(CACHE, `distinct${n}.zs`)).href, text: distinctRules(codes, n, S.seed) }], kb, keepIr: n === 500 });
    }
    if (stdlibFiles.length > 0) {
        specs.push({ key: 'stdlib', series: 'stdlib', label: '标准规则 stdlib-rules', detail: `${stdlibFiles.length} 个文件 × 国家知识点`, sources: stdlibFiles.map(f => ({ uri: pathToFileURL(f).href, text: readFileSync(f, 'utf8') })), kb, keepIr: true });
    }
    results.build = {};
    const rows = [['规则包', '规则', '实例', '未生效', '按编码分派', '构建', '其中解析校验', '生成代码', '加载', '大小']];
    for (const spec of specs) {
        const runs = spec.key === 'national' ? S.nationalBuilds : 1;
        let built;
        const times = [];
        for (let i = 0; i < runs; i++) {
            built = await buildPack(spec.key, spec.sources, spec.kb, { keepIr: spec.keepIr });
            times.push(built.buildMs);
        }
        built.buildMs = median(times);
        if (!built.ok) {
            results.build[spec.key] = { ok: false, label: spec.label, errors: built.errors, first: built.first };
            rows.push([spec.label, '—', '—', '—', '—', `失败：${built.errors} 个错误`, '', '', '', '']);
            continue;
        }
        packs.push({ ...spec, ...built });
        results.build[spec.key] = {
            ok: true, label: spec.label, detail: spec.detail, buildMs: round(built.buildMs), buildRuns: times.map(t => round(t)), loadMs: round(built.loadMs), timings: built.timings,
            bytes: built.bytes, rules: built.rules, instances: built.instances, inactive: built.inactive, dropped: built.dropped, dispatched: built.dispatched
        };
        rows.push([spec.label, int(built.rules), int(built.instances), int(built.inactive), int(built.dispatched), ms(built.buildMs), ms(built.timings.resolve ?? 0), ms(built.timings.emit ?? 0), ms(built.loadMs), mb(built.bytes)]);
    }
    out(table(rows));
    for (const spec of specs) note(`${spec.label}：${spec.detail}`);
    if (stdlibFiles.length === 0) note('标准规则：stdlib-rules/rules 不存在，跳过');
    for (const [key, r] of Object.entries(results.build)) if (!r.ok) note(`${r.label} 编译失败（${r.errors} 个错误），不参与后面的测量：${r.first.join('；')}`);

    // 命令行构建（新进程，墙钟）：全国知识点规则、标准规则
    const cliBuild = (label, paths) => {
        const target = join(CACHE, 'packs', `cli-${label}.mjs`);
        const r = timeCommand(process.execPath, [CLI, 'build', ...paths, '--kb', KB_DIR, '-o', target], { cwd: ROOT });
        return { ms: r.ms, status: r.status, tail: (r.stderr + r.stdout).trim().split('\n').slice(-1)[0] ?? '' };
    };
    results.cliBuild = { national: cliBuild('national', [nationalFile]) };
    note(`命令行 zhishen build 全国知识点规则（新进程，墙钟，含启动与加载知识库）：${ms(results.cliBuild.national.ms)}，退出码 ${results.cliBuild.national.status}`);
    if (stdlibFiles.length > 0) {
        results.cliBuild.stdlib = cliBuild('stdlib', [STDLIB]);
        note(`命令行 zhishen build stdlib-rules/rules：${ms(results.cliBuild.stdlib.ms)}，退出码 ${results.cliBuild.stdlib.status}${results.cliBuild.stdlib.status !== 0 ? `（${results.cliBuild.stdlib.tail}）` : ''}`);
    }
    const nb = results.build.national;
    if (nb?.ok) note(`全国知识点规则构建各阶段：${Object.entries(nb.timings).map(([k, v]) => `${k} ${int(v)}`).join('，')}（ms）`);
}

// ───────────── 吞吐 ─────────────

const claimsInfo = ensureClaimsFile(kb, { count: S.claims, seed: S.seed, cacheDir: CACHE });
results.claims = { file: relative(ROOT, claimsInfo.file), bytes: claimsInfo.bytes, generatedMs: round(claimsInfo.ms), cached: !claimsInfo.generated };

/**
 * 交替测量：理赔按块（S.chunk 条）读入内存；每块上各变体背靠背各跑一遍（每块、每次重复换一个起点，抵消先后顺序的影响），
 * 每一次“某变体跑某块”就是一个样本。比值（求值成本、5,000 / 500）在同一块的样本之间算，再取所有块的中位数——
 * 同一块上的几个变体相隔不到一秒，机器忙闲的变化对它们影响相同。总时间是各块相加（重复多次时取平均）。
 * 第一块先全部跑一遍预热（不计时）。
 */
function interleaved(variants, limit, reps, chunkSize) {
    const samples = variants.map(() => []);
    const totals = variants.map(() => 0);
    const checks = variants.map(() => []);
    let claims = 0;
    let chars = 0;
    let chunkIndex = 0;
    for (const lines of readChunks(claimsInfo.file, chunkSize, limit)) {
        if (chunkIndex === 0) {
            for (const v of variants) v.run(lines.slice(0, Math.min(lines.length, 300)));
            for (const v of variants) v.reset?.();
        }
        claims += lines.length;
        for (const l of lines) chars += l.length;
        for (let rep = 0; rep < reps; rep++) {
            for (let k = 0; k < variants.length; k++) {
                const i = (k + rep + chunkIndex) % variants.length;
                const t0 = performance.now();
                const check = variants[i].run(lines);
                const t = performance.now() - t0;
                samples[i].push(t);
                totals[i] += t;
                if (rep === 0) checks[i].push(check);
                else if (checks[i][checks[i].length - 1] !== check) checks[i].unstable = true;
            }
        }
        chunkIndex++;
    }
    return { samples, totals: totals.map(t => t / reps), checks: checks.map(c => ({ sum: c.reduce((a, b) => a + b, 0), stable: !c.unstable })), claims, chars, chunks: chunkIndex };
}

/** 同一样本位置上的比值的中位数与四分位距 */
function ratioStats(a, b, f) {
    const xs = a.map((x, k) => f(x, b[k], k)).sort((p, q) => p - q);
    const q = p => xs[Math.min(xs.length - 1, Math.floor(p * (xs.length - 1) + 0.5))];
    return { median: median(xs), p25: q(0.25), p75: q(0.75), n: xs.length };
}

const evalPacks = packs.filter(p => p.ok);
if (!skip.has('throughput')) {
    heading(`4. 吞吐：${int(S.claims)} 条生成的理赔（${mb(claimsInfo.bytes)} NDJSON${claimsInfo.generated ? `，本次生成用时 ${sec(claimsInfo.ms)}` : '，缓存'}）`);
    note('理赔：每条一个患者、本次就诊约 20 条明细、约 30% 带历史就诊；约 70% 的明细编码来自知识点（Zipf 分布），30% 为本地编码');
    const dictionaries = evalPacks[0]?.pack.data.dictionaries ?? {};
    const variants = [
        {
            key: 'parse', label: '仅 JSON.parse',
            run(lines) {
                let n = 0;
                for (const l of lines) n += JSON.parse(l).patient_dtos.length;
                return n;
            }
        },
        {
            key: 'normalize', label: '解析 + 规范化全部字段（不求值规则）',
            run(lines) {
                let n = 0;
                for (const l of lines) {
                    const request = normalizeRequest(JSON.parse(l), dictionaries);
                    for (const c of request.claims) n += c.all_lines.length;
                }
                return n;
            }
        }
    ];
    // 规则包只让运行时解析它读到的明细字段（manifest.lineFields）：这一行是全国知识点规则包实际付出的规范化成本
    const nationalPack = evalPacks.find(p => p.key === 'national');
    if (nationalPack) {
        const plan = linePlan(nationalPack.pack.manifest.lineFields);
        variants.push({
            key: 'normalizePlan', label: '解析 + 规范化全国规则包读到的字段',
            run(lines) {
                let n = 0;
                for (const l of lines) {
                    const request = normalizeRequest(JSON.parse(l), dictionaries, plan);
                    for (const c of request.claims) n += c.all_lines.length;
                }
                return n;
            }
        });
    }
    const withFindings = new Map();
    for (const p of evalPacks) {
        const engine = createEngine(p.pack);
        variants.push({
            key: p.key, label: `解析 + 求值：${p.label}`,
            run(lines) {
                let findings = 0;
                let flagged = 0;
                for (const l of lines) {
                    const o = engine.evaluate(JSON.parse(l));
                    findings += o.response.result.length + (o.rejected ? 1e9 : 0);
                    if (o.response.result.length > 0) flagged++;
                }
                withFindings.set(p.key, (withFindings.get(p.key) ?? 0) + flagged);
                return findings;
            },
            reset() {
                withFindings.delete(p.key);
            }
        });
    }
    const t0 = performance.now();
    const r = interleaved(variants, S.claims, S.reps, S.chunk);
    const wall = performance.now() - t0;
    const orderLines = r.checks[1].sum;
    const P = r.samples[0];
    const perVariant = {};
    const rows = [['变体', '总时间', '理赔/秒', 'MB/秒', '求值成本（占解析）', '四分位', '结果/理赔', '有结果的理赔']];
    variants.forEach((v, i) => {
        const t = r.totals[i];
        const cost = i === 0 ? null : ratioStats(r.samples[i], P, (x, p) => (x - p) / p);
        const findings = r.checks[i].sum;
        const flagged = (withFindings.get(v.key) ?? 0) / S.reps;
        perVariant[v.key] = {
            label: v.label, totalMs: round(t), claimsPerSec: round(r.claims / (t / 1000)),
            mbPerSec: round(claimsInfo.bytes * (r.claims / S.claims) / 1024 / 1024 / (t / 1000), 1),
            evalCost: cost && round(cost.median, 4), evalCostIqr: cost && [round(cost.p25, 4), round(cost.p75, 4)],
            findings: i >= 2 ? findings : undefined, claimsWithFindings: i >= 2 ? flagged : undefined, stable: r.checks[i].stable
        };
        rows.push([
            v.label, sec(t), int(r.claims / (t / 1000)), String(perVariant[v.key].mbPerSec),
            cost ? pct(cost.median) : '—', cost ? `${pct(cost.p25)}–${pct(cost.p75)}` : '—',
            i >= 2 ? round(findings / r.claims, 2) + (r.checks[i].stable ? '' : ' (!)') : '—', i >= 2 ? pct(flagged / r.claims) : '—'
        ]);
    });
    out(table(rows));
    note(`共 ${int(r.claims)} 条理赔、${int(orderLines)} 条规范化后的明细（平均 ${round(orderLines / r.claims, 1)} 条/理赔）、${int(r.chars)} 个字符；${r.chunks} 块 × ${S.reps} 次 = 每个变体 ${r.chunks * S.reps} 个样本；本节墙钟 ${sec(wall)}`);
    note('求值成本 = (解析 + 求值 − 仅解析) / 仅解析，在同一块理赔上算，取各块的中位数（四分位给出离散程度）；');
    note('“解析 + 规范化”两行是其中规范化（3101 入参 → 内部结构）所占的部分：全部字段，与全国规则包实际解析的字段（规则包只让运行时解析它读到的明细字段）；总时间为各块之和');
    const scaling = {};
    const idx = key => variants.findIndex(v => v.key === key);
    for (const series of ['kp', 'distinct']) {
        const big = idx(`${series}5000`);
        const mid = idx(`${series}500`);
        if (big < 0 || mid < 0) continue;
        scaling[series] = {
            total: round(ratioStats(r.samples[big], r.samples[mid], (a, b) => a / b).median, 3),
            evalOnly: round(ratioStats(r.samples[big], r.samples[mid], (a, b, k) => (a - P[k]) / (b - P[k])).median, 3)
        };
    }
    results.throughput = { claims: r.claims, orderLines, chars: r.chars, chunks: r.chunks, reps: S.reps, wallMs: round(wall), variants: perVariant, scaling };
    for (const [series, s] of Object.entries(scaling)) {
        note(`${series === 'kp' ? '模板 × 5,000 知识点 / × 500' : '5,000 条不同规则 / 500 条'}：解析 + 求值总时间 ${ratio(s.total)}；只算求值 ${ratio(s.evalOnly)}`);
    }
}

// ───────────── 参照解释器 ─────────────

if (!skip.has('interp')) {
    const targets = evalPacks.filter(p => p.ir);
    const n = Math.min(S.interpClaims, S.claims);
    heading(`5. 参照解释器（IR 直接解释）与生成代码：前 ${int(n)} 条理赔`);
    results.interpreter = {};
    const rows = [['规则包', '生成代码 理赔/秒', '解释器 理赔/秒', '解释器慢', '输出逐字节相同']];
    for (const p of targets) {
        const compiled = createEngine(p.pack);
        const interp = createEngine(interpretPack(p.ir, p.pack.manifest.id));
        let mismatches = 0;
        let compared = 0;
        let firstMismatch;
        for (const lines of readChunks(claimsInfo.file, n, n)) {
            for (const l of lines) {
                const a = JSON.stringify(compiled.evaluate(JSON.parse(l)).response);
                const b = JSON.stringify(interp.evaluate(JSON.parse(l)).response);
                compared++;
                if (a !== b) {
                    mismatches++;
                    firstMismatch ??= JSON.parse(l).patient_dtos?.[0]?.patn_id;
                }
            }
        }
        const variants = [compiled, interp].map(engine => ({
            run(lines) {
                let f = 0;
                for (const l of lines) f += engine.evaluate(JSON.parse(l)).response.result.length;
                return f;
            }
        }));
        const r = interleaved(variants, n, S.reps, Math.max(100, Math.ceil(n / 10)));
        const tc = r.totals[0];
        const ti = r.totals[1];
        const slow = ratioStats(r.samples[1], r.samples[0], (a, b) => a / b).median;
        results.interpreter[p.key] = { claims: r.claims, compiledPerSec: round(r.claims / (tc / 1000)), interpreterPerSec: round(r.claims / (ti / 1000)), slowdown: round(slow, 2), compared, mismatches, firstMismatch };
        rows.push([p.label, int(r.claims / (tc / 1000)), int(r.claims / (ti / 1000)), ratio(slow), mismatches === 0 ? `是（${int(compared)} 条）` : `否：${mismatches} 条不同（如 ${firstMismatch}）`]);
    }
    out(table(rows));
    note('两者都含 JSON.parse 与规范化；“输出逐字节相同”比较的是同一规则包 id 下两个后端的 3101 输出 JSON');
}

// ───────────── 目标 ─────────────

heading('目标');
const goals = [];
const goal = (name, value, target, ok, detail = '') => goals.push({ name, value, target, ok, detail });
if (results.kb) goal('知识库加载 + 建索引', ms(results.kb.timingsMs.total), '< 1 s', results.kb.timingsMs.total < 1000);
if (results.check) {
    goal('zhishen check 3,000 行（命令行，新进程）', ms(results.check.cli.medianMs), '< 1 s', results.check.cli.medianMs < 1000, `进程内：新建语言服务 ${ms(results.check.inProcess.medianMs)}，已就绪 ${ms(results.check.inProcess.warmMs)}`);
}
if (results.throughput) {
    const v = results.throughput.variants;
    for (const key of ['kp5000', 'national', 'stdlib', 'distinct5000']) {
        if (v[key]) goal(`求值成本：${v[key].label.replace('解析 + 求值：', '')}`, pct(v[key].evalCost), '≤ 25% 解析', v[key].evalCost <= 0.25, key === 'national' && v.normalizePlan ? `其中规范化 ${pct(v.normalizePlan.evalCost)}（读到的字段）` : `规范化全部字段为 ${pct(v.normalize.evalCost)}（上限：规则包只解析读到的字段）`);
    }
    for (const [series, s] of Object.entries(results.throughput.scaling)) {
        goal(series === 'kp' ? '10× 知识点（5,000 / 500）' : '10× 不同规则（5,000 / 500）', ratio(s.total), '≤ 2×', s.total <= 2, `只算求值 ${ratio(s.evalOnly)}`);
    }
}
if (results.build?.national?.ok) goal('全国知识点规则包构建（进程内）', ms(results.build.national.buildMs), '< 10 s', results.build.national.buildMs < 10_000, results.cliBuild ? `命令行 ${ms(results.cliBuild.national.ms)}` : '');
if (results.build?.stdlib?.ok) goal('标准规则包构建（进程内）', ms(results.build.stdlib.buildMs), '< 10 s', results.build.stdlib.buildMs < 10_000, results.cliBuild?.stdlib ? `命令行 ${ms(results.cliBuild.stdlib.ms)}` : '');
out(table([['目标', '实测', '要求', '', '备注'], ...goals.map(g => [g.name, g.value, g.target, g.ok ? '达成' : '未达成', g.detail])]));
results.goals = goals;
results.env.loadavgEnd = loadavg().map(x => round(x, 2));
note(`结束时负载 ${results.env.loadavgEnd.join(' / ')}`);

// ───────────── 对照组与端到端 ─────────────

if (!skip.has('peers')) {
    heading('6. 对照组（bench/peers）：手写 JS、json-rules-engine、Zen；zhishen run 端到端');
    const { runPeers } = await import('./peers/run.mjs');
    results.peers = await runPeers(quick ? ['--quick'] : []);
}

// ───────────── 保存与比较 ─────────────

mkdirSync(RESULTS, { recursive: true });
// 完整运行写 latest.json；--quick 或跳过了某些部分的运行另存，免得和完整运行的数字混在一起比较
const latest = join(RESULTS, quick ? 'latest-quick.json' : skip.size > 0 ? 'latest-partial.json' : 'latest.json');
if (existsSync(latest)) {
    try {
        const prev = JSON.parse(readFileSync(latest, 'utf8'));
        const pairs = [];
        const cmp = (label, a, b, fmt) => {
            if (typeof a === 'number' && typeof b === 'number') pairs.push([label, fmt(b), fmt(a), ratio(a / b)]);
        };
        cmp('知识库加载 + 索引', results.kb?.timingsMs.total, prev.kb?.timingsMs.total, ms);
        cmp('check（命令行）', results.check?.cli.medianMs, prev.check?.cli.medianMs, ms);
        for (const key of Object.keys(results.throughput?.variants ?? {})) {
            cmp(`${results.throughput.variants[key].label}：理赔/秒`, results.throughput.variants[key].claimsPerSec, prev.throughput?.variants?.[key]?.claimsPerSec, int);
        }
        cmp('全国知识点规则包构建', results.build?.national?.buildMs, prev.build?.national?.buildMs, ms);
        if (pairs.length > 0) {
            heading(`与上一次（${prev.date}${prev.settings?.claims !== S.claims ? `，${int(prev.settings?.claims ?? 0)} 条理赔` : ''}）比较`);
            out(table([['', '上次', '本次', '本次 / 上次'], ...pairs]));
        }
    } catch {
        // 上一次的结果读不了就不比较
    }
}
const stamp = results.date.replace(/[:.]/g, '-');
writeFileSync(latest, JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(RESULTS, `${stamp}${quick ? '-quick' : ''}.json`), JSON.stringify(results, null, 2) + '\n');
out(`\n结果已写入 ${relative(ROOT, latest)}（及 ${relative(ROOT, join(RESULTS, stamp))}…json）`);
