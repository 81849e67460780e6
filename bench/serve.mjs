#!/usr/bin/env node
/**
 * 实时服务的负载测试（autocannon，127.0.0.1）：全国知识点规则包（与 run.mjs 同一个：21 类模板 × 全部有效知识点，
 * 缓存在 bench/.cache/packs/national.mjs），约 30 行明细的 3101 报文。只打印数字与比值。
 *
 *   node bench/serve.mjs                 1 / 10 / 100 个并发客户端各 10 秒，与 zhishen run --workers 1 的吞吐对照
 *   node bench/serve.mjs --duration 5    每档的秒数
 *   node bench/serve.mjs --soak 600      另加浸泡：10 个客户端持续 600 秒，每 10 秒记一次服务进程 RSS
 *   node bench/serve.mjs --workers 2     服务的求值线程数（默认 CPU 数 − 1）
 *
 * 先用每条样例理赔各发一次，核对 infcode 0 且 output 与进程内 createEngine(pack).evaluate 逐字节相同。
 * 每档另记 CPU：服务进程各线程（/proc/<pid>/task/<tid>/stat）与本进程（autocannon 在这里跑，和服务抢同两个核），
 * 折成每个请求的 CPU 微秒；zhishen run 的每条理赔 CPU 取自 /usr/bin/time（有时）。结果写到 bench/results/serve-latest.json。
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { createZhishenCoreServices } from '../language/dist/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { compile } from '../compiler/dist/index.js';
import { createEngine } from '../runtime/dist/index.js';
import { loadPackFile } from '../cli/dist/packs.js';
import { claimGenerator, claimPools } from './lib/claims.mjs';
import { nationalTemplates } from './lib/rules.mjs';
import { int, mb, median, ms, pct, round, table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'bench/.cache');
const CLI = join(ROOT, 'cli/bin/zhishen.js');
const CALL = '/fsi/api/rsfComIfsService/callService';

const args = { duration: 10, soak: 0, workers: undefined, seed: 20251122, claims: 300 };
for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i];
    const next = () => Number(process.argv[++i]);
    if (a === '--duration') args.duration = next();
    else if (a === '--soak') args.soak = next();
    else if (a === '--workers') args.workers = next();
    else if (a === '--seed') args.seed = next();
    else if (a === '--help' || a === '-h') {
        console.log('node bench/serve.mjs [--duration 秒] [--soak 秒] [--workers 数] [--seed 种子]');
        process.exit(0);
    } else throw new Error(`不认识的选项「${a}」`);
}

const heading = text => console.log(`\n== ${text}`);
console.log(`实时服务负载测试 · Node ${process.version} · ${availableParallelism()} 核 · 负载 ${loadavg().map(x => x.toFixed(2)).join(' ')}`);

// ───── 规则包与理赔 ─────
heading('准备：全国知识点规则包、约 30 行明细的理赔');
const kb = await loadKnowledgeBaseFolder(resolve(ROOT, '../shared/kb-data'));
mkdirSync(join(CACHE, 'packs'), { recursive: true });
const packFile = join(CACHE, 'packs', 'national.mjs');
const output = await compile({ services: createZhishenCoreServices().Zhishen, sources: [{ uri: pathToFileURL(join(CACHE, 'national.zs')).href, text: nationalTemplates() }], kb, root: ROOT, name: 'national', emit: { fileName: 'national.mjs' } });
if (!output.ok) throw new Error('全国知识点规则包编译失败');
writeFileSync(packFile, output.result.code);
const pack = await loadPackFile(packFile);
const engine = createEngine(pack);

const lineCount = c => c.patient_dtos[0].fsi_encounter_dtos.reduce((n, e) => n + e.fsi_order_dtos.length, 0);
const generator = claimGenerator(claimPools(kb, args.seed), args.seed);
const claims = [];
for (let tries = 0; claims.length < args.claims && tries < 100_000; tries++) {
    const c = generator.next();
    const n = lineCount(c);
    if (n >= 28 && n <= 32) claims.push(c);
}
const avgLines = claims.reduce((n, c) => n + lineCount(c), 0) / claims.length;
const bodies = claims.map((data, i) => JSON.stringify({
    infno: '3101', msgid: `H110000000012026${String(i).padStart(8, '0')}`, mdtrtarea_admvs: '110000', insuplc_admdvs: '110000',
    fixmedins_code: 'H11000000001', inf_time: '2026-12-03 10:00:00', input: { data }
}));
console.log(`  规则包：${pack.manifest.rules.length} 条规则、${int(pack.manifest.rules.reduce((n, r) => n + r.instances, 0))} 个知识点实例；理赔 ${claims.length} 条，平均 ${round(avgLines, 1)} 行明细（含历史就诊），报文平均 ${int(bodies.reduce((n, b) => n + b.length, 0) / bodies.length)} 字节`);

// ───── zhishen run 的单核吞吐（同一批理赔，NDJSON） ─────
heading('对照：zhishen run --workers 1（一个求值线程；解析 + 求值 + 输出）');
const ndjson = join(CACHE, 'serve-claims.ndjson');
const repeat = Math.ceil(20_000 / claims.length);
writeFileSync(ndjson, Array.from({ length: repeat }, () => claims.map(c => JSON.stringify(c)).join('\n')).join('\n') + '\n');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const runRates = [];
const runCpu = [];
for (let i = 0; i < 3; i++) {
    const timeFile = join(CACHE, 'serve-run.time');
    const command = [CLI, 'run', '--pack', packFile, '--claims', ndjson, '--no-progress', '--workers', '1'];
    const r = TIME ? spawnSync(TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, ...command], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } })
        : spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
    const m = /· (\d+) 条\/秒/.exec(r.stderr);
    if (!m) throw new Error(`zhishen run 失败：${r.stderr}`);
    runRates.push(Number(m[1]));
    if (TIME) {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
        runCpu.push((user + system) * 1e6 / (repeat * claims.length));
        rmSync(timeFile, { force: true });
    }
}
const runRate = median(runRates);
const runCpuPerClaim = runCpu.length ? median(runCpu) : NaN;
console.log(`  ${int(repeat * claims.length)} 条 × 3 次：${runRates.map(int).join(' / ')} 条/秒，中位数 ${int(runRate)}${runCpu.length ? `；每条理赔 CPU ${int(runCpuPerClaim)} µs（进程全部线程，含启动与加载规则包）` : ''}`);

// ───── 服务 ─────
heading('启动 zhishen serve');
const child = spawn(process.execPath, [CLI, 'serve', '--pack', packFile, '--port', '0', ...(args.workers ? ['--workers', String(args.workers)] : [])], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
let serverErr = '';
const url = await new Promise((resolveUrl, reject) => {
    child.stderr.on('data', chunk => {
        serverErr += chunk;
        const m = /智审服务已启动：(http:\/\/[^（\s]+)/.exec(serverErr);
        if (m) resolveUrl(m[1]);
    });
    child.on('exit', code => reject(new Error(`zhishen serve 退出（${code}）：${serverErr}`)));
});
const ready = await (await fetch(`${url}/readyz`)).json();
console.log(`  ${url}，${ready.workers} 个求值线程（日志 info 级，写到 /dev/null）`);

const post = body => fetch(`${url}${CALL}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
let mismatched = 0;
for (let i = 0; i < claims.length; i++) {
    const answer = await (await post(bodies[i])).json();
    const expected = JSON.stringify(engine.evaluate(claims[i]).response);
    if (answer.infcode !== 0 || JSON.stringify(answer.output) !== expected) mismatched++;
}
console.log(`  核对：${claims.length} 条理赔的 output 与进程内求值${mismatched === 0 ? '逐字节相同' : `有 ${mismatched} 条不同`}`);

const rss = async () => Number(/zhishen_process_resident_memory_bytes (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())[1]);
const requests = bodies.map(body => ({ method: 'POST', path: CALL, headers: { 'content-type': 'application/json' }, body }));
const cannon = (connections, duration) => autocannon({ url, connections, duration, requests, pipelining: 1 });
/** 服务进程每个线程的 CPU 秒（utime + stime；线程名 node 是主线程与 worker，其余是 V8 / libuv 的后台线程） */
const threadCpu = () => {
    const out = new Map();
    for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
        try {
            const stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            out.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
        } catch { /* 线程已结束 */ }
    }
    return out;
};
/** 压一档并记 CPU：服务主线程（pid 同号的线程）、其余线程、本进程（autocannon） */
const measured = async (connections, duration) => {
    const before = threadCpu();
    const self = process.cpuUsage();
    const started = performance.now();
    const r = await cannon(connections, duration);
    const wall = (performance.now() - started) / 1000;
    const after = threadCpu();
    const mine = process.cpuUsage(self);
    let main = 0;
    let rest = 0;
    for (const [tid, t] of after) {
        const d = t - (before.get(tid) ?? 0);
        if (tid === String(child.pid)) main += d;
        else rest += d;
    }
    return { r, cpu: { wall, mainCores: main / wall, otherCores: rest / wall, clientCores: (mine.user + mine.system) / 1e6 / wall, perRequestUs: (main + rest) * 1e6 / r.requests.total } };
};

await cannon(10, 3); // 预热
heading(`负载：每档 ${args.duration} 秒`);
const levels = [];
for (const connections of [1, 10, 100]) {
    const { r, cpu } = await measured(connections, args.duration);
    levels.push({ connections, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, rps: r.requests.average, total: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpu });
}
console.log(table([['并发客户端', 'p50', 'p90', 'p99', '最大', '吞吐（请求/秒）', '请求数', '错误', '非 2xx', '主线程（核）', '求值线程等（核）', 'autocannon（核）', '服务 CPU / 请求'],
    ...levels.map(l => [l.connections, ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max), int(l.rps), int(l.total), l.errors, l.non2xx, round(l.cpu.mainCores, 2), round(l.cpu.otherCores, 2), round(l.cpu.clientCores, 2), `${int(l.cpu.perRequestUs)} µs`])]));

let soak;
if (args.soak > 0) {
    heading(`浸泡：10 个客户端持续 ${args.soak} 秒，每 10 秒记一次服务进程 RSS`);
    const samples = [];
    const interval = setInterval(() => { rss().then(v => samples.push({ t: samples.length * 10, rss: v })); }, 10_000);
    const r = await cannon(10, args.soak);
    clearInterval(interval);
    const afterWarm = samples.filter(s => s.t >= 60);
    const base = afterWarm[0]?.rss ?? samples[0]?.rss;
    const last = samples.at(-1)?.rss;
    soak = { seconds: args.soak, rps: r.requests.average, total: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx, p99: r.latency.p99, samples, growth: base ? last / base - 1 : NaN, maxRss: Math.max(...samples.map(s => s.rss)) };
    const step = Math.max(1, Math.floor(samples.length / 12));
    console.log(`  RSS（秒 → MB）：${samples.filter((_, i) => i % step === 0 || i === samples.length - 1).map(s => `${s.t}s ${round(s.rss / 1048576, 1)}`).join('，')}`);
    console.log(`  请求 ${int(soak.total)}，错误 ${soak.errors}，非 2xx ${soak.non2xx}，吞吐 ${int(soak.rps)}/秒，p99 ${ms(soak.p99)}；RSS 第 60 秒 ${mb(base)} → 结束 ${mb(last)}（${pct(soak.growth)}），最高 ${mb(soak.maxRss)}`);
}

child.kill('SIGTERM');
await new Promise(r => child.on('exit', r));
const stopped = /已停止：收到 (\d+) 个请求，应答 (\d+) 个(?:，客户端没等到应答就断开 (\d+) 个)?/.exec(serverErr);

heading('目标');
const ten = levels.find(l => l.connections === 10);
const best = Math.max(...levels.map(l => l.rps));
const perCoreRate = Number.isFinite(runCpuPerClaim) ? 1e6 / runCpuPerClaim : runRate;
const goals = [
    ['p99 < 20 ms（10 个并发客户端，约 30 行明细）', ms(ten.p99), ten.p99 < 20],
    // zhishen run --workers 1 用一个求值线程，另有读写的主线程（约 1.2 核）：每核速率 = 理赔数 / 进程的 CPU 秒；没有 /usr/bin/time 时退回墙钟速率
    ['吞吐 ≥ 80% zhishen run 每核速率（--workers 1，理赔 / CPU 秒）', `${int(best)} / ${int(perCoreRate)} = ${pct(best / perCoreRate)}`, best >= 0.8 * perCoreRate],
    ['零错误（各档与浸泡）', String(levels.reduce((n, l) => n + l.errors + l.non2xx, 0) + (soak ? soak.errors + soak.non2xx : 0)), levels.every(l => l.errors + l.non2xx === 0) && (!soak || soak.errors + soak.non2xx === 0)],
    ...(soak ? [['RSS 平稳（浸泡第 60 秒到结束增长 < 10%）', pct(soak.growth), soak.growth < 0.1]] : []),
    ['停止时收到 = 应答 + 客户端断开', stopped ? `${stopped[1]} = ${stopped[2]} + ${stopped[3] ?? 0}` : '—', !!stopped && Number(stopped[1]) === Number(stopped[2]) + Number(stopped[3] ?? 0)]
];
console.log(table([['目标', '实测', ''], ...goals.map(([g, v, ok]) => [g, v, ok ? '达成' : '未达成'])]));
if (Number.isFinite(runCpuPerClaim)) {
    console.log(`  CPU 的账（10 个客户端）：服务每个请求 ${int(ten.cpu.perRequestUs)} µs，zhishen run --workers 1 每条理赔 ${int(runCpuPerClaim)} µs（${pct(runCpuPerClaim / ten.cpu.perRequestUs)}）；`
        + `autocannon 另占 ${round(ten.cpu.clientCores, 2)} 核，与服务抢同两个核；最高吞吐 / zhishen run --workers 1 的墙钟速率 ${pct(best / runRate)}`);
}

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/serve-latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: availableParallelism(), workers: ready.workers, claims: claims.length, avgLines, runRates, runCpuPerClaimUs: runCpuPerClaim, perCoreRate, levels, soak, mismatched, stopped: stopped?.slice(1) }, null, 2) + '\n');
