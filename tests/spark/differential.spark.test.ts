/**
 * Spark ≡ DuckDB ≡ JS 规则包（npm run test:spark；要 Spark：bash scripts/install-spark.sh）。
 *
 * 同一份理赔库内容与规则：
 *   1. 命中行：Spark 方言的 SQL 在 Spark local[2] 上（理赔库的表导出为 Parquet）与 DuckDB 方言在 DuckDB 上逐行相同（每条规则）；
 *   2. 结果：Spark 的命中行组装出的 3101 结果与 JS 规则包逐个请求审核的结果逐字节相同（DuckDB 与 JS 相同由 tests/store-sql 证明）。
 * 语料：标准规则 × 随附样例请求、事后筛查的样例切片、生成的理赔；求值用例（tests/eval）的测试块。
 * 全部作业在一个 spark-submit 里跑（driver.py --batch），JVM 只起一次。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lowerToSql, SPARK } from '@zhishen/compiler';
import type { IrPack } from '@zhishen/compiler';
import type { DeploymentConfig, RulePack } from '@zhishen/runtime';
import { buildSparkJob, ClaimsStore, exportStoreForSpark, findSpark, packParams, prepareProgram, readHits, runProgram, sparkSubmit, writeSparkJob } from '@zhishen/store';
import { bothBackends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';
import { compareOnStore } from '../store-sql/compare.js';
import { evalCase, evalCaseFiles, sampleRequests, screeningSlices, stdlibFiles } from '../store-sql/corpus.js';
import { pools } from '../store-sql/pools.js';

const SEED = seedFromEnv(20261203);
const CLAIMS = Number(process.env.ZHISHEN_SPARK_DIFF_CLAIMS ?? 200);

interface Case {
    name: string;
    ir: IrPack;
    pack: RulePack;
    requests: unknown[];
    config?: DeploymentConfig;
    dir: string;
    /** DuckDB 上每条规则的命中行（规范化的 JSON，排好序） */
    duck: Map<string, string[]>;
}

const work = mkdtempSync(join(tmpdir(), 'zhishen-spark-'));
if (process.env.ZHISHEN_SPARK_KEEP) console.log(`Spark 作业在 ${work}`);
const cases: Case[] = [];
const ruleTimes: { rule: string; ms: number }[] = [];
/** 标准规则的作业（清单里第一个）完成的时刻 */
let standardDone = 0;

/** 命中行 → 规范化 JSON（键排序、bigint 转数），两边同样处理后排序比较。 */
function canonical(row: Record<string, unknown>): string {
    const norm = (v: unknown): unknown => typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(norm) : v ?? null;
    return JSON.stringify(Object.fromEntries(Object.keys(row).sort().map(k => [k, norm(row[k])])));
}

async function addCase(name: string, ir: IrPack, pack: RulePack, requests: unknown[], config?: DeploymentConfig): Promise<void> {
    const dir = join(work, `c${cases.length}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'claims.ndjson');
    writeFileSync(file, requests.map(r => JSON.stringify(r)).join('\n') + '\n');
    const store = await ClaimsStore.open(':memory:');
    try {
        await store.load([file]);
        const params = packParams(pack, config);
        const program = lowerToSql(ir, { params });
        await prepareProgram(store.connection, program);
        const duck = new Map<string, string[]>();
        for (const { plan, rows } of await runProgram(store.connection, program)) duck.set(plan.id, rows.map(canonical).sort());
        writeSparkJob(join(dir, 'job'), buildSparkJob(ir, pack.manifest.id, params));
        await exportStoreForSpark(store, join(dir, 'store'));
        cases.push({ name, ir, pack, requests, config, dir, duck });
    } finally {
        store.close();
    }
}

beforeAll(async () => {
    const runtime = findSpark();
    const kb = await loadSampleKb();
    const std = await bothBackends(stdlibFiles(), { kb });
    // 标准规则：随附样例请求、事后筛查的样例切片与生成的理赔装进同一个库（SQL 上运行的都是逐个请求的规则，互不影响），一个作业
    const random = new Random(SEED);
    const generator = new ClaimGenerator(random, pools(std.output.ir!, random));
    await addCase(`标准规则 × 随附样例请求 + ${screeningSlices().map(s => s.name).join('、')} + 生成的 ${CLAIMS} 个请求（种子 ${SEED}）`, std.output.ir!, std.compiled,
        [...sampleRequests(), ...screeningSlices().flatMap(s => s.requests), ...Array.from({ length: CLAIMS }, () => generator.request())]);
    for (const file of evalCaseFiles()) {
        const { text, kb: caseKb, rawConfig, groups } = await evalCase(file);
        const backends = await bothBackends({ [file]: text }, { kb: caseKb, rawConfig });
        for (const [k, group] of groups.entries()) {
            if (group.claims.length > 0) await addCase(`${file}#${k}`, backends.output.ir!, backends.compiled, group.claims, group.config);
        }
    }
    const manifest = join(work, 'batch.json');
    writeFileSync(manifest, JSON.stringify(cases.map(c => ({ job: join(c.dir, 'job'), store: join(c.dir, 'store'), hits: join(c.dir, 'hits.ndjson') }))));
    // 测试的数据小：少分区（每个 shuffle 的任务少）
    const started = Date.now();
    await sparkSubmit(runtime, join(cases[0].dir, 'job'), ['--batch', manifest], {
        conf: { 'spark.sql.shuffle.partitions': '2', 'spark.driver.memory': '4g' }, // 两个作业同时在一个 JVM 里：堆给大些，少做完全回收
        onEvent: e => { if (e.event === 'rule') ruleTimes.push({ rule: String(e.rule), ms: Number(e.ms) }); else if (e.event === 'job' && e.index === 0) standardDone = Date.now(); }
    });
    // 时间花在哪里（CI 的日志里看得到，慢了好找原因）
    const total = ruleTimes.reduce((s, r) => s + r.ms, 0);
    const slowest = [...ruleTimes].sort((a, b) => b.ms - a.ms).slice(0, 5).map(r => `${r.rule} ${(r.ms / 1000).toFixed(1)} 秒`);
    const first = standardDone ? `，标准规则的作业在第 ${((standardDone - started) / 1000).toFixed(0)} 秒完成` : '';
    console.log(`Spark：${cases.length} 个作业、${ruleTimes.length} 次规则执行，共 ${((Date.now() - started) / 1000).toFixed(0)} 秒${first}（两个作业并行，规则执行合计 ${(total / 1000).toFixed(0)} 秒）；最慢：${slowest.join('，')}`);
}, 2_400_000);

afterAll(() => {
    if (!process.env.ZHISHEN_SPARK_KEEP) rmSync(work, { recursive: true, force: true });
});

describe('Spark ≡ DuckDB（命中行）≡ JS 规则包（结果）', () => {
    it('语料齐全：标准规则、筛查切片、生成的理赔与全部求值用例都在', () => {
        expect(cases.length).toBeGreaterThanOrEqual(1 + evalCaseFiles().length);
    });

    it('每个作业的每条规则：Spark 的命中行与 DuckDB 的逐行相同', async () => {
        let compared = 0;
        let hits = 0;
        const mismatches: string[] = [];
        for (const c of cases) {
            const program = lowerToSql(c.ir, { params: packParams(c.pack, c.config), dialect: SPARK });
            const spark = await readHits(join(c.dir, 'hits.ndjson'), program);
            // Spark 运行 DuckDB 上运行的每条规则（含跨理赔规则、药理分类与符合适应症），只差依赖理赔数据的正则（ZC0301，列在作业的 unsupported 里）
            const notOnSpark = new Set(program.unsupported.map(u => u.rule));
            for (const u of program.unsupported.filter(x => c.duck.has(x.rule))) expect(u.reason, u.rule).toMatch(/^正则.*Spark SQL 里没有同义的写法/);
            expect(spark.map(r => r.plan.id)).toEqual([...c.duck.keys()].filter(id => !notOnSpark.has(id)));
            for (const { plan, rows } of spark) {
                const got = rows.map(canonical).sort();
                const want = c.duck.get(plan.id)!;
                compared++;
                hits += want.length;
                if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${c.name} ${plan.id}：Spark ${got.length} 行，DuckDB ${want.length} 行；首个不同 ${got.find(g => !want.includes(g)) ?? want.find(w => !got.includes(w))}`);
            }
        }
        expect(mismatches).toEqual([]);
        expect(compared).toBeGreaterThan(100);
        expect(hits).toBeGreaterThan(500);
    });

    it('每个作业：Spark 的命中行组装的 3101 结果与 JS 规则包逐字节相同', async () => {
        let findings = 0;
        for (const c of cases) {
            const result = await compareOnStore(c.ir, c.pack, c.requests, {
                config: c.config,
                executor: { dialect: SPARK, run: program => readHits(join(c.dir, 'hits.ndjson'), program) }
            });
            expect({ case: c.name, mismatches: result.mismatches.slice(0, 2) }).toEqual({ case: c.name, mismatches: [] });
            findings += result.findings;
        }
        expect(findings).toBeGreaterThan(100);
    }, 300_000);
});
