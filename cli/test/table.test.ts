import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '@zhishen/runtime';
import { renderTable } from '../src/commands/run.js';

const long = '「注射用头孢曲松钠（罗氏芬）」限二线使用，本次就诊的诊断中没有相符的适应症诊断，请核对病历中的细菌培养与药敏结果';

function finding(extra: Partial<JudgeResult['zhishen']> = {}): JudgeResult {
    return {
        jr_id: 'J1', rule_id: 'R1', rule_name: '限二线', vola_cont: long, patn_id: 'P', mdtrt_id: 'M', vola_amt: 0, vola_amt_stas: '1',
        sev_deg: '3', vola_evid: '依据原文', vola_bhvr_type: '',
        judge_result_detail_dtos: [{ jrd_id: 'J1-1', patn_id: 'P', mdtrt_id: 'M', rx_id: 'r1', vola_item_type: '1', vola_amt: 0 }],
        zhishen: {
            source: { file: 'a.zs', line: 3, column: 1 }, level: '轻度可疑', phases: ['事后'], category: null, rule_amt: 25,
            explanation: { summary: '规则 R1 对明细 r1 成立', params: [], steps: [{ kind: 'when', text: '不 符合', line: 9, column: 3, endLine: 9, endColumn: 9, result: true, values: [{ expr: '诊断', value: 'E10.900' }] }] },
            ...extra
        }
    };
}

describe('renderTable', () => {
    it('信息列不截断；金额列写出本规则金额', () => {
        const text = renderTable([{ task_id: null, result: [finding()] }]);
        expect(text).toContain(long);
        expect(text).toContain('0.00（本规则 25.00）');
        expect(text).not.toContain('规则 R1 对明细 r1 成立');
    });

    it('explain：每条结果下面是它的解释（步骤与看到的值）', () => {
        const text = renderTable([{ task_id: null, result: [finding()] }], { explain: true });
        expect(text).toContain('规则 R1 对明细 r1 成立');
        expect(text).toContain('当 不 符合');
        expect(text).toContain('诊断 = E10.900');
    });
});
