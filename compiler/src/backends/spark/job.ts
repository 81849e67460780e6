/**
 * Spark 作业（zhishen build --target spark）：SQL 后端的 Spark 方言 + 数据表 + 计划，写成一个自带一切的文件夹，
 * 集群上不需要 Node 与智审的代码（驱动程序是 spark/zhishen_job 的 Python，由命令行复制进去）。
 *
 * 作业文件夹：
 *   plan.json            计划：Spark 配置、准备语句（视图）、数据表（文件与列类型）、每条规则的 SQL 与绑定参数（:pN）、
 *                        理赔表（store）应有的列与类型、不能在 SQL 上运行的规则
 *   tables/<表>.ndjson   数据表：zs_sets（代码集）、zs_dict / zs_dict_fallback（字典）、zs_inst_<规则>（知识点行值）；
 *                        一行一个 JSON 对象，列与类型在 plan.json（读时给定结构，不推断）
 *
 * 命中行（SQL 的输出列，见 SqlRulePlan）在 Spark 与 DuckDB 上相同，tests/spark 的差分测试逐行核对。
 */
import type { ParamValues } from '@zhishen/runtime';
import type { IrPack } from '../../ir/ir.js';
import { SET_ARRAY_SUFFIX, SPARK } from '../sql/dialect.js';
import { lowerToSql } from '../sql/lower.js';
import type { SqlColumnType, SqlProgram, SqlRulePlan } from '../sql/lower.js';

export const SPARK_JOB_FORMAT = 'zhishen-spark-job';
export const SPARK_JOB_VERSION = 1;

/** 驱动程序给 Spark 会话设的配置：非 ANSI（与 DuckDB 同样的 NULL 与整除语义由 dialect.ts 保证）、UTC、size(NULL) 为 NULL。 */
export const SPARK_CONF: Readonly<Record<string, string>> = {
    'spark.sql.ansi.enabled': 'false',
    'spark.sql.session.timeZone': 'UTC',
    'spark.sql.legacy.sizeOfNull': 'false',
    'spark.sql.shuffle.partitions': '8',
    'spark.ui.enabled': 'false',
    // 没有 UI 时状态存储照样为每次执行留下计划的描述（一条规则的计划字符串可达几 MB），默认留 1,000 次：
    // 一个驱动程序跑几十条规则、一批作业时老年代被它占满、反复完全回收（实测 506 次、379 秒）。只留少量，计划字符串截短
    'spark.sql.ui.retainedExecutions': '20',
    'spark.ui.retainedJobs': '50',
    'spark.ui.retainedStages': '50',
    'spark.sql.maxPlanStringLength': '100000'
};

/** 理赔表的列（来自 @zhishen/store 的 TABLES；由调用方传入，编译器不依赖理赔库）。 */
export interface StoreTableSchema {
    name: string;
    columns: Array<{ name: string; type: SqlColumnType | 'VARCHAR[]' }>;
}

export interface SparkJobRule extends Omit<SqlRulePlan, 'params'> {
    /** 命名绑定参数：p1 → 文本 */
    params: Record<string, string>;
}

export interface SparkJobPlan {
    format: typeof SPARK_JOB_FORMAT;
    version: typeof SPARK_JOB_VERSION;
    dialect: 'spark';
    pack: { id: string; rules: number };
    conf: Record<string, string>;
    setup: string[];
    tables: Array<{ name: string; file: string; rows: number; columns: Array<{ name: string; type: string }> }>;
    store: Array<{ name: string; columns: Array<{ name: string; type: string }> }>;
    rules: SparkJobRule[];
    unsupported: SqlProgram['unsupported'];
}

export interface SparkJob {
    plan: SparkJobPlan;
    /** 相对作业文件夹的路径 → 内容 */
    files: Map<string, string>;
    program: SqlProgram;
}

const SET_ARRAY_COLUMNS: ReadonlyArray<[string, string]> = [
    [SET_ARRAY_SUFFIX.codes, 'ARRAY<STRING>'], [SET_ARRAY_SUFFIX.prefixes, 'ARRAY<STRING>'], [SET_ARRAY_SUFFIX.ranges, 'ARRAY<STRUCT<a: STRING, b: STRING, len: INT>>']
];

/** zs_sets 的行（set_id, kind 0 精确 / 1 前缀 / 2 区间, a, b, len）→ 每个集合的数组（实例表的集合列旁边的 __c / __p / __r 列） */
function setArrays(program: SqlProgram): Map<number, { c: string[]; p: string[]; r: Array<{ a: string; b: string; len: number }> }> {
    const out = new Map<number, { c: string[]; p: string[]; r: Array<{ a: string; b: string; len: number }> }>();
    const sets = program.tables.find(t => t.name === 'zs_sets');
    for (const [id, kind, a, b, len] of (sets?.rows ?? []) as Array<[number, number, string, string | null, number]>) {
        let set = out.get(id);
        if (!set) out.set(id, set = { c: [], p: [], r: [] });
        if (kind === 0) set.c.push(a);
        else if (kind === 1) set.p.push(a);
        else set.r.push({ a, b: b!, len });
    }
    return out;
}

function sparkType(t: SqlColumnType | 'VARCHAR[]'): string {
    return t === 'VARCHAR[]' ? 'ARRAY<STRING>' : SPARK.type(t);
}

export function sparkJob(ir: IrPack, options: { packId: string; params: ParamValues[]; store: readonly StoreTableSchema[] }): SparkJob {
    return sparkJobOf(lowerToSql(ir, { params: options.params, dialect: SPARK }), { packId: options.packId, rules: ir.rules.length, store: options.store });
}

/** 已降到 Spark 方言的程序 → 作业（计划与数据表文件）。 */
export function sparkJobOf(program: SqlProgram, options: { packId: string; rules: number; store: readonly StoreTableSchema[] }): SparkJob {
    if (program.setup.some(s => s.includes('TEMP MACRO'))) throw new Error('程序不是 Spark 方言（lowerToSql 的 dialect 须是 SPARK）');
    const files = new Map<string, string>();
    const arrays = setArrays(program);
    const tables = program.tables.map(t => {
        const file = `tables/${t.name}.ndjson`;
        const columns: Array<{ name: string; type: string }> = [];
        for (const c of t.columns) {
            columns.push({ name: c.name, type: sparkType(c.type) });
            if (c.set) columns.push(...SET_ARRAY_COLUMNS.map(([suffix, type]) => ({ name: c.name + suffix, type })));
        }
        const objects = t.rows.map(r => {
            const o: Record<string, unknown> = {};
            t.columns.forEach((c, k) => {
                o[c.name] = r[k] ?? null;
                if (c.set) {
                    const set = r[k] === null || r[k] === undefined ? null : arrays.get(r[k] as number) ?? { c: [], p: [], r: [] };
                    o[c.name + SET_ARRAY_SUFFIX.codes] = set?.c ?? null;
                    o[c.name + SET_ARRAY_SUFFIX.prefixes] = set?.p ?? null;
                    o[c.name + SET_ARRAY_SUFFIX.ranges] = set?.r ?? null;
                }
            });
            return JSON.stringify(o);
        });
        files.set(file, objects.join('\n') + (objects.length > 0 ? '\n' : ''));
        return { name: t.name, file, rows: t.rows.length, columns };
    });
    const rules = program.rules.map(r => ({ ...r, params: Object.fromEntries(r.params.map((p, k) => [`p${k + 1}`, p])) }));
    const plan: SparkJobPlan = {
        format: SPARK_JOB_FORMAT,
        version: SPARK_JOB_VERSION,
        dialect: 'spark',
        pack: { id: options.packId, rules: options.rules },
        conf: { ...SPARK_CONF },
        setup: program.setup,
        tables,
        store: options.store.map(t => ({ name: t.name, columns: t.columns.map(c => ({ name: c.name, type: sparkType(c.type) })) })),
        rules,
        unsupported: program.unsupported
    };
    files.set('plan.json', JSON.stringify(plan, null, 1) + '\n');
    return { plan, files, program };
}
