#!/usr/bin/env node
/**
 * Spark local[2] 与 DuckDB 的基准（npm run bench:spark）：只打印数字，不做断言。要 Spark：bash scripts/install-spark.sh。
 *
 *   npm run bench:spark                        2 万条生成的理赔（与 npm run bench 同一个生成器与缓存）
 *   npm run bench:spark -- --claims 1000000    指定条数；--seed N；--master local[2]；--file 某.ndjson；--driver-memory 2g；
 *                                              --memory 8GB / --temp 40GB（DuckDB 的内存与临时文件上限）
 *   npm run bench:spark -- --only ZSP0001,GZ10000101010000   只运行这几条规则（找慢的规则时用）；--conf 键=值 另给 Spark 配置
 *
 * 同一个 DuckDB 理赔库（装载一次），标准规则（全国知识库）：
 *   1. DuckDB：SQL 后端（DuckDB 方言）逐条规则执行的总时间；
 *   2. Spark：同一份规则的 Spark 方言，理赔库导出为 Parquet，spark-submit 执行（总时间含 JVM 启动；另列纯执行时间）；
 *   3. 两边的命中行逐条规则比较（应完全相同），打印 Spark / DuckDB 的时间比与每核每秒的理赔数。
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createZhishenCoreServices } from '../language/dist/index.js';
import { loadKnowledgeBaseFolder } from '../language/dist/kb/load-folder.js';
import { compile, interpretPack, lowerToSql, SPARK } from '../compiler/dist/index.js';
import { buildSparkJob, ClaimsStore, exportStoreForSpark, findSpark, hitRows, packParams, prepareProgram, sparkSubmit, writeSparkJob } from '../store/dist/index.js';
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
// --province：生成“省级”变体（患者跨理赔反复出现、有跨机构历史；与 bench/store.mjs 同一份缓存文件），省级数据的基准都用它
const PROVINCE = argv.includes('--province');
// 驱动程序的堆：local 模式下执行器也在驱动程序里。默认 1 GB 在 2,000 条理赔上时有时无地内存耗尽（退出码 52），与差分测试一样给 2 GB
const DRIVER_MEMORY = opt('--driver-memory', '2g');
const ONLY = opt('--only', null)?.split(',').filter(Boolean) ?? null;
// --conf 键=值（可重复）：另给 spark-submit 的配置，如 spark.eventLog.enabled=true（找慢的阶段）
const EXTRA_CONF = Object.fromEntries(argv.flatMap((a, i) => (a === '--conf' ? [argv[i + 1].split(/=(.*)/s).slice(0, 2)] : [])));
const CORES = Number(/local\[(\d+)\]/.exec(MASTER)?.[1] ?? 2);
const sec = ms => `${(ms / 1000).toFixed(1)} 秒`;

const runtime = findSpark();
console.log(FILE ? `Spark 与 DuckDB 基准：${FILE}` : `Spark 与 DuckDB 基准：${CLAIMS.toLocaleString()} 条${PROVINCE ? '省级' : ''}理赔，种子 ${SEED}，Spark ${MASTER}`);
const kb = await loadKnowledgeBaseFolder(KB_DIR);
const claims = FILE ? { file: FILE, bytes: statSync(FILE).size } : ensureClaimsFile(kb, { count: CLAIMS, seed: SEED, cacheDir: CACHE, province: PROVINCE });
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
// 理赔库放在文件里、给 DuckDB 内存上限：100 万张时库与物化的表超出内存也能溢写；Spark 开始前关掉它，内存留给 JVM
const store = await ClaimsStore.open(join(work, 'claims.duckdb'));
let storeOpen = true;
await store.connection.run(`SET memory_limit = '${opt('--memory', '8GB')}'`);
await store.connection.run(`SET max_temp_directory_size = '${opt('--temp', '40GB')}'`);
try {
    let t = performance.now();
    const loaded = await store.load([claims.file]);
    const patients = loaded.files.reduce((s, f) => s + f.claims, 0);
    const lines = loaded.files.reduce((s, f) => s + f.lines, 0);
    console.log(`装载（JS 规范化 → DuckDB）：${sec(performance.now() - t)}，患者 ${patients.toLocaleString()}，明细 ${lines.toLocaleString()}`);

    const program = lowerToSql(output.ir, { params });
    t = performance.now();
    await prepareProgram(store.connection, program);
    const duckPrepareMs = performance.now() - t;
    // 逐条规则执行，每条只留命中行的摘要（行数与多重集哈希）：100 万张的命中行有一千多万行，不全留在内存里
    const duck = [];
    t = performance.now();
    for (const plan of program.rules) {
        const started = performance.now();
        const rows = (await store.connection.runAndReadAll(plan.sql, plan.params)).getRowObjectsJS();
        const ms = performance.now() - started;
        duck.push({ id: plan.id, ms, digest: digestOf(rows) });
        if (patients >= 100_000) process.stderr.write(`  DuckDB 规则 ${duck.length}/${program.rules.length} ${plan.id}：${sec(ms)}，命中 ${rows.length} 行\n`);
    }
    const duckMs = performance.now() - t;
    console.log(`DuckDB：准备 ${sec(duckPrepareMs)}；${program.rules.length} 条规则 ${sec(duckMs)}，命中 ${duck.reduce((s, r) => s + r.digest.rows, 0).toLocaleString()} 行`);

    t = performance.now();
    const jobDir = join(work, 'job');
    writeSparkJob(jobDir, buildSparkJob(output.ir, pack.manifest.id, params));
    await exportStoreForSpark(store, join(work, 'store'));
    const exportMs = performance.now() - t;
    store.close();
    storeOpen = false;
    rmSync(join(work, 'claims.duckdb'), { force: true });
    const ruleMs = new Map();
    t = performance.now();
    await sparkSubmit(runtime, jobDir, ['--store-parquet', join(work, 'store'), '--hits', join(work, 'hits.ndjson')], {
        master: MASTER, conf: { 'spark.driver.memory': DRIVER_MEMORY, ...EXTRA_CONF }, onEvent: e => {
            if (e.event !== 'rule') return;
            ruleMs.set(e.rule, e.ms);
            // 大批量时一条规则要几分钟：逐条打印进度（标准错误）
            process.stderr.write(`  Spark 规则 ${ruleMs.size}/${duck.length} ${e.rule}：${sec(Number(e.ms))}，命中 ${e.hits} 行\n`);
        }
    });
    const sparkTotal = performance.now() - t;
    const sparkRules = [...ruleMs.values()].reduce((s, v) => s + v, 0);
    const spark = await hitsDigests(join(work, 'hits.ndjson'), lowerToSql(output.ir, { params, dialect: SPARK }));
    console.log(`Spark ${MASTER}：导出 Parquet ${sec(exportMs)}；spark-submit 共 ${sec(sparkTotal)}（启动与建表 ${sec(sparkTotal - sparkRules)}，规则 ${sec(sparkRules)}），命中 ${spark.reduce((s, r) => s + r.digest.rows, 0).toLocaleString()} 行`);

    // 按规则编号对齐：Spark 上不能运行的规则（ZC0301，作业的 unsupported）不在 Spark 的列表里，两边的列表可以不一样长
    const duckById = new Map(duck.map(r => [r.id, r]));
    const same = (a, b) => a !== undefined && a.rows === b.rows && a.hash === b.hash;
    const differ = spark.filter(s => !same(duckById.get(s.id)?.digest, s.digest)).map(s => s.id);
    const onSpark = new Set(spark.map(s => s.id));
    const notOnSpark = duck.filter(r => !onSpark.has(r.id)).map(r => r.id);
    console.log(`两边都运行的规则 ${spark.length} 条，命中行不同的：${differ.length}${differ.length ? `（${differ.join('、')}）` : ''}（比较每条规则的行数与命中行的多重集哈希）`);
    if (notOnSpark.length) console.log(`只在 DuckDB 上运行（Spark 上 ZC0301）：${notOnSpark.length} 条（${notOnSpark.join('、')}）`);
    const duckSame = duck.filter(r => onSpark.has(r.id)).reduce((sum, r) => sum + r.ms, 0);
    console.log(`比值（同一批 ${spark.length} 条规则）：Spark 规则执行 / DuckDB = ${(sparkRules / duckSame).toFixed(1)}×（DuckDB ${sec(duckSame)}）；含启动 = ${(sparkTotal / duckSame).toFixed(1)}×`);
    const slow = spark.map(s => ({ id: s.id, spark: ruleMs.get(s.id) ?? NaN, duck: duckById.get(s.id)?.ms ?? NaN })).sort((a, b) => b.spark - a.spark).slice(0, 8);
    console.log(`Spark 最慢的规则：${slow.map(r => `${r.id} ${sec(r.spark)}（DuckDB ${sec(r.duck)}）`).join('；')}`);
    const perCore = patients / (sparkRules / 1000) / CORES;
    console.log(`Spark 每核每秒 ${perCore.toFixed(1)} 条理赔（规则执行，${CORES} 核）；DuckDB 每秒 ${(patients / (duckSame / 1000)).toFixed(0)} 条（同一批规则，2 核）`);
} finally {
    if (storeOpen) store.close();
    rmSync(work, { recursive: true, force: true });
}

/** 一行命中行的规范文本：键排序，DuckDB 的 BIGINT（bigint）与 Spark JSON 的数字一样写，缺失与 NULL 一样。 */
function canon(row) {
    const num = x => (typeof x === 'bigint' ? Number(x) : x);
    return JSON.stringify(Object.fromEntries(Object.keys(row).sort().map(k => [k, Array.isArray(row[k]) ? row[k].map(num) : num(row[k]) ?? null])));
}

/** 命中行的摘要：行数与多重集哈希（每行规范文本的 SHA-256 前 64 位相加，模 2^64；与行序无关）。 */
function digestOf(rows) {
    let hash = 0n;
    for (const row of rows) hash = (hash + rowHash(row)) & 0xffffffffffffffffn;
    return { rows: rows.length, hash };
}

function rowHash(row) {
    return BigInt('0x' + createHash('sha256').update(canon(row)).digest('hex').slice(0, 16));
}

/** Spark 的命中行文件逐行读成每条规则的摘要（不把一千多万行留在内存里）；列表与 lowerToSql 的规则次序相同。 */
async function hitsDigests(file, sparkProgram) {
    const byRule = new Map();
    for await (const { rule, row } of hitRows(file)) {
        const d = byRule.get(rule) ?? { rows: 0, hash: 0n };
        d.rows++;
        d.hash = (d.hash + rowHash(row)) & 0xffffffffffffffffn;
        byRule.set(rule, d);
    }
    return sparkProgram.rules.map(plan => ({ id: plan.id, digest: byRule.get(plan.id) ?? { rows: 0, hash: 0n } }));
}
