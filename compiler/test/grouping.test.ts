/**
 * 按键分组（semantics.ts E2）：键按值比较——集合值的键（追溯码）按元素、多个键按各分量，不按对象身份；
 * 多个键时 {g.键} 按各键的类型显示（日期不写成日序号、不写出内部数组）；单个日期键在解释的摘要里显示为日期。两个后端逐字节相同。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, evaluateBoth } from './helpers.js';
import type { Backends } from './helpers.js';

const RULES = `
规则 G_SET "同一追溯码" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每组 明细 g 按 追溯码
    当 计数(g.明细) >= 2
    违规 g.明细
    提示 "追溯码 {g.键}：{计数(g.明细)} 条"
}

规则 G_MULTI "同一编码同日" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每组 明细 g 按 编码, 日期
    当 计数(g.明细) >= 2
    违规 g.明细
    提示 "{g.键}：{计数(g.明细)} 条"
}

规则 G_DATE "同日" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每组 明细 g 按 日期
    当 计数(g.明细) >= 5
    违规 g.明细
}
`;

const line = (rx: string, code: string, time: string, trace?: string[]) => ({
    rx_id: rx, hilist_code: code, hilist_name: code, cnt: 1, pric: 10, sumamt: 10, fee_ocur_time: time, ...(trace ? { drug_trac_codg: trace } : {})
});

const claim = {
    patient_dtos: [{ patn_id: 'P1', curr_mdtrt_id: 'M1', fsi_encounter_dtos: [{ mdtrt_id: 'M1', adm_date: '2026-08-20', fsi_order_dtos: [
        line('a', 'YYC01', '2026-08-20 08:00', ['T1', 'T2']),
        line('b', 'YYC02', '2026-08-20 09:00', ['T2', 'T1']),
        line('c', 'YYC01', '2026-08-20 10:00', ['T3']),
        line('d', 'YYC03', '2026-08-20 11:00', []),
        line('e', 'YYC03', '2026-08-20 12:00', [])
    ] }] }]
};

describe('按键分组', () => {
    let backends: Backends;
    beforeAll(async () => { backends = await bothBackends(RULES); });

    it('集合值的键按元素分组（两条明细的追溯码相同即同组；空集合不成组）', () => {
        const out = evaluateBoth(backends, claim);
        const set = out.response.result.filter(r => r.rule_id === 'G_SET');
        expect(set.map(r => r.judge_result_detail_dtos.map(d => d.rx_id))).toEqual([['a', 'b']]);
        expect(set[0].vola_cont).toBe('追溯码 T1、T2：2 条');
    });

    it('多个键：按各分量分组，{g.键} 按类型显示', () => {
        const out = evaluateBoth(backends, claim);
        const multi = out.response.result.filter(r => r.rule_id === 'G_MULTI');
        expect(multi.map(r => r.vola_cont)).toEqual(['YYC01、2026-08-20：2 条', 'YYC03、2026-08-20：2 条']);
    });

    it('日期键在解释的摘要里显示为日期', () => {
        const out = evaluateBoth(backends, claim, { explain: true });
        const date = out.response.result.find(r => r.rule_id === 'G_DATE');
        expect(date?.zhishen?.explanation?.summary).toBe('规则 G_DATE 对分组「2026-08-20」成立');
    });
});
