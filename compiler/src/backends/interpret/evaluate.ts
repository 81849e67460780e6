/**
 * 参照解释器：直接对 IR 求值（不生成代码）。两个用途：
 * 1. 编译期常量求值（代码集、参数默认值、知识点行槽、仅当、常量折叠）——此时没有理赔，遇到依赖理赔的节点抛 NotConstant；
 * 2. 与生成的规则包做差分：同一 IR、同一理赔，两者输出必须逐字节相同。
 * 运算按名字查 ops.ts 这一列（即契约 contract/ops.ts 的实现）；集合节点（过滤、聚合、时间窗）用运行时与生成代码共用的同一组函数。
 */
import { CodeMatcher, formatValue, isPopulationSource, OPS, ops } from '@zhishen/runtime';
import type { CompileTimeFunction } from '@zhishen/runtime';
import { DIAGNOSIS_CATALOGUE, mapIndication } from '@zhishen/language';
import type { IrExpr } from '../../ir/ir.js';
import type { CompileTimeContext, EvalEnv } from './env.js';
import { NotConstant } from './env.js';
import { INTERPRET_OPS } from './ops.js';

export { NotConstant };
export type { CompileTimeContext, EvalEnv };

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
        case 'codes': return env.matcher(e.id);
        case 'ref': {
            const ref = e.ref;
            switch (ref.kind) {
                case 'param':
                    if (!env.P) throw new NotConstant(`参数「${ref.name}」`);
                    return env.P[ref.name] ?? null;
                case 'row':
                    if (!env.row || !(ref.slot in env.row)) throw new NotConstant(`行值 ${ref.slot}`);
                    return env.row[ref.slot];
                case 'local':
                    if (!(ref.name in env.locals)) throw new NotConstant(`「${ref.name}」`);
                    return env.locals[ref.name];
                case 'kp':
                    if (!env.kp) throw new NotConstant('模板的知识点行');
                    return env.kp;
                case 'source':
                    if (!env.ctx) throw new NotConstant(`「${ref.name}」`);
                    if (isPopulationSource(ref.name)) return ops.population(env.ctx, ref.name);
                    return env.ctx.claim[ref.name] ?? null;
            }
            break;
        }
        case 'elem': {
            const index = env.elems.length - 1 - e.depth;
            if (index < 0) throw new NotConstant('元素');
            return env.elems[index];
        }
        case 'field': {
            const recv = evaluate(e.recv, env);
            return e.each ? ops.project(recv, e.prop) : ops.field(recv, e.prop);
        }
        case 'op': {
            const short = OPS[e.op] as { shortCircuit?: boolean };
            if (short.shortCircuit !== undefined) {
                const left = evaluate(e.args[0], env);
                if (left === short.shortCircuit) return left;
                return INTERPRET_OPS[e.op]([left, evaluate(e.args[1], env)], env);
            }
            return INTERPRET_OPS[e.op](e.args.map(a => evaluate(a, env)), env);
        }
        case 'filter': return ops.filter(evaluate(e.src, env), item => withElem(env, item, () => evaluate(e.cond, env)));
        case 'window': {
            if (!env.ctx) throw new NotConstant('时间窗');
            const days = e.days ? evaluate(e.days, env) as number | null : null;
            return ops.window(evaluate(e.ref, env) as number | null, evaluate(e.src, env), days, e.calendar ?? null, e.date.prop, e.date.fallback ?? null);
        }
        case 'agg': {
            const arg = e.arg;
            return ops.aggregate(e.fn, evaluate(e.src, env), arg ? item => withElem(env, item, () => evaluate(arg, env)) : null, e.whole);
        }
        case 'if': return evaluate(e.c, env) === true ? evaluate(e.t, env) : evaluate(e.e, env);
        case 'text': {
            let out = '';
            for (const part of e.parts) out += typeof part === 'string' ? part : formatValue(evaluate(part.e, env), part.display);
            return out;
        }
        case 'kb': return knowledgeBase(e.fn, e.args.map(a => evaluate(a, env)), env);
        case 'lookup': {
            if (!env.ctx) throw new NotConstant('筛查集合');
            return ops.lookup(env.ctx, e.source, e.prop, evaluate(e.key, env));
        }
        case 'peer': {
            if (!env.ctx) throw new NotConstant('同级统计');
            // 对另一个统计组 g：绑定名换成 g，其余局部名称不变
            const at = (g: unknown): EvalEnv => ({ ...env, locals: Object.assign(Object.create(null) as Record<string, unknown>, env.locals, { [e.binder]: g }), elems: [] });
            return ops.peer(
                env.ctx, e.id, env.locals[e.binder],
                g => evaluate(e.value, at(g)),
                g => e.keys.map(k => evaluate(k, at(g))),
                e.stat,
                e.arg ? evaluate(e.arg, env) as number | null : null,
                e.min ? evaluate(e.min, env) as number | null : null
            );
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

// ───────────── 编译期函数（知识库） ─────────────

function knowledgeBase(fn: CompileTimeFunction, args: unknown[], env: EvalEnv): unknown {
    const compileTime = env.compileTime;
    if (!compileTime) throw new NotConstant('知识库函数只能在编译时求值');
    const name = args[0];
    const kb = compileTime.kb;
    switch (fn) {
        case 'kp_table': {
            if (typeof name !== 'string') return [];
            return (kb?.kpTables.get(name.trim()) ?? []).map(kpRecord);
        }
        case 'kb_code_set': {
            const set = typeof name === 'string' ? kb?.codeSets.get(name) : undefined;
            return new CodeMatcher({ codes: set?.codes ?? [], prefixes: set?.prefixes ?? [] });
        }
        case 'catalogue': {
            if (typeof name !== 'string' || !kb) return [];
            const entries = kb.catalogues.get(name as never) ?? [];
            return entries.map(entry => ({ code: entry.code, name: entry.name, spec: entry.spec ?? null, dosform: entry.dosform ?? null, restriction: entry.restriction ?? null }));
        }
        case 'indication_codes': {
            // 适应症文字 → ICD-10 编码族（language/src/kb/indications.ts），用知识库的诊断目录补充概念表
            if (typeof name !== 'string') return null;
            return mapIndication(name, kb?.catalogues.get(DIAGNOSIS_CATALOGUE) ?? []).set;
        }
    }
}

/** 知识点 → 编译期的记录（属性名即契约里 kp 记录的属性，contract/records.ts）。 */
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
