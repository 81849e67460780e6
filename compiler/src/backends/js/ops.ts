/**
 * JS 后端这一列：运算名 → 生成的代码。默认是调用运行时的实现 `o.名字(参数…)`（o = rt.OP_FUNCTIONS，契约 contract/ops.ts），
 * 要上下文的运算多传 ctx；且 / 或 生成短路代码（结果与调用 o.and / o.or 相同，见 evaluate.ts 的解释器）。
 * 表的类型是 Record<OpName, …>：契约里加了运算而这里没有，编译不过。
 */
import { OPS } from '@zhishen/runtime';
import type { OpName } from '@zhishen/runtime';
import type { Node } from './js.js';
import { assign, binary, call, conditional, id, literal, member, sequence } from './js.js';

export interface JsOpContext {
    /** 新的临时变量名（短路求值用） */
    temp(): string;
}

export type JsOp = (args: Node[], cx: JsOpContext) => Node;

function runtimeCall(name: OpName): JsOp {
    const spec = OPS[name] as { context?: true; shortCircuit?: boolean };
    if (spec.shortCircuit !== undefined) {
        const decided = spec.shortCircuit;
        // (t = 左, t === 决定值 ? 决定值 : o.and(t, 右))
        return ([left, right], cx) => {
            const t = cx.temp();
            return sequence([
                assign(id(t), left),
                conditional(binary('===', id(t), literal(decided)), literal(decided), call(member(id('o'), name), [id(t), right]))
            ]);
        };
    }
    if (spec.context) return args => call(member(id('o'), name), [id('ctx'), ...args]);
    return args => call(member(id('o'), name), args);
}

export const JS_OPS: { readonly [K in OpName]: JsOp } = Object.fromEntries(
    (Object.keys(OPS) as OpName[]).map(name => [name, runtimeCall(name)])
) as { readonly [K in OpName]: JsOp };
