/**
 * 建立分派：作用域来源是明细（本次 / 历史 / 全部）且每个实例的 属于 代码集在编译时已知 → 按编码分派，
 * 引擎为每条明细查一次 Map，只交给提到该编码的规则实例。属于 依赖理赔数据时，改写成 其中 条件，规则对每条明细检查。
 */
import type { IrExpr, IrPack } from '../ir/ir.js';
import { TY } from '../ir/ir.js';

const LINE_SOURCES = new Set(['lines', 'history_lines', 'all_lines']);

export function buildDispatch(pack: IrPack): IrPack {
    for (const rule of pack.rules) {
        const scope = rule.scope;
        if (!scope) continue;
        const codesKnown = !scope.codes || rule.instances.every(i => i.codes !== undefined);
        if (scope.codes && !codesKnown) {
            // 属于 的集合要到运行时才知道：作为 其中 条件（元素的编码属于该集合）
            const member: IrExpr = {
                k: 'in', ty: TY.boolean, negate: false,
                l: { k: 'field', ty: TY.code, recv: { k: 'elem', ty: scope.elementType, depth: 0 }, prop: scope.codeField ?? 'hilist_code', project: false },
                r: scope.codes
            };
            scope.where = scope.where ? { k: 'and', ty: TY.boolean, l: member, r: scope.where } : member;
            scope.codes = undefined;
            for (const inst of rule.instances) delete inst.codes;
        }
        scope.dispatch = LINE_SOURCES.has(scope.source);
    }
    return pack;
}
