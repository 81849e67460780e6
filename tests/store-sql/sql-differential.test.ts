/**
 * 差分测试：SQL 后端（在 DuckDB 理赔库上）与 JS 规则包的 3101 结果逐字节相同——标准规则在随附样例请求与生成的理赔上，
 * 求值用例（tests/eval）在各自的测试理赔上。哪些标准规则在 SQL 上运行写在 SQL_STDLIB 里：有规则掉出（或新支持了）测试就失败，
 * 不会悄悄少比对。生成的理赔条数可用 ZHISHEN_SQL_DIFF_CLAIMS 调大（基准里跑 10 万条以上）。
 */
import { describe, expect, it } from 'vitest';
import { bothBackends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';
import { compareOnStore } from './compare.js';
import { evalCase, evalCaseFiles, sampleRequests, stdlibFiles } from './corpus.js';
import { pools } from './pools.js';

const SEED = seedFromEnv(20261203);
const CLAIMS = Number(process.env.ZHISHEN_SQL_DIFF_CLAIMS ?? 1000);

/** 在 SQL 后端上运行的标准规则（其余的得到 ZC0301，原因见诊断）：现在是全部（药理分类、通用名剂型、符合适应症经宿主函数）。 */
const SQL_STDLIB = [
    'GZ10000101001000', 'GZ10000101002000', 'GZ10000101003000', 'GZ10000101004000', 'GZ10000101005000', 'GZ10000101007000', 'GZ10000101008000',
    'GZ10000101010000', 'GZ10000101012000',
    'GZ10000102001000', 'GZ10000102002000', 'GZ10000102010000', 'GZ10000102012000', 'GZ10000102014000', 'GZ10000201002000', 'GZ10000201003000',
    'GZ10000201004000', 'GZ10000201005000', 'GZ10000201008000', 'GZ10000202002000', 'GZ10000202004000', 'GZ10000204001000', 'GZ10000204002000',
    'GZ10000204003000', 'GZ10000204004000', 'GZ10000204005000', 'GZ10000204006000', 'GZ10000204007000', 'GZ10000301002000', 'GZ10000301004000', 'GZ10000301006000', 'GZ10000302003000',
    'GZ10000302004000', 'ZS2025009', 'ZS2025013', 'ZS2025029', 'ZS2025031', 'ZS2025047', 'ZS2025076', 'ZSC0001', 'ZSC0002', 'ZSC0003', 'ZSC0004',
    // 跨理赔（事后-跨理赔.zs）：这里两边都停用（逐个请求与全库不是同一口径），比对在 population-differential.test.ts
    'ZSP0001', 'ZSP0002', 'ZSP0003', 'ZSP0004', 'ZSP0005', 'ZSP0006', 'ZSP0007', 'ZSP0101', 'ZSP0102', 'ZSP0103'
].sort();

describe('SQL 后端 ≡ JS 规则包（标准规则）', async () => {
    const kb = await loadSampleKb();
    const backends = await bothBackends(stdlibFiles(), { kb });
    const ir = backends.output.ir!;

    it('在 SQL 上运行的标准规则恰是 SQL_STDLIB；其余的有 ZC0301 诊断写明原因', async () => {
        const result = await compareOnStore(ir, backends.compiled, sampleRequests());
        expect(result.supported.sort()).toEqual(SQL_STDLIB);
        for (const u of result.screen.unsupported) expect(u.reason.length).toBeGreaterThan(0);
        expect(result.screen.program.diagnostics.map(d => d.code)).toEqual(result.screen.unsupported.map(() => 'ZC0301'));
    }, 120_000);

    it('部署配置停用的规则不在 SQL 上执行（哪个请求都不出它的结果），其余结果照样逐字节相同', async () => {
        const config = { parameters: {}, levelCodes: {}, behaviorCodes: {}, disabled: ['GZ10000301004000', 'ZS2025009'] };
        const result = await compareOnStore(ir, backends.compiled, sampleRequests(), { config });
        const ran = result.screen.rules.map(r => r.id);
        // 跨理赔规则在这里也是停用的（compareOnStore 逐个请求的口径）
        expect(ran.sort()).toEqual(SQL_STDLIB.filter(id => !config.disabled.includes(id) && !id.startsWith('ZSP')));
        expect(result.mismatches).toEqual([]);
        expect(result.findings).toBeGreaterThan(5);
    }, 120_000);

    it('随附样例请求：结果逐字节相同', async () => {
        const result = await compareOnStore(ir, backends.compiled, sampleRequests());
        expect(result.mismatches).toEqual([]);
        expect(result.findings).toBeGreaterThan(5);
    }, 120_000);

    it(`生成的 ${CLAIMS} 个请求（种子 ${SEED}）：结果逐字节相同`, async () => {
        const random = new Random(SEED);
        const generator = new ClaimGenerator(random, pools(ir, random));
        const requests = Array.from({ length: CLAIMS }, () => generator.request());
        const result = await compareOnStore(ir, backends.compiled, requests);
        expect(result.rescreen).toEqual({ same: true, samePeriod: true, reloaded: result.info.requests });
        expect(result.mismatches.slice(0, 3)).toEqual([]);
        expect(result.findings).toBeGreaterThan(CLAIMS / 10);
    }, 300_000);
});

describe('SQL 后端 ≡ JS 规则包（求值用例）', async () => {
    for (const file of evalCaseFiles()) {
        it(file, async () => {
            const { text, kb, rawConfig, groups } = await evalCase(file);
            const backends = await bothBackends({ [file]: text }, { kb, rawConfig });
            const mismatches = [];
            let compared = 0;
            for (const group of groups) {
                const result = await compareOnStore(backends.output.ir!, backends.compiled, group.claims, { config: group.config });
                mismatches.push(...result.mismatches);
                compared += result.requests;
            }
            expect(compared).toBeGreaterThan(0);
            expect(mismatches).toEqual([]);
        });
    }
});
