/**
 * 差分测试：Spark 作业的 Python 组装（spark/zhishen_job/assemble.py，以及它读的 Python 规范化的行）与 screenStore 的组装
 * （运行时的 buildFinding、F6 排序去重、F7 按知识点合并、F8 金额去重）逐字节相同。
 * 同一批理赔装进 DuckDB 理赔库，SQL 后端的命中行（SELECT 的结果）交给两边：screenStore 组装的结果 NDJSON 与 Python 用
 * 组装数据（store/src/assembly-data.ts 导出的 assembly.json）组装的结果 NDJSON 相同。
 * 标准规则在随附样例、筛查样例与生成的理赔上；求值用例（含部署配置：参数、按知识点合并、金额去重）在各自的理赔上。
 * 跨理赔规则（筛查集合、统计组）另有一组：按筛查的口径（只组装筛查集合里的理赔），Python 从筛查集合的表里取回命中行提到的
 * 别的理赔的明细与就诊的患者（population_ids，同 Spark 驱动程序的 SQL），统计组的结果（机构 / 医师 / 患者级）写在最后。
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
import { dates } from '@zhishen/runtime';
import { screeningSlices } from '../store-sql/corpus.js';

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

/** 筛查的口径（跨理赔规则运行、只组装筛查集合里的理赔）：screenStore 的逐张理赔结果 + 统计组结果与 Python 的相同。 */
async function comparePopulation(ir: IrPack, pack: RulePack, requests: unknown[]) {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-pyasm-'));
    const lines = requests.map(r => JSON.stringify(r));
    const file = join(dir, 'claims.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const store = await ClaimsStore.open(':memory:');
    try {
        await store.load([file]);
        const screen = await screenStore(store, { ir, pack, phase: '事后', keepHits: true });
        const js = [...screen.requests.flatMap(r => r.result.map(f => JSON.stringify({ task_id: r.task_id, ...f }))),
            ...screen.set.map(f => JSON.stringify({ task_id: null, ...f }))];
        const rows = async (sql: string) => (await store.connection.runAndReadAll(sql)).getRowsJS().map(r => r.map(plain));
        const [[from, to]] = await rows('SELECT min(coalesce(adm_date, dscg_date)), max(coalesce(dscg_date, adm_date)) FROM zs_pop_encounters');
        const day = (v: unknown) => (v === null ? null : dates.formatDate(Number(v)));
        const population = {
            claims: (await rows('SELECT claim_key FROM zs_pop_claims')).map(r => r[0]),
            lines: (await rows(`SELECT claim_key || '#' || CAST(seq AS VARCHAR), seq, rx_id, mdtrt_id, sumamt, is_current_encounter, curr_drord_flag, hilist_name, hilist_code, zs_patn FROM zs_pop_lines`))
                .map(([id, seq, rx_id, mdtrt_id, sumamt, current, billed, name, code, patn]) => [id, { seq, rx_id, mdtrt_id, sumamt, is_current_encounter: current, curr_drord_flag: billed, hilist_name: name, hilist_code: code }, patn]),
            encounters: await rows('SELECT mdtrt_id, zs_patn FROM zs_pop_encounters'),
            period: { from: day(from), to: day(to) }
        };
        writeFileSync(join(dir, 'schema.json'), JSON.stringify(storeSchema()));
        writeFileSync(join(dir, 'assembly.json'), JSON.stringify(assemblyData({ ir, pack, program: screen.program, phase: '事后' })));
        const py = runPython(['assemble', join(dir, 'schema.json'), join(dir, 'assembly.json')], {
            lines, file, hits: screen.hits!.map(h => [h.rule, plain(h.row)]), population
        });
        const mismatches: Array<{ n: number; js: string | undefined; py: string | undefined }> = [];
        for (let n = 0; n < Math.max(js.length, py.length); n++) if (js[n] !== py[n]) mismatches.push({ n, js: js[n], py: py[n] });
        const ids = new Set(pack.manifest.rules.filter(r => r.population !== undefined).map(r => r.id));
        const cross = js.filter(l => ids.has((JSON.parse(l) as { rule_id: string }).rule_id));
        return {
            findings: js.length, mismatches, cross: cross.length, set: screen.set.length,
            // 涉及项写别的患者（结果明细的 patn_id 不是结果的 patn_id）
            otherPatients: cross.filter(l => {
                const f = JSON.parse(l) as { patn_id: string; judge_result_detail_dtos: Array<{ patn_id: string }> };
                return f.judge_result_detail_dtos.some(d => d.patn_id !== f.patn_id);
            }).length
        };
    } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('Python 组装 ≡ screenStore（跨理赔规则：筛查集合、统计组、同级统计）', async () => {
    const kb = await loadSampleKb();
    const backends = await bothBackends(stdlibFiles(), { kb });
    const ir = backends.output.ir!;

    it('筛查样例切片 + 生成的 600 个请求（同一就诊号重复装载的只审核第一张）', async () => {
        const random = new Random(SEED);
        const generator = new ClaimGenerator(random, pools(ir, random));
        const generated = Array.from({ length: 600 }, () => generator.request());
        // 重复的就诊号：后装载的一张不在筛查集合里，不组装
        const requests = [...screeningSlices().flatMap(s => s.requests), ...generated, ...generated.slice(0, 20).map(r => ({ ...(r as object), task_id: 'dup' }))];
        const result = await comparePopulation(ir, backends.compiled, requests);
        console.log(`Python 组装（跨理赔）：结果 ${result.findings}，跨理赔规则 ${result.cross}（统计组 ${result.set}，涉及别的患者 ${result.otherPatients}）`);
        expect(result.mismatches.slice(0, 2)).toEqual([]);
        expect(result.cross).toBeGreaterThan(10);
        expect(result.set).toBeGreaterThan(0);
        expect(result.otherPatients).toBeGreaterThan(0);
    }, 300_000);
});

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
