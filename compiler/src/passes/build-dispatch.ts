/**
 * dispatch：作用域来源可分派（契约里的明细来源）且每个实例的 属于 代码集在编译时已知 → 按编码分派，
 * 引擎为每条明细查一次 Map，只交给提到该编码的规则实例。属于 依赖理赔数据时，改写成 其中 条件，规则对每条元素检查。
 */
import { isDispatchSource, recordSpec } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule } from '../ir/ir.js';
import { op, TY } from '../ir/ir.js';
import type { PassContext } from './context.js';

export function buildDispatch(pack: IrPack, _context: PassContext): IrPack {
    return { ...pack, rules: pack.rules.map(dispatchRule) };
}

function dispatchRule(rule: IrRule): IrRule {
    const scope = rule.scope;
    if (!scope) return rule;
    const codesKnown = !scope.codes || rule.instances.every(i => i.codes !== undefined);
    if (scope.codes && !codesKnown) {
        // 属于 的集合要到运行时才知道：作为 其中 条件（元素的编码属于该集合）
        const element = scope.elementType.record;
        const codeField = element ? recordSpec(element).code : undefined;
        if (!codeField) throw new Error(`编译器内部错误：规则 ${rule.id} 的作用域元素没有编码属性`);
        const member: IrExpr = op('member', TY.boolean, { k: 'field', ty: TY.code, recv: { k: 'elem', ty: scope.elementType, depth: 0 }, prop: codeField, each: false }, scope.codes);
        const where = scope.where ? op('and', TY.boolean, member, scope.where) : member;
        return {
            ...rule,
            scope: { ...scope, codes: undefined, where, dispatch: isDispatchSource(scope.source) },
            instances: rule.instances.map(({ codes: _codes, ...inst }) => inst)
        };
    }
    return { ...rule, scope: { ...scope, dispatch: isDispatchSource(scope.source) } };
}
