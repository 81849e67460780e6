/**
 * 差分测试：Spark 作业的 Python 组装（spark/zhishen_job/assemble.py，以及它读的 Python 规范化的行）与 screenStore 的组装
 * （运行时的 buildFinding、F6 排序去重、F7 按知识点合并、F8 金额去重）逐字节相同。
 * 同一批理赔装进 DuckDB 理赔库，SQL 后端的命中行（SELECT 的结果）交给两边：screenStore 组装的结果 NDJSON 与 Python 用
 * 组装数据（store/src/assembly-data.ts 导出的 assembly.json）组装的结果 NDJSON 相同。
 * 标准规则在随附样例、筛查样例与生成的理赔上；求值用例（含部署配置：参数、按知识点合并、金额去重）在各自的理赔上。
 * 统计组（机构 / 医师级）与跨理赔规则 SQL 后端还不能运行（ZC0301），这里也就没有它们的结果。
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IrPack } from '@zhishen/compiler';
import type { DeploymentConfig, Phase, RulePack } from '@zhishen/runtime';
import { assemblyData, ClaimsStore, screenStore, storeSchema } from '@zhishen/store';
import { bothBackends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';
import { pools } from '../store-sql/pools.js';
import { withoutPopulationRules } from '../store-sql/compare.js';
import { evalCase, evalCaseFiles, stdlibFiles } from '../store-sql/corpus.js';
import { runPython, sampleLines } from './python.js';

const SEED = seedFromEnv(20261203);

/** DuckDB 的 BIGINT（bigint）→ 数字，其余原样（JSON 传给 Python）。 */
function plain(v: unknown): unknown {
    if (typeof v === 'bigint') return Number(v);
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
}

async function compare(ir: IrPack, pack: RulePack, requests: unknown[], options: { config?: DeploymentConfig; phase?: Phase } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-pyasm-'));
    const lines = requests.map(r => (typeof r === 'string' ? r : JSON.stringify(r)));
    const file = join(dir, 'claims.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const store = await ClaimsStore.open(':memory:');
    try {
        await store.load([file]);
        // Python 组装还没有跨理赔规则（筛查集合、统计组）：两边都停用，并按逐个请求的口径审核库里每张理赔
        const config = withoutPopulationRules(pack, options.config);
        const screen = await screenStore(store, { ir, pack, config, phase: options.phase, keepHits: true, allClaims: true });
        const js = screen.requests.flatMap(r => r.result.map(f => JSON.stringify({ task_id: r.task_id, ...f })));
        writeFileSync(join(dir, 'schema.json'), JSON.stringify(storeSchema()));
        writeFileSync(join(dir, 'assembly.json'), JSON.stringify(assemblyData({ ir, pack, program: screen.program, config, phase: options.phase })));
        const py = runPython(['assemble', join(dir, 'schema.json'), join(dir, 'assembly.json')], {
            lines, file, hits: screen.hits!.map(h => [h.rule, plain(h.row)])
        });
        const mismatches: Array<{ n: number; js: string | undefined; py: string | undefined }> = [];
        for (let n = 0; n < Math.max(js.length, py.length); n++) if (js[n] !== py[n]) mismatches.push({ n, js: js[n], py: py[n] });
        return { findings: js.length, hits: screen.hits!.length, mismatches, merged: js.filter(l => l.includes('"merged":')).length, deduped: js.filter(l => l.includes('"rule_amt":')).length };
    } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('Python 组装 ≡ screenStore（标准规则）', async () => {
    const kb = await loadSampleKb();
    const backends = await bothBackends(stdlibFiles(), { kb });
    const ir = backends.output.ir!;

    it('随附样例与筛查样例（事后）', async () => {
        const lines = sampleLines();
        const result = await compare(ir, backends.compiled, lines, { phase: '事后' });
        console.log(`Python 组装（样例）：命中行 ${result.hits}，结果 ${result.findings}（金额去重 ${result.deduped}）`);
        expect(result.mismatches.slice(0, 2)).toEqual([]);
        expect(result.findings).toBeGreaterThan(50);
    }, 180_000);

    it(`生成的 1000 个请求（种子 ${SEED}）`, async () => {
        const random = new Random(SEED);
        const generator = new ClaimGenerator(random, pools(ir, random));
        const requests = Array.from({ length: 1000 }, () => generator.request());
        const result = await compare(ir, backends.compiled, requests);
        console.log(`Python 组装（生成）：命中行 ${result.hits}，结果 ${result.findings}（金额去重 ${result.deduped}）`);
        expect(result.mismatches.slice(0, 2)).toEqual([]);
        expect(result.findings).toBeGreaterThan(100);
        expect(result.deduped).toBeGreaterThan(0);
    }, 300_000);
});

describe('Python 组装 ≡ screenStore（求值用例，含部署配置）', async () => {
    const totals = { findings: 0, merged: 0 };
    for (const file of evalCaseFiles()) {
        it(file, async () => {
            const { text, kb, rawConfig, groups } = await evalCase(file);
            const backends = await bothBackends({ [file]: text }, { kb, rawConfig });
            for (const group of groups) {
                const result = await compare(backends.output.ir!, backends.compiled, group.claims, { config: group.config });
                expect(result.mismatches.slice(0, 2)).toEqual([]);
                totals.findings += result.findings;
                totals.merged += result.merged;
            }
        }, 60_000);
    }
    it('求值用例合计有结果，且有按知识点合并的结果', () => {
        console.log(`Python 组装（求值用例）：结果 ${totals.findings}，合并 ${totals.merged}`);
        expect(totals.findings).toBeGreaterThan(20);
        expect(totals.merged).toBeGreaterThan(0);
    });
});
