/**
 * dispatch：作用域来源可分派（契约里的明细来源）且每个实例的 属于 代码集在编译时已知 → 按编码分派，
 * 引擎为每条明细查一次 Map，只交给提到该编码的规则实例。属于 依赖理赔数据时，改写成 其中 条件，规则对每条元素检查。
 *
 * 筛查集合的索引（契约 semantics.ts P2）：filter(@全体就诊 / @全体明细, … 且 e.属性 = X 且 …)（或 相交(e.列表属性, X)），
 * X 不看元素 → filter(lookup(来源, 属性, X), 其余合取项)。每张理赔不再扫描整个集合（等值连接；SQL 后端同样降为连接）。
 */
import { isDispatchSource, isPopulationSource, recordSpec } from '@zhishen/runtime';
import type { PopulationSource } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule } from '../ir/ir.js';
import { op, TY } from '../ir/ir.js';
import { rewriteRule, someNode } from '../ir/walk.js';
import type { PassContext } from './context.js';

export function buildDispatch(pack: IrPack, _context: PassContext): IrPack {
    return { ...pack, rules: pack.rules.map(rule => dispatchRule(rule.population ? rewriteRule(rule, indexLookup) : rule)) };
}

function conjuncts(e: IrExpr): IrExpr[] {
    return e.k === 'op' && e.op === 'and' ? e.args.flatMap(conjuncts) : [e];
}

/** 合取项是否是“元素属性 = 外部值”（或 相交(元素列表属性, 外部值)）；是则给出属性与外部值。 */
function keyOf(c: IrExpr, source: PopulationSource): { prop: string; key: IrExpr } | undefined {
    if (c.k !== 'op' || (c.op !== 'eq' && c.op !== 'intersects') || c.args.length !== 2) return undefined;
    const record = source === 'population_lines' ? 'line' : 'encounter';
    const fields = recordSpec(record).fields as Record<string, string>;
    for (const [a, b] of [[c.args[0], c.args[1]], [c.args[1], c.args[0]]]) {
        if (a.k !== 'field' || a.each || a.recv.k !== 'elem' || a.recv.depth !== 0) continue;
        if (someNode(b, x => x.k === 'elem')) continue;
        const encoding = fields[a.prop];
        if (c.op === 'eq' && encoding !== undefined && encoding !== 'texts' && !encoding.startsWith('list:')
            && b.ty.kind !== 'set' && b.ty.kind !== 'list' && b.ty.kind !== 'any' && b.ty.kind !== 'null') return { prop: a.prop, key: b };
        if (c.op === 'intersects' && encoding === 'texts') return { prop: a.prop, key: b };
    }
    return undefined;
}

function indexLookup(e: IrExpr): IrExpr {
    if (e.k !== 'filter' || e.src.k !== 'ref' || e.src.ref.kind !== 'source' || !isPopulationSource(e.src.ref.name)) return e;
    const source = e.src.ref.name;
    const parts = conjuncts(e.cond);
    for (let i = 0; i < parts.length; i++) {
        const found = keyOf(parts[i], source);
        if (!found) continue;
        const lookup: IrExpr = { k: 'lookup', ty: e.ty, source, prop: found.prop, key: found.key };
        const rest = parts.filter((_, j) => j !== i);
        if (rest.length === 0) return lookup;
        const cond = rest.reduce((left, right) => op('and', TY.boolean, left, right));
        return { ...e, src: lookup, cond };
    }
    return e;
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
