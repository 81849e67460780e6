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
