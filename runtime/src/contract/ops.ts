/**
 * 契约 · 运算表：IR 里的每个运算（`{ k: 'op', op, args }`）按名字查这张表，语义只有这里一份实现。
 *
 * - 降级（compiler/src/lower）在编译时把语言的运算符、函数、单位换算决定成这里的名字（`天 + 天` → plusWhole，
 *   `日期 − 日期` → dateDiff，有序枚举的比较 → lt(ordinal(…), ordinal(…))），后端不再按类型推断。
 * - 每个后端是这张表的一列：compiler/src/backends/js 把名字映射成生成的代码，compiler/src/backends/interpret 映射成调用，
 *   SQL 后端映射成 SQL 表达式；各列用 `satisfies Record<OpName, …>` 声明，缺一个运算就编译不过。
 * - context：实现的第一个参数是求值上下文（患者、规则包数据）；其余运算是纯函数。
 * - shortCircuit：且 / 或。左边为该值时结果已定，右边不求值（两个后端都这样做，结果相同）。
 * - 内置库的 `函数 … = 符号` 的符号就是这里的名字（编译期函数 COMPILE_TIME_FUNCTIONS 除外）；runtime/test/builtins.test.ts 检查一一对应。
 *
 * 空值语义与 SQL 相同（三值逻辑）：运算的参数为空，结果一般为空；比较为“未知”；条件只有为真才成立。
 */
import * as o from '../engine/ops.js';
import { CONTEXT_FUNCTIONS, PURE_FUNCTIONS } from '../engine/functions.js';

export interface OpSpec {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly fn: (...args: any[]) => unknown;
    readonly context?: true;
    /** 且：false；或：true（左边为该值时短路） */
    readonly shortCircuit?: boolean;
}

function pure<T extends Record<string, OpSpec['fn']>>(table: T): { [K in keyof T]: { fn: T[K] } } {
    return Object.fromEntries(Object.entries(table).map(([name, fn]) => [name, { fn }])) as { [K in keyof T]: { fn: T[K] } };
}

function contextual<T extends Record<string, OpSpec['fn']>>(table: T): { [K in keyof T]: { fn: T[K]; context: true } } {
    return Object.fromEntries(Object.entries(table).map(([name, fn]) => [name, { fn, context: true }])) as { [K in keyof T]: { fn: T[K]; context: true } };
}

export const OPS = {
    // 逻辑（Kleene 三值）
    and: { fn: o.and, shortCircuit: false },
    or: { fn: o.or, shortCircuit: true },
    not: { fn: o.not },
    // 比较
    eq: { fn: o.eq }, ne: { fn: o.ne }, lt: { fn: o.lt }, le: { fn: o.le }, gt: { fn: o.gt }, ge: { fn: o.ge },
    /** 有序枚举值 → 在声明中的位置（比较大小前） */
    ordinal: { fn: o.ordinal },
    /** 日期（天）→ 日期时间（分钟），与日期时间比较或相减前 */
    dayToMinute: { fn: o.dayToMinute },
    // 精确十进制（micro）：数值、数量、金额
    plus: { fn: o.plus }, minus: { fn: o.minus }, times: { fn: o.times }, divide: { fn: o.divide }, negate: { fn: o.negate },
    // 整数量：时长（分钟）、年龄（岁）、日期时间（分钟）
    plusWhole: { fn: o.plusWhole }, minusWhole: { fn: o.minusWhole }, negateWhole: { fn: o.negateWhole },
    /** 整数量 × micro */
    scale: { fn: o.scale },
    /** 整数量 ÷ micro */
    unscale: { fn: o.unscale },
    /** 整数量 ÷ 整数量 → micro */
    ratio: { fn: o.ratio },
    // 日期（天）
    dateAdd: { fn: o.dateAdd }, dateSub: { fn: o.dateSub }, dateDiff: { fn: o.dateDiff },
    // 文本与集合
    concat: { fn: o.concat }, union: { fn: o.union }, difference: { fn: o.difference },
    member: { fn: o.member }, contains: { fn: o.contains }, matches: { fn: o.matches },
    makeSet: { fn: o.makeSet }, index: { fn: o.index },
    scalarMax: { fn: o.scalarMax }, scalarMin: { fn: o.scalarMin },
    // 内置函数（内置库声明，engine/functions.ts 实现）
    ...pure(PURE_FUNCTIONS),
    ...contextual(CONTEXT_FUNCTIONS)
} as const satisfies Record<string, OpSpec>;

export type OpName = keyof typeof OPS;

export function isOpName(name: string | undefined): name is OpName {
    return name !== undefined && Object.prototype.hasOwnProperty.call(OPS, name);
}

/** 名字 → 实现（生成的规则包经 rt.OP_FUNCTIONS 调用）。 */
export const OP_FUNCTIONS: Readonly<Record<OpName, OpSpec['fn']>> = Object.freeze(
    Object.fromEntries(Object.entries(OPS).map(([name, spec]) => [name, spec.fn])) as Record<OpName, OpSpec['fn']>
);

/** 只在编译时求值的内置函数（知识库查询）：编译器展开为常量，规则包里不出现，运行时没有实现。 */
export const COMPILE_TIME_FUNCTIONS = ['kp_table', 'catalogue', 'kb_code_set', 'indication_codes'] as const;

export type CompileTimeFunction = typeof COMPILE_TIME_FUNCTIONS[number];

export function isCompileTimeFunction(name: string | undefined): name is CompileTimeFunction {
    return (COMPILE_TIME_FUNCTIONS as readonly string[]).includes(name ?? '');
}

/** 聚合函数（IR 的 agg 节点）。arg 对每个元素求值（计数 / 存在 / 全部 时是条件）。 */
export const AGGREGATES = ['count', 'sum', 'max', 'min', 'avg', 'exists', 'all', 'count_distinct'] as const;

export type AggregateName = typeof AGGREGATES[number];
