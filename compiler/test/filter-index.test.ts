/**
 * JS 后端的按等值索引的筛选（emit.ts indexPlan → ops.filterEq）：标准规则里“每条明细与其他明细比”的筛选编成按键索引
 * （重复开药的 若 两支都按键索引、手术折价按计费日期），长理赔上生成的规则包与参照解释器（逐个元素求 filter）逐字节相同。
 * 代价随明细数线性（键的求值次数见 runtime/test/filter-eq.test.ts）。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { bothBackends, evaluateBoth } from './helpers.js';
import type { Backends } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RULES = `${root}stdlib-rules/rules/`;
const CLAIMS = `${root}stdlib-rules/claims/`;

let backends: Backends;
beforeAll(async () => {
    const files = Object.fromEntries(readdirSync(RULES).filter(f => f.endsWith('.zs')).sort().map(f => [f, readFileSync(RULES + f, 'utf8')]));
    backends = await bothBackends(files, { kb: await loadSampleKb() });
}, 120_000);

/** 生成的规则包里某条规则的代码块（以 “// n: 规则编号” 开头） */
function ruleBlock(code: string, ruleId: string): string {
    const start = code.search(new RegExp(`// \\d+: ${ruleId} `));
    expect(start, ruleId).toBeGreaterThan(0);
    const next = code.slice(start + 1).search(/\n {2}\/\/ \d+: /);
    return code.slice(start, next < 0 ? undefined : start + 1 + next);
}

describe('按等值索引的筛选', () => {
    it('重复开药（若 有类别 则 按类别 否则 按编码）与手术折价（同日）编成 filterEq，药品追溯码重复（有交集）编成 filterAny，药品限支付疗程先按知识点的药品筛（filterPre）', () => {
        const code = backends.output.result!.code;
        expect(ruleBlock(code, 'GZ10000301006000')).toMatch(/\? C\.filterEq\(ctx, "i\d+", c\.all_lines, .*: C\.filterEq\(ctx, "i\d+", c\.all_lines/);
        expect(ruleBlock(code, 'GZ10000102002000')).toMatch(/C\.filterEq\(ctx, "i\d+", c\.lines, e0 => e0\?\.fee_date \?\? null, v0\?\.fee_date \?\? null/);
        // 药品限支付疗程：“本知识点的药品”只读元素与知识点行，先筛出子集（每个实例一次），疗程的窗口条件只在子集上求
        expect(ruleBlock(code, 'GZ10000101010000')).toMatch(/C\.filterPre\(ctx, "i\d+", row, v0, e0 => o\.member\(e0\?\.hilist_code \?\? null, row\["kp\.med_codes"\]\)/);
        expect(ruleBlock(code, 'ZSC0002')).toMatch(/C\.filterAny\(ctx, "i\d+", c\.all_lines, e0 => e0\?\.drug_trac_codg \?\? null, v0\?\.drug_trac_codg \?\? null/);
    });

    it('长理赔（每份样例的明细复制到几百条：同日、同编码、不同日期的都有）：规则包与参照解释器逐字节相同', () => {
        let compared = 0;
        for (const file of readdirSync(CLAIMS).filter(f => f.endsWith('.json')).sort()) {
            const claim = JSON.parse(readFileSync(CLAIMS + file, 'utf8'));
            for (const patient of claim.patient_dtos ?? []) {
                for (const encounter of patient.fsi_encounter_dtos ?? []) {
                    const lines = encounter.fsi_order_dtos ?? [];
                    if (lines.length === 0) continue;
                    encounter.fsi_order_dtos = Array.from({ length: 20 }, (_, copy) => lines.map((l: Record<string, unknown>) => ({
                        ...l, rx_id: `${String(l.rx_id)}-${copy}`,
                        // 一半的副本挪到第二天：同日与不同日的都有
                        ...(copy % 2 === 1 && typeof l.fee_ocur_time === 'string' ? { fee_ocur_time: l.fee_ocur_time.replace(/^(\d{4}-\d{2}-)(\d{2})/, (_m, ym: string, d: string) => `${ym}${String(Math.min(28, Number(d) + 1)).padStart(2, '0')}`) } : {})
                    }))).flat();
                }
            }
            evaluateBoth(backends, claim);
            compared++;
        }
        expect(compared).toBeGreaterThan(10);
    }, 120_000);
});
