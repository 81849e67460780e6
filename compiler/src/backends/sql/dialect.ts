/**
 * SQL 方言：DuckDB 与 Spark SQL 的全部差别只在这里（类型名、标识符引号、绑定参数、整数除法、日期函数、列表 / 数组函数、宏）。
 * lower.ts 与 ops.ts 生成的是同一份查询结构，遇到方言相关的片段就问这里；宏（zs_rdiv …）在 DuckDB 上是 TEMP MACRO，
 * Spark SQL 没有 SQL 宏，由 expandMacros 在生成的文本里就地展开（参数是已生成的 SQL，文本里没有用户数据：
 * 文本常量都是绑定参数）。
 *
 * 两个方言算出同样的值：金额等是 micro 整数（BIGINT），乘除的中间结果在 DuckDB 是 HUGEINT、在 Spark 是 DECIMAL(38,0)，
 * 都是精确整数；整数除法只用于非负数（宏里先取绝对值），DuckDB 用 //，Spark 用 div（精确的商，转成 BIGINT）。
 */
import type { OpName } from '@zhishen/runtime';
import { HOST_FUNCTIONS, SPARK_HOST_FUNCTIONS } from './host.js';
import type { SqlColumnType } from './lower.js';

export type SqlDialectName = 'duckdb' | 'spark';

export interface SqlMacro {
    name: string;
    params: string[];
    /** 宏体：参数是 SQL 文本 */
    body: (...args: string[]) => string;
}

export interface SqlDialect {
    readonly name: SqlDialectName;
    /** 带引号的标识符（列名） */
    q(ident: string): string;
    /** 第 n 个绑定参数（从 1 起） */
    param(n: number): string;
    /** 列类型（库表与数据表的逻辑类型 → 方言的类型名） */
    type(t: SqlColumnType | 'HUGEINT'): string;
    /** 单个元素的列表 */
    list1(x: string): string;
    /** 空列表（元素类型 BIGINT、INTEGER 或 VARCHAR） */
    emptyList(element: 'BIGINT' | 'INTEGER' | 'VARCHAR'): string;
    /** 聚合：按 order 排序的 value 列表（没有行时为 NULL 或空列表，调用方 coalesce） */
    listAgg(value: string, order: string): string;
    /** 列表里非空元素的个数（列表为 NULL 时 NULL） */
    countNonNull(list: string): string;
    /** 列表含有非空的 x（列表里的 NULL 元素不算：没有找到就是 FALSE） */
    listContains(list: string, x: string): string;
    /** 两个文本列表有共同的非空元素 */
    listsOverlap(a: string, b: string): string;
    startsWith(a: string, b: string): string;
    /** 天数 → 'YYYY-MM-DD' */
    formatDay(day: string): string;
    /** WITH 子句里物化的公用表（DuckDB：AS MATERIALIZED） */
    materialized: string;
    /** 含子查询的标量 令 放在 LATERAL 列里只算一次（Spark 的 LATERAL 不能引用外两层的列：内联） */
    lateral: boolean;
    /** 用到实例表的列的子查询在子查询里等值连接实例表（Spark：非等值的外层引用去关联时复制外层计划；见 RuleLowering.subquery） */
    instanceJoin: boolean;
    /** 物化的临时结果（准备阶段算一次的视图）：DuckDB 是 TEMP TABLE；Spark 是 TEMP VIEW（执行方可以 CACHE） */
    createTemp(name: string, select: string): string;
    /** 宏：DuckDB 给出 CREATE MACRO 语句；Spark 为空（已展开） */
    macroStatements(): string[];
    /** 把生成的文本里的宏调用展开（DuckDB 不动） */
    expandMacros(sql: string): string;
    /**
     * 这个方言能运行的宿主函数（host.ts）：DuckDB 上执行方把运行时的实现注册为标量函数，全部都有；Spark 作业里没有 Node，
     * 只有在 Spark SQL 里有逐字节同义写法的几个（SPARK_HOST_MACROS），正则三个没有。
     */
    hostFunctions: ReadonlySet<OpName>;
    /** 非负整数的整除（DuckDB //，Spark div） */
    idiv(n: string, d: string): string;
    /** 列表按值展开成行（SELECT 列表里：DuckDB unnest，Spark explode） */
    unnest(list: string): string;
    /** 聚合：value 升序后的第 k 个（从 1 起；k 在 1 与行数之间） */
    sortedAt(value: string, k: string): string;
    /**
     * 子查询的 FROM 里可以有引用外层的派生表、相关条件可以引用外两层（DuckDB 是）。Spark 3.5 两样都不行：
     * 筛查集合上的 lookup 用单个条件（arrays_overlap …），“集合中就诊的明细”“统计组的明细”用等值连接（population.ts）。
     */
    deepCorrelation: boolean;
    /**
     * 子查询对外层的等值关联（子查询 WHERE 的顶层合取项），写成结构体相等：named_struct(内…) = named_struct(外…)。
     * Spark 3.5 去关联相关的标量子查询（计数、列表）时把 内列 = 外列 上提，只用**其余**条件里的外层列建“域”，
     * 再做 域 × 子查询全部行 的嵌套循环（随理赔数平方增长）；子查询一侧是表达式时外层列进了域、按它哈希连接。
     * 只在子查询另有对外层的非等值引用时才需要（RuleLowering.subquery 决定）：只有等值关联时上提正是对的，写成结构体反而更慢
     * （空床日规则的两层子查询成了笛卡尔积，3,000 张 9.7 → 165 秒）。
     * 两边是同一个结构体，值相等当且仅当每个分量相等；但 NULL 分量也算相等：可能为空的键另加 内 IS NOT NULL，
     * 在 WHERE 的顶层与 内 = 外 筛出同样的行。DuckDB（去关联按等值条件哈希连接）写成 内 = 外。
     */
    correlatedEq(keys: readonly CorrelatedKey[]): string;
}

/** 对外层的一个等值关联：[子查询里的列, 外层的值, 可能为空] */
export type CorrelatedKey = readonly [inner: string, outer: string, nullable?: boolean];

/** 等值关联的通常写法 内 = 外 */
export function plainEq(keys: readonly CorrelatedKey[]): string {
    return keys.map(([inner, outer]) => `${inner} = ${outer}`).join(' AND ');
}

const MICRO = 1_000_000;

/** 两个方言共用的宏，差别只在 idiv（非负整数的整除）、日期与文本函数。 */
function macros(f: {
    idiv: (n: string, d: string) => string;
    /** BIGINT 的非负整除 */
    ldiv: (n: string, d: string) => string;
    huge: string;
    date: (d: string) => string;
    dayOf: (date: string) => string;
    truncMonth: (date: string) => string;
    truncYear: (date: string) => string;
    makeDate: (y: string, m: string) => string;
    addMonths: (date: string, n: string) => string;
    startsWith: (a: string, b: string) => string;
}): SqlMacro[] {
    const m = (name: string, params: string[], body: (...a: string[]) => string): SqlMacro => ({ name, params, body });
    return [
        // 整数除法四舍五入（半数远离零），与 runtime/src/values/decimal.ts 的 divideRound 相同
        m('zs_rdiv', ['n', 'd'], (n, d) => `((CASE WHEN (${n} < 0) <> (${d} < 0) THEN -1 ELSE 1 END) * ${f.idiv(`abs(${n}) + ${f.idiv(`abs(${d})`, '2')}`, `abs(${d})`)})`),
        // 向下取整的整数除法（d > 0）：Math.round(x / d) = floor((x + d/2) / d)
        m('zs_floordiv', ['n', 'd'], (n, d) => `(CASE WHEN ${n} >= 0 THEN ${f.idiv(n, d)} ELSE -(${f.idiv(`-${n} + ${d} - 1`, d)}) END)`),
        // 舍到 micro 只舍入一次（语义 F9，decimal.ts 的 divideMicro）：不精确而落在分或整数的半数点上时朝精确值移一位
        m('zs_rdiv_fix', ['n', 'd', 'q'], (n, d, q) => `(CASE WHEN (abs(${q}) % 10000 <> 5000 AND abs(${q}) % 1000000 <> 500000) OR ${n} = ${q} * ${d} THEN ${q}
        WHEN (${n} - ${q} * ${d} < 0) = (${d} < 0) THEN ${q} + 1 ELSE ${q} - 1 END)`),
        // 商 q = zs_rdiv(n, d) 只算一次：宏体里用到 q 七次，交给 zs_rdiv_fix 的参数（Spark 上绑定一次，见 bindArgs）
        m('zs_rdiv_micro', ['n', 'd'], (n, d) => `zs_rdiv_fix(${n}, ${d}, zs_rdiv(${n}, ${d}))`),
        m('zs_mul', ['a', 'b'], (a, b) => `CAST(zs_rdiv_micro(CAST(${a} AS ${f.huge}) * ${b}, ${MICRO}) AS BIGINT)`),
        m('zs_div', ['a', 'b'], (a, b) => `(CASE WHEN ${b} = 0 THEN NULL ELSE CAST(zs_rdiv_micro(CAST(${a} AS ${f.huge}) * ${MICRO}, ${b}) AS BIGINT) END)`),
        // 日期（天数）→ 年、月、日
        m('zs_date', ['d'], d => f.date(d)),
        m('zs_age', ['born', 'day_at'], (born, at) => `(CASE WHEN ${born} IS NULL OR ${at} IS NULL THEN NULL ELSE
        year(zs_date(${at})) - year(zs_date(${born})) - (CASE WHEN month(zs_date(${at})) < month(zs_date(${born}))
            OR (month(zs_date(${at})) = month(zs_date(${born})) AND day(zs_date(${at})) < day(zs_date(${born}))) THEN 1 ELSE 0 END) END)`),
        m('zs_month_start', ['d'], d => `CAST(${f.dayOf(f.truncMonth(`zs_date(${d})`))} AS INTEGER)`),
        m('zs_year_start', ['d'], d => `CAST(${f.dayOf(f.truncYear(`zs_date(${d})`))} AS INTEGER)`),
        // 医保年度初（起始月 m 为 micro 数值，须是 1–12 的整数，否则为空；与运行时 insuranceYearStart 同一规则）
        m('zs_insurance_year_start', ['d', 'm'], (d, mo) => `CASE WHEN ${d} IS NULL OR ${mo} IS NULL OR ${mo} % ${MICRO} <> 0 OR ${f.ldiv(mo, String(MICRO))} NOT BETWEEN 1 AND 12 THEN NULL
       ELSE CAST(${f.dayOf(f.makeDate(`year(zs_date(${d})) - CASE WHEN month(zs_date(${d})) >= ${f.ldiv(mo, String(MICRO))} THEN 0 ELSE 1 END`, f.ldiv(mo, String(MICRO))))} AS INTEGER) END`),
        // 加月：目标月没有那一天时取月末（DuckDB 的 + INTERVAL、Spark 3 起的 add_months 都是），与运行时 addMonths 相同；月数须是整数
        m('zs_add_months', ['d', 'm'], (d, mo) => `(CASE WHEN ${mo} % ${MICRO} <> 0 THEN NULL ELSE CAST(${f.dayOf(f.addMonths(`zs_date(${d})`, f.ldiv(mo, String(MICRO))))} AS INTEGER) END)`),
        // 整数平方根（同 JS isqrt，统计组的标准差）：DOUBLE 只给初值，再校正到 r² ≤ v < (r + 1)²
        m('zs_isqrt_fix', ['v', 'r'], (v, r) => `(CASE WHEN ${r} * ${r} > ${v} THEN ${r} - 1 WHEN (${r} + 1) * (${r} + 1) <= ${v} THEN ${r} + 1 ELSE ${r} END)`),
        m('zs_isqrt', ['v'], v => `(CASE WHEN ${v} <= 0 THEN CAST(0 AS ${f.huge}) ELSE zs_isqrt_fix(CAST(${v} AS ${f.huge}), CAST(floor(sqrt(CAST(${v} AS DOUBLE))) AS ${f.huge})) END)`),
        // 截向零的整天数（时长分钟 → 天）
        m('zs_days', ['m'], mi => `(CASE WHEN ${mi} >= 0 THEN ${f.ldiv(mi, '1440')} ELSE -(${f.ldiv(`-${mi}`, '1440')}) END)`),
        // 属于：集合编号 sid 在 zs_sets 中（精确 / 前缀 / 区间，区间按 CodeMatcher：比较与下端等长的开头）
        m('zs_member', ['sid', 'x'], (sid, x) => `(CASE WHEN ${x} IS NULL OR ${sid} IS NULL THEN NULL ELSE EXISTS (
        SELECT 1 FROM zs_sets z WHERE z.set_id = ${sid} AND ((z.kind = 0 AND z.a = ${x})
            OR (z.kind = 1 AND length(${x}) > 0 AND ${f.startsWith(x, 'z.a')}) OR (z.kind = 2 AND length(${x}) > 0 AND substr(${x}, 1, z.len) BETWEEN z.a AND z.b))) END)`)
    ];
}

const DUCKDB_MACROS = macros({
    idiv: (n, d) => `(${n}) // (${d})`,
    ldiv: (n, d) => `(${n}) // (${d})`,
    huge: 'HUGEINT',
    date: d => `(DATE '1970-01-01' + CAST(${d} AS INTEGER))`,
    dayOf: date => `date_diff('day', DATE '1970-01-01', ${date})`,
    truncMonth: date => `date_trunc('month', ${date})`,
    truncYear: date => `date_trunc('year', ${date})`,
    makeDate: (y, m) => `make_date(CAST(${y} AS BIGINT), CAST(${m} AS BIGINT), 1)`,
    addMonths: (date, n) => `CAST(${date} + to_months(CAST(${n} AS INTEGER)) AS DATE)`,
    startsWith: (a, b) => `starts_with(${a}, ${b})`
});

const SPARK_MACROS = macros({
    // 非负整数的整除：div 给出精确的商（DECIMAL 也是）并转成 BIGINT——宏里的商最后都转成 BIGINT（金额等 micro 整数），
    // 放不进 BIGINT 的商在 DuckDB 上同样是转换出错；被除数、除数各只出现一次（不像 (n - n % d) / d 那样重复三次）
    idiv: (n, d) => `((${n}) div (${d}))`,
    ldiv: (n, d) => `((${n}) div (${d}))`,
    huge: 'DECIMAL(38,0)',
    date: d => `date_add(DATE'1970-01-01', CAST(${d} AS INT))`,
    dayOf: date => `datediff(${date}, DATE'1970-01-01')`,
    truncMonth: date => `trunc(${date}, 'MM')`,
    truncYear: date => `trunc(${date}, 'YEAR')`,
    makeDate: (y, m) => `make_date(CAST(${y} AS INT), CAST(${m} AS INT), 1)`,
    addMonths: (date, n) => `add_months(${date}, CAST(${n} AS INT))`,
    startsWith: (a, b) => `startswith(${a}, ${b})`
});

/** 简单的参数（列、常量）直接代入宏体 */
const SIMPLE_ARG = /^\(?[\w.`]+\)?$/;

/**
 * 宏体代入参数。宏体里一个参数会出现多次（zs_rdiv 的被除数 3 次、除数 5 次），直接代入复杂的参数会让嵌套的宏成倍变大
 * （Spark 的解析器在几十 KB 的表达式上耗尽内存）：复杂的参数经 lambda 绑定一次——
 * element_at(transform(array(struct(参数 AS a0, …)), b -> 宏体(b.a0 …)), 1)。简单的参数加括号直接代入
 * （宏体里的 -n、n % d 按整个参数算，与 DuckDB 的宏按表达式代入相同）。
 */
function bindArgs(macro: SqlMacro, args: string[], counter: { n: number }): string {
    const probe = macro.body(...macro.params.map((_, k) => `\u0000${k}\u0000`));
    // 宏体里有子查询（zs_member）时不能放进 lambda：参数照样直接代入
    const hasSubquery = /\bSELECT\b/.test(probe);
    const bound = args.map((a, k) => !SIMPLE_ARG.test(a) && !hasSubquery && probe.split(`\u0000${k}\u0000`).length > 2);
    // 用了 lambda 时，含子查询的参数也放进 struct（lambda 之外）：Spark 3.5 不解析 lambda 体里子查询对外层的引用
    // （lambda 是一层作用域，子查询里的 i.s2 便成了外两层的引用）
    if (bound.some(Boolean)) args.forEach((a, k) => { if (/\bSELECT\b/.test(a)) bound[k] = true; });
    if (!bound.some(Boolean)) return macro.body(...args.map(a => `(${a})`));
    const v = `zs_b${counter.n++}`;
    const fields = args.map((a, k) => (bound[k] ? `${a} AS a${k}` : null)).filter(f => f !== null).join(', ');
    return `element_at(transform(array(struct(${fields})), ${v} -> ${macro.body(...args.map((a, k) => (bound[k] ? `${v}.a${k}` : `(${a})`)))}), 1)`;
}

/** 在 sql 里找 name( … ) 的调用并就地展开（参数按顶层逗号分开；文本常量里的括号与逗号不算）。 */
function expand(sql: string, table: ReadonlyMap<string, SqlMacro>, counter = { n: 0 }): string {
    return rewriteCalls(sql, table, (macro, args) => expand(bindArgs(macro, args, counter), table, counter));
}

/** 宏体（连同它调用的宏，全部展开之后）里每个参数出现几次 */
function paramUses(macro: SqlMacro, table: ReadonlyMap<string, SqlMacro>): number[] {
    const plain = (sql: string): string => rewriteCalls(sql, table, (m, args) => plain(m.body(...args.map(a => `(${a})`))));
    const probe = plain(macro.body(...macro.params.map((_, k) => `zs_arg${k}x`)));
    return macro.params.map((_, k) => probe.split(`zs_arg${k}x`).length - 1);
}

const DUCKDB_MACRO_TABLE: ReadonlyMap<string, SqlMacro> = new Map(DUCKDB_MACROS.map(m => [m.name, m]));
const DUCKDB_USES = new Map(DUCKDB_MACROS.map(m => [m.name, paramUses(m, DUCKDB_MACRO_TABLE)]));

/**
 * DuckDB 的宏（CREATE MACRO）在绑定时按表达式代入参数：含子查询的参数在宏体里出现几次，子查询就去相关几次
 * （zs_rdiv_micro 的被除数展开后出现 8 次；限定频次规则的计费天数里两个子查询各成了 8 个哈希连接）。
 * 这样的参数先在一个单行的派生表里算一次：(SELECT 宏(zs_bN.aK …) FROM (SELECT 参数 AS aK …) zs_bN)，值与直接代入相同。
 * 只对出现多于一次、且含 SELECT 的参数这样做（聚合函数的参数不含 SELECT，不会被挪进子查询）。
 */
function bindSubqueryArgs(sql: string, counter = { n: 0 }): string {
    return rewriteCalls(sql, DUCKDB_MACRO_TABLE, (macro, args) => {
        const uses = DUCKDB_USES.get(macro.name)!;
        const bound = args.map((a, k) => uses[k] > 1 && /\bSELECT\b/i.test(a));
        if (!bound.some(Boolean)) return `${macro.name}(${args.join(', ')})`;
        const b = `zs_b${counter.n++}`;
        const fields = args.map((a, k) => (bound[k] ? `${a} AS a${k}` : null)).filter(f => f !== null).join(', ');
        return `(SELECT ${macro.name}(${args.map((a, k) => (bound[k] ? `${b}.a${k}` : a)).join(', ')}) FROM (SELECT ${fields}) ${b})`;
    });
}

/** 找 sql 里宏的调用，参数先递归处理，再由 emit 给出替换的文本（emit 的结果不再扫描）。 */
function rewriteCalls(sql: string, table: ReadonlyMap<string, SqlMacro>, emit: (macro: SqlMacro, args: string[]) => string): string {
    const call = /\b(zs_[a-z_]+)\(/g;
    let out = '';
    let from = 0;
    for (let match = call.exec(sql); match; match = call.exec(sql)) {
        const macro = table.get(match[1]);
        if (!macro) continue;
        const args: string[] = [];
        let depth = 0;
        let start = match.index + match[0].length;
        let i = start;
        let quote: string | null = null;
        for (; i < sql.length; i++) {
            const ch = sql[i];
            if (quote) {
                if (ch === quote) quote = null;
                continue;
            }
            if (ch === "'" || ch === '`' || ch === '"') quote = ch;
            else if (ch === '(' || ch === '[') depth++;
            else if ((ch === ')' || ch === ']') && depth > 0) depth--;
            else if (ch === ')') break;
            else if (ch === ',' && depth === 0) {
                args.push(sql.slice(start, i));
                start = i + 1;
            }
        }
        if (i >= sql.length) throw new Error(`宏 ${macro.name} 的调用没有闭合`);
        args.push(sql.slice(start, i));
        if (args.length !== macro.params.length) throw new Error(`宏 ${macro.name} 要 ${macro.params.length} 个参数，得到 ${args.length} 个`);
        out += sql.slice(from, match.index) + emit(macro, args.map(a => rewriteCalls(a.trim(), table, emit)));
        from = i + 1;
        call.lastIndex = from;
    }
    return out + sql.slice(from);
}

export const DUCKDB: SqlDialect = {
    name: 'duckdb',
    q: ident => `"${ident}"`,
    param: n => `$${n}`,
    type: t => t,
    list1: x => `[${x}]`,
    emptyList: element => `CAST([] AS ${element}[])`,
    listAgg: (value, order) => `list(${value} ORDER BY ${order})`,
    countNonNull: list => `len(list_filter(${list}, lambda x: x IS NOT NULL))`,
    listContains: (list, x) => `list_contains(${list}, ${x})`,
    listsOverlap: (a, b) => `list_has_any(${a}, ${b})`,
    startsWith: (a, b) => `starts_with(${a}, ${b})`,
    formatDay: day => `strftime(zs_date(${day}), '%Y-%m-%d')`,
    materialized: 'AS MATERIALIZED',
    lateral: true,
    instanceJoin: false,
    createTemp: (name, select) => `CREATE OR REPLACE TEMP TABLE ${name} AS ${select}`,
    macroStatements: () => DUCKDB_MACROS.map(m => `CREATE OR REPLACE TEMP MACRO ${m.name}(${m.params.join(', ')}) AS ${m.body(...m.params)}`),
    expandMacros: sql => bindSubqueryArgs(sql),
    hostFunctions: new Set(Object.keys(HOST_FUNCTIONS) as OpName[]),
    idiv: (n, d) => `(${n}) // (${d})`,
    unnest: list => `unnest(${list})`,
    sortedAt: (value, k) => `list_sort(list(${value}))[${k}]`,
    deepCorrelation: true,
    correlatedEq: plainEq
};

const SPARK_TYPES: Record<SqlColumnType | 'HUGEINT', string> = { VARCHAR: 'STRING', BIGINT: 'BIGINT', INTEGER: 'INT', BOOLEAN: 'BOOLEAN', HUGEINT: 'DECIMAL(38,0)' };
/** 实例表里集合编号列 col 的数组列（Spark 作业建表时由 zs_sets 算出，见 backends/spark/job.ts） */
export const SET_ARRAY_SUFFIX = { codes: '__c', prefixes: '__p', ranges: '__r' } as const;

/**
 * Spark 的 属于：Spark 3.5 的子查询只能引用外一层的列，zs_sets 上的 EXISTS 放在 其中 的子查询里、集合编号又来自实例表时
 * 是外两层的引用，不能解析。集合编号是实例表的列时改用实例表上预先算好的数组列（精确编码、前缀、区间），不用子查询；
 * 集合编号是常量时照样 EXISTS（只引用元素，外一层）。两种写法与 DuckDB 的 zs_member 同义：x 或集合为空 → NULL，否则 TRUE / FALSE。
 */
const SPARK_MEMBER: SqlMacro = {
    name: 'zs_member',
    params: ['sid', 'x'],
    body: (sid, x) => {
        const ref = /^\(*(i|zia\d+)\.(\w+)\)*$/.exec(sid);
        if (!ref) {
            // 按种类分成三个 EXISTS（与一个 EXISTS 里三种的 OR 同义）：精确编码的那个是等值条件，Spark 按它哈希；
            // 写在一起时是 元素 × 集合全部行 的嵌套循环（诊断编码异常：每个诊断比 3.3 万个编码，2 万张理赔跑几分钟）
            const kind = (k: number, match: string) => `EXISTS (SELECT 1 FROM zs_sets z WHERE z.set_id = ${sid} AND z.kind = ${k} AND ${match})`;
            return `(CASE WHEN ${x} IS NULL OR ${sid} IS NULL THEN NULL ELSE (${kind(0, `z.a = ${x}`)}
            OR (length(${x}) > 0 AND (${kind(1, `startswith(${x}, z.a)`)} OR ${kind(2, `substr(${x}, 1, z.len) BETWEEN z.a AND z.b`)}))) END)`;
        }
        const a = (suffix: string) => `${ref[1]}.${ref[2]}${suffix}`;
        return `(CASE WHEN ${x} IS NULL OR ${sid} IS NULL THEN NULL ELSE (array_contains(${a(SET_ARRAY_SUFFIX.codes)}, ${x}) OR (length(${x}) > 0 AND (exists(${a(SET_ARRAY_SUFFIX.prefixes)}, zs_p -> startswith(${x}, zs_p))
            OR exists(${a(SET_ARRAY_SUFFIX.ranges)}, zs_r -> substr(${x}, 1, zs_r.len) BETWEEN zs_r.a AND zs_r.b)))) END)`;
    }
};
/**
 * JS 的空白（String.prototype.trim 与正则 \s 是同一组：WhiteSpace 与 LineTerminator），写成 Spark SQL 文本常量里的 \uXXXX
 * （Spark 的解析器把它换成字符）。Spark 的 trim() 只去空格、Java 的 \s 只认 ASCII：都与 JS 不同，所以逐个列出。
 */
const JS_WHITESPACE = ['0009', '000A', '000B', '000C', '000D', '0020', '00A0', '1680', '2000', '2001', '2002', '2003', '2004', '2005', '2006',
    '2007', '2008', '2009', '200A', '2028', '2029', '202F', '205F', '3000', 'FEFF'].map(h => `\\u${h}`).join('');
const jsTrim = (x: string) => `trim(BOTH '${JS_WHITESPACE}' FROM ${x})`;
/** JS 的 length（UTF-16 码元数）：Spark 的 length 数的是码位，含增补平面字符时不同 */
const utf16Length = (x: string) => `(octet_length(encode(${x}, 'UTF-16LE')) div 2)`;
/** JS 的 slice(from, to)（UTF-16 码元，0 起；切开代理对时两边都是 U+FFFD：Java 的解码与 Node 交给 DuckDB 时的 UTF-8 转换都这样替换） */
const utf16Slice = (x: string, from: number, to: number) => `decode(substring(encode(${x}, 'UTF-16LE'), ${from * 2 + 1}, ${(to - from) * 2}), 'UTF-16LE')`;
/** 集合编号 → 集合的精确编码（数组）：实例表的集合列有预先算好的 __c 列；常量或别的表达式时取 zs_sets 的 kind 0 行（标量子查询） */
function setCodes(sid: string): string {
    const ref = /^\(*(i|zia\d+)\.(\w+)\)*$/.exec(sid);
    if (ref) return `${ref[1]}.${ref[2]}${SET_ARRAY_SUFFIX.codes}`;
    // 编号为空时集合为空（NULL），不是空数组：子查询在没有行时给出空数组
    return `(CASE WHEN ${sid} IS NULL THEN NULL ELSE (SELECT collect_list(z.a) FROM zs_sets z WHERE z.set_id = ${sid} AND z.kind = 0) END)`;
}
/** 国家医保药品编码（运行时 nationalDrugCode：西药 X + 22 位、中成药 Z + 19 位，长度按 UTF-16 码元）；c 已去空白、转大写 */
const nationalDrugCode = (c: string) => `((startswith(${c}, 'X') AND ${utf16Length(c)} = 23) OR (startswith(${c}, 'Z') AND ${utf16Length(c)} = 20))`;
const CHINESE_DIGITS = '零〇一二两三四五六七八九';
const CHINESE_DIGIT_VALUES = [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * 宿主函数在 Spark 上的写法：逐个对应运行时的实现（runtime/src/engine/functions.ts 与 values/text.ts），
 * 差分测试 tests/spark/host-functions.spark.test.ts 在同一批刁钻的输入上比较 Spark 与运行时（全角空白、ß 之类的大写、
 * 增补平面字符、“非”字否定、空词）。大写用 Spark 的 upper（Java 的 toUpperCase，完整映射 ß → SS，与 JS 相同；
 * 两边的 Unicode 版本不同时，版本之间新增字符的大小写可能不同）。
 */
const SPARK_HOST_MACROS: SqlMacro[] = [
    { name: 'zs_fn_drug_class', params: ['x'], body: x => `zs_drug_class_n(upper(${jsTrim(x)}))` },
    { name: 'zs_drug_class_n', params: ['c'], body: c => `(CASE WHEN ${nationalDrugCode(c)} THEN ${utf16Slice(c, 1, 6)} END)` },
    { name: 'zs_fn_drug_generic_key', params: ['x'], body: x => `zs_drug_generic_key_n(upper(${jsTrim(x)}))` },
    {
        name: 'zs_drug_generic_key_n', params: ['c'],
        body: c => `(CASE WHEN startswith(${c}, 'X') AND ${utf16Length(c)} = 23 THEN ${utf16Slice(c, 0, 18)}
            WHEN startswith(${c}, 'Z') AND ${utf16Length(c)} = 20 THEN ${utf16Slice(c, 0, 15)} ELSE ${c} END)`
    },
    // 中文数字（≤ 9999 的写法，也接受阿拉伯数字）：阿拉伯数字按 JS 的 Number(…) × 10⁶（双精度，与运行时同样舍入），放不进 BIGINT 时为空；
    // 中文数字从左到右折叠（数字覆盖上一个数字，单位累加 (数字或 1) × 单位），与 chineseNumber 的循环相同
    { name: 'zs_fn_chinese_number', params: ['x'], body: x => `zs_chinese_number_t(${jsTrim(x)})` },
    {
        name: 'zs_chinese_number_t', params: ['t'],
        body: t => `(CASE WHEN ${t} <> '' AND translate(${t}, '0123456789', '') = '' THEN (CASE WHEN abs(CAST(${t} AS DOUBLE) * 1000000D) < 9.2E18D THEN CAST(CAST(${t} AS DOUBLE) * 1000000D AS BIGINT) END)
            WHEN ${t} <> '' AND translate(${t}, '${CHINESE_DIGITS}十百千', '') = '' THEN aggregate(split(${t}, ''), named_struct('t', CAST(0 AS BIGINT), 'd', CAST(NULL AS BIGINT)),
                (zs_acc, zs_ch) -> CASE WHEN instr('十百千', zs_ch) > 0
                    THEN named_struct('t', zs_acc.t + coalesce(zs_acc.d, 1) * element_at(array(10, 100, 1000), instr('十百千', zs_ch)), 'd', CAST(NULL AS BIGINT))
                    ELSE named_struct('t', zs_acc.t, 'd', CAST(element_at(array(${CHINESE_DIGIT_VALUES.join(', ')}), instr('${CHINESE_DIGITS}', zs_ch)) AS BIGINT)) END,
                zs_acc -> (zs_acc.t + coalesce(zs_acc.d, 0)) * 1000000) END)`
    },
    // 包含任一：词表的精确编码里有非空的词是文本的子串
    { name: 'zs_fn_contains_any', params: ['t', 'sid'], body: (t, sid) => `zs_contains_any_s(${t}, ${setCodes(sid)})` },
    {
        name: 'zs_contains_any_s', params: ['t', 's'],
        body: (t, s) => `(CASE WHEN ${t} IS NULL OR ${s} IS NULL THEN NULL ELSE exists(${s}, zs_w -> length(zs_w) > 0 AND instr(${t}, zs_w) > 0) END)`
    },
    // 符合适应症：编码去空白、转大写，按 + 分成星剑号的各部分并去掉末尾的 *；族中不以 ~ 开头的项（转大写）是某部分的前缀，
    // 且名称不含前面不是“非”的 ~限定词
    {
        name: 'zs_fn_indication_covers', params: ['code', 'name', 'sid'],
        body: (code, name, sid) => `zs_indication_covers_s(${code}, transform(split(translate(upper(${code}), '${JS_WHITESPACE}', ''), '[+]'), zs_ip -> CASE WHEN endswith(zs_ip, '*') THEN substr(zs_ip, 1, length(zs_ip) - 1) ELSE zs_ip END), ${name}, ${setCodes(sid)})`
    },
    {
        name: 'zs_indication_covers_s', params: ['code', 'parts', 'name', 's'],
        body: (code, parts, name, s) => `(CASE WHEN ${code} IS NULL OR ${jsTrim(code)} = '' OR ${s} IS NULL THEN NULL
            WHEN NOT exists(${s}, zs_ie -> NOT startswith(zs_ie, '~') AND exists(${parts}, zs_ip -> startswith(zs_ip, upper(zs_ie)))) THEN false
            WHEN ${name} IS NOT NULL AND exists(${s}, zs_ie -> startswith(zs_ie, '~') AND zs_contains_unnegated(${name}, substr(zs_ie, 2))) THEN false
            ELSE true END)`
    },
    // 文本含 w，且该处前面不是“非”（第一个字符处前面没有字符）；空词在位置 0 出现
    {
        name: 'zs_contains_unnegated', params: ['t', 'w'],
        body: (t, w) => `(${w} = '' OR exists(sequence(1, greatest(length(${t}), 1)), zs_k -> substr(${t}, zs_k, length(${w})) = ${w} AND (zs_k = 1 OR substr(${t}, zs_k - 1, 1) <> '非')))`
    }
];
const SPARK_MACRO_TABLE = new Map([...SPARK_MACROS, SPARK_MEMBER, ...SPARK_HOST_MACROS].map(m => [m.name, m]));

/**
 * Spark SQL（3.5，非 ANSI 模式；驱动程序设 spark.sql.ansi.enabled=false、spark.sql.session.timeZone=UTC）。
 * 绑定参数用命名参数 :pN（spark.sql(text, args={...})），与出现次序无关。
 */
export const SPARK: SqlDialect = {
    name: 'spark',
    q: ident => `\`${ident}\``,
    param: n => `:p${n}`,
    type: t => SPARK_TYPES[t],
    list1: x => `array(${x})`,
    emptyList: element => `CAST(array() AS ARRAY<${SPARK_TYPES[element]}>)`,
    // collect_list 不保证次序：带上排序键收集再排序（键在患者内唯一）
    listAgg: (value, order) => `transform(array_sort(collect_list(struct(${order} AS o, ${value} AS v))), zs_e -> zs_e.v)`,
    // size(NULL) 在非 ANSI 模式是 -1：显式判空
    countNonNull: list => `(CASE WHEN ${list} IS NULL THEN NULL ELSE size(filter(${list}, zs_x -> zs_x IS NOT NULL)) END)`,
    // array_contains、arrays_overlap 在没有找到而有 NULL 元素时是 NULL；DuckDB 的 list_contains、list_has_any 不看 NULL 元素
    listContains: (list, x) => `array_contains(filter(${list}, zs_x -> zs_x IS NOT NULL), ${x})`,
    listsOverlap: (a, b) => `arrays_overlap(filter(${a}, zs_x -> zs_x IS NOT NULL), filter(${b}, zs_x -> zs_x IS NOT NULL))`,
    startsWith: (a, b) => `startswith(${a}, ${b})`,
    formatDay: day => `date_format(zs_date(${day}), 'yyyy-MM-dd')`,
    materialized: 'AS',
    lateral: false,
    instanceJoin: true,
    createTemp: (name, select) => `CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`,
    macroStatements: () => [],
    expandMacros: sql => expand(sql, SPARK_MACRO_TABLE),
    hostFunctions: SPARK_HOST_FUNCTIONS,
    idiv: (n, d) => `((${n}) div (${d}))`,
    unnest: list => `explode(${list})`,
    sortedAt: (value, k) => `element_at(array_sort(collect_list(${value})), CAST(${k} AS INT))`,
    deepCorrelation: false,
    correlatedEq: keys => {
        const struct = (side: 0 | 1) => `named_struct(${keys.map((k, n) => `'k${n}', ${k[side]}`).join(', ')})`;
        const notNull = keys.filter(k => k[2]).map(([inner]) => ` AND ${inner} IS NOT NULL`).join('');
        return `(${struct(0)} = ${struct(1)}${notNull})`;
    }
};

export const DIALECTS: Record<SqlDialectName, SqlDialect> = { duckdb: DUCKDB, spark: SPARK };
