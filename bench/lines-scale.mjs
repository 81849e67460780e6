#!/usr/bin/env node
/**
 * 一张理赔的明细数 → 求值时间（标准规则包，全国知识库）：看求值是否随明细数线性增长（问题 17-7）。只打印数字。
 *
 *   node bench/lines-scale.mjs [--lines 1000,2000,4000,8000,16000] [--pack 某规则包.mjs]
 *
 * 理赔：bench/.cache 里生成的理赔（没有时先生成 2,000 张）中第一张住院理赔作母本，本次就诊的明细换成所有理赔明细的前 N 条（循环取）。
 * 每个 N 先预热一次再计时一次；每行打印毫秒、每条明细的微秒、结果数与结果明细数。线性时“µs / (明细 + 结果明细)”大致不变。
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createZhishenCoreServices } from '../language/dist/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { compile } from '../compiler/dist/index.js';
import { createEngine } from '../runtime/dist/index.js';
import { loadPackFile } from '../cli/dist/packs.js';
import { ensureClaimsFile } from './lib/claims.mjs';
import { int, round } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000,2000,4000,8000,16000' }, pack: { type: 'string' } } });
const kb = await loadKnowledgeBaseFolder(resolve(ROOT, '../shared/kb-data'));
let pack;
if (values.pack) pack = await loadPackFile(values.pack);
else {
    const dir = join(ROOT, 'stdlib-rules/rules');
    const sources = readdirSync(dir).filter(f => f.endsWith('.zs')).sort().map(f => ({ uri: `file://${join(dir, f)}`, text: readFileSync(join(dir, f), 'utf8') }));
    const services = createZhishenCoreServices().Zhishen;
    services.kb.KnowledgeBaseProvider.set(kb);
    const output = await compile({ services, sources, kb, root: ROOT, name: 'stdlib', emit: { fileName: 'stdlib.mjs' } });
    if (!output.ok) throw new Error('标准规则编译失败');
    pack = (await import('data:text/javascript;base64,' + Buffer.from(output.result.code.replace(/^import \* as rt from "[^"]+";$/m, `import * as rt from ${JSON.stringify(import.meta.resolve('../runtime/dist/index.js'))};`)).toString('base64'))).default;
}
const file = ensureClaimsFile(kb, { count: 2000, seed: 20260301, cacheDir: join(ROOT, 'bench/.cache') }).file;
const claims = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
const base = claims.find(c => c.patient_dtos[0].fsi_encounter_dtos.length === 1 && c.patient_dtos[0].fsi_encounter_dtos[0].med_type === '21') ?? claims[0];
const pool = claims.flatMap(c => c.patient_dtos[0].fsi_encounter_dtos.flatMap(e => e.fsi_order_dtos));
const make = n => {
    const c = structuredClone(base);
    const e = c.patient_dtos[0].fsi_encounter_dtos[0];
    e.fsi_order_dtos = Array.from({ length: n }, (_, i) => ({ ...pool[i % pool.length], rx_id: `R${i}` }));
    return c;
};
const engine = createEngine(pack);
console.log(`一张理赔的明细数 → 求值时间：规则包 ${pack.manifest.name ?? pack.manifest.id}（${pack.manifest.rules.length} 条规则）`);
for (const n of values.lines.split(',').map(Number)) {
    engine.evaluate(make(n));
    const claim = make(n);
    const started = performance.now();
    const out = engine.evaluate(claim);
    const ms = performance.now() - started;
    // 结果明细（judge_result_detail_dtos 的总条数）：“每条明细 与此前同药品的明细 比”的规则（疗程、重复开药）把窗口内的此前明细
    // 都列为涉及项，输出本身随同编码明细数的平方增长；按 明细 + 结果明细 算的单价不变，说明时间与读入加写出的量成正比
    const details = (out.response?.result ?? []).reduce((sum, r) => sum + r.judge_result_detail_dtos.length, 0);
    console.log(`  ${int(n).padStart(7)} 条明细  ${int(ms).padStart(7)} ms  ${String(round(ms * 1000 / n, 1)).padStart(7)} µs / 明细  结果 ${int(out.response?.result?.length ?? 0).padStart(7)}  结果明细 ${int(details).padStart(9)}  ${String(round(ms * 1000 / (n + details), 1)).padStart(6)} µs / (明细 + 结果明细)${out.rejected ? '（被拒绝）' : ''}`);
}
