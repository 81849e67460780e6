/**
 * 解释：写明作用域（属于 与 其中 的筛选条件，选中这个元素的是哪一句），部署配置覆盖的阈值带单位。两个后端逐字节相同。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '@zhishen/runtime';
import { bothBackends, evaluateBoth } from './helpers.js';
import type { Backends } from './helpers.js';

const RULES = `
规则 X_SCOPE "数量超过上限" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  参数 上限 = 2次
  对每条 明细 m 属于 { "A" } 其中 m.数量 > 上限
    当 m.金额 > 0元
    违规 m
}
`;

const claim = {
    patient_dtos: [{ patn_id: 'P1', curr_mdtrt_id: 'M1', fsi_encounter_dtos: [{ mdtrt_id: 'M1', adm_date: '2024-03-01', fsi_order_dtos: [
        { rx_id: 'a', hilist_code: 'A', cnt: 5, pric: 1, sumamt: 5, fee_ocur_time: '2024-03-01 08:00' }
    ] }] }]
};

describe('解释', () => {
    let backends: Backends;
    beforeAll(async () => { backends = await bothBackends(RULES); });

    it('写明作用域子句（含 其中 的筛选条件）', () => {
        const out = evaluateBoth(backends, claim, { explain: true });
        expect(out.response.result[0].zhishen?.explanation?.scope).toBe('对每条 明细 m 属于 { "A" } 其中 m.数量 > 上限');
    });

    it('部署配置覆盖的数量阈值显示带单位', () => {
        const { config, errors } = validateConfig({ 参数: { X_SCOPE: { 上限: '3次' } } }, backends.compiled.manifest);
        expect(errors).toEqual([]);
        const out = evaluateBoth(backends, claim, { explain: true, config });
        expect(out.response.result[0].zhishen?.explanation?.params).toEqual([{ name: '上限', value: '3次' }]);
    });
});
