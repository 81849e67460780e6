/**
 * 内置函数的实现，按内置库声明中的符号（`函数 提取数值(…) = extract_number`）登记。
 * 声明在 language/src/builtins/prelude.ts，实现在这里；runtime/test/builtins.test.ts 检查两边一一对应。
 * 知识点表(…)、目录(…)、知识库代码集(…) 只在编译时求值（编译器展开为常量），运行时不需要实现。
 */
import { SCALE } from '../values/decimal.js';
import { ageInYears, MINUTES_PER_DAY, monthStart, yearStart } from '../values/dates.js';
import { chineseNumber, containsAny, extractNumber, extractText, indicationCovers, splitWords, toGrade } from '../values/text.js';
import { iterate } from './ops.js';
import type { EvalContext } from './context.js';

export type BuiltinFunction = (ctx: EvalContext, ...args: unknown[]) => unknown;

export const COMPILE_TIME_FUNCTIONS = ['kp_table', 'catalogue', 'kb_code_set', 'indication_codes'] as const;

export const FUNCTIONS: Record<string, BuiltinFunction> = {
    has_value: (_ctx, value) => value !== null && value !== undefined,
    is_null: (_ctx, value) => value === null || value === undefined,
    extract_number: (_ctx, text, pattern) => extractNumber(text, pattern),
    extract_text: (_ctx, text, pattern) => extractText(text, pattern),
    chinese_number: (_ctx, text) => {
        if (typeof text !== 'string') return null;
        const n = chineseNumber(text.trim());
        return n === null ? null : n * SCALE;
    },
    to_grade: (_ctx, text) => toGrade(text),
    starts_with: (_ctx, text, prefix) => typeof text === 'string' && typeof prefix === 'string' ? text.startsWith(prefix) : null,
    contains_any: (_ctx, text, words) => containsAny(text, words),
    split_words: (_ctx, text, separator) => {
        const words = splitWords(text, separator);
        return words === null ? null : new Set(words);
    },
    indication_covers: (_ctx, code, name, set) => indicationCovers(code, name, set),
    intersects: (_ctx, a, b) => {
        if (a === null || a === undefined || b === null || b === undefined) return null;
        const right = new Set(iterate(b));
        for (const x of iterate(a)) if (right.has(x)) return true;
        return false;
    },
    text_length: (_ctx, text) => typeof text === 'string' ? [...text].length * SCALE : null,
    age_at: (ctx, day) => {
        const birth = ctx.claim.patient.brdy;
        return birth === null || typeof day !== 'number' ? null : ageInYears(birth, day);
    },
    days_between: (_ctx, a, b) => typeof a === 'number' && typeof b === 'number' ? (b - a) * MINUTES_PER_DAY : null,
    month_start: (_ctx, day) => typeof day === 'number' ? monthStart(day) : null,
    year_start: (_ctx, day) => typeof day === 'number' ? yearStart(day) : null,
    diagnosis_name: (ctx, code) => typeof code === 'string' ? ctx.data.diagnosisNames?.[code] ?? null : null,
    dict_label: (ctx, dictionary, code) => {
        if (typeof dictionary !== 'string' || typeof code !== 'string') return null;
        return ctx.data.dictionaryLabels?.[dictionary]?.[code] ?? code;
    }
};
