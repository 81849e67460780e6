/**
 * 宿主函数的 Spark 写法（compiler/src/backends/sql/dialect.ts 的 SPARK_HOST_MACROS）≡ 运行时的实现（OP_FUNCTIONS，DuckDB 上注册的也是它）。
 * 用例在 tests/support/host-inputs.ts（DuckDB 上注册的实现也在同一批用例上比较：store/test/host-functions.test.ts），每个函数在每行上比较。
 * 集合参数两种写法都比较：实例表的集合列（预先算好的 __c 数组）与别的表达式（zs_sets 上的标量子查询）。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPARK, SPARK_HOST_FUNCTIONS } from '@zhishen/compiler';
import { findSpark } from '@zhishen/store';
import { OP_FUNCTIONS } from '@zhishen/runtime';
import { CASES, expected, rows, SETS } from '../support/host-inputs.js';

const work = mkdtempSync(join(tmpdir(), 'zhishen-spark-host-'));
let got: Record<string, unknown[]> = {};

beforeAll(() => {
    const runtime = findSpark();
    const input = join(work, 'in.json');
    const output = join(work, 'out.json');
    const sets = Object.entries(SETS).flatMap(([id, codes]) => codes.map(a => [Number(id), a]));
    const exprs = Object.fromEntries(CASES.map(([name, , sql]) => [name, SPARK.expandMacros(sql)]));
    writeFileSync(input, JSON.stringify({ sets, rows, exprs }));
    const env: NodeJS.ProcessEnv = { ...process.env, JAVA_HOME: process.env.JAVA_HOME ?? dirname(dirname(runtime.java)) };
    if (runtime.python) env.PYSPARK_PYTHON = env.PYSPARK_DRIVER_PYTHON = runtime.python;
    const script = fileURLToPath(new URL('./host_functions.py', import.meta.url));
    const run = spawnSync(runtime.sparkSubmit, ['--master', 'local[2]', '--conf', 'spark.sql.shuffle.partitions=2', script, input, output], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(`spark-submit 退出码 ${run.status}：\n${(run.stdout + run.stderr).split('\n').filter(l => !l.includes('WARN')).slice(-30).join('\n')}`);
    got = JSON.parse(readFileSync(output, 'utf8'));
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('宿主函数的 Spark 写法 ≡ 运行时的实现', () => {
    it('Spark 方言的宿主函数正是这里比较的五个', () => {
        expect([...SPARK_HOST_FUNCTIONS].sort()).toEqual([...new Set(CASES.map(c => c[1]))].sort());
    });

    it.each(CASES.map(c => [c[0], c] as const))('%s：每一行的值相同', (_name, [name, op, , args]) => {
        const fn = OP_FUNCTIONS[op] as (...a: unknown[]) => unknown;
        const values = got[name];
        expect(values).toHaveLength(rows.length);
        const differ = rows.filter((r, n) => !Object.is(values[n], expected(fn(...args(r)))) && values[n] !== expected(fn(...args(r))))
            .slice(0, 5).map(r => ({ row: r, spark: values[r.id], runtime: expected(fn(...args(r))) }));
        expect(differ).toEqual([]);
        // 这批输入在每个函数上都给出不止一种值（不是全为空或全为假：比较不是空的）
        expect(new Set(values.map(v => JSON.stringify(v))).size).toBeGreaterThanOrEqual(2);
    });
});
