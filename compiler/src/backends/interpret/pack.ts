/**
 * 把 IR 变成可由引擎运行的 RulePack（不生成代码）：参照解释器的入口。数据部分（RuleSpec）与 JS 后端同出 ir/spec.ts。
 */
import { CodeMatcher, manifestOf } from '@zhishen/runtime';
import type { RulePack } from '@zhishen/runtime';
import type { IrPack } from '../../ir/ir.js';
import { packHeader, ruleSpec } from '../../ir/spec.js';
import { interpretRule } from './program.js';

export function interpretPack(ir: IrPack, packId = 'interpreter'): RulePack {
    const matchers = ir.matchers.map(m => new CodeMatcher(m));
    const header = { ...packHeader(ir), id: packId };
    const specs = ir.rules.map(ruleSpec);
    return {
        manifest: manifestOf(header, specs),
        data: { dictionaries: ir.dictionaries, dictionaryLabels: ir.dictionaryLabels, ...(ir.diagnosisNames ? { diagnosisNames: ir.diagnosisNames } : {}) },
        rules: ir.rules.map((rule, i) => ({ spec: specs[i], ...interpretRule(rule, id => matchers[id]) }))
    };
}
