/**
 * 求值用的基本运算：编译出的规则包与参照解释器调用同一组函数，语义只有一份。
 *
 * 空值语义与 SQL 相同（三值逻辑）：与空值比较得“未知”（null）；且 / 或 / 非 按 Kleene 逻辑；
 * 条件（当、仅当、其中）只有结果为真才算成立。聚合跳过空值；计数统计元素个数。
 */
import type { EvalContext } from './context.js';
import type { PeerStat } from './population.js';
import { add, div, divToWhole, exactSum, isExact, mul, neg as negDecimal, SCALE, sub } from '../values/decimal.js';
import { MINUTES_PER_DAY, monthStart, yearStart } from '../values/dates.js';
import { CodeMatcher } from '../values/codes.js';
import { regexMatches } from '../values/text.js';

export type Truth = boolean | null;

// ───────────── 逻辑 ─────────────

export function and(a: Truth, b: Truth): Truth {
    if (a === false || b === false) return false;
    if (a === null || b === null) return null;
    return true;
}

export function or(a: Truth, b: Truth): Truth {
    if (a === true || b === true) return true;
    if (a === null || b === null) return null;
    return false;
}

export function not(a: Truth): Truth {
    return a === null ? null : !a;
}

// ───────────── 比较 ─────────────

export function eq(a: unknown, b: unknown): Truth {
    if (a === null || a === undefined || b === null || b === undefined) return null;
    return a === b;
}

export function ne(a: unknown, b: unknown): Truth {
    if (a === null || a === undefined || b === null || b === undefined) return null;
    return a !== b;
}

export function lt(a: number | string | null, b: number | string | null): Truth {
    return a === null || b === null ? null : a < b;
}

export function le(a: number | string | null, b: number | string | null): Truth {
    return a === null || b === null ? null : a <= b;
}

export function gt(a: number | string | null, b: number | string | null): Truth {
    return a === null || b === null ? null : a > b;
}

export function ge(a: number | string | null, b: number | string | null): Truth {
    return a === null || b === null ? null : a >= b;
}

/** 有序枚举：按声明中的位置比较。 */
export function ordinal(order: readonly string[], value: unknown): number | null {
    if (typeof value !== 'string') return null;
    const index = order.indexOf(value);
    return index < 0 ? null : index;
}

// ───────────── 算术（数值 / 金额 / 数量为 micro 整数；日期为天；日期时间与时长为分钟；年龄为整岁） ─────────────

export function plus(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : add(a, b);
}

export function minus(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : sub(a, b);
}

/** 两个 micro 数相乘。 */
export function times(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : mul(a, b);
}

/** micro 数相除（除以 0 为空）。 */
export function divide(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : div(a, b);
}

export function negate(a: number | null): number | null {
    return a === null ? null : negDecimal(a);
}

/** 整数量（时长分钟、年龄）× micro 数。 */
export function scale(whole: number | null, factor: number | null): number | null {
    if (whole === null || factor === null) return null;
    const result = mul(whole * SCALE, factor) / SCALE;
    return Math.round(result);
}

/** 整数量 ÷ micro 数。 */
export function unscale(whole: number | null, divisor: number | null): number | null {
    if (whole === null || divisor === null) return null;
    return divToWhole(whole, divisor); // 一次舍入（F9）：不先舍到 micro 再舍到整数
}

/** 两个整数量之比（时长 ÷ 时长）→ micro 数值。 */
export function ratio(a: number | null, b: number | null): number | null {
    if (a === null || b === null || b === 0) return null;
    return div(a * SCALE, b * SCALE);
}

/** 整数量相加减（时长、年龄）。 */
export function plusWhole(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : a + b;
}

export function minusWhole(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : a - b;
}

/** 整数量取负（时长、年龄）。 */
export function negateWhole(a: number | null): number | null {
    return a === null ? null : 0 - a;
}

/** 日期 + 时长（分钟）→ 日期（时长按整天截断）。 */
export function dateAdd(day: number | null, minutes: number | null): number | null {
    if (day === null || minutes === null) return null;
    return day + Math.trunc(minutes / MINUTES_PER_DAY);
}

/** 日期 − 时长（分钟）→ 日期（时长按整天截断）。 */
export function dateSub(day: number | null, minutes: number | null): number | null {
    if (day === null || minutes === null) return null;
    return day - Math.trunc(minutes / MINUTES_PER_DAY);
}

/** 日期 − 日期 → 时长（分钟）。 */
export function dateDiff(a: number | null, b: number | null): number | null {
    return a === null || b === null ? null : (a - b) * MINUTES_PER_DAY;
}

export function dayToMinute(day: number | null): number | null {
    return day === null ? null : day * MINUTES_PER_DAY;
}

export function concat(a: string | null, b: string | null): string | null {
    return a === null || b === null ? null : a + b;
}

// ───────────── 集合 ─────────────

/** 元素属于集合 / 列表 / 代码集；左侧是列表时表示“任一元素属于”。 */
export function member(value: unknown, collection: unknown): Truth {
    if (collection === null || collection === undefined) return null;
    if (Array.isArray(value)) {
        let unknown = false;
        for (const v of value) {
            const r = member(v, collection);
            if (r === true) return true;
            if (r === null) unknown = true;
        }
        return unknown ? null : false;
    }
    if (value === null || value === undefined) return null;
    if (collection instanceof CodeMatcher) return collection.has(value);
    if (collection instanceof Set) return collection.has(value);
    if (Array.isArray(collection)) return collection.includes(value);
    return null;
}

/** 文本包含子串，或集合 / 列表包含元素。 */
export function contains(container: unknown, item: unknown): Truth {
    if (container === null || container === undefined || item === null || item === undefined) return null;
    if (typeof container === 'string') return typeof item === 'string' ? container.includes(item) : null;
    if (container instanceof CodeMatcher) return container.has(item);
    if (container instanceof Set) return container.has(item);
    if (Array.isArray(container)) return container.includes(item);
    return null;
}

export function matches(text: unknown, pattern: unknown): Truth {
    return regexMatches(text, pattern);
}

export function union(a: unknown, b: unknown): unknown {
    if (a instanceof CodeMatcher && b instanceof CodeMatcher) return CodeMatcher.union(a, b);
    const result = new Set<unknown>();
    for (const x of iterate(a)) result.add(x);
    for (const x of iterate(b)) result.add(x);
    return result;
}

export function difference(a: unknown, b: unknown): unknown {
    const result = new Set<unknown>();
    for (const x of iterate(a)) if (member(x, b) !== true) result.add(x);
    return result;
}

export function iterate(collection: unknown): Iterable<unknown> {
    if (collection === null || collection === undefined) return [];
    if (collection instanceof CodeMatcher) return collection.exact;
    if (Array.isArray(collection) || collection instanceof Set) return collection;
    return [];
}

export function toArray(collection: unknown): unknown[] {
    if (Array.isArray(collection)) return collection;
    return [...iterate(collection)];
}

export function index(collection: unknown, position: number | null): unknown {
    if (position === null) return null;
    const array = toArray(collection);
    const i = Math.round(position / SCALE) - 1; // 序号从 1 开始（数值为 micro）
    return i >= 0 && i < array.length ? array[i] : null;
}

/** 记录列表的字段投影；字段本身是列表时展平。 */
export function project(collection: unknown, prop: string): unknown[] {
    const result: unknown[] = [];
    for (const item of iterate(collection)) {
        if (item === null || typeof item !== 'object') continue;
        const value = (item as Record<string, unknown>)[prop];
        if (Array.isArray(value)) for (const v of value) result.push(v);
        else if (value !== null && value !== undefined) result.push(value);
    }
    return result;
}

export function field(record: unknown, prop: string): unknown {
    if (record === null || record === undefined || typeof record !== 'object') return null;
    const value = (record as Record<string, unknown>)[prop];
    return value === undefined ? null : value;
}

// ───────────── 聚合 ─────────────

export function count(collection: unknown): number {
    let n = 0;
    for (const item of iterate(collection)) if (item !== null && item !== undefined) n++;
    return n * SCALE;
}

/** 求和：金额 / 数量 / 数值按 micro 相加；whole=true 时按整数量（时长、年龄）。 */
export function sum(values: readonly unknown[]): number {
    let total = 0;
    let numbers: number[] | null = null;
    for (const v of values) {
        if (typeof v !== 'number') continue;
        total += v;
        if (numbers === null && !isExact(total)) numbers = [];
    }
    if (numbers === null) return total + 0;
    // 部分和超出了安全整数：精确重算（超出范围时抛 ExactRangeError，该患者一条错误）
    for (const v of values) if (typeof v === 'number') numbers.push(v);
    return exactSum(numbers);
}

export function extreme(values: Iterable<unknown>, max: boolean): unknown {
    let best: unknown = null;
    for (const v of values) {
        if (v === null || v === undefined) continue;
        if (best === null || (max ? (v as number) > (best as number) : (v as number) < (best as number))) best = v;
    }
    return best;
}

export function average(values: Iterable<unknown>, whole: boolean): number | null {
    let total = 0;
    let n = 0;
    const numbers: number[] = [];
    for (const v of values) {
        if (typeof v !== 'number') continue;
        total += v;
        numbers.push(v);
        n++;
    }
    if (n === 0) return null;
    if (!isExact(total)) total = exactSum(numbers);
    if (whole) return Math.round(total / n);
    return div(total, n * SCALE);
}

export function countDistinct(values: Iterable<unknown>): number {
    const seen = new Set<unknown>();
    for (const v of values) if (v !== null && v !== undefined) seen.add(v);
    return seen.size * SCALE;
}

/** 最大(a, b, …)：任一为空则为空。 */
export function scalarMax(...values: unknown[]): unknown {
    return scalarExtreme(values, true);
}

/** 最小(a, b, …)：任一为空则为空。 */
export function scalarMin(...values: unknown[]): unknown {
    return scalarExtreme(values, false);
}

function scalarExtreme(values: unknown[], max: boolean): unknown {
    let best: unknown = undefined;
    for (const v of values) {
        if (v === null || v === undefined) return null;
        if (best === undefined || (max ? (v as number) > (best as number) : (v as number) < (best as number))) best = v;
    }
    return best ?? null;
}

export function isTrue(value: unknown): boolean {
    return value === true;
}

// ───────────── 集合运算（两个后端共用） ─────────────

/** 过滤：条件为真的元素。 */
export function filter(collection: unknown, keep: (item: unknown) => unknown): unknown[] {
    const result: unknown[] = [];
    for (const item of toArray(collection)) if (keep(item) === true) result.push(item);
    return result;
}

/**
 * 按等值条件索引的筛选（JS 后端的优化，结果与 filter(collection, keep) 相同）：条件里有一个合取项 key(元素) = value
 * （value 不依赖元素）时，只对 key 恰好等于 value 的元素求整个条件 keep——等式为假或未知（任一边为空）的元素本来就留不下。
 * 索引（key → 元素，保持集合次序）按 (理赔的求值上下文, 生成代码里的位置 site) 缓存：同一理赔里同一个集合只建一次，
 * “每条明细与其他明细比”的规则（重复开药……）从 O(n²) 变成 O(n)。key 只依赖元素与常量（编译器保证），所以缓存在理赔内有效。
 */
export function filterEq(ctx: EvalContext, site: string, collection: unknown, key: (item: unknown) => unknown, value: unknown,
    keep: (item: unknown) => unknown): unknown[] {
    if (value === null || value === undefined) return [];
    const buckets = siteCache(ctx, site, toArray(collection), null, items => {
        const map = new Map<unknown, unknown[]>();
        for (const item of items) {
            const k = key(item);
            if (k === null || k === undefined) continue;
            const bucket = map.get(k);
            if (bucket) bucket.push(item);
            else map.set(k, [item]);
        }
        return map;
    });
    return keepOf(buckets.get(value) ?? [], keep);
}

/**
 * 同 filterEq，合取项是 有交集(键(元素), 值)（键与值是列表：药品追溯码……）：只对键的列表与值有共同成员的元素求整个条件。
 * 索引是 成员 → 元素的位置；查找时合并各成员的位置、去重、按集合次序。结果与 filter 相同（有交集为假或未知的元素留不下）。
 */
export function filterAny(ctx: EvalContext, site: string, collection: unknown, keys: (item: unknown) => unknown, values: unknown,
    keep: (item: unknown) => unknown): unknown[] {
    if (values === null || values === undefined) return [];
    const items = toArray(collection);
    const positions = siteCache(ctx, site, items, null, all => {
        const map = new Map<unknown, number[]>();
        all.forEach((item, i) => {
            const list = keys(item);
            if (list === null || list === undefined) return;
            for (const k of iterate(list)) {
                const at = map.get(k);
                if (!at) map.set(k, [i]);
                else if (at[at.length - 1] !== i) at.push(i);
            }
        });
        return map;
    });
    const found: number[] = [];
    for (const v of new Set(iterate(values))) {
        const at = positions.get(v);
        if (at) for (const i of at) found.push(i);
    }
    found.sort((a, b) => a - b);
    return keepOf(found.filter((i, k) => k === 0 || i !== found[k - 1]).map(i => items[i]), keep);
}

/**
 * 同 filter，条件里有一个合取项 pre 只读元素与知识点实例的行（不读外层元素与 令）：先按 pre 筛出子集，只对子集求整个条件。
 * 子集按 (理赔, 位置, 实例的行) 缓存——“同一知识点的药品在此前的明细”之类的筛选对每条明细都一样，只算一次。
 */
export function filterPre(ctx: EvalContext, site: string, row: unknown, collection: unknown, pre: (item: unknown) => unknown,
    keep: (item: unknown) => unknown): unknown[] {
    return keepOf(siteCache(ctx, site, toArray(collection), row, items => items.filter(item => pre(item) === true)), keep);
}

function keepOf(candidates: readonly unknown[], keep: (item: unknown) => unknown): unknown[] {
    const result: unknown[] = [];
    for (const item of candidates) if (keep(item) === true) result.push(item);
    return result;
}

/**
 * filterEq / filterAny / filterPre 的索引：挂在求值上下文上（每个理赔一个上下文，理赔审完即丢），按生成代码里的位置 site 各一份；
 * 集合（按对象同一）或实例的行变了就重建。
 */
function siteCache<T>(ctx: EvalContext, site: string, items: unknown[], row: unknown, build: (items: unknown[]) => T): T {
    const caches = ((ctx as IndexedContext).indexes ??= new Map());
    const entry = caches.get(site);
    if (entry && entry.items === items && entry.row === row) return entry.value as T;
    const value = build(items);
    caches.set(site, { items, row, value });
    return value;
}

interface IndexedContext extends EvalContext {
    indexes?: Map<string, { items: unknown[]; row: unknown; value: unknown }>;
}

/** 聚合：each 为逐个元素的表达式（计数 / 存在 / 全部 时是条件）。 */
export function aggregate(fn: string, collection: unknown, each: ((item: unknown) => unknown) | null, whole: boolean): unknown {
    const items = toArray(collection);
    switch (fn) {
        case 'count': {
            if (!each) return count(items);
            let n = 0;
            for (const item of items) if (each(item) === true) n++;
            return n * SCALE;
        }
        case 'exists': {
            if (!each) return items.some(i => i !== null && i !== undefined);
            for (const item of items) if (each(item) === true) return true;
            return false;
        }
        case 'all': {
            for (const item of items) if (!each || each(item) !== true) return false;
            return true;
        }
    }
    const values = each ? items.map(each) : items;
    switch (fn) {
        case 'sum': return sum(values);
        case 'avg': return average(values, whole);
        case 'max': return extreme(values, true);
        case 'min': return extreme(values, false);
        case 'count_distinct': return countDistinct(values);
    }
    throw new Error(`未知聚合 ${fn}`);
}

/** 集合字面量：元素本身是集合 / 列表 / 代码集时并入；空值忽略。 */
export function makeSet(...values: unknown[]): Set<unknown> {
    const result = new Set<unknown>();
    for (const v of values) {
        if (v === null || v === undefined) continue;
        if (v instanceof Set || Array.isArray(v)) for (const x of v) result.add(x);
        else if (v instanceof CodeMatcher) for (const x of v.exact) result.add(x);
        else result.add(v);
    }
    return result;
}

/** 元素上的日期：取 prop，缺失时取 fallback（就诊：出院日期，缺失取入院日期——见 contract/records.ts 的 date）。 */
export function dateOf(item: unknown, prop: string, fallback: string | null): number | null {
    if (!item || typeof item !== 'object') return null;
    const record = item as Record<string, unknown>;
    const value = record[prop] ?? (fallback === null ? null : record[fallback]);
    return (value ?? null) as number | null;
}

/**
 * 时间窗：参照日 ref（规则包里写明，目前总是本次入院日期）；近 N：参照日之前 N 天内（含当天）；同自然月 / 同医保年度（自然年）。
 * 元素日期为空的不在窗内。
 */
export function window(ref: number | null, collection: unknown, durationMinutes: number | null, calendar: 'month' | 'year' | null, prop: string, fallback: string | null): unknown[] {
    if (ref === null) return [];
    const result: unknown[] = [];
    for (const item of toArray(collection)) {
        const d = dateOf(item, prop, fallback);
        if (d === null) continue;
        let inside: boolean;
        if (calendar === 'month') inside = monthStart(d) === monthStart(ref);
        else if (calendar === 'year') inside = yearStart(d) === yearStart(ref);
        else if (durationMinutes === null) inside = false;
        else inside = d <= ref && d >= ref - Math.trunc(durationMinutes / MINUTES_PER_DAY);
        if (inside) result.push(item);
    }
    return result;
}

// ───────────── 筛查集合（事后全量筛查，engine/population.ts） ─────────────

/** 筛查集合的来源（全体就诊 / 全体明细）；没有筛查集合时为空列表。 */
export function population(ctx: EvalContext, source: 'population_encounters' | 'population_lines'): unknown[] {
    return ctx.population ? ctx.population[source] : [];
}

/** IR 的 lookup 节点：筛查集合中属性 prop 等于 key（或与之相交）的元素。 */
export function lookup(ctx: EvalContext, source: 'population_encounters' | 'population_lines', prop: string, key: unknown): unknown[] {
    return ctx.population ? ctx.population.lookup(source, prop, key) : [];
}

/** IR 的 peer 节点：当前统计组 current 在同级组中的统计量（value / key 对一个统计组求值）。 */
export function peer(ctx: EvalContext, node: string, current: unknown, value: (g: unknown) => unknown, key: (g: unknown) => unknown, stat: PeerStat, arg: number | null, min: number | null): number | null {
    if (!ctx.population || !ctx.cohorts) return null;
    return ctx.population.peer(node, ctx.cohorts, current, value, key, stat, arg, min);
}

/** 解释用：求值被观察的子表达式，出错时记为空（不影响规则结果）。 */
export function safe(compute: () => unknown): unknown {
    try {
        return compute();
    } catch {
        return null;
    }
}
