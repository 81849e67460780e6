/**
 * SQL 后端 · 筛查集合（事后全量筛查，契约 semantics.ts P1–P2；JS 运行时 runtime/src/engine/population.ts 的同一份语义）。
 *
 * 筛查集合 = 库里每张理赔的本次就诊，同一就诊号只收装载次序中的第一张（JS 的 Population.add：重复的就诊不进入集合、也不审核）。
 * 集合的次序 = 装载次序（批次、行号、患者在请求中的位置），明细在就诊内按序号——与 JS 逐张 add 的次序相同，
 * 所以涉及项、插值里的列表（此前结算[*].就诊号）与 JS 同序。
 *
 *   zs_pop_encounters：集合中的就诊（zs_encounters 的列 + zs_pord 集合次序 + zs_patn 理赔的患者）
 *   zs_pop_lines：集合中的明细（本次就诊的明细；zs_pord = 就诊次序 × 明细次序，zs_patn 它所在理赔的患者）
 *
 * lookup（dispatch 阶段由 filter 改写而来）降为这两张表上的等值 / 相交条件；跨理赔的明细在结果里写成 "claim_key#seq"，
 * 执行方（store/src/screen.ts）据此取回别的理赔的明细与它们的患者（FindingDraft.owners）。
 */
import type { RecordKind } from '@zhishen/runtime';
import { RECORDS } from '@zhishen/runtime';
import type { IrExpr } from '../../ir/ir.js';
import { Unsupported } from './ops.js';
import { plainEq } from './dialect.js';
import type { CorrelatedKey, SqlDialect } from './dialect.js';

/** 建表语句（在视图之后执行）：物化一次，每条规则共用（DuckDB 的临时表；Spark 的临时视图由驱动程序 CACHE）。 */
export function populationSetup(D: SqlDialect): string[] {
    return [
        D.createTemp('zs_pop_claims', `SELECT claim_key, patn_id, zs_pord FROM (
        SELECT c.claim_key, c.patn_id, c.curr_mdtrt_id,
          row_number() OVER (PARTITION BY c.curr_mdtrt_id ORDER BY r.batch, r.line_no, c.patient_index) AS zs_first,
          row_number() OVER (ORDER BY r.batch, r.line_no, c.patient_index) AS zs_pord
        FROM claims c JOIN requests r ON r.request_key = c.request_key) t
      WHERE zs_first = 1`),
        D.createTemp('zs_pop_encounters', 'SELECT e.*, p.zs_pord, p.patn_id AS zs_patn FROM zs_encounters e JOIN zs_pop_claims p ON p.claim_key = e.claim_key WHERE e.enc_order = 0'),
        D.createTemp('zs_pop_lines', `SELECT l.*, row_number() OVER (ORDER BY p.zs_pord, l.seq) AS zs_pord, p.patn_id AS zs_patn
      FROM zs_lines l JOIN zs_pop_claims p ON p.claim_key = l.claim_key WHERE l.is_current_encounter`),
        // 文本列表属性按值展开（lookup 的等值连接用）：能引用外两层的方言（DuckDB）用索引表；Spark 用明细 × 集合的配对表
        ...Object.values(POPULATION_TABLES).flatMap(({ kind, table }) => listProps(kind).flatMap(prop => {
            const index = `SELECT zs_pord, ${D.unnest(D.q(prop))} AS v FROM ${table} WHERE ${D.q(prop)} IS NOT NULL`;
            if (D.deepCorrelation) return [D.createTemp(populationListIndex(table, prop), index)];
            return listProps('line').map(keyProp => D.createTemp(populationPairs(table, prop, keyProp), `SELECT DISTINCT z.claim_key, z.seq, x.zs_pord AS p
      FROM (SELECT claim_key, seq, ${D.unnest(D.q(keyProp))} AS v FROM zs_lines WHERE ${D.q(keyProp)} IS NOT NULL) z JOIN (${index}) x ON x.v = z.v`));
        }))
    ];
}

function listProps(kind: RecordKind): string[] {
    return Object.entries(RECORDS[kind].fields).filter(([, encoding]) => encoding === 'texts').map(([prop]) => prop);
}

/** 筛查集合的来源 → 表（记录种类、次序列）。 */
export const POPULATION_TABLES: Record<string, { kind: RecordKind; table: string }> = {
    population_encounters: { kind: 'encounter', table: 'zs_pop_encounters' },
    population_lines: { kind: 'line', table: 'zs_pop_lines' }
};

export function isPopulationTable(table: string): boolean {
    return table === 'zs_pop_encounters' || table === 'zs_pop_lines';
}

/** 筛查集合表的文本列表属性（追溯码）按值展开的索引表：(zs_pord, v)，lookup 在它上面做等值连接。 */
export function populationListIndex(table: string, prop: string): string {
    return `${table}__${prop}`;
}

/**
 * 明细的文本列表属性 keyProp 与筛查集合表的列表属性 prop 有共同值的配对：(claim_key, seq) 是一条明细（zs_lines 的行键，本次与历史），
 * p 是集合表里与它有共同值的一行的 zs_pord（去重；空元素不相等）。Spark 的 lookup 键是某条明细的列表属性（m.追溯码）时，
 * 子查询里连接这张表，与外层只有等值的相关条件（claim_key、seq），Spark 去相关后是哈希连接；arrays_overlap 作相关条件则是嵌套循环
 * （3,000 张理赔的追溯码规则 86 秒，随理赔数的平方增长）。配对数 = Σ 每个码出现次数²，追溯码一盒一码，接近码的个数。
 */
export function populationPairs(table: string, prop: string, keyProp: string): string {
    return `${table}__${prop}__line_${keyProp}`;
}

/** lookup 的键：值，或文本列表（of：它是哪条明细的哪个列表属性；明细记录的别名都有行键 claim_key、seq，见 lower.ts 的 field）。 */
export type LookupKey = { t: 'sql'; sql: string } | { t: 'list'; sql: string; of?: { alias: string; prop: string } };

/**
 * lookup 的条件，两种写法：
 *   plain：一个条件（等值；键是列表时 list_contains / list_has_any）——在不由我们决定 FROM 的地方用（作用域、分组、若 的分支）；
 *   join + on：键是列表时另加一个 FROM 项（键的值展开后、列表属性再经索引表，去重的元素次序），元素与它等值相连。
 *     这样“有共同值”是等值连接，DuckDB 的相关子查询按哈希连接执行，不是对每个外层元素扫一遍筛查集合
 *     （list_has_any 作相关条件：一万张理赔的追溯码规则 180 秒）。空值不相等（与 list_has_any / list_contains 一样）。
 * 键是单个值时只有等值条件（本来就是哈希连接）。n：关系上已有的 FROM 项个数（别名 <元素别名>_k<n> 各不相同）。
 * Spark（不能引用外两层）的列表键：键是一条明细的列表属性时经 populationPairs 的配对表，否则只有单个条件。
 */
export interface LookupCondition {
    plain: (alias: string) => string;
    join?: (alias: string) => string;
    /** 与 join 的 FROM 项一起用的条件：keys 是其中对外层的等值关联（写法由 RuleLowering.subquery 定，见 SqlDialect.correlatedEq），on 是其余的 */
    keys?: (alias: string) => CorrelatedKey[];
    on: (alias: string) => string;
}

export function lookupCondition(table: string, prop: string, listProp: boolean, key: LookupKey, n: number, D: SqlDialect): LookupCondition {
    const q = D.q(prop);
    if (listProp) {
        if (key.t !== 'list') throw new Unsupported('lookup：列表属性的键不是列表');
        const plain = (a: string) => `coalesce(${D.listsOverlap(`${a}.${q}`, key.sql)}, FALSE)`;
        if (!D.deepCorrelation) {
            // Spark：子查询的 FROM 里不能有引用外层的派生表。键是一条明细的列表属性时经配对表等值连接，否则是单个条件
            // （arrays_overlap 去掉空元素，同 list_has_any）
            const of = key.of;
            if (!of) return { plain, on: plain };
            return {
                plain,
                join: a => `${populationPairs(table, prop, of.prop)} ${a}_k${n}`,
                keys: a => [[`${a}_k${n}.claim_key`, `${of.alias}.claim_key`], [`${a}_k${n}.seq`, `${of.alias}.seq`]],
                on: a => `${a}.zs_pord = ${a}_k${n}.p`
            };
        }
        return {
            plain,
            join: a => `(SELECT DISTINCT zx.zs_pord AS p FROM (SELECT ${D.unnest(key.sql)} AS v) zu JOIN ${populationListIndex(table, prop)} zx ON zx.v = zu.v) ${a}_k${n}`,
            on: a => `${a}.zs_pord = ${a}_k${n}.p`
        };
    }
    if (key.t === 'list') {
        const plain = (a: string) => `coalesce(${D.listContains(key.sql, `${a}.${q}`)}, FALSE)`;
        if (!D.deepCorrelation) return { plain, on: plain };
        return {
            plain,
            join: a => `(SELECT DISTINCT ${D.unnest(key.sql)} AS p) ${a}_k${n}`,
            on: a => `${a}.${q} = ${a}_k${n}.p`
        };
    }
    // 键可能为空：= 在 WHERE 里筛掉它，结构体相等时另加非空（CorrelatedKey 的第三项）
    return { plain: a => `${a}.${q} = ${key.sql}`, keys: a => [[`${a}.${q}`, key.sql, true]], on: () => '' };
}

/** 集合中的明细在结果里的标识（别的理赔的明细要带上理赔键）。 */
export function populationLineId(alias: string, D: SqlDialect): string {
    return `${alias}.claim_key || '#' || CAST(${alias}.seq AS ${D.type('VARCHAR')})`;
}

/**
 * 集合中一组就诊的明细（他机构就诊[*].明细）：就诊在该组里的明细，次序 = 就诊次序、明细次序（zs_pop_lines 的 zs_pord）。
 * 写成 lookup 的形状：子查询里等值连接就诊（一条明细恰属于集合中的一次就诊，连接与 EXISTS 同样的行）；单个条件的 EXISTS（plain）
 * 用在不由我们决定 FROM 的地方。
 */
export function populationEncounterLines(encounterFrom: (alias: string) => string,
    encounterKeys: (alias: string) => CorrelatedKey[], encounterConds: (alias: string) => string[]): LookupCondition {
    const same = (e: string, a: string) => `${e}.claim_key = ${a}.claim_key AND ${e}.enc_order = ${a}.enc_order`;
    const where = (e: string) => {
        const keys = encounterKeys(e);
        return [...(keys.length ? [plainEq(keys)] : []), ...encounterConds(e)].join(' AND ') || 'TRUE';
    };
    const plain = (a: string) => `EXISTS (SELECT 1 FROM ${encounterFrom('zpe')} WHERE ${same('zpe', a)} AND ${where('zpe')})`;
    // 两种方言都在子查询里连接就诊：就诊的条件（同一患者 …）与明细的条件才在同一层，成为连接的键。写成 EXISTS 时 DuckDB 先按明细的条件
    // （同一编码、日期在前）连接全省的明细再半连接就诊——跨机构重复检查在 2 万张理赔上是 4 千万行的中间结果，100 万张时与理赔数的平方同增。
    // 就诊对外层的等值关联（同一患者）交给子查询定写法（keys）
    return {
        plain,
        join: a => encounterFrom(`${a}_e`),
        keys: a => encounterKeys(`${a}_e`),
        on: a => [same(`${a}_e`, a), ...encounterConds(`${a}_e`)].join(' AND ')
    };
}

// ───────────── 统计组（对每组 全体就诊 g 按 …，契约 P3–P5；JS 的 groupEncounters / peerStatistic） ─────────────

/** lower.ts 的翻译器里统计组要用的部分（避免循环依赖，只按形状）。 */
export interface CohortLowerer {
    cond(e: IrExpr, env: CohortEnv): string;
    readonly dialect: SqlDialect;
}

export interface CohortEnv {
    locals: Map<string, unknown>;
    elems: unknown[];
}

/**
 * 一条统计组规则的查询骨架：
 *   zs_cm：元素（集合中的就诊，适用范围与 其中 成立的）→ (实例 gi, 组号 gid, 键 k0…, 就诊的明细金额 esum)；
 *   zs_cg：组（键、就诊数、金额、首次出现的就诊 first_pord）；
 *   zs_cv：同级统计要用的每组取值与同级键（每个 同级 节点一列取值、每个同级键一列），只算一次。
 * 组的次序 = 首个就诊在集合中的次序（JS 保持首次出现的次序）。键为空的就诊各成一组（E2）；多个键时全为空才各成一组。
 */
export class CohortLowering {
    private readonly peers: Array<{ value: string; keys: string[] }> = [];

    constructor(private readonly lo: CohortLowerer, private readonly instTable: string, private readonly binder: string,
        private readonly keySql: string[], private readonly elementWhere: string[], private readonly keyCount: number) {}

    /** 组的字段（g.次数、g.金额、g.首次、g.明细、g.机构编码 …；机构属性取首个就诊的，同 JS cohortOf） */
    field(prop: string): { t: 'sql'; sql: string } | { t: 'rec'; rec: { kind: RecordKind; alias: string } }
        | { t: 'rel'; rel: { kind: RecordKind; table: string; key: null; order: string; conds: Array<(a: string) => string>; lookups?: LookupCondition[] } } {
        const D = this.lo.dialect;
        // 组的成员：子查询里等值连接 zs_cm（一次就诊在一个实例里只属于一组，连接与 EXISTS 同样的行）。两种方言都这样写：
        // Spark 的子查询不能引用外两层（m 在外层）；DuckDB 把相关的 EXISTS 去相关成 组 × 全部明细 的叉积再半连接
        // （2 万张理赔、约 300 组时 1.2 亿行，药占比规则 10 秒），等值连接则按 (gi, gid) 哈希连接、聚合
        const plain = (a: string) => `EXISTS (SELECT 1 FROM zs_cm zx WHERE zx.claim_key = ${a}.claim_key AND zx.gi = m.gi AND zx.gid = m.gid)`;
        const member = { conds: [], lookups: [{ plain, join: (a: string) => `zs_cm ${a}_g`, keys: (a: string): CorrelatedKey[] => [[`${a}_g.gi`, 'm.gi'], [`${a}_g.gid`, 'm.gid']],
            on: (a: string) => `${a}_g.claim_key = ${a}.claim_key` }] };
        switch (prop) {
            case 'claim_count': case 'sumamt': return { t: 'sql', sql: `m.${prop}` };
            case 'key':
                if (this.keyCount !== 1) throw new Unsupported('多个键的统计组的 键');
                return { t: 'sql', sql: 'm.k0' };
            case 'first': return { t: 'rec', rec: { kind: 'encounter', alias: 'mf' } };
            case 'medins_id': case 'medins_grade': case 'medins_category': case 'medins_admdvs': return { t: 'sql', sql: `mf.${D.q(prop)}` };
            case 'lines': return { t: 'rel', rel: { kind: 'line', table: 'zs_pop_lines', key: null, order: 'zs_pord', ...member } };
            case 'encounters': return { t: 'rel', rel: { kind: 'encounter', table: 'zs_pop_encounters', key: null, order: 'zs_pord', ...member } };
        }
        throw new Unsupported(`统计组的字段 ${prop}`);
    }

    /**
     * 同级统计（P4）：同级键相同（任一为空则无）的其他组、取值非空；组数 < 至少 或为 0 时为空。
     * 百分位：最近秩，升序第 ⌈p × n / 100⌉ 个（p = 0 取最小）；均值：同 平均；标准差：总体，⌊√((nΣv² − (Σv)²) / n²)⌋（HUGEINT 精确，
     * 开方的初值用 DOUBLE、再逐一校正到精确的整数平方根，同 JS isqrt）；组数：micro。
     */
    peer(e: Extract<IrExpr, { k: 'peer' }>, env: CohortEnv): string {
        const inner: CohortEnv = { locals: new Map(env.locals), elems: env.elems };
        inner.locals.set(e.binder, { t: 'rec', rec: { kind: 'cohort', alias: 'm' } });
        const value = this.lo.cond(e.value, inner);
        const keys = e.keys.map(k => this.lo.cond(k, inner));
        if ([value, ...keys].some(s => /\bzl\d+\.v\b/.test(s))) throw new Unsupported('同级统计的取值用到了作用域之前的 令');
        const p = this.peers.length;
        this.peers.push({ value, keys });
        const arg = e.arg ? this.lo.cond(e.arg, env) : 'NULL';
        const min = e.min ? this.lo.cond(e.min, env) : 'NULL';
        const v = `q.v${p}`;
        const D = this.lo.dialect;
        const huge = D.type('HUGEINT');
        // 同一实例、同级键相等是对外层的等值关联（键可能为空），另有组号不等这个非等值的外层引用：Spark 上写成结构体相等（SqlDialect.correlatedEq）
        const same = D.correlatedEq([['q.gi', 'm.gi'], ...keys.map((k, j): CorrelatedKey => [`q.k${p}_${j}`, `(${k})`, true])]);
        const from = `FROM zs_cv q WHERE ${same} AND q.gid <> m.gid AND ${v} IS NOT NULL`;
        const guard = `count(*) = 0 OR (${min}) IS NOT NULL AND count(*) * 1000000 < (${min})`;
        let stat: string;
        switch (e.stat) {
            case 'count': stat = 'CAST(count(*) * 1000000 AS BIGINT)'; break;
            case 'mean': stat = `zs_div(CAST(sum(${v}) AS ${huge}), count(*) * 1000000)`; break;
            case 'percentile': stat = `CASE WHEN (${arg}) IS NULL OR (${arg}) < 0 OR (${arg}) > 100000000 THEN NULL
                ELSE ${D.sortedAt(v, `greatest(1, least(count(*), CAST(${D.idiv(`CAST(${arg} AS ${huge}) * count(*) + 99999999`, '100000000')} AS BIGINT)))`)} END`; break;
            case 'sd': stat = `CAST(zs_isqrt(${D.idiv(`CAST(count(*) AS ${huge}) * sum(CAST(${v} AS ${huge}) * ${v}) - CAST(sum(${v}) AS ${huge}) * sum(${v})`, `CAST(count(*) AS ${huge}) * count(*)`)}) AS BIGINT)`; break;
        }
        return `(SELECT CASE WHEN ${guard} THEN NULL ELSE ${stat} END ${from})`;
    }

    /** 结果列：键的各分量、组内就诊（次序）与它们的患者。 */
    violationColumns(): string[] {
        const members = (col: string) => `(SELECT ${this.lo.dialect.listAgg(`zx.${col}`, 'zx.zs_pord')} FROM zs_cm zx WHERE zx.gi = m.gi AND zx.gid = m.gid)`;
        return [...this.keySql.map((_, j) => `m.k${j} AS k${j}`), `${members('mdtrt_id')} AS v`, `${members('patn_id')} AS v_patn`];
    }

    from(): string {
        return `zs_cg m JOIN zs_pop_encounters mf ON mf.zs_pord = m.first_pord JOIN ${this.instTable} i ON i.zs_i = m.gi`;
    }

    /** WITH 子句（作用域之内的步骤翻译完之后：同级统计的列此时才齐）。 */
    with(): string {
        const D = this.lo.dialect;
        const text = D.type('VARCHAR');
        const parts = this.keySql.map(k => `(CASE WHEN (${k}) IS NULL THEN '\\u0001' ELSE typeof(${k}) || ':' || CAST(${k} AS ${text}) END)`);
        const allNull = this.keySql.length === 0 ? 'TRUE' : this.keySql.map(k => `(${k}) IS NULL`).join(' AND ');
        const gid = `(CASE WHEN ${allNull} THEN 'n' || CAST(x.zs_pord AS ${text}) ELSE 'k' || ${parts.join(` || '\\u0000' || `)} END)`;
        const cv = this.peers.map((p, k) => [`${p.value} AS v${k}`, ...p.keys.map((key, j) => `${key} AS k${k}_${j}`)]).flat();
        return `WITH zs_cm ${D.materialized} (SELECT x.claim_key, x.mdtrt_id, x.zs_patn AS patn_id, x.zs_pord, i.zs_i AS gi, ${gid} AS gid${this.keySql.map((k, j) => `, ${k} AS k${j}`).join('')},
        coalesce((SELECT sum(l.sumamt) FROM zs_pop_lines l WHERE l.claim_key = x.claim_key), 0) AS esum
      FROM zs_pop_encounters x CROSS JOIN ${this.instTable} i WHERE ${this.elementWhere.map(w => `(${w})`).join(' AND ') || 'TRUE'}),
    zs_cg ${D.materialized} (SELECT gi, gid${this.keySql.map((_, j) => `, any_value(k${j}) AS k${j}`).join('')}, CAST(count(*) * 1000000 AS BIGINT) AS claim_count,
        CAST(sum(esum) AS BIGINT) AS sumamt, min(zs_pord) AS first_pord FROM zs_cm GROUP BY gi, gid),
    zs_cv ${D.materialized} (SELECT m.gi, m.gid${cv.map(c => `, ${c}`).join('')} FROM ${this.from()})
`;
    }

    get binderName(): string {
        return this.binder;
    }
}
