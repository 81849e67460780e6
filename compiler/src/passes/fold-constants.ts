/**
 * fold：常量子树在编译时求值，变成字面量（代码集进入常量表）。常量 = 只含字面量、代码集与纯运算（不看理赔、参数、
 * 行值、局部名称、元素）。例：`1天 × 14`、`{ "A" } + { "B" }`、`计数(知识点表("…")) > 3`、`知识库代码集("床位费")`。
 * 结果放不进规则包的（如知识点记录列表）保持原样；这样的 kb 节点若留在规则里，verifyIr 会指出来。
 */
import { CodeMatcher, OPS } from '@zhishen/runtime';
import type { IrExpr, IrPack } from '../ir/ir.js';
import { CodeSetTable } from '../ir/code-sets.js';
import { rewriteRule, ruleExpressions, someNode } from '../ir/walk.js';
import type { CompileTimeContext } from '../backends/interpret/evaluate.js';
import { evaluateConstant, NotConstant } from '../backends/interpret/evaluate.js';
import type { PassContext } from './context.js';
import { compileDiagnostic } from '../diagnostics.js';

export function foldConstants(pack: IrPack, context: PassContext): IrPack {
    const compileTime: CompileTimeContext = { kb: context.kb, matchers: CodeSetTable.from(pack.matchers) };
    const rules = pack.rules.map(rule => {
        const folded = rewriteRule(rule, e => fold(e, compileTime));
        // 规则求值时没有知识库：折叠不掉的知识库函数（结果依赖理赔数据）是规则的写法问题，不是编译器错误
        if (ruleExpressions(folded).some(e => someNode(e, n => n.k === 'kb'))) {
            context.diagnostics.push(compileDiagnostic('ZC0103', { rule: rule.id }, rule.source));
        }
        return folded;
    });
    return { ...pack, rules, matchers: compileTime.matchers.all() };
}

function fold(e: IrExpr, compileTime: CompileTimeContext): IrExpr {
    if (!foldable(e)) return e;
    let value: unknown;
    try {
        value = evaluateConstant(e, compileTime);
    } catch (error) {
        if (error instanceof NotConstant) return e;
        throw error;
    }
    if (value instanceof CodeMatcher) return { k: 'codes', ty: e.ty, id: compileTime.matchers.add(value) };
    // 代码集类型的编码列表（如 知识点表(…).编码）：进入常量表，与字面代码集一样可分派
    if (e.ty.kind === 'set' && Array.isArray(value) && value.every(v => typeof v === 'string')) return { k: 'codes', ty: e.ty, id: compileTime.matchers.add({ codes: value as string[] }) };
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { k: 'lit', ty: e.ty, v: value };
    if (Array.isArray(value) && value.every(v => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return { k: 'lit', ty: e.ty, v: value };
    return e;
}

const isConst = (x: IrExpr) => x.k === 'lit' || x.k === 'codes';
/** 常量，或参数都是常量的知识库函数（结果可能放不进规则包，但可以作为折叠的输入）。 */
const isConstLike = (x: IrExpr) => isConst(x) || (x.k === 'kb' && x.args.every(isConst));

/**
 * 子节点都已折叠（rewrite 自底向上）：节点本身可折叠，当且仅当它的直接子节点都是常量（filter / agg 的逐元素表达式只要
 * 不看元素以外的动态值）。要上下文的运算（年龄于 …）不折叠。
 */
function foldable(e: IrExpr): boolean {
    switch (e.k) {
        case 'lit': case 'codes': case 'ref': case 'elem': case 'window': case 'lookup': case 'peer': return false;
        case 'op': return !(OPS[e.op] as { context?: true }).context && e.args.every(isConstLike);
        case 'kb': return e.args.every(isConst);
        case 'field': return isConstLike(e.recv);
        case 'if': return isConst(e.c) && isConst(e.t) && isConst(e.e);
        case 'text': return e.parts.every(p => typeof p === 'string' || isConst(p.e));
        case 'agg': return isConstLike(e.src) && (!e.arg || !dynamic(e.arg));
        case 'filter': return isConstLike(e.src) && !dynamic(e.cond);
    }
}

/** 依赖理赔、参数、行值或局部名称（元素本身不算：逐元素表达式里的元素由 filter / agg 提供）。 */
function dynamic(e: IrExpr): boolean {
    switch (e.k) {
        case 'ref': case 'window': case 'lookup': case 'peer': return true;
        case 'elem': case 'lit': case 'codes': return false;
        case 'op': return !!(OPS[e.op] as { context?: true }).context || e.args.some(dynamic);
        case 'kb': return e.args.some(dynamic);
        case 'field': return dynamic(e.recv);
        case 'if': return dynamic(e.c) || dynamic(e.t) || dynamic(e.e);
        case 'text': return e.parts.some(p => typeof p !== 'string' && dynamic(p.e));
        case 'filter': return dynamic(e.src) || dynamic(e.cond);
        case 'agg': return dynamic(e.src) || (!!e.arg && dynamic(e.arg));
    }
}
