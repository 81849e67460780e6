/**
 * IR 不变式检查：每个 pass 之后运行（见 pipeline.ts）。违反即编译器内部错误（抛异常），不是用户错误。
 *   - 每个节点有类型；
 *   - local 只引用此前定义的 令 或作用域绑定名；elem 的层级不超过所在的元素作用域层数；
 *   - param 引用的参数在规则参数表中；row 只出现在有行槽的规则中且槽已声明；matcher 下标在常量表范围内。
 */
import type { IrExpr, IrPack, IrRule } from './ir.js';
import { children } from './walk.js';

export class IrInvariantError extends Error {}

export function verifyIr(pack: IrPack, stage: string): void {
    for (const rule of pack.rules) verifyRule(rule, pack, stage);
}

function verifyRule(rule: IrRule, pack: IrPack, stage: string): void {
    const fail = (message: string) => {
        throw new IrInvariantError(`IR 不变式被破坏（${stage} 之后，规则 ${rule.id}）：${message}`);
    };
    const params = new Set(rule.params.map(p => p.name));
    const slots = new Set(rule.rowSlots.map(s => s.slot));
    const check = (e: IrExpr, locals: Set<string>, depth: number) => {
        if (!e || typeof e !== 'object' || !e.k) fail('表达式节点缺失');
        if (!e.ty) fail(`节点 ${e.k} 没有类型`);
        switch (e.k) {
            case 'local': if (!locals.has(e.name)) fail(`局部名称「${e.name}」在定义之前使用`); break;
            case 'elem': if (e.depth >= depth) fail(`元素层级 ${e.depth} 超出所在作用域（${depth} 层）`); break;
            case 'param': if (!params.has(e.name)) fail(`参数「${e.name}」不在参数表中`); break;
            case 'row': if (!slots.has(e.slot)) fail(`行槽「${e.slot}」未声明`); break;
            case 'matcher': if (e.id < 0 || e.id >= pack.matchers.length) fail(`代码集常量 ${e.id} 越界`); break;
        }
        if (e.k === 'filter') {
            check(e.src, locals, depth);
            check(e.cond, locals, depth + 1);
            return;
        }
        if (e.k === 'agg') {
            check(e.src, locals, depth);
            if (e.arg) check(e.arg, locals, depth + 1);
            return;
        }
        for (const child of children(e)) check(child, locals, depth);
    };
    const locals = new Set<string>();
    for (const s of rule.rowSlots) check(s.expr, locals, 0);
    for (const o of rule.onlyIf) check(o.expr, locals, 0);
    for (const step of rule.pre) {
        check(step.expr, locals, 0);
        if (step.kind === 'let') locals.add(step.name);
    }
    const scope = rule.scope;
    if (scope) {
        if (scope.sourceExpr) check(scope.sourceExpr, locals, 0);
        if (scope.codes) check(scope.codes, locals, 0);
        const withBinder = new Set([...locals, scope.binder]);
        if (scope.where) check(scope.where, withBinder, 1);
        for (const key of scope.keys ?? []) check(key, withBinder, 1);
        locals.add(scope.binder);
    }
    for (const step of rule.steps) {
        check(step.expr, locals, 0);
        if (step.kind === 'when') for (const o of step.observe) check(o.expr, locals, 0);
        if (step.kind === 'let') locals.add(step.name);
    }
    const outcome = rule.outcome;
    for (const e of [outcome.violation, ...outcome.involved, ...outcome.evidence]) check(e, locals, 0);
    if (outcome.amount) check(outcome.amount, locals, 0);
    if (outcome.message) check(outcome.message, locals, 0);
    const expanded = stage !== 'lower' && stage !== 'bindParams';
    if (expanded && rule.table) {
        for (const inst of rule.instances) {
            if (!inst.row || !inst.kp) fail('模板实例缺少行值或知识点');
        }
    }
}
