import { beforeAll, describe, expect, it } from 'vitest';
import { EngineCore } from '../src/worker/engine-core.js';
import { findingRows, diffFindings } from '../src/lib/findings.js';
import { PARAM_RULE, SAME_DAY_CLAIM, samples, TOUR } from './helpers.js';

const claimText = () => samples().claims.find(c => c.path === SAME_DAY_CLAIM)!.text;

describe('编译运行 worker 的逻辑', () => {
    const core = new EngineCore();
    beforeAll(() => {
        const kb = samples().kb;
        const info = core.loadKb(kb.files, kb.name);
        expect(info.summary.catalogueEntries).toBeGreaterThan(0);
    });

    it('语言导览 + 同日重复收费样例：ZS_DEMO_003 违规 R2 30 元，带解释', async () => {
        const tour = samples().rules.find(r => r.path === TOUR)!;
        const result = await core.run({ sources: [tour], claim: { path: SAME_DAY_CLAIM, text: claimText() }, claimFiles: samples().claims, params: {}, phase: 'auto', tests: true });
        expect(result.compile.ok).toBe(true);
        const rows = findingRows(result.claim!.outcomes);
        const row = rows.find(r => r.ruleId === 'ZS_DEMO_003')!;
        expect(row.cents).toBe(3000);
        expect(row.violating).toEqual(['R2']);
        expect(row.involved).toEqual(['R1']);
        expect(row.source?.file).toBe(TOUR);
        expect(row.result.zhishen?.explanation?.steps.length).toBeGreaterThan(0);
        // 导览里的测试（内联理赔与相对路径的理赔文件）都通过
        expect(result.tests!.results.length).toBeGreaterThanOrEqual(2);
        expect(result.tests!.failed).toBe(0);
        expect(result.rules.some(r => r.params.length > 0)).toBe(true);
        // 覆盖率：导览的测试让 ZS_DEMO_003 触发、它的 当 成立过；源文件是工作区路径（编辑器据此标出）
        const covered = result.tests!.coverage!.rules.find(r => r.id === 'ZS_DEMO_003')!;
        expect(covered.source.file).toBe(TOUR);
        expect(covered.fired).toBe(true);
        expect(covered.steps.filter(s => s.kind === 'when').every(s => s.evaluated && s.passed)).toBe(true);
        expect(result.tests!.coverage!.firedRules).toBeLessThan(result.tests!.coverage!.totalRules);
    });

    it('规则测试失败时给出期望与实际', async () => {
        const tour = samples().rules.find(r => r.path === TOUR)!;
        const wrong = { path: TOUR, text: tour.text.replace('期望 ZS_DEMO_003 违规项 "R2" 金额 30元', '期望 ZS_DEMO_003 违规项 "R2" 金额 31元') };
        expect(wrong.text).not.toBe(tour.text);
        const result = await core.run({ sources: [wrong], claim: null, claimFiles: samples().claims, params: {}, phase: 'auto', tests: true });
        const failed = result.tests!.results.filter(t => !t.passed);
        expect(failed.map(t => t.name)).toEqual(['同日急诊监护与急诊诊查']);
        const expectation = failed[0].expectations.find(e => !e.passed)!;
        expect(expectation.expected).toContain('31');
        expect(expectation.actual).toContain('30');
        expect(failed[0].file).toBe(TOUR);
    });

    it('改参数：结果消失，差异里是 −30 元', async () => {
        const sources = [{ path: '我的规则.zs', text: PARAM_RULE }];
        const claim = { path: SAME_DAY_CLAIM, text: claimText() };
        const before = await core.run({ sources, claim, claimFiles: [], params: {}, phase: 'auto', tests: false });
        expect(before.compile.ok).toBe(true);
        const after = await core.run({ sources, claim, claimFiles: [], params: { GZ10000102012000: { 起付金额: '50元' } }, phase: 'auto', tests: false });
        expect(after.compile.configErrors).toEqual([]);
        const diff = diffFindings(findingRows(before.claim!.outcomes), findingRows(after.claim!.outcomes));
        expect(diff.removed.map(r => r.ruleId)).toEqual(['GZ10000102012000']);
        expect(diff.deltaCents).toBe(-3000);
    });

    it('为什么没触发：同一份规则包与参数覆盖；环节选择；NDJSON 按请求；错误说明', async () => {
        const sources = [{ path: '我的规则.zs', text: PARAM_RULE }];
        const claim = { path: SAME_DAY_CLAIM, text: claimText() };
        const base = { sources, claim, request: 0, phase: 'auto' as const, rule: 'GZ10000102012000', target: 'R2' };
        const fired = await core.whyNot({ ...base, params: {} });
        expect(fired.ok && fired.report.fired).toBe(true);
        const lowered = await core.whyNot({ ...base, params: { GZ10000102012000: { 起付金额: '50元' } } });
        if (!lowered.ok) throw new Error(lowered.message);
        expect(lowered.report.fired).toBe(false);
        expect(lowered.report.attempts.map(a => a.outcome)).toEqual(['failed']);
        expect(lowered.report.attempts[0].reason).toContain('b.金额 = 30.00元，起付金额 = 50.00元');
        // 选了“事前”：规则只在事中、事后运行（请求的 trig_scen 去掉）
        const before = await core.whyNot({ ...base, params: {}, phase: '事前' });
        expect(before.ok && before.report.blockers).toEqual(['环节选为 事前，规则只在 事中、事后 运行']);
        // NDJSON 第二份请求
        const one = JSON.stringify(JSON.parse(claimText()));
        const ndjson = { path: 'batch.ndjson', text: `${one}\n${one.replace(/"R2"/g, '"Q2"')}\n` };
        const second = await core.whyNot({ ...base, claim: ndjson, request: 1, target: 'Q2', params: {} });
        expect(second.ok && second.report.fired).toBe(true);
        const broken = await core.whyNot({ ...base, sources: [{ path: 'a.zs', text: PARAM_RULE.replace('违规 b', '违规 bb') }], params: {} });
        expect(broken).toEqual({ ok: false, message: '规则有错误，没有编译：先修正“问题”中的错误' });
        const badParam = await core.whyNot({ ...base, params: { GZ10000102012000: { 起付金额: '5天' } } });
        expect(!badParam.ok && badParam.message).toMatch(/^参数写得不对：.*单位/);
    });

    it('参数写错单位：中文错误，不运行', async () => {
        const result = await core.run({ sources: [{ path: 'a.zs', text: PARAM_RULE }], claim: { path: 'c.json', text: claimText() }, claimFiles: [], params: { GZ10000102012000: { 起付金额: '5天' } }, phase: 'auto', tests: false });
        expect(result.compile.configErrors.join()).toContain('单位');
        expect(result.claim).toBeNull();
    });

    it('规则有错：返回带位置的中文诊断', async () => {
        const result = await core.run({ sources: [{ path: 'bad.zs', text: PARAM_RULE.replace('违规 b', '违规 bb') }], claim: null, claimFiles: [], params: {}, phase: 'auto', tests: false });
        expect(result.compile.ok).toBe(false);
        const error = result.compile.diagnostics.find(d => d.severity === 'error')!;
        expect(error.file).toBe('bad.zs');
        expect(error.line).toBeGreaterThan(1);
        expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('理赔校验：坏 JSON、错误类型、缺必填字段、运行时拒绝', async () => {
        const bad = core.validateClaim({ path: 'x.json', text: '{ "patient_dtos": [ }' });
        expect(bad.problems[0].message).toMatch(/[\u4e00-\u9fff]/);
        const wrongType = claimText().replace('"cnt": 1,', '"cnt": "一",');
        const validation = core.validateClaim({ path: 'x.json', text: wrongType });
        const problem = validation.problems.find(p => p.path?.endsWith('cnt'))!;
        expect(problem.message).toContain('不是数字');
        expect(wrongType.slice(problem.range.offset, problem.range.offset + 5)).toBe('"cnt"');
        const missing = claimText().replace('"rx_id": "R2", ', '');
        const run = await core.run({ sources: [samples().rules.find(r => r.path === TOUR)!], claim: { path: 'x.json', text: missing }, claimFiles: [], params: {}, phase: 'auto', tests: false });
        const outcome = run.claim!.outcomes[0];
        expect(outcome.rejected).toBe(true);
        expect(run.claim!.problems.some(p => p.code === 'ZR0009')).toBe(true);
    });

    it('重复的键（JSON.parse 只留后一个）：错误 ZR0019 标在第二次出现的键上，这份请求不审核（不按被覆盖的内容给出结果），其余行照常', async () => {
        const twice = claimText().replace('"rx_id": "R2", ', '"rx_id": "R2", "hilist_code": "X0000", ');
        expect(twice).not.toBe(claimText());
        const validation = core.validateClaim({ path: 'x.json', text: twice });
        const problem = validation.problems.find(p => p.code === 'ZR0019')!;
        expect(problem.severity).toBe('error');
        expect(problem.path).toMatch(/^patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[1\]\.hilist_code$/);
        expect(problem.message).toMatch(/^第 \d+ 行第 \d+ 列（第 \d+ 个字符）处的键「hilist_code」在 .* 里已经出现过.*每个键只写一次/);
        expect(twice.slice(problem.range.offset, problem.range.offset + problem.range.length)).toBe('"hilist_code"');
        expect(problem.range.offset).toBeGreaterThan(twice.indexOf('"hilist_code": "X0000"'));
        const tour = samples().rules.find(r => r.path === TOUR)!;
        const one = JSON.stringify(JSON.parse(claimText()));
        const dupLine = one.replace('"rx_id":"R2",', '"rx_id":"R2","hilist_code":"X0000",');
        expect(dupLine).not.toBe(one);
        const text = [one, dupLine, one].join('\n') + '\n';
        const result = await core.run({ sources: [tour], claim: { path: 'batch.ndjson', text }, claimFiles: [], params: {}, phase: 'auto', tests: false });
        const outcomes = result.claim!.outcomes;
        expect(outcomes.map(o => o.rejected)).toEqual([false, true, false]);
        expect(outcomes[1].results).toEqual([]);
        expect(result.claim!.problems.filter(p => p.code === 'ZR0019').map(p => [p.request, p.line])).toEqual([[1, 2]]);
    });

    it('无效的 UTF-8（U+FFFD 本身或转义，规则不读的字段里也算）：错误 ZR0018 标在那个值上，这份请求不审核，与命令行相同', async () => {
        const one = JSON.stringify(JSON.parse(claimText()));
        const at = one.indexOf('"hilist_name":"') + '"hilist_name":"'.length;
        expect(at).toBeGreaterThan(20);
        const literal = `${one.slice(0, at)}\uFFFD${one.slice(at)}`;
        const escaped = `${one.slice(0, at)}\\ufffd${one.slice(at)}`;
        for (const bad of [literal, escaped]) {
            const validation = core.validateClaim({ path: 'x.json', text: bad });
            const problem = validation.problems.find(p => p.code === 'ZR0018')!;
            expect(problem.path).toMatch(/\.hilist_name$/);
            expect(bad.slice(problem.range.offset, problem.range.offset + '"hilist_name"'.length)).toBe('"hilist_name"');
        }
        const tour = samples().rules.find(r => r.path === TOUR)!;
        const result = await core.run({ sources: [tour], claim: { path: 'batch.ndjson', text: [one, literal, escaped, one].join('\n') + '\n' }, claimFiles: [], params: {}, phase: 'auto', tests: false });
        expect(result.claim!.outcomes.map(o => o.rejected)).toEqual([false, true, true, false]);
    });

    it('NDJSON：每行一份请求，坏行单独报告，其余照常审核', async () => {
        const one = JSON.stringify(JSON.parse(claimText()));
        const text = [one, '{ bad json', one].join('\n') + '\n';
        const result = await core.run({ sources: [samples().rules.find(r => r.path === TOUR)!], claim: { path: 'batch.ndjson', text }, claimFiles: [], params: {}, phase: 'auto', tests: false });
        const outcomes = result.claim!.outcomes;
        expect(outcomes.map(o => o.parseFailed)).toEqual([false, true, false]);
        expect(outcomes.map(o => o.line)).toEqual([1, 2, 3]);
        expect(result.claim!.problems.some(p => p.line === 2)).toBe(true);
        expect(findingRows(outcomes).filter(r => r.ruleId === 'ZS_DEMO_003').map(r => r.request)).toEqual([0, 2]);
    });

    it('知识库搜索：编码、名称、拼音首字母', () => {
        const byName = core.searchKb('急诊诊查费');
        expect(byName.hits.some(h => h.code === '001102000030000')).toBe(true);
        expect(core.searchKb('001102000030000').hits[0].match).toBe('exact');
        expect(core.searchKb('jzzcf').hits.some(h => h.name.includes('急诊诊查'))).toBe(true);
    });
});
