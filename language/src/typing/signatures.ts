/**
 * 运算符签名表：(运算符, 左类型, 右类型) → { 结果类型, 运行时运算 }。一张表，两个用户：
 *   - 类型检查（type-system.ts）取结果类型，查不到即报“不支持的运算”；
 *   - 降级（compiler/src/lower）取运行时运算名（contract/ops.ts 的 OpName）与参数次序、换算。
 * 于是“金额 × 数值 是金额、按 times 精确相乘”“日期 − 日期 是时长、按 dateDiff”只写在这里一次。
 */
import type { OpName } from '@zhishen/runtime';
import type { ZsType } from './types.js';
import { T, commonType, isUnknown } from './types.js';

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Kind = ZsType['kind'];

/** 结果类型的取法。numeric：任一边是数量则为数量，否则为数值。 */
type Result = 'left' | 'right' | 'numeric' | 'number' | 'duration' | 'set-union';

/** 参与运算前对一边的换算（日期 → 日期时间分钟）。 */
export type OperandConversion = 'dayToMinute';

interface Signature {
    op: ArithmeticOperator;
    left: readonly Kind[];
    right: readonly Kind[];
    result: Result;
    runtime: OpName;
    /** 运行时参数次序与书写相反（时长 + 日期 → dateAdd(日期, 时长)） */
    swap?: true;
    convertLeft?: OperandConversion;
    convertRight?: OperandConversion;
}

const NUM: readonly Kind[] = ['number', 'quantity'];
const MONEY: readonly Kind[] = ['money'];
const WHOLE: readonly Kind[] = ['duration', 'age'];
const DURATION: readonly Kind[] = ['duration'];
const AGE: readonly Kind[] = ['age'];
const DATE: readonly Kind[] = ['date'];
const DATETIME: readonly Kind[] = ['datetime'];
const NUMBER: readonly Kind[] = ['number'];
const QUANTITY: readonly Kind[] = ['quantity'];

/** 表的行按顺序匹配，第一行为准。 */
export const ARITHMETIC: readonly Signature[] = [
    // 加
    { op: '+', left: NUM, right: NUM, result: 'numeric', runtime: 'plus' },
    { op: '+', left: MONEY, right: MONEY, result: 'left', runtime: 'plus' },
    { op: '+', left: DURATION, right: DURATION, result: 'left', runtime: 'plusWhole' },
    { op: '+', left: AGE, right: AGE, result: 'left', runtime: 'plusWhole' },
    { op: '+', left: ['text'], right: ['text'], result: 'left', runtime: 'concat' },
    { op: '+', left: DATE, right: DURATION, result: 'left', runtime: 'dateAdd' },
    { op: '+', left: DATETIME, right: DURATION, result: 'left', runtime: 'plusWhole' },
    { op: '+', left: DURATION, right: DATE, result: 'right', runtime: 'dateAdd', swap: true },
    { op: '+', left: DURATION, right: DATETIME, result: 'right', runtime: 'plusWhole', swap: true },
    { op: '+', left: ['set'], right: ['set'], result: 'set-union', runtime: 'union' },
    // 减
    { op: '-', left: NUM, right: NUM, result: 'numeric', runtime: 'minus' },
    { op: '-', left: MONEY, right: MONEY, result: 'left', runtime: 'minus' },
    { op: '-', left: DURATION, right: DURATION, result: 'left', runtime: 'minusWhole' },
    { op: '-', left: AGE, right: AGE, result: 'left', runtime: 'minusWhole' },
    { op: '-', left: DATE, right: DATE, result: 'duration', runtime: 'dateDiff' },
    { op: '-', left: DATE, right: DATETIME, result: 'duration', runtime: 'minusWhole', convertLeft: 'dayToMinute' },
    { op: '-', left: DATETIME, right: DATE, result: 'duration', runtime: 'minusWhole', convertRight: 'dayToMinute' },
    { op: '-', left: DATETIME, right: DATETIME, result: 'duration', runtime: 'minusWhole' },
    { op: '-', left: DATE, right: DURATION, result: 'left', runtime: 'dateSub' },
    { op: '-', left: DATETIME, right: DURATION, result: 'left', runtime: 'minusWhole' },
    { op: '-', left: ['set'], right: ['set'], result: 'left', runtime: 'difference' },
    // 乘：micro × micro 精确相乘；时长 / 年龄（整数量）× micro 按比例
    { op: '*', left: NUM, right: NUM, result: 'numeric', runtime: 'times' },
    { op: '*', left: NUMBER, right: MONEY, result: 'right', runtime: 'times' },
    { op: '*', left: MONEY, right: NUMBER, result: 'left', runtime: 'times' },
    { op: '*', left: QUANTITY, right: MONEY, result: 'right', runtime: 'times' },
    { op: '*', left: MONEY, right: QUANTITY, result: 'left', runtime: 'times' },
    { op: '*', left: NUMBER, right: WHOLE, result: 'right', runtime: 'scale', swap: true },
    { op: '*', left: WHOLE, right: NUMBER, result: 'left', runtime: 'scale' },
    { op: '*', left: QUANTITY, right: DURATION, result: 'right', runtime: 'scale', swap: true },
    { op: '*', left: DURATION, right: QUANTITY, result: 'left', runtime: 'scale' },
    // 除
    { op: '/', left: NUM, right: NUM, result: 'number', runtime: 'divide' },
    { op: '/', left: MONEY, right: NUM, result: 'left', runtime: 'divide' },
    { op: '/', left: WHOLE, right: NUM, result: 'left', runtime: 'unscale' },
    { op: '/', left: MONEY, right: MONEY, result: 'number', runtime: 'divide' },
    { op: '/', left: DURATION, right: DURATION, result: 'number', runtime: 'ratio' },
    { op: '/', left: AGE, right: AGE, result: 'number', runtime: 'ratio' }
];

/** 未知类型（任意、空）的一边按什么类型查表：加减按另一边，乘除按数值。查不到时按精确十进制运算。 */
const FALLBACK: Record<ArithmeticOperator, OpName> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divide' };

export interface ResolvedArithmetic {
    type: ZsType;
    runtime: OpName;
    swap: boolean;
    convertLeft?: OperandConversion;
    convertRight?: OperandConversion;
}

function find(op: ArithmeticOperator, left: Kind, right: Kind): Signature | undefined {
    return ARITHMETIC.find(s => s.op === op && s.left.includes(left) && s.right.includes(right));
}

function resultType(signature: Signature, left: ZsType, right: ZsType): ZsType | undefined {
    switch (signature.result) {
        case 'left': return left;
        case 'right': return right;
        case 'number': return T.number;
        case 'duration': return T.duration;
        case 'numeric': return left.kind === 'quantity' || right.kind === 'quantity' ? T.quantity : T.number;
        case 'set-union': {
            if (left.kind !== 'set' || right.kind !== 'set') return undefined;
            const element = commonType(left.element, right.element);
            return element ? T.set(element) : undefined;
        }
    }
}

/** 算术运算：结果类型与运行时运算；不支持时 undefined。 */
export function resolveArithmetic(op: ArithmeticOperator, left: ZsType, right: ZsType): ResolvedArithmetic | undefined {
    if (isUnknown(left) || isUnknown(right)) {
        let type: ZsType;
        if (left.kind === 'error' || right.kind === 'error') type = T.error;
        else type = isUnknown(left) ? right.kind === 'null' ? T.any : right : left;
        const stand = (side: ZsType, other: ZsType): Kind => !isUnknown(side) ? side.kind : op === '+' || op === '-' ? other.kind : 'number';
        const signature = find(op, stand(left, right), stand(right, left));
        if (!signature) return { type, runtime: FALLBACK[op], swap: false };
        return { type, runtime: signature.runtime, swap: !!signature.swap, convertLeft: signature.convertLeft, convertRight: signature.convertRight };
    }
    const signature = find(op, left.kind, right.kind);
    if (!signature) return undefined;
    const type = resultType(signature, left, right);
    if (!type) return undefined;
    return { type, runtime: signature.runtime, swap: !!signature.swap, convertLeft: signature.convertLeft, convertRight: signature.convertRight };
}

/** 比较的运行时运算。 */
export const COMPARISON: Readonly<Record<ComparisonOp, OpName>> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/**
 * 比较前对两边的换算：有序枚举（机构等级、审核级别）比大小时先换成在声明中的位置；日期与日期时间比较时把日期换成分钟。
 * 相等比较不换算（枚举值按名字比较）。
 */
export function comparisonConversions(op: ComparisonOp, left: ZsType, right: ZsType): { ordinal?: readonly string[]; convertLeft?: OperandConversion; convertRight?: OperandConversion } {
    const result: { ordinal?: readonly string[]; convertLeft?: OperandConversion; convertRight?: OperandConversion } = {};
    if (op !== '=' && op !== '!=') {
        const enumType = left.kind === 'enum' && left.decl.ordered ? left : right.kind === 'enum' && right.decl.ordered ? right : undefined;
        if (enumType && enumType.kind === 'enum') result.ordinal = enumType.decl.members.map(m => m.name);
    }
    if (left.kind === 'date' && right.kind === 'datetime') result.convertLeft = 'dayToMinute';
    if (left.kind === 'datetime' && right.kind === 'date') result.convertRight = 'dayToMinute';
    return result;
}

/** 其余二元运算符的运行时运算（不属于、不包含 = 非(…)）。 */
export const SET_OPERATORS: Readonly<Record<'in' | 'not_in' | 'contains' | 'not_contains' | 'matches' | 'and' | 'or', { runtime: OpName; negate?: true }>> = {
    in: { runtime: 'member' },
    not_in: { runtime: 'member', negate: true },
    contains: { runtime: 'contains' },
    not_contains: { runtime: 'contains', negate: true },
    matches: { runtime: 'matches' },
    and: { runtime: 'and' },
    or: { runtime: 'or' }
};
