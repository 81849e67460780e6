/**
 * 参照解释器的规则求值函数：直接解释 IR。与生成的规则包实现同一接口（契约 RuleCode），由同一个引擎驱动。
 */
import type { CodeMatcher, EvalContext, Hit, Instance, ParamValues, RuleCode, Tracer } from '@zhishen/runtime';
import type { IrExpr, IrRule, IrStep } from '../../ir/ir.js';
import { evaluate } from './evaluate.js';
import type { EvalEnv } from './evaluate.js';

export function interpretRule(rule: IrRule, matcher: (id: number) => CodeMatcher): RuleCode {
    const scope = rule.scope;
    // 局部名称放在没有原型的对象里：用户的名称可以是 __proto__、constructor 之类，生成的代码里它们只是 v0、v1…
    const makeEnv = (ctx: EvalContext, inst: Instance, P: ParamValues, locals: Record<string, unknown>): EvalEnv => ({
        ctx, P, row: inst.row, locals: Object.assign(Object.create(null) as Record<string, unknown>, locals), elems: [], matcher
    });
    const runSteps = (steps: IrStep[], offset: number, env: EvalEnv, tr: Tracer | null): boolean => {
        for (let i = 0; i < steps.length; i++) {
            const step = steps[i];
            if (step.kind === 'let') {
                const value = evaluate(step.expr, env);
                env.locals[step.name] = value;
                if (tr) tr.let(offset + i, value);
            } else {
                const result = evaluate(step.expr, env);
                if (tr) tr.when(offset + i, result, step.observe.map(o => safeEvaluate(o.expr, env)));
                if (result !== true) return false;
            }
        }
        return true;
    };
    const code: RuleCode = {
        prepare(ctx, inst, P, tr) {
            const env = makeEnv(ctx, inst, P, {});
            return runSteps(rule.pre, 0, env, tr) ? env.locals : null;
        },
        check(ctx, inst, P, envLocals, elem, tr) {
            const env = makeEnv(ctx, inst, P, envLocals);
            if (scope) env.locals[scope.binder] = elem;
            if (!runSteps(rule.steps, rule.pre.length, env, tr)) return null;
            const outcome = rule.outcome;
            const hit: Hit = {
                violation: evaluate(outcome.violation.expr, env),
                involved: outcome.involved.map(i => evaluate(i.expr, env)),
                message: outcome.message ? evaluate(outcome.message, env) as string | null : null,
                evidence: outcome.evidence.map(e => evaluate(e, env) as string | null)
            };
            if (outcome.amount) hit.amount = evaluate(outcome.amount, env) as number | null;
            if (outcome.statistic) {
                hit.statistic = { value: evaluate(outcome.statistic.value, env), peer: outcome.statistic.peer ? evaluate(outcome.statistic.peer, env) : null };
            }
            return hit;
        }
    };
    if (scope?.source === 'expr' && scope.sourceExpr) {
        const sourceExpr = scope.sourceExpr;
        code.elements = (ctx, inst, P, env) => toArray(evaluate(sourceExpr, makeEnv(ctx, inst, P, { ...env })));
    }
    if (scope?.where) {
        const where = scope.where;
        code.where = (ctx, inst, P, env, elem) => {
            const e = makeEnv(ctx, inst, P, { ...env, [scope.binder]: elem });
            e.elems.push(elem);
            return evaluate(where, e) === true;
        };
    }
    if (scope?.keys) {
        const keys = scope.keys;
        code.key = (ctx, inst, P, env, elem) => {
            const e = makeEnv(ctx, inst, P, { ...env, [scope.binder]: elem });
            e.elems.push(elem);
            const values = keys.map(k => evaluate(k, e));
            return values.length === 1 ? values[0] : values;
        };
    }
    return code;
}

function safeEvaluate(expr: IrExpr, env: EvalEnv): unknown {
    try {
        return evaluate(expr, env);
    } catch {
        return null;
    }
}

function toArray(value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    if (value instanceof Set) return [...value];
    return [];
}
