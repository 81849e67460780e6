/**
 * 「用户文本不成为 SQL」：把 SQL 载荷放进规则作者能写的文本（参数值、代码集编码、比较的常量、提示、依据）与理赔数据（名称、编码），
 * 在理赔库上筛查，断言：生成的 SQL 文本里没有载荷（它们只作绑定参数或数据表里的值）；结果与 JS 规则包逐字节相同、载荷原样出现；
 * 筛查之后库里的表完好。
 */
import { describe, expect, it } from 'vitest';
import { bothBackends } from '../../compiler/test/helpers.js';
import { compareOnStore } from './compare.js';

const PAYLOADS: Array<[string, string]> = [
    ['单引号闭合后删表', "x'; DROP TABLE claims; --"],
    ['双引号标识符', 'a" OR 1=1 --'],
    ['绑定参数占位符', '$1 $2 ?'],
    ['注释', '*/ SELECT 1; /*'],
    ['反斜杠与转义', "\\' \\x27 E'\\''"],
    ['LIKE 通配符', '%_%'],
    ['分号与换行', 'a;\nDELETE FROM lines;\r\nb'],
    ['美元引号', '$$ DROP TABLE lines $$'],
    ['中文引号与花括号', '“」{}']
];

function quoted(text: string): string {
    return '"' + text.replace(/[\\"“”{}]/g, c => '\\' + c).replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}

function rules(p: string): string {
    return `
参数 关键词 = ${quoted(p)}
代码集 注入码 = { ${quoted('码' + p)} }

规则 R1 "注入" {
  分类 测试
  级别 提醒
  环节 事后
  依据 ${quoted('依据' + p)}
  对每条 明细 m 其中 m.名称 = 关键词 或 m.编码 属于 注入码 或 m.名称 = ${quoted(p + '!')}
    违规 m
    提示 "「{m.名称}」${quoted(p).slice(1, -1)}{关键词}"
    依据 ${quoted('命中' + p)}
}`;
}

function request(p: string): unknown {
    const line = (rx: string, code: string, name: string) => ({ rx_id: rx, hilist_code: code, hilist_name: name, cnt: 1, pric: 10, sumamt: 10, fee_ocur_time: '2024-03-01 09:00:00' });
    return {
        task_id: `T${p}`,
        patient_dtos: [{
            patn_id: `P${p}`, gend: '1', brdy: '1980-01-01', curr_mdtrt_id: 'M1',
            fsi_encounter_dtos: [{
                mdtrt_id: 'M1', medins_id: 'H1', adm_date: '2024-03-01', med_type: '11',
                fsi_order_dtos: [line('L1', 'C1', p), line('L2', '码' + p, '正常名称'), line('L3', 'C3', p + '!'), line('L4', 'C4', '无关')]
            }]
        }]
    };
}

describe('SQL 后端：用户文本不成为 SQL', () => {
    for (const [name, payload] of PAYLOADS) {
        it(name, async () => {
            const backends = await bothBackends(rules(payload));
            const result = await compareOnStore(backends.output.ir!, backends.compiled, [request(payload)]);
            expect(result.screen.unsupported).toEqual([]);
            for (const plan of result.screen.program.rules) {
                expect(plan.sql).not.toContain(payload);
                expect(plan.params).toContain(payload);
            }
            for (const sql of result.screen.program.setup) expect(sql).not.toContain(payload);
            expect(result.mismatches).toEqual([]);
            const findings = result.screen.requests.flatMap(r => r.result);
            expect(findings.map(f => f.judge_result_detail_dtos[0].rx_id)).toEqual(['L1', 'L2', 'L3']);
            expect(findings[0].vola_cont).toBe(`「${payload}」${payload}${payload}`);
            expect(findings[0].vola_evid).toContain(payload);
            expect(result.screen.requests[0].task_id).toBe(`T${payload}`);
            expect([result.info.requests, result.info.claims, result.info.lines]).toEqual([1, 1, 4]);
        });
    }
});
