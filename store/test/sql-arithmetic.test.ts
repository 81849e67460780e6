/**
 * SQL 后端的算术与运行时逐值相同（乘、除、比值、整数量 × / ÷ 数值），包括“只舍入一次”（语义 F9）的半数点：
 * 对随机的与刻意落在半分附近的操作数，DuckDB 里运算表 SQL_OPS 生成的表达式与 runtime 的 ops 给出同一个 micro 整数。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB, SQL_MACROS, SQL_OPS } from '@zhishen/compiler';
import { ops } from '@zhishen/runtime';

let connection: DuckDBConnection;
beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    for (const sql of SQL_MACROS) await connection.run(sql);
});
afterAll(() => connection?.closeSync());

/** 确定性的伪随机数（mulberry32）。 */
function random(seed: number) {
    let a = seed;
    return () => {
        a |= 0;
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

type Op = 'times' | 'divide' | 'ratio' | 'unscale' | 'scale';
const RUNTIME: Record<Op, (a: number, b: number) => number | null> = {
    times: (a, b) => ops.times(a, b),
    divide: (a, b) => ops.divide(a, b),
    ratio: (a, b) => ops.ratio(a, b),
    unscale: (a, b) => ops.unscale(a, b),
    scale: (a, b) => ops.scale(a, b)
};

async function sqlValues(op: Op, pairs: Array<[number, number]>): Promise<Array<number | null>> {
    const expression = SQL_OPS[op]([{ t: 'sql', sql: 'a' }, { t: 'sql', sql: 'b' }] as never, { bind: () => { throw new Error('不绑定'); }, dialect: DUCKDB });
    const values = pairs.map(([a, b], i) => `(${i}, CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`).join(',');
    const reader = await connection.runAndReadAll(`SELECT i, CAST(${expression} AS VARCHAR) AS v FROM (VALUES ${values}) t(i, a, b) ORDER BY i`);
    return reader.getRowsJS().map(row => (row[1] === null ? null : Number(row[1])));
}

/** 操作数：一半随机，一半让 a × b 或 a ÷ b 落在某个 x.xx5 元附近（F9 要处理的半数点）。 */
function operands(op: Op, seed: number, count: number): Array<[number, number]> {
    const r = random(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
        const whole = op === 'ratio' || op === 'unscale' || op === 'scale';
        let b = whole && op === 'ratio' ? int(1, 100_000) : int(1, 99_999_999);
        if (r() < 0.3) b = -b;
        let a: number;
        if (i % 2 === 0) a = whole ? int(-100_000, 100_000) : int(-999_999_999, 999_999_999);
        else {
            // 目标：整数元 + 0.005（半分），再偏一点点
            const target = (int(-10_000, 10_000) * 1_000_000 + 5_000 + int(-2, 2)) / 1_000_000;
            a = op === 'times' ? Math.round((target / (b / 1_000_000)) * 1_000_000) + int(-1, 1)
                : op === 'divide' ? Math.round(target * b) + int(-1, 1)
                    : op === 'ratio' ? Math.round(target * b) + int(-1, 1)
                        : int(-100_000, 100_000);
        }
        if (op === 'times' && Math.abs(a * b) > 8e21) a = Math.trunc(a / 1000);
        pairs.push([a, b]);
    }
    return pairs;
}

describe('SQL 算术 ≡ 运行时（逐值）', () => {
    for (const op of ['times', 'divide', 'ratio', 'unscale', 'scale'] as Op[]) {
        it(op, async () => {
            const pairs = operands(op, 17 + op.length, 2_000);
            pairs.push([1_500_000, 10_003_333], [45_014_999, 3_000_000], [-1_500_000, 10_003_333], [7, 0], [0, 5]);
            const expected = pairs.map(([a, b]) => {
                try {
                    return RUNTIME[op](a, b);
                } catch {
                    return 'range';
                }
            });
            const inRange = pairs.filter((_, i) => expected[i] !== 'range');
            const got = await sqlValues(op, inRange);
            expect(got).toEqual(expected.filter(v => v !== 'range'));
        });
    }

    it('问题 17 的例子在 SQL 里也只舍入一次', async () => {
        expect(await sqlValues('times', [[1_500_000, 10_003_333]])).toEqual([15_004_999]);
        expect(await sqlValues('divide', [[45_014_999, 3_000_000]])).toEqual([15_004_999]);
    });
});
