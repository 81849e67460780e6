/**
 * 逐阶段的 IR 金样例：tests/ir/<用例>/rules.zs（首行 `// kb: sample` 用样例知识库，同目录 config.json 为构建时的部署配置），
 * 每个 IR 阶段之后的 printIr 文本与 <阶段>.txt 比对。重写：UPDATE_EXPECT=1 npx vitest run tests/ir
 *
 * 另外断言几件金样例不容易看出的事：prune 删去的规则与原因、dispatch 的改写、每个阶段不改上一阶段的值。
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSession, PASSES, printIr, STAGES } from '@zhishen/compiler';
import type { IrPack, Stage } from '@zhishen/compiler';
import { languageServices, sourceUri } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';

const dir = fileURLToPath(new URL('./', import.meta.url));
const cases = readdirSync(dir, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort();
const IR_STAGES = STAGES.filter(s => s !== 'resolve' && s !== 'emit') as Stage[];
const update = !!process.env.UPDATE_EXPECT;

async function stagesOf(name: string): Promise<Map<Stage, IrPack>> {
    const text = readFileSync(`${dir}${name}/rules.zs`, 'utf8');
    const kb = text.startsWith('// kb: sample') ? await loadSampleKb() : undefined;
    const configFile = `${dir}${name}/config.json`;
    const config = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : undefined;
    const session = await openSession({ services: languageServices(), sources: [{ uri: sourceUri('rules.zs'), text }], kb, config, root: '/rules' });
    const result = new Map<Stage, IrPack>();
    for (const stage of IR_STAGES) {
        const staged = session.ir(stage);
        if (!staged.ok || !staged.ir) throw new Error(`${name} 在 ${stage} 阶段失败：\n${staged.diagnostics.map(d => `${d.code} ${d.message}`).join('\n')}`);
        result.set(stage, staged.ir);
    }
    return result;
}

describe('逐阶段 IR', () => {
    it('用例不少于 10 个', () => {
        expect(cases.length).toBeGreaterThanOrEqual(10);
    });

    for (const name of cases) {
        it(name, async () => {
            const stages = await stagesOf(name);
            for (const [stage, ir] of stages) {
                const text = printIr(ir, { instances: 3 });
                const file = `${dir}${name}/${stage}.txt`;
                if (update || !existsSync(file)) writeFileSync(file, text);
                else expect(text, `${name}/${stage}.txt`).toBe(readFileSync(file, 'utf8'));
            }
        });
    }
});

describe('阶段的性质', () => {
    it('prune 删去永远不会触发的规则，写明原因', async () => {
        const stages = await stagesOf('06-删去不会触发的规则');
        const pruned = stages.get('prune')!;
        expect(pruned.rules.map(r => r.id)).toEqual(['IR_KEEP']);
        expect(pruned.dropped).toEqual([
            { rule: 'IR_FALSE', reason: '条件「1 > 2」恒不成立' },
            { rule: 'IR_EMPTY', reason: '作用域 属于 的代码集为空' },
            { rule: 'IR_NOROWS', reason: expect.stringMatching(/^知识点表「药品限儿童使用」的 \d+ 行都未生效（不满足：仅当 k\.名称 = "不存在的药品" ×\d+）$/) }
        ]);
    });

    it('dispatch：属于 依赖理赔数据时改写成 其中 条件并逐条检查；常量代码集按编码分派（明细来源）', async () => {
        const stages = await stagesOf('07-属于依赖理赔');
        const [dynamic, constant] = stages.get('dispatch')!.rules;
        expect(dynamic.scope!.codes).toBeUndefined();
        expect(dynamic.scope!.where).toMatchObject({ k: 'op', op: 'and', args: [{ k: 'op', op: 'member' }, { k: 'op', op: 'gt' }] });
        expect(dynamic.scope!.dispatch).toBe(true);
        expect(dynamic.instances.every(i => i.codes === undefined)).toBe(true);
        // 诊断不是可分派的来源
        expect(constant.scope!.dispatch).toBe(false);
        expect(constant.instances[0].codes).toEqual({ codes: [], prefixes: ['E11'], ranges: [] });
    });

    it('dispatch：筛查集合上“属性 = / 相交 外部值”的合取项改写为 lookup，其余合取项留在 filter；统计组作用域与 peer 节点', async () => {
        const stages = await stagesOf('14-筛查集合与同级比较');
        const lowered = stages.get('lower')!.rules[0].steps[0];
        const [trace, ratio] = stages.get('dispatch')!.rules;
        expect(JSON.stringify(lowered)).not.toContain('"lookup"');
        const step = trace.steps[0];
        expect(step.kind === 'let' && step.expr).toMatchObject({
            k: 'filter',
            src: { k: 'lookup', source: 'population_lines', prop: 'drug_trac_codg', key: { k: 'field', prop: 'drug_trac_codg' } },
            cond: { k: 'op', op: 'and', args: [{ k: 'op', op: 'ne' }, { k: 'op', op: 'lt' }] }
        });
        expect(trace.population).toBe('claims');
        expect(ratio.population).toBe('set');
        expect(ratio.scope).toMatchObject({ kind: 'group', group: 'cohort', source: 'population_encounters', keyProps: ['medins_id'] });
        const peer = ratio.steps[1];
        expect(peer.kind === 'let' && peer.expr).toMatchObject({ k: 'peer', stat: 'percentile', binder: 'g', keys: [{ k: 'field', prop: 'medins_grade' }, { k: 'field', prop: 'medins_category' }] });
        // 同级 的值里 令 药占比 被展开（对每个统计组重算），不是局部名称引用
        expect(JSON.stringify(peer.kind === 'let' && peer.expr.k === 'peer' ? peer.expr.value : null)).not.toContain('"local","name":"药占比"');
        expect(ratio.outcome.violation.kind).toBe('cohort');
        expect(ratio.outcome.statistic?.name).toBe('药占比');
    });

    it('每个阶段返回新的值，不改上一阶段的 IR', async () => {
        const text = readFileSync(`${dir}03-知识点模板/rules.zs`, 'utf8');
        const session = await openSession({ services: languageServices(), sources: [{ uri: sourceUri('rules.zs'), text }], kb: await loadSampleKb(), root: '/rules' });
        let pack = session.ir('lower').ir!;
        const context = { kb: await loadSampleKb(), diagnostics: [] };
        for (const pass of PASSES) {
            const before = JSON.stringify(pack);
            const next = pass.run(pack, context);
            expect(JSON.stringify(pack), pass.name).toBe(before);
            pack = next;
        }
        expect(pack.rules[0].instances.length).toBeGreaterThan(1);
        expect(context.diagnostics).toEqual([]);
    });
});
