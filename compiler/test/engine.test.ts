/**
 * 审核引擎：按编码分派（精确、前缀、区间、没有 属于）、结果顺序与 jr_id 的确定性、部署配置（启用 / 停用、级别代码、
 * 违规行为代码、参数）、金额分摊到分、整个请求被拒绝的判断、解释的摘要。规则用编译器编译，两个后端逐字节比对。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, evaluateBoth } from './helpers.js';
import type { Backends } from './helpers.js';
import { createEngine } from '@zhishen/runtime';
import type { EngineOptions } from '@zhishen/runtime';
import { validateConfig } from '@zhishen/runtime';
import { encounter, line, patient, request } from '../../runtime/test/claims.js';
import type { Json } from '../../runtime/test/claims.js';

const head = (id: string, extra = '') => `规则 ${id} "${id}" {
  分类 测试
  级别 明确违规
  环节 事后
  依据 「依据${id}」
${extra}`;

const RULES = `
${head('D_EXACT')}
  对每条 明细 m 属于 { "XN05CCS273S003010101587", "001103000010000" }
    违规 m
}
${head('D_PREFIX')}
  对每条 明细 m 属于 { "XJ01"*, "XJ01CAA"*, "0011090000101"* }
    违规 m
}
${head('D_RANGE')}
  对每条 明细 m 属于 { "0012" 至 "0013" }
    违规 m
}
${head('D_ALL')}
  参数 单价上限 = 100元
  对每条 明细 m
    当 m.单价 > 单价上限
    违规 m
    提示 "{m.名称} 单价 {m.单价} 超过 {单价上限}"
}
${head('D_WHERE')}
  对每条 明细 m 其中 m.编码 属于 { "XJ01"*, "XJ01CAA"*, "0011090000101"* }
    违规 m
}
${head('D_DIAG')}
  对每个 诊断 x 属于 { "E11"*, "I10" 至 "I15" }
    违规 x
}
${head('D_OPER')}
  对每个 手术 o 属于 { "36.06"* }
    违规 o
}
${head('D_GROUP')}
  令 同码 = 明细 其中 编码 = "G"
  当 计数(同码) >= 2
  违规 同码
}
`;

const M = (input: Json) => input;

let b: Backends;
beforeAll(async () => {
    b = await bothBackends(RULES);
});

const run = (input: unknown, options: EngineOptions = {}) => evaluateBoth(b, input, options);
const fired = (input: unknown, options: EngineOptions = {}) => run(input, options).response.result.map(r => `${r.rule_id}:${r.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id).join(',')}`);

describe('按编码分派', () => {
    it('明细规则按编码分派，诊断 / 手术 / 整次就诊规则逐个患者求值', () => {
        const scope = Object.fromEntries(b.compiled.rules.map(r => [r.spec.meta.id, r.spec.scope]));
        expect(scope.D_EXACT.dispatch).toBe(true);
        expect(scope.D_PREFIX.dispatch).toBe(true);
        expect(scope.D_RANGE.dispatch).toBe(true);
        expect(scope.D_ALL.dispatch).toBe(true);
        expect(scope.D_DIAG.dispatch).toBe(false);
        expect(scope.D_GROUP.kind).toBe('none');
    });

    it('精确编码、编码族（含重叠的前缀）、区间、没有 属于、其中 过滤：每条明细每条规则至多一个结果', () => {
        const input = request([patient('P', [encounter('E', [
            line('exact1', { hilist_code: 'XN05CCS273S003010101587' }),
            line('exact2', { hilist_code: '001103000010000' }),
            line('pre1', { hilist_code: 'XJ01CAA040A001010100102' }), // 同时匹配 XJ01 与 XJ01CAA
            line('pre2', { hilist_code: 'XJ01' }),
            line('pre3', { hilist_code: '001109000010100' }),
            line('range', { hilist_code: '001201000020000' }),
            line('none', { hilist_code: 'XJ0', pric: 200, sumamt: 200 }),
            line('nocode', { hilist_code: undefined, pric: 300, sumamt: 300 })
        ])])]);
        expect(fired(input).sort()).toEqual([
            'D_ALL:none', 'D_ALL:nocode',
            'D_EXACT:exact1', 'D_EXACT:exact2',
            'D_PREFIX:pre1', 'D_PREFIX:pre2', 'D_PREFIX:pre3',
            'D_RANGE:range',
            'D_WHERE:pre1', 'D_WHERE:pre2', 'D_WHERE:pre3'
        ].sort());
    });

    it('诊断区间与前缀、手术前缀', () => {
        const input = request([patient('P', [encounter('E', [], {
            fsi_diagnose_dtos: [{ dise_id: '1', dise_codg: 'E11.900' }, { dise_id: '2', dise_codg: 'I10.x00x002' }, { dise_id: '3', dise_codg: 'I16' }, { dise_id: '4', dise_codg: 'I15.0' }],
            fsi_operation_dtos: [{ setl_list_oprn_id: 'O1', oprn_code: '36.0601' }, { setl_list_oprn_id: 'O2', oprn_code: '36.1' }]
        })])]);
        const result = run(input).response.result;
        expect(result.filter(r => r.rule_id === 'D_DIAG')).toHaveLength(3);
        expect(result.filter(r => r.rule_id === 'D_OPER')).toHaveLength(1);
    });
});

describe('结果的顺序与 jr_id', () => {
    const input = () => request([
        patient('B', [encounter('E1', [line('b2', { hilist_code: 'XJ01X', drord_begn_date: '2024-03-03' }), line('b1', { hilist_code: 'XJ01Y', drord_begn_date: '2024-03-02' })])]),
        patient('A', [encounter('E1', [line('a1', { hilist_code: '001103000010000' }), line('a2', { hilist_code: 'XJ01Z' })])])
    ]);

    it('按患者（输入顺序）、规则（声明顺序）、明细序号排序', () => {
        expect(fired(input())).toEqual(['D_PREFIX:b1', 'D_PREFIX:b2', 'D_WHERE:b1', 'D_WHERE:b2', 'D_EXACT:a1', 'D_PREFIX:a2', 'D_WHERE:a2']);
    });

    it('jr_id：同一规则包 + 同一理赔 → 同一 id；不同的违规对象 → 不同 id；jrd_id 由 jr_id 派生', () => {
        const first = run(input()).response.result;
        const again = createEngine(b.compiled).evaluate(input()).response.result;
        expect(again.map(r => r.jr_id)).toEqual(first.map(r => r.jr_id));
        expect(new Set(first.map(r => r.jr_id)).size).toBe(first.length);
        for (const r of first) {
            expect(r.jr_id).toMatch(/^[0-9a-f]{16}$/);
            r.judge_result_detail_dtos.forEach((d, i) => expect(d.jrd_id).toBe(`${r.jr_id}-${i + 1}`));
        }
        // 患者顺序不影响 id
        const reversed = request([...(input().patient_dtos as Json[])].reverse());
        const ids = (rs: typeof first) => rs.map(r => r.jr_id).sort();
        expect(ids(run(reversed).response.result)).toEqual(ids(first));
    });

    it('同一规则的诊断 / 手术结果按输入顺序排列，与规则包 id（jr_id 的哈希）无关', async () => {
        const diagnoses = (codes: string[]) => request([patient('P', [encounter('E', [], { fsi_diagnose_dtos: codes.map((c, i) => ({ dise_id: `D${i}`, dise_codg: c })) })])]);
        const codes = ['E11.900', 'I12', 'E11.100', 'I10.x00x002', 'E11.9', 'I15.0'];
        const order = (backends: Backends) => evaluateBoth(backends, diagnoses(codes)).response.result.filter(r => r.rule_id === 'D_DIAG').map(r => r.vola_cont);
        const expected = codes.map(c => `D_DIAG：诊断「${c}」`);
        expect(order(b)).toEqual(expected);
        for (const variant of ['甲', '乙', '丙']) {
            const other = await bothBackends(RULES.replace('依据D_DIAG', `依据D_DIAG${variant}`));
            expect(order(other)).toEqual(expected);
        }
    });

    it('标识里含分隔符（| , :）的不同结果不会撞号、不会被当成重复结果丢掉', () => {
        const lineOf = (rx: string) => line(rx, { hilist_code: 'XJ01X' });
        const input = request([
            patient('P|M', [encounter('X', [lineOf('R')])]),
            patient('P', [encounter('M|X', [lineOf('R')])]),
            patient('Q', [encounter('E', [lineOf('a,b'), lineOf('a'), lineOf('b')], {
                fsi_diagnose_dtos: [{ dise_id: '1:E11.9', dise_codg: 'E11.900' }, { dise_id: '1', dise_codg: 'E11.9:E11.900' }]
            })])
        ]);
        const out = run(input);
        const mine = out.response.result.filter(r => r.rule_id === 'D_PREFIX' || r.rule_id === 'D_DIAG');
        expect(mine.map(r => `${r.rule_id} ${r.patn_id} ${r.judge_result_detail_dtos.map(d => d.rx_id).join('+')}`)).toEqual([
            'D_PREFIX P|M R', 'D_PREFIX P R', 'D_PREFIX Q a,b', 'D_PREFIX Q a', 'D_PREFIX Q b', 'D_DIAG Q ', 'D_DIAG Q '
        ]);
        expect(new Set(out.response.result.map(r => r.jr_id)).size).toBe(out.response.result.length);
        const counted = Object.values(out.findingsByRule).reduce((a, b) => a + b, 0);
        expect(counted).toBe(out.response.result.length);
    });

    it('标识里没有分隔符时 jr_id 的算法不变（下游靠 jr_id 认出同一结果）', async () => {
        const { fnv1a64 } = await import('@zhishen/runtime');
        const result = run(request([patient('P1', [encounter('E1', [line('R1', { hilist_code: 'XN05CCS273S003010101587' })])])])).response.result[0];
        expect(result.jr_id).toBe(fnv1a64([b.compiled.manifest.id, 'D_EXACT', '', 'P1', 'E1', 'R1'].join('|')));
    });

    it('jr_id 与规则包有关（不同规则包的结果不会撞号）', async () => {
        const other = await bothBackends(RULES.replace('依据D_EXACT', '依据D_EXACT改'));
        const a = run(input()).response.result.find(r => r.rule_id === 'D_EXACT')!;
        const c = evaluateBoth(other, input()).response.result.find(r => r.rule_id === 'D_EXACT')!;
        expect(c.jr_id).not.toBe(a.jr_id);
    });
});

describe('部署配置', () => {
    const input = () => request([patient('P', [encounter('E', [line('x', { hilist_code: 'XN05CCS273S003010101587', pric: 150, sumamt: 150 })])])]);
    const config = (raw: unknown) => {
        const checked = validateConfig(raw, b.compiled.manifest);
        expect(checked.errors).toEqual([]);
        return checked.config;
    };

    it('停用与只启用', () => {
        expect(fired(input())).toEqual(['D_EXACT:x', 'D_ALL:x']);
        expect(fired(input(), { config: config({ 停用: ['D_EXACT'] }) })).toEqual(['D_ALL:x']);
        expect(fired(input(), { config: config({ 启用: ['D_EXACT'] }) })).toEqual(['D_EXACT:x']);
        expect(fired(input(), { config: config({ 启用: ['D_EXACT'], 停用: ['D_EXACT'] }) })).toEqual([]);
    });

    it('级别代码与违规行为代码', () => {
        const result = run(input(), { config: config({ 级别代码: { 明确违规: 'A1' }, 违规行为代码: { 测试: '09' } }) }).response.result;
        expect(result.map(r => [r.sev_deg, r.vola_bhvr_type])).toEqual([['A1', '09'], ['A1', '09']]);
        expect(run(input()).response.result.map(r => [r.sev_deg, r.vola_bhvr_type])).toEqual([['1', ''], ['1', '']]);
    });

    it('参数：按规则与 "*"，规则的优先', () => {
        expect(fired(input(), { config: config({ 参数: { D_ALL: { 单价上限: '200元' } } }) })).toEqual(['D_EXACT:x']);
        expect(fired(input(), { config: config({ 参数: { '*': { 单价上限: '200元' } } }) })).toEqual(['D_EXACT:x']);
        expect(fired(input(), { config: config({ 参数: { '*': { 单价上限: '200元' }, D_ALL: { 单价上限: '100元' } } }) })).toEqual(['D_EXACT:x', 'D_ALL:x']);
        const message = run(input(), { config: config({ 参数: { D_ALL: { 单价上限: '99.5元' } } }) }).response.result.find(r => r.rule_id === 'D_ALL')!.vola_cont;
        expect(message).toBe('项目x 单价 150.00元 超过 99.50元');
    });

    it('解释中的参数：默认值显示原文，覆盖后显示新值', () => {
        const explained = (options: EngineOptions) => run(input(), { ...options, explain: true }).response.result.find(r => r.rule_id === 'D_ALL')!.zhishen!.explanation!.params;
        expect(explained({})).toEqual([{ name: '单价上限', value: '100元' }]);
        expect(explained({ config: config({ 参数: { D_ALL: { 单价上限: '99.5元' } } }) })).toEqual([{ name: '单价上限', value: '99.50元' }]);
    });
});

describe('解释中的代码集与集合参数', () => {
    it('默认值显示原文，覆盖后按元素显示（不是 [object Object]）', async () => {
        const withSets = await bothBackends(`${head('D_SETS')}
  参数 名单: 代码集<目录> = { "A", "B"* }
  参数 词 = { "甲", "乙" }
  对每条 明细 m 属于 名单
    当 m.名称 属于 词
    违规 m
}`);
        const input = request([patient('P', [encounter('E', [line('a', { hilist_code: 'A', hilist_name: '甲' }), line('c', { hilist_code: 'C1', hilist_name: '丙' })])])]);
        const params = (options: EngineOptions) => evaluateBoth(withSets, input, { ...options, explain: true }).response.result[0].zhishen!.explanation!.params;
        expect(params({})).toEqual([{ name: '名单', value: '{ "A", "B"* }' }, { name: '词', value: '{ "甲", "乙" }' }]);
        const checked = validateConfig({ 参数: { D_SETS: { 名单: ['C*', 'A'], 词: ['丙'] } } }, withSets.compiled.manifest);
        expect(checked.errors).toEqual([]);
        expect(params({ config: checked.config })).toEqual([{ name: '名单', value: 'A、C*' }, { name: '词', value: '丙' }]);
    });
});

describe('请求与批次', () => {
    it('部分患者有错误：其余照常审核，错误写在 zhishen_errors；全部有错误才算拒绝', () => {
        const partial = run(request([{ patn_id: 'BAD' }, patient('OK', [encounter('E', [line('x', { hilist_code: 'XN05CCS273S003010101587' })])])]));
        expect(partial.rejected).toBe(false);
        expect(partial.patients).toBe(2);
        expect(partial.evaluatedPatients).toBe(1);
        expect(partial.response.zhishen_errors).toEqual([expect.objectContaining({ code: 'ZR0005', patn_id: 'BAD' })]);
        expect(partial.response.result.map(r => r.patn_id)).toEqual(['OK']);
        expect(partial.findingsByRule).toEqual({ D_EXACT: 1 });
        const all = run(request([{ patn_id: 'BAD' }]));
        expect(all.rejected).toBe(true);
        expect(run('不是对象').rejected).toBe(true);
        expect(run({ patient_dtos: [] }).rejected).toBe(false);
    });

    it('求值出错（金额超出可精确表示的范围）：该患者一条错误，其他患者照常审核，不抛异常', async () => {
        const overflow = await bothBackends(`${head('D_BIG')}
  对每条 明细 m
    当 m.单价 × m.数量 > 1元
    违规 m
}`);
        const input = request([
            patient('OK1', [encounter('E', [line('a', { cnt: 2, pric: 3, sumamt: 6 })])]),
            patient('BIG', [encounter('E', [line('b', { cnt: 9e9, pric: 9e9, sumamt: 1 })])]),
            patient('OK2', [encounter('E', [line('c', { cnt: 2, pric: 3, sumamt: 6 })])])
        ]);
        const out = evaluateBoth(overflow, input);
        expect(out.response.result.map(r => r.patn_id)).toEqual(['OK1', 'OK2']);
        expect(out.response.zhishen_errors).toEqual([expect.objectContaining({ code: 'ZR0012', path: 'patient_dtos[1]', patn_id: 'BIG' })]);
        expect(out.response.zhishen_errors![0].message).toContain('超出可精确表示的范围');
        expect([out.patients, out.evaluatedPatients, out.rejected]).toEqual([3, 2, false]);
        expect(out.findingsByRule).toEqual({ D_BIG: 2 });
        const only = evaluateBoth(overflow, request([patient('BIG', [encounter('E', [line('b', { cnt: 9e9, pric: 9e9, sumamt: 1 })])])]));
        expect([only.patients, only.evaluatedPatients, only.rejected]).toEqual([1, 0, true]);
    });

    it('找不到原明细的退费：结果中带提示', () => {
        const out = run(request([patient('P', [encounter('E', [line('x', { hilist_code: 'A' }), line('r', { hilist_code: 'B', hilist_name: '某项', cnt: -1, sumamt: -10 })])])]));
        expect(out.response.zhishen_notes).toEqual([expect.stringContaining('某项')]);
        expect(out.response.zhishen_notes![0]).toMatch(/^P：/);
    });
});

describe('金额：违规项之和等于结果金额（到分）', () => {
    it('明细金额有分以下的位数（按单价 × 数量计算）', () => {
        const out = run(request([patient('P', [encounter('E', [
            line('g1', { hilist_code: 'G', cnt: 1, pric: 1.005, sumamt: undefined }),
            line('g2', { hilist_code: 'G', cnt: 1, pric: 1.005, sumamt: undefined }),
            line('g3', { hilist_code: 'G', cnt: 3, pric: 0.333333, sumamt: undefined })
        ])])]));
        const result = out.response.result.find(r => r.rule_id === 'D_GROUP')!;
        const items = result.judge_result_detail_dtos.filter(d => d.vola_item_type === '1');
        expect(items).toHaveLength(3);
        expect(Math.round(items.reduce((s, d) => s + d.vola_amt * 100, 0))).toBe(Math.round(result.vola_amt * 100));
        expect(result.vola_amt).toBe(3.01); // 1.005 + 1.005 + 0.999999 = 3.009999
    });
});

describe('名称与 JS 对象的特殊属性同名', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        it(`规则编号、参数、令、作用域名称都叫 ${name}`, async () => {
            const src = `参数 ${name} = 5元
规则 ${name} "t" {
  分类 ${name}
  级别 提醒
  环节 事后
  依据 「t」
  参数 上限${name} = 2次
  对每条 明细 m
    令 ${name}值 = m.金额
    当 ${name}值 > ${name} 且 m.数量 >= 上限${name}
    违规 m
    提示 "{${name}} {上限${name}}"
}
规则 R_LET "令" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「t」
  对每条 明细 ${name}
    令 ${name}2 = ${name}.金额
    当 ${name}2 > 1元
    违规 ${name}
}`.replace(/令 (\S+)值/, `令 ${name}值`);
            const backends = await bothBackends({ 'a.zs': src });
            const input = request([patient('P', [encounter('E', [
                line('a', { cnt: 2, pric: 3, sumamt: 6 }), line('b', { cnt: 1, pric: 10, sumamt: 10 }), line('c', { cnt: 2, pric: 0.1, sumamt: 0.2 })
            ])])]);
            const out = evaluateBoth(backends, input, { explain: true });
            expect(out.response.result.map(r => `${r.rule_id}:${r.judge_result_detail_dtos[0].rx_id}:${r.vola_cont}`)).toEqual([
                `${name}:a:5.00元 2`, 'R_LET:a:令：「项目a」', 'R_LET:b:令：「项目b」'
            ]);
            expect(out.findingsByRule).toEqual({ [name]: 1, R_LET: 2 });
            expect(out.response.result.map(r => r.vola_bhvr_type)).toEqual(['', '', '']);
            expect(Object.getPrototypeOf(out.findingsByRule) === Object.prototype || Object.getPrototypeOf(out.findingsByRule) === null).toBe(true);
            // 部署配置覆盖这个参数
            const checked = validateConfig({ 参数: { [name]: { [name]: '1元' } }, 违规行为代码: { [name]: 'X' } }, backends.compiled.manifest);
            expect(checked.errors).toEqual([]);
            const configured = evaluateBoth(backends, input, { config: checked.config });
            expect(configured.response.result.filter(r => r.rule_id === name).map(r => [r.vola_cont, r.vola_bhvr_type])).toEqual([['1.00元 2', 'X']]);
        });
    }
});

describe('解释的摘要', () => {
    it('明细、诊断、手术、分组、就诊各有自己的说法', async () => {
        const out = run(request([patient('P', [encounter('E', [line('x', { hilist_code: 'XN05CCS273S003010101587', hilist_name: '水合氯醛' }), line('g1', { hilist_code: 'G' }), line('g2', { hilist_code: 'G' })], {
            fsi_diagnose_dtos: [{ dise_id: '1', dise_codg: 'E11.900' }],
            fsi_operation_dtos: [{ setl_list_oprn_id: 'O1', oprn_code: '36.0601', oprn_name: '支架' }]
        })])]), { explain: true });
        const summary = (id: string) => out.response.result.find(r => r.rule_id === id)!.zhishen!.explanation!.summary;
        expect(summary('D_EXACT')).toBe('规则 D_EXACT 对明细 x（水合氯醛）成立');
        expect(summary('D_DIAG')).toBe('规则 D_DIAG 对诊断 E11.900 成立');
        expect(summary('D_OPER')).toContain('36.0601');
        expect(summary('D_GROUP')).toBe('规则 D_GROUP 对本次就诊成立');
    });
});

void M;
