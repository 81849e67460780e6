/**
 * SQL 后端这一列：运算名 → SQL 表达式（DuckDB 与 Spark SQL：两者的差别在 dialect.ts）。与 backends/js/ops.ts、backends/interpret/ops.ts 并列，同一张契约运算表
 * （runtime/src/contract/ops.ts）的第三列；表的类型是 Record<OpName, …>，契约里加了运算而这里没有，编译不过。
 *
 * 值在 SQL 里的编码与运行时相同（store/src/schema.ts）：数值 / 数量 / 金额是 micro 整数 BIGINT，乘除在 HUGEINT（Spark：DECIMAL(38,0)）中精确计算后
 * 按运行时的规则四舍五入（宏 zs_rdiv：半数远离零），从不经过 DOUBLE；日期是天数，时长与日期时间是分钟数；空值即 NULL，
 * 且 / 或 / 非 是 SQL 的三值逻辑（与契约的 Kleene 逻辑相同）。
 *
 * SQL 里没有同义写法的运算（正则、药品编码规范化、按适应症判断……）：只依赖知识点时已在编译期折叠进行值，不会到这里；
 * 依赖理赔时在 DuckDB 上调用宿主函数（host.ts，运行时的实现），在没有宿主函数的方言（Spark）上规则得到诊断 ZC0301，
 * 不会悄悄算错或漏掉。其余不支持的运算同样写明原因（unsupported）。
 */
import type { OpName } from '@zhishen/runtime';
import { DUCKDB } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { HOST_FUNCTIONS } from './host.js';

/** 记录列表[*].属性 的列表（lower.ts 的 project）：子查询的 FROM … WHERE …（已排除空值）与取的列 */
export interface ProjectedList {
    from: string;
    col: string;
}

/** 运算的参数：已翻译的 SQL 标量表达式（proj：它是记录列表[*].属性 的列表时），或集合（zs_sets 里的集合编号表达式）、列表（SQL LIST）。 */
export type SqlArg =
    | { t: 'sql'; sql: string; proj?: ProjectedList }
    | { t: 'set'; sid: string }
    | { t: 'list'; sql: string };

export interface SqlOpContext {
    /** 绑定一个文本参数，返回方言的参数记号（$n / :pn） */
    bind(text: string): string;
    readonly dialect: SqlDialect;
}

export type SqlOp = (args: SqlArg[], cx: SqlOpContext) => string;

export class Unsupported extends Error {}

function scalar(a: SqlArg, name: string): string {
    if (a.t !== 'sql') throw new Unsupported(`运算 ${name} 的参数是集合或列表`);
    return a.sql;
}

/** 全部参数都是标量的运算。 */
function s(render: (...args: string[]) => string, name: string): SqlOp {
    return args => render(...args.map(a => scalar(a, name)));
}

/** 同上，写法因方言而异（dialect.ts）。 */
function sd(render: (D: SqlDialect, ...args: string[]) => string, name: string): SqlOp {
    return (args, cx) => render(cx.dialect, ...args.map(a => scalar(a, name)));
}

/**
 * 宿主函数（host.ts）：方言有这个宿主函数时调用它（DuckDB 上是注册的运行时实现，Spark 上由方言展开成 SQL）；没有时（Spark 上的正则）
 * 这条规则不能在 SQL 上运行，写明原因。
 * 集合参数是 zs_sets 的集合编号（常量或实例表的列）；文本列表等其他形状不支持。
 */
function host(op: OpName, reason: string): SqlOp {
    const fn = HOST_FUNCTIONS[op]!;
    return (args, cx) => {
        if (!cx.dialect.hostFunctions.has(op)) throw new Unsupported(`${reason}（在 DuckDB 上经宿主函数运行，Spark SQL 里没有同义的写法）`);
        const sql = args.map((a, i) => {
            if (fn.params[i] === 'set') {
                if (a.t !== 'set') throw new Unsupported(`${op} 的第 ${i + 1} 个参数不是知识库的集合`);
                return a.sid;
            }
            return scalar(a, op);
        });
        return `${fn.sql}(${sql.join(', ')})`;
    };
}

function unsupported(reason: string): SqlOp {
    return () => {
        throw new Unsupported(reason);
    };
}

const nullIfAny = (args: string[], body: string) => `(CASE WHEN ${args.map(a => `${a} IS NULL`).join(' OR ')} THEN NULL ELSE ${body} END)`;

/** DuckDB 的宏语句（由执行方在筛查前创建；文本全部由 dialect.ts 给出，不含任何用户数据）。 */
export const SQL_MACROS: readonly string[] = DUCKDB.macroStatements();

const MICRO = 1_000_000;

export const SQL_OPS: { readonly [K in OpName]: SqlOp } = {
    and: s((a, b) => `(${a} AND ${b})`, 'and'),
    or: s((a, b) => `(${a} OR ${b})`, 'or'),
    not: s(a => `(NOT ${a})`, 'not'),
    eq: s((a, b) => `(${a} = ${b})`, 'eq'),
    ne: s((a, b) => `(${a} <> ${b})`, 'ne'),
    lt: s((a, b) => `(${a} < ${b})`, 'lt'),
    le: s((a, b) => `(${a} <= ${b})`, 'le'),
    gt: s((a, b) => `(${a} > ${b})`, 'gt'),
    ge: s((a, b) => `(${a} >= ${b})`, 'ge'),
    // ordinal 的第一个参数（枚举值的顺序）由翻译器处理成 CASE（见 lower.ts），不经过这里
    ordinal: unsupported('有序枚举的顺序不是常量'),
    dayToMinute: s(a => `(CAST(${a} AS BIGINT) * 1440)`, 'dayToMinute'),
    plus: s((a, b) => `(${a} + ${b})`, 'plus'),
    minus: s((a, b) => `(${a} - ${b})`, 'minus'),
    times: s((a, b) => `zs_mul(${a}, ${b})`, 'times'),
    divide: s((a, b) => `zs_div(${a}, ${b})`, 'divide'),
    negate: s(a => `(-${a})`, 'negate'),
    plusWhole: s((a, b) => `(${a} + ${b})`, 'plusWhole'),
    minusWhole: s((a, b) => `(${a} - ${b})`, 'minusWhole'),
    negateWhole: s(a => `(-${a})`, 'negateWhole'),
    // 整数量 × micro：Math.round(whole × factor / 10^6)
    scale: sd((D, w, f) => nullIfAny([w, f], `CAST(zs_floordiv(CAST(${w} AS ${D.type('HUGEINT')}) * ${f} + ${MICRO / 2}, ${MICRO}) AS BIGINT)`), 'scale'),
    // 整数量 ÷ micro：whole × 10^6 ÷ divisor 直接舍到整数（divToWhole，只舍入一次）
    unscale: sd((D, w, d) => nullIfAny([w, d], `(CASE WHEN ${d} = 0 THEN NULL ELSE CAST(zs_rdiv(CAST(${w} AS ${D.type('HUGEINT')}) * ${MICRO}, ${d}) AS BIGINT) END)`), 'unscale'),
    ratio: sd((D, a, b) => nullIfAny([a, b], `(CASE WHEN ${b} = 0 THEN NULL ELSE CAST(zs_rdiv_micro(CAST(${a} AS ${D.type('HUGEINT')}) * ${MICRO * MICRO}, CAST(${b} AS ${D.type('HUGEINT')}) * ${MICRO}) AS BIGINT) END)`), 'ratio'),
    dateAdd: s((d, m) => `(${d} + zs_days(${m}))`, 'dateAdd'),
    dateSub: s((d, m) => `(${d} - zs_days(${m}))`, 'dateSub'),
    dateDiff: s((a, b) => `((CAST(${a} AS BIGINT) - ${b}) * 1440)`, 'dateDiff'),
    concat: s((a, b) => `(${a} || ${b})`, 'concat'),
    member: ([value, collection], cx) => {
        // 右边是列表（记录列表[*].属性，或文本列表）：同 ops.member 的 Array.includes（投影的列表里没有空值）
        if (value.t === 'sql' && collection.t !== 'set') {
            const test = (list: string) => `(CASE WHEN ${value.sql} IS NULL OR (${list}) IS NULL THEN NULL ELSE ${cx.dialect.listContains(list, value.sql)} END)`;
            // 列表是 记录列表[*].属性（日期 不属于 诊疗.日期）时，DuckDB 上写成 EXISTS（列 = 值）：结果相同（投影的列表不是 NULL、没有空值），
            // 而 DuckDB 把它去关联成按 (理赔, 值) 的半连接；先聚合成列表再 list_contains 时，每条明细都与同一理赔的每条明细配对
            // （100 万张时空床日规则的临时文件超过 37 GB）。要求子查询能引用外两层（deepCorrelation）：Spark 不能，照旧
            if (cx.dialect.deepCorrelation && collection.t === 'sql' && collection.proj) {
                return `(CASE WHEN ${value.sql} IS NULL THEN NULL ELSE EXISTS (SELECT 1 ${collection.proj.from} AND ${collection.proj.col} = ${value.sql}) END)`;
            }
            // 别的子查询（它在 test 里出现两次）：DuckDB 先在单行派生表里算一次（同 dialect.ts 的 bindSubqueryArgs）
            if (cx.dialect.lateral && /\bSELECT\b/.test(collection.sql)) return `(SELECT ${test('zs_l.c')} FROM (SELECT ${collection.sql} AS c) zs_l)`;
            return test(collection.sql);
        }
        if (collection.t !== 'set') throw new Unsupported('属于 的右边不是集合或列表');
        if (value.t === 'sql') return `zs_member(${collection.sid}, ${value.sql})`;
        throw new Unsupported('属于 的左边是列表');
    },
    contains: ([container, item]) => {
        if (container.t === 'set' && item.t === 'sql') return `zs_member(${container.sid}, ${item.sql})`;
        if (container.t === 'sql' && item.t === 'sql') return `contains(${container.sql}, ${item.sql})`; // 两个方言同名同义
        throw new Unsupported('包含 的参数不是文本或集合');
    },
    matches: host('matches', '正则匹配依赖理赔数据（智审的正则按运行时的线性时间匹配器，Spark 的 Java 正则语义不同）'),
    union: unsupported('集合的并依赖理赔数据'),
    difference: unsupported('集合的差依赖理赔数据'),
    makeSet: unsupported('集合字面量依赖理赔数据'),
    index: unsupported('按序号取元素依赖理赔数据'),
    scalarMax: s((a, b) => nullIfAny([a, b], `greatest(${a}, ${b})`), 'scalarMax'),
    scalarMin: s((a, b) => nullIfAny([a, b], `least(${a}, ${b})`), 'scalarMin'),
    has_value: ([a]) => (a.t === 'sql' ? `(${a.sql} IS NOT NULL)` : a.t === 'list' ? `(${a.sql} IS NOT NULL)` : `(${a.sid} IS NOT NULL)`),
    is_null: ([a]) => (a.t === 'sql' ? `(${a.sql} IS NULL)` : a.t === 'list' ? `(${a.sql} IS NULL)` : `(${a.sid} IS NULL)`),
    extract_number: host('extract_number', '正则提取依赖理赔数据'),
    extract_text: host('extract_text', '正则提取依赖理赔数据'),
    chinese_number: host('chinese_number', '中文数字依赖理赔数据'),
    to_grade: unsupported('机构等级转换依赖理赔数据'),
    starts_with: sd((D, a, b) => D.startsWith(a, b), 'starts_with'),
    contains_any: host('contains_any', '含任一词依赖理赔数据'),
    split_words: unsupported('拆分词语依赖理赔数据'),
    indication_covers: host('indication_covers', '按适应症判断诊断（病名匹配）依赖理赔数据'),
    intersects: ([a, b], cx) => {
        if (a.t === 'list' && b.t === 'list') return cx.dialect.listsOverlap(a.sql, b.sql);
        throw new Unsupported('相交 的参数不是列表');
    },
    text_length: s(a => `(CAST(length(${a}) AS BIGINT) * ${MICRO})`, 'text_length'),
    days_between: s((a, b) => `((CAST(${b} AS BIGINT) - ${a}) * 1440)`, 'days_between'),
    month_start: s(a => `zs_month_start(${a})`, 'month_start'),
    year_start: s(a => `zs_year_start(${a})`, 'year_start'),
    insurance_year_start: s((a, m) => `zs_insurance_year_start(${a}, ${m})`, 'insurance_year_start'),
    // 加月：目标月没有那一天时取月末，与运行时 addMonths 相同；月数须是整数（micro 的整倍数）。宏在 dialect.ts
    add_months: s((a, m) => `zs_add_months(${a}, ${m})`, 'add_months'),
    drug_generic_key: host('drug_generic_key', '通用名剂型：编码按 JS 的 trim（含全角空白）与 toUpperCase 规范化'),
    drug_class: host('drug_class', '药理分类：编码按 JS 的 trim（含全角空白）与 toUpperCase 规范化'),
    // 要上下文的函数：年龄按患者的出生日期（c.brdy，翻译器把它作为第一个参数传入，见 lower.ts）
    age_at: s((birth, day) => `zs_age(${birth}, ${day})`, 'age_at'),
    diagnosis_name: unsupported('诊断名称（规则包的诊断名表）尚未进入 SQL 后端'),
    dict_label: unsupported('字典名称尚未进入 SQL 后端')
};
