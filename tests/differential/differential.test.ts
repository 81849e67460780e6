/**
 * 差分测试：随机理赔（固定种子，可用 ZHISHEN_SEED 复现）跑过语言导览、标准规则（能编译的）与求值用例的规则，
 * 生成的规则包与参照解释器的输出（带解释）必须逐字节相同；同时检查输出的不变式：
 * 违规项只含本次就诊、本次计费的明细；金额非负、精确到分；jr_id 不重复；每个患者都有交代。
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '@zhishen/language';
import type { IrPack } from '@zhishen/compiler';
import { createEngine } from '@zhishen/runtime';
import type { EngineOptions, JudgeResult, RulePack } from '@zhishen/runtime';
import { bothBackends } from '../../compiler/test/helpers.js';
import type { Backends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import type { CodePools } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SEED = seedFromEnv(20260301);
const CLAIMS_PER_PACK = Number(process.env.ZHISHEN_DIFF_CLAIMS ?? 1000);

function zsFiles(dir: string): Record<string, string> {
    if (!existsSync(dir)) return {};
    const files: Record<string, string> = {};
    for (const name of readdirSync(dir).filter(f => f.endsWith('.zs')).sort()) files[name] = readFileSync(dir + name, 'utf8');
    return files;
}

/** 整个目录一起编译；不行就逐个文件编译，留下能编译的（标准规则在开发中，可能暂时有编译不过的文件）。 */
/** 编译不了的规则文件：差分测试失败（不跳过），列出文件与诊断。 */
const compileFailures: string[] = [];

/** 一组文件一起编译成一个规则包。 */
async function compileAvailable(files: Record<string, string>, kb: KnowledgeBase): Promise<Array<{ name: string; backends: Backends }>> {
    if (Object.keys(files).length === 0) return [];
    const name = Object.keys(files).join(' + ');
    try {
        return [{ name, backends: await bothBackends(files, { kb }) }];
    } catch (error) {
        compileFailures.push(`${name}：${(error as Error).message}`);
        return [];
    }
}

/** 规则用到的编码（精确编码；前缀补上随机尾巴；区间取下端）。 */
function ruleCodes(ir: IrPack, random: Random): { line: string[]; diagnosis: string[] } {
    const line = new Set<string>();
    const diagnosis = new Set<string>();
    const add = (code: string) => (/^[A-Z]\d{2}(\.|$)/.test(code) && !/^[A-Z]\d{2}[A-Z]/.test(code) ? diagnosis : line).add(code);
    const sets = [...ir.matchers, ...ir.rules.flatMap(r => r.instances.map(i => i.codes).filter((c): c is NonNullable<typeof c> => !!c))];
    for (const set of sets) {
        for (const code of set.codes) add(code);
        for (const prefix of set.prefixes) add(prefix + random.digits(random.int(0, 6)));
        for (const [lo] of set.ranges) add(lo + (random.chance(0.5) ? '.' + random.digits(3) : ''));
    }
    return { line: [...line].sort(), diagnosis: [...diagnosis].sort() };
}

function sample<T>(items: readonly T[] | undefined, n: number, random: Random): T[] {
    if (!items || items.length === 0) return [];
    return Array.from({ length: Math.min(n, items.length) }, () => random.pick(items));
}

function pools(kb: KnowledgeBase, packs: IrPack[], random: Random): CodePools {
    const line: string[] = [];
    const diagnosis: string[] = [];
    for (const ir of packs) {
        const codes = ruleCodes(ir, random);
        line.push(...codes.line);
        diagnosis.push(...codes.diagnosis);
    }
    const codesOf = (kind: string) => (kb.catalogues.get(kind as never) ?? []).map(e => e.code);
    return {
        ruleLineCodes: line,
        ruleDiagnosisCodes: diagnosis,
        drugs: sample(codesOf('药品'), 300, random),
        services: sample(codesOf('医疗服务项目'), 200, random),
        herbs: sample(codesOf('中药饮片'), 100, random),
        consumables: sample(codesOf('医用耗材'), 50, random),
        diagnoses: sample(codesOf('诊断'), 300, random),
        operations: sample(codesOf('手术'), 100, random)
    };
}

interface Stats {
    claims: number;
    findings: number;
    errors: number;
    byRule: Map<string, number>;
}

/** 输出的不变式。 */
function checkInvariants(input: Record<string, unknown>, output: ReturnType<ReturnType<typeof createEngine>['evaluate']>): void {
    const patients = Array.isArray(input.patient_dtos) ? input.patient_dtos as Array<Record<string, unknown>> : [];
    // 每个患者都有交代
    expect(output.evaluatedPatients + output.errors.filter(e => e.path.startsWith('patient_dtos[')).length).toBe(patients.length);
    const billedNow = new Set<string>();
    // 每条本次计费明细付了多少（分，不取整；未冲销退费，是净金额的上界；没有 sumamt 时为 数量 × 单价）。金额按分四舍五入，允许半分
    const paid = new Map<string, number>();
    for (const patient of patients) {
        if (!patient || typeof patient !== 'object') continue;
        const encounters = Array.isArray(patient.fsi_encounter_dtos) ? patient.fsi_encounter_dtos as Array<Record<string, unknown>> : [];
        const currentId = patient.curr_mdtrt_id ?? (encounters.length === 1 ? encounters[0]?.mdtrt_id : undefined);
        for (const encounter of encounters) {
            if (!encounter || encounter.mdtrt_id !== currentId) continue;
            for (const line of (encounter.fsi_order_dtos as Array<Record<string, unknown>> | undefined) ?? []) {
                if (line.curr_drord_flag === '0' || line.curr_drord_flag === 0) continue;
                const key = `${String(patient.patn_id)}|${String(encounter.mdtrt_id)}|${String(line.rx_id)}`;
                billedNow.add(key);
                const amount = typeof line.sumamt === 'number' ? line.sumamt : Number(line.sumamt ?? Number(line.cnt) * Number(line.pric));
                if (Number.isFinite(amount) && amount > 0) paid.set(key, (paid.get(key) ?? 0) + amount * 100);
            }
        }
    }
    const ids = new Set<string>();
    // 金额去重（semantics.ts F8）：一条明细在全部结果中的违规金额之和不超过它付的金额
    const charged = new Map<string, number>();
    for (const r of output.response.result as JudgeResult[]) {
        for (const d of r.judge_result_detail_dtos) {
            if (d.vola_item_type !== '1') continue;
            const key = `${d.patn_id}|${d.mdtrt_id}|${d.rx_id}`;
            charged.set(key, (charged.get(key) ?? 0) + Math.round(d.vola_amt * 100));
        }
    }
    for (const [key, fen] of charged) expect(fen, `明细 ${key} 的违规金额合计 ${fen / 100} 元超过它的金额 ${(paid.get(key) ?? 0) / 100} 元`).toBeLessThanOrEqual((paid.get(key) ?? 0) + 0.5 + 1e-6);
    for (const r of output.response.result as JudgeResult[]) {
        expect(ids.has(r.jr_id), `jr_id ${r.jr_id} 重复`).toBe(false);
        ids.add(r.jr_id);
        expect(r.vola_amt).toBeGreaterThanOrEqual(0);
        expect(Math.round(r.vola_amt * 100) / 100).toBe(r.vola_amt);
        const itemTotal = r.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').reduce((sum, d) => sum + Math.round(d.vola_amt * 100), 0);
        if (r.vola_amt_stas === '1' && r.judge_result_detail_dtos.some(d => d.vola_item_type === '1')) {
            expect(itemTotal, `违规项金额之和与 vola_amt 不符（${r.rule_id}）：${JSON.stringify(r)}`).toBe(Math.round(r.vola_amt * 100));
        }
        for (const d of r.judge_result_detail_dtos) {
            expect(d.jrd_id.startsWith(r.jr_id + '-')).toBe(true);
            expect(Math.round(d.vola_amt * 100) / 100).toBe(d.vola_amt);
            if (d.vola_item_type === '1') {
                expect(billedNow.has(`${d.patn_id}|${d.mdtrt_id}|${d.rx_id}`), `违规项 ${d.rx_id} 不是本次计费明细（${r.rule_id}）`).toBe(true);
            } else {
                expect(d.vola_amt).toBe(0);
            }
        }
    }
}

function runPack(label: string, backends: Backends, generator: ClaimGenerator, random: Random, stats: Stats): void {
    const ruleIds = backends.compiled.manifest.rules.map(r => r.id);
    const engines = new Map<string, [ReturnType<typeof createEngine>, ReturnType<typeof createEngine>]>();
    const enginesFor = (options: EngineOptions): [ReturnType<typeof createEngine>, ReturnType<typeof createEngine>] => {
        const key = JSON.stringify(options);
        let pair = engines.get(key);
        if (!pair) engines.set(key, pair = [createEngine(backends.compiled, options), createEngine(backends.interpreted, options)]);
        return pair;
    };
    for (let i = 0; i < CLAIMS_PER_PACK; i++) {
        const request = generator.request();
        if (random.chance(0.1)) generator.withRuleIds(request, ruleIds);
        const options: EngineOptions = { explain: random.chance(0.5), ...(random.chance(0.2) ? { phase: random.pick(['事前', '事中', '事后'] as const) } : {}) };
        const [compiled, interpreted] = enginesFor(options);
        const a = compiled.evaluate(request);
        const b = interpreted.evaluate(request);
        const left = JSON.stringify(a);
        const right = JSON.stringify(b);
        if (left !== right) {
            throw new Error(`${label}：第 ${i + 1} 个理赔（种子 ${SEED}）两个后端输出不同\n理赔：${JSON.stringify(request)}\n规则包：${left}\n解释器：${right}`);
        }
        if (i % 7 === 0) expect(JSON.stringify(compiled.evaluate(request)), '同一引擎再审核一次，输出不同').toBe(left);
        checkInvariants(request, a);
        stats.claims++;
        stats.errors += a.errors.length;
        for (const r of a.response.result) {
            stats.findings++;
            stats.byRule.set(r.rule_id, (stats.byRule.get(r.rule_id) ?? 0) + 1);
        }
    }
}

describe(`差分：生成的规则包 ≡ 参照解释器（种子 ${SEED}，可用 ZHISHEN_SEED 复现）`, async () => {
    const kb = await loadSampleKb();
    const suites: Array<{ name: string; backends: Backends }> = [
        ...await compileAvailable({ '语言导览.zs': readFileSync(root + 'examples/语言导览.zs', 'utf8') }, kb),
        ...await compileAvailable(zsFiles(root + 'stdlib-rules/rules/'), kb),
        ...await compileAvailable(zsFiles(root + 'tests/eval/cases/'), kb)
    ];
    const random = new Random(SEED);
    const codePools = pools(kb, suites.map(s => s.backends.output.ir!), random.fork());

    it('每个规则文件都能编译（编译不了就是失败，不跳过）；至少有语言导览、标准规则与求值用例', () => {
        expect(compileFailures).toEqual([]);
        expect(suites.length).toBeGreaterThanOrEqual(3);
    });

    for (const suite of suites) {
        it(`${suite.name}：${CLAIMS_PER_PACK} 个随机理赔`, () => {
            console.log(`差分测试 种子 ${SEED}：${suite.name}`);
            const r = random.fork();
            const generator = new ClaimGenerator(r, codePools, { malformed: 0.001 });
            const stats: Stats = { claims: 0, findings: 0, errors: 0, byRule: new Map() };
            runPack(suite.name, suite.backends, generator, r, stats);
            const rules = suite.backends.compiled.manifest.rules.length;
            console.log(`  ${stats.claims} 个理赔，${stats.findings} 条结果，${stats.errors} 个输入错误；触发过的规则 ${stats.byRule.size}/${rules}`);
            // 生成器要真能触发规则，差分才有意义
            expect(stats.findings).toBeGreaterThan(stats.claims / 10);
            expect(stats.byRule.size).toBeGreaterThanOrEqual(Math.min(rules, Math.ceil(rules * 0.4)));
        });
    }
});

export type { RulePack };
