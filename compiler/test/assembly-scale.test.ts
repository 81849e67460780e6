/**
 * 结果组装的代价与结果数成正比（问题 17-7）：规则包读到筛查集合时（单个请求也一样，集合就是请求本身），
 * 每条结果要判断违规明细是不是被审核的这张理赔的。曾经逐条结果在理赔的明细数组里查找（includes / new Set），
 * 一张 32,000 条明细、5 万条结果的理赔有一半时间花在这里。现在每张理赔建一次明细集合。
 *
 * 不计时：把规范化之后理赔的明细数组换成数读取次数的代理，明细数翻倍时读取次数也只能约翻倍。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, Population } from '../../runtime/src/index.js';
import type { NLine } from '../../runtime/src/claim/types.js';
import { compileText, loadGenerated } from './helpers.js';
import type { RulePack } from '../../runtime/src/index.js';

const CLAIM = fileURLToPath(new URL('../../stdlib-rules/claims/03-卫生院门诊.json', import.meta.url));

const RULES = `
规则 LINE1 "每条明细" {
  分类 药品政策限定类
  级别 明确违规
  依据 「测试」
  环节 事后
  对每条 明细 m 其中 数量 > 0
    违规 m
}
规则 GROUP1 "每组明细" {
  分类 药品政策限定类
  级别 明确违规
  依据 「测试」
  环节 事后
  对每组 明细 p 按 编码
    违规 p.明细
}
规则 POP1 "读筛查集合" {
  分类 药品政策限定类
  级别 明确违规
  依据 「测试」
  环节 事后
  对每条 明细 m
    令 别处 = 全体明细 其中 就诊号 ≠ m.就诊号
    当 存在(别处)
    违规 m
}
`;

let pack: RulePack;
beforeAll(async () => {
    pack = await loadGenerated(await compileText(RULES));
}, 60_000);

function claimWith(n: number): unknown {
    const claim = JSON.parse(readFileSync(CLAIM, 'utf8'));
    const encounter = claim.patient_dtos[0].fsi_encounter_dtos[0];
    const template = encounter.fsi_order_dtos as Array<Record<string, unknown>>;
    encounter.fsi_order_dtos = Array.from({ length: n }, (_, i) => ({
        ...template[i % template.length], rx_id: `R${i}`, feedetl_sn: `F${i}`,
        // 一半的明细各自一个编码：分组规则的结果数随明细数增长
        ...(i % 2 === 0 ? { hilist_code: `X${i}` } : {})
    }));
    return claim;
}

/** 审核一张 n 条明细的理赔，返回结果数与理赔明细数组被按下标读取的次数。 */
function run(n: number): { findings: number; reads: number } {
    const engine = createEngine(pack);
    const request = engine.normalize(claimWith(n));
    const claim = request.claims[0];
    let reads = 0;
    const lines = claim.lines;
    (claim as { lines: NLine[] }).lines = new Proxy(lines, {
        get(target, key, receiver) {
            if (typeof key === 'string' && key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) reads++;
            return Reflect.get(target, key, receiver);
        }
    });
    const population = new Population();
    population.add(claim);
    const output = engine.evaluateRequest(request, population);
    return { findings: output.response.result.length, reads };
}

describe('结果组装随明细数线性', () => {
    it('明细数翻倍，结果数翻倍，理赔明细的读取次数约翻倍（逐条结果查找时是 4 倍）', () => {
        const small = run(400);
        const large = run(800);
        expect(small.findings).toBeGreaterThan(400);
        expect(large.findings / small.findings).toBeGreaterThan(1.9);
        expect(large.reads / small.reads).toBeLessThan(2.5);
    });
});
