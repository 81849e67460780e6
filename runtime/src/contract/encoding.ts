/**
 * 契约 · 值在规则包数据里的编码（manifest 的参数值、知识点行值、常量、部署配置绑定后的值）。一份编码、一对函数：
 *
 *   数值 / 数量 / 金额   micro 整数（1 元 = 1 000 000）        日期      天数（1970-01-01 起）
 *   日期时间 / 时长      分钟数                                年龄      整岁
 *   文本 / 编码 / 枚举   字符串                                布尔      true / false
 *   集合                { "$set": [元素…] }                    代码集    { "$codes": CodeSetData }
 *   列表                数组（元素同上）                       空        null
 *
 * 代码集只有一种数据形式 CodeSetData（精确编码、前缀、区间，排序去重），运行时对象是 CodeMatcher。
 */
import { CodeMatcher } from '../values/codes.js';
import type { CodeSetData } from '../values/codes.js';
import { MAX_MAGNITUDE_TEXT, parseDecimalString, SCALE } from '../values/decimal.js';
import { MINUTES_PER_DAY } from '../values/dates.js';

/** 规范化的代码集数据：三个数组都在、排序、去重。 */
export interface CodeSet {
    codes: string[];
    prefixes: string[];
    ranges: Array<[string, string]>;
}

export function codeSet(data: CodeSetData | CodeMatcher): CodeSet {
    const source = data instanceof CodeMatcher ? data.toData() : data;
    return {
        codes: [...new Set(source.codes ?? [])].sort(),
        prefixes: [...new Set(source.prefixes ?? [])].sort(),
        ranges: (source.ranges ?? []).map(([a, b]) => [a, b] as [string, string]).sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]))
    };
}

export function isEmptyCodeSet(set: CodeSetData): boolean {
    return (set.codes ?? []).length === 0 && (set.prefixes ?? []).length === 0 && (set.ranges ?? []).length === 0;
}

/** 代码集的写法（部署配置、显示）：编码原样，前缀带 *。 */
export function codeSetFromPatterns(patterns: readonly string[]): CodeMatcher {
    return new CodeMatcher({
        codes: patterns.filter(c => !c.endsWith('*')),
        prefixes: patterns.filter(c => c.endsWith('*')).map(c => c.slice(0, -1))
    });
}

/** 运行时值 → 数据中的编码。代码集保持编码的书写顺序（提示里插值显示时按这个顺序）。 */
export function encodeValue(value: unknown): unknown {
    if (value instanceof Set) return { $set: [...value] };
    if (value instanceof CodeMatcher) {
        return { $codes: { codes: [...value.exact], prefixes: [...value.prefixes], ranges: value.ranges.map(([a, b]) => [a, b]) } };
    }
    return value;
}

/** 数据中的编码 → 运行时值（{$set} → Set，{$codes} → CodeMatcher）。 */
export function decodeValue(value: unknown): unknown {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
        const v = value as { $set?: unknown[]; $codes?: CodeSetData };
        if (v.$set) return new Set(v.$set);
        if (v.$codes) return new CodeMatcher(v.$codes);
    }
    return value;
}

/** 带单位的数字（规则里的字面量、部署配置里的值）的编码结果：值，或者为什么不能精确编码（并说明上限）。 */
export type QuantityEncoding = { value: number } | { problem: 'range' | 'precision'; limit: string };

const MINUTES_PER_UNIT: Record<string, number> = { 天: MINUTES_PER_DAY, 小时: 60 };

/**
 * 数字文本（十进制，如 "12.5"）+ 单位 → 编码后的值：天 / 小时 → 分钟数，岁 → 整岁，% → micro（50% = 0.5），其余（元、次、个、无单位）→ micro。
 * 超出可精确表示的范围（|x| ≤ 约 90 亿）是 'range'；要舍入才能编码（0.00000001元、0.0001天、18.5岁）是 'precision'——
 * 两者都不悄悄变成 0 或另一个数（规则里的 `> 10000000000元` 曾编译成 `> 0`）。
 */
export function encodeQuantity(text: string, unit: string | undefined): QuantityEncoding {
    const micro = parseDecimalString(text);
    if (micro === null) return { problem: 'range', limit: `绝对值不超过 ${MAX_MAGNITUDE_TEXT}` };
    // 小数位数（去掉末尾的 0）：多于 6 位就要舍入
    const fraction = (/\.(\d*)$/.exec(text)?.[1] ?? '').replace(/0+$/, '');
    const perUnit = unit === undefined ? undefined : MINUTES_PER_UNIT[unit];
    if (perUnit !== undefined) {
        const scaled = BigInt(micro) * BigInt(perUnit);
        if (fraction.length > 6 || scaled % BigInt(SCALE) !== 0n) return { problem: 'precision', limit: '时长精确到分钟' };
        return { value: Number(scaled / BigInt(SCALE)) };
    }
    if (unit === '岁') return micro % SCALE === 0 ? { value: micro / SCALE } : { problem: 'precision', limit: '年龄是整岁' };
    if (unit === '%') return fraction.length <= 4 ? { value: micro / 100 } : { problem: 'precision', limit: '百分数最多 4 位小数' };
    return fraction.length <= 6 ? { value: micro } : { problem: 'precision', limit: '最多 6 位小数' };
}
