/**
 * IR 不变式检查：每个阶段之后运行（见 pipeline.ts）。违反即编译器内部错误（抛异常），不是用户错误。
 *   V1 每个节点有类型；运算名在契约的运算表里（contract/ops.ts）；
 *   V2 local 只引用此前定义的 令 或作用域绑定名；elem 的层级不超过所在的元素作用域层数；
 *   V3 param 引用的参数在规则参数表中；row 只出现在有该行槽的规则中；codes 下标在常量表范围内；
 *   V4 编译期节点（kb、知识点引用）只在行槽与 仅当 里；fold 之后规则的其余部分没有 kb 节点；
 *   V5 模板展开之后，模板规则的每个实例都有行值与知识点；
 *   V6 作用域元素与违规对象的种类与类型一致（明细来源的元素是明细 …）。
 */
import { isOpName, SOURCES } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule } from './ir.js';
import { children } from './walk.js';

export class IrInvariantError extends Error {}

/** 各阶段名（pipeline.ts STAGES）：决定哪些不变式已经应当成立。 */
const AFTER_EXPAND = new Set(['expand', 'fold', 'prune', 'dispatch']);
const AFTER_FOLD = new Set(['fold', 'prune', 'dispatch']);

export function verifyIr(pack: IrPack, stage: string): void {
    for (const rule of pack.rules) verifyRule(rule, pack, stage);
}

function verifyRule(rule: IrRule, pack: IrPack, stage: string): void {
    const fail = (message: string): never => {
        throw new IrInvariantError(`IR 不变式被破坏（${stage} 之后，规则 ${rule.id}）：${message}`);
    };
    const params = new Set(rule.params.map(p => p.name));
    const slots = new Set(rule.rowSlots.map(s => s.slot));
    const check = (e: IrExpr, locals: Set<string>, depth: number, compileTime: boolean) => {
        if (!e || typeof e !== 'object' || !e.k) fail('表达式节点缺失');
        if (!e.ty) fail(`节点 ${e.k} 没有类型`);
        switch (e.k) {
            case 'ref': {
                const ref = e.ref;
                if (ref.kind === 'local' && !locals.has(ref.name)) fail(`局部名称「${ref.name}」在定义之前使用`);
                if (ref.kind === 'param' && !params.has(ref.name)) fail(`参数「${ref.name}」不在参数表中`);
                if (ref.kind === 'row' && !slots.has(ref.slot)) fail(`行槽「${ref.slot}」未声明`);
                if (ref.kind === 'source' && !(ref.name in SOURCES)) fail(`来源「${ref.name}」不在契约中`);
                if (ref.kind === 'kp' && !compileTime) fail('知识点引用出现在行槽之外');
                break;
            }
            case 'elem': if (e.depth >= depth) fail(`元素层级 ${e.depth} 超出所在作用域（${depth} 层）`); break;
            case 'codes': if (e.id < 0 || e.id >= pack.matchers.length) fail(`代码集常量 ${e.id} 越界`); break;
            case 'op': if (!isOpName(e.op)) fail(`运算「${e.op}」不在运算表中`); break;
            case 'kb': if (!compileTime && AFTER_FOLD.has(stage)) fail(`编译期函数 ${e.fn} 在常量折叠之后仍留在规则里`); break;
            case 'lookup': if (!(e.source in SOURCES) || !('population' in SOURCES[e.source])) fail(`lookup 的来源「${e.source}」不是筛查集合`); break;
            case 'peer':
                if (rule.scope?.group !== 'cohort') fail('peer 出现在统计组规则之外');
                if (!locals.has(e.binder)) fail(`peer 的绑定名「${e.binder}」不在作用域中`);
                break;
        }
        if (e.k === 'filter') {
            check(e.src, locals, depth, compileTime);
            check(e.cond, locals, depth + 1, compileTime);
            return;
        }
        if (e.k === 'agg') {
            check(e.src, locals, depth, compileTime);
            if (e.arg) check(e.arg, locals, depth + 1, compileTime);
            return;
        }
        for (const child of children(e)) check(child, locals, depth, compileTime);
    };
    const locals = new Set<string>();
    for (const s of rule.rowSlots) check(s.expr, locals, 0, true);
    for (const o of rule.onlyIf) check(o.expr, locals, 0, true);
    for (const step of rule.pre) {
        check(step.expr, locals, 0, false);
        if (step.kind === 'let') locals.add(step.name);
    }
    const scope = rule.scope;
    if (scope) {
        if (scope.source !== 'expr') {
            const declared = SOURCES[scope.source];
            if (!declared.list) fail(`作用域来源「${scope.source}」不是列表`);
            if (scope.elementType.record !== declared.record) fail(`作用域元素类型（${scope.elementType.record ?? scope.elementType.kind}）与来源「${scope.source}」不符`);
        } else if (!scope.sourceExpr) fail('作用域来源是表达式却没有表达式');
        if (scope.sourceExpr) check(scope.sourceExpr, locals, 0, false);
        if (scope.codes) check(scope.codes, locals, 0, false);
        const withBinder = new Set([...locals, scope.binder]);
        if (scope.where) check(scope.where, withBinder, 1, false);
        for (const key of scope.keys ?? []) check(key, withBinder, 1, false);
        locals.add(scope.binder);
    }
    for (const step of rule.steps) {
        check(step.expr, locals, 0, false);
        if (step.kind === 'when') for (const o of step.observe) check(o.expr, locals, 0, false);
        if (step.kind === 'let') locals.add(step.name);
    }
    const outcome = rule.outcome;
    for (const e of [outcome.violation.expr, ...outcome.involved.map(i => i.expr), ...outcome.evidence]) check(e, locals, 0, false);
    if (outcome.amount) check(outcome.amount, locals, 0, false);
    if (outcome.message) check(outcome.message, locals, 0, false);
    if (outcome.statistic) for (const e of [outcome.statistic.value, ...(outcome.statistic.peer ? [outcome.statistic.peer] : [])]) check(e, locals, 0, false);
    if ((rule.population === 'set') !== (rule.scope?.group === 'cohort')) fail('population = set 当且仅当作用域是统计组');
    if (outcome.violation.kind === 'cohort' && rule.scope?.group !== 'cohort') fail('违规对象是统计组，作用域却不是');
    const vt = outcome.violation.expr.ty;
    const expected = outcome.violation.kind === 'lines' ? 'list' : 'record';
    if (vt.kind !== expected) fail(`违规对象的种类（${outcome.violation.kind}）与类型（${vt.kind}）不符`);
    if (AFTER_EXPAND.has(stage) && rule.table) {
        for (const inst of rule.instances) {
            if (!inst.row || !inst.kp) fail('模板实例缺少行值或知识点');
        }
    }
}
