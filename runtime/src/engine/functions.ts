/**
 * 内置函数的实现，按内置库声明中的符号（`函数 提取数值(…) = extract_number`）登记。
 * 声明在 language/src/builtins/prelude.ts，实现在这里；runtime/test/builtins.test.ts 检查两边一一对应。
 * 知识点表(…)、目录(…)、知识库代码集(…) 只在编译时求值（编译器展开为常量，见 contract/ops.ts 的 COMPILE_TIME_FUNCTIONS），运行时不需要实现。
 * 运算表 contract/ops.ts 把这里的每个函数登记为一个运算。
 */
import { SCALE } from '../values/decimal.js';
import { addMonths, ageInYears, insuranceYearStart, MINUTES_PER_DAY, monthStart, yearStart } from '../values/dates.js';
import { chineseNumber, containsAny, extractNumber, extractText, indicationCovers, splitWords, toGrade } from '../values/text.js';
import { iterate } from './ops.js';
import type { EvalContext } from './context.js';

/** 纯函数：只看参数。 */
export type PureFunction = (...args: unknown[]) => unknown;
/** 国家医保药品编码（西药 X + 22 位、中成药 Z + 19 位；去空白、转大写后），不是时为空。 */
function nationalDrugCode(code: unknown): string | null {
    if (typeof code !== 'string') return null;
    const c = code.trim().toUpperCase();
    return (c.length === 23 && c.startsWith('X')) || (c.length === 20 && c.startsWith('Z')) ? c : null;
}

/** 去掉末 5 位企业码：同一药品不同企业的编码得到同一个值。 */
function drugGenericKey(code: unknown): string | null {
    if (typeof code !== 'string') return null;
    const national = nationalDrugCode(code);
    return national !== null ? national.slice(0, -5) : code.trim().toUpperCase();
}

/** 要看求值上下文（患者的出生日期、规则包数据）的函数：第一个参数是上下文。 */
export type ContextFunction = (ctx: EvalContext, ...args: unknown[]) => unknown;

export const PURE_FUNCTIONS = {
    has_value: (value) => value !== null && value !== undefined,
    is_null: (value) => value === null || value === undefined,
    extract_number: (text, pattern) => extractNumber(text, pattern),
    extract_text: (text, pattern) => extractText(text, pattern),
    chinese_number: (text) => {
        if (typeof text !== 'string') return null;
        const n = chineseNumber(text.trim());
        return n === null ? null : n * SCALE;
    },
    to_grade: (text) => toGrade(text),
    starts_with: (text, prefix) => typeof text === 'string' && typeof prefix === 'string' ? text.startsWith(prefix) : null,
    contains_any: (text, words) => containsAny(text, words),
    split_words: (text, separator) => {
        const words = splitWords(text, separator);
        return words === null ? null : new Set(words);
    },
    indication_covers: (code, name, set) => indicationCovers(code, name, set),
    intersects: (a, b) => {
        if (a === null || a === undefined || b === null || b === undefined) return null;
        const right = new Set(iterate(b));
        for (const x of iterate(a)) if (right.has(x)) return true;
        return false;
    },
    text_length: (text) => typeof text === 'string' ? [...text].length * SCALE : null,
    days_between: (a, b) => typeof a === 'number' && typeof b === 'number' ? (b - a) * MINUTES_PER_DAY : null,
    month_start: (day) => typeof day === 'number' ? monthStart(day) : null,
    year_start: (day) => typeof day === 'number' ? yearStart(day) : null,
    /** 起始月是 micro 数值（7 = 7 000 000）；不是 1–12 的整数时为空 */
    insurance_year_start: (day, month) => {
        if (typeof day !== 'number' || typeof month !== 'number' || month % SCALE !== 0) return null;
        const m = month / SCALE;
        return m >= 1 && m <= 12 ? insuranceYearStart(day, m) : null;
    },
    // 月数是数值（micro）；只取整数个月
    drug_generic_key: (code) => drugGenericKey(code),
    drug_class: (code) => {
        const key = nationalDrugCode(code);
        return key === null ? null : key.slice(1, 6);
    },
    add_months: (day, months) => typeof day === 'number' && typeof months === 'number' && months % SCALE === 0 ? addMonths(day, months / SCALE) : null
} satisfies Record<string, PureFunction>;

export const CONTEXT_FUNCTIONS = {
    age_at: (ctx, day) => {
        const birth = ctx.claim.patient.brdy;
        return birth === null || typeof day !== 'number' ? null : ageInYears(birth, day);
    },
    diagnosis_name: (ctx, code) => typeof code === 'string' ? ctx.data.diagnosisNames?.[code] ?? null : null,
    dict_label: (ctx, dictionary, code) => {
        if (typeof dictionary !== 'string' || typeof code !== 'string') return null;
        return ctx.data.dictionaryLabels?.[dictionary]?.[code] ?? code;
    }
} satisfies Record<string, ContextFunction>;
