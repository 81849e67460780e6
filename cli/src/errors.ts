/** 用户可以自己改正的错误（路径不对、配置写错……）：打印中文信息，退出码 2，不打印堆栈。 */
export class UserError extends Error {}

/** 数值选项：整数且不小于 min（0 = 非负、1 = 正），否则给出写明选项与原值的错误。 */
export function positiveInt(value: string | number, option: string, min: number): number {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < min) throw new UserError(`${option} 应为${min === 0 ? '非负' : '正'}整数，而不是「${value}」`);
    return n;
}
