#!/usr/bin/env node
/**
 * 剖析求值热点：用 bench/run.mjs 缓存的规则包与理赔（先跑一次 npm run bench 或 --quick），在 V8 CPU 剖析下
 * 反复“解析 + 求值”，然后按函数汇总自身时间与总时间（含调用），打印前若干名。
 *
 *   node bench/profile.mjs [--pack national] [--claims 3000] [--rounds 3] [--top 30] [--mode eval|normalize|parse]
 *
 * --pack 是 bench/.cache/packs/ 下的文件名（不带 .mjs）：kp50 / kp500 / kp5000 / national / distinct500 / stdlib …
 * 原始剖析写到 bench/.cache/profiles/*.cpuprofile（可拖进 Chrome DevTools 看火焰图）。
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../runtime/dist/index.js';
import { loadPackFile } from '../cli/dist/packs.js';
import { readChunks } from './lib/claims.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'bench/.cache');

const opts = { pack: 'national', claims: 3000, rounds: 3, top: 30, mode: 'eval' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts)) throw new Error(`不认识的选项 ${argv[i]}`);
    opts[key] = typeof opts[key] === 'number' ? Number(argv[++i]) : argv[++i];
}

const claimsFile = readdirSync(CACHE).filter(f => f.startsWith('claims-') && f.endsWith('.ndjson')).map(f => join(CACHE, f)).sort()[0];
if (!claimsFile) throw new Error('bench/.cache 里没有理赔文件：先运行 npm run bench -- --quick');
const pack = await loadPackFile(join(CACHE, 'packs', `${opts.pack}.mjs`));
const engine = createEngine(pack);
// 规范化模式按规则包读到的明细字段（与引擎相同）
const lines = [...readChunks(claimsFile, opts.claims, opts.claims)][0];

const run = () => {
    let n = 0;
    for (const l of lines) {
        const input = JSON.parse(l);
        if (opts.mode === 'parse') n += input.patient_dtos.length;
        else if (opts.mode === 'normalize') n += engine.normalize(input).claims.length; // 与引擎相同的读取计划（明细字段与来源）
        else n += engine.evaluate(input).response.result.length;
    }
    return n;
};
run(); // 预热

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < opts.rounds; i++) run();
const wall = performance.now() - t0;
const { profile } = await session.post('Profiler.stop');
session.disconnect();

mkdirSync(join(CACHE, 'profiles'), { recursive: true });
const file = join(CACHE, 'profiles', `${opts.pack}-${opts.mode}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));

// 汇总：自身时间（样本数）与总时间（节点及其子树，按函数去重以免递归重复计）
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const total = profile.samples.length;
const keyOf = n => {
    const f = n.callFrame;
    const url = !f.url ? '' : f.url.startsWith('data:') ? `规则包 ${opts.pack}` : f.url.startsWith('file:') ? relative(ROOT, fileURLToPath(f.url)) : f.url;
    return `${f.functionName || '(匿名)'}  ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
};
const self = new Map();
const inclusive = new Map();
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
for (const [id, c] of counts) {
    const k = keyOf(byId.get(id));
    self.set(k, (self.get(k) ?? 0) + c);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const key = keyOf(byId.get(cur));
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + c);
    }
}
const show = (map, title) => {
    console.log(`\n${title}`);
    for (const [k, c] of [...map].sort((a, b) => b[1] - a[1]).slice(0, opts.top)) {
        console.log(`  ${(c / total * 100).toFixed(1).padStart(5)}%  ${k}`);
    }
};
console.log(`剖析 ${opts.pack}（${opts.mode}）：${lines.length} 条理赔 × ${opts.rounds} 轮，${(wall / 1000).toFixed(2)} s，${total} 个样本 → ${relative(ROOT, file)}`);
show(self, '自身时间（前若干名）');
show(inclusive, '总时间（含调用，前若干名）');
