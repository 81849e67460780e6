/**
 * 文本函数的实现（内置库中声明，见 language/src/builtins/prelude.ts）。
 * 正则在首次使用时编译并缓存；规则作者写的正则只作为数据交给线性时间的匹配器（./regex.ts，Pike VM），
 * 从不拼进代码，也不交给回溯的 RegExp（RegExp 只用来判断语法是否有效）。无效或不支持的正则结果为空。
 */
import { CodeMatcher } from './codes.js';
import { parseDecimalString } from './decimal.js';
import { compileLinear, execLinear, type CompiledRegex } from './regex.js';

/** 编译过的正则（上限 REGEX_CACHE_LIMIT 个，满了就清空重来：规则里的正则只有几十个，理赔数据当正则时也不会无限增长）。 */
const regexCache = new Map<string, CompiledRegex | null>();
const REGEX_CACHE_LIMIT = 1000;

export function compileRegex(pattern: string): CompiledRegex | null {
    let regex = regexCache.get(pattern);
    if (regex === undefined) {
        try {
            new RegExp(pattern, 'u');
            regex = compileLinear(pattern);
        } catch {
            regex = null;
        }
        if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
        regexCache.set(pattern, regex);
    }
    return regex;
}

export function regexMatches(text: unknown, pattern: unknown): boolean | null {
    if (typeof text !== 'string' || typeof pattern !== 'string') return null;
    const regex = compileRegex(pattern);
    return regex ? execLinear(regex, text, true) !== null : null;
}

export function extractText(text: unknown, pattern: unknown): string | null {
    if (typeof text !== 'string' || typeof pattern !== 'string') return null;
    const regex = compileRegex(pattern);
    if (!regex) return null;
    const match = execLinear(regex, text, false);
    if (!match) return null;
    return match[2] >= 0 && match[3] >= 0 ? text.slice(match[2], match[3]) : text.slice(match[0], match[1]);
}

/** 提取数值：先按阿拉伯数字解析，不行再按中文数字。返回 micro 整数。 */
export function extractNumber(text: unknown, pattern: unknown): number | null {
    const captured = extractText(text, pattern);
    if (captured === null) return null;
    return parseNumberText(captured);
}

export function parseNumberText(text: string): number | null {
    const trimmed = text.trim();
    const decimal = parseDecimalString(trimmed);
    if (decimal !== null) return decimal;
    const chinese = chineseNumber(trimmed);
    return chinese === null ? null : chinese * 1_000_000;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 中文数字（≤ 9999）：二 → 2，十四 → 14，二十 → 20，一百零五 → 105。阿拉伯数字也接受。 */
export function chineseNumber(text: string): number | null {
    if (/^\d+$/.test(text)) return Number(text);
    if (text.length === 0) return null;
    let total = 0;
    let digit: number | null = null;
    for (const char of text) {
        if (char in DIGITS) {
            digit = DIGITS[char];
        } else if (char in UNITS) {
            total += (digit ?? 1) * UNITS[char];
            digit = null;
        } else {
            return null;
        }
    }
    return total + (digit ?? 0);
}

const GRADES: Record<string, string> = { 一: '一级', 二: '二级', 三: '三级', '1': '一级', '2': '二级', '3': '三级' };

/** “二级”/“二”/“2” → 二级。 */
export function toGrade(text: unknown): string | null {
    if (typeof text !== 'string') return null;
    const trimmed = text.trim().replace(/级$/, '');
    return GRADES[trimmed] ?? null;
}

const DEFAULT_SEPARATORS = /[、，,；;。\s]+|或/u;

export function splitWords(text: unknown, separator?: unknown): string[] | null {
    if (typeof text !== 'string') return null;
    const splitter = typeof separator === 'string' && separator.length > 0 ? separator : DEFAULT_SEPARATORS;
    return text.split(splitter).map(s => s.trim()).filter(s => s.length > 0);
}

/**
 * 词表、编码族参数的元素：集合与列表本身；代码集（规则里写的常量集合 { "营养", "保健" } 编成代码匹配器）取它的精确编码，
 * 与 ops.iterate 相同。曾经只认可迭代的值，常量集合因此总得到空（包含任一 与 符合适应症 从不成立）。其他值为 null。
 */
function entriesOf(set: unknown): Iterable<unknown> | null {
    if (set instanceof CodeMatcher) return set.exact;
    if (set instanceof Set || Array.isArray(set)) return set;
    return null;
}

export function containsAny(text: unknown, words: unknown): boolean | null {
    if (typeof text !== 'string') return null;
    const list = entriesOf(words);
    if (list === null) return null;
    for (const word of list) {
        if (typeof word === 'string' && word.length > 0 && text.includes(word)) return true;
    }
    return false;
}

/** 文本含 word，且该处前面不是“非”（“~小细胞”不排除“非小细胞肺癌”）。 */
function containsUnnegated(text: string, word: string): boolean {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) if (text[at - 1] !== '非') return true;
    return false;
}

/**
 * 诊断是否符合适应症编码族（编码族由编译时的 适应症编码(限定条件) 给出，见 language/src/kb/indications.ts）：
 * 编码（星剑号编码 “A+B*” 的任一部分；忽略大小写与空白）以族中某个前缀开头，且诊断名称不含族中的 "~限定词"
 * （ICD-10 区分不了的亚型，如 "~小细胞"；前面是“非”的不算）。编码缺失 → 空（未知）。
 */
export function indicationCovers(code: unknown, name: unknown, set: unknown): boolean | null {
    if (typeof code !== 'string' || code.trim() === '') return null;
    const list = entriesOf(set);
    if (list === null) return null;
    const parts = code.toUpperCase().replace(/\s+/g, '').split('+').map(p => p.replace(/\*$/, ''));
    const entries = [...list].filter((e): e is string => typeof e === 'string');
    const hit = entries.some(e => !e.startsWith('~') && parts.some(p => p.startsWith(e.toUpperCase())));
    if (!hit) return false;
    if (typeof name === 'string') for (const e of entries) if (e.startsWith('~') && containsUnnegated(name, e.slice(1))) return false;
    return true;
}
