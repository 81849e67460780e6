/**
 * IR 遍历：子表达式、规则中的全部表达式、按节点改写（返回新的规则，不改原来的）。
 */
import type { IrExpr, IrRule, IrStep } from './ir.js';

export function children(e: IrExpr): IrExpr[] {
    switch (e.k) {
        case 'lit': case 'codes': case 'ref': case 'elem': return [];
        case 'field': return [e.recv];
        case 'op': case 'kb': return e.args;
        case 'filter': return [e.src, e.cond];
        case 'window': return e.days ? [e.src, e.ref, e.days] : [e.src, e.ref];
        case 'agg': return e.arg ? [e.src, e.arg] : [e.src];
        case 'if': return [e.c, e.t, e.e];
        case 'text': return e.parts.flatMap(p => typeof p === 'string' ? [] : [p.e]);
        case 'lookup': return [e.key];
        case 'peer': return [e.value, ...e.keys, ...(e.arg ? [e.arg] : []), ...(e.min ? [e.min] : [])];
    }
}

/** 在元素作用域里求值的子表达式（filter 的条件、agg 的逐元素表达式）：多一层 elem。 */
export function elementChildren(e: IrExpr): IrExpr[] {
    if (e.k === 'filter') return [e.cond];
    if (e.k === 'agg' && e.arg) return [e.arg];
    return [];
}

/** 自底向上改写：f 收到子节点已改写的节点，返回替换（或原节点）。 */
export function rewrite(e: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
    const r = (x: IrExpr) => rewrite(x, f);
    let copy: IrExpr;
    switch (e.k) {
        case 'field': copy = { ...e, recv: r(e.recv) }; break;
        case 'op': copy = { ...e, args: e.args.map(r) }; break;
        case 'kb': copy = { ...e, args: e.args.map(r) }; break;
        case 'filter': copy = { ...e, src: r(e.src), cond: r(e.cond) }; break;
        case 'window': copy = { ...e, src: r(e.src), ref: r(e.ref), ...(e.days ? { days: r(e.days) } : {}) }; break;
        case 'agg': copy = { ...e, src: r(e.src), ...(e.arg ? { arg: r(e.arg) } : {}) }; break;
        case 'if': copy = { ...e, c: r(e.c), t: r(e.t), e: r(e.e) }; break;
        case 'text': copy = { ...e, parts: e.parts.map(p => typeof p === 'string' ? p : { e: r(p.e), display: p.display }) }; break;
        case 'lookup': copy = { ...e, key: r(e.key) }; break;
        case 'peer': copy = { ...e, value: r(e.value), keys: e.keys.map(r), ...(e.arg ? { arg: r(e.arg) } : {}), ...(e.min ? { min: r(e.min) } : {}) }; break;
        default: copy = e;
    }
    return f(copy);
}

export function someNode(e: IrExpr, predicate: (e: IrExpr) => boolean): boolean {
    if (predicate(e)) return true;
    return children(e).some(c => someNode(c, predicate));
}

/** 规则中会进入规则包的顶层表达式（行槽与 仅当 只在编译时求值，不在其中）。 */
export function ruleExpressions(rule: IrRule): IrExpr[] {
    const list: IrExpr[] = [];
    for (const step of [...rule.pre, ...rule.steps]) {
        list.push(step.expr);
        if (step.kind === 'when') for (const o of step.observe) list.push(o.expr);
    }
    const scope = rule.scope;
    if (scope) {
        if (scope.sourceExpr) list.push(scope.sourceExpr);
        if (scope.codes) list.push(scope.codes);
        if (scope.where) list.push(scope.where);
        for (const k of scope.keys ?? []) list.push(k);
    }
    const outcome = rule.outcome;
    list.push(outcome.violation.expr, ...outcome.involved.map(i => i.expr), ...outcome.evidence);
    if (outcome.amount) list.push(outcome.amount);
    if (outcome.message) list.push(outcome.message);
    if (outcome.statistic) list.push(outcome.statistic.value, ...(outcome.statistic.peer ? [outcome.statistic.peer] : []));
    return list;
}

/** 规则中全部表达式（含行槽与 仅当）。 */
export function allExpressions(rule: IrRule): IrExpr[] {
    return [...rule.rowSlots.map(s => s.expr), ...rule.onlyIf.map(o => o.expr), ...ruleExpressions(rule)];
}

/** 对规则中每个表达式做改写，返回新的规则。 */
export function rewriteRule(rule: IrRule, f: (e: IrExpr) => IrExpr): IrRule {
    const r = (e: IrExpr) => rewrite(e, f);
    const steps = (list: IrStep[]): IrStep[] => list.map(step => step.kind === 'let'
        ? { ...step, expr: r(step.expr) }
        : { ...step, expr: r(step.expr), observe: step.observe.map(o => ({ ...o, expr: r(o.expr) })) });
    const scope = rule.scope && {
        ...rule.scope,
        ...(rule.scope.sourceExpr ? { sourceExpr: r(rule.scope.sourceExpr) } : {}),
        ...(rule.scope.codes ? { codes: r(rule.scope.codes) } : {}),
        ...(rule.scope.where ? { where: r(rule.scope.where) } : {}),
        ...(rule.scope.keys ? { keys: rule.scope.keys.map(r) } : {})
    };
    const o = rule.outcome;
    return {
        ...rule,
        rowSlots: rule.rowSlots.map(s => ({ ...s, expr: r(s.expr) })),
        onlyIf: rule.onlyIf.map(x => ({ ...x, expr: r(x.expr) })),
        pre: steps(rule.pre),
        steps: steps(rule.steps),
        scope,
        outcome: {
            violation: { ...o.violation, expr: r(o.violation.expr) },
            involved: o.involved.map(i => ({ ...i, expr: r(i.expr) })),
            evidence: o.evidence.map(r),
            ...(o.amount ? { amount: r(o.amount) } : {}),
            ...(o.message ? { message: r(o.message) } : {}),
            ...(o.statistic ? { statistic: { ...o.statistic, value: r(o.statistic.value), ...(o.statistic.peer ? { peer: r(o.statistic.peer) } : {}) } } : {})
        }
    };
}
