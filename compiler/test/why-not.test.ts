/**
 * “为什么没有触发”（引擎 whyNot）：对选定规则与对象，指出第一个不成立的条件和它看到的值。
 * 每个用例两个后端（生成的规则包、参照解释器）给出逐字节相同的报告——解释与审核是同一次求值，不是第二种解释。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, validateConfig } from '@zhishen/runtime';
import type { EngineOptions, WhyNotQuery, WhyNotReport } from '@zhishen/runtime';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { bothBackends } from './helpers.js';
import type { Backends } from './helpers.js';

const RULES = `
参数 儿童年龄上限 = 18岁

规则 W_CHILD "药品限儿童使用" {
  分类 测试
  级别 明确违规
  环节 事中, 事后
  适用 门诊, 住院
  依据 「测试」
  对每条 明细 m 属于 { "A", "B"* }
    当 患者.年龄 >= 儿童年龄上限
    违规 m
}

规则 W_QTY "数量超过上限" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  参数 上限 = 2次
  对每条 明细 m 属于 { "A" } 其中 m.数量 > 上限
    当 m.金额 > 10元
    违规 m
}

规则 W_INPATIENT "住院才看" {
  分类 测试
  级别 提醒
  环节 事后
  适用 住院
  依据 「测试」
  对每条 明细 m
    违规 m
}

规则 W_PRE "有诊断 I10 才看明细" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  令 高血压 = 诊断 其中 编码 = "I10"
  当 存在(高血压)
  对每条 明细 m 属于 { "A" }
    违规 m
}

规则 W_DAY "每日床位超过 1" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每日 明细 d 属于 { "BED" }
    当 d.数量 > 1次
    违规 d.明细
}
`;

const line = (rx_id: string, hilist_code: string, cnt: number, sumamt: number, time = '2024-03-01 08:00') =>
    ({ rx_id, hilist_code, hilist_name: `项目${rx_id}`, cnt, pric: sumamt / cnt, sumamt, fee_ocur_time: time });

const claim = (options: { brdy?: string | null; med_type?: string; trig_scen?: string; lines?: unknown[]; diagnoses?: unknown[] } = {}) => ({
    ...(options.trig_scen ? { trig_scen: options.trig_scen } : {}),
    patient_dtos: [{
        patn_id: 'P1', gend: '1', ...(options.brdy === null ? {} : { brdy: options.brdy ?? '2018-01-01' }), curr_mdtrt_id: 'M1',
        fsi_encounter_dtos: [{
            mdtrt_id: 'M1', adm_date: '2024-03-01', med_type: options.med_type ?? '11',
            fsi_diagnose_dtos: options.diagnoses ?? [],
            fsi_order_dtos: options.lines ?? [line('a', 'A', 1, 5), line('b', 'B01', 5, 50), line('c', 'C', 1, 1)]
        }]
    }]
});

/** 两个后端的报告逐字节相同；返回报告。 */
function whyNotBoth(backends: Backends, input: unknown, query: WhyNotQuery, options: EngineOptions = {}): WhyNotReport {
    const a = createEngine(backends.compiled, options).whyNot(input, query);
    const b = createEngine(backends.interpreted, options).whyNot(input, query);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    if (!a.ok) throw new Error(a.message);
    return a.report;
}

describe('为什么没有触发', () => {
    let backends: Backends;
    beforeAll(async () => { backends = await bothBackends(RULES); });

    interface Case {
        name: string;
        input: unknown;
        query: WhyNotQuery;
        fired: boolean;
        outcomes: string[];
        reason?: RegExp;
        verdict?: RegExp;
    }
    const cases: Case[] = [
        {
            name: '条件不成立：写出条件与两边的值',
            input: claim(), query: { rule: 'W_CHILD', target: 'a' }, fired: false, outcomes: ['failed'],
            reason: /^第 \d+ 行「当 患者\.年龄 >= 儿童年龄上限」不成立：患者\.年龄 = 6岁，儿童年龄上限 = 18岁$/
        },
        {
            name: '空值：条件未知（三值逻辑）',
            input: claim({ brdy: null }), query: { rule: 'W_CHILD', target: 'a' }, fired: false, outcomes: ['unknown'],
            reason: /为未知（读到空值.*患者\.年龄 = （空）/
        },
        {
            name: '成人：触发，结论以审核结果为准',
            input: claim({ brdy: '1980-01-01' }), query: { rule: 'W_CHILD', target: 'b' }, fired: true, outcomes: ['fired'],
            verdict: /触发了/
        },
        {
            name: '编码不属于代码集',
            input: claim(), query: { rule: 'W_CHILD', target: 'c' }, fired: false, outcomes: ['not-in-codes'],
            reason: /编码 C 不属于规则 属于 的代码集（对每条 明细 m 属于 \{ "A", "B"\* \}）/
        },
        {
            name: '不指定对象：作用域里每个对象一次尝试（不在代码集里的不列）',
            input: claim(), query: { rule: 'W_CHILD' }, fired: false, outcomes: ['failed', 'failed'],
            verdict: /没有触发：条件不成立 2 次/
        },
        {
            name: '其中 没有选中',
            input: claim(), query: { rule: 'W_QTY', target: 'a' }, fired: false, outcomes: ['filtered'],
            reason: /其中 条件没有选中它：对每条 明细 m 属于 \{ "A" \} 其中 m\.数量 > 上限/
        },
        {
            name: '其中 选中、当 不成立',
            input: claim({ lines: [line('a', 'A', 3, 6)] }), query: { rule: 'W_QTY', target: 'a' }, fired: false, outcomes: ['failed'],
            reason: /「当 m\.金额 > 10元」不成立：m\.金额 = 6\.00元/
        },
        {
            name: '适用范围不含本次就诊',
            input: claim(), query: { rule: 'W_INPATIENT', target: 'a' }, fired: false, outcomes: ['pre-failed'],
            reason: /^适用范围不含本次就诊：就医类别为「门诊」，规则只适用于 住院$/
        },
        {
            name: '作用域之前的 当 不成立',
            input: claim(), query: { rule: 'W_PRE', target: 'a' }, fired: false, outcomes: ['pre-failed'],
            reason: /「当 存在\(高血压\)」不成立/
        },
        {
            name: '按日分组：明细号找到它所在的组',
            input: claim({ lines: [line('x', 'BED', 1, 50), line('y', 'BED', 1, 50, '2024-03-02 08:00')] }), query: { rule: 'W_DAY', target: 'x' },
            fired: false, outcomes: ['failed'], reason: /d\.数量 = 1/
        },
        {
            name: '作用域里没有这个对象',
            input: claim(), query: { rule: 'W_CHILD', target: 'zzz' }, fired: false, outcomes: [],
            verdict: /作用域里没有「zzz」/
        }
    ];
    for (const c of cases) {
        it(c.name, () => {
            const report = whyNotBoth(backends, c.input, c.query);
            expect(report.fired).toBe(c.fired);
            expect(report.attempts.map(a => a.outcome)).toEqual(c.outcomes);
            if (c.reason) expect(report.attempts[0].reason).toMatch(c.reason);
            if (c.verdict) expect(report.verdict).toMatch(c.verdict);
        });
    }

    it('不成立的一步是 steps 的最后一步，前面的步骤也记下了', () => {
        const report = whyNotBoth(backends, claim(), { rule: 'W_PRE', target: 'a' });
        const attempt = report.attempts[0];
        expect(attempt.steps.map(s => s.kind)).toEqual(['let', 'when']);
        expect(attempt.failedStep).toBe(1);
        expect(attempt.steps[1].result).toBe(false);
    });

    it('环节与 trig_scen：规则层面的原因，不看作用域', () => {
        const report = whyNotBoth(backends, claim({ trig_scen: '3' }), { rule: 'W_CHILD', target: 'a' });
        expect(report.blockers).toEqual(['请求的 trig_scen = 3（事前），规则只在 事中、事后 运行']);
        expect(report.attempts).toEqual([]);
        expect(report.verdict).toMatch(/没有运行：请求的 trig_scen = 3/);
    });

    it('部署配置停用；覆盖的参数显示覆盖后的值、条件看到覆盖后的值', () => {
        const disabled = validateConfig({ 停用: ['W_CHILD'] }, backends.compiled.manifest);
        expect(disabled.errors).toEqual([]);
        expect(whyNotBoth(backends, claim(), { rule: 'W_CHILD' }, { config: disabled.config }).blockers[0]).toMatch(/停用/);
        const lowered = validateConfig({ 参数: { W_CHILD: { 儿童年龄上限: '6岁' } } }, backends.compiled.manifest);
        expect(lowered.errors).toEqual([]);
        const report = whyNotBoth(backends, claim(), { rule: 'W_CHILD', target: 'a' }, { config: lowered.config });
        expect(report.params).toEqual([{ name: '儿童年龄上限', value: '6岁' }]);
        expect(report.fired).toBe(true);
        expect(report.attempts.map(a => a.outcome)).toEqual(['fired']);
    });

    it('与审核一致：每个规则、每个对象，尝试的结局是 fired 当且仅当审核产出涉及它的结果', () => {
        const inputs = [claim(), claim({ brdy: '1980-01-01' }), claim({ brdy: null, med_type: '21' }), claim({ lines: [line('a', 'A', 3, 30), line('x', 'BED', 2, 100)] })];
        for (const input of inputs) {
            const response = createEngine(backends.compiled).evaluate(input).response;
            for (const rule of backends.compiled.manifest.rules) {
                for (const target of ['a', 'b', 'c', 'x']) {
                    const report = whyNotBoth(backends, input, { rule: rule.id, target });
                    const fired = response.result.some(r => r.rule_id === rule.id && r.judge_result_detail_dtos.some(d => d.rx_id === target && d.vola_item_type === '1'));
                    expect(report.fired, `${rule.id} ${target}`).toBe(fired);
                    expect(report.attempts.some(a => a.outcome === 'fired'), `${rule.id} ${target}`).toBe(fired);
                }
            }
        }
    });

    it('不认识的规则、无法审核的理赔：中文说明', () => {
        const engine = createEngine(backends.compiled);
        const unknown = engine.whyNot(claim(), { rule: 'W_CHLD' });
        expect(unknown.ok).toBe(false);
        if (!unknown.ok) expect(unknown.message).toMatch(/规则包里没有规则「W_CHLD」/);
        const rejected = engine.whyNot({ patient_dtos: 'x' }, { rule: 'W_CHILD' });
        expect(rejected.ok).toBe(false);
        if (!rejected.ok) expect(rejected.message).toMatch(/^理赔无法审核/);
    });

    it('列出的尝试有上限，其余计数', () => {
        const lines = Array.from({ length: 30 }, (_, k) => line(`l${k}`, 'A', 1, 5));
        const report = whyNotBoth(backends, claim({ lines }), { rule: 'W_CHILD', limit: 5 });
        expect(report.attempts).toHaveLength(5);
        expect(report.omitted).toBe(25);
        expect(report.counts.failed).toBe(30);
    });
});

describe('为什么没有触发：知识点模板', () => {
    const TEMPLATE = `
规则 W_KP "医疗服务项目重复收费" {
  分类 测试
  级别 明确违规
  环节 事中, 事后
  依据 「测试」
  知识点 k 来自 "医疗服务项目重复收费"
  对每条 明细 b 属于 k.其余码
    令 同日A = 明细 其中 编码 = k.首码 且 日期 = b.日期
    当 存在(同日A)
    违规 b
}
`;
    let backends: Backends;
    beforeAll(async () => { backends = await bothBackends(TEMPLATE, { kb: await loadSampleKb() }); });

    it('按知识点选；对象不在任何知识点行的代码集里时汇总成一次', () => {
        const instances = backends.compiled.rules[0].spec.instances;
        expect(instances.length).toBeGreaterThan(1);
        const kp = instances[0].kp!;
        const code = instances[0].codes!.codes![0];
        const input = claim({ lines: [line('b1', code, 1, 10), line('z', 'NOT-A-CODE', 1, 10)] });
        const byKp = whyNotBoth(backends, input, { rule: 'W_KP', target: 'b1', knowledgePoint: kp.kp_id });
        expect(byKp.attempts.map(a => [a.outcome, a.knowledgePoint?.kp_id])).toEqual([['failed', kp.kp_id]]);
        expect(byKp.attempts[0].reason).toMatch(/「当 存在\(同日A\)」不成立/);
        const outside = whyNotBoth(backends, input, { rule: 'W_KP', target: 'z' });
        expect(outside.attempts.map(a => a.outcome)).toEqual(['not-in-codes']);
        expect(outside.attempts[0].reason).toMatch(new RegExp(`编码 NOT-A-CODE 不属于 ${instances.length} 个知识点行中任何一个的代码集`));
        const missing = whyNotBoth(backends, input, { rule: 'W_KP', knowledgePoint: '没有这个知识点' });
        expect(missing.blockers[0]).toMatch(/知识点行中没有「没有这个知识点」/);
    });
});
