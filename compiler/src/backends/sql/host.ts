/**
 * 宿主函数：SQL 里没有同义写法的运算（本仓库的线性时间正则、药品编码的规范化、按适应症判断诊断……），在 DuckDB 上作为
 * 标量函数由执行方注册（store/src/screen.ts 的 prepareProgram），函数体就是运行时的实现（OP_FUNCTIONS）——定义只有一份，
 * 结果与 JS 规则包逐字节相同（差分测试 tests/store-sql）。值的编码与库表相同（数值 micro、日期天数），不需要转换。
 *
 * Spark 作业里没有 Node：在 Spark SQL 里有逐字节同义写法的（SPARK_HOST_FUNCTIONS）由方言展开成 SQL（dialect.ts 的
 * SPARK_HOST_MACROS，差分测试 tests/spark/host-functions.spark.test.ts）；正则三个没有（本仓库的正则是线性时间的匹配器，
 * Java 的正则语义不同），依赖理赔数据时在 Spark 上是 ZC0301，只依赖知识点时在编译期提升为实例表的列（lower.ts HOISTED_OPS）。
 *
 * 集合参数（适应症编码族、词表）在 SQL 里是 zs_sets 的集合编号：执行方把编号换回该集合的精确编码（zs_sets 的 kind 0 行）组成的
 * Set 传给运行时的实现——运行时对集合、列表取元素，对代码匹配器取精确编码（values/text.ts entriesOf，同 ops.iterate），两边看到同样的元素。
 */
import type { OpName } from '@zhishen/runtime';
import type { SqlColumnType } from './lower.js';

export interface HostFunction {
    /** SQL 里的函数名 */
    readonly sql: string;
    /** 参数：标量列类型，或 'set'（集合编号，INTEGER） */
    readonly params: ReadonlyArray<SqlColumnType | 'set'>;
    readonly returns: SqlColumnType;
}

export const HOST_FUNCTIONS: Partial<Record<OpName, HostFunction>> = {
    matches: { sql: 'zs_fn_matches', params: ['VARCHAR', 'VARCHAR'], returns: 'BOOLEAN' },
    extract_number: { sql: 'zs_fn_extract_number', params: ['VARCHAR', 'VARCHAR'], returns: 'BIGINT' },
    extract_text: { sql: 'zs_fn_extract_text', params: ['VARCHAR', 'VARCHAR'], returns: 'VARCHAR' },
    chinese_number: { sql: 'zs_fn_chinese_number', params: ['VARCHAR'], returns: 'BIGINT' },
    drug_class: { sql: 'zs_fn_drug_class', params: ['VARCHAR'], returns: 'VARCHAR' },
    drug_generic_key: { sql: 'zs_fn_drug_generic_key', params: ['VARCHAR'], returns: 'VARCHAR' },
    indication_covers: { sql: 'zs_fn_indication_covers', params: ['VARCHAR', 'VARCHAR', 'set'], returns: 'BOOLEAN' },
    contains_any: { sql: 'zs_fn_contains_any', params: ['VARCHAR', 'set'], returns: 'BOOLEAN' }
};

/** Spark 方言能运行的宿主函数（dialect.ts 的 SPARK_HOST_MACROS 给出它们的 Spark SQL 写法）。 */
export const SPARK_HOST_FUNCTIONS: ReadonlySet<OpName> = new Set<OpName>(['chinese_number', 'drug_class', 'drug_generic_key', 'indication_covers', 'contains_any']);
