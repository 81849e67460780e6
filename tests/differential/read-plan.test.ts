/**
 * 读取计划的差分测试：规则包只规范化它读到的来源（历史就诊、诊断、手术操作，manifest.sources）与明细可选字段
 * （manifest.lineFields）。对同一个规则包，按计划规范化（“按需”）与全部规范化（去掉两张表的 manifest，与旧版规则包相同）：
 *   1. 生成的理赔上输出逐字节相同（结果、jr_id、错误、退费提示 notes）；
 *   2. 敌意输入：在某一块来源里放进格式错误的值——
 *      规则包读到这块：按需与全部规范化的输出逐字节相同（同一条错误：编码、路径、信息）；
 *      规则包不读这块：按需的输出与“全部规范化、但删掉这块”的输出逐字节相同（不拒绝，也不影响任何结果）。
 * 两个后端（生成的规则包、参照解释器）都测。种子可用 ZHISHEN_SEED 复现。
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '@zhishen/runtime';
import type { RulePack } from '@zhishen/runtime';
import { bothBackends } from '../../compiler/test/helpers.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';

const SEED = seedFromEnv(20261203);
const REQUESTS = Number(process.env.ZHISHEN_DIFF_CLAIMS ?? 300);

const header = (id: string) => `规则 ${id} "读取计划 ${id}" {\n  分类 测试\n  级别 提醒\n  环节 事后\n  依据 「测试」\n`;
const PACKS: Record<string, { source: string; sources: string[] }> = {
    本次明细: { source: `${header('RP1')}  对每条 明细 m 属于 { "A1", "A2" }\n    当 m.金额 > 1元\n    违规 m\n    提示 "{m.名称}"\n}\n`, sources: [] },
    诊断: {
        source: `代码集 测试诊断: 诊断 = { "J00" 至 "J99" }\n${header('RP2')}  对每个 诊断 x\n    当 x.编码 属于 测试诊断\n    违规 x\n}\n`,
        sources: ['diagnoses']
    },
    就诊的诊断: { source: `${header('RP3')}  当 计数(就诊.诊断) >= 2\n  违规 就诊\n}\n`, sources: ['diagnoses'] },
    手术: { source: `${header('RP4')}  对每个 手术 o\n    当 o.是否主手术\n    违规 o\n}\n`, sources: ['operations'] },
    历史就诊: {
        source: `${header('RP5')}  令 前次 = 历史就诊 近 60天 其中 机构编码 = 就诊.机构编码\n  当 存在(前次)\n  违规 就诊\n  涉及 前次\n}\n`,
        sources: ['history']
    },
    处方: { source: `${header('RP7')}  对每张 处方 p\n    当 计数(p.明细) >= 3\n    违规 p.明细\n}\n`, sources: ['prescriptions'] },
    序号: { source: `${header('RP6')}  对每条 明细 m 属于 { "A1" }\n    当 m.序号 > 3\n    违规 m\n}\n`, sources: ['history'] }
};

type Json = Record<string, any>;
type Part = 'history' | 'diagnoses' | 'operations' | 'prescriptions' | 'lineField';

/** 同一规则包去掉读取计划：运行时按旧版规则包处理，规范化全部字段与来源（规则包 id 不变，jr_id 可比）。 */
function fullPlan(pack: RulePack): RulePack {
    const { lineFields: _l, sources: _s, ...manifest } = pack.manifest;
    return { ...pack, manifest };
}

function currentOf(patient: Json): { current?: Json; history: Json[] } {
    const encounters: Json[] = Array.isArray(patient?.fsi_encounter_dtos) ? patient.fsi_encounter_dtos : [];
    const id = patient?.curr_mdtrt_id ?? (encounters.length === 1 ? encounters[0]?.mdtrt_id : undefined);
    return { current: encounters.find(e => e?.mdtrt_id === id), history: encounters.filter(e => e?.mdtrt_id !== id) };
}

/**
 * 在第一个患者的某块来源里放一个格式错误的值；返回（放了错误值的请求，删掉那一块的请求），没有这块时 undefined。
 * 处方：两条明细同一处方号、金额合计超出可表示的范围（ZR0012 只在按处方分组时出现）；没有“删掉”的对照（removed 为空）。
 */
function hostile(request: Json, part: Part, random: Random): { corrupt: Json; removed?: Json } | undefined {
    const corrupt = structuredClone(request);
    const removed = structuredClone(request);
    const pick = <T>(n: number) => random.int(0, n - 1) as T & number;
    const [pc, pr] = [corrupt.patient_dtos?.[0], removed.patient_dtos?.[0]];
    if (!pc || typeof pc !== 'object') return undefined;
    const c = currentOf(pc);
    const r = currentOf(pr);
    if (!c.current) return undefined;
    const bad = random.pick(['昨天', '2024-02-30', {}, 'abc']);
    switch (part) {
        case 'history': {
            if (c.history.length === 0) return undefined;
            const k = pick<number>(c.history.length);
            const e = c.history[k];
            const lines: Json[] = Array.isArray(e.fsi_order_dtos) ? e.fsi_order_dtos : [];
            const mode = random.int(0, 3);
            if (mode === 0 || lines.length === 0) e.adm_date = bad;
            else if (mode === 1) lines[pick<number>(lines.length)].cnt = random.pick(['abc', '--1', {}]);
            else if (mode === 2) pc.fsi_encounter_dtos[pc.fsi_encounter_dtos.indexOf(e)] = 'x'; // 不是对象
            else e.fsi_order_dtos.push({ rx_id: lines[0].rx_id, cnt: 1, pric: 1 }); // rx_id 重复
            pr.fsi_encounter_dtos.splice(pr.fsi_encounter_dtos.indexOf(r.history[k]), 1);
            return { corrupt, removed };
        }
        case 'diagnoses':
        case 'operations': {
            const key = part === 'diagnoses' ? 'fsi_diagnose_dtos' : 'fsi_operation_dtos';
            const list: Json[] = c.current[key] ?? [];
            if (list.length === 0) return undefined;
            const k = pick<number>(list.length);
            if (random.chance(0.3)) list[k] = 'x';
            else list[k][part === 'diagnoses' ? 'dise_date' : 'oprn_date'] = bad;
            r.current![key].splice(k, 1);
            return { corrupt, removed };
        }
        case 'prescriptions': {
            const lines: Json[] = c.current.fsi_order_dtos ?? [];
            if (lines.length < 2) return undefined;
            for (const line of lines.slice(0, 2)) Object.assign(line, { rxno: 'RXBIG', cnt: 1, pric: 5_000_000_000, sumamt: 5_000_000_000 });
            return { corrupt };
        }
        case 'lineField': {
            const lines: Json[] = c.current.fsi_order_dtos ?? [];
            if (lines.length === 0) return undefined;
            const k = pick<number>(lines.length);
            lines[k].drord_stop_date = bad;
            delete r.current!.fsi_order_dtos[k].drord_stop_date;
            return { corrupt, removed };
        }
    }
}

describe('读取计划：按需规范化与全部规范化的输出相同', async () => {
    // 逐个编译（共用语言服务，不能并行）
    const built = [];
    for (const [name, p] of Object.entries(PACKS)) built.push({ name, ...p, backends: await bothBackends(p.source) });

    it('编译器写出的 manifest.sources 是规则读到的来源', () => {
        for (const p of built) expect(p.backends.compiled.manifest.sources, p.name).toEqual(p.sources);
    });

    for (const p of built) {
        it(`${p.name}（sources = [${p.sources.join(', ')}]）`, () => {
            const random = new Random(SEED);
            const generator = new ClaimGenerator(random, {
                ruleLineCodes: ['A1', 'A2'], ruleDiagnosisCodes: ['J00', 'J20', 'J45'], drugs: ['XA01', 'XB02', 'A1'], services: ['001', '002', 'A2'],
                herbs: ['T1'], consumables: ['C1'], diagnoses: ['K29.7', 'I10', 'E11.9'], operations: ['47.0100', '86.0400']
            });
            const engines = [p.backends.compiled, p.backends.interpreted].map(pack => ({ lazy: createEngine(pack), full: createEngine(fullPlan(pack)) }));
            const counts: Record<string, number> = { identical: 0, history: 0, diagnoses: 0, operations: 0, prescriptions: 0, lineField: 0, rejectedRead: 0, acceptedUnread: 0, notes: 0 };
            const out = (engine: ReturnType<typeof createEngine>, request: Json) => {
                const o = engine.evaluate(request);
                return JSON.stringify({ response: o.response, errors: o.errors, rejected: o.rejected });
            };
            for (let n = 0; n < REQUESTS; n++) {
                const request = generator.request();
                for (const { lazy, full } of engines) {
                    const a = out(lazy, request);
                    expect(a, `请求 ${n}：${JSON.stringify(request).slice(0, 300)}`).toBe(out(full, request));
                    counts.identical++;
                    if (a.includes('zhishen_notes')) counts.notes++;
                }
                for (const part of ['history', 'diagnoses', 'operations', 'prescriptions', 'lineField'] as Part[]) {
                    const variant = hostile(request, part, random);
                    if (!variant) continue;
                    counts[part]++;
                    const reads = part === 'lineField' ? false : p.sources.includes(part);
                    for (const { lazy, full } of engines) {
                        const got = out(lazy, variant.corrupt);
                        if (reads) {
                            // 读到的来源：同一条错误
                            const expected = full.evaluate(variant.corrupt);
                            expect(got, `${part}：${JSON.stringify(variant.corrupt).slice(0, 300)}`).toBe(out(full, variant.corrupt));
                            if (expected.errors.length > 0) counts.rejectedRead++;
                        } else if (!variant.removed) {
                            // 不读的处方分组：不因它拒绝
                            const errors = (o: ReturnType<typeof lazy.evaluate>) => o.errors.filter(e => e.code === 'ZR0012' && e.message.includes('同一处方')).length;
                            expect(errors(lazy.evaluate(variant.corrupt)), JSON.stringify(variant.corrupt).slice(0, 300)).toBe(0);
                            if (errors(full.evaluate(variant.corrupt)) > 0) counts.acceptedUnread++;
                        } else {
                            // 不读的来源：与删掉它的请求相同（不拒绝）
                            expect(got, `${part}：${JSON.stringify(variant.corrupt).slice(0, 300)}`).toBe(out(full, variant.removed));
                            if (full.evaluate(variant.corrupt).errors.length > lazy.evaluate(variant.corrupt).errors.length) counts.acceptedUnread++;
                        }
                    }
                }
            }
            // 测试确实覆盖了：每种敌意输入都出现过，读到的被拒、不读的（全部规范化会拒绝的）被接受
            for (const part of ['history', 'diagnoses', 'operations', 'prescriptions', 'lineField']) expect(counts[part], `${part} 的敌意输入次数`).toBeGreaterThan(20);
            expect(counts.acceptedUnread).toBeGreaterThan(20);
            if (p.sources.length > 0) expect(counts.rejectedRead).toBeGreaterThan(10);
            expect(counts.notes).toBeGreaterThan(0);
        });
    }
});
