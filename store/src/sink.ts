/**
 * 装载的两半：按字节块读 NDJSON 的行（从不把整个文件读进一个字符串），与把规范化后的行批量写进 DuckDB 的表。
 *
 * 写入不逐个值调用 appender（一张 20 行明细的理赔约 1,300 个值，每个值一次 N-API 调用，占装载时间的六成）：
 * 每张表的行先写成 CSV（rows.ts 直接拼出每行的文本），攒到约 BATCH_BYTES 时写到临时文件，
 * 由 DuckDB 用 read_csv（列与类型给定，不做推断；列表列是 JSON 文本，from_json 还原）INSERT ... SELECT 读入——解析在 DuckDB 自己的线程里，
 * 与 JS 规范化下一批并行（同一时刻至多一批在途，内存有界）。
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreTable, TableSpec } from './schema.js';

export interface RawLine {
    /** 行号（1 起） */
    line: number;
    /** 行的字节（不含换行；行尾的 \r 去掉；文件开头的 UTF-8 BOM 去掉）。只在下一次迭代前有效。 */
    bytes: Buffer;
}

const READ_SIZE = 4 * 1024 * 1024;

/** 按 4 MB 的块读文件、在 \n 处断行；onBytes 报告已读字节数（进度）。 */
export async function* fileLines(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawLine> {
    const handle = await open(path, 'r');
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    let carry: Buffer = Buffer.alloc(0);
    let line = 0;
    let total = 0;
    const trimCr = (b: Buffer) => (b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b);
    const bom = (b: Buffer) => (line === 1 && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);
    try {
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, null);
            if (bytesRead === 0) break;
            total += bytesRead;
            onBytes?.(total);
            const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
            let start = 0;
            for (;;) {
                const nl = data.indexOf(10, start);
                if (nl < 0) break;
                line++;
                yield { line, bytes: bom(trimCr(data.subarray(start, nl))) };
                start = nl + 1;
            }
            // 不完整的最后一行要复制出来：buffer 下一次读会被覆盖
            carry = Buffer.from(data.subarray(start));
        }
        if (carry.length > 0) {
            line++;
            yield { line, bytes: bom(trimCr(carry)) };
        }
    } finally {
        await handle.close();
    }
}

/**
 * Parquet 的理赔：一行一个请求（行号 = 文件中的行序号，1 起）。两种形状，按列自动判断：
 *   - 只有一列、类型是 VARCHAR / JSON：每个值是一个请求的 JSON 文本（3101 input.data）——平台保存原始报文体时的导出；
 *   - 否则各列就是 input.data 的顶层字段（syscode、task_id、trig_scen、patient_dtos 为 LIST<STRUCT<…>> …）——Spark / Hive
 *     按 3101 结构导出的嵌套表；每行由 DuckDB 的 to_json 还原成 JSON 文本（缺失的字段为 null，与不写相同）。
 * 用单独的内存 DuckDB 实例流式读（每次一块），不占理赔库的连接，内存只有一块。空值（JSON 列为 NULL）产出空行，由调用方按坏行报告。
 */
export async function* parquetLines(path: string): AsyncGenerator<RawLine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        const file = `'${sqlPath(path)}'`;
        let columns: Array<[string, string]>;
        try {
            columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${file})`)).getRows().map(r => [String(r[0]), String(r[1])]);
        } catch (error) {
            throw new Error(`「${path}」不是可读的 Parquet 文件：${(error as Error).message.split('\n')[0]}`);
        }
        // 列名是文件里的数据：标识符双引号加倍、结构体的键单引号加倍
        const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
        const jsonColumn = columns.length === 1 && /^(VARCHAR|JSON)$/i.test(columns[0][1]);
        const value = jsonColumn ? `${ident(columns[0][0])}::VARCHAR`
            : `to_json({${columns.map(([name]) => `'${name.replace(/'/g, "''")}': ${ident(name)}`).join(', ')}})::VARCHAR`;
        // 不排序（排序要把整个文件读进内存）：DuckDB 默认保持读入次序，行号来自 file_row_number
        const result = await connection.stream(`SELECT file_row_number + 1, ${value} FROM read_parquet(${file}, file_row_number = true)`);
        for (;;) {
            const chunk = await result.fetchChunk();
            if (!chunk || chunk.rowCount === 0) break;
            const rows = chunk.getRows();
            for (const [line, text] of rows) yield { line: Number(line), bytes: text === null ? Buffer.alloc(0) : Buffer.from(String(text), 'utf8') };
        }
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

/** 理赔文件的行：.parquet 按 Parquet 读（parquetLines），其余按 NDJSON（fileLines）。 */
export function requestSource(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<RawLine> {
    return isParquet(path) ? parquetLines(path) : fileLines(path, onBytes);
}

export function isParquet(path: string): boolean {
    return /\.parquet$/i.test(path);
}

/** 攒多少字节的 NDJSON 写一次（全部表合计）。 */
const BATCH_BYTES = 16 * 1024 * 1024;

/** 每张表攒多少字符写一次临时文件：字符串在新生代里就死掉，不被提升到老生代（整批留在内存时垃圾回收占装载时间的三成） */
const WRITE_CHARS = 256 * 1024;

interface OpenFile {
    table: TableSpec;
    file: string;
    fd: number;
    parts: string[];
    chars: number;
}

export class TableSink {
    private readonly open = new Map<StoreTable, OpenFile>();
    private bytes = 0;
    private pending: Promise<void> = Promise.resolve();
    private serial = 0;

    constructor(private readonly connection: DuckDBConnection, private readonly tables: readonly TableSpec[], private readonly dir: string,
        private readonly batchBytes = BATCH_BYTES) {}

    /** 加入一个请求的行（每张表一段 CSV，每行以 \n 结尾；写进这一批的临时文件）；攒够一批时开始写入表（不等它写完，除非上一批还在途）。 */
    async add(rows: Partial<Record<StoreTable, string>>): Promise<void> {
        for (const [name, text] of Object.entries(rows) as Array<[StoreTable, string]>) {
            if (text.length === 0) continue;
            const out = this.fileFor(name);
            out.parts.push(text);
            out.chars += text.length;
            this.bytes += text.length;
            if (out.chars >= WRITE_CHARS) drain(out);
        }
        if (this.bytes >= this.batchBytes) await this.flush();
    }

    private fileFor(name: StoreTable): OpenFile {
        let out = this.open.get(name);
        if (!out) {
            const file = join(this.dir, `${name}-${this.serial}.csv`);
            this.open.set(name, out = { table: this.tables.find(t => t.name === name)!, file, fd: openSync(file, 'w'), parts: [], chars: 0 });
        }
        return out;
    }

    /** 把这一批交给 DuckDB；等上一批写完再开始这一批，返回时这一批在途。 */
    async flush(): Promise<void> {
        await this.pending;
        if (this.open.size === 0) return;
        const files = this.tables.map(t => this.open.get(t.name)).filter((f): f is OpenFile => f !== undefined);
        for (const out of files) {
            drain(out);
            closeSync(out.fd);
        }
        this.open.clear();
        this.serial++;
        this.bytes = 0;
        this.pending = (async () => {
            for (const { table, file } of files) {
                await this.connection.run(insertFromCsv(table, file));
                await rm(file, { force: true });
            }
        })();
        // 先挂上处理，免得在下一次 await 之前它失败成“未处理的拒绝”
        this.pending.catch(() => undefined);
    }

    /** 等在途的一批结束（成功与否都行）：出错回滚之前，连接上不能还有语句在跑。 */
    async settle(): Promise<void> {
        for (const out of this.open.values()) closeSync(out.fd);
        this.open.clear();
        await this.pending.catch(() => undefined);
    }

    /** 写完全部（等最后一批）。 */
    async finish(): Promise<void> {
        await this.flush();
        await this.pending;
    }
}

function drain(out: OpenFile): void {
    if (out.parts.length === 0) return;
    writeSync(out.fd, out.parts.join(''));
    out.parts = [];
    out.chars = 0;
}

/** 路径进 SQL 字符串字面量：单引号加倍（read_json / COPY 的文件名不能是绑定参数）。 */
export function sqlPath(path: string): string {
    return path.replace(/'/g, "''");
}

function insertFromCsv(table: TableSpec, file: string): string {
    const columns = table.columns.map(c => `'${c.name}': '${c.type === 'VARCHAR[]' ? 'VARCHAR' : c.type}'`).join(', ');
    const names = table.columns.map(c => `"${c.name}"`).join(', ');
    const values = table.columns.map(c => (c.type === 'VARCHAR[]' ? `from_json("${c.name}", '["VARCHAR"]')` : `"${c.name}"`)).join(', ');
    return `INSERT INTO ${table.name} (${names}) SELECT ${values} FROM read_csv('${sqlPath(file)}', columns = {${columns}}, header = false, delim = ',', `
        + `quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, auto_detect = false, max_line_size = 268435456)`;
}
