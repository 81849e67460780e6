/**
 * 理赔库：一个 DuckDB 数据库文件（或 :memory:）。装载是增量的：新的文件追加；同一请求（内容哈希相同）再装一次跳过，
 * 记为“重复”。坏行（不是 JSON、整个请求无法规范化）报告行号与原因后跳过；每个文件 读取 = 装入 + 重复 + 拒绝。
 *
 * NDJSON 按字节块流式读取，从不把整个文件读进一个字符串；行批量经临时 NDJSON 由 DuckDB 的 read_json 写入（sink.ts）。
 * 一个文件一个事务。
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadLine } from './load-line.js';
import type { LineOutcome } from './load-line.js';
import { LoadPool, PER_WORKER } from './load-pool.js';
import { requestKey } from './rows.js';
import { createStatements, SCHEMA_VERSION, table, TABLES } from './schema.js';
import type { StoredTable } from './schema.js';
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
    /**
     * 解析与规范化的工作线程数（1 = 都在主线程上）。结果与线程数无关：库里的行、计数、坏行报告的次序都相同。
     * 省略时为 CPU 核数，但小于 4 MB 的文件在主线程上装（线程启动比装完还久）；给了就照给的数。
     */
    workers?: number;
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

const STORED: readonly StoredTable[] = ['requests', 'claims', 'encounters', 'lines', 'diagnoses', 'operations', 'trace_codes'];

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
        const workers = options.workers ?? availableParallelism();
        if (!Number.isInteger(workers) || workers < 1) throw new Error(`装载的线程数要是正整数，收到 ${workers}`);
        let pool: LoadPool | undefined;
        try {
            for (const file of files) {
                batch++;
                const report = await this.loadFile(file, batch, known, options, error => {
                    if (result.errors.length < maxErrors) result.errors.push(error);
                    else result.moreErrors++;
                }, size => (workers > 1 && (options.workers !== undefined || size >= PARALLEL_MIN_BYTES) ? (pool ??= new LoadPool(workers)) : undefined));
                result.files.push(report);
            }
        } finally {
            await pool?.close();
        }
        return result;
    }

    private async loadFile(file: string, batch: number, known: Set<string>, options: LoadOptions, reportError: (e: LoadError) => void,
        pool: (bytes: number) => LoadPool | undefined): Promise<FileLoadReport> {
        const started = performance.now();
        let totalBytes: number;
        try {
            totalBytes = statSync(file).size;
        } catch {
            throw new Error(`读不到理赔文件「${file}」`);
        }
        const report: FileLoadReport = { file, batch, read: 0, loaded: 0, duplicates: 0, rejected: 0, claims: 0, lines: 0, patientErrors: 0, ms: 0 };
        let bytes = 0;
        // requests.file 记绝对路径：--explain 按它与行号取回原文
        const source = resolve(file);
        // 一个文件一个事务：中途失败（磁盘满、进程被杀）时库里没有这个文件的半截
        const tmp = mkdtempSync(join(tmpdir(), 'zhishen-load-'));
        await this.connection.run('BEGIN TRANSACTION');
        const sink = new TableSink(this.connection, STORED.map(table), tmp, options.batchBytes);
        let settled = 0;
        // 按输入次序处理每一行的结果：重复的判断（同一文件里后出现的同一请求）、报告与计数都在这里，与线程数无关
        const settle = async (lineNo: number, key: string, outcome: LineOutcome | typeof DUPLICATE): Promise<void> => {
            settled++;
            if (options.onProgress && settled % 500 === 0) options.onProgress({ file, bytes, totalBytes, read: settled });
            if (outcome === DUPLICATE || known.has(key)) {
                report.duplicates++;
                return;
            }
            if (outcome.kind === 'rejected') {
                report.rejected++;
                const e = outcome.error;
                reportError({ file, line: lineNo, code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}) });
                return;
            }
            for (const e of outcome.patientErrors) {
                report.patientErrors++;
                reportError({ file, line: lineNo, code: e.code, message: `该请求的一个患者未装入：${e.message}`, path: e.path });
            }
            known.add(key);
            report.loaded++;
            report.claims += outcome.claims;
            report.lines += outcome.lines;
            await sink.add(outcome.text);
        };
        const workers = pool(totalBytes);
        const chunks = workers ? new ChunkQueue(workers, { file: source, batch }, settle) : undefined;
        try {
            for await (const { line: lineNo, bytes: raw } of requestSource(file, b => { bytes = b; })) {
                report.read++;
                const bytesTrimmed = trimAscii(raw);
                let decided: LineOutcome | typeof DUPLICATE | undefined;
                let key = '';
                if (bytesTrimmed.length === 0) {
                    decided = { kind: 'rejected', error: { code: 'ZR0000', message: isParquet(file) ? '空值（这一行的请求 JSON 为 NULL 或空串）' : '空行', path: '' } };
                } else {
                    key = requestKey(bytesTrimmed);
                    // 已在库里（或本文件前面已装入）的不解析
                    if (known.has(key)) decided = DUPLICATE;
                }
                if (chunks) await chunks.add(lineNo, key, decided ?? bytesTrimmed);
                else await settle(lineNo, key, decided ?? loadLine(bytesTrimmed, key, { file: source, line: lineNo, batch }));
            }
            await chunks?.finish();
            await sink.finish();
            report.ms = Math.round(performance.now() - started);
            await this.connection.run('INSERT INTO loads VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
                batch, file, report.read, report.loaded, report.duplicates, report.rejected, report.claims, report.lines, report.ms
            ]);
            await this.connection.run('COMMIT');
        } catch (error) {
            await chunks?.abandon();
            await sink.settle();
            await this.connection.run('ROLLBACK');
            throw error;
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
        options.onProgress?.({ file, bytes: totalBytes, totalBytes, read: report.read });
        return report;
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

/** 已在库里的请求：不解析，记为重复 */
const DUPLICATE: unique symbol = Symbol('重复');

/** 没有指定线程数时，比这小的文件不开线程（线程启动、加载运行时约 0.1 秒，比单线程装完还久） */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
/** 每块至多这么多字节 / 行 */
const CHUNK_BYTES = 1024 * 1024;
const CHUNK_LINES = 256;

interface ChunkEntry {
    line: number;
    key: string;
    /** 读行时已定的（空行、重复）；没有的由线程算 */
    decided?: LineOutcome | typeof DUPLICATE;
}

/**
 * 主线程一侧：行攒成块交给线程池，结果按块的提交次序、块内按行的次序交给 settle。空行与重复也排在块里自己的位置上，
 * 所以报告的次序与单线程相同。在途的块至多 线程数 × PER_WORKER 个（内存有界）。
 */
class ChunkQueue {
    private entries: ChunkEntry[] = [];
    private data = new Uint8Array(CHUNK_BYTES);
    private size = 0;
    private offsets: number[] = [0];
    private keys: string[] = [];
    private lines: number[] = [];
    private queue: Array<{ entries: ChunkEntry[]; outcomes?: Promise<LineOutcome[]> }> = [];

    constructor(private readonly pool: LoadPool, private readonly where: { file: string; batch: number },
        private readonly settle: (line: number, key: string, outcome: LineOutcome | typeof DUPLICATE) => Promise<void>) {}

    /** 一行：要算的（字节，调用返回后可以失效：这里复制）或已定的结果。 */
    async add(line: number, key: string, value: Uint8Array | LineOutcome | typeof DUPLICATE): Promise<void> {
        if (value instanceof Uint8Array) {
            if (this.size + value.length > this.data.length) {
                const grown = new Uint8Array(Math.max(this.data.length * 2, this.size + value.length));
                grown.set(this.data.subarray(0, this.size));
                this.data = grown;
            }
            this.data.set(value, this.size);
            this.size += value.length;
            this.offsets.push(this.size);
            this.keys.push(key);
            this.lines.push(line);
            this.entries.push({ line, key });
        } else {
            this.entries.push({ line, key, decided: value });
        }
        if (this.size >= CHUNK_BYTES || this.keys.length >= CHUNK_LINES || this.entries.length >= 16 * CHUNK_LINES) await this.dispatch();
    }

    private async dispatch(): Promise<void> {
        if (this.entries.length === 0) return;
        const chunk: { entries: ChunkEntry[]; outcomes?: Promise<LineOutcome[]> } = { entries: this.entries };
        if (this.keys.length > 0) {
            // 只转移用到的部分：块满时 data 多半正好用完，不满（最后一块）时复制一次
            const data = this.size === this.data.length ? this.data.buffer : this.data.slice(0, this.size).buffer;
            chunk.outcomes = this.pool.submit({ ...this.where, data, offsets: this.offsets, keys: this.keys, lines: this.lines });
            this.data = new Uint8Array(CHUNK_BYTES);
        }
        this.entries = [];
        this.size = 0;
        this.offsets = [0];
        this.keys = [];
        this.lines = [];
        this.queue.push(chunk);
        while (this.queue.length > this.pool.size * PER_WORKER) await this.settleOldest();
    }

    private async settleOldest(): Promise<void> {
        const chunk = this.queue.shift()!;
        const outcomes = chunk.outcomes ? await chunk.outcomes : [];
        let k = 0;
        for (const e of chunk.entries) await this.settle(e.line, e.key, e.decided ?? outcomes[k++]);
    }

    /** 交出最后一块并等全部结果。 */
    async finish(): Promise<void> {
        await this.dispatch();
        while (this.queue.length > 0) await this.settleOldest();
    }

    /** 出错时丢下在途的块（它们的结果不再要）。 */
    abandon(): void {
        this.queue = [];
        this.entries = [];
    }
}
