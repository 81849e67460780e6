/**
 * 理赔库：一个 DuckDB 数据库文件（或 :memory:）。装载是增量的：新的文件追加；同一请求（内容哈希相同）再装一次跳过，
 * 记为“重复”。坏行（不是 JSON、整个请求无法规范化）报告行号与原因后跳过；每个文件 读取 = 装入 + 重复 + 拒绝。
 *
 * NDJSON 按字节块流式读取，从不把整个文件读进一个字符串；行批量经临时 NDJSON 由 DuckDB 的 read_json 写入（sink.ts）。
 * 一个文件一个事务。
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ClaimError } from '@zhishen/runtime';
import { idsText, parseClaimText } from '@zhishen/runtime';
import { requestKey, requestRows } from './rows.js';
import type { RequestRows } from './rows.js';
import { createStatements, SCHEMA_VERSION, table, TABLES } from './schema.js';
import type { StoreTable } from './schema.js';
import { isParquet, requestSource, sqlPath, TableSink } from './sink.js';

export interface LoadError {
    file: string;
    /** 行号（1 起） */
    line: number;
    code: string;
    message: string;
    path?: string;
}

export interface FileLoadReport {
    file: string;
    batch: number;
    /** 读取的行数 = loaded + duplicates + rejected */
    read: number;
    loaded: number;
    duplicates: number;
    rejected: number;
    /** 装入的患者（被审核的理赔）与明细 */
    claims: number;
    lines: number;
    /** 部分患者无法规范化（请求的其余患者照常装入）的个数 */
    patientErrors: number;
    ms: number;
}

export interface LoadProgress {
    file: string;
    bytes: number;
    totalBytes: number;
    read: number;
}

export interface LoadOptions {
    onProgress?: (progress: LoadProgress) => void;
    /** 最多保留多少条错误明细（计数不受限） */
    maxErrors?: number;
    /** 攒多少字节的行写一次表（默认 16 MB；测试用小值） */
    batchBytes?: number;
}

export interface LoadResult {
    files: FileLoadReport[];
    errors: LoadError[];
    /** errors 之外还有多少条没有保留 */
    moreErrors: number;
}

export interface StoreInfo {
    path: string;
    schema: string | null;
    requests: number;
    claims: number;
    encounters: number;
    lines: number;
    diagnoses: number;
    operations: number;
    traceCodes: number;
    /** 本次就诊的入院日期范围（天数） */
    firstDay: number | null;
    lastDay: number | null;
    institutions: number;
    loads: Array<{ batch: number; file: string; read: number; loaded: number; duplicates: number; rejected: number; claims: number; lines: number; ms: number }>;
}

const STORED: ReadonlyArray<Exclude<StoreTable, 'loads'>> = ['requests', 'claims', 'encounters', 'lines', 'diagnoses', 'operations', 'trace_codes'];

export class ClaimsStore {
    private constructor(readonly path: string, private readonly instance: DuckDBInstance, readonly connection: DuckDBConnection) {}

    /** 打开（没有就新建）理赔库。path 为 ':memory:' 时在内存中。 */
    static async open(path: string): Promise<ClaimsStore> {
        const instance = await DuckDBInstance.create(path);
        const connection = await instance.connect();
        const store = new ClaimsStore(path, instance, connection);
        for (const sql of createStatements()) await connection.run(sql);
        const version = await store.meta('schema');
        if (version === null) await connection.run('INSERT INTO store_meta VALUES ($1, $2)', ['schema', SCHEMA_VERSION]);
        else if (version !== SCHEMA_VERSION) {
            store.close();
            throw new Error(`理赔库「${path}」的表结构版本是 ${version}，本程序是 ${SCHEMA_VERSION}：请用新的文件重新装载`);
        }
        return store;
    }

    async meta(key: string): Promise<string | null> {
        const rows = (await this.connection.runAndReadAll('SELECT value FROM store_meta WHERE key = $1', [key])).getRows();
        return rows.length > 0 ? String(rows[0][0]) : null;
    }

    close(): void {
        this.connection.closeSync();
        this.instance.closeSync();
    }

    /** 装载 NDJSON 文件（每行一个 3101/3102 入参 input.data）。 */
    async load(files: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
        const maxErrors = options.maxErrors ?? 1000;
        const result: LoadResult = { files: [], errors: [], moreErrors: 0 };
        const known = new Set<string>();
        for (const row of (await this.connection.runAndReadAll('SELECT request_key FROM requests')).getRows()) known.add(String(row[0]));
        const batchRow = (await this.connection.runAndReadAll('SELECT coalesce(max(batch), 0) FROM loads')).getRows();
        let batch = Number(batchRow[0][0]);
        for (const file of files) {
            batch++;
            const report = await this.loadFile(file, batch, known, options, error => {
                if (result.errors.length < maxErrors) result.errors.push(error);
                else result.moreErrors++;
            });
            result.files.push(report);
        }
        return result;
    }

    private async loadFile(file: string, batch: number, known: Set<string>, options: LoadOptions, reportError: (e: LoadError) => void): Promise<FileLoadReport> {
        const started = performance.now();
        let totalBytes: number;
        try {
            totalBytes = statSync(file).size;
        } catch {
            throw new Error(`读不到理赔文件「${file}」`);
        }
        const report: FileLoadReport = { file, batch, read: 0, loaded: 0, duplicates: 0, rejected: 0, claims: 0, lines: 0, patientErrors: 0, ms: 0 };
        const reject = (line: number, error: Pick<ClaimError, 'code' | 'message' | 'path'>) => {
            report.rejected++;
            reportError({ file, line, code: error.code, message: error.message, ...(error.path ? { path: error.path } : {}) });
        };
        let bytes = 0;
        // requests.file 记绝对路径：--explain 按它与行号取回原文
        const source = resolve(file);
        // 一个文件一个事务：中途失败（磁盘满、进程被杀）时库里没有这个文件的半截
        const tmp = mkdtempSync(join(tmpdir(), 'zhishen-load-'));
        await this.connection.run('BEGIN TRANSACTION');
        const sink = new TableSink(this.connection, STORED.map(table), tmp, options.batchBytes);
        try {
            for await (const { line: lineNo, bytes: raw } of requestSource(file, b => { bytes = b; })) {
                report.read++;
                if (options.onProgress && lineNo % 500 === 0) options.onProgress({ file, bytes, totalBytes, read: report.read });
                const bytesTrimmed = trimAscii(raw);
                if (bytesTrimmed.length === 0) {
                    reject(lineNo, { code: 'ZR0000', message: isParquet(file) ? '空值（这一行的请求 JSON 为 NULL 或空串）' : '空行', path: '' });
                    continue;
                }
                const key = requestKey(bytesTrimmed);
                if (known.has(key)) {
                    report.duplicates++;
                    continue;
                }
                const text = bytesTrimmed.toString('utf8');
                // 读不出的 JSON、无效的 UTF-8、重复的键（parseClaimText，与 zhishen run、screen --engine js 同一套）：不装入，写明原因与编号
                const read = parseClaimText(text);
                if (!read.ok) {
                    const who = idsText(read.error);
                    reject(lineNo, read.syntax ? { code: 'ZR0000', message: `${read.error.message}${who ? `（${who}）` : ''}`, path: '' }
                        : read.error.code === 'ZR0019' ? { ...read.error, message: `${read.error.message}${who ? `（${who}）` : ''}；${read.error.hint}` } : read.error);
                    continue;
                }
                const parsed = read.request;
                const rows = this.rowsOf(key, parsed, { file: source, line: lineNo, batch });
                if ('errors' in rows) {
                    reject(lineNo, rows.errors);
                    continue;
                }
                for (const e of rows.request.errors) {
                    report.patientErrors++;
                    reportError({ file, line: lineNo, code: e.code, message: `该请求的一个患者未装入：${e.message}`, path: e.path });
                }
                known.add(key);
                report.loaded++;
                report.claims += rows.rows.claims.length;
                report.lines += rows.rows.lines.length;
                await sink.add(rows.rows);
            }
            await sink.finish();
            report.ms = Math.round(performance.now() - started);
            await this.connection.run('INSERT INTO loads VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
                batch, file, report.read, report.loaded, report.duplicates, report.rejected, report.claims, report.lines, report.ms
            ]);
            await this.connection.run('COMMIT');
        } catch (error) {
            await sink.settle();
            await this.connection.run('ROLLBACK');
            throw error;
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
        options.onProgress?.({ file, bytes: totalBytes, totalBytes, read: report.read });
        return report;
    }

    /** 一个已解析的请求 → 各表的行，或（整个请求不能装入时）第一个错误。 */
    private rowsOf(key: string, parsed: unknown, where: { file: string; line: number; batch: number }): RequestRows | { errors: Pick<ClaimError, 'code' | 'message' | 'path'> } {
        let rows: ReturnType<typeof requestRows>;
        try {
            rows = requestRows(key, parsed, where);
        } catch (error) {
            return { errors: { code: 'ZR0000', message: `规范化时出错：${(error as Error).message}`, path: '' } };
        }
        if (!('errors' in rows)) return rows;
        const first = rows.errors[0];
        return { errors: { ...first, message: rows.errors.length > 1 ? `${first.message}（另有 ${rows.errors.length - 1} 处错误）` : first.message } };
    }

    /**
     * 按装载记录（文件、行号）取回请求的原文，逐个产出；核对内容哈希，源文件已改动或不在时抛出中文错误。
     * 每个文件顺序读一遍，内存里只有当前一行。
     */
    async *requestTexts(refs: ReadonlyArray<{ request_key: string; file: string; line_no: number }>): AsyncGenerator<{ key: string; text: string }> {
        const byFile = new Map<string, Map<number, string>>();
        for (const r of refs) {
            let lines = byFile.get(r.file);
            if (!lines) byFile.set(r.file, lines = new Map());
            lines.set(r.line_no, r.request_key);
        }
        for (const [file, wanted] of byFile) {
            if (!existsSync(file)) throw new Error(`装载时的源文件「${file}」不在了：解释要从原文重新求值，请把文件放回原处`);
            let left = wanted.size;
            for await (const { line, bytes } of requestSource(file)) {
                const key = wanted.get(line);
                if (key === undefined) continue;
                const trimmed = trimAscii(bytes);
                if (requestKey(trimmed) !== key) throw new Error(`源文件「${file}」第 ${line} 行与装载时不同：解释要从原文重新求值，请用装载时的文件`);
                yield { key, text: trimmed.toString('utf8') };
                if (--left === 0) break;
            }
            if (left > 0) throw new Error(`源文件「${file}」比装载时短：解释要从原文重新求值，请用装载时的文件`);
        }
    }

    async info(): Promise<StoreInfo> {
        const count = async (name: string) => Number((await this.connection.runAndReadAll(`SELECT count(*) FROM ${name}`)).getRows()[0][0]);
        const range = (await this.connection.runAndReadAll(
            'SELECT min(adm_date), max(adm_date), count(DISTINCT medins_id) FROM encounters WHERE enc_order = 0'
        )).getRows()[0];
        const loads = (await this.connection.runAndReadAll('SELECT batch, file, "read", loaded, duplicates, rejected, claims, lines, ms FROM loads ORDER BY batch')).getRows();
        return {
            path: this.path,
            schema: await this.meta('schema'),
            requests: await count('requests'),
            claims: await count('claims'),
            encounters: await count('encounters'),
            lines: await count('lines'),
            diagnoses: await count('diagnoses'),
            operations: await count('operations'),
            traceCodes: await count('trace_codes'),
            firstDay: range[0] === null ? null : Number(range[0]),
            lastDay: range[1] === null ? null : Number(range[1]),
            institutions: Number(range[2]),
            loads: loads.map(r => ({
                batch: Number(r[0]), file: String(r[1]), read: Number(r[2]), loaded: Number(r[3]), duplicates: Number(r[4]), rejected: Number(r[5]),
                claims: Number(r[6]), lines: Number(r[7]), ms: Number(r[8])
            }))
        };
    }

    /** 导出各表为 Parquet（一个文件夹，一表一个文件）。 */
    async exportParquet(dir: string): Promise<void> {
        for (const t of TABLES) await this.connection.run(`COPY ${t.name} TO '${sqlPath(dir)}/${t.name}.parquet' (FORMAT parquet)`);
    }

    /** 从 exportParquet 导出的文件夹追加（同一请求不重复）。 */
    async importParquet(dir: string): Promise<number> {
        const src = (name: string) => `read_parquet('${sqlPath(dir)}/${name}.parquet')`;
        await this.connection.run(`CREATE OR REPLACE TEMP TABLE incoming AS SELECT request_key FROM ${src('requests')} EXCEPT SELECT request_key FROM requests`);
        for (const name of STORED) {
            const keyed = name === 'requests' ? 'request_key IN (SELECT request_key FROM incoming)'
                : name === 'claims' ? 'request_key IN (SELECT request_key FROM incoming)'
                    : `split_part(claim_key, ':', 1) IN (SELECT request_key FROM incoming)`;
            await this.connection.run(`INSERT INTO ${name} SELECT * FROM ${src(name)} WHERE ${keyed}`);
        }
        const n = Number((await this.connection.runAndReadAll('SELECT count(*) FROM incoming')).getRows()[0][0]);
        await this.connection.run('DROP TABLE incoming');
        return n;
    }
}


/** 去掉首尾的 ASCII 空白（空格、制表、\r、\n …）。 */
function trimAscii(b: Buffer): Buffer {
    let start = 0;
    let end = b.length;
    while (start < end && (b[start] === 32 || (b[start] >= 9 && b[start] <= 13))) start++;
    while (end > start && (b[end - 1] === 32 || (b[end - 1] >= 9 && b[end - 1] <= 13))) end--;
    return start === 0 && end === b.length ? b : b.subarray(start, end);
}
