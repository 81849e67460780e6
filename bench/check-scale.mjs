#!/usr/bin/env node
/**
 * zhishen check 在大规则文件上的用时与峰值内存（问题 17 第 12 条：10 MB 曾要 359 秒、3.4 GB，1 MB 5 秒）。只打印数字，不做断言。
 *   node bench/check-scale.mjs [--sizes 1,10] [--runs 1]
 * 生成许多普通规则（bench/lib/rules.mjs 的 distinctRules：7 种形状轮流，编码取自样例知识库的知识点）到约 N MB 的单个文件
 * （缓存在 bench/.cache/check-scale/），每个大小在新进程里运行 zhishen check（--kb 样例知识库），用 /usr/bin/time -v
 * 记墙钟秒与峰值 RSS（没有 /usr/bin/time 时只记墙钟），打印每 MB 秒数与相对最小文件的比值（线性时约等于大小之比）。
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { distinctRules, pointCodes } from './lib/rules.mjs';
import { median, round } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB = join(ROOT, 'stdlib-rules/sample-kb');
const CLI = join(ROOT, 'cli/bin/zhishen.js');
const DIR = join(ROOT, 'bench/.cache/check-scale');
const option = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const SIZES = option('--sizes', '1,10').split(',').map(Number);
const RUNS = Number(option('--runs', '1'));
const BYTES_PER_RULE = 416; // distinctRules 的平均（100 条约 41.6 KB）

mkdirSync(DIR, { recursive: true });
const codes = pointCodes(await loadKnowledgeBaseFolder(KB), 1);

function ruleFile(mb) {
    const file = join(DIR, `rules-${mb}mb.zs`);
    if (!existsSync(file)) writeFileSync(file, distinctRules(codes, Math.round(mb * 1024 * 1024 / BYTES_PER_RULE), 17));
    return file;
}

function checkOnce(file) {
    const timed = existsSync('/usr/bin/time');
    const args = [CLI, 'check', file, '--kb', KB];
    const started = performance.now();
    const r = timed
        ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } })
        : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
    const seconds = (performance.now() - started) / 1000;
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
    const summary = /检查了 .+/.exec(r.stdout ?? '')?.[0] ?? `退出码 ${r.status}：${(r.stdout + r.stderr).slice(0, 300)}`;
    return { seconds, rssMb: rss ? Number(rss[1]) / 1024 : NaN, summary, code: r.status };
}

const rows = [];
for (const mb of SIZES) {
    const file = ruleFile(mb);
    const runs = Array.from({ length: RUNS }, () => checkOnce(file));
    const seconds = median(runs.map(r => r.seconds));
    const rssMb = Math.max(...runs.map(r => r.rssMb));
    rows.push({ mb, seconds, rssMb });
    console.log(`${mb} MB：${round(seconds, 2)} 秒（${RUNS} 次的中位数，新进程，含启动与加载知识库），峰值 RSS ${round(rssMb, 0)} MB；${runs[0].summary}`);
}
if (rows.length > 1) {
    const [first] = rows;
    for (const row of rows.slice(1)) {
        console.log(`${row.mb} MB 相对 ${first.mb} MB：大小 ${round(row.mb / first.mb, 1)}×，用时 ${round(row.seconds / first.seconds, 2)}×，峰值 RSS ${round(row.rssMb / first.rssMb, 2)}×`);
    }
}
