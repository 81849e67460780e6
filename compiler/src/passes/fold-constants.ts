/**
 * 常量折叠：不依赖理赔、参数、行值的子树在编译时求值，变成字面量（代码集进入常量表）。
 * 例：`1天 × 14`、`{ "A" } + { "B" }`、`计数(知识点表("…")) > 3`。结果不能放进规则包的（如知识点记录列表）保持原样。
 */
import { CodeMatcher } from '@zhishen/runtime';
import type { IrExpr, IrPack } from '../ir/ir.js';
import { rewriteRule } from '../ir/walk.js';
import type { CompileTimeContext } from '../interpret/evaluate.js';
import { evaluateConstant, NotConstant } from '../interpret/evaluate.js';

const DYNAMIC = new Set(['param', 'row', 'local', 'elem', 'global', 'age', 'window']);

export function foldConstants(pack: IrPack, compileTime: CompileTimeContext): IrPack {
    for (const rule of pack.rules) {
        rewriteRule(rule, e => fold(e, compileTime));
    }
    return pack;
}

function fold(e: IrExpr, compileTime: CompileTimeContext): IrExpr {
    if (e.k === 'lit' || e.k === 'matcher' || DYNAMIC.has(e.k)) return e;
    // 子节点都已折叠：只有全部是常量时才尝试
    if (!childrenConstant(e)) return e;
    let value: unknown;
    try {
        value = evaluateConstant(e, compileTime);
    } catch (error) {
        if (error instanceof NotConstant) return e;
        throw error;
    }
    if (value instanceof CodeMatcher) return { k: 'matcher', ty: e.ty, id: compileTime.matchers.fromValue(value)! };
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { k: 'lit', ty: e.ty, v: value };
    if (Array.isArray(value) && value.every(v => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return { k: 'lit', ty: e.ty, v: value };
    return e;
}

function childrenConstant(e: IrExpr): boolean {
    const isConst = (x: IrExpr) => x.k === 'lit' || x.k === 'matcher';
    switch (e.k) {
        case 'call': return e.args.every(isConst) && e.fn !== 'kp_table' && e.fn !== 'catalogue' ? true : e.args.every(isConst);
        case 'arith': case 'cmp': case 'and': case 'or': case 'in': case 'contains': case 'match': return isConst(e.l) && isConst(e.r);
        case 'neg': case 'not': return isConst(e.e);
        case 'if': return isConst(e.c) && isConst(e.t) && isConst(e.e);
        case 'set': return e.elems.every(isConst);
        case 'extreme': return e.args.every(isConst);
        case 'text': return e.parts.every(p => typeof p === 'string' || isConst(p.e));
        case 'field': return isConst(e.recv);
        case 'index': return isConst(e.recv) && isConst(e.idx);
        case 'agg': return isConst(e.src) && (!e.arg || !hasDynamic(e.arg));
        case 'filter': return isConst(e.src) && !hasDynamic(e.cond);
        default: return false;
    }
}

function hasDynamic(e: IrExpr): boolean {
    if (DYNAMIC.has(e.k) && e.k !== 'elem') return true;
    switch (e.k) {
        case 'field': return hasDynamic(e.recv);
        case 'call': return e.args.some(hasDynamic);
        case 'arith': case 'cmp': case 'and': case 'or': case 'in': case 'contains': case 'match': return hasDynamic(e.l) || hasDynamic(e.r);
        case 'neg': case 'not': return hasDynamic(e.e);
        case 'if': return hasDynamic(e.c) || hasDynamic(e.t) || hasDynamic(e.e);
        default: return false;
    }
}
