/**
 * 可部署的 Spark 作业（zhishen build --target spark 写出的文件夹）端到端：spark-submit 作业/screen_claims.py 读 NDJSON 理赔、
 * 在 Spark 上规范化、运行规则、组装，写出的结果 NDJSON 与 zhishen screen --engine duckdb（screenStore）逐字节相同——
 * 逐张理赔的结果按装载次序，统计组（机构 / 医师 / 患者级）的结果在最后（task_id 为空）。
 * 语料：标准规则（含跨理赔规则）× 随附样例请求 + 事后筛查的样例切片 + 生成的理赔（含重复装载的就诊号），分成两个文件。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ClaimsStore, findSpark, screenStore, writeScreenJob } from '@zhishen/store';
import { EMPTY_CONFIG } from '@zhishen/runtime';
import type { DeploymentConfig } from '@zhishen/runtime';
import { bothBackends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';
import { sampleRequests, screeningSlices, stdlibFiles } from '../store-sql/corpus.js';
import { pools } from '../store-sql/pools.js';

const SEED = seedFromEnv(20261205);
const work = mkdtempSync(join(tmpdir(), 'zhishen-spark-job-'));
let duck: string[] = [];
let spark: string[] = [];
let summary: { findings: number; files: Array<{ read: number; loaded: number; duplicates: number; rejected: number }>; unsupported: Array<{ rule: string }> };
let populationRules: Set<string>;
let notOnSpark: Array<{ rule: string; reason: string }> = [];

beforeAll(async () => {
    const runtime = findSpark();
    const kb = await loadSampleKb();
    const std = await bothBackends(stdlibFiles(), { kb });
    const ir = std.output.ir!;
    const pack = std.compiled;
    populationRules = new Set(pack.manifest.rules.filter(r => r.population !== undefined).map(r => r.id));
    const random = new Random(SEED);
    const generator = new ClaimGenerator(random, pools(ir, random));
    const generated = Array.from({ length: 150 }, () => generator.request());
    const files = [join(work, 'a.ndjson'), join(work, 'b.ndjson')];
    writeFileSync(files[0], [...sampleRequests(), ...screeningSlices().flatMap(s => s.requests)].map(r => JSON.stringify(r)).join('\n') + '\n');
    // 第二个文件：生成的理赔，末尾 5 个换了 task_id 重复装载（同一就诊号，只审核第一张）和一行坏 JSON
    writeFileSync(files[1], [...generated, ...generated.slice(0, 5).map(r => ({ ...(r as object), task_id: 'again' }))].map(r => JSON.stringify(r)).join('\n') + '\n{坏行\n');

    // 标准规则全部在 Spark 上运行（要宿主函数的 符合适应症、药理分类 由方言写成 Spark SQL）：不停用任何规则
    const job = join(work, 'job');
    const config: DeploymentConfig = EMPTY_CONFIG;
    notOnSpark = writeScreenJob(job, { ir, pack, config }).plan.unsupported;

    const store = await ClaimsStore.open(':memory:');
    try {
        await store.load(files);
        const screen = await screenStore(store, { ir, pack, config, phase: '事后' });
        duck = [...screen.requests.flatMap(r => r.result.map(f => JSON.stringify({ task_id: r.task_id, ...f }))),
            ...screen.set.map(f => JSON.stringify({ task_id: null, ...f }))];
    } finally {
        store.close();
    }

    const out = join(work, 'findings.ndjson');
    const env: NodeJS.ProcessEnv = { ...process.env, JAVA_HOME: process.env.JAVA_HOME ?? dirname(dirname(runtime.java)) };
    if (runtime.python) env.PYSPARK_PYTHON = env.PYSPARK_DRIVER_PYTHON = runtime.python;
    const run = spawnSync(runtime.sparkSubmit, ['--master', 'local[2]', '--conf', 'spark.sql.shuffle.partitions=2', '--conf', 'spark.driver.memory=2g',
        '--driver-java-options', `-Dlog4j2.configurationFile=file:${join(job, 'log4j2.properties')}`,
        join(job, 'screen_claims.py'), '--claims', ...files, '-o', out, '--summary', join(work, 'summary.json')], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(`spark-submit 退出码 ${run.status}：\n${(run.stdout + run.stderr).split('\n').filter(l => !l.includes('WARN')).slice(-30).join('\n')}`);
    spark = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    summary = JSON.parse(readFileSync(join(work, 'summary.json'), 'utf8'));
}, 1_200_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Spark 作业（screen_claims.py）≡ zhishen screen --engine duckdb', () => {
    it('结果 NDJSON 逐字节相同，含跨理赔规则与统计组的结果', () => {
        const length = Math.max(spark.length, duck.length);
        const first = Array.from({ length }, (_, n) => n).find(n => spark[n] !== duck[n]) ?? -1;
        expect({ first, spark: spark[first], duck: duck[first] }).toEqual({ first: -1, spark: undefined, duck: undefined });
        const ids = spark.map(l => (JSON.parse(l) as { rule_id: string }).rule_id);
        expect(ids.filter(id => populationRules.has(id)).length).toBeGreaterThan(5);
        // 统计组结果：task_id 为空、写了层级与指标
        expect(spark.filter(l => l.startsWith('{"task_id":null') && l.includes('"population":{"level":')).length).toBeGreaterThan(0);
        expect(spark.length).toBeGreaterThan(30);
    });

    it('汇总：读取 = 装入 + 重复 + 拒绝；结果数与文件一致；标准规则全部在 Spark 上运行', () => {
        expect(summary.findings).toBe(spark.length);
        for (const f of summary.files) expect(f.read).toBe(f.loaded + f.duplicates + f.rejected);
        expect(summary.files[1].rejected).toBe(1);
        expect(summary.unsupported.filter(u => populationRules.has(u.rule))).toEqual([]);
        // 标准规则没有不能在 Spark 上运行的
        expect(notOnSpark).toEqual([]);
        expect(summary.unsupported).toEqual([]);
    });
});
