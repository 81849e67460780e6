/**
 * 明细字段的读取计划：编译器把规则读到的明细可选字段写进 manifest.lineFields，运行时只解析与校验这些字段。
 * 规则包不读的字段格式错误不会拒绝理赔；读到的照常报告；两个后端结果相同。
 */
import { describe, expect, it } from 'vitest';
import { OPTIONAL_LINE_FIELDS } from '@zhishen/runtime';
import { bothBackends, evaluateBoth } from './helpers.js';

const rule = (id: string, body: string) => `
规则 ${id} "读取计划" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 属于 { "A" }
${body}
    违规 m
}
`;

function claim(order: Record<string, unknown>) {
    return {
        patient_dtos: [{
            patn_id: 'P1', curr_mdtrt_id: 'M1',
            fsi_encounter_dtos: [{ mdtrt_id: 'M1', adm_date: '2024-03-01', medins_lv: '05', fsi_order_dtos: [{ rx_id: 'a', hilist_code: 'A', cnt: 1, pric: 5, sumamt: 5, ...order }] }]
        }]
    };
}

describe('manifest.lineFields', () => {
    it('只列出规则读到的可选字段（字段访问、提示插值、聚合的参数）', async () => {
        const { compiled } = await bothBackends(rule('R1', `    当 m.停止日期 > m.开始日期 且 求和(明细, 金额) > 0元 且 去重计数(明细, 规格) > 0
    提示 "剂型 {m.剂型}"`));
        expect(compiled.manifest.lineFields).toEqual(['hilist_dosform', 'spec', 'drord_begn_date', 'drord_stop_date']);
    });

    it('只读核心字段的规则：没有可选字段', async () => {
        const { compiled } = await bothBackends(rule('R2', '    当 m.金额 > 1元 且 m.数量 >= 1'));
        expect(compiled.manifest.lineFields).toEqual([]);
    });

    it('限价要求解析限价，但不要求解析三个等级价本身', async () => {
        const { compiled } = await bothBackends(rule('R3', '    当 m.单价 > m.限价'));
        expect(compiled.manifest.lineFields).toEqual(['price_cap']);
    });

    it('列出的都是运行时认识的可选字段名', async () => {
        const { compiled } = await bothBackends(rule('R4', '    当 m.用药天数 > 7天 且 m.项目类别 = 西药中成药'));
        const fields = compiled.manifest.lineFields!;
        expect(fields).toEqual(['item_category', 'prd_days']);
        expect(fields.filter(f => !(OPTIONAL_LINE_FIELDS as readonly string[]).includes(f))).toEqual([]);
    });
});

describe('按计划规范化', () => {
    it('规则不读的字段格式错误：理赔照常审核', async () => {
        const backends = await bothBackends(rule('R5', '    当 m.金额 > 1元'));
        const out = evaluateBoth(backends, claim({ drord_stop_date: '不是日期', lv2_hosp_item_pric: 'abc' }));
        expect(out.errors).toEqual([]);
        expect(out.response.result.map(r => r.rule_id)).toEqual(['R5']);
    });

    it('规则读到的字段格式错误：该患者一条错误，写明字段', async () => {
        const backends = await bothBackends(rule('R6', '    当 m.停止日期 < 2024-03-05'));
        const out = evaluateBoth(backends, claim({ drord_stop_date: '不是日期' }));
        expect(out.response.result).toEqual([]);
        expect(out.errors).toEqual([expect.objectContaining({ code: 'ZR0011', path: 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].drord_stop_date' })]);
    });

    it('限价按机构等级取对应的等级价（二级机构取 lv2）', async () => {
        const backends = await bothBackends(rule('R7', '    当 m.单价 > m.限价'));
        const out = evaluateBoth(backends, claim({ lv1_hosp_item_pric: 9, lv2_hosp_item_pric: 4, lv3_hosp_item_pric: 9 }));
        expect(out.response.result.map(r => r.rule_id)).toEqual(['R7']);
    });

    it('计费时间缺失时仍用医嘱开始时间补（即使规则不读开始日期）', async () => {
        const backends = await bothBackends(rule('R8', '    当 m.日期 = 2024-03-03'));
        const out = evaluateBoth(backends, claim({ drord_begn_date: '2024-03-03 09:00:00' }));
        expect(out.response.result.map(r => r.rule_id)).toEqual(['R8']);
    });
});
