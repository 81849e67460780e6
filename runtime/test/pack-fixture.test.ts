/**
 * 运行时只认契约（contract/pack.ts）：一个手写的规则包（不经编译器）就能被引擎运行。这里检查引擎按 spec 做的事：
 * 按编码分派（精确 / 前缀 / 区间 / 全部）、作用域来源与元素种类、适用范围、按违规对象的种类组装结果（明细 / 明细列表 / 就诊 /
 * 诊断）、涉及项的种类、解释的摘要。编译器生成的规则包与参照解释器的对照在 compiler/test/engine.test.ts。
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/engine.js';
import { manifestOf, PACK_FORMAT } from '../src/contract/pack.js';
import type { Hit, ManifestRule, RuleProgram, RuleSpec, ScopeSpec } from '../src/contract/pack.js';
import type { InvolvedKind, TargetKind } from '../src/contract/records.js';
import type { NClaim, NLine } from '../src/claim/types.js';
import { defaultRuntimeDictionaries, encounter, line, patient, request } from './claims.js';

function meta(id: string, extra: Partial<ManifestRule> = {}): ManifestRule {
    return {
        id, name: `规则${id}`, category: '测试', level: '明确违规', phases: ['事后'], scenes: [], applies: {}, basis: `依据${id}`, notes: [],
        source: { file: 'fixture.zs', line: 1, column: 1, endLine: 1, endColumn: 1 }, params: [], instances: 1, inactive: 0, ...extra
    };
}

function rule(id: string, scope: ScopeSpec, check: RuleProgram['check'], options: { violation: TargetKind; involved?: InvolvedKind[]; codes?: RuleSpec['instances'][number]['codes']; applies?: RuleSpec['applies'] } = { violation: 'line' }): RuleProgram {
    const spec: RuleSpec = {
        meta: meta(id),
        applies: options.applies ?? [],
        scope,
        instances: [{ row: null, codes: options.codes ?? null }],
        steps: [],
        outcome: { violation: options.violation, involved: options.involved ?? [] }
    };
    return { spec, prepare: () => ({}), check };
}

const each = (source: ScopeSpec['source'], element: ScopeSpec['element'], dispatch: boolean): ScopeSpec => ({ kind: 'each', source, element, dispatch });
const hit = (violation: unknown, extra: Partial<Hit> = {}): Hit => ({ violation, involved: [], ...extra });

const RULES: RuleProgram[] = [
    rule('EXACT', each('lines', 'line', true), (_c, _i, _p, _e, el) => hit(el), { violation: 'line', codes: { codes: ['A1'] } }),
    rule('PREFIX', each('lines', 'line', true), (_c, _i, _p, _e, el) => hit(el), { violation: 'line', codes: { prefixes: ['XJ01'] } }),
    rule('RANGE', each('lines', 'line', true), (_c, _i, _p, _e, el) => hit(el), { violation: 'line', codes: { ranges: [['0012', '0013']] } }),
    rule('ALL', each('lines', 'line', true), (_c, _i, _p, _e, el) => ((el as NLine).sumamt > 50_000_000 ? hit(el) : null), { violation: 'line' }),
    rule('DIAG', each('diagnoses', 'diagnosis', false), (_c, _i, _p, _e, el) => hit(el), { violation: 'diagnosis', codes: { prefixes: ['E11'] } }),
    // 整次就诊：违规对象是一组明细，涉及项是另一组明细与历史就诊
    rule('GROUP', { kind: 'none', dispatch: false }, ctx => {
        const claim: NClaim = ctx.claim;
        const same = claim.lines.filter(l => l.hilist_code === 'G');
        return same.length >= 2 ? hit(same, { involved: [claim.lines.filter(l => l.hilist_code === 'A1'), claim.history], amount: 15_000_000 }) : null;
    }, { violation: 'lines', involved: ['lines', 'encounters'] }),
    // 适用范围：只对门诊
    rule('OUTPATIENT', { kind: 'none', dispatch: false }, ctx => hit(ctx.claim.encounter), { violation: 'encounter', applies: [{ field: 'med_category', values: ['门诊'] }] })
];

const pack = {
    manifest: manifestOf({ format: PACK_FORMAT, id: 'fixture', name: '手写规则包', compiler: 'test', kb: null, dropped: [], levelCodes: { 明确违规: '1', 高度可疑: '2', 轻度可疑: '3', 提醒: '4' } }, RULES.map(r => r.spec)),
    data: { dictionaries: defaultRuntimeDictionaries() },
    rules: RULES
};

const claim = request([patient('P', [
    encounter('NOW', [
        line('r1', { hilist_code: 'A1', sumamt: 10 }),
        line('r2', { hilist_code: 'XJ01CAA0001', sumamt: 20 }),
        line('r3', { hilist_code: '001201', sumamt: 60 }),
        line('r4', { hilist_code: 'G', sumamt: 10 }),
        line('r5', { hilist_code: 'G', sumamt: 10 })
    ], { fsi_diagnose_dtos: [{ dise_id: 'd1', dise_codg: 'E11.900', dise_name: '2型糖尿病' }, { dise_id: 'd2', dise_codg: 'I10.x00' }] }),
    encounter('OLD', [line('h1', { hilist_code: 'A1' })], { adm_date: '2024-01-01', dscg_date: '2024-01-03' })
], { curr_mdtrt_id: 'NOW' })]);

describe('手写的规则包（只按契约）', () => {
    const output = createEngine(pack, { explain: true }).evaluate(claim);
    const byRule = (id: string) => output.response.result.filter(r => r.rule_id === id);
    const items = (id: string, type: '1' | '2') => byRule(id).flatMap(r => r.judge_result_detail_dtos.filter(d => d.vola_item_type === type).map(d => d.rx_id || d.mdtrt_id));

    it('按编码分派：精确、前缀、区间各只遇到提到它的明细；没有 属于 的规则遇到每条明细', () => {
        expect(output.errors).toEqual([]);
        expect(items('EXACT', '1')).toEqual(['r1']);
        expect(items('PREFIX', '1')).toEqual(['r2']);
        expect(items('RANGE', '1')).toEqual(['r3']);
        expect(items('ALL', '1')).toEqual(['r3']);
    });

    it('诊断作用域：属于 按诊断的编码属性匹配，结果的键是诊断', () => {
        expect(byRule('DIAG')).toHaveLength(1);
        expect(byRule('DIAG')[0].vola_cont).toBe('规则DIAG：诊断「2型糖尿病」');
        expect(byRule('DIAG')[0].judge_result_detail_dtos).toEqual([]);
        expect(byRule('DIAG')[0].zhishen!.explanation!.summary).toBe('规则 DIAG 对诊断 E11.900 成立');
    });

    it('违规对象是明细列表：金额从后往前分摊；涉及项按种类输出明细与就诊', () => {
        const [r] = byRule('GROUP');
        expect(r.vola_amt).toBe(15);
        expect(r.judge_result_detail_dtos.map(d => [d.rx_id || d.mdtrt_id, d.vola_item_type, d.vola_amt])).toEqual([
            ['r4', '1', 5], ['r5', '1', 10], ['r1', '2', 0], ['OLD', '2', 0]
        ]);
    });

    it('适用范围按 spec.applies：住院就诊不运行只适用门诊的规则', () => {
        expect(byRule('OUTPATIENT')).toEqual([]);
        const outpatient = JSON.parse(JSON.stringify(claim));
        outpatient.patient_dtos[0].fsi_encounter_dtos[0].med_type = '11';
        const again = createEngine(pack).evaluate(outpatient).response.result.filter(r => r.rule_id === 'OUTPATIENT');
        expect(again.map(r => r.judge_result_detail_dtos)).toEqual([[]]);
    });

    it('结果按 spec 声明的种类组装，不看对象的形状：同一条明细声明为就诊时没有违规项，键是就诊', () => {
        const asEncounter = { ...pack, rules: [rule('KIND', each('lines', 'line', true), (ctx) => hit(ctx.claim.encounter), { violation: 'encounter', codes: { codes: ['A1'] } })] };
        const [r] = createEngine(asEncounter).evaluate(claim).response.result;
        expect(r.judge_result_detail_dtos).toEqual([]);
        expect(r.mdtrt_id).toBe('NOW');
        const asLine = { ...pack, rules: [rule('KIND', each('lines', 'line', true), (_c, _i, _p, _e, el) => hit(el), { violation: 'line', codes: { codes: ['A1'] } })] };
        const [l] = createEngine(asLine).evaluate(claim).response.result;
        expect(l.judge_result_detail_dtos.map(d => d.rx_id)).toEqual(['r1']);
        expect(l.jr_id).not.toBe(r.jr_id);
    });
});
