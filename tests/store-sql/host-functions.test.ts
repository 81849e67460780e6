/**
 * DuckDB 上注册的宿主函数（store/src/host-functions.ts）≡ 运行时的实现，在 Spark 的差分测试同一批刁钻输入上（tests/support/host-inputs.ts）：
 * 检查的是注册这一层——空值交给实现自己处理、集合编号换成精确编码（没有行的编号是空集合）、BIGINT 的进出（放不进时为空）、
 * 文本经 UTF-8 交给 DuckDB（切开的代理对成为 U+FFFD）。Spark 上同样的用例见 tests/spark/host-functions.spark.test.ts。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { HOST_FUNCTIONS } from '@zhishen/compiler';
import type { SqlProgram } from '@zhishen/compiler';
import { registerHostFunctions } from '../../store/src/host-functions.js';
import { OP_FUNCTIONS } from '@zhishen/runtime';
import { CASES, expected, rows, SETS } from '../support/host-inputs.js';

const work = mkdtempSync(join(tmpdir(), 'zhishen-duck-host-'));
let connection: DuckDBConnection;

beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    const program = { tables: [{ name: 'zs_sets', rows: Object.entries(SETS).flatMap(([id, codes]) => codes.map(a => [Number(id), 0, a, null, null])) }] } as unknown as SqlProgram;
    registerHostFunctions(connection, program);
    const file = join(work, 'rows.ndjson');
    writeFileSync(file, rows.map(r => JSON.stringify(r)).join('\n') + '\n');
    await connection.run(`CREATE TABLE zs_rows AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {id: 'INTEGER', x: 'VARCHAR', y: 'VARCHAR', s1: 'BIGINT'})`);
});
afterAll(() => {
    connection?.closeSync();
    rmSync(work, { recursive: true, force: true });
});

describe('DuckDB 上注册的宿主函数 ≡ 运行时的实现', () => {
    it('比较的用例覆盖 Spark 方言的全部宿主函数，且都是 DuckDB 上注册的', () => {
        for (const [, op] of CASES) expect(HOST_FUNCTIONS[op], op).toBeDefined();
    });

    it.each(CASES.map(c => [c[0], c] as const))('%s：每一行的值相同', async (_name, [, op, sql, args]) => {
        const fn = OP_FUNCTIONS[op] as (...a: unknown[]) => unknown;
        const reader = await connection.runAndReadAll(`SELECT i.id, ${sql} AS r FROM zs_rows i ORDER BY i.id`);
        const values = reader.getRowsJS().map(row => (typeof row[1] === 'bigint' ? Number(row[1]) : row[1]));
        expect(values).toHaveLength(rows.length);
        const differ = rows.filter((r, n) => values[n] !== expected(fn(...args(r))))
            .slice(0, 5).map(r => ({ row: r, duckdb: values[r.id], runtime: expected(fn(...args(r))) }));
        expect(differ).toEqual([]);
        expect(new Set(values.map(v => JSON.stringify(v))).size).toBeGreaterThanOrEqual(2);
    });
});
