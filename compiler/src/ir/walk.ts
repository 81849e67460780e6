/**
 * IR 遍历：子表达式、规则中的全部表达式、按节点改写。
 */
import type { IrExpr, IrRule } from './ir.js';

export function children(e: IrExpr): IrExpr[] {
    switch (e.k) {
        case 'lit': case 'matcher': case 'param': case 'row': case 'local': case 'elem': case 'global': return [];
        case 'field': return [e.recv];
        case 'age': return [e.at];
        case 'call': return e.args;
        case 'arith': case 'cmp': case 'and': case 'or': case 'in': case 'contains': case 'match': return [e.l, e.r];
        case 'neg': case 'not': return [e.e];
        case 'filter': return [e.src, e.cond];
        case 'window': return e.duration ? [e.src, e.duration] : [e.src];
        case 'agg': return e.arg ? [e.src, e.arg] : [e.src];
        case 'extreme': return e.args;
        case 'if': return [e.c, e.t, e.e];
        case 'set': return e.elems;
        case 'index': return [e.recv, e.idx];
        case 'text': return e.parts.flatMap(p => typeof p === 'string' ? [] : [p.e]);
    }
}

/** 自底向上改写：f 收到子节点已改写的节点，返回替换（或原节点）。 */
export function rewrite(e: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
    const r = (x: IrExpr) => rewrite(x, f);
    let copy: IrExpr;
    switch (e.k) {
        case 'field': copy = { ...e, recv: r(e.recv) }; break;
        case 'age': copy = { ...e, at: r(e.at) }; break;
        case 'call': copy = { ...e, args: e.args.map(r) }; break;
        case 'arith': case 'cmp': case 'and': case 'or': case 'in': case 'contains': case 'match': copy = { ...e, l: r(e.l), r: r(e.r) } as IrExpr; break;
        case 'neg': case 'not': copy = { ...e, e: r(e.e) } as IrExpr; break;
        case 'filter': copy = { ...e, src: r(e.src), cond: r(e.cond) }; break;
        case 'window': copy = { ...e, src: r(e.src), ...(e.duration ? { duration: r(e.duration) } : {}) }; break;
        case 'agg': copy = { ...e, src: r(e.src), ...(e.arg ? { arg: r(e.arg) } : {}) }; break;
        case 'extreme': copy = { ...e, args: e.args.map(r) }; break;
        case 'if': copy = { ...e, c: r(e.c), t: r(e.t), e: r(e.e) }; break;
        case 'set': copy = { ...e, elems: e.elems.map(r) }; break;
        case 'index': copy = { ...e, recv: r(e.recv), idx: r(e.idx) }; break;
        case 'text': copy = { ...e, parts: e.parts.map(p => typeof p === 'string' ? p : { e: r(p.e), display: p.display }) }; break;
        default: copy = e;
    }
    return f(copy);
}

export function someNode(e: IrExpr, predicate: (e: IrExpr) => boolean): boolean {
    if (predicate(e)) return true;
    return children(e).some(c => someNode(c, predicate));
}

/** 规则中所有顶层表达式（用于遍历与改写）。 */
export function ruleExpressions(rule: IrRule): IrExpr[] {
    const list: IrExpr[] = [];
    for (const s of rule.rowSlots) list.push(s.expr);
    for (const o of rule.onlyIf) list.push(o.expr);
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
    list.push(outcome.violation, ...outcome.involved, ...outcome.evidence);
    if (outcome.amount) list.push(outcome.amount);
    if (outcome.message) list.push(outcome.message);
    return list;
}

/** 对规则中每个顶层表达式做改写（原地替换）。 */
export function rewriteRule(rule: IrRule, f: (e: IrExpr) => IrExpr): void {
    const r = (e: IrExpr) => rewrite(e, f);
    rule.rowSlots = rule.rowSlots.map(s => ({ ...s, expr: r(s.expr) }));
    rule.onlyIf = rule.onlyIf.map(o => ({ ...o, expr: r(o.expr) }));
    const steps = (list: IrRule['pre']) => list.map(step => step.kind === 'let'
        ? { ...step, expr: r(step.expr) }
        : { ...step, expr: r(step.expr), observe: step.observe.map(o => ({ ...o, expr: r(o.expr) })) });
    rule.pre = steps(rule.pre);
    rule.steps = steps(rule.steps);
    if (rule.scope) {
        const s = rule.scope;
        if (s.sourceExpr) s.sourceExpr = r(s.sourceExpr);
        if (s.codes) s.codes = r(s.codes);
        if (s.where) s.where = r(s.where);
        if (s.keys) s.keys = s.keys.map(r);
    }
    const o = rule.outcome;
    o.violation = r(o.violation);
    o.involved = o.involved.map(r);
    o.evidence = o.evidence.map(r);
    if (o.amount) o.amount = r(o.amount);
    if (o.message) o.message = r(o.message);
}
