/**
 * 理赔规范化：必填字段错误（JSON 路径、其他患者照常审核）、可选字段缺失、格式错误的数值与日期、
 * 退费冲销、计费时间、住院天数、年龄、本次与历史、性别未知、追溯码。
 */
import { describe, expect, it } from 'vitest';
import { groupLines, normalizeRequest } from '../src/claim/normalize.js';
import { FULL_LINE_PLAN, FULL_SOURCE_PLAN, linePlan, OPTIONAL_LINE_FIELDS, OPTIONAL_SOURCES, sourcePlan } from '../src/claim/plan.js';
import type { NRequest } from '../src/claim/types.js';
import { daysFromCivil, MINUTES_PER_DAY, parseDateTime } from '../src/values/dates.js';
import { defaultRuntimeDictionaries, encounter, line, patient, request } from './claims.js';
import type { Json } from './claims.js';

const dictionaries = defaultRuntimeDictionaries();
const normalize = (input: unknown): NRequest => normalizeRequest(input, dictionaries);
const day = (text: string) => parseDateTime(text)!.day;
const minute = (text: string) => parseDateTime(text)!.minute;
const M = 1_000_000;

/** 一个好患者 + 一个坏患者（在 patch 处被改坏）：坏的报告一条错误，好的照常规范化。 */
function withBadPatient(patch: (bad: Json) => void): NRequest {
    const good = patient('GOOD', [encounter('E1', [line('R1')])]);
    const bad = patient('BAD', [encounter('E2', [line('R2'), line('R3')])]);
    patch(bad);
    return normalize(request([bad, good]));
}

describe('请求层面的错误', () => {
    it('不是对象', () => {
        for (const input of [null, 1, 'x', [], true]) {
            const r = normalize(input);
            expect(r.claims).toEqual([]);
            expect(r.errors).toEqual([expect.objectContaining({ code: 'ZR0001', path: '' })]);
            expect(r.errors[0].message).toMatch(/JSON 对象/);
        }
    });

    it('缺少 patient_dtos', () => {
        for (const input of [{}, { patient_dtos: {} }, { patient_dtos: 'x' }]) {
            const r = normalize(input);
            expect(r.errors).toEqual([expect.objectContaining({ code: 'ZR0002', path: 'patient_dtos' })]);
        }
    });

    it('空的 patient_dtos：没有错误也没有患者', () => {
        const r = normalize({ patient_dtos: [] });
        expect(r.errors).toEqual([]);
        expect(r.claims).toEqual([]);
    });

    it('task_id、trig_scen、rule_ids（数组或逗号分隔文本）', () => {
        const r = normalize(request([], { task_id: 7, trig_scen: 8, rule_ids: ['A', 'B', null, ''] }));
        expect(r.task_id).toBe('7');
        expect(r.trig_scen).toBe('8');
        expect(r.rule_ids).toEqual(['A', 'B']);
        expect(normalize(request([], { rule_ids: 'A, B，C D' })).rule_ids).toEqual(['A', 'B', 'C', 'D']);
        expect(normalize(request([], { rule_ids: '  ' })).rule_ids).toBeNull();
    });
});

describe('必填字段：每个错误写明 JSON 路径，其他患者照常审核', () => {
    const cases: Array<[string, (bad: Json) => void, string, string]> = [
        ['患者不是对象', bad => { Object.keys(bad).forEach(k => delete bad[k]); (bad as { __replace?: unknown }).__replace = true; }, 'ZR0004', 'patient_dtos[0].patn_id'],
        ['缺少 patn_id', bad => { delete bad.patn_id; }, 'ZR0004', 'patient_dtos[0].patn_id'],
        ['patn_id 为空串', bad => { bad.patn_id = ''; }, 'ZR0004', 'patient_dtos[0].patn_id'],
        ['缺少 fsi_encounter_dtos', bad => { delete bad.fsi_encounter_dtos; }, 'ZR0005', 'patient_dtos[0].fsi_encounter_dtos'],
        ['fsi_encounter_dtos 为空', bad => { bad.fsi_encounter_dtos = []; }, 'ZR0005', 'patient_dtos[0].fsi_encounter_dtos'],
        ['多次就诊却缺少 curr_mdtrt_id', bad => { delete bad.curr_mdtrt_id; (bad.fsi_encounter_dtos as Json[]).push(encounter('E3')); }, 'ZR0006', 'patient_dtos[0].curr_mdtrt_id'],
        ['curr_mdtrt_id 指向不存在的就诊', bad => { bad.curr_mdtrt_id = 'NOPE'; }, 'ZR0007', 'patient_dtos[0].curr_mdtrt_id'],
        ['就诊不是对象', bad => { (bad.fsi_encounter_dtos as unknown[])[0] = 'x'; bad.curr_mdtrt_id = 'E2'; }, 'ZR0003', 'patient_dtos[0].fsi_encounter_dtos[0]'],
        ['缺少 mdtrt_id', bad => { delete (bad.fsi_encounter_dtos as Json[])[0].mdtrt_id; }, 'ZR0008', 'patient_dtos[0].fsi_encounter_dtos[0].mdtrt_id'],
        ['缺少 rx_id', bad => { delete ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].rx_id; }, 'ZR0009', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].rx_id'],
        ['明细不是对象', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as unknown[])[1] = 5; }, 'ZR0003', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1]'],
        ['诊断不是对象', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_diagnose_dtos = [null]; }, 'ZR0003', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_diagnose_dtos[0]'],
        ['手术不是对象', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_operation_dtos = [[]]; }, 'ZR0003', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_operation_dtos[0]'],
        ['数量不是数字', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].cnt = '两盒'; }, 'ZR0010', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].cnt'],
        ['单价不是数字', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].pric = '12,5'; }, 'ZR0010', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].pric'],
        ['金额是对象', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].sumamt = { v: 1 }; }, 'ZR0010', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].sumamt'],
        ['就诊总费用不是数字', bad => { (bad.fsi_encounter_dtos as Json[])[0].medfee_sumamt = 'NaN'; }, 'ZR0010', 'patient_dtos[0].fsi_encounter_dtos[0].medfee_sumamt'],
        ['出生日期不是日期', bad => { bad.brdy = '1980-13-01'; }, 'ZR0011', 'patient_dtos[0].brdy'],
        ['入院日期不是日期', bad => { (bad.fsi_encounter_dtos as Json[])[0].adm_date = '昨天'; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].adm_date'],
        ['出院日期不存在', bad => { (bad.fsi_encounter_dtos as Json[])[0].dscg_date = '2023-02-29'; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].dscg_date'],
        ['计费时间不是日期时间', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].fee_ocur_time = '2024-03-02 25:00'; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].fee_ocur_time'],
        ['医嘱开始日期是数字', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].drord_begn_date = 20240302; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].drord_begn_date'],
        ['诊断日期不是日期', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_diagnose_dtos = [{ dise_codg: 'E11.900', dise_date: 'x' }]; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_diagnose_dtos[0].dise_date'],
        ['手术日期不是日期', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_operation_dtos = [{ oprn_code: '36.0601', oprn_date: '2024-02-30' }]; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_operation_dtos[0].oprn_date'],
        // 数字文法有界（问题 17-1）：指数或位数超出上限是“超出范围”，不是“不是数字”，也不花几十秒造巨大的 BigInt
        ['数量的指数极小', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].cnt = '1e-999999999'; }, 'ZR0015', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].cnt'],
        ['单价的指数极大', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].pric = '1e100000000'; }, 'ZR0015', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].pric'],
        ['金额的位数过多', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].sumamt = '1' + '0'.repeat(5000); }, 'ZR0015', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].sumamt'],
        ['金额超过可精确表示的范围（JSON 数字）', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].sumamt = 1e300; }, 'ZR0015', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].sumamt'],
        ['就诊总费用超过约 90 亿', bad => { (bad.fsi_encounter_dtos as Json[])[0].medfee_sumamt = '90000000000'; }, 'ZR0015', 'patient_dtos[0].fsi_encounter_dtos[0].medfee_sumamt'],
        // 容器类型错误（问题 17-4）：不是当作缺失（曾审核为“无违规”），而是该患者一条错误
        ['明细列表是对象', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos = { rx_id: 'R2' }; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos'],
        ['明细列表是 JSON 编码的文本', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos = JSON.stringify([line('R2')]); }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos'],
        ['诊断列表是数字', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_diagnose_dtos = 3; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_diagnose_dtos'],
        ['手术列表是对象', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_operation_dtos = {}; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_operation_dtos'],
        ['就诊列表是对象', bad => { bad.fsi_encounter_dtos = { mdtrt_id: 'E2' }; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos'],
        ['编码包在数组里', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].hilist_code = ['XJ01']; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].hilist_code'],
        ['名称是对象', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].hilist_name = { zh: '甲' }; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name'],
        ['诊断编码是数组', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_diagnose_dtos = [{ dise_codg: ['E11.900'] }]; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_diagnose_dtos[0].dise_codg'],
        ['主诊断标志是对象', bad => { (bad.fsi_encounter_dtos as Json[])[0].fsi_diagnose_dtos = [{ dise_codg: 'E11.900', maindise_flag: {} }]; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_diagnose_dtos[0].maindise_flag'],
        ['性别是数组', bad => { bad.gend = ['1']; }, 'ZR0014', 'patient_dtos[0].gend'],
        ['就医类别是对象', bad => { (bad.fsi_encounter_dtos as Json[])[0].med_type = { code: '21' }; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].med_type'],
        ['追溯码是对象', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[0].drug_trac_codg = { a: 1 }; }, 'ZR0014', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].drug_trac_codg'],
        // 时间与日期（问题 17-11）
        ['计费时间的秒为 60', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].fee_ocur_time = '2024-03-02 10:00:60'; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].fee_ocur_time'],
        ['入院时间的秒为 99', bad => { (bad.fsi_encounter_dtos as Json[])[0].adm_date = '2024-03-01 08:00:99'; }, 'ZR0011', 'patient_dtos[0].fsi_encounter_dtos[0].adm_date'],
        ['出生日期晚于入院', bad => { bad.brdy = '2025-01-01'; }, 'ZR0016', 'patient_dtos[0].brdy'],
        // 无效的 UTF-8（解码成 U+FFFD）不悄悄改变标识与 jr_id
        ['明细标识含替换字符', bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1].rx_id = 'R\uFFFD3'; }, 'ZR0018', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].rx_id']
    ];
    for (const [name, patch, code, path] of cases) {
        it(name, () => {
            const r = withBadPatient(bad => {
                patch(bad);
                if ((bad as { __replace?: unknown }).__replace) Object.assign(bad, { __replace: undefined });
            });
            expect(r.errors, JSON.stringify(r.errors)).toHaveLength(1);
            expect(r.errors[0]).toMatchObject({ code, path });
            expect(r.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
            if (code !== 'ZR0004' && name !== '患者不是对象') expect(r.errors[0].patn_id).toBe('BAD');
            // 错误带上能读出的标识（问题 17-11）：task_id 与本次就诊（或出错那次就诊）的 mdtrt_id
            expect(r.errors[0].task_id).toBe('T1');
            if (name !== '患者不是对象' && name !== '就诊列表是对象' && !name.startsWith('就诊不是') && !name.startsWith('缺少 mdtrt_id') && !name.startsWith('缺少 fsi_') && !name.startsWith('fsi_encounter_dtos') && !name.startsWith('多次就诊')) {
                expect(r.errors[0].mdtrt_id, name).toMatch(/^E2|NOPE$/);
            }
            expect(r.errors[0].message).not.toMatch(/[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/); // 没有英文句子（如 Maximum BigInt size exceeded）
            // 好患者照常规范化
            expect(r.claims.map(c => c.patient.patn_id)).toEqual(['GOOD']);
            expect(r.claims[0].lines.map(l => l.rx_id)).toEqual(['R1']);
            expect(r.claims[0].patientIndex).toBe(1);
        });
    }

    it('患者本身不是对象', () => {
        const r = normalize(request(['x' as unknown as Json, patient('GOOD', [encounter('E1', [line('R1')])])]));
        expect(r.errors).toEqual([expect.objectContaining({ code: 'ZR0003', path: 'patient_dtos[0]' })]);
        expect(r.claims.map(c => c.patient.patn_id)).toEqual(['GOOD']);
    });

    it('多个坏患者各一条错误，顺序与输入相同', () => {
        const r = normalize(request([
            patient('A', [encounter('E1', [line('R1', { cnt: 'x' })])]),
            patient('B', [encounter('E1', [line('R1')])]),
            patient('C', [encounter('E1', [line('R1', { pric: 'y' })])]),
            { patn_id: 'D' }
        ]));
        expect(r.errors.map(e => [e.patn_id, e.code, e.path])).toEqual([
            ['A', 'ZR0010', 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt'],
            ['C', 'ZR0010', 'patient_dtos[2].fsi_encounter_dtos[0].fsi_order_dtos[0].pric'],
            ['D', 'ZR0005', 'patient_dtos[3].fsi_encounter_dtos']
        ]);
        expect(r.claims.map(c => c.patient.patn_id)).toEqual(['B']);
    });

    it('只有一次就诊时 curr_mdtrt_id 可省略', () => {
        const r = normalize(request([patient('P', [encounter('E1', [line('R1')])], { curr_mdtrt_id: undefined })]));
        expect(r.errors).toEqual([]);
        expect(r.claims[0].encounter.mdtrt_id).toBe('E1');
    });
});

describe('可选字段缺失为空', () => {
    it('最小的患者：只有 patn_id 与一次只有 mdtrt_id 的就诊', () => {
        const r = normalize({ patient_dtos: [{ patn_id: 'P', fsi_encounter_dtos: [{ mdtrt_id: 'E' }] }] });
        expect(r.errors).toEqual([]);
        const c = r.claims[0];
        expect(c.patient).toMatchObject({ patn_id: 'P', patn_name: null, gend: null, gend_code: null, brdy: null, age: null, poolarea: null });
        expect(c.encounter).toMatchObject({
            mdtrt_id: 'E', medins_id: null, adm_date: null, dscg_date: null, los: null, med_type: null, med_category: null,
            insutype: null, insu_category: null, medfee_sumamt: null, is_current: true
        });
        expect(c.lines).toEqual([]);
        expect(c.diagnoses).toEqual([]);
        expect(c.operations).toEqual([]);
        expect(c.history).toEqual([]);
        expect(c.prescriptions).toEqual([]);
    });

    it('最小的明细：缺失的数量、单价、金额、日期', () => {
        const r = normalize({ patient_dtos: [{ patn_id: 'P', fsi_encounter_dtos: [{ mdtrt_id: 'E', fsi_order_dtos: [{ rx_id: 'R' }] }] }] });
        expect(r.errors).toEqual([]);
        expect(r.claims[0].lines[0]).toMatchObject({
            rx_id: 'R', hilist_code: null, cnt: 0, pric: null, sumamt: 0, fee_time: null, fee_date: null, fee_hour: null,
            curr_drord_flag: true, drug_trac_codg: [], prd_days: null, item_category: null, seq: 1
        });
    });

    it('空串与 null 视同缺失；数字与布尔可作文本', () => {
        const r = normalize(request([patient('P', [encounter('E', [line('R', { pric: '', sumamt: null, cnt: 2, hilist_name: '', rxno: 12 })])], { patn_name: '', gend: 1 })]));
        expect(r.errors).toEqual([]);
        const c = r.claims[0];
        expect(c.patient.patn_name).toBeNull();
        expect(c.patient.gend).toBe('男');
        expect(c.lines[0]).toMatchObject({ pric: null, sumamt: 0, hilist_name: null, rxno: '12' });
    });

    it('缺少金额时按 数量 × 单价 计算（精确）', () => {
        const r = normalize(request([patient('P', [encounter('E', [line('R', { cnt: 3, pric: 0.1, sumamt: undefined }), line('S', { cnt: '2.5', pric: '12.345678', sumamt: undefined })])])]));
        expect(r.claims[0].lines.map(l => l.sumamt)).toEqual([300_000, 30_864_195]);
    });

    it('数量 × 单价要舍入时直接舍入到分，只舍入一次（问题 17-10：1.5 × 10.003333 = 15.0049995 → 15.00，不是 15.01）', () => {
        const r = normalize(request([patient('P', [encounter('E', [line('R', { cnt: 1.5, pric: 10.003333, sumamt: undefined })])])]));
        expect(r.claims[0].lines[0].sumamt).toBe(15_000_000);
    });

    it('同一处方的金额合计超出可精确表示的范围：该患者一条错误，不输出漂移的合计', () => {
        const many = Array.from({ length: 1200 }, (_, k) => line(`R${k}`, { rxno: 'X', cnt: 1, pric: 8_999_999_999.99, sumamt: 8_999_999_999.99 }));
        const r = normalize(request([patient('P', [encounter('E', many)])]));
        expect(r.claims).toEqual([]);
        expect(r.errors[0]).toMatchObject({ code: 'ZR0012', patn_id: 'P', mdtrt_id: 'E', task_id: 'T1' });
    });

    it('没有金额、数量 × 单价超出可精确表示的范围：该患者一条错误（不抛异常）', () => {
        const r = withBadPatient(bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1] = line('R3', { cnt: 9e9, pric: 9e9, sumamt: undefined }); });
        expect(r.errors).toEqual([expect.objectContaining({ code: 'ZR0012', path: 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].sumamt', patn_id: 'BAD' })]);
        expect(r.claims.map(c => c.patient.patn_id)).toEqual(['GOOD']);
    });

    it('同一就诊内 rx_id 重复：该患者一条错误 ZR0013，指出两条的位置', () => {
        const r = withBadPatient(bad => { ((bad.fsi_encounter_dtos as Json[])[0].fsi_order_dtos as Json[])[1] = line('R2'); });
        expect(r.errors).toEqual([expect.objectContaining({ code: 'ZR0013', path: 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].rx_id', patn_id: 'BAD' })]);
        expect(r.errors[0]!.message).toContain('fsi_order_dtos[0] 与 [1]');
        expect(r.claims.map(c => c.patient.patn_id)).toEqual(['GOOD']);
    });

    it('编码与字典代码去首尾空白（定长字段），标识原样保留', () => {
        const r = normalize(request([patient('P ', [encounter('E ', [line(' R1', { hilist_code: ' X01 ', hilist_type: '101 ' })])], { gend: ' 2', curr_mdtrt_id: 'E ' })]));
        const c = r.claims[0]!;
        expect(c.patient.patn_id).toBe('P ');
        expect(c.patient.gend).toBe('女');
        expect(c.lines[0]).toMatchObject({ rx_id: ' R1', hilist_code: 'X01', item_category: '西药中成药' });
    });

    it('只有空白的编码与标识视为缺失', () => {
        const r = normalize(request([patient('P', [encounter('E', [line('   ')])])]));
        expect(r.errors).toEqual([expect.objectContaining({ code: 'ZR0009' })]);
    });

    it('数值可以是数字文本', () => {
        const r = normalize(request([patient('P', [encounter('E', [line('R', { cnt: '2', pric: '12.50', sumamt: '25.00' })])])]));
        expect(r.claims[0].lines[0]).toMatchObject({ cnt: 2 * M, pric: 12.5 * M, sumamt: 25 * M });
    });
});

describe('性别', () => {
    for (const [gend, expected] of [['1', '男'], ['2', '女'], ['0', null], ['9', null], ['3', null], ['', null], [null, null], [undefined, null], [2, '女'], [' 1 ', '男']] as const) {
        it(`gend ${JSON.stringify(gend)} → ${expected}`, () => {
            const r = normalize(request([patient('P', [encounter('E')], { gend })]));
            expect(r.claims[0].patient.gend).toBe(expected);
        });
    }
});

describe('日期、住院天数、年龄、计费时间', () => {
    it('当日入出院计 1 天；多日为出院 − 入院；出院日期缺失为空', () => {
        const los = (adm: string, dscg: string | undefined) => normalize(request([patient('P', [encounter('E', [], { adm_date: adm, dscg_date: dscg })])])).claims[0].encounter.los;
        expect(los('2024-03-02 08:10:00', '2024-03-02 20:00:00')).toBe(MINUTES_PER_DAY);
        expect(los('2024-03-02', '2024-03-02')).toBe(MINUTES_PER_DAY);
        expect(los('2024-03-01 23:00', '2024-03-02 01:00')).toBe(MINUTES_PER_DAY);
        expect(los('2024-02-27', '2024-03-01')).toBe(3 * MINUTES_PER_DAY);
        expect(los('2024-03-01', undefined)).toBeNull();
    });

    it('年龄：本次入院日期时的周岁（生日当天满岁）；没有入院日期时取第一条明细的计费日期', () => {
        const age = (brdy: string, adm: string | undefined, lines: Json[] = []) =>
            normalize(request([patient('P', [encounter('E', lines, { adm_date: adm })], { brdy })])).claims[0].patient.age;
        expect(age('2006-03-01', '2024-03-01 08:00')).toBe(18);
        expect(age('2006-03-02', '2024-03-01 08:00')).toBe(17);
        expect(age('2008-02-29', '2026-02-28')).toBe(17);
        expect(age('2008-02-29', '2026-03-01')).toBe(18);
        expect(age('2006-03-02', undefined, [line('R', { drord_begn_date: '2024-03-02 10:00' })])).toBe(18);
        expect(age('2006-03-02', undefined)).toBeNull();
    });

    it('计费时间：fee_ocur_time，缺失取 drord_begn_date，再缺失取入院时间', () => {
        const r = normalize(request([patient('P', [encounter('E', [
            line('A', { fee_ocur_time: '2024-03-03 10:30', drord_begn_date: '2024-03-02 09:00' }),
            line('B', { drord_begn_date: '2024-03-02 09:45' }),
            line('C', { drord_begn_date: undefined })
        ], { adm_date: '2024-03-01 08:20' })])]));
        const byId = Object.fromEntries(r.claims[0].lines.map(l => [l.rx_id, l]));
        expect(byId.A.fee_time).toBe(minute('2024-03-03 10:30'));
        expect(byId.A.fee_date).toBe(day('2024-03-03'));
        expect(byId.A.fee_hour).toBe(minute('2024-03-03 10:00'));
        expect(byId.A.drord_begn_date).toBe(day('2024-03-02'));
        expect(byId.B.fee_time).toBe(minute('2024-03-02 09:45'));
        expect(byId.C.fee_time).toBe(minute('2024-03-01 08:20'));
        // 序号按计费时间
        expect(r.claims[0].lines.map(l => [l.rx_id, l.seq])).toEqual([['C', 1], ['B', 2], ['A', 3]]);
    });
});

describe('本次与历史就诊', () => {
    it('curr_mdtrt_id 所指为本次，其余按入院日期排序为历史；序号跨就诊按计费时间', () => {
        const r = normalize(request([patient('P', [
            encounter('NOW', [line('N1', { drord_begn_date: '2024-03-02 09:00' })], { adm_date: '2024-03-01' }),
            encounter('OLD2', [line('H2', { drord_begn_date: '2024-02-10 09:00' })], { adm_date: '2024-02-10', dscg_date: '2024-02-12' }),
            encounter('OLD1', [line('H1', { drord_begn_date: '2024-01-05 09:00' })], { adm_date: '2024-01-05', dscg_date: '2024-01-06' })
        ], { curr_mdtrt_id: 'NOW' })]));
        const c = r.claims[0];
        expect(c.encounter.mdtrt_id).toBe('NOW');
        expect(c.history.map(e => e.mdtrt_id)).toEqual(['OLD1', 'OLD2']);
        expect(c.history.every(e => !e.is_current)).toBe(true);
        expect(c.lines.map(l => l.rx_id)).toEqual(['N1']);
        expect(c.history_lines.map(l => l.rx_id)).toEqual(['H1', 'H2']);
        expect(c.all_lines.map(l => [l.rx_id, l.seq, l.is_current_encounter, l.mdtrt_id])).toEqual([
            ['H1', 1, false, 'OLD1'], ['H2', 2, false, 'OLD2'], ['N1', 3, true, 'NOW']
        ]);
    });

    it('curr_drord_flag "0" / 0 为既往医嘱，其余（含缺失）为本次计费', () => {
        const r = normalize(request([patient('P', [encounter('E', [
            line('A', { curr_drord_flag: '0' }), line('B', { curr_drord_flag: 0 }), line('C', { curr_drord_flag: '1' }), line('D', { curr_drord_flag: undefined })
        ])])]));
        expect(r.claims[0].lines.map(l => [l.rx_id, l.curr_drord_flag])).toEqual([['A', false], ['B', false], ['C', true], ['D', true]]);
    });

    it('处方：按 rxno 分组，合计净数量与金额', () => {
        const r = normalize(request([patient('P', [encounter('E', [
            line('A', { rxno: 'X', cnt: 2, sumamt: 20 }), line('B', { rxno: 'Y' }), line('C', { rxno: 'X', cnt: 1, sumamt: 5.5 }), line('D', { rxno: undefined })
        ])])]));
        expect(r.claims[0].prescriptions.map(p => [p.key, p.lines.map(l => l.rx_id), p.cnt, p.sumamt])).toEqual([
            ['X', ['A', 'C'], 3 * M, 25.5 * M], ['Y', ['B'], M, 10 * M], [null, ['D'], M, 10 * M]
        ]);
    });
});

describe('退费冲销', () => {
    const lines = (...items: Json[]) => {
        const r = normalize(request([patient('P', [encounter('E', items)])]));
        expect(r.errors).toEqual([]);
        return r.claims[0];
    };

    it('带 init_feedetl_sn 的退费冲销所指原明细（部分退费保留净额）', () => {
        const c = lines(
            line('A', { feedetl_sn: 'F1', cnt: 3, pric: 10, sumamt: 30 }),
            line('B', { feedetl_sn: 'F2', cnt: 3, pric: 10, sumamt: 30 }),
            line('A-', { feedetl_sn: 'F3', init_feedetl_sn: 'F2', cnt: -1, pric: 10, sumamt: -10, drord_begn_date: '2024-03-04' })
        );
        expect(c.lines.map(l => [l.rx_id, l.cnt / M, l.sumamt / M, l.raw_cnt / M])).toEqual([['A', 3, 30, 3], ['B', 2, 20, 3]]);
        expect(c.notes).toEqual([]);
    });

    it('全部退掉的明细与退费本身都不再审核', () => {
        const c = lines(
            line('A', { feedetl_sn: 'F1', cnt: 2, sumamt: 20 }),
            line('R', { init_feedetl_sn: 'F1', cnt: -2, sumamt: -20 }),
            line('B', { cnt: 1 })
        );
        expect(c.lines.map(l => l.rx_id)).toEqual(['B']);
        expect(c.all_lines.map(l => l.rx_id)).toEqual(['B']);
    });

    it('没有 init_feedetl_sn：冲销同一编码中计费时间不晚于退费的最近一条', () => {
        const c = lines(
            line('A1', { hilist_code: 'X', cnt: 2, sumamt: 20, drord_begn_date: '2024-03-01 09:00' }),
            line('A2', { hilist_code: 'X', cnt: 2, sumamt: 20, drord_begn_date: '2024-03-02 09:00' }),
            line('A3', { hilist_code: 'X', cnt: 2, sumamt: 20, drord_begn_date: '2024-03-04 09:00' }),
            line('B1', { hilist_code: 'Y', cnt: 2, sumamt: 20, drord_begn_date: '2024-03-02 10:00' }),
            line('R', { hilist_code: 'X', cnt: -1, sumamt: -10, drord_begn_date: '2024-03-03 09:00' })
        );
        expect(c.lines.map(l => [l.rx_id, l.cnt / M, l.sumamt / M])).toEqual([['A1', 2, 20], ['A2', 1, 10], ['B1', 2, 20], ['A3', 2, 20]]);
    });

    it('找不到原明细的退费：忽略并留下提示', () => {
        const c = lines(
            line('A', { hilist_code: 'X', cnt: 2, sumamt: 20, drord_begn_date: '2024-03-05' }),
            line('R', { hilist_code: 'X', hilist_name: '某药', cnt: -1, sumamt: -10, drord_begn_date: '2024-03-03' }),
            line('S', { hilist_code: 'Z', init_feedetl_sn: 'NOPE', cnt: -1, sumamt: -10 })
        );
        expect(c.lines.map(l => [l.rx_id, l.cnt / M])).toEqual([['A', 2]]);
        expect(c.notes).toHaveLength(2);
        expect(c.notes[0]).toContain('R');
        expect(c.notes[0]).toContain('某药');
        expect(c.notes[1]).toContain('S');
    });

    it('多次退费累计；退到负数的原明细也移除', () => {
        const c = lines(
            line('A', { feedetl_sn: 'F1', cnt: 3, sumamt: 30 }),
            line('R1', { init_feedetl_sn: 'F1', cnt: -1, sumamt: -10 }),
            line('R2', { init_feedetl_sn: 'F1', cnt: -1, sumamt: -10 })
        );
        expect(c.lines.map(l => [l.rx_id, l.cnt / M, l.sumamt / M])).toEqual([['A', 1, 10]]);
        const d = lines(
            line('A', { feedetl_sn: 'F1', cnt: 1, sumamt: 10 }),
            line('R1', { init_feedetl_sn: 'F1', cnt: -2, sumamt: -20 })
        );
        expect(d.lines).toEqual([]);
        // 超出的部分不悄悄丢掉（问题 17-8）：留下提示，写明退费与原明细的数量
        expect(d.notes).toHaveLength(1);
        expect(d.notes[0]).toMatch(/R1.*超过原明细 A/);
    });

    it('init_feedetl_sn 指向不存在的明细：不去冲销同编码的其他明细（违规不会因此消失），留下提示', () => {
        const c = lines(
            line('A', { hilist_code: 'X', feedetl_sn: 'F1', cnt: 2, sumamt: 20, drord_begn_date: '2024-03-01' }),
            line('R', { hilist_code: 'X', init_feedetl_sn: 'F9', cnt: -2, sumamt: -20, drord_begn_date: '2024-03-03' })
        );
        expect(c.lines.map(l => [l.rx_id, l.cnt / M, l.sumamt / M])).toEqual([['A', 2, 20]]);
        expect(c.notes).toHaveLength(1);
        expect(c.notes[0]).toMatch(/init_feedetl_sn「F9」/);
    });

    it('退费净额后按处方合计', () => {
        const c = lines(
            line('A', { rxno: 'X', feedetl_sn: 'F1', cnt: 3, sumamt: 30 }),
            line('R', { rxno: 'X', init_feedetl_sn: 'F1', cnt: -1, sumamt: -10 })
        );
        expect(c.prescriptions.map(p => [p.key, p.cnt / M, p.sumamt / M])).toEqual([['X', 2, 20]]);
    });
});

describe('其他字段', () => {
    it('追溯码：数组或分隔的文本', () => {
        const c = normalize(request([patient('P', [encounter('E', [
            line('A', { drug_trac_codg: ['T1', '', 'T2'] }), line('B', { drug_trac_codg: 'T1,T2；T3 T4' }), line('C', { drug_trac_codg: 5 })
        ])])])).claims[0];
        expect(c.lines.map(l => l.drug_trac_codg)).toEqual([['T1', 'T2'], ['T1', 'T2', 'T3', 'T4'], []]);
    });

    it('用药天数 prd_days → 时长；项目类别、就医类别、险种类别经字典', () => {
        const c = normalize(request([patient('P', [encounter('E', [line('A', { prd_days: 7, hilist_type: '101' }), line('B', { hilist_type: '999' })], { med_type: '11', insutype: '390' })])])).claims[0];
        expect(c.lines[0].prd_days).toBe(7 * MINUTES_PER_DAY);
        expect(c.lines[0].item_category).toBe('西药中成药');
        expect(c.encounter.med_category).toBe('门诊');
        expect(c.encounter.insu_category).toBe('居民医保');
    });

    it('按机构等级取项目限价', () => {
        const lineWithCaps = line('A', { lv1_hosp_item_pric: 1, lv2_hosp_item_pric: 2, lv3_hosp_item_pric: 3 });
        const cap = (lv: string) => normalize(request([patient('P', [encounter('E', [lineWithCaps], { medins_lv: lv })])])).claims[0].lines[0].price_cap;
        expect(cap('10')).toBe(1 * M); // 一级丙等
        expect(cap('05')).toBe(2 * M); // 二级甲等
        expect(cap('02')).toBe(3 * M); // 三级甲等
        expect(cap('11')).toBeNull();  // 无等级
    });

    it('诊断与手术', () => {
        const c = normalize(request([patient('P', [encounter('E', [], {
            fsi_diagnose_dtos: [{ dise_id: 'D1', dise_codg: 'A01.000x005+J17.0*', dise_name: '伤寒肺炎', maindise_flag: '1', dias_srt_no: '1', dise_date: '2024-03-01' }],
            fsi_operation_dtos: [{ setl_list_oprn_id: 'O1', oprn_code: '36.0601', main_oprn_flag: 1, oprn_date: '2024-03-02' }]
        })])])).claims[0];
        expect(c.diagnoses[0]).toMatchObject({ dise_codg: 'A01.000x005+J17.0*', maindise_flag: true, dias_srt_no: M, dise_date: daysFromCivil(2024, 3, 1), mdtrt_id: 'E' });
        expect(c.operations[0]).toMatchObject({ oprn_code: '36.0601', main_oprn_flag: true, oprn_date: daysFromCivil(2024, 3, 2), mdtrt_id: 'E' });
    });

    it('编码从不因长度或格式被拒绝', () => {
        const codes = ['XN05CCS273S003010101587', 'ZA01AAX0256010100839', '001103000010000', 'C01010101001000000000000000', 'T000700200', 'I10.x00x002', 'A01.000x005+J17.0*', 'HOSP-本院-001', 'x'];
        const c = normalize(request([patient('P', [encounter('E', codes.map((code, i) => line(`R${i}`, { hilist_code: code })))])]));
        expect(c.errors).toEqual([]);
        expect(c.claims[0].lines.map(l => l.hilist_code)).toEqual(codes);
    });
});

describe('groupLines', () => {
    it('保持首次出现的顺序；键为空的明细各自成组', () => {
        const c = normalize(request([patient('P', [encounter('E', [line('A', { grpno: 'G1' }), line('B'), line('C', { grpno: 'G1' }), line('D')])])])).claims[0];
        const groups = groupLines(c.lines, l => l.grpno);
        expect(groups.map(g => [g.key, g.lines.map(l => l.rx_id), g.first.rx_id])).toEqual([['G1', ['A', 'C'], 'A'], [null, ['B'], 'B'], [null, ['D'], 'D']]);
    });
});

describe('明细字段的读取计划', () => {
    it('没有列表：解析全部可选字段；有列表：只解析列出的', () => {
        expect(Object.values(linePlan(undefined)).every(Boolean)).toBe(true);
        const plan = linePlan(['spec', 'hilist_code', '不认识的']);
        expect(Object.entries(plan).filter(([, on]) => on).map(([k]) => k)).toEqual(['spec']);
        expect(Object.keys(plan)).toEqual([...OPTIONAL_LINE_FIELDS]);
    });

    it('不在计划里的字段不存在（读取为空）、不校验；核心字段照常', () => {
        const input = request([patient('P', [encounter('E', [line('R', { spec: '10mg', hilist_type: '101', drord_stop_date: '坏日期', drug_trac_codg: ['T1'], long_drord_flag: '1' })])])]);
        const r = normalizeRequest(input, dictionaries, linePlan(['spec']));
        expect(r.errors).toEqual([]);
        const normalized = r.claims[0]!.lines[0]!;
        expect(normalized).toMatchObject({ rx_id: 'R', spec: '10mg', hilist_code: expect.any(String), sumamt: expect.any(Number) });
        for (const absent of OPTIONAL_LINE_FIELDS.filter(f => f !== 'spec')) expect(normalized).not.toHaveProperty(absent);
        // 同一计划下每条明细的属性顺序相同（对象形状一致）
        const two = normalizeRequest(request([patient('P', [encounter('E', [line('A'), line('B', { spec: 'x' })])])]), dictionaries, linePlan(['spec']));
        expect(Object.keys(two.claims[0]!.lines[0]!)).toEqual(Object.keys(two.claims[0]!.lines[1]!));
        const full = normalizeRequest(input, dictionaries);
        expect(full.errors).toEqual([expect.objectContaining({ code: 'ZR0011' })]);
    });
});

describe('来源的读取计划', () => {
    const none = sourcePlan([]);
    const norm = (input: unknown, plan = none) => normalizeRequest(input, dictionaries, FULL_LINE_PLAN, plan);

    it('没有列表：全部来源；有列表：只建列出的；用到筛查集合时总有历史', () => {
        expect(sourcePlan(undefined)).toEqual(FULL_SOURCE_PLAN);
        expect(Object.keys(FULL_SOURCE_PLAN)).toEqual([...OPTIONAL_SOURCES]);
        expect(sourcePlan(['diagnoses', 'lines', '不认识的'])).toEqual({ history: false, diagnoses: true, operations: false, prescriptions: false });
        expect(sourcePlan([], true).history).toBe(true);
    });

    it('不读历史：历史就诊不规范化、格式错误不拒绝；本次明细的相对次序与全部规范化相同', () => {
        const input = request([patient('P', [
            encounter('CUR', [line('B', { fee_ocur_time: '2024-03-02 10:00' }), line('A', { fee_ocur_time: '2024-03-02 09:00' })]),
            encounter('OLD', [line('H', { fee_ocur_time: '2024-03-02 09:30', cnt: 'abc' })], { adm_date: '坏日期' })
        ])]);
        expect(normalize(input).errors).toEqual([expect.objectContaining({ code: 'ZR0011', mdtrt_id: 'OLD' })]);
        const c = norm(input).claims[0]!;
        expect(norm(input).errors).toEqual([]);
        expect([c.history, c.history_lines]).toEqual([[], []]);
        expect(c.all_lines).toBe(c.lines);
        expect(c.lines.map(l => l.rx_id)).toEqual(['A', 'B']);
        // 读历史时照常校验
        expect(norm(input, sourcePlan(['history'])).errors).toEqual(normalize(input).errors);
    });

    it('不读历史：可能含退费的历史就诊照常规范化，提示与全部规范化相同；它格式错误时不拒绝、不写提示', () => {
        const refund = (extra: Json = {}) => encounter('OLD', [line('H1', { cnt: 2, sumamt: 20 }), line('H2', { cnt: '-1', sumamt: -10, init_feedetl_sn: '没有这条' }), line('H3', extra)]);
        const input = (old: Json) => request([patient('P', [encounter('CUR', [line('A')]), old])]);
        const full = normalize(input(refund())).claims[0]!.notes;
        expect(full).toEqual([expect.stringMatching(/init_feedetl_sn「没有这条」/)]);
        expect(norm(input(refund())).claims[0]!.notes).toEqual(full);
        const broken = input(refund({ drord_stop_date: 1, pric: '坏数字' }));
        expect(normalize(broken).errors).toEqual([expect.objectContaining({ code: 'ZR0010' })]);
        expect(norm(broken).errors).toEqual([]);
        expect(norm(broken).claims[0]!.notes).toEqual([]);
    });

    it('不读诊断 / 手术 / 处方：为空、不校验', () => {
        const input = request([patient('P', [encounter('CUR', [line('A'), line('B')], {
            fsi_diagnose_dtos: [{ dise_codg: 'J01', dise_date: '坏日期' }], fsi_operation_dtos: 'x'
        })])]);
        expect(normalize(input).errors.map(e => e.code)).toEqual(['ZR0011']);
        const r = norm(input);
        expect(r.errors).toEqual([]);
        expect([r.claims[0]!.diagnoses, r.claims[0]!.operations, r.claims[0]!.prescriptions]).toEqual([[], [], []]);
        const some = norm(request([patient('P', [encounter('CUR', [line('A'), line('B')])])]), sourcePlan(['prescriptions'])).claims[0]!;
        expect(some.prescriptions.map(p => p.lines.map(l => l.rx_id))).toEqual([['A', 'B']]);
        expect(norm(input, sourcePlan(['diagnoses'])).errors.map(e => e.code)).toEqual(['ZR0011']);
        expect(norm(input, sourcePlan(['operations'])).errors.map(e => e.code)).toEqual(['ZR0014']);
    });
});

describe('退费冲销的代价是线性的（问题 17-7）', () => {
    const claim = (n: number) => request([patient('P', [encounter('E', Array.from({ length: n }, (_, i) => i % 2 === 0
        ? line(`R${i}`, { hilist_code: `C${i % 7}`, cnt: 2, sumamt: 20, fee_ocur_time: `2024-03-02 ${String(8 + (i % 10)).padStart(2, '0')}:00` })
        : line(`R${i}`, { hilist_code: `C${i % 7}`, cnt: -1, sumamt: -10, fee_ocur_time: '2024-03-02 23:00' })))])]);

    it('4 倍的明细（一半是没有 init_feedetl_sn 的退费）用时不到 10 倍（曾是平方：2 万条 17 秒）', () => {
        const small = claim(3_000);
        const large = claim(12_000);
        const time = (input: unknown) => { const t = performance.now(); normalize(input); return performance.now() - t; };
        time(small);
        const a: number[] = [];
        const b: number[] = [];
        for (let k = 0; k < 3; k++) { a.push(time(small)); b.push(time(large)); }
        const median = (xs: number[]) => xs.sort((x, y) => x - y)[1];
        expect(median(b) / median(a)).toBeLessThan(10);
        // 结果与逐条扫描相同：每条退费冲销同编码、不晚于它的最近一条
        const c = normalize(claim(14)).claims[0];
        // R1(C1)→R8、R3(C3)→R10、R5(C5)→R12、R7(C0)→R0、R9(C2)→R2、R11(C4)→R4、R13(C6)→R6：每条正向明细各退 1
        expect(c.lines.map(l => [l.rx_id, l.cnt / M]).sort()).toEqual([['R0', 1], ['R10', 1], ['R12', 1], ['R2', 1], ['R4', 1], ['R6', 1], ['R8', 1]]);
    });
});
