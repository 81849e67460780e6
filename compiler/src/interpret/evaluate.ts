/**
 * 参照解释器：直接对 IR 求值（不生成代码）。两个用途：
 * 1. 编译期常量求值（代码集、参数默认值、知识点行槽、仅当）——此时没有理赔，遇到依赖理赔的节点抛 NotConstant；
 * 2. 测试中与生成的规则包做差分：同一 IR、同一理赔，两者输出必须逐字节相同。
 * 语义与 runtime/src/engine/ops.ts 共用（三值逻辑、micro 整数、分钟）。
 */
import type { EvalContext, ParamValues } from '@zhishen/runtime';
import { CodeMatcher, FUNCTIONS, formatValue, ops } from '@zhishen/runtime';
import type { KnowledgeBase } from '@zhishen/language';
import { mapIndication } from '@zhishen/language';
import type { IrExpr } from '../ir/ir.js';
import type { MatcherTable } from '../lower/matchers.js';

export class NotConstant extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

export interface CompileTimeContext {
    kb?: KnowledgeBase;
    matchers: MatcherTable;
}

export interface EvalEnv {
    ctx: EvalContext | null;
    P: ParamValues | null;
    row: Record<string, unknown> | null;
    locals: Record<string, unknown>;
    /** 元素栈：最内层在末尾 */
    elems: unknown[];
    matcher(id: number): CodeMatcher;
    /** 编译期：知识点展开时的当前知识点记录 */
    kp?: Record<string, unknown>;
    compileTime?: CompileTimeContext;
}

const CONTEXT_FUNCTIONS = new Set(['age_at', 'diagnosis_name', 'dict_label']);

export function evaluateConstant(expr: IrExpr, compileTime: CompileTimeContext, extra: Partial<EvalEnv> = {}): unknown {
    return evaluate(expr, {
        ctx: null, P: null, row: null, locals: {}, elems: [],
        matcher: id => compileTime.matchers.matcher(id),
        compileTime,
        ...extra
    });
}

export function evaluate(e: IrExpr, env: EvalEnv): unknown {
    switch (e.k) {
        case 'lit': return e.v;
        case 'matcher': return env.matcher(e.id);
        case 'param':
            if (!env.P) throw new NotConstant(`参数「${e.name}」`);
            return env.P[e.name] ?? null;
        case 'row':
            if (!env.row || !(e.slot in env.row)) throw new NotConstant(`行值 ${e.slot}`);
            return env.row[e.slot];
        case 'local':
            if (!(e.name in env.locals)) throw new NotConstant(`「${e.name}」`);
            return env.locals[e.name];
        case 'elem': {
            const index = env.elems.length - 1 - e.depth;
            if (index < 0) throw new NotConstant('元素');
            return env.elems[index];
        }
        case 'global': {
            if (e.name === 'kp') {
                if (!env.kp) throw new NotConstant('知识点');
                return env.kp;
            }
            if (!env.ctx) throw new NotConstant(`「${e.name}」`);
            return (env.ctx.claim as unknown as Record<string, unknown>)[e.name] ?? null;
        }
        case 'field': {
            const recv = evaluate(e.recv, env);
            return e.project ? ops.project(recv, e.prop) : ops.field(recv, e.prop);
        }
        case 'age': {
            if (!env.ctx) throw new NotConstant('年龄');
            return FUNCTIONS.age_at(env.ctx, evaluate(e.at, env));
        }
        case 'call': {
            const args = e.args.map(a => evaluate(a, env));
            if (e.fn === 'kp_table') return kpTable(env, args[0]);
            if (e.fn === 'catalogue') return catalogue(env, args[0]);
            if (e.fn === 'kb_code_set') return kbCodeSet(env, args[0]);
            if (e.fn === 'indication_codes') return indicationCodes(env, args[0]);
            const fn = FUNCTIONS[e.fn];
            if (!fn) throw new Error(`内置函数 ${e.fn} 没有实现`);
            if (!env.ctx && CONTEXT_FUNCTIONS.has(e.fn)) throw new NotConstant(`函数 ${e.fn}`);
            return fn(env.ctx as EvalContext, ...args);
        }
        case 'arith': return arith(e, env);
        case 'neg': {
            const v = evaluate(e.e, env) as number | null;
            if (v === null) return null;
            return e.ty.kind === 'duration' || e.ty.kind === 'age' ? ops.minusWhole(0, v) : ops.negate(v);
        }
        case 'cmp': {
            let l = evaluate(e.l, env) as number | string | null;
            let r = evaluate(e.r, env) as number | string | null;
            if (e.ordinal) {
                l = ops.ordinal(e.ordinal, l);
                r = ops.ordinal(e.ordinal, r);
            }
            if (e.widen === 'left') l = ops.dayToMinute(l as number | null);
            if (e.widen === 'right') r = ops.dayToMinute(r as number | null);
            switch (e.op) {
                case '=': return ops.eq(l, r);
                case '!=': return ops.ne(l, r);
                case '<': return ops.lt(l, r);
                case '<=': return ops.le(l, r);
                case '>': return ops.gt(l, r);
                case '>=': return ops.ge(l, r);
            }
            break;
        }
        case 'and': {
            const l = evaluate(e.l, env) as ops.Truth;
            if (l === false) return false;
            return ops.and(l, evaluate(e.r, env) as ops.Truth);
        }
        case 'or': {
            const l = evaluate(e.l, env) as ops.Truth;
            if (l === true) return true;
            return ops.or(l, evaluate(e.r, env) as ops.Truth);
        }
        case 'not': return ops.not(evaluate(e.e, env) as ops.Truth);
        case 'in': {
            const v = ops.member(evaluate(e.l, env), evaluate(e.r, env));
            return e.negate ? ops.not(v) : v;
        }
        case 'contains': {
            const v = ops.contains(evaluate(e.l, env), evaluate(e.r, env));
            return e.negate ? ops.not(v) : v;
        }
        case 'match': return ops.matches(evaluate(e.l, env), evaluate(e.r, env));
        case 'filter': return ops.filter(evaluate(e.src, env), item => withElem(env, item, () => evaluate(e.cond, env)));
        case 'window': {
            if (!env.ctx) throw new NotConstant('时间窗');
            const days = e.duration ? evaluate(e.duration, env) as number | null : null;
            return ops.window(env.ctx.claim.encounter.adm_date, evaluate(e.src, env), days, e.calendar ?? null, e.dateProp);
        }
        case 'agg': {
            const arg = e.arg;
            return ops.aggregate(e.fn, evaluate(e.src, env), arg ? item => withElem(env, item, () => evaluate(arg, env)) : null, e.whole);
        }
        case 'extreme': return ops.scalarExtreme(e.args.map(a => evaluate(a, env)), e.max);
        case 'if': return evaluate(e.c, env) === true ? evaluate(e.t, env) : evaluate(e.e, env);
        case 'set': return ops.makeSet(e.elems.map(x => evaluate(x, env)));
        case 'index': return ops.index(evaluate(e.recv, env), evaluate(e.idx, env) as number | null);
        case 'text': {
            let out = '';
            for (const part of e.parts) out += typeof part === 'string' ? part : formatValue(evaluate(part.e, env), part.display);
            return out;
        }
    }
    throw new Error(`未知 IR 节点 ${(e as IrExpr).k}`);
}

function withElem(env: EvalEnv, item: unknown, body: () => unknown): unknown {
    env.elems.push(item);
    try {
        return body();
    } finally {
        env.elems.pop();
    }
}

function arith(e: Extract<IrExpr, { k: 'arith' }>, env: EvalEnv): unknown {
    let l = evaluate(e.l, env);
    let r = evaluate(e.r, env);
    if (e.swap) [l, r] = [r, l];
    const a = l as number | null;
    const b = r as number | null;
    switch (e.mode) {
        case 'decimal':
            return e.op === '+' ? ops.plus(a, b) : e.op === '-' ? ops.minus(a, b) : e.op === '*' ? ops.times(a, b) : ops.divide(a, b);
        case 'whole': return e.op === '+' ? ops.plusWhole(a, b) : ops.minusWhole(a, b);
        case 'scale': return ops.scale(a, b);
        case 'unscale': return ops.unscale(a, b);
        case 'ratio': return ops.ratio(a, b);
        case 'date-shift': return ops.dateShift(a, b, e.op === '-' && !e.swap ? -1 : 1);
        case 'date-diff': return ops.dateDiff(a, b);
        case 'time-shift': return e.op === '-' && !e.swap ? ops.minusWhole(a, b) : ops.plusWhole(a, b);
        case 'time-diff': {
            const x = e.l.ty.kind === 'date' ? ops.dayToMinute(a) : a;
            const y = e.r.ty.kind === 'date' ? ops.dayToMinute(b) : b;
            return ops.minusWhole(x, y);
        }
        case 'concat': return ops.concat(l as string | null, r as string | null);
        case 'union': return ops.union(l, r);
        case 'difference': return ops.difference(l, r);
    }
}

// ───────────── 编译期函数 ─────────────

function kpTable(env: EvalEnv, name: unknown): unknown {
    const kb = env.compileTime?.kb;
    if (!env.compileTime) throw new NotConstant('知识点表只能在编译时求值');
    if (typeof name !== 'string') return [];
    const rows = kb?.kpTables.get(name.trim()) ?? [];
    return rows.map(kpRecord);
}

/** 知识点 → 运行时记录（属性名即内置库 记录 知识点 的字段来源）。 */
export function kpRecord(kp: { kp_id: string; rule_class: string; gz_code: string; med_codes: string[]; item_name: string; constraint: string; detect_logic: string; batch_tag: string }): Record<string, unknown> {
    return {
        kp_id: kp.kp_id,
        rule_class: kp.rule_class,
        gz_code: kp.gz_code,
        med_codes: kp.med_codes,
        first_code: kp.med_codes[0] ?? null,
        rest_codes: kp.med_codes.slice(1),
        item_name: kp.item_name,
        constraint: kp.constraint,
        detect_logic: kp.detect_logic,
        batch_tag: kp.batch_tag
    };
}

function kbCodeSet(env: EvalEnv, name: unknown): unknown {
    if (!env.compileTime) throw new NotConstant('知识库代码集只能在编译时求值');
    const set = typeof name === 'string' ? env.compileTime.kb?.codeSets.get(name) : undefined;
    return new CodeMatcher({ codes: set?.codes ?? [], prefixes: set?.prefixes ?? [] });
}

/** 适应症文字 → ICD-10 编码族（language/src/kb/indications.ts），用知识库的诊断目录补充概念表。 */
function indicationCodes(env: EvalEnv, text: unknown): unknown {
    if (!env.compileTime) throw new NotConstant('适应症编码只能在编译时求值');
    if (typeof text !== 'string') return null;
    return mapIndication(text, env.compileTime.kb?.catalogues.get('诊断') ?? []).set;
}

function catalogue(env: EvalEnv, name: unknown): unknown {
    if (!env.compileTime) throw new NotConstant('目录只能在编译时求值');
    const kb = env.compileTime.kb;
    if (typeof name !== 'string' || !kb) return [];
    const entries = kb.catalogues.get(name as never) ?? [];
    return entries.map(entry => ({ code: entry.code, name: entry.name, spec: entry.spec ?? null, dosform: entry.dosform ?? null, restriction: entry.restriction ?? null }));
}
