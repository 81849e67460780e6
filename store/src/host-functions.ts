/**
 * 宿主函数在 DuckDB 上的注册（compiler/src/backends/sql/host.ts 的规格）：函数体是运行时的 OP_FUNCTIONS，与 JS 规则包同一份实现。
 * 值的编码与库表相同（数值 micro、日期天数），只有 DuckDB 的 BIGINT 在 JS 里是 bigint，进出时换成 number（micro 都在安全整数内）。
 * 空值自己处理（specialHandling）：运行时的实现对空参数各有规定（符合适应症 的名称为空时仍要判断编码），不能一律返回 NULL。
 */
import { BIGINT, BOOLEAN, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { HOST_FUNCTIONS } from '@zhishen/compiler';
import type { HostFunction, SqlColumnType, SqlProgram } from '@zhishen/compiler';
import { OP_FUNCTIONS } from '@zhishen/runtime';
import type { OpName } from '@zhishen/runtime';

const TYPES: Record<SqlColumnType, DuckDBType> = { VARCHAR, BIGINT, INTEGER, BOOLEAN };

/**
 * 集合编号 → 它的精确编码（zs_sets 的 kind 0 行）：由 Set / 数组建成的集合就是它的元素，代码匹配器是它的精确编码——
 * 都与运行时取集合元素的方式相同（values/text.ts entriesOf）。没有精确编码的集合是空集。
 */
function setEntries(program: SqlProgram): Map<number, Set<string>> {
    const sets = new Map<number, Set<string>>();
    const table = program.tables.find(t => t.name === 'zs_sets');
    for (const row of table?.rows ?? []) {
        const [id, kind, a] = row as [number, number, string];
        let set = sets.get(id);
        if (set === undefined) sets.set(id, (set = new Set()));
        if (kind === 0) set.add(a);
    }
    return sets;
}

const EMPTY: ReadonlySet<string> = new Set();

function fromDuckDB(value: unknown): unknown {
    return typeof value === 'bigint' ? Number(value) : value;
}

/** 放不进 BIGINT 的数（中文数字 上的二十多位阿拉伯数字）为空：SQL 的列装不下它；Spark 的写法相同（dialect.ts zs_chinese_number_t） */
const BIGINT_LIMIT = 9.2e18;

function toDuckDB(value: unknown, type: SqlColumnType): unknown {
    if (value === null || value === undefined) return null;
    if (type === 'BIGINT') return Math.abs(value as number) < BIGINT_LIMIT ? BigInt(value as number) : null;
    return value;
}

function register(connection: DuckDBConnection, op: OpName, fn: HostFunction, sets: Map<number, Set<string>>): void {
    const impl = OP_FUNCTIONS[op] as (...args: unknown[]) => unknown;
    connection.registerScalarFunction(DuckDBScalarFunction.create({
        name: fn.sql,
        parameterTypes: fn.params.map(p => (p === 'set' ? BIGINT : TYPES[p])),
        returnType: TYPES[fn.returns],
        specialHandling: true,
        mainFunction: (_info, input, output) => {
            const vectors = fn.params.map((_, i) => input.getColumnVector(i));
            const args: unknown[] = new Array(fn.params.length);
            for (let row = 0; row < input.rowCount; row++) {
                for (let i = 0; i < vectors.length; i++) {
                    const value = fromDuckDB(vectors[i].getItem(row));
                    // 集合编号 → 集合的精确编码；没有行的编号（空集合）是空集合，与 Spark 上的数组列、子查询相同
                    args[i] = fn.params[i] === 'set' ? (value === null ? null : sets.get(value as number) ?? EMPTY) : value;
                }
                output.setItem(row, toDuckDB(impl(...args), fn.returns) as never);
            }
            output.flush();
        }
    }));
}

/** 在连接上注册全部宿主函数（prepareProgram 里，规则执行之前）。 */
export function registerHostFunctions(connection: DuckDBConnection, program: SqlProgram): void {
    const sets = setEntries(program);
    for (const [op, fn] of Object.entries(HOST_FUNCTIONS) as Array<[OpName, HostFunction]>) register(connection, op, fn, sets);
}
