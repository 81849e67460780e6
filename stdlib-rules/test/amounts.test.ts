/**
 * 金额去重（问题 14 缺陷 1，语义 F8）：标准规则 × 国家全量知识点，在生成的理赔上没有一条明细的去重金额超出它的净金额；
 * 同一批理赔若不去重（每条规则单独运行、金额相加）会有明细超出——去重确实起了作用，这个测试在没有 F8 时失败。
 * 全量 3,000 条：node bench/amounts.mjs（打印每条规则的规则金额与去重后金额）。国家数据不在时跳过。
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBaseFolder } from '@zhishen/language/kb-node';
import { createEngine } from '@zhishen/runtime';
// @ts-expect-error 基准脚本是无类型的 .mjs
import { NATIONAL, auditAmounts, generatedClaims, nationalStdlibPack } from '../../bench/amounts.mjs';

describe.skipIf(!existsSync(NATIONAL))('生成的理赔：去重金额不超出明细净金额', () => {
    it('400 条理赔：超出 0 条；不去重时有明细超出；各规则合计 = 总额，去重后 ≤ 去重前', async () => {
        const kb = await loadKnowledgeBaseFolder(NATIONAL);
        const engine = createEngine(await nationalStdlibPack(kb));
        const claims = await generatedClaims(kb, 400, 20260301);
        const { byRule, totals, overcharged } = auditAmounts(engine, claims);
        expect(overcharged).toEqual([]);
        expect(totals.violatingLines).toBeGreaterThan(1000);
        expect(totals.sharedLines).toBeGreaterThan(100);
        expect(totals.overchargedWithoutDedup).toBeGreaterThan(100);
        expect(totals.dedupFen).toBeLessThan(totals.ruleFen);
        let rule = 0;
        let dedup = 0;
        for (const r of byRule.values()) {
            expect(r.dedupFen).toBeLessThanOrEqual(r.ruleFen);
            rule += r.ruleFen;
            dedup += r.dedupFen;
        }
        expect(rule).toBe(totals.ruleFen);
        expect(dedup).toBe(totals.dedupFen);
    }, 120_000);
});
