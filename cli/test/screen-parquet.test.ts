/**
 * Parquet 理赔：两种形状（一列请求 JSON 文本；按 3101 结构的嵌套列），两个引擎、store load 都收；
 * 结果与同一批请求的 NDJSON 逐行相同；坏行（不是 JSON、空值、无法规范化）报告 Parquet 的行号并跳过，计数对得上；不是 Parquet 的文件给中文错误。
 */
import { describe, expect, it } from 'vitest';
import { KB, RULES, root, zhishen } from './spawn.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

async function sql(statements: string[]): Promise<void> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const s of statements) await connection.run(s);
    connection.closeSync();
    instance.closeSync();
}

describe('Parquet 理赔', () => {
    it('一列 JSON 文本与嵌套列两种形状：结果与 NDJSON 逐行相同；坏行按 Parquet 行号报告', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-parquet-'));
        const claims = join(root, 'stdlib-rules/claims');
        const lines = readdirSync(claims).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(join(claims, f), 'utf8'))));
        writeFileSync(join(dir, 'claims.ndjson'), lines.join('\n') + '\n');
        // 一列 JSON 文本：第 3 行不是 JSON，第 5 行是 NULL，第 7 行的患者不是数组（无法规范化）
        const rows = [...lines.slice(0, 2), '{ 坏', lines[2], null, lines[3], JSON.stringify({ patient_dtos: 'x' }), ...lines.slice(4)];
        writeFileSync(join(dir, 'rows.ndjson'), rows.map(r => JSON.stringify({ request: r })).join('\n') + '\n');
        await sql([
            `COPY (SELECT request FROM read_json('${join(dir, 'rows.ndjson')}', columns = {'request': 'VARCHAR'})) TO '${join(dir, 'text.parquet')}' (FORMAT parquet)`,
            // 按 3101 结构的嵌套列：DuckDB 从 NDJSON 推断出的 STRUCT / LIST 列
            `COPY (SELECT * FROM read_json('${join(dir, 'claims.ndjson')}', format = 'newline_delimited', sample_size = -1)) TO '${join(dir, 'nested.parquet')}' (FORMAT parquet)`
        ]);
        writeFileSync(join(dir, 'fake.parquet'), 'not parquet');

        const base = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '-o', 'base.ndjson'], dir);
        expect(base.code, base.stderr).toBe(0);
        const expected = readFileSync(join(dir, 'base.ndjson'), 'utf8');
        expect(expected.split('\n').length).toBeGreaterThan(10);

        for (const file of ['text.parquet', 'nested.parquet']) {
            const js = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', file, '-o', `${file}.js.ndjson`], dir);
            expect(js.code, js.stderr).toBe(0);
            expect(readFileSync(join(dir, `${file}.js.ndjson`), 'utf8')).toBe(expected);
        }
        // duckdb 引擎：与同一批 NDJSON 在 duckdb 引擎上的结果相同
        const sqlBase = zhishen(['screen', '--engine', 'duckdb', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '-o', 'sql-base.ndjson'], dir);
        expect(sqlBase.code, sqlBase.stderr).toBe(0);
        for (const file of ['text.parquet', 'nested.parquet']) {
            const r = zhishen(['screen', '--engine', 'duckdb', '--rules', RULES, '--kb', KB, '--claims', file, '-o', `${file}.sql.ndjson`], dir);
            expect(r.code, r.stderr).toBe(0);
            expect(readFileSync(join(dir, `${file}.sql.ndjson`), 'utf8')).toBe(readFileSync(join(dir, 'sql-base.ndjson'), 'utf8'));
        }

        // 坏行：行号是 Parquet 的行序号；读取 = 装入 + 重复 + 拒绝
        const load = zhishen(['store', 'load', '--store', 's.duckdb', '--claims', 'text.parquet'], dir);
        expect(load.code).toBe(1);
        expect(load.stderr).toContain(`读取 ${rows.length}，装入 ${lines.length}，重复 0，拒绝 3`);
        expect(load.stderr).toMatch(/text\.parquet:3 {2}ZR0000 不是有效的 JSON/);
        expect(load.stderr).toMatch(/text\.parquet:5 {2}ZR0000 空值/);
        expect(load.stderr).toMatch(/text\.parquet:7 {2}ZR0002/);
        const js = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', 'text.parquet', '-o', 'x.ndjson'], dir);
        expect(js.stderr).toMatch(/text\.parquet:3：不是有效的 JSON/);
        expect(js.stderr).toMatch(/text\.parquet:5：空值/);
        expect(js.stderr).toMatch(/text\.parquet:7：/);

        const fake = zhishen(['store', 'load', '--store', 's2.duckdb', '--claims', 'fake.parquet'], dir);
        expect(fake.code).not.toBe(0);
        expect(fake.stderr).toContain('不是可读的 Parquet 文件');
    }, 300_000);
});
