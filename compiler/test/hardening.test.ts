/**
 * 加固（问题 17）在两个后端上的回归：失败开放的理赔、退费冲销、超出精确范围的金额、错误带标识。
 * 每个用例在修复前都会失败（见各用例的说明）。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, compileText, evaluateBoth } from './helpers.js';
import { parseClaimFile } from '../src/index.js';
import type { Backends } from './helpers.js';
import { encounter, line, patient, request } from '../../runtime/test/claims.js';

const head = (id: string) => `规则 ${id} "${id}" {
  分类 测试
  级别 明确违规
  环节 事后
  依据 「依据${id}」
`;

const RULES = `
${head('H_CODE')}
  对每条 明细 m 属于 { "XJ01"* }
    违规 m
}
${head('H_GROUP')}
  令 同码 = 明细 其中 编码 = "G"
  当 计数(同码) >= 2
  违规 同码
}
${head('H_SUM')}
  令 同码 = 明细 其中 编码 = "G"
  当 求和(同码, 金额) > 0元
  违规 就诊
  金额 求和(同码, 金额)
}
`;

let b: Backends;
beforeAll(async () => {
    b = await bothBackends(RULES);
});

const run = (input: unknown) => evaluateBoth(b, input);

describe('失败开放的理赔（17-4）：要么按它写的审核，要么说明为什么拒绝', () => {
    const cases: Array<[string, unknown]> = [
        ['明细列表是对象', request([patient('P', [encounter('E', [], { fsi_order_dtos: line('R1', { hilist_code: 'XJ01A' }) })])])],
        ['明细列表是 JSON 编码的文本', request([patient('P', [encounter('E', [], { fsi_order_dtos: JSON.stringify([line('R1', { hilist_code: 'XJ01A' })]) })])])],
        ['编码包在数组里', request([patient('P', [encounter('E', [line('R1', { hilist_code: ['XJ01A'] })])])])]
    ];
    for (const [name, input] of cases) {
        it(name, () => {
            const out = run(input);
            // 修复前：0 条结果、没有错误（审核为“干净”）
            expect(out.response.result).toEqual([]);
            expect(out.rejected).toBe(true);
            expect(out.errors).toEqual([expect.objectContaining({ code: 'ZR0014', patn_id: 'P', mdtrt_id: 'E', task_id: 'T1' })]);
            expect(out.errors[0].message).toMatch(/应为/);
        });
    }
});

describe('退费冲销（17-8）', () => {
    it('init_feedetl_sn 找不到原明细：违规不消失，留下提示', () => {
        const out = run(request([patient('P', [encounter('E', [
            line('R1', { hilist_code: 'XJ01A', feedetl_sn: 'F1', cnt: 1, sumamt: 10, drord_begn_date: '2024-03-02' }),
            line('R2', { hilist_code: 'XJ01A', init_feedetl_sn: 'F404', cnt: -1, sumamt: -10, drord_begn_date: '2024-03-03' })
        ])])]));
        expect(out.response.result.map(r => r.judge_result_detail_dtos.map(d => d.rx_id))).toEqual([['R1']]);
        expect(out.response.zhishen_notes).toEqual([expect.stringMatching(/^P：退费明细 R2.*F404/)]);
    });
});

describe('金额超出精确范围（17-10）', () => {
    it('违规明细合计超过 2^53 个 micro：金额状态 0，而不是漂移的总额与状态 1', () => {
        const lines = Array.from({ length: 1200 }, (_, k) => line(`G${k}`, { hilist_code: 'G', rxno: `X${k}`, cnt: 1, pric: 8_999_999_999.99, sumamt: 8_999_999_999.99 }));
        const out = run(request([patient('P', [encounter('E', lines)])], { rule_ids: ['H_GROUP'] }));
        expect(out.errors).toEqual([]);
        const group = out.response.result.find(r => r.rule_id === 'H_GROUP')!;
        expect(group.vola_amt_stas).toBe('0');
        expect(group.vola_amt).toBe(0);
        expect(group.judge_result_detail_dtos).toHaveLength(1200);
    });

    it('规则里的 求和 超出范围：该患者一条错误（中文、带标识），不是一个差了十几元的金额', () => {
        const lines = [
            line('G1', { hilist_code: 'G', rxno: 'A', sumamt: 9_000_000_000 }),
            line('G2', { hilist_code: 'G', rxno: 'B', sumamt: 9_000_000_000 })
        ];
        const out = run(request([patient('P', [encounter('E', lines)])]));
        expect(out.errors).toEqual([expect.objectContaining({ code: 'ZR0012', task_id: 'T1', patn_id: 'P', mdtrt_id: 'E' })]);
        expect(out.errors[0].message).toMatch(/超出可精确表示的范围/);
    });
});

describe('请求的 rule_ids（17-11）', () => {
    it('不认识的规则编号留下提示（不悄悄忽略）', () => {
        const out = run(request([patient('P', [encounter('E', [line('R1', { hilist_code: 'XJ01A' })])])], { rule_ids: ['H_CODE', 'H_NOPE'] }));
        expect(out.response.result.map(r => r.rule_id)).toEqual(['H_CODE']);
        expect(out.response.zhishen_notes).toEqual(['rule_ids 中的「H_NOPE」不是本规则包的规则编号，已忽略']);
    });
});

describe('字面量（17-3、17-5）：检查时的诊断，构建不会内部错误', () => {
    const cases: Array<[string, string, string]> = [
        ['不存在的日期', '当 就诊.入院日期 > 2024-02-30', 'ZS0330'],
        ['超出范围的金额', '当 就诊.总费用 > 10000000000元', 'ZS0328'],
        ['要舍入的金额', '当 就诊.总费用 > 0.00000001元', 'ZS0329']
    ];
    for (const [name, condition, code] of cases) {
        it(name, async () => {
            const output = await compileText(`${head('H_LIT')}\n  ${condition}\n  违规 就诊\n}\n`);
            expect(output.ok).toBe(false);
            expect(output.diagnostics.map(d => d.code)).toContain(code);
        });
    }
});

describe('来自理赔数据的正则（检查管不到）：线性时间，两个后端一致', () => {
    // 以前 RegExp 回溯：^(a+)+$ 于 28 个 a 加一个 ! 要约 12 秒；现在是线性时间的匹配器
    const SOURCE = `${head('H_REGEX')}
  对每条 明细 m
    当 m.名称 匹配 患者.姓名
    违规 m
}
`;
    let r: Backends;
    beforeAll(async () => { r = await bothBackends(SOURCE); });
    const claimWith = (pattern: string, name: string) =>
        request([patient('P1', [encounter('M1', [line('L1', { hilist_name: name })])], { patn_name: pattern })]);

    it('病态的模式对长文本：立即得到结果（不匹配），另一条匹配的照常违规', () => {
        const t0 = performance.now();
        const slow = evaluateBoth(r, claimWith('^(a+)+$', 'a'.repeat(28) + '!'));
        const ms = performance.now() - t0;
        expect(slow.response.result).toHaveLength(0);
        expect(ms).toBeLessThan(5000); // 宽松的上限：回溯的 RegExp 在这里要约 12 秒（两个后端各一次，约 24 秒）
        const hit = evaluateBoth(r, claimWith('^(a+)+$', 'a'.repeat(28)));
        expect(hit.response.result.map(f => f.rule_id)).toEqual(['H_REGEX']);
    });

    it('运行时不支持的写法（反向引用）：未知，不违规、不出错', () => {
        const out = evaluateBoth(r, claimWith('^(a)\\1$', 'aa'));
        expect(out.rejected).toBe(false);
        expect(out.response.result).toHaveLength(0);
    });
});

describe('测试的理赔文件（parseClaimFile：zhishen test、编辑器与演练场的运行测试共用）', () => {
    it('读不出的 JSON：中文说明第几个字符、期望什么（NDJSON 带行号），没有 V8 的英文', () => {
        expect(() => parseClaimFile('a.json', '{"patient_dtos": [}')).toThrow(/^不是有效的 JSON：第 19 个字符处期望/);
        expect(() => parseClaimFile('a.ndjson', '{"a":1}\n\n{"b":}\n')).toThrow(/^第 3 行不是有效的 JSON：第 6 个字符处期望值/);
        try {
            parseClaimFile('a.json', '{"x": tru}');
        } catch (error) {
            expect((error as Error).message).not.toMatch(/Unexpected|position|JSON at/);
        }
    });

    it('重复的键（JSON.parse 只留后一个，测试会按被覆盖的内容通过）：错误写明键的路径与怎么改', () => {
        const claim = '{"patient_dtos":[{"patn_id":"P1","fsi_encounter_dtos":[{"mdtrt_id":"M1","fsi_order_dtos":[{"rx_id":"R1","hilist_code":"A","hilist_code":"B"}]}]}]}';
        expect(() => parseClaimFile('a.json', claim)).toThrow(/^patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\]\.hilist_code：第 \d+ 个字符处的键「hilist_code」.*每个键只写一次/);
        expect(() => parseClaimFile('a.ndjson', `${claim.replace('"hilist_code":"A",', '')}\n${claim}\n`)).toThrow(/^第 2 行的 patient_dtos\[0\]/);
        expect(parseClaimFile('a.ndjson', `${claim.replace('"hilist_code":"A",', '')}\r\n`)).toHaveLength(1);
    });
});
