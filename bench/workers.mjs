#!/usr/bin/env node
/**
 * zhishen run（或 zhishen screen --engine js，--command screen）线程池的收益：同一份理赔、同一个规则包，--workers 1 与 --workers 2（可加 --before 旧版命令行）在新进程里
 * 交替运行多轮，每轮记墙钟、CPU 秒（用户 + 系统）、峰值 RSS 与当时的负载；报告每轮 2 线程 / 1 线程的墙钟比值的中位数
 * （同一轮里前后紧挨着跑，机器的忙闲对两边近似相同），并核对各变体的输出逐字节相同。
 *
 *   node bench/workers.mjs [--command run|screen] [--pack peers-x1|<规则包文件>] [--claims 10000] [--rounds 5] [--before <旧版命令行目录>]
 *
 * 规则包取 bench/.cache/packs/<pack>.mjs（或给一个 zhishen build 生成的文件；screen 要求它的规则都不读筛查集合才分线程）、理赔取 bench/.cache 里最大的理赔文件的前 N 行（不够时重复它；先跑一次 npm run bench -- --quick 或 peers）。
 * 共享机器上墙钟比值会低估线程池的收益（其他进程占着的核分给两个线程的更少）；负载一并打印，读数时对照。
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { int, mb, median, ratio, round, table } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'bench/.cache');
const CLI = join(ROOT, 'cli/bin/zhishen.js');
const opts = { command: 'run', pack: 'peers-x1', claims: 10_000, rounds: 5, before: '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts)) throw new Error(`不认识的选项 ${argv[i]}`);
    opts[key] = typeof opts[key] === 'number' ? Number(argv[++i]) : argv[++i];
}

if (!['run', 'screen'].includes(opts.command)) throw new Error(`--command 只能是 run 或 screen`);
const packFile = opts.pack.endsWith('.mjs') ? opts.pack : join(CACHE, 'packs', `${opts.pack}.mjs`);
if (!existsSync(packFile)) throw new Error(`没有规则包 ${packFile}：先跑一次 npm run bench -- --quick（或 peers）`);
const source = readdirSync(CACHE).filter(f => /^claims-.*-n(\d+)-.*\.ndjson$/.test(f))
    .map(f => ({ f, n: Number(/-n(\d+)-/.exec(f)[1]) })).sort((a, b) => b.n - a.n)[0];
if (!source) throw new Error('bench/.cache 里没有理赔文件：先跑一次 npm run bench -- --quick（或 peers）');
// 理赔文件不够长时重复它（吞吐与重复无关：每行独立审核）
const copies = Math.ceil(opts.claims / source.n);
const claims = join(CACHE, `workers-claims-${opts.claims}-${process.pid}.ndjson`);
execFileSync('sh', ['-c', `for i in $(seq ${copies}); do cat "${join(CACHE, source.f)}"; done | head -n ${opts.claims} > "${claims}"`]);
const out = join(CACHE, `workers-out-${process.pid}.ndjson`);

const variants = [
    { id: 'w1', label: `zhishen ${opts.command} --workers 1`, args: [CLI, opts.command, '--pack', packFile, '--claims', claims, '--workers', '1', '--no-progress'] },
    { id: 'w2', label: `zhishen ${opts.command} --workers 2`, args: [CLI, opts.command, '--pack', packFile, '--claims', claims, '--workers', '2', '--no-progress'] }
];
if (opts.before) variants.push({ id: 'before', label: `改动前（${opts.before}）`, args: [join(opts.before, 'bin.mjs'), opts.command, '--pack', packFile, '--claims', claims, '--no-progress'] });

const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const runs = Object.fromEntries(variants.map(v => [v.id, { s: [], cpu: [], rss: [], hash: new Set() }]));
const loads = [];
console.log(`zhishen ${opts.command} 线程池：${opts.pack}，${int(opts.claims)} 条理赔，${opts.rounds} 轮交替；${cpus().length} 核；开始时负载 ${loadavg().map(x => round(x, 2)).join(' / ')}`);
for (let round_ = 0; round_ < opts.rounds; round_++) {
    loads.push(loadavg()[0]);
    const order = round_ % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
        const command = time ? [time, '-f', '%U %S %M', '-o', `${out}.time`, process.execPath, ...v.args] : [process.execPath, ...v.args];
        const t = performance.now();
        const r = spawnSync('sh', ['-c', `"$@" > "${out}"`, 'sh', ...command], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
        const s = (performance.now() - t) / 1000;
        if (r.status !== 0) throw new Error(`${v.label} 失败（退出码 ${r.status}）：${r.stderr.toString().slice(0, 500)}`);
        runs[v.id].s.push(s);
        if (time) {
            const [user, sys, rss] = readFileSync(`${out}.time`, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
            runs[v.id].cpu.push(user + sys);
            runs[v.id].rss.push(rss * 1024);
        }
        runs[v.id].hash.add(createHash('sha256').update(readFileSync(out)).digest('hex').slice(0, 16));
    }
    console.log(`  第 ${round_ + 1} 轮（负载 ${round(loads[round_], 1)}）：${variants.map(v => `${v.id} ${round(runs[v.id].s[round_], 2)} s`).join('，')}`);
}
rmSync(out, { force: true });
rmSync(`${out}.time`, { force: true });
rmSync(claims, { force: true });

const perRound = (a, b) => runs[b].s.map((s, k) => s / runs[a].s[k]);
const rows = [['', '理赔 / 秒（墙钟中位数）', '范围', 'CPU 秒（中位数）', '峰值 RSS', '输出哈希']];
for (const v of variants) {
    const r = runs[v.id];
    rows.push([v.label, int(opts.claims / median(r.s)), `${int(opts.claims / Math.max(...r.s))}–${int(opts.claims / Math.min(...r.s))}`, r.cpu.length ? round(median(r.cpu), 2) : '', r.rss.length ? mb(Math.max(...r.rss)) : '', [...r.hash].join(',')]);
}
console.log(table(rows));
const speedup = perRound('w2', 'w1');
console.log(`  2 线程 / 1 线程（每轮墙钟之比的中位数）：${ratio(median(speedup))}（各轮 ${speedup.map(x => round(x, 2)).join(' / ')}）`);
if (opts.before) {
    const vsBefore = perRound('w2', 'before');
    console.log(`  2 线程 / 改动前：${ratio(median(vsBefore))}（各轮 ${vsBefore.map(x => round(x, 2)).join(' / ')}）`);
}
const hashes = new Set(variants.flatMap(v => [...runs[v.id].hash]));
console.log(`  输出：${hashes.size === 1 ? '各变体、各轮逐字节相同' : `不同！${[...hashes].join(', ')}`}`);
console.log(`  负载（每轮开始时的 1 分钟均值）：${loads.map(x => round(x, 1)).join(' / ')}；结束时 ${loadavg().map(x => round(x, 2)).join(' / ')}`);
