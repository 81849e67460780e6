#!/usr/bin/env node
/**
 * Spark local[2] 与 DuckDB 的基准（npm run bench:spark）：只打印数字，不做断言。要 Spark：bash scripts/install-spark.sh。
 *
 *   npm run bench:spark                        2 万条生成的理赔（与 npm run bench 同一个生成器与缓存）
 *   npm run bench:spark -- --claims 1000000    指定条数；--seed N；--master local[2]；--file 某.ndjson；--driver-memory 2g
 *   npm run bench:spark -- --only ZSP0001,GZ10000101010000   只运行这几条规则（找慢的规则时用）
 *
 * 同一个 DuckDB 理赔库（装载一次），标准规则（全国知识库）：
 *   1. DuckDB：SQL 后端（DuckDB 方言）逐条规则执行的总时间；
 *   2. Spark：同一份规则的 Spark 方言，理赔库导出为 Parquet，spark-submit 执行（总时间含 JVM 启动；另列纯执行时间）；
 *   3. 两边的命中行逐条规则比较（应完全相同），打印 Spark / DuckDB 的时间比与每核每秒的理赔数。
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createZhishenCoreServices } from '../language/dist/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { compile, interpretPack, lowerToSql, SPARK } from '../compiler/dist/index.js';
import { buildSparkJob, ClaimsStore, exportStoreForSpark, findSpark, packParams, prepareProgram, readHits, runProgram, sparkSubmit, writeSparkJob } from '../store/dist/index.js';
import { ensureClaimsFile } from './lib/claims.mjs';
import { mb } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB_DIR = resolve(ROOT, '../shared/kb-data');
const CACHE = join(ROOT, 'bench/.cache');
const STDLIB = join(ROOT, 'stdlib-rules/rules');

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
};
const CLAIMS = Number(opt('--claims', process.env.BENCH_CLAIMS ?? 20_000));
const SEED = Number(opt('--seed', 20260301));
const MASTER = opt('--master', 'local[2]');
const FILE = opt('--file', null);
// 驱动程序的堆：local 模式下执行器也在驱动程序里。默认 1 GB 在 2,000 条理赔上时有时无地内存耗尽（退出码 52），与差分测试一样给 2 GB
const DRIVER_MEMORY = opt('--driver-memory', '2g');
const ONLY = opt('--only', null)?.split(',').filter(Boolean) ?? null;
const CORES = Number(/local\[(\d+)\]/.exec(MASTER)?.[1] ?? 2);
const sec = ms => `${(ms / 1000).toFixed(1)} 秒`;

const runtime = findSpark();
console.log(FILE ? `Spark 与 DuckDB 基准：${FILE}` : `Spark 与 DuckDB 基准：${CLAIMS.toLocaleString()} 条理赔，种子 ${SEED}，Spark ${MASTER}`);
const kb = await loadKnowledgeBaseFolder(KB_DIR);
const claims = FILE ? { file: FILE, bytes: statSync(FILE).size } : ensureClaimsFile(kb, { count: CLAIMS, seed: SEED, cacheDir: CACHE });
console.log(`理赔文件 ${claims.file}（${mb(claims.bytes)}）`);

const services = createZhishenCoreServices().Zhishen;
services.kb.KnowledgeBaseProvider.set(kb);
const sources = readdirSync(STDLIB).filter(f => f.endsWith('.zs')).sort().map(f => ({ uri: `file://${join(STDLIB, f)}`, text: readFileSync(join(STDLIB, f), 'utf8') }));
const output = await compile({ services, sources, kb, root: ROOT, name: 'stdlib', emit: { fileName: 'stdlib.mjs' } });
if (!output.ir) throw new Error('标准规则编译失败');
if (ONLY) {
    const unknown = ONLY.filter(id => !output.ir.rules.some(r => r.id === id));
    if (unknown.length) throw new Error(`--only：标准规则里没有 ${unknown.join('、')}`);
    output.ir.rules = output.ir.rules.filter(r => ONLY.includes(r.id));
}
const pack = interpretPack(output.ir, output.result.manifest.id);
const params = packParams(pack);

const work = mkdtempSync(join(tmpdir(), 'zhishen-bench-spark-'));
const store = await ClaimsStore.open(':memory:');
try {
    let t = performance.now();
    const loaded = await store.load([claims.file]);
    const patients = loaded.files.reduce((s, f) => s + f.claims, 0);
    const lines = loaded.files.reduce((s, f) => s + f.lines, 0);
    console.log(`装载（JS 规范化 → DuckDB）：${sec(performance.now() - t)}，患者 ${patients.toLocaleString()}，明细 ${lines.toLocaleString()}`);

    const program = lowerToSql(output.ir, { params });
    await prepareProgram(store.connection, program);
    t = performance.now();
    const duck = await runProgram(store.connection, program);
    const duckMs = performance.now() - t;
    console.log(`DuckDB：${program.rules.length} 条规则 ${sec(duckMs)}，命中 ${duck.reduce((s, r) => s + r.rows.length, 0).toLocaleString()} 行`);

    t = performance.now();
    const jobDir = join(work, 'job');
    writeSparkJob(jobDir, buildSparkJob(output.ir, pack.manifest.id, params));
    await exportStoreForSpark(store, join(work, 'store'));
    const exportMs = performance.now() - t;
    const ruleMs = new Map();
    t = performance.now();
    await sparkSubmit(runtime, jobDir, ['--store-parquet', join(work, 'store'), '--hits', join(work, 'hits.ndjson')], {
        master: MASTER, conf: { 'spark.driver.memory': DRIVER_MEMORY }, onEvent: e => {
            if (e.event !== 'rule') return;
            ruleMs.set(e.rule, e.ms);
            // 大批量时一条规则要几分钟：逐条打印进度（标准错误）
            process.stderr.write(`  Spark 规则 ${ruleMs.size}/${duck.length} ${e.rule}：${sec(Number(e.ms))}，命中 ${e.hits} 行\n`);
        }
    });
    const sparkTotal = performance.now() - t;
    const sparkRules = [...ruleMs.values()].reduce((s, v) => s + v, 0);
    const spark = readHits(join(work, 'hits.ndjson'), lowerToSql(output.ir, { params, dialect: SPARK }));
    console.log(`Spark ${MASTER}：导出 Parquet ${sec(exportMs)}；spark-submit 共 ${sec(sparkTotal)}（启动与建表 ${sec(sparkTotal - sparkRules)}，规则 ${sec(sparkRules)}），命中 ${spark.reduce((s, r) => s + r.rows.length, 0).toLocaleString()} 行`);

    const canon = rows => rows.map(r => JSON.stringify(Object.fromEntries(Object.keys(r).sort().map(k => [k, typeof r[k] === 'bigint' ? Number(r[k]) : Array.isArray(r[k]) ? r[k].map(x => typeof x === 'bigint' ? Number(x) : x) : r[k] ?? null])))).sort().join('\n');
    // 按规则编号对齐：Spark 上不能运行的规则（ZC0301，作业的 unsupported）不在 Spark 的列表里，两边的列表可以不一样长
    const duckById = new Map(duck.map(r => [r.plan.id, r]));
    const differ = spark.filter(s => canon(s.rows) !== canon(duckById.get(s.plan.id)?.rows ?? [])).map(s => s.plan.id);
    const onSpark = new Set(spark.map(s => s.plan.id));
    const notOnSpark = duck.filter(r => !onSpark.has(r.plan.id)).map(r => r.plan.id);
    console.log(`两边都运行的规则 ${spark.length} 条，命中行不同的：${differ.length}${differ.length ? `（${differ.join('、')}）` : ''}`);
    if (notOnSpark.length) console.log(`只在 DuckDB 上运行（Spark 上 ZC0301）：${notOnSpark.length} 条（${notOnSpark.join('、')}）`);
    const duckSame = duck.filter(r => onSpark.has(r.plan.id)).reduce((sum, r) => sum + r.ms, 0);
    console.log(`比值（同一批 ${spark.length} 条规则）：Spark 规则执行 / DuckDB = ${(sparkRules / duckSame).toFixed(1)}×（DuckDB ${sec(duckSame)}）；含启动 = ${(sparkTotal / duckSame).toFixed(1)}×`);
    const slow = spark.map(s => ({ id: s.plan.id, spark: ruleMs.get(s.plan.id) ?? NaN, duck: duckById.get(s.plan.id)?.ms ?? NaN })).sort((a, b) => b.spark - a.spark).slice(0, 8);
    console.log(`Spark 最慢的规则：${slow.map(r => `${r.id} ${sec(r.spark)}（DuckDB ${sec(r.duck)}）`).join('；')}`);
    const perCore = patients / (sparkRules / 1000) / CORES;
    console.log(`Spark 每核每秒 ${perCore.toFixed(1)} 条理赔（规则执行，${CORES} 核）；DuckDB 每秒 ${(patients / (duckSame / 1000)).toFixed(0)} 条（同一批规则，2 核）`);
} finally {
    store.close();
    rmSync(work, { recursive: true, force: true });
}
