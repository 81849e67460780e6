/**
 * 参照解释器这一列：运算名 → 实现（契约 contract/ops.ts）。要上下文的运算（年龄于、诊断名称、字典名称）在编译期求值时
 * 没有理赔，抛 NotConstant（常量折叠据此保留原节点）。且 / 或 的短路在 evaluate.ts 里按契约的 shortCircuit 处理。
 */
import { OPS } from '@zhishen/runtime';
import type { EvalContext, OpName } from '@zhishen/runtime';
import type { EvalEnv } from './env.js';
import { NotConstant } from './env.js';

export type InterpretOp = (args: unknown[], env: EvalEnv) => unknown;

function column(name: OpName): InterpretOp {
    const spec = OPS[name] as { fn: (...args: unknown[]) => unknown; context?: true };
    const fn = spec.fn;
    if (!spec.context) return args => fn(...args);
    return (args, env) => {
        if (!env.ctx) throw new NotConstant(`函数 ${name}`);
        return (fn as (ctx: EvalContext, ...rest: unknown[]) => unknown)(env.ctx, ...args);
    };
}

export const INTERPRET_OPS: { readonly [K in OpName]: InterpretOp } = Object.fromEntries(
    (Object.keys(OPS) as OpName[]).map(name => [name, column(name)])
) as { readonly [K in OpName]: InterpretOp };
