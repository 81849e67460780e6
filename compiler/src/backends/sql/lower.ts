/**
 * SQL 后端：IR → DuckDB SQL，在理赔库（store/）的表上运行。
 *
 * 分工（一份语义）：SQL 决定哪条规则的哪个实例对哪个患者的哪个元素成立，并算出结果要用的值——违规对象、金额、涉及的明细与就诊、
 * 提示与依据里依赖理赔的插值；3101 结果的组装（金额分摊与按分取整、违规项 / 涉及项、jr_id、默认提示、排序、去重）不在 SQL 里重写，
 * 而是把这些行交给运行时自己的 buildFinding / assembleFindings（runtime/src/engine/findings.ts），插值的显示用运行时的 formatValue，
 * 只依赖知识点与参数的插值用参照解释器求值。所以结果与 JS 规则包逐字节相同靠的是同一份代码，不是两份实现。
 *
 * 生成的 SQL：
 *   - 数据不进 SQL 文本：知识点行值、代码集、字典是表（SqlProgram.tables，由执行方用 appender 写入），文本参数是绑定参数 $n；
 *     SQL 文本里只有生成器自己的标识符（zs_*、s0、s1…）、列名（契约里的属性名）、整数与布尔常量。
 *   - 每条规则一个 SELECT：作用域是 FROM / JOIN（按编码分派的规则经 zs_sets 的哈希连接找到提到该编码的实例），步骤里的 令 内联，
 *     当 与 其中 是 WHERE 的合取；列表（其中 / 时间窗）是相关子查询（EXISTS、count、list(seq) …）。
 *   - 不支持的构造（分组作用域、依赖理赔的正则 …）：这条规则不生成 SQL，给出诊断 ZC0301（写明原因），执行方照样知道它没有运行。
 */
import { AGGREGATES, CodeMatcher, decodeValue, formatValue, OPS, RECORDS } from '@zhishen/runtime';
import type { OpName, ParamValues, RecordKind, TargetKind, ValueEncoding } from '@zhishen/runtime';
import type { IrExpr, IrPack, IrRule, IrType } from '../../ir/ir.js';
import { compileDiagnostic } from '../../diagnostics.js';
import type { CompileDiagnostic } from '../../diagnostics.js';
import { evaluate, NotConstant } from '../interpret/evaluate.js';
import { SQL_OPS, Unsupported } from './ops.js';
import { DUCKDB, plainEq } from './dialect.js';
import type { CorrelatedKey, SqlDialect } from './dialect.js';
import type { ProjectedList, SqlArg } from './ops.js';
import type { LookupCondition } from './population.js';
import { CohortLowering, isPopulationTable, lookupCondition, POPULATION_TABLES, populationEncounterLines, populationLineId, populationSetup } from './population.js';

export type SqlColumnType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'BOOLEAN';

/** 执行方建立并写入的数据表（临时表）。 */
export interface SqlTable {
    name: string;
    /** set：列值是 zs_sets 的集合编号（Spark 作业按它给实例表加上集合的数组列，见 dialect.ts 的 zs_member） */
    columns: Array<{ name: string; type: SqlColumnType; set?: true }>;
    rows: unknown[][];
}

/** 结果里一段插值：SQL 的一列（col 为列名）或在 JS 里按实例求值的 IR 表达式（只依赖知识点行值与参数）。 */
export type SqlPart = { sql: string; display: string } | { js: IrExpr; display: string };

export interface SqlRulePlan {
    /** 规则在 IR（与规则包）中的位置 */
    rule: number;
    id: string;
    sql: string;
    /** 绑定参数（$1…），全部是文本 */
    params: string[];
    violation: TargetKind;
    /** 输出列：ck（claim_key）、inst、ord（元素次序）、违规对象（v / v_id v_code v_name）、amt、提示与依据、涉及 */
    hasAmount: boolean;
    message: Array<string | SqlPart> | null;
    evidence: SqlPart[];
    involved: Array<{ kind: 'lines' | 'encounters' | 'none'; col: string | null; population?: true }>;
    /** 统计组规则（violation 为 cohort）：键的个数（列 k0…）、有无指标（st_v）与同级值（st_p） */
    cohort?: { keys: number; statistic: boolean; peer: boolean };
    /** 在 JS 里求值插值时要先算的 令（只依赖行值与参数，按源码次序） */
    constantLets: Array<{ name: string; expr: IrExpr }>;
    /**
     * Spark：按编码分派的规则的 (理赔, 实例) 对（zs_pairs_N，子查询经它连接实例表，见 RuleLowering.subquery）与含子查询的 令 逐层物化的中间结果，
     * 按次序执行 sql（同样的绑定参数）、物化（Spark 的 localCheckpoint，截断血缘）后登记为临时视图 name，
     * 规则的 sql 从最后一层读；规则执行完释放。DuckDB 用 LATERAL，没有这一项（见 letStages）。
     */
    stages?: Array<{ name: string; sql: string }>;
}

export interface SqlProgram {
    /** 宏、视图（字典归类、限价）等准备语句，按次序执行 */
    setup: string[];
    tables: SqlTable[];
    rules: SqlRulePlan[];
    /** 不能在 SQL 上运行的规则（与诊断一一对应） */
    unsupported: Array<{ rule: string; reason: string }>;
    diagnostics: CompileDiagnostic[];
}

export interface SqlLowerOptions {
    /** 每条规则的参数值（与 IR 规则同序；由 runtime 的 ruleParams 得到：默认值 + 部署配置） */
    params: ParamValues[];
    /** SQL 方言（默认 DuckDB；Spark SQL 见 dialect.ts） */
    dialect?: SqlDialect;
}

// ─────────────────────────── 值 ───────────────────────────

interface Rec {
    kind: RecordKind;
    alias: string;
}

interface Rel {
    kind: RecordKind;
    table: string;
    /** 同一患者：元素的 claim_key 等于这个别名的 claim_key（单独一个合取项，DuckDB 据此把相关子查询变成按患者的哈希连接）；
     *  筛查集合（population.ts）为 null：任何患者 */
    key: string | null;
    /** 元素别名 → 其余条件（都成立的是元素） */
    conds: Array<(alias: string) => string>;
    /** 元素别名 → 对外层的其他等值关联（分组的明细：组号；写法由 RuleLowering.subquery 定） */
    keys?: (alias: string) => CorrelatedKey[];
    order: string;
    /** 按属性查找（lookup）的条件：在 relFrom 渲染的子查询里是等值连接，别处是单个条件（见 population.ts 的 lookupCondition） */
    lookups?: LookupCondition[];
}

type V =
    /** proj：它是记录列表[*].属性 的列表时，该列表的 FROM … WHERE … 与列（属于 在 DuckDB 上改写成 EXISTS，见 ops.ts 的 member） */
    | { t: 'sql'; sql: string; proj?: ProjectedList }
    | { t: 'set'; sid: string }
    /** 文本列表；of：它是某条明细记录（别名，行键 claim_key + seq）的列表属性时（Spark 的 lookup 按它走明细 × 集合的配对表） */
    | { t: 'list'; sql: string; of?: { alias: string; prop: string } }
    | { t: 'rec'; rec: Rec }
    | { t: 'rel'; rel: Rel };

export interface Env {
    locals: Map<string, V>;
    /** 元素栈：最内层在末尾 */
    elems: V[];
}

/** 记录种类 → 视图（带字典归类与限价的列）。 */
const VIEW: Partial<Record<RecordKind, string>> = {
    patient: 'zs_claims', encounter: 'zs_encounters', line: 'zs_lines', diagnosis: 'zs_diagnoses', operation: 'zs_operations'
};

/** 字典归类列：视图里的列 ← 代码列、字典名（与 runtime/src/claim/normalize.ts 的 category() 调用一一对应）。 */
const CATEGORY_COLUMNS: Record<string, Array<{ column: string; code: string; dictionary: string }>> = {
    zs_claims: [{ column: 'gend', code: 'gend_code', dictionary: 'gend' }],
    zs_encounters: [
        { column: 'medins_category', code: 'medins_type', dictionary: 'medins_type' },
        { column: 'medins_grade', code: 'medins_lv', dictionary: 'medins_lv' },
        { column: 'med_category', code: 'med_type', dictionary: 'med_type' },
        { column: 'insu_category', code: 'insutype', dictionary: 'insutype' }
    ],
    zs_lines: [{ column: 'item_category', code: 'hilist_type', dictionary: 'hilist_type' }]
};

function categorySql(D: SqlDialect, alias: string, code: string, dictionary: string, k: number): { select: string; join: string } {
    // 字典名是上面这张表里的常量（不是用户文本）。缺省归类用不相关的标量子查询（只算一次）：写成 LEFT JOIN … ON f.name = '…'
    // 时连接条件只涉及一边，DuckDB 用逐块嵌套循环连接，明细视图上每条规则慢一截（bench:store 的 EXPLAIN ANALYZE）
    return {
        select: `CASE WHEN ${alias}.${D.q(code)} IS NULL THEN NULL ELSE coalesce(d${k}.label, (SELECT label FROM zs_dict_fallback WHERE name = '${dictionary}')) END`,
        join: `LEFT JOIN zs_dict d${k} ON d${k}.name = '${dictionary}' AND d${k}.code = ${alias}.${D.q(code)}`
    };
}

/** 视图：库里的表 + 按规则包字典算出的归类（N6）与按机构等级取的限价。 */
function views(D: SqlDialect): string[] {
    const out: string[] = [];
    // 物化成临时表：字典归类与限价只算一次，而不是每条规则都把整个明细视图连一遍就诊与字典（bench:store：逐明细规则
    // 生成 / 手写 SQL 从约 3–5× 降到约 1×）。临时表超出 DuckDB 的内存上限时写到它的临时目录，内存有界。
    const simple = (view: string, table: string, extra: (cols: string[]) => string[] = c => c) => {
        const parts = (CATEGORY_COLUMNS[view] ?? []).map((c, k) => ({ ...categorySql(D, 't', c.code, c.dictionary, k), column: c.column }));
        const cols = extra(parts.map(p => `${p.select} AS ${D.q(p.column)}`));
        out.push(D.createTemp(view, `SELECT t.*${cols.map(c => `, ${c}`).join('')} FROM ${table} t ${parts.map(p => p.join).join(' ')}`));
    };
    simple('zs_claims', 'claims', cols => cols.map(c => c.replace(/^(.*) AS .gend.$/, `CASE WHEN ($1) IN ('男', '女') THEN ($1) END AS ${D.q('gend')}`)));
    simple('zs_encounters', 'encounters');
    out.push(D.createTemp('zs_lines', `SELECT l.*, ${categorySql(D, 'l', 'hilist_type', 'hilist_type', 0).select} AS ${D.q('item_category')},
        CASE ge.medins_grade WHEN '一级' THEN l.lv1_hosp_item_pric WHEN '二级' THEN l.lv2_hosp_item_pric WHEN '三级' THEN l.lv3_hosp_item_pric END AS ${D.q('price_cap')}
        FROM lines l ${categorySql(D, 'l', 'hilist_type', 'hilist_type', 0).join}
        JOIN zs_encounters ge ON ge.claim_key = l.claim_key AND ge.enc_order = l.enc_order`));
    out.push('CREATE OR REPLACE TEMP VIEW zs_diagnoses AS SELECT * FROM diagnoses');
    out.push('CREATE OR REPLACE TEMP VIEW zs_operations AS SELECT * FROM operations');
    return out;
}

// ─────────────────────────── 翻译 ───────────────────────────

class RuleLowering {
    readonly params: string[] = [];
    private aliasCounter = 0;

    constructor(
        private readonly rule: IrRule,
        private readonly ruleIndex: number,
        private readonly P: ParamValues,
        private readonly sets: SetAllocator,
        private readonly matcherSet: (id: number) => number,
        /** 行槽 → 实例表的列 */
        private readonly slots: Map<string, { column: string; set: boolean }>,
        /** 依赖理赔的 令 */
        readonly dependent: Set<string>,
        /** 把只依赖行值的表达式提升为实例表的一列 */
        private readonly hoist: (e: IrExpr) => V,
        readonly dialect: SqlDialect
    ) {}

    bind(text: string): string {
        this.params.push(text);
        return this.dialect.param(this.params.length);
    }

    alias(): string {
        return `a${++this.aliasCounter}`;
    }

    sql(v: V, what: string): string {
        if (v.t !== 'sql') throw new Unsupported(`${what}不是单个值`);
        return v.sql;
    }

    literal(value: unknown, type: IrType): V {
        const decoded = decodeValue(value);
        if (decoded === null || decoded === undefined) return { t: 'sql', sql: 'NULL' };
        if (typeof decoded === 'string') return { t: 'sql', sql: `CAST(${this.bind(decoded)} AS ${this.dialect.type('VARCHAR')})` };
        if (typeof decoded === 'boolean') return { t: 'sql', sql: decoded ? 'TRUE' : 'FALSE' };
        if (typeof decoded === 'number') {
            if (!Number.isSafeInteger(decoded)) throw new Unsupported(`常量 ${decoded} 不是整数编码`);
            return { t: 'sql', sql: `CAST(${decoded} AS BIGINT)` };
        }
        if (decoded instanceof CodeMatcher || decoded instanceof Set || Array.isArray(decoded)) return { t: 'set', sid: String(this.sets.add(decoded)) };
        throw new Unsupported(`${type.kind} 类型的常量`);
    }

    expr(e: IrExpr, env: Env): V {
        if (e.k === 'op' && HOISTED_OPS.has(e.op) && !dependsOnClaim(e, this.dependent)) return this.hoist(e);
        switch (e.k) {
            case 'lit': return this.literal(e.v, e.ty);
            case 'codes': return { t: 'set', sid: String(this.matcherSet(e.id)) };
            case 'ref': {
                const ref = e.ref;
                switch (ref.kind) {
                    case 'param': return this.literal(this.P[ref.name] ?? null, e.ty);
                    case 'row': {
                        const slot = this.slots.get(ref.slot);
                        if (!slot) throw new Unsupported(`行值 ${ref.slot}`);
                        return slot.set ? { t: 'set', sid: `i.${slot.column}` } : { t: 'sql', sql: `i.${slot.column}` };
                    }
                    case 'local': {
                        const v = env.locals.get(ref.name);
                        if (!v) throw new Unsupported(`名称「${ref.name}」`);
                        return v;
                    }
                    case 'source': return this.source(ref.name);
                    case 'kp': throw new Unsupported('知识点记录');
                }
                break;
            }
            case 'elem': {
                const v = env.elems[env.elems.length - 1 - e.depth];
                if (!v) throw new Unsupported('元素');
                return v;
            }
            case 'field': return this.field(this.expr(e.recv, env), e.prop, e.each);
            case 'op': return this.op(e.op, e.args, env);
            case 'filter': {
                const src = this.expr(e.src, env);
                if (src.t !== 'rel') throw new Unsupported('其中 的来源不是理赔里的记录列表');
                const cond = e.cond;
                return { t: 'rel', rel: { ...src.rel, conds: [...src.rel.conds, a => this.cond(cond, this.withElem(env, src.rel.kind, a))] } };
            }
            case 'window': {
                const src = this.expr(e.src, env);
                if (src.t !== 'rel') throw new Unsupported('时间窗的来源不是理赔里的记录列表');
                const ref = this.sql(this.expr(e.ref, env), '时间窗的参照日');
                const days = e.days ? this.sql(this.expr(e.days, env), '时间窗的天数') : null;
                const { prop, fallback } = e.date;
                const calendar = e.calendar;
                const q = this.dialect.q;
                const date = (a: string) => (fallback ? `coalesce(${a}.${q(prop)}, ${a}.${q(fallback)})` : `${a}.${q(prop)}`);
                const inside = (a: string) => calendar === 'month' ? `zs_month_start(${date(a)}) = zs_month_start(${ref})`
                    : calendar === 'year' ? `zs_year_start(${date(a)}) = zs_year_start(${ref})`
                        : days === null ? 'FALSE' : `(${date(a)} <= ${ref} AND ${date(a)} >= ${ref} - zs_days(${days}))`;
                return { t: 'rel', rel: { ...src.rel, conds: [...src.rel.conds, a => `(${date(a)} IS NOT NULL AND ${inside(a)})`] } };
            }
            case 'agg': return this.aggregate(e, env);
            case 'peer':
                if (!this.cohort) throw new Unsupported('统计组之外的 同级');
                return { t: 'sql', sql: this.cohort.peer(e, env) };
            case 'lookup': {
                const src = this.source(e.source);
                if (src.t !== 'rel') throw new Unsupported(`来源 ${e.source}`);
                const key = this.expr(e.key, env);
                if (key.t !== 'sql' && key.t !== 'list') throw new Unsupported('lookup 的键不是值或文本列表');
                const listProp = (RECORDS[src.rel.kind].fields as Record<string, ValueEncoding>)[e.prop] === 'texts';
                const lookups = src.rel.lookups ?? [];
                return { t: 'rel', rel: { ...src.rel, lookups: [...lookups, lookupCondition(src.rel.table, e.prop, listProp, key, lookups.length, this.dialect)] } };
            }
            case 'if': {
                const c = this.sql(this.expr(e.c, env), '若 的条件');
                const t = this.expr(e.t, env);
                const f = this.expr(e.e, env);
                if (t.t === 'sql' && f.t === 'sql') return { t: 'sql', sql: `(CASE WHEN ${c} THEN ${t.sql} ELSE ${f.sql} END)` };
                if (t.t === 'rel' && f.t === 'rel' && t.rel.table === f.rel.table && t.rel.key === f.rel.key) {
                    const all = (r: Rel, a: string) => plainConds(r, a).join(' AND ') || 'TRUE';
                    return { t: 'rel', rel: { ...t.rel, lookups: undefined, keys: undefined, conds: [a => `(CASE WHEN ${c} THEN (${all(t.rel, a)}) ELSE (${all(f.rel, a)}) END)`] } };
                }
                if (t.t === 'set' && f.t === 'set') return { t: 'set', sid: `(CASE WHEN ${c} THEN ${t.sid} ELSE ${f.sid} END)` };
                throw new Unsupported('若 的两个分支不是同一种值');
            }
            case 'text': {
                // 分组键里的插值文本：只支持文本与日期的插值（显示与运行时 formatValue 相同；空值显示为它给的文字）
                const pieces = e.parts.map(p => {
                    if (typeof p === 'string') return `CAST(${this.bind(p)} AS ${this.dialect.type('VARCHAR')})`;
                    const v = this.sql(this.expr(p.e, env), '插值');
                    const shown = p.display === 'text' ? `CAST(${v} AS ${this.dialect.type('VARCHAR')})` : p.display === 'date' ? this.dialect.formatDay(v) : null;
                    if (shown === null) throw new Unsupported(`插值文本里 ${p.display} 的显示`);
                    return `coalesce(${shown}, CAST(${this.bind(formatValue(null, p.display))} AS ${this.dialect.type('VARCHAR')}))`;
                });
                return { t: 'sql', sql: `(${pieces.join(' || ') || "''"})` };
            }
            case 'kb': throw new Unsupported('知识库函数');
        }
        throw new Unsupported(`IR 节点 ${(e as IrExpr).k}`);
    }

    cond(e: IrExpr, env: Env): string {
        return this.sql(this.expr(e, env), '条件');
    }

    withElem(env: Env, kind: RecordKind, alias: string): Env {
        return { locals: env.locals, elems: [...env.elems, { t: 'rec', rec: { kind, alias } }] };
    }

    source(name: string): V {
        const rel = (kind: RecordKind, table: string, order: string, cond: ((a: string) => string) | null): V =>
            ({ t: 'rel', rel: { kind, table, key: 'c', order, conds: cond ? [cond] : [] } });
        switch (name) {
            case 'patient': return { t: 'rec', rec: { kind: 'patient', alias: 'c' } };
            case 'encounter': return { t: 'rec', rec: { kind: 'encounter', alias: 'e' } };
            case 'lines': return rel('line', 'zs_lines', 'seq', a => `${a}.is_current_encounter`);
            case 'history_lines': return rel('line', 'zs_lines', 'seq', a => `NOT ${a}.is_current_encounter`);
            case 'all_lines': return rel('line', 'zs_lines', 'seq', null);
            case 'diagnoses': return rel('diagnosis', 'zs_diagnoses', 'pos', a => `${a}.enc_order = 0`);
            case 'operations': return rel('operation', 'zs_operations', 'pos', a => `${a}.enc_order = 0`);
            case 'history': return rel('encounter', 'zs_encounters', 'enc_order', a => `${a}.enc_order > 0`);
        }
        const population = POPULATION_TABLES[name];
        if (population) return { t: 'rel', rel: { kind: population.kind, table: population.table, key: null, order: 'zs_pord', conds: [] } };
        throw new Unsupported(`来源 ${name}`);
    }

    /** 分组作用域（对每日 / 对每组 / 对每张处方）：一组的明细 = 满足元素条件且组号相同的明细 */
    group: true | null = null;
    /** 统计组作用域（population.ts） */
    cohort: CohortLowering | null = null;
    /**
     * 按编码分派的规则在 Spark 上（instanceJoin）：规则的 (理赔, 实例) 对（分派结果的超集；规则执行时最先物化一次，是 stages 的第一层，见 subquery）。
     * 规则的 SQL 用到 name 时计划才带上这一层。
     */
    pairs: { name: string; sql: string } | null = null;

    field(recv: V, prop: string, each: boolean): V {
        if (recv.t === 'rel' && each) return this.project(recv.rel, prop);
        if (recv.t !== 'rec' || each) throw new Unsupported(`字段 ${prop} 的接收者不是一条记录`);
        const { kind, alias } = recv.rec;
        if (kind === 'cohort') {
            if (!this.cohort || alias !== 'm') throw new Unsupported('作用域之外的统计组');
            return this.cohort.field(prop) as V;
        }
        if (kind === 'group' || kind === 'prescription') {
            if (!this.group || alias !== 'm') throw new Unsupported('作用域之外的分组');
            switch (prop) {
                case 'key': case 'cnt': case 'sumamt': return { t: 'sql', sql: `m.${prop}` };
                case 'first': return { t: 'rec', rec: { kind: 'line', alias: 'mf' } };
                case 'lines': return { t: 'rel', rel: { kind: 'line', table: GROUP_LINES, key: 'm', order: 'seq', conds: [], keys: a => [[`${a}.zs_gi`, 'm.gi'], [`${a}.zs_gid`, 'm.gid']] } };
            }
            throw new Unsupported(`分组的字段 ${prop}`);
        }
        const encoding = (RECORDS[kind].fields as Record<string, ValueEncoding>)[prop];
        if (encoding === undefined) throw new Unsupported(`字段 ${prop}`);
        if (encoding === 'texts') return { t: 'list', sql: `${alias}.${this.dialect.q(prop)}`, ...(kind === 'line' ? { of: { alias, prop } } : {}) };
        if (encoding.startsWith('list:')) {
            const element = encoding.slice(5) as RecordKind;
            const view = VIEW[element];
            if (kind !== 'encounter' || !view) throw new Unsupported(`字段 ${prop}`);
            const order = element === 'line' ? 'seq' : 'pos';
            return { t: 'rel', rel: { kind: element, table: view, key: alias, order, conds: [a => `${a}.enc_order = ${alias}.enc_order`] } };
        }
        if (encoding.startsWith('record:') || encoding === 'any') throw new Unsupported(`字段 ${prop}`);
        return { t: 'sql', sql: `${alias}.${this.dialect.q(prop)}` };
    }

    op(name: OpName, args: IrExpr[], env: Env): V {
        if (name === 'ordinal') {
            const order = args[0].k === 'lit' ? args[0].v : null;
            if (!Array.isArray(order)) throw new Unsupported('有序枚举的顺序不是常量');
            const value = this.sql(this.expr(args[1], env), '有序枚举的值');
            if (order.length === 0) return { t: 'sql', sql: 'CAST(NULL AS INTEGER)' };
            return { t: 'sql', sql: `(CASE ${order.map((o, k) => `WHEN ${value} = CAST(${this.bind(String(o))} AS ${this.dialect.type('VARCHAR')}) THEN ${k}`).join(' ')} ELSE NULL END)` };
        }
        const translated: SqlArg[] = args.map(a => {
            const v = this.expr(a, env);
            if (v.t === 'rec' || v.t === 'rel') throw new Unsupported(`运算 ${name} 的参数是记录或记录列表`);
            return v;
        });
        if ((OPS[name] as { context?: true }).context) {
            if (name !== 'age_at') return { t: 'sql', sql: SQL_OPS[name](translated, this) };
            return { t: 'sql', sql: SQL_OPS.age_at([{ t: 'sql', sql: 'c.brdy' }, ...translated], this) };
        }
        return { t: 'sql', sql: SQL_OPS[name](translated, this) };
    }

    /**
     * 记录列表上的子查询的 FROM … WHERE …（texts：子查询里另外用到的文本，同样改写后返回）。
     * 方言要求子查询只引用外一层、且只作等值关联时（Spark，`SqlDialect.instanceJoin`）：
     *   - 用到实例表的列（i.…）的子查询在子查询里按实例号等值连接实例表、改用它的列：Spark 把非等值的外层引用
     *     （array_contains(i.s2__c, …)）去关联成与外层计划的连接，每个子查询复制一遍外层计划，计划成倍变大；
     *   - 同一理赔的子查询里更深一层的子查询（明细 其中 日期 不属于 诊疗.日期）对 c.claim_key 的引用改成本层的 a.claim_key
     *     （本层已限定 a.claim_key = c.claim_key）：Spark 的子查询不能引用外两层的列。
     */
    subquery(rel: Rel, a: string, texts: (string | null)[] = []): { from: string; texts: (string | null)[] } {
        // rel.conds(a) 每调用一次绑定一次参数：只调用一次
        if (!this.dialect.instanceJoin) return { from: `FROM ${relFrom(rel, a)} WHERE ${relWhere(rel, a)}`, texts };
        const given = relKeys(rel, a);
        const conds = relConds(rel, a);
        const sameClaim = (t: string) => (rel.key === 'c' ? t.replace(CLAIM_KEY_REFS, `${a}.claim_key`) : t);
        // 对外层的等值关联：given（分组的组号、查找的键），再加同一实例、同一理赔
        const all = [relFrom(rel, a), ...conds, ...given.flatMap(([inner, outer]) => [inner, outer]), ...texts.filter((t): t is string => t !== null)];
        const zi = INSTANCE_REF.test(all.join('\n')) ? `zi${a}` : null;
        const own = (t: string) => sameClaim(zi ? t.replace(INSTANCE_REFS, `${zi}.`) : t);
        const keys: CorrelatedKey[] = [...(zi ? [[`${zi}.zs_i`, 'i.zs_i'] as const] : []), ...(rel.key === null ? [] : [[`${a}.claim_key`, `${rel.key}.claim_key`] as const]),
            ...given.map(([inner, outer, nullable]): CorrelatedKey => [own(inner), own(outer), nullable])];
        const rest = conds.map(own);
        // 其余条件还引用外层时（明细日期在当前明细之前 …）等值关联要写成方言的关联键（Spark：结构体相等），否则就是 内 = 外
        const outer = outerReferences([...rest, ...texts.filter((t): t is string => t !== null).map(own)].join('\n'), a, zi);
        const where = [...(keys.length ? [outer ? this.dialect.correlatedEq(keys) : plainEq(keys)] : []), ...rest];
        // 同一理赔的记录与实例表之间没有等值条件：Spark 先算 记录 × 全部实例 再按 属于 过滤（全部明细 × 上千个实例的嵌套循环，
        // 2,000 张理赔上折价规则 174 秒，改后 15 秒，见 bench/README.md）。按编码分派的规则经 (理赔, 实例) 对连接：只配对本理赔被分派到的实例，全是等值连接
        const pairs = zi && this.pairs && rel.key === 'c' ? this.pairs : null;
        const instance = !zi ? '' : pairs
            ? ` JOIN ${pairs.name} zp${a} ON zp${a}.claim_key = ${a}.claim_key JOIN zs_inst_${this.ruleIndex} ${zi} ON ${zi}.zs_i = zp${a}.zs_i`
            : `, zs_inst_${this.ruleIndex} ${zi}`;
        return {
            from: `FROM ${own(relFrom(rel, a))}${instance} WHERE ${where.join(' AND ') || 'TRUE'}`,
            texts: texts.map(t => (t === null ? null : own(t)))
        };
    }

    aggregate(e: Extract<IrExpr, { k: 'agg' }>, env: Env): V {
        if (!(AGGREGATES as readonly string[]).includes(e.fn)) throw new Unsupported(`聚合 ${e.fn}`);
        const src = this.expr(e.src, env);
        if (src.t === 'list') {
            // 文本列表（如追溯码）：只支持 存在 / 计数（不带条件）
            if (e.arg) throw new Unsupported('对文本列表带条件的聚合');
            const nonNull = this.dialect.countNonNull(src.sql);
            if (e.fn === 'exists') return { t: 'sql', sql: `coalesce(${nonNull} > 0, FALSE)` };
            if (e.fn === 'count') return { t: 'sql', sql: `(coalesce(CAST(${nonNull} AS BIGINT), 0) * 1000000)` };
            throw new Unsupported(`对文本列表的聚合 ${e.fn}`);
        }
        if (src.t !== 'rel') throw new Unsupported('聚合的来源不是理赔里的记录列表');
        const a = this.alias();
        const inner = this.withElem(env, src.rel.kind, a);
        const { from, texts: [arg] } = this.subquery(src.rel, a, [e.arg ? this.cond(e.arg, inner) : null]);
        switch (e.fn) {
            case 'exists': return { t: 'sql', sql: `EXISTS (SELECT 1 ${from}${arg ? ` AND (${arg})` : ''})` };
            case 'all': return { t: 'sql', sql: arg ? `(NOT EXISTS (SELECT 1 ${from} AND (${arg}) IS NOT TRUE))` : `(NOT EXISTS (SELECT 1 ${from}))` };
            case 'count': return { t: 'sql', sql: `((SELECT count(*) ${from}${arg ? ` AND (${arg})` : ''}) * 1000000)` };
        }
        if (arg === null) throw new Unsupported(`聚合 ${e.fn} 没有取值`);
        switch (e.fn) {
            case 'sum': return { t: 'sql', sql: `(SELECT CAST(coalesce(sum(${arg}), 0) AS BIGINT) ${from})` };
            case 'max': return { t: 'sql', sql: `(SELECT max(${arg}) ${from})` };
            case 'min': return { t: 'sql', sql: `(SELECT min(${arg}) ${from})` };
            case 'count_distinct': return { t: 'sql', sql: `((SELECT count(DISTINCT ${arg}) ${from}) * 1000000)` };
            case 'avg': {
                const huge = this.dialect.type('HUGEINT');
                return {
                t: 'sql', sql: e.whole
                    ? `(SELECT CASE WHEN count(${arg}) = 0 THEN NULL ELSE CAST(zs_floordiv(2 * CAST(sum(${arg}) AS ${huge}) + count(${arg}), 2 * count(${arg})) AS BIGINT) END ${from})`
                    : `(SELECT CASE WHEN count(${arg}) = 0 THEN NULL ELSE zs_div(CAST(sum(${arg}) AS ${huge}), count(${arg}) * 1000000) END ${from})`
                };
            }
        }
        throw new Unsupported(`聚合 ${e.fn}`);
    }

    /** 记录列表[*].属性（同 ops.project：按列表次序、空值不计）；筛查集合中就诊的 明细 是这些就诊的明细。 */
    project(rel: Rel, prop: string): V {
        if (rel.table === 'zs_pop_encounters' && prop === 'lines') {
            const inEncounters = populationEncounterLines(x => relFrom(rel, x), x => relKeys(rel, x), x => relConds(rel, x));
            const lines: Rel = { kind: 'line', table: 'zs_pop_lines', key: null, order: 'zs_pord', conds: [] };
            return { t: 'rel', rel: inEncounters.join ? { ...lines, lookups: [inEncounters] } : { ...lines, conds: [inEncounters.plain] } };
        }
        const encoding = (RECORDS[rel.kind].fields as Record<string, ValueEncoding>)[prop];
        const type = encoding === 'ident' || encoding === 'text' || encoding === 'code' ? 'VARCHAR' : encoding === 'day' || encoding === 'whole' ? 'INTEGER'
            : encoding === 'micro' || encoding === 'minute' || encoding === 'duration' ? 'BIGINT' : null;
        if (!type) throw new Unsupported(`记录列表[*].${prop}`);
        const a = this.alias();
        const D = this.dialect;
        const from = `${this.subquery(rel, a).from} AND ${a}.${D.q(prop)} IS NOT NULL`;
        return { t: 'sql', sql: `coalesce((SELECT ${D.listAgg(`${a}.${D.q(prop)}`, `${a}.${rel.order}`)} ${from}), ${D.emptyList(type)})`, proj: { from, col: `${a}.${D.q(prop)}` } };
    }

    /** 明细：seq 的列表（按序号）；就诊：mdtrt_id 的列表（按出现次序）。筛查集合的明细："claim_key#seq"（可能是别的理赔的）。 */
    idList(v: V, kind: 'line' | 'encounter'): string {
        const id = kind === 'line' ? 'seq' : 'mdtrt_id';
        const D = this.dialect;
        if (v.t === 'rec' && v.rec.kind === kind) return D.list1(`${v.rec.alias}.${id}`);
        if (v.t === 'rel' && v.rel.kind === kind) {
            const a = this.alias();
            if (kind === 'line' && v.rel.table === 'zs_pop_lines') {
                return `coalesce((SELECT ${D.listAgg(populationLineId(a, D), `${a}.${v.rel.order}`)} ${this.subquery(v.rel, a).from}), ${D.emptyList('VARCHAR')})`;
            }
            return `coalesce((SELECT ${D.listAgg(`${a}.${id}`, `${a}.${v.rel.order}`)} ${this.subquery(v.rel, a).from}), ${D.emptyList(kind === 'line' ? 'BIGINT' : 'VARCHAR')})`;
        }
        if (v.t === 'sql' && v.sql === 'NULL') return 'NULL';
        throw new Unsupported(kind === 'line' ? '结果里的明细不是记录或记录列表' : '结果里的就诊不是记录或记录列表');
    }
}

/** 对实例表（别名 i）的列的引用：i.列名（前面不是标识符或点） */
const INSTANCE_REF = /(?<![\w.`])i\./;
const INSTANCE_REFS = new RegExp(INSTANCE_REF.source, 'g');
/** 对本次理赔（别名 c）的理赔键的引用 */
const CLAIM_KEY_REFS = /(?<![\w.`])c\.claim_key\b/g;
/** 表别名的引用（别名.列） */
const ALIAS_REFS = /(?<![\w.`$:])([A-Za-z_]\w*)\.(?=[`\w])/g;
/** 逐层物化的 令 的列（zl0 …）：外层的值，不带别名 */
const LET_COLUMN = /(?<![\w.`])zl\d+\b/;

/**
 * 子查询（元素别名 a，实例别名 zi）的这些条件是否引用外层：更深的子查询（只引用这一层，Spark 的限制）不看，
 * 这一层自己的别名（a、a_…、zi…、zp…）与 lambda 的参数（zs_…）之外的别名都是外层的，逐层物化的 令 的列也是。
 */
function outerReferences(text: string, a: string, zi: string | null): boolean {
    const own = stripSubqueries(text);
    if (LET_COLUMN.test(own)) return true;
    for (const [, alias] of own.matchAll(ALIAS_REFS)) {
        if (alias === a || alias.startsWith(`${a}_`) || alias === zi || alias === `zp${a}` || alias.startsWith('zs_')) continue;
        return true;
    }
    return false;
}

/** 去掉 text 里的 (SELECT …) 子查询（到配对的右括号；文本常量是绑定参数，不含括号） */
function stripSubqueries(text: string): string {
    let out = '';
    let from = 0;
    for (let at = text.indexOf('(SELECT', from); at >= 0; at = text.indexOf('(SELECT', from)) {
        let depth = 0;
        let i = at;
        for (; i < text.length; i++) {
            if (text[i] === '(') depth++;
            else if (text[i] === ')' && --depth === 0) break;
        }
        out += text.slice(from, at) + '(…)';
        from = i + 1;
    }
    return out + text.slice(from);
}

/** 分组作用域里一组的明细：明细 + 所属实例与组号（来自查询开头的 zs_gm：元素 → 组，只算一次） */
const GROUP_LINES = '(SELECT l.*, x.gi AS zs_gi, x.gid AS zs_gid FROM zs_gm x JOIN zs_lines l ON l.claim_key = x.claim_key AND l.seq = x.seq)';

/** 列表元素的条件：同一患者 + 其余条件。 */
/** 关系的 FROM（与 relWhere 配对）：lookup 另加的 FROM 项与元素表。 */
function relFrom(rel: Rel, alias: string): string {
    return [...(rel.lookups ?? []).flatMap(l => (l.join ? [l.join(alias)] : [])), `${rel.table} ${alias}`].join(', ');
}

/** 关系的 WHERE：同一患者的键、元素条件、lookup（joined：与 relFrom 另加的 FROM 项等值连接；plain：单条件，FROM 不是 relFrom 时）。 */
function relWhere(rel: Rel, alias: string, lookups: 'joined' | 'plain' = 'joined'): string {
    const key = rel.key === null ? [] : [`${alias}.claim_key = ${rel.key}.claim_key`];
    if (lookups === 'plain') return [...key, ...plainConds(rel, alias)].join(' AND ') || 'TRUE';
    const keys = relKeys(rel, alias);
    return [...key, ...(keys.length ? [plainEq(keys)] : []), ...relConds(rel, alias)].join(' AND ') || 'TRUE';
}

/** 与 relFrom 一起用时（不含同一患者的键）对外层的等值关联：分组的组号、查找的键。写法由调用方定 */
function relKeys(rel: Rel, alias: string): CorrelatedKey[] {
    return [...(rel.keys ? rel.keys(alias) : []), ...(rel.lookups ?? []).flatMap(l => (l.keys ? l.keys(alias) : []))];
}

/** 与 relFrom 一起用时的其余条件（每调用一次绑定一次参数） */
function relConds(rel: Rel, alias: string): string[] {
    return [...rel.conds.map(c => c(alias)), ...(rel.lookups ?? []).map(l => l.on(alias)).filter(t => t !== '')];
}

/** 不经 relFrom 的地方（作用域、分组、若 的分支自己写 FROM）：元素条件与 lookup 的单条件写法，不含同一患者的键。 */
function plainConds(rel: Rel, alias: string): string[] {
    return [...rel.conds.map(c => c(alias)), ...(rel.keys ? [plainEq(rel.keys(alias))] : []), ...(rel.lookups ?? []).map(l => l.plain(alias))];
}

/** 集合表 zs_sets：(set_id, kind 0 精确 / 1 前缀 / 2 区间, a, b, len)。 */
class SetAllocator {
    readonly rows: unknown[][] = [];
    private next = 1;
    readonly prefixLengths = new Map<number, Set<number>>();

    add(value: CodeMatcher | Set<unknown> | unknown[] | { codes?: string[]; prefixes?: string[]; ranges?: Array<[string, string]> }): number {
        const id = this.next++;
        const lengths = new Set<number>();
        const exact = (code: unknown) => {
            if (typeof code !== 'string') throw new Unsupported('集合的元素不是文本');
            this.rows.push([id, 0, code, null, code.length]);
        };
        if (value instanceof CodeMatcher) {
            const data = value.toData();
            value = { codes: data.codes, prefixes: data.prefixes, ranges: data.ranges };
        }
        if (value instanceof Set || Array.isArray(value)) {
            for (const v of value) exact(v);
        } else {
            for (const c of value.codes ?? []) exact(c);
            for (const p of value.prefixes ?? []) {
                this.rows.push([id, 1, p, null, p.length]);
                lengths.add(p.length);
            }
            for (const [lo, hi] of value.ranges ?? []) this.rows.push([id, 2, lo, hi.slice(0, lo.length).padEnd(lo.length, '\uffff'), lo.length]);
        }
        this.prefixLengths.set(id, lengths);
        return id;
    }
}

function columnTypeOf(type: IrType): SqlColumnType | null {
    switch (type.kind) {
        case 'text': case 'code': case 'enum': return 'VARCHAR';
        case 'number': case 'quantity': case 'money': case 'duration': case 'datetime': return 'BIGINT';
        case 'age': case 'date': return 'INTEGER';
        case 'boolean': return 'BOOLEAN';
        default: return null;
    }
}

/** 表达式是否依赖理赔（否则可在 JS 里按实例求值）。 */
function dependsOnClaim(e: IrExpr, dependent: ReadonlySet<string>, freeElems = 0): boolean {
    switch (e.k) {
        case 'lit': case 'codes': case 'kb': return false;
        case 'ref': return e.ref.kind === 'source' || (e.ref.kind === 'local' && dependent.has(e.ref.name));
        case 'elem': return e.depth >= freeElems;
        case 'field': return dependsOnClaim(e.recv, dependent, freeElems);
        case 'op': return !!(OPS[e.op] as { context?: true }).context || e.args.some(a => dependsOnClaim(a, dependent, freeElems));
        case 'filter': case 'agg': {
            if (dependsOnClaim(e.src, dependent, freeElems)) return true;
            const inner = e.k === 'filter' ? e.cond : e.arg;
            return inner ? dependsOnClaim(inner, dependent, freeElems + 1) : false;
        }
        case 'window': case 'lookup': case 'peer': return true;
        case 'if': return [e.c, e.t, e.e].some(x => dependsOnClaim(x, dependent, freeElems));
        case 'text': return e.parts.some(p => typeof p !== 'string' && dependsOnClaim(p.e, dependent, freeElems));
    }
}

function lowerRule(rule: IrRule, r: number, P: ParamValues, sets: SetAllocator, matcherSet: (id: number) => number, tables: SqlTable[], matchers: IrPack['matchers'], D: SqlDialect): SqlRulePlan {
    const scope = rule.scope;
    if (scope && scope.source === 'expr') throw new Unsupported('作用域的来源是表达式');

    // 实例表：i、codes_sid（作用域 属于 的代码集）、各行槽
    const slotTypes = new Map<string, IrType>();
    for (const s of rule.rowSlots) slotTypes.set(s.slot, s.type);
    for (const inst of rule.instances) for (const slot of Object.keys(inst.row ?? {})) if (!slotTypes.has(slot)) slotTypes.set(slot, { kind: 'any' });
    const slots = new Map<string, { column: string; set: boolean; type: SqlColumnType }>();
    [...slotTypes].forEach(([slot, type], k) => {
        const values = rule.instances.map(inst => decodeValue(inst.row?.[slot] ?? null));
        const isSet = type.kind === 'set' || type.kind === 'list' || values.some(v => v instanceof Set || v instanceof CodeMatcher || Array.isArray(v));
        const columnType = isSet ? 'INTEGER' : columnTypeOf(type) ?? (values.every(v => v === null) ? 'VARCHAR' : null);
        if (!columnType) throw new Unsupported(`行值 ${slot} 的类型 ${type.kind}`);
        slots.set(slot, { column: `s${k}`, set: isSet, type: columnType });
    });
    const instRows = rule.instances.map((inst, i) => {
        const codesSid = inst.codes ? sets.add(inst.codes) : null;
        const row: unknown[] = [i, codesSid];
        for (const [slot, s] of slots) {
            const value = decodeValue(inst.row?.[slot] ?? null);
            if (value === null || value === undefined) row.push(null);
            else if (s.set) row.push(sets.add(value as Set<unknown>));
            else row.push(value);
        }
        return row;
    });
    const instTable = `zs_inst_${r}`;
    const columns: SqlTable['columns'] = [{ name: 'zs_i', type: 'INTEGER' }, { name: 'codes_sid', type: 'INTEGER', set: true },
        ...[...slots.values()].map(s => ({ name: s.column, type: s.type, ...(s.set ? { set: true as const } : {}) }))];
    tables.push({ name: instTable, columns, rows: instRows });

    const dependent = new Set<string>();
    const evaluator = new InstanceEvaluator(rule, P, matchers);
    const hoist = (e: IrExpr): V => {
        const values = rule.instances.map((_, i) => decodeValue(evaluator.value(i, e)));
        const column = `h${columns.length}`;
        const isSet = values.some(v => v instanceof Set || v instanceof CodeMatcher || Array.isArray(v));
        const kinds = new Set(values.filter(v => v !== null && v !== undefined).map(v => typeof v));
        const type: SqlColumnType | null = isSet ? 'INTEGER' : kinds.size === 0 ? 'VARCHAR' : kinds.size > 1 ? null
            : kinds.has('string') ? 'VARCHAR' : kinds.has('boolean') ? 'BOOLEAN' : kinds.has('number') ? 'BIGINT' : null;
        if (!type) throw new Unsupported('依赖行值的表达式取值类型不一');
        columns.push({ name: column, type, ...(isSet ? { set: true as const } : {}) });
        values.forEach((v, i) => instRows[i].push(v === null || v === undefined ? null : isSet ? sets.add(v as Set<unknown>) : v));
        return isSet ? { t: 'set', sid: `i.${column}` } : { t: 'sql', sql: `i.${column}` };
    };
    const lo = new RuleLowering(rule, r, P, sets, matcherSet, slots, dependent, hoist, D);
    const env: Env = { locals: new Map(), elems: [] };
    const where: string[] = [];
    const constantLets: SqlRulePlan['constantLets'] = [];

    // 适用范围（本次就诊的属性取值在允许的值中）
    const cohortScope = scope?.kind === 'group' && scope.group === 'cohort';
    const applies = rule.applies.map(test => (a: string) => `zs_member(${sets.add(test.values)}, ${a}.${D.q(test.field)})`);
    if (!cohortScope) for (const test of applies) where.push(test('e'));

    // 含子查询的标量 令 算一次（内联会在每处引用重复整个子查询，嵌套的 令 会使 SQL 成倍变大）：DuckDB 是 FROM 末尾的
    // LATERAL 列（值是 zlN.v）；Spark 的 LATERAL 不能引用外两层的列，改为一层套一层的派生表的列 zlN（见 letsFrom）
    const laterals: Array<{ sql: string; where: number }> = [];
    const step = (s: IrRule['pre'][number]) => {
        if (s.kind === 'let') {
            let value = lo.expr(s.expr, env);
            if (value.t === 'sql' && /\bSELECT\b/.test(value.sql)) {
                laterals.push({ sql: value.sql, where: where.length });
                value = { t: 'sql', sql: D.lateral ? `zl${laterals.length - 1}.v` : `zl${laterals.length - 1}` };
            }
            env.locals.set(s.name, value);
            if (dependsOnClaim(s.expr, dependent)) dependent.add(s.name);
            else constantLets.push({ name: s.name, expr: s.expr });
        } else {
            where.push(lo.cond(s.expr, env));
        }
    };

    /** 按编码分派：提到该编码的实例（精确编码哈希连接；前缀按长度各一个哈希连接；区间逐个比较）→ (set_id, claim_key, seq) */
    const dispatchMatches = (srcCond: string): string => {
        if (instRows.some(row => row[1] === null)) throw new Unsupported('同一规则的实例有的有 属于、有的没有');
        const ids = instRows.map(row => row[1] as number);
        const range = ids.length > 0 ? `z.set_id BETWEEN ${Math.min(...ids)} AND ${Math.max(...ids)}` : 'FALSE';
        const lengths = new Set<number>();
        for (const id of ids) for (const n of sets.prefixLengths.get(id) ?? []) lengths.add(n);
        const branches = [
            `SELECT z.set_id, l.claim_key, l.seq FROM zs_lines l JOIN zs_sets z ON z.kind = 0 AND z.a = l.hilist_code AND ${range} WHERE ${srcCond}`,
            ...[...lengths].sort((a, b) => a - b).map(n => `SELECT z.set_id, l.claim_key, l.seq FROM zs_lines l JOIN zs_sets z ON z.kind = 1 AND z.len = ${n} AND z.a = substr(l.hilist_code, 1, ${n}) AND ${range} WHERE ${srcCond}`),
            `SELECT z.set_id, l.claim_key, l.seq FROM zs_lines l JOIN zs_sets z ON z.kind = 2 AND ${range} AND length(l.hilist_code) > 0 AND substr(l.hilist_code, 1, z.len) BETWEEN z.a AND z.b WHERE ${srcCond}`
        ];
        return `(${branches.join(' UNION ')})`;
    };
    let withClause = '';
    const hasCodes = rule.instances.some(inst => inst.codes);
    // (理赔, 实例) 对，只用在 Spark 上（RuleLowering.pairs）：按编码分派的作用域（明细、分组、处方）的外层每一行都是一个这样的对，
    // 作用域之前的 令 里的子查询也可以经它连接，所以在步骤之前定下。分派不带来源的条件（超集即可：子查询另按本行的理赔与实例号关联）
    const lineSource = (name: string) => { const src = lo.source(name); return src.t === 'rel' && src.rel.kind === 'line'; };
    if (D.instanceJoin && scope && !cohortScope && hasCodes && (scope.kind === 'group' || scope.source === 'prescriptions' || lineSource(scope.source as string))) {
        lo.pairs = { name: `zs_pairs_${r}`, sql: `SELECT DISTINCT mt.claim_key, i.zs_i FROM ${dispatchMatches('TRUE')} mt JOIN ${instTable} i ON i.codes_sid = mt.set_id` };
    }
    for (const s of rule.pre) step(s);

    // 作用域
    let from: string;
    /** from 里的表别名（Spark 的分层派生表把它们各打包成一个 struct 列） */
    let aliases: string[];
    let order = '0';
    let elem: V | null = null;
    const base = 'JOIN zs_encounters e ON e.claim_key = c.claim_key AND e.enc_order = 0';
    if (!scope) {
        from = `zs_claims c ${base} CROSS JOIN ${instTable} i`;
        aliases = ['c', 'e', 'i'];
    } else if (cohortScope) {
        // 统计组（population.ts）：元素 = 筛查集合中适用、其中成立的就诊，按键分组；WITH 子句在步骤之后生成
        if (scope.source !== 'population_encounters' || rule.pre.length > 0) throw new Unsupported('统计组的来源不是全体就诊，或作用域之前有步骤');
        const x: Env = { locals: env.locals, elems: [{ t: 'rec', rec: { kind: 'encounter', alias: 'x' } }] };
        const keys = (scope.keys ?? []).map(k => lo.cond(k, x));
        const elementWhere = [...applies.map(test => test('x')), ...(scope.where ? [lo.cond(scope.where, x)] : [])];
        lo.cohort = new CohortLowering(lo, instTable, scope.binder, keys, elementWhere, keys.length);
        from = lo.cohort.from();
        aliases = ['m', 'mf', 'i'];
        elem = { t: 'rec', rec: { kind: 'cohort', alias: 'm' } };
        order = 'm.first_pord';
        env.locals.set(scope.binder, elem);
        dependent.add(scope.binder);
    } else if (scope.kind === 'group' || scope.source === 'prescriptions') {
        // 分组：元素 = 来源的明细（属于 的代码集、其中），按键（计费日期 / 小时 / 键表达式 / 处方号）分组，键为空的各成一组；
        // 组的次序 = 首条明细的序号（首次出现的次序）
        const prescriptions = scope.source === 'prescriptions';
        const src = lo.source(prescriptions ? 'lines' : scope.source as string);
        if (src.t !== 'rel' || src.rel.kind !== 'line') throw new Unsupported('分组的来源不是明细');
        const rel = src.rel;
        if ((scope.keys ?? []).length > 1) throw new Unsupported('多个分组键');
        const keyExpr = scope.keys?.[0];
        const key = (a: string): string => prescriptions ? `${a}.rxno` : scope.group === 'day' ? `${a}.fee_date` : scope.group === 'hour' ? `${a}.fee_hour`
            : keyExpr ? lo.cond(keyExpr, { locals: env.locals, elems: [{ t: 'rec', rec: { kind: 'line', alias: a } }] }) : 'NULL';
        const line = (a: string): Env => ({ locals: env.locals, elems: [{ t: 'rec', rec: { kind: 'line', alias: a } }] });
        const conds = [...plainConds(rel, 'gl'), ...(scope.where && !prescriptions ? [lo.cond(scope.where, line('gl'))] : [])];
        const keySql = key('gl');
        if ([...conds, keySql].some(c => /\bzl\d+\b/.test(c))) throw new Unsupported('分组的 其中 或键用到了作用域之前的 令');
        const gid = `(CASE WHEN ${keySql} IS NULL THEN 'n' || CAST(gl.seq AS ${D.type('VARCHAR')}) ELSE 'k' || CAST(${keySql} AS ${D.type('VARCHAR')}) END)`;
        const elements = hasCodes
            ? `${dispatchMatches(plainConds(rel, 'l').join(' AND ') || 'TRUE')} mt JOIN ${instTable} i ON i.codes_sid = mt.set_id
        JOIN zs_lines gl ON gl.claim_key = mt.claim_key AND gl.seq = mt.seq JOIN zs_claims c ON c.claim_key = gl.claim_key ${base}`
            : `zs_claims c ${base} JOIN zs_lines gl ON gl.claim_key = c.claim_key CROSS JOIN ${instTable} i`;
        // 元素 → 组（实例、组号），物化一次；组的聚合与 组.明细 都从它来
        withClause = `WITH zs_gm ${D.materialized} (SELECT gl.claim_key, i.zs_i AS gi, gl.seq, ${gid} AS gid, ${keySql} AS key
      FROM ${elements} WHERE ${conds.map(w => `(${w})`).join(' AND ') || 'TRUE'})\n`;
        lo.group = true;
        from = `(SELECT x.claim_key, x.gi, x.gid, any_value(x.key) AS key, CAST(sum(l.cnt) AS BIGINT) AS cnt, CAST(sum(l.sumamt) AS BIGINT) AS sumamt, min(x.seq) AS first_seq
      FROM zs_gm x JOIN zs_lines l ON l.claim_key = x.claim_key AND l.seq = x.seq GROUP BY x.claim_key, x.gi, x.gid) m
    JOIN zs_claims c ON c.claim_key = m.claim_key ${base} JOIN ${instTable} i ON i.zs_i = m.gi
    JOIN zs_lines mf ON mf.claim_key = m.claim_key AND mf.seq = m.first_seq`;
        aliases = ['m', 'c', 'e', 'i', 'mf'];
        elem = { t: 'rec', rec: { kind: prescriptions ? 'prescription' : 'group', alias: 'm' } };
        order = 'm.first_seq';
        env.locals.set(scope.binder, elem);
        dependent.add(scope.binder);
    } else {
        const src = lo.source(scope.source as string);
        if (src.t !== 'rel') throw new Unsupported(`作用域的来源 ${scope.source as string} 不是列表`);
        const rel = src.rel;
        const codeField = RECORDS[rel.kind] && 'code' in RECORDS[rel.kind] ? (RECORDS[rel.kind] as { code?: string }).code : undefined;
        elem = { t: 'rec', rec: { kind: rel.kind, alias: 'm' } };
        order = `m.${rel.order}`;
        if (rel.kind === 'line' && hasCodes) {
            from = `${dispatchMatches(plainConds(rel, 'l').join(' AND ') || 'TRUE')} mt JOIN ${instTable} i ON i.codes_sid = mt.set_id
    JOIN zs_lines m ON m.claim_key = mt.claim_key AND m.seq = mt.seq JOIN zs_claims c ON c.claim_key = m.claim_key ${base}`;
            aliases = ['mt', 'i', 'm', 'c', 'e'];
            // 没有 属于 的实例：每条明细都进入
            if (instRows.some(row => row[1] === null)) throw new Unsupported('同一规则的实例有的有 属于、有的没有');
        } else {
            from = `zs_claims c ${base} JOIN ${rel.table} m ON ${relWhere(rel, 'm', 'plain')} CROSS JOIN ${instTable} i`;
            aliases = ['c', 'e', 'm', 'i'];
            if (hasCodes) {
                if (!codeField) throw new Unsupported('属于 的元素没有编码属性');
                where.push(`zs_member(i.codes_sid, m.${D.q(codeField)})`);
            }
        }
        env.locals.set(scope.binder, elem);
        dependent.add(scope.binder);
        if (scope.where) where.push(lo.cond(scope.where, { locals: env.locals, elems: [elem] }));
    }
    for (const s of rule.steps) step(s);
    if (lo.cohort) withClause = lo.cohort.with();

    // 结果
    const outcome = rule.outcome;
    const select: string[] = [lo.cohort ? `CAST(NULL AS ${D.type('VARCHAR')}) AS ck` : 'c.claim_key AS ck', 'i.zs_i AS inst', `${order} AS ord`];
    const violation = lo.expr(outcome.violation.expr, env);
    switch (outcome.violation.kind) {
        case 'line':
            if (violation.t !== 'rec' || violation.rec.kind !== 'line') throw new Unsupported('违规对象不是一条明细');
            select.push(`${D.list1(`${violation.rec.alias}.seq`)} AS v`);
            break;
        case 'lines': select.push(`${lo.idList(violation, 'line')} AS v`); break;
        case 'encounter':
            if (violation.t !== 'rec' || violation.rec.kind !== 'encounter') throw new Unsupported('违规对象不是一次就诊');
            select.push(`${violation.rec.alias}.mdtrt_id AS v`);
            break;
        case 'cohort':
            if (!lo.cohort || violation.t !== 'rec' || violation.rec.kind !== 'cohort') throw new Unsupported('违规对象不是统计组');
            select.push(...lo.cohort.violationColumns());
            break;
        case 'diagnosis':
        case 'operation': {
            if (violation.t !== 'rec' || violation.rec.kind !== outcome.violation.kind) throw new Unsupported('违规对象不是诊断 / 手术');
            const a = violation.rec.alias;
            const [id, code, name] = outcome.violation.kind === 'diagnosis' ? ['dise_id', 'dise_codg', 'dise_name'] : ['setl_list_oprn_id', 'oprn_code', 'oprn_name'];
            select.push(`${a}.${id} AS v_id`, `${a}.${code} AS v_code`, `${a}.${name} AS v_name`);
            break;
        }
    }
    const hasAmount = !!outcome.amount;
    if (outcome.amount) select.push(`${lo.cond(outcome.amount, env)} AS amt`);
    let partCount = 0;
    const part = (e: IrExpr, display: string): SqlPart => {
        if (!dependsOnClaim(e, dependent)) return { js: e, display };
        const v = lo.expr(e, env);
        if (v.t !== 'sql') throw new Unsupported('提示或依据里的插值是集合或列表');
        const col = `p${partCount++}`;
        select.push(`${v.sql} AS ${col}`);
        return { sql: col, display };
    };
    let message: SqlRulePlan['message'] = null;
    if (outcome.message) {
        const m = outcome.message;
        message = m.k === 'text' ? m.parts.map(p => (typeof p === 'string' ? p : part(p.e, p.display))) : [part(m, 'text')];
    }
    const evidence = outcome.evidence.map(e => part(e, 'text'));
    // 统计组结果的指标与同级值（P5）
    if (outcome.statistic) {
        select.push(`${lo.cond(outcome.statistic.value, env)} AS st_v`);
        if (outcome.statistic.peer) select.push(`${lo.cond(outcome.statistic.peer, env)} AS st_p`);
    }
    const involved = outcome.involved.map((inv, k) => {
        if (inv.kind === 'none') return { kind: inv.kind, col: null };
        const col = `inv${k}`;
        const v = lo.expr(inv.expr, env);
        select.push(`${lo.idList(v, inv.kind === 'lines' ? 'line' : 'encounter')} AS ${col}`);
        // 筛查集合的就诊可能是别的患者的：执行方取它们的患者（结果明细的 patn_id，FindingDraft.owners）
        return v.t === 'rel' && isPopulationTable(v.rel.table) ? { kind: inv.kind, col, population: true as const } : { kind: inv.kind, col };
    });
    const whereSql = (conds: readonly string[]) => (conds.length > 0 ? conds.map(w => `(${w})`).join('\n  AND ') : 'TRUE');
    let sql: string;
    let stages: SqlRulePlan['stages'];
    if (laterals.length === 0) sql = `${withClause}SELECT ${select.join(',\n  ')}\nFROM ${from}\nWHERE ${whereSql(where)}`;
    else if (D.lateral) {
        sql = `${withClause}SELECT ${select.join(',\n  ')}\nFROM ${from}${laterals.map((l, k) => `\n  CROSS JOIN LATERAL (SELECT ${l.sql} AS v) zl${k}`).join('')}\nWHERE ${whereSql(where)}`;
    } else {
        stages = letStages(`zs_s${r}`, withClause, from, aliases, laterals, where).map(st => ({ name: st.name, sql: D.expandMacros(st.sql) }));
        sql = `${withClause}SELECT ${select.join(',\n  ')}\nFROM ${stages[stages.length - 1].name} zq\nWHERE ${whereSql(where.slice(laterals[laterals.length - 1].where))}`;
    }
    sql = D.expandMacros(sql);
    const pairs = lo.pairs;
    if (pairs && [sql, ...(stages ?? []).map(st => st.sql)].some(t => t.includes(`JOIN ${pairs.name} `))) stages = [pairs, ...(stages ?? [])];
    const cohort = lo.cohort && scope ? { keys: (scope.keys ?? []).length, statistic: !!outcome.statistic, peer: !!outcome.statistic?.peer } : undefined;
    return { rule: r, id: rule.id, sql, params: lo.params, violation: outcome.violation.kind, hasAmount, message, evidence, involved, constantLets, ...(cohort ? { cohort } : {}), ...(stages ? { stages } : {}) };
}

/**
 * Spark 上含子查询的 令：逐层物化的中间结果（DuckDB 是 FROM 末尾的 LATERAL 列，值是 zlk.v）。Spark 的 LATERAL 里不能再引用
 * 外两层的列；写成一条套一层的派生表时，Spark 把子查询里非等值的外层引用（明细日期在当前明细之前 …）去关联成与外层计划的
 * 连接，每层复制下面各层的整个计划，两三层就耗尽内存。所以每层是单独执行、物化的临时视图：
 *   第 0 层：作用域的 FROM，每个表别名打包成同名的 struct 列（struct(c.*) AS c，上层的 c.claim_key 解析为字段，写法与 DuckDB 相同），
 *           加上第一个 令 之前的条件；
 *   第 k+1 层：下一层的列 + 第 k 个 令 的列 zlk，加上第 k 与第 k+1 个 令 之间的条件（条件只用到在它之前的 令）。
 * 规则的查询从最后一层读，剩下的条件在它的 WHERE。条件提前到所在的层与放在最后等价（都是合取、没有副作用），只是少算。
 */
function letStages(prefix: string, withClause: string, from: string, aliases: readonly string[], lets: ReadonlyArray<{ sql: string; where: number }>, where: readonly string[]): Array<{ name: string; sql: string }> {
    const conds = (from_: number, to: number) => (to > from_ ? `\nWHERE ${where.slice(from_, to).map(w => `(${w})`).join(' AND ')}` : '');
    const stages = [{ name: `${prefix}_0`, sql: `${withClause}SELECT ${aliases.map(a => `struct(${a}.*) AS ${a}`).join(', ')} FROM ${from}${conds(0, lets[0].where)}` }];
    lets.forEach((l, k) => {
        const name = `${prefix}_${k + 1}`;
        stages.push({ name, sql: `${withClause}SELECT zq.*, ${l.sql} AS zl${k} FROM ${stages[k].name} zq${k > 0 ? conds(lets[k - 1].where, l.where) : ''}` });
    });
    return stages;
}

/** 把规则包的 IR 降到 SQL（options.dialect：DuckDB 或 Spark SQL）。 */
export function lowerToSql(ir: IrPack, options: SqlLowerOptions): SqlProgram {
    const D = options.dialect ?? DUCKDB;
    const sets = new SetAllocator();
    const matcherIds = new Map<number, number>();
    const matcherSet = (id: number) => {
        let sid = matcherIds.get(id);
        if (sid === undefined) matcherIds.set(id, sid = sets.add(ir.matchers[id]));
        return sid;
    };
    const tables: SqlTable[] = [];
    const rules: SqlRulePlan[] = [];
    const unsupported: SqlProgram['unsupported'] = [];
    const diagnostics: CompileDiagnostic[] = [];
    ir.rules.forEach((rule, r) => {
        const mark = tables.length;
        try {
            rules.push(lowerRule(rule, r, options.params[r] ?? Object.create(null), sets, matcherSet, tables, ir.matchers, D));
        } catch (error) {
            if (!(error instanceof Unsupported)) throw error;
            tables.length = mark; // 集合表里已加的行留着（编号不重用，别的规则可能共用常量代码集）
            unsupported.push({ rule: rule.id, reason: error.message });
            diagnostics.push(compileDiagnostic('ZC0301', { rule: rule.id, reason: error.message }, rule.source));
        }
    });
    const dictRows: unknown[][] = [];
    const fallbackRows: unknown[][] = [];
    for (const [name, dict] of Object.entries(ir.dictionaries)) {
        for (const [code, label] of Object.entries(dict.entries)) dictRows.push([name, code, label]);
        if (dict.fallback !== undefined) fallbackRows.push([name, dict.fallback]);
    }
    tables.unshift(
        {
            name: 'zs_sets',
            columns: [{ name: 'set_id', type: 'INTEGER' }, { name: 'kind', type: 'INTEGER' }, { name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'VARCHAR' }, { name: 'len', type: 'INTEGER' }],
            rows: sets.rows
        },
        { name: 'zs_dict', columns: [{ name: 'name', type: 'VARCHAR' }, { name: 'code', type: 'VARCHAR' }, { name: 'label', type: 'VARCHAR' }], rows: dictRows },
        { name: 'zs_dict_fallback', columns: [{ name: 'name', type: 'VARCHAR' }, { name: 'label', type: 'VARCHAR' }], rows: fallbackRows }
    );
    return { setup: [...views(D), ...populationSetup(D)].map(D.expandMacros), tables, rules, unsupported, diagnostics };
}

/**
 * 只依赖知识点行值与参数的表达式按实例在 JS 里求值（参照解释器，同一份语义）：先按源码次序算出能算的 令（依赖理赔的跳过）。
 * SQL 后端用它把依赖行值的正则等提升为实例表的列；结果组装用它求只依赖行值的插值。
 */
export class InstanceEvaluator {
    private readonly cache = new Map<number, Record<string, unknown>>();
    private readonly matchers: CodeMatcher[];

    constructor(private readonly rule: IrRule, private readonly P: ParamValues, matchers: IrPack['matchers']) {
        this.matchers = matchers.map(m => new CodeMatcher(m));
    }

    private readonly rows = new Map<number, Record<string, unknown> | null>();

    value(i: number, expr: IrExpr): unknown {
        let locals = this.cache.get(i);
        let row = this.rows.get(i);
        if (row === undefined) {
            const raw = this.rule.instances[i].row;
            row = raw ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeValue(v)])) : null;
            this.rows.set(i, row);
        }
        const env = () => ({ ctx: null, P: this.P, row: row!, locals: locals!, elems: [], matcher: (id: number) => this.matchers[id] });
        if (!locals) {
            locals = {};
            this.cache.set(i, locals);
            for (const s of [...this.rule.pre, ...this.rule.steps]) {
                if (s.kind !== 'let') continue;
                try {
                    locals[s.name] = evaluate(s.expr, env());
                } catch (error) {
                    if (!(error instanceof NotConstant)) throw error;
                }
            }
        }
        return evaluate(expr, env());
    }
}

/** 只依赖行值与参数、SQL 里不算的运算（正则、中文数字 …）：提升为实例表的列，值由 InstanceEvaluator 按实例算。 */
const HOISTED_OPS: ReadonlySet<string> = new Set(['matches', 'extract_number', 'extract_text', 'chinese_number', 'to_grade', 'contains_any', 'split_words', 'union', 'difference', 'makeSet', 'index']);
