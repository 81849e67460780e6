/**
 * zhishen screen --engine spark [--master local[2]]：规则的 Spark 方言在 Spark 上执行（spark-submit 运行作业的 driver.py）。
 * 理赔先装进 DuckDB 理赔库（同 --engine duckdb 的规范化），各表导出为 Parquet 交给 Spark；Spark 算出命中行，结果组装与 duckdb
 * 引擎同一份（运行时的 buildFinding / assembleFindings），所以输出与 --engine duckdb 逐字节相同（tests/spark 核对）。
 * 找不到 Spark 或 Java 时给中文错误，写明装什么（@zhishen/store 的 findSpark）。
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSpark, sparkExecutor, SparkUnavailable } from '@zhishen/store';
import type { SparkEvent, SparkRuntime } from '@zhishen/store';
import { UserError } from '../errors.js';

export function sparkRuntime(): SparkRuntime {
    try {
        return findSpark();
    } catch (error) {
        if (error instanceof SparkUnavailable) throw new UserError(error.message);
        throw error;
    }
}

/** screenWithDuckDb 的 engine：Spark 执行规则（临时工作文件夹，用完删除） */
export function sparkEngine(runtime: SparkRuntime, options: { master?: string; packId: string; rules: number; onEvent: (e: SparkEvent) => void }) {
    const workDir = mkdtempSync(join(tmpdir(), 'zhishen-spark-'));
    return {
        label: `Spark ${options.master ?? 'local[2]'}`,
        workDir,
        cleanup: () => rmSync(workDir, { recursive: true, force: true }),
        executor: (store: Parameters<typeof sparkExecutor>[0]) => sparkExecutor(store, { workDir, runtime, master: options.master, packId: options.packId, rules: options.rules, onEvent: options.onEvent })
    };
}
