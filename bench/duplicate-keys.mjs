#!/usr/bin/env node
/**
 * 重复的键的检查（runtime/src/claim/duplicate-keys.ts，ZR0019）的开销：比值 = 带检查 / 不带检查，只打印数字，不做断言。
 *   node bench/duplicate-keys.mjs [--lines 10000] [--rounds 9]
 * 理赔：stdlib-rules/claims/*.json（样例理赔，紧凑成一行）轮流重复到 --lines 行（task_id 各不相同）。
 * 两组对照，每组两个变体在同一批行上交替运行（奇偶轮换先后），各取 rounds 轮的中位数：
 *   1. 仅 JSON.parse            vs  JSON.parse + duplicateKeyError（检查本身相对解析的代价，最不利的比法）
 *   2. JSON.parse + 引擎求值     vs  JSON.parse + duplicateKeyError + 引擎求值（zhishen run 一行的实际路径；规则包为标准规则，
 *      第一次运行时用 CLI 构建到 bench/.cache/stdlib-pack.mjs）
 * 另报一项：值里含 `":` 的理赔（快路径不能排除，要逐字符走 findDuplicateKey）的比值。用构建产物（runtime/dist、cli/dist）。
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, round } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const LINES = arg('--lines', 10_000);
const ROUNDS = arg('--rounds', 9);
const { createEngine, duplicateKeyError } = await import(pathToFileURL(join(ROOT, 'runtime/dist/index.js')).href);
const { loadPackFile } = await import(pathToFileURL(join(ROOT, 'cli/dist/packs.js')).href);

const claimsDir = join(ROOT, 'stdlib-rules/claims');
const samples = readdirSync(claimsDir).filter(f => f.endsWith('.json')).sort().map(f => JSON.parse(readFileSync(join(claimsDir, f), 'utf8')));
const lines = Array.from({ length: LINES }, (_, i) => JSON.stringify({ ...samples[i % samples.length], task_id: `B-${i}` }));
const bytes = lines.reduce((s, l) => s + Buffer.byteLength(l), 0);
// 值里有 `":`（如备注里写了 JSON 片段）：快路径不能排除，逐字符确认
const tricky = lines.map(l => l.replace('"task_id":"', '"memo":"a\\":1","task_id":"'));

const cache = join(ROOT, 'bench/.cache');
const packFile = join(cache, 'stdlib-pack.mjs');
if (!existsSync(packFile)) {
    mkdirSync(cache, { recursive: true });
    const r = spawnSync(process.execPath, [join(ROOT, 'cli/bin/zhishen.js'), 'build', join(ROOT, 'stdlib-rules/rules'), '--kb', join(ROOT, 'stdlib-rules/sample-kb'), '-o', packFile], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`构建标准规则包失败：${r.stdout}${r.stderr}`);
}
const engine = createEngine(await loadPackFile(packFile));

let sink = 0;
const parseOnly = batch => () => { for (const l of batch) sink += typeof JSON.parse(l) === 'object' ? 1 : 0; };
const parseCheck = batch => () => { for (const l of batch) { const v = JSON.parse(l); if (duplicateKeyError(l, v)) sink++; } };
const parseEval = () => { for (const l of lines) sink += engine.evaluate(JSON.parse(l)).rejected ? 1 : 0; };
const parseCheckEval = () => {
    for (const l of lines) {
        const v = JSON.parse(l);
        if (duplicateKeyError(l, v)) { sink++; continue; }
        sink += engine.evaluate(v).rejected ? 1 : 0;
    }
};

function compare(name, without, withCheck, rounds) {
    const a = [];
    const b = [];
    without();
    withCheck(); // 预热
    for (let r = 0; r < rounds; r++) {
        for (const [fn, into] of r % 2 ? [[withCheck, b], [without, a]] : [[without, a], [withCheck, b]]) {
            const t0 = performance.now();
            fn();
            into.push(performance.now() - t0);
        }
    }
    const ma = median(a);
    const mb = median(b);
    console.log(`${name}：不带检查 ${round(ma, 1)} ms，带检查 ${round(mb, 1)} ms，比值 ${round(mb / ma, 3)}（${rounds} 轮交替的中位数）`);
    return mb / ma;
}

for (const l of lines) if (duplicateKeyError(l, JSON.parse(l))) throw new Error('样例理赔里有重复的键？');
console.log(`理赔 ${LINES.toLocaleString('en-US')} 行（${samples.length} 份样例轮流），${round(bytes / 1024 / 1024, 1)} MB，平均每行 ${Math.round(bytes / LINES)} 字节；node ${process.version}`);
const r1 = compare('1. 仅 JSON.parse', parseOnly(lines), parseCheck(lines), ROUNDS);
const r2 = compare('2. JSON.parse + 引擎求值（标准规则）', parseEval, parseCheckEval, Math.max(3, Math.ceil(ROUNDS / 3)));
const r3 = compare('3. 仅 JSON.parse，值里含 ":（走慢路径）', parseOnly(tricky), parseCheck(tricky), ROUNDS);
console.log(`比值：相对解析 ${round(r1, 3)}，相对 zhishen run 的一行（解析 + 求值）${round(r2, 3)}，慢路径相对解析 ${round(r3, 3)}`);
if (sink < 0) console.log(sink);
