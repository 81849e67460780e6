#!/usr/bin/env node
/**
 * 规则里的正则：线性时间匹配器（runtime/src/values/regex.ts）与 JS RegExp 的比值，以及病态正则的耗时。
 *   node bench/regex.mjs [--rounds 7]
 * 典型模式 × 典型文本（药品名称、限定支付范围的文字），两边交替各跑 rounds 轮取中位数；结果逐一比对相同。
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { median, round } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { compileLinear, execLinear } = await import(pathToFileURL(join(ROOT, 'runtime/dist/values/regex.js')).href);
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 7;

const PATTERNS = ['支付不超过(\\d+)天', '^XB05', '注射液$', '(\\d+(?:\\.\\d+)?)\\s*(mg|g|ml)', '限(儿童|成人|女性)', '^[A-Z]\\d{2}\\.\\d', '二线|三线', '(\\d+)岁(以下|以上)'];
const TEXTS = ['阿莫西林胶囊 0.25g*24粒', '限儿童', '支付不超过14天', '注射用头孢曲松钠', '氯化钠注射液', 'XB05BA01001', 'J06.900', '限二线用药', '限12岁以下儿童使用，支付不超过7天', '盐酸二甲双胍片 500 mg'];
const cases = PATTERNS.map(p => ({ p, re: new RegExp(p, 'u'), lin: compileLinear(p) }));
for (const c of cases) for (const t of TEXTS) {
    const a = c.re.exec(t);
    const b = execLinear(c.lin, t, false);
    const same = a === null ? b === null : b !== null && t.slice(b[0], b[1]) === a[0];
    if (!same) throw new Error(`结果不同：${c.p} 于 ${t}`);
}
const N = 2000;
const js = () => { let n = 0; for (let k = 0; k < N; k++) for (const c of cases) for (const t of TEXTS) if (c.re.exec(t)) n++; return n; };
const linear = () => { let n = 0; for (let k = 0; k < N; k++) for (const c of cases) for (const t of TEXTS) if (execLinear(c.lin, t, false)) n++; return n; };
const time = fn => { const t0 = performance.now(); fn(); return performance.now() - t0; };
const a = [], b = [];
for (let r = 0; r < rounds; r++) for (const [fn, into] of r % 2 ? [[linear, b], [js, a]] : [[js, a], [linear, b]]) into.push(time(fn));
const per = ms => round(ms * 1e6 / (N * cases.length * TEXTS.length), 0);
console.log(`典型模式 ${cases.length} 个 × 文本 ${TEXTS.length} 条 × ${N} 次，${rounds} 轮交替取中位数：`);
console.log(`  RegExp 每次 ${per(median(a))} ns；线性匹配器每次 ${per(median(b))} ns；线性 / RegExp = ${round(median(b) / median(a), 2)}×`);
const evil = 'a'.repeat(28) + '!';
const t0 = performance.now();
execLinear(compileLinear('^(a+)+$'), evil, true);
console.log(`  病态正则 ^(a+)+$ 于 29 个字符：线性匹配器 ${round(performance.now() - t0, 2)} ms（RegExp 回溯约 12 秒，见问题 17）`);
