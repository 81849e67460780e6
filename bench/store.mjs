#!/usr/bin/env node
/**
 * 理赔库与 SQL 后端的基准（npm run bench:store）：只打印数字，不做断言。用各包的构建产物（dist）与 ../shared/kb-data。
 *
 *   npm run bench:store                        10 万条生成的“省级”理赔（患者反复就诊、约 1% 的追溯码被另一张理赔重用）
 *   BENCH_CLAIMS=1000000 npm run bench:store   指定条数（或 --claims N）；--seed N；--keep（保留 .duckdb 文件）；--file 某.ndjson（不生成）
 *   --skip js,population                       跳过 JS 逐请求求值 / JS 筛查集合（跨理赔规则）
 *   --workers N；--memory 10GB；--temp 40GB     装载线程数；DuckDB 的内存上限与临时文件上限
 *
 * 测什么：
 *   1. 装载：NDJSON → DuckDB 理赔库（按块读、运行时规范化、CSV 批量经 read_csv 写入）的时间、条数、峰值 RSS；
 *   2. SQL 筛查：标准规则（全国知识库编译）在库上运行，每条规则的 SQL 时间按规则分类汇总，结果组装时间；
 *   3. 手写 SQL 对照：3 条逐明细规则（知识点表与生成的 SQL 同一份）与生成的 SQL 交替各跑 3 次取中位数，核对命中相同；
 *      3 条跨理赔规则（追溯码跨理赔重复、分解住院、重叠住院）的手写 SQL 与 JS 筛查集合的结果核对；
 *   4. JS 运行时：同一批理赔逐行 JSON.parse + 引擎求值（生成的规则包），每个请求的 3101 结果（只含 SQL 支持的规则）
 *      与 SQL 逐字节比较，打印不同的个数（应为 0）；
 *   5. JS 筛查集合（createScreening，只启用跨理赔规则）：载入全部理赔（内存里是整个集合）再求值的时间与峰值 RSS。
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createZhishenCoreServices } from '../language/dist/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { compile } from '../compiler/dist/index.js';
import { createEngine, createScreening, validateConfig } from '../runtime/dist/index.js';
import { loadPackFile } from '../cli/dist/packs.js';
import { ClaimsStore, requestKey, screenStore } from '../store/dist/index.js';
import { ensureClaimsFile, readChunks } from './lib/claims.mjs';
import { mb, table } from './lib/measure.mjs';
import { handWritten, POPULATION_RULES } from './lib/hand-sql.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB_DIR = resolve(ROOT, '../shared/kb-data');
const CACHE = join(ROOT, 'bench/.cache');
const STDLIB = join(ROOT, 'stdlib-rules/rules');

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
};
const CLAIMS = Number(opt('--claims', process.env.BENCH_CLAIMS ?? 100_000));
const SEED = Number(opt('--seed', 20260301));
const KEEP = argv.includes('--keep');
/** 直接用给定的 NDJSON 文件（例如大文件的前 N 行），不生成 */
const FILE = opt('--file', null);
const SKIP = new Set(String(opt('--skip', '')).split(',').filter(Boolean));
/** 装载的线程数（省略时 CPU 核数） */
const WORKERS = opt('--workers', null) === null ? undefined : Number(opt('--workers', null));
// JS 筛查集合把全部理赔放在内存里（10 万条约 4 GB）：30 万条以上不跑，说明原因
if (CLAIMS > 300_000 && !FILE && !SKIP.has('population')) {
    SKIP.add('population');
    console.log('（第 5 节 JS 筛查集合不跑：它把全部理赔放在内存里，10 万条约 4 GB，这么多条超出机器内存）');
}

const rss = () => process.resourceUsage().maxRSS * 1024;
const sec = ms => `${(ms / 1000).toFixed(1)} 秒`;

console.log(FILE ? `理赔库与 SQL 后端基准：${FILE}` : `理赔库与 SQL 后端基准：${CLAIMS.toLocaleString()} 条“省级”理赔，种子 ${SEED}`);
const kb = await loadKnowledgeBaseFolder(KB_DIR);
const claims = FILE ? { file: FILE, bytes: statSync(FILE).size, generated: false, ms: 0 } : ensureClaimsFile(kb, { count: CLAIMS, seed: SEED, cacheDir: CACHE, province: true });
console.log(`理赔文件 ${claims.file}（${mb(claims.bytes)}${claims.generated ? `，生成用时 ${sec(claims.ms)}` : FILE ? '' : '，缓存'}）`);

// 标准规则 + 全国知识库 → IR + 生成的规则包
const services = createZhishenCoreServices().Zhishen;
services.kb.KnowledgeBaseProvider.set(kb);
const sources = readdirSync(STDLIB).filter(f => f.endsWith('.zs')).sort().map(f => ({ uri: `file://${join(STDLIB, f)}`, text: readFileSync(join(STDLIB, f), 'utf8') }));
const output = await compile({ services, sources, kb, root: ROOT, name: 'stdlib', emit: { fileName: 'stdlib.mjs' } });
if (!output.result) throw new Error('标准规则编译失败：' + output.diagnostics.filter(d => d.severity === 'error').map(d => d.message).join('；'));
const work = mkdtempSync(join(tmpdir(), 'zhishen-bench-store-'));
const packFile = join(work, 'stdlib.mjs');
writeFileSync(packFile, output.result.code);
const pack = await loadPackFile(packFile);
console.log(`标准规则：${pack.rules.length} 条，知识点实例 ${pack.rules.reduce((n, r) => n + r.spec.instances.length, 0).toLocaleString()} 个`);

// 1. 装载
const storeFile = join(work, 'claims.duckdb');
const store = await ClaimsStore.open(storeFile);
// DuckDB 默认用到内存的 80%、临时文件用到磁盘剩余的 90%：基准在共享的机器上跑，给个上限（超出时溢写到临时文件 / 报错，不拖垮机器）
await store.connection.run(`SET memory_limit = '${opt('--memory', '10GB')}'`);
await store.connection.run(`SET max_temp_directory_size = '${opt('--temp', '40GB')}'`);
const rssBefore = rss();
let t = performance.now();
const load = await store.load([claims.file], { workers: WORKERS });
const loadMs = performance.now() - t;
const f = load.files[0];
const info = await store.info();
console.log(`\n1. 装载（${WORKERS ?? availableParallelism()} 个解析线程）：${sec(loadMs)}（${Math.round(f.read / (loadMs / 1000)).toLocaleString()} 条/秒），读取 ${f.read}，装入 ${f.loaded}，重复 ${f.duplicates}，拒绝 ${f.rejected}；`
    + `患者 ${info.claims.toLocaleString()}，明细 ${info.lines.toLocaleString()}，追溯码 ${info.traceCodes.toLocaleString()}；峰值 RSS ${mb(rss())}（装载前 ${mb(rssBefore)}）`);
t = performance.now();
const again = await store.load([claims.file], { workers: WORKERS });
console.log(`   同一文件再装一次：${sec(performance.now() - t)}，装入 ${again.files[0].loaded}，重复 ${again.files[0].duplicates}`);

// 2. SQL 筛查，分两遍：逐请求的规则（与第 4 节的 JS 逐请求求值比较，审核口径同 AuditEngine.evaluate：allClaims），
//    跨理赔与统计组规则（manifest 的 population：JS 逐请求求值没有筛查集合，它们的 SQL ≡ JS 由
//    tests/store-sql/population-differential.test.ts 对 createScreening 比对）。分开跑是为了比较：同一遍里跨理赔规则的结果
//    会先占去明细的金额（F8 去重），逐请求规则的金额就与单独求值不同。两遍的时间之和就是一遍全跑的量。
// 结果按批交出、只留每个请求结果的文本（2 万条以下，不同时打印两边）或摘要（100 万条的结果放不进内存）
const digest = CLAIMS <= 20_000 ? text => text : text => createHash('sha256').update(text).digest('base64');
const populationRules = new Set(pack.manifest.rules.filter(r => r.population !== undefined).map(r => r.id));
const only = keep => validateConfig({ 停用: pack.rules.map(r => r.spec.meta.id).filter(id => !keep(id)) }, pack.manifest).config;
const sqlByKey = new Map();
let sqlFindings = 0;
t = performance.now();
// 大批量时每条规则执行完在标准错误上写一行（一条规则可以跑几分钟）
const onRule = CLAIMS >= 200_000 ? r => process.stderr.write(`   规则 ${r.index + 1}/${r.total} ${r.rule}：${sec(r.ms)}，命中 ${r.hits.toLocaleString()} 行\n`) : undefined;
const screen = await screenStore(store, {
    ir: output.ir, pack, config: only(id => !populationRules.has(id)), allClaims: true, onRule,
    onRequests: batch => {
        for (const r of batch) {
            sqlFindings += r.result.length;
            sqlByKey.set(r.request_key, digest(JSON.stringify({ task_id: r.task_id, result: r.result })));
        }
    }
});
const perRequestMs = performance.now() - t;
let populationFindings = 0;
t = performance.now();
const population = await screenStore(store, {
    ir: output.ir, pack, config: only(id => populationRules.has(id)), onRule,
    onRequests: batch => {
        for (const r of batch) populationFindings += r.result.length;
    }
});
populationFindings += population.set.length;
const populationSqlMs = performance.now() - t;
const sqlMs = perRequestMs + populationSqlMs;
const categories = new Map(pack.rules.map(r => [r.spec.meta.id, r.spec.meta.category ?? '（无分类）']));
const byFamily = new Map();
const sqlRules = [...screen.rules, ...population.rules];
for (const r of sqlRules) {
    const family = categories.get(r.id);
    const e = byFamily.get(family) ?? { rules: 0, ms: 0, hits: 0 };
    e.rules++;
    e.ms += r.ms;
    e.hits += r.hits;
    byFamily.set(family, e);
}
const phases = x => `准备 ${sec(x.ms.setup)}，规则 ${sec(x.ms.rules)}，结果组装 ${sec(x.ms.assemble)}`;
console.log(`\n2. SQL 筛查：${sec(sqlMs)}，${sqlRules.length} 条规则在 SQL 上，${screen.unsupported.length} 条不支持；峰值 RSS ${mb(rss())}`);
console.log(`   逐请求的 ${screen.rules.length} 条：${sec(perRequestMs)}（${phases(screen)}），结果 ${sqlFindings.toLocaleString()} 条`);
console.log(`   跨理赔与统计组的 ${population.rules.length} 条：${sec(populationSqlMs)}（${phases(population)}），结果 ${populationFindings.toLocaleString()} 条`);
console.log(table([['规则分类', '规则', 'SQL 时间', '命中行'], ...[...byFamily].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, String(v.rules), sec(v.ms), v.hits.toLocaleString()])]));
const slowest = [...sqlRules].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log('   最慢的规则：' + slowest.map(r => `${r.id} ${sec(r.ms)}`).join('，'));
if (screen.unsupported.length > 0) console.log('   不在 SQL 上的规则：' + screen.unsupported.map(u => `${u.rule}（${u.reason}）`).join('；'));

// 3. 手写 SQL 对照
const hand = await handWritten(store, screen.program);
store.close();

// 4. JS 运行时与一致性
const unsupported = new Set(screen.unsupported.map(u => u.rule));
// JS 一侧运行同一组规则（逐请求的、SQL 上的）：金额去重（F8）在一个患者的全部结果上进行，多出的规则会分走金额
const engine = createEngine(pack, { config: only(id => !populationRules.has(id) && !unsupported.has(id)) });
let jsMs = 0;
let jsFindings = 0;
let compared = 0;
let different = 0;
let example = null;
const seen = new Set();
for (const chunk of SKIP.has('js') ? [] : readChunks(claims.file, 2_000)) {
    const t0 = performance.now();
    const outputs = chunk.map(line => engine.evaluate(JSON.parse(line)));
    jsMs += performance.now() - t0;
    chunk.forEach((line, k) => {
        const key = requestKey(line.trim());
        if (seen.has(key)) return;
        seen.add(key);
        const out = outputs[k];
        jsFindings += out.response.result.length;
        if (out.evaluatedPatients === 0) return;
        compared++;
        const result = out.response.result;
        const js = JSON.stringify({ task_id: out.response.task_id, result });
        const sql = sqlByKey.get(key) ?? digest(JSON.stringify({ task_id: out.response.task_id, result: [] }));
        if (digest(js) !== sql) {
            different++;
            example ??= { js, key, sql };
        }
    });
}
console.log(`\n4. JS 运行时（JSON.parse + 求值，逐请求的 ${screen.rules.length} 条规则，逐请求、内存里只有一块）：${sec(jsMs)}（${Math.round(f.read / (jsMs / 1000)).toLocaleString()} 条/秒），结果 ${jsFindings.toLocaleString()} 条；峰值 RSS ${mb(rss())}`);
console.log(`   一致性：比较 ${compared.toLocaleString()} 个请求，SQL 与 JS（逐请求的 ${screen.rules.length} 条规则）不同的 ${different} 个`);
if (example) console.log(`   例（请求 ${example.key}）：\n   JS  ${example.js}\n   SQL ${example.sql.length > 60 ? example.sql : '（摘要）'}`);
// 5. JS 筛查集合：跨理赔规则（只启用手写对照的三条）
let populationMs = null;
if (!SKIP.has('population')) {
    const ids = new Set(POPULATION_RULES.map(r => r.id));
    const config = only(id => ids.has(id));
    const rssBefore5 = rss();
    const t5 = performance.now();
    const screening = createScreening(pack, { config });
    for (const chunk of readChunks(claims.file, 2_000)) for (const line of chunk) screening.add(JSON.parse(line));
    const loaded5 = performance.now();
    const result = screening.run();
    populationMs = performance.now() - t5;
    console.log(`\n5. JS 筛查集合（${POPULATION_RULES.length} 条跨理赔规则）：${sec(populationMs)}（载入 ${sec(loaded5 - t5)}，求值 ${sec(performance.now() - loaded5)}），`
        + `${screening.summary.loaded.toLocaleString()} 张理赔在内存里；峰值 RSS ${mb(rss())}（之前 ${mb(rssBefore5)}）`);
    const rows = [['规则', '手写 SQL', 'JS 结果', '手写命中', '相同']];
    for (const rule of POPULATION_RULES) {
        const js = new Set(result.findings.filter(x => x.rule_id === rule.id).flatMap(rule.jsKeys));
        const mine = hand.population.get(rule.id);
        const same = js.size === mine.keys.size && [...js].every(k => mine.keys.has(k));
        rows.push([`${rule.id} ${rule.name}`, sec(mine.ms), js.size.toLocaleString(), mine.keys.size.toLocaleString(), same ? '是' : '否']);
    }
    console.log(table(rows));
}

console.log(`\n比值：装载 + SQL 筛查 ${sec(loadMs + sqlMs)}，JS 求值 ${sec(jsMs)}；逐明细规则 生成 / 手写 SQL ${hand.lineRatio.toFixed(2)}×；峰值 RSS ${mb(rss())}`);
if (KEEP) console.log(`理赔库保留在 ${storeFile}`);
else rmSync(work, { recursive: true, force: true });

