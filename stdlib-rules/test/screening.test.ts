/**
 * 事后全量筛查的标准规则：样例文件与生成器一致；1,000 张一行一张的理赔里埋入的追溯码重复全部找到（后结算的为违规项、
 * 先结算的为涉及项，占位码不算），一对不多一对不少；同级比较只对药占比畸高的机构触发，结果写明机构、指标值与同级值；
 * 生成的规则包与参照解释器逐字节相同。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createZhishenCoreServices } from '@zhishen/language';
import { loadKnowledgeBaseFolder } from '@zhishen/language/kb-node';
import { openSession, parseClaimFile } from '@zhishen/compiler';
import { addLine, createScreening } from '@zhishen/runtime';
import type { RulePack, ScreeningResult } from '@zhishen/runtime';
// @ts-expect-error 生成器是无类型的 .mjs 脚本
import { generateAll, generateThousand, H2_OUTLIER, H2_COSTLY, DOCTOR_COSTLY, PLANTED_TRACE_PAIRS } from '../scripts/generate-screening.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCREENING = join(ROOT, 'claims', 'screening');
let js: RulePack;
let interpreted: RulePack;

beforeAll(async () => {
    const services = createZhishenCoreServices().Zhishen;
    const kb = await loadKnowledgeBaseFolder(join(ROOT, 'sample-kb'));
    const dir = join(ROOT, 'rules');
    const sources = readdirSync(dir).filter(f => f.endsWith('.zs')).sort().map(f => ({ uri: pathToFileURL(join(dir, f)).href, text: readFileSync(join(dir, f), 'utf8') }));
    const session = await openSession({ services, sources, kb, root: ROOT });
    js = session.pack('js')!;
    interpreted = session.pack('interpreter')!;
});

function screen(pack: RulePack, file: string): ScreeningResult {
    const screening = createScreening(pack);
    for (const input of parseClaimFile(file, readFileSync(join(SCREENING, file), 'utf8')) as unknown[]) screening.add(input);
    expect(screening.summary.rejected).toBe(0);
    return screening.run();
}

describe('事后筛查样例', () => {
    it('提交的样例文件与生成器的输出一致', () => {
        for (const [name, text] of Object.entries(generateAll() as Record<string, string>)) {
            expect(readFileSync(join(SCREENING, name), 'utf8'), name).toBe(text);
        }
    });

    it(`1,000 张理赔：找到全部 ${PLANTED_TRACE_PAIRS} 对追溯码重复，后结算的为违规项、先结算的为涉及项，没有多报`, () => {
        const { planted } = generateThousand() as { planted: Array<{ earlier: string; later: string; code: string }> };
        expect(planted).toHaveLength(PLANTED_TRACE_PAIRS);
        const result = screen(js, '一千张理赔.ndjson');
        const found = result.findings.filter(f => f.rule_id === 'ZSP0001').map(f => ({
            later: f.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id),
            earlier: f.judge_result_detail_dtos.filter(d => d.vola_item_type === '2').map(d => d.rx_id),
            patients: new Set(f.judge_result_detail_dtos.map(d => d.patn_id)).size
        }));
        const key = (p: { later: string[]; earlier: string[] }) => `${p.later.join()}<-${p.earlier.join()}`;
        expect(found.map(key).sort()).toEqual(planted.map(p => key({ later: [p.later], earlier: [p.earlier] })).sort());
        // 违规项与涉及项属于不同患者（结果明细写各自的 patn_id）
        expect(found.every(f => f.patients === 2)).toBe(true);
        // 占位码（“—”“无”、空串、000000）在样例里大量重复出现，但不算
        const text = readFileSync(join(SCREENING, '一千张理赔.ndjson'), 'utf8');
        expect((text.match(/"drug_trac_codg":\["无"\]/g) ?? []).length).toBeGreaterThan(2);
    });

    it('同级比较：只对药占比畸高的机构触发，结果写明机构、药占比与同级第 90 百分位', () => {
        const result = screen(js, '机构药占比.ndjson');
        const ratio = result.findings.filter(f => f.rule_id === 'ZSP0101');
        expect(ratio.map(f => f.medins_id)).toEqual([H2_OUTLIER]);
        const population = ratio[0].population!;
        expect(population.level).toBe('机构');
        expect(population.medins_id).toBe(H2_OUTLIER);
        expect(population.claims).toBe(24);
        expect(ratio[0].judge_result_detail_dtos).toHaveLength(24);
        const statistic = population.statistic!;
        expect(statistic.name).toBe('药占比');
        expect(statistic.value as number).toBeGreaterThan(0.8);
        expect(statistic.peer_value as number).toBeGreaterThan(0.3);
        expect(statistic.peer_value as number).toBeLessThan(0.41);
        expect(ratio[0].vola_cont).toContain(H2_OUTLIER);
        expect(result.findings.filter(f => f.rule_id === 'ZSP0102').map(f => f.medins_id)).toEqual([H2_COSTLY]);
        const doctors = result.findings.filter(f => f.rule_id === 'ZSP0103');
        expect(doctors.map(f => f.dr_codg)).toEqual([DOCTOR_COSTLY]);
        expect(doctors[0].population!.level).toBe('医师');
    });

    it('dispatch 的 lookup 改写与逐个扫描筛查集合的结果相同（只差规则包 id 决定的 jr_id 与源文件名）', async () => {
        const rule = (condition: string) => `规则 X "追溯码" {
  分类 测试
  级别 提醒
  环节 事后
  依据 「测试」
  对每条 明细 m 其中 存在(m.追溯码)
    令 此前 = 全体明细 其中 就诊号 ≠ m.就诊号 且 ${condition} 且 计费时间 < m.计费时间
    当 存在(此前)
    违规 m
    涉及 此前
}`;
        const services = createZhishenCoreServices().Zhishen;
        // 若 … 则 … 否则 包住的条件不是“属性 = / 相交 外部值”的合取项，不改写，逐个扫描
        const packs: RulePack[] = [];
        for (const [i, condition] of ['相交(追溯码, m.追溯码)', '(若 真 则 相交(追溯码, m.追溯码) 否则 假)'].entries()) {
            packs.push((await openSession({ services, sources: [{ uri: `file:///lookup-${i}.zs`, text: rule(condition) }] })).pack('js')!);
        }
        const [indexed, scanned] = packs;
        const strip = (r: ScreeningResult) => JSON.stringify(r.findings.map(({ jr_id: _id, zhishen: _z, ...f }) => ({ ...f, judge_result_detail_dtos: f.judge_result_detail_dtos.map(({ jrd_id: _d, ...d }) => d) })));
        const a = screen(indexed, '一千张理赔.ndjson');
        expect(a.findings).toHaveLength(PLANTED_TRACE_PAIRS);
        expect(strip(a)).toBe(strip(screen(scanned, '一千张理赔.ndjson')));
        expect(String(indexed.rules[0].check)).toContain('C.lookup');
        expect(String(scanned.rules[0].check)).not.toContain('C.lookup');
    });

    it('三个样例：生成的规则包与参照解释器的筛查结果逐字节相同', () => {
        for (const file of readdirSync(SCREENING).filter(f => f.endsWith('.ndjson'))) {
            expect(JSON.stringify(screen(js, file)), file).toBe(JSON.stringify(screen(interpreted, file)));
        }
    });
});

describe('不读筛查集合时逐张求值（不留理赔）', () => {
    it('停用全部跨理赔、统计组规则：streaming，结果与逐个请求审核（同一配置）逐字节相同；有一条读集合的规则就不 streaming', async () => {
        const { createEngine, validateConfig } = await import('@zhishen/runtime');
        const population = js.manifest.rules.filter(r => r.population !== undefined).map(r => r.id);
        expect(population.length).toBeGreaterThan(3);
        const { config } = validateConfig({ 停用: population }, js.manifest);
        const claimsDir = join(ROOT, 'claims');
        const samples = readdirSync(claimsDir).filter(f => f.endsWith('.json')).sort().map(f => JSON.parse(readFileSync(join(claimsDir, f), 'utf8')) as unknown);
        const inputs = [...samples, ...(parseClaimFile('一千张理赔.ndjson', readFileSync(join(SCREENING, '一千张理赔.ndjson'), 'utf8')) as unknown[]), samples[0]];
        const screening = createScreening(js, { config });
        expect(screening.streaming).toBe(true);
        for (const input of inputs) screening.add(input);
        const result = screening.run();
        // 逐个请求审核：环节 事后、不看请求的 trig_scen（与筛查相同），结果按载入顺序加上 task_id
        const engine = createEngine(js, { config, phase: '事后' });
        // 最后一个是重复的就诊（ZR0040，不再求值）
        expect(screening.summary.reasons).toEqual({ '重复的理赔：就诊号已在筛查集合中': 1 });
        const expected = inputs.slice(0, -1).flatMap(input => {
            const output = engine.evaluate({ ...(input as object), trig_scen: null });
            return output.response.result.map(r => ({ task_id: output.response.task_id, ...r }));
        });
        expect(result.findings.length).toBeGreaterThan(40);
        expect(JSON.stringify(result.findings)).toBe(JSON.stringify(expected));

        const { config: one } = validateConfig({ 停用: population.slice(1) }, js.manifest);
        expect(createScreening(js, { config: one }).streaming).toBe(false);
        expect(() => createScreening(js, { config: one }).take()).toThrow('只有逐张求值的筛查');
    });

    it('分线程的拼法（zhishen screen --workers）：两个“线程”各载入一半、主线程按顺序 claim，重复的一行由主线程重载——与一个 Screening 逐字节相同', async () => {
        const { validateConfig } = await import('@zhishen/runtime');
        const population = js.manifest.rules.filter(r => r.population !== undefined).map(r => r.id);
        const { config } = validateConfig({ 停用: population }, js.manifest);
        const lines = readFileSync(join(SCREENING, '一千张理赔.ndjson'), 'utf8').split('\n').filter(l => l.trim() !== '');
        // 后一半里每 10 行放回一行前一半的（跨“块”的重复），另有一行在自己的块里重复
        const input = [...lines, ...lines.slice(0, 100).filter((_, i) => i % 10 === 0), lines[lines.length - 1]];
        const reference = createScreening(js, { config });
        for (const line of input) addLine(reference, line);
        const expected = reference.run();

        const half = Math.ceil(input.length / 2);
        const blocks = [input.slice(0, half), input.slice(half)].map(block => {
            const worker = createScreening(js, { config });
            worker.forgetClaims();
            return block.map(line => ({ line, read: addLine(worker, line)!, taken: worker.take() }));
        });
        const main = createScreening(js, { config });
        const findings: unknown[] = [];
        const reasons: Record<string, number> = {};
        let redone = 0;
        for (const { line, read, taken } of blocks.flat()) {
            let delta = taken;
            if (read.kept.length > 0 && !main.claim(read.kept)) {
                redone++;
                addLine(main, line);
                delta = main.take();
            }
            findings.push(...delta.result.findings);
            for (const [r, n] of Object.entries(delta.summary.reasons)) reasons[r] = (reasons[r] ?? 0) + n;
        }
        expect(redone).toBeGreaterThanOrEqual(10);
        expect(JSON.stringify(findings)).toBe(JSON.stringify(expected.findings));
        expect(reasons).toEqual(reference.summary.reasons);
        expect(reasons['重复的理赔：就诊号已在筛查集合中']).toBe(11);
    });
});
