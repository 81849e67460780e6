/**
 * 测试块（测试 "…" { 理赔 … }）的全部理赔：多个 理赔、.ndjson 文件一行一个入参；每份入参在理赔库里各是一个请求。
 * SQL 差分测试（tests/store-sql）与 Spark 作业 Python 部分的差分测试（tests/spark-python）共用。
 */
import { readFileSync } from 'node:fs';
import { parseClaimFile } from '@zhishen/compiler';
import type { TestSpec } from '@zhishen/compiler';

export function claimsOf(dir: string, test: TestSpec): unknown[] {
    const refs = test.claims.length > 0 ? test.claims : test.claim ? [test.claim] : [];
    return refs.flatMap(ref => {
        const value = 'inline' in ref ? ref.inline : parseClaimFile(ref.file, readFileSync(dir + ref.file, 'utf8'));
        return Array.isArray(value) && /\.(ndjson|jsonl)$/i.test('file' in ref ? ref.file : '') ? value : [value];
    });
}
