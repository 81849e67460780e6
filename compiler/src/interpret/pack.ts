/**
 * 把 IR 变成可由引擎运行的 RulePack（不生成代码）：参照解释器的入口。
 */
import { CodeMatcher } from '@zhishen/runtime';
import type { RulePack } from '@zhishen/runtime';
import type { IrPack } from '../ir/ir.js';
import { buildManifest } from '../codegen/emit.js';
import { interpretRule } from './program.js';

export function interpretPack(ir: IrPack, packId = 'interpreter'): RulePack {
    const matchers = ir.matchers.map(m => new CodeMatcher(m));
    const manifest = buildManifest(ir);
    manifest.id = packId;
    return {
        manifest,
        data: { dictionaries: ir.dictionaries, dictionaryLabels: ir.dictionaryLabels, ...(ir.diagnosisNames ? { diagnosisNames: ir.diagnosisNames } : {}) },
        programs: ir.rules.map(rule => interpretRule(ir, rule, id => matchers[id]))
    };
}
