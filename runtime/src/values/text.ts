/**
 * 文本函数的实现（内置库中声明，见 language/src/builtins/prelude.ts）。
 * 正则在首次使用时编译并缓存；规则作者写的正则只作为数据传给 RegExp，从不拼进代码。
 */
import { parseDecimalString } from './decimal.js';

/** 编译过的正则（上限 REGEX_CACHE_LIMIT 个，满了就清空重来：规则里的正则只有几十个，理赔数据当正则时也不会无限增长）。 */
const regexCache = new Map<string, RegExp | null>();
const REGEX_CACHE_LIMIT = 1000;

export function compileRegex(pattern: string): RegExp | null {
    let regex = regexCache.get(pattern);
    if (regex === undefined) {
        try {
            regex = new RegExp(pattern, 'u');
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
    return regex ? regex.test(text) : null;
}

export function extractText(text: unknown, pattern: unknown): string | null {
    if (typeof text !== 'string' || typeof pattern !== 'string') return null;
    const regex = compileRegex(pattern);
    const match = regex?.exec(text);
    if (!match) return null;
    return match[1] ?? match[0];
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

export function containsAny(text: unknown, words: unknown): boolean | null {
    if (typeof text !== 'string') return null;
    if (!words || typeof (words as Iterable<unknown>)[Symbol.iterator] !== 'function') return null;
    for (const word of words as Iterable<unknown>) {
        if (typeof word === 'string' && word.length > 0 && text.includes(word)) return true;
    }
    return false;
}

/**
 * 适应症关键词（启发式）：从“限……患者”类文本中取出疾病词。
 * 步骤：取第一个“限”之后的内容；按 。；; 与序号（1. 2.）分句；括号里两个字以上的中文（如缩写的中文全称）单独成词；
 * 去掉套语（患者、治疗、使用、成人、儿童、二线、首选、既往…治疗失败、需、伴 …）后按 、，,或及和与/ 拆开；
 * 含“的”的片段只保留最后一个“的”之后的部分（“口服药难以控制的2型糖尿病”→“2型糖尿病”）；
 * 丢掉讲处方资质、检测手段、治疗效果的片段（处方、医师、检测、控制不佳、效果不佳、首次…）；保留 2–20 字、含汉字的词。
 * 精度见 stdlib-rules/README.md：它只说明“诊断里有没有这些病名”，对应规则的级别是 轻度可疑。
 */
export function indicationKeywords(text: unknown): string[] | null {
    if (typeof text !== 'string') return null;
    let body = text;
    const at = body.indexOf('限');
    if (at >= 0) body = body.slice(at + 1);
    body = body.replace(/^[:：]/, '');
    const clauses = body.split(/[。；;\n]|\d+[.、．]/u);
    const words = new Set<string>();
    const noise = /(的?患者|的?病人|患儿|的?治疗|使用|用药|成人|成年|儿童|青少年|二线|一线|首选|单药|联合|方予支付|予以支付|支付|确诊|明确诊断|诊断|经[^、，,]*?(?:证实|确诊)|既往[^、，,]*?(?:治疗|失败)[^、，,]*|需|须|为|有|伴|且|或|及|和|与|者|中的?|以上|以下|期间|时|后|前|适用于|尤其是|接受|降低)/gu;
    const process = /处方|医师|医生|检测|控制不佳|效果不佳|首次|疗效|安全性|有效性|效性|尚未确定|本品|等级|医疗机构|^[一二三]级$/u;
    for (const clause of clauses) {
        const cleaned = clause.replace(/[（(][^)）]*[)）]/gu, m => (/[\u4e00-\u9fff]{2,}/u.test(m) ? `、${m.slice(1, -1)}、` : ''))
            .replace(noise, '、');
        for (const part of cleaned.split(/[、，,/\s]+/u)) {
            let word = part.trim();
            const de = word.lastIndexOf('的');
            if (de >= 0) word = word.slice(de + 1);
            word = word.replace(/^[经因由]/u, '');
            const length = [...word].length;
            if (length >= 2 && length <= 20 && /[\u4e00-\u9fff]/u.test(word) && !process.test(word)) words.add(word);
        }
    }
    return [...words];
}

/** 比较病名用的归一化：去掉“性”“的”、括号、空白与标点。 */
function normalizeDisease(text: string): string {
    return text.replace(/[性的\s（）()【】\[\]，,、；;。.:：\-—–·]/gu, '');
}

/** 两个字符串最长公共子串的长度（按字）。 */
function longestCommon(a: string[], b: string[]): number {
    let best = 0;
    let previous = new Array<number>(b.length + 1).fill(0);
    for (let i = 1; i <= a.length; i++) {
        const current = new Array<number>(b.length + 1).fill(0);
        for (let j = 1; j <= b.length; j++) {
            if (a[i - 1] === b[j - 1]) {
                current[j] = previous[j - 1] + 1;
                if (current[j] > best) best = current[j];
            }
        }
        previous = current;
    }
    return best;
}

/**
 * 诊断名称与适应症关键词是否相符：归一化后（去掉“性”“的”、标点），有一个关键词与名称的最长公共子串
 * 不短于 min(4, 关键词长度)。例：“类风湿关节炎”与“类风湿性关节炎伴肺间质纤维化”、“活动性十二指肠溃疡”与“十二指肠溃疡伴出血”相符。
 */
export function indicationMatches(name: unknown, keywords: unknown): boolean | null {
    if (typeof name !== 'string') return null;
    if (!keywords || typeof (keywords as Iterable<unknown>)[Symbol.iterator] !== 'function') return null;
    const target = [...normalizeDisease(name)];
    if (target.length === 0) return false;
    for (const keyword of keywords as Iterable<unknown>) {
        if (typeof keyword !== 'string') continue;
        const word = [...normalizeDisease(keyword)];
        if (word.length === 0) continue;
        if (longestCommon(word, target) >= Math.min(4, word.length)) return true;
    }
    return false;
}
