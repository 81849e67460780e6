/**
 * 参照解释器的 RuleProgram：直接解释 IR。与生成的规则包实现同一接口，由同一个引擎驱动。
 */
import type { CodeMatcher, EvalContext, Hit, Instance, ParamValues, RuleProgram, StepMeta, Tracer } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule, IrStep } from '../ir/ir.js';
import { displayOf } from '../ir/ir.js';
import { evaluate } from './evaluate.js';
import type { EvalEnv } from './evaluate.js';

export const APPLIES_FIELDS: Record<string, string> = {
    就医类别: 'med_category', 机构等级: 'medins_grade', 险种类别: 'insu_category', 机构类别: 'medins_category'
};

export function stepMetas(rule: IrRule): StepMeta[] {
    const meta = (step: IrStep, phase: 'pre' | 'scope'): StepMeta => step.kind === 'let'
        ? { kind: 'let', text: step.text, source: step.source, type: displayOf(step.expr.ty), phase }
        : { kind: 'when', text: step.text, source: step.source, observed: step.observe.map(o => ({ text: o.text, type: o.display })), phase };
    return [...rule.pre.map(s => meta(s, 'pre')), ...rule.steps.map(s => meta(s, 'scope'))];
}

export function instancesOf(rule: IrRule): Instance[] {
    return rule.instances.map(inst => ({ row: inst.row, ...(inst.kp ? { kp: inst.kp } : {}), codes: inst.codes ?? null }));
}

export function interpretRule(pack: IrPack, rule: IrRule, matcher: (id: number) => CodeMatcher): RuleProgram {
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
    const program: RuleProgram = {
        scope: {
            kind: scope ? scope.kind : 'none',
            source: scope?.source,
            codeField: scope?.codeField,
            group: scope?.group,
            dispatch: scope?.dispatch ?? false
        },
        instances: instancesOf(rule),
        steps: stepMetas(rule),
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
                violation: evaluate(outcome.violation, env),
                involved: outcome.involved.map(e => evaluate(e, env)),
                message: outcome.message ? evaluate(outcome.message, env) as string | null : null,
                evidence: outcome.evidence.map(e => evaluate(e, env) as string | null)
            };
            if (outcome.amount) hit.amount = evaluate(outcome.amount, env) as number | null;
            return hit;
        }
    };
    if (Object.keys(rule.applies).length > 0) {
        program.applies = ctx => Object.entries(rule.applies).every(([dimension, values]) => {
            const value = (ctx.claim.encounter as unknown as Record<string, unknown>)[APPLIES_FIELDS[dimension]];
            return typeof value === 'string' && values.includes(value);
        });
    }
    if (scope?.source === 'expr' && scope.sourceExpr) {
        const sourceExpr = scope.sourceExpr;
        program.elements = (ctx, inst, P, env) => toArray(evaluate(sourceExpr, makeEnv(ctx, inst, P, { ...env })));
    }
    if (scope?.where) {
        const where = scope.where;
        program.where = (ctx, inst, P, env, elem) => {
            const e = makeEnv(ctx, inst, P, { ...env, [scope.binder]: elem });
            e.elems.push(elem);
            return evaluate(where, e) === true;
        };
    }
    if (scope?.keys) {
        const keys = scope.keys;
        program.key = (ctx, inst, P, env, elem) => {
            const e = makeEnv(ctx, inst, P, { ...env, [scope.binder]: elem });
            e.elems.push(elem);
            const values = keys.map(k => evaluate(k, e));
            return values.length === 1 ? values[0] : JSON.stringify(values);
        };
    }
    void pack;
    return program;
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
