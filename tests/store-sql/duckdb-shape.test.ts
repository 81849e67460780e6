/**
 * DuckDB 上生成的查询的形状（计划不随理赔数的平方增长）。
 *
 * 一、DuckDB 的宏按表达式代入参数：含子查询的参数在宏体里出现几次就去相关几次（限定频次规则的计费天数：两个子查询各成了 8 个哈希连接，
 * 2 万张理赔上 10 秒）。expandMacros 把这样的参数先在单行的派生表里算一次；这里测改写的形状、值不变（含空值、除数为 0、负数），
 * 以及标准规则的 SQL 里确实用上了。
 *
 * 二、筛查集合中就诊的明细、统计组的成员：子查询里等值连接就诊 / zs_cm，不写成相关的 EXISTS。写成 EXISTS 时 DuckDB 先按明细自己的条件
 * 连接全省的明细（跨机构重复检查：同一编码、日期在前，2 万张理赔上 4 千万行）或 组 × 全部明细 的叉积（药占比：1.2 亿行），再半连接——
 * 100 万张理赔时临时文件写满了 58 GB 的磁盘。
 */
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB, lowerToSql } from '@zhishen/compiler';
import type { SqlProgram } from '@zhishen/compiler';
import { packParams } from '@zhishen/store';
import { bothBackends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { stdlibFiles } from './corpus.js';

let program: SqlProgram | undefined;
async function stdlibProgram(): Promise<SqlProgram> {
    if (!program) {
        const std = await bothBackends(stdlibFiles(), { kb: await loadSampleKb() });
        program = lowerToSql(std.output.ir!, { params: packParams(std.compiled) });
    }
    return program;
}

describe('DuckDB：含子查询的宏参数只算一次', () => {
    it('出现多次的参数含子查询时绑进派生表；简单参数、只出现一次的参数原样', () => {
        const sub = '(SELECT max(u.x) FROM t u WHERE u.k = t.k)';
        expect(DUCKDB.expandMacros(`zs_div(${sub}, 3)`)).toBe(`(SELECT zs_div(zs_b0.a0, 3) FROM (SELECT ${sub} AS a0) zs_b0)`);
        // 嵌套：里面的调用先改写，外面的参数含它（含 SELECT）也绑定
        const nested = DUCKDB.expandMacros(`zs_mul(zs_div(${sub}, 3), 2)`);
        expect(nested.split(sub).length - 1).toBe(1);
        expect(nested).toMatch(/^\(SELECT zs_mul\(zs_b1\.a0, 2\) FROM \(SELECT \(SELECT zs_div\(zs_b0\.a0, 3\) FROM/);
        expect(DUCKDB.expandMacros('zs_mul(a.x, (b.y + 1))')).toBe('zs_mul(a.x, (b.y + 1))');
        // zs_date 的参数在宏体里只出现一次：不必绑定
        expect(DUCKDB.expandMacros(`zs_date(${sub})`)).toBe(`zs_date(${sub})`);
    });

    it('改写前后的值相同：空值、除数为 0、负数、舍入的半数点', async () => {
        const instance = await DuckDBInstance.create(':memory:');
        const c = await instance.connect();
        try {
            for (const sql of DUCKDB.macroStatements()) await c.run(sql);
            await c.run('CREATE TABLE t (k INTEGER, x BIGINT)');
            await c.run(`INSERT INTO t VALUES (1, 5000000), (1, -2500000), (2, NULL), (3, 0), (4, -7500001), (5, 1500000), (5, 1000000), (6, 333333)`);
            const exprs = [
                'zs_div((SELECT sum(u.x) FROM t u WHERE u.k = t.k), 3000000)',
                'zs_div(7000000, (SELECT sum(u.x) FROM t u WHERE u.k = t.k))',
                'zs_mul((SELECT min(u.x) FROM t u WHERE u.k = t.k), (SELECT max(u.x) FROM t u WHERE u.k = t.k))',
                'zs_rdiv_micro(CAST((SELECT sum(u.x) FROM t u WHERE u.k = t.k) AS HUGEINT) * 1000000, 4000000)',
                'zs_days((SELECT sum(u.x) FROM t u WHERE u.k = t.k) - 2880)'
            ];
            for (const e of exprs) {
                const q = (x: string) => `SELECT k, ${x} AS v FROM t ORDER BY k, x NULLS FIRST`;
                const rewritten = DUCKDB.expandMacros(e);
                expect(rewritten, e).not.toBe(e);
                const raw = (await c.runAndReadAll(q(e))).getRowsJS();
                const bound = (await c.runAndReadAll(q(rewritten))).getRowsJS();
                expect(bound, e).toEqual(raw);
                expect(raw.some(r => r[1] === null), e).toBe(true);
            }
        } finally {
            c.closeSync();
            instance.closeSync();
        }
    });

    it('标准规则：限定频次规则的计费天数（最大、最小日期的子查询）经派生表绑定；无指征住院的 不属于 诊疗.日期 是按日期的 EXISTS', async () => {
        const program = await stdlibProgram();
        const plan = program.rules.find(r => r.id === 'GZ10000102014000')!;
        expect(plan.sql).toMatch(/\(SELECT zs_rdiv_micro\(zs_b\d+\.a0, [^\n]*? FROM \(SELECT CAST\(\(\(CAST\(\(SELECT max\(a1\."fee_date"\)/);
        // 属于 的右边是 记录列表[*].属性（日期 不属于 诊疗.日期）：EXISTS（列 = 值），不先把同一理赔的日期聚合成列表再逐条明细 list_contains
        // （那样 DuckDB 把每条明细与同一理赔的每条明细配对，100 万张时临时文件超过 37 GB）
        const idle = program.rules.find(r => r.id === 'GZ10000204005000')!.sql;
        expect(idle).toMatch(/\(CASE WHEN (a\d+)\."fee_date" IS NULL THEN NULL ELSE EXISTS \(SELECT 1 FROM zs_lines (a\d+) WHERE [^\n]*? AND \2\."fee_date" IS NOT NULL AND \2\."fee_date" = \1\."fee_date"\) END\)/);
        expect(idle).not.toMatch(/zs_l\b|list_contains/);
        // 重新展开不再改写（已经没有含子查询的多次参数）
        for (const r of program.rules) expect(DUCKDB.expandMacros(r.sql), r.id).toBe(r.sql);
    }, 120_000);
});

describe('DuckDB：筛查集合与统计组的成员经等值连接', () => {
    it('跨理赔与统计组规则的 SQL 里没有相关的 EXISTS（就诊、zs_cm），成员在子查询里连接', async () => {
        const p = await stdlibProgram();
        const sql = (id: string) => p.rules.find(r => r.id === id)!.sql;
        for (const r of p.rules) {
            expect(r.sql, r.id).not.toMatch(/EXISTS \(SELECT 1 FROM zs_pop_encounters zpe WHERE/);
            expect(r.sql, r.id).not.toMatch(/EXISTS \(SELECT 1 FROM zs_cm zx WHERE/);
        }
        // 跨机构重复检查：他机构就诊的明细 = 就诊表连明细表，同一患者是连接里的条件
        expect(sql('ZSP0007')).toMatch(/FROM zs_pop_encounters a1_e, zs_pop_lines a1 WHERE (?=[^\n]*a1_e\.claim_key = a1\.claim_key AND a1_e\.enc_order = a1\.enc_order)(?=[^\n]*a1_e\."patn_id" = e\."patn_id")/);
        // 药占比：组的明细经 zs_cm 连接
        expect(sql('ZSP0101')).toMatch(/FROM zs_cm (a\d+)_g, zs_pop_lines \1 WHERE (?=[^\n]*\1_g\.claim_key = \1\.claim_key)(?=[^\n]*\1_g\.gi = m\.gi AND \1_g\.gid = m\.gid)/);
    }, 120_000);
});
