/**
 * zhishen screen：事后全量筛查。把一批 NDJSON 的 3101 入参（一行一个 input.data，可多个文件）逐行流式载入内存中的筛查集合，
 * 再对整个集合运行规则包：逐张理赔的规则（含跨理赔规则：追溯码重复、分解住院、住院期间门诊 …）与统计组规则（机构 / 医师 /
 * 患者级、同级比较）。每条结果一行：3101 result[] 元素 + task_id（统计组结果另有 medins_id / dr_codg 与 population）。
 * 坏行报告行号并跳过；汇总（中文）写到标准错误：读取行数 = 载入 + 坏行，理赔数 = 载入 + 拒绝（按原因）。
 * 引擎：js（运行时的筛查，engine/screening.ts）；DuckDB 引擎由 SQL 后端提供。
 */
import { EXIT_OUTPUT_FAILED } from '../output-errors.js';
import { closeSync, createReadStream, openSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PassThrough } from 'node:stream';
import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import type { DeploymentConfig, RulePack } from '@zhishen/runtime';
import type { IrPack } from '@zhishen/compiler';
import { createScreening, screeningPeriod } from '@zhishen/runtime';
import type { Screening, ScreeningPeriod } from '@zhishen/runtime';
import type { SparkRuntime } from '@zhishen/store';
import { positiveInt } from '../errors.js';
import { projectConfigFor, UserError } from '../project.js';
import { packFromOptions, readConfig } from '../packs.js';
import { textLines } from '../text-lines.js';
import { Output, OutputClosed, OutputFailed } from './run-output.js';
import { chunksOf, textAt } from './run-lines.js';
import type { Chunk } from './run-lines.js';
import { PoolFailed, WorkerPool } from './run-pool.js';
import { deltaOf, findingLine, findingsText, loadLine, ScreenTotals } from './screen-lines.js';
import type { ScreenDone, ScreenWorkerInput } from './screen-worker.js';

export interface ScreenOptions {
    pack?: string;
    rules?: string[];
    kb?: string[];
    claims: string[];
    from?: string;
    to?: string;
    engine?: 'js' | 'duckdb' | 'spark';
    /** duckdb / spark 引擎的理赔库文件 */
    store?: string;
    /** spark 引擎的 master（默认 local[2]） */
    master?: string;
    config?: string;
    explain?: boolean;
    output?: string;
    progress?: boolean;
    /** duckdb / spark 引擎装载时解析与规范化的线程数（默认 CPU 核数） */
    workers?: string;
}

export async function screenCommand(options: ScreenOptions): Promise<number> {
    const started = performance.now();
    if (options.engine && !['js', 'duckdb', 'spark'].includes(options.engine)) throw new UserError(`引擎「${options.engine}」不可用：可选 js、duckdb、spark`);
    if (options.master && options.engine !== 'spark') throw new UserError('--master 只用于 --engine spark');
    if (options.workers !== undefined) positiveInt(options.workers, '--workers', 1);
    if (options.engine === 'duckdb' || options.engine === 'spark') {
        const e = options.engine;
        if (options.pack) throw new UserError(`${e} 引擎要从规则源码生成 SQL：请用 --rules 路径… --kb 目录（规则包里没有 IR）`);
        // Spark 读的是理赔库导出的全部理赔：期间与解释还只在 duckdb 与 js 引擎上
        if (e === 'spark' && (options.from || options.to)) throw new UserError('spark 引擎还不支持 --from / --to：先按期间拆分文件装载，或用 --engine duckdb');
        if (e === 'spark' && options.explain) throw new UserError('spark 引擎还不支持 --explain：用 --engine duckdb 或 js 查看各条件看到的值');
    }
    // 缺 Spark 或 Java 时先报（不必等编译与装载）
    const spark = options.engine === 'spark' ? (await import('./screen-spark.js')).sparkRuntime() : undefined;
    for (const file of options.claims) {
        try {
            statSync(file);
        } catch {
            throw new UserError(`读不到理赔文件「${file}」`);
        }
    }
    const project = projectConfigFor(options.rules ?? (options.pack ? [options.pack] : []));
    const loaded = await packFromOptions(options, project);
    if (!loaded) return 1;
    const pack = loaded.pack;
    const ir: IrPack | undefined = loaded.compiled && (loaded.compiled.output.ir ?? loaded.compiled.session.ir().ir);
    const { config } = readConfig(options.config ?? project?.config, pack);
    const compiledAt = performance.now();
    if (options.engine === 'duckdb' || options.engine === 'spark') return screenOnDuckDb(options, pack, config, ir!, started, compiledAt, spark);
    let screening;
    try {
        screening = createScreening(pack, { config, explain: options.explain, from: options.from, to: options.to });
    } catch (error) {
        throw new UserError((error as Error).message);
    }
    const interactive = (options.progress ?? true) && process.stderr.isTTY;
    const progress = new Progress(interactive);
    // 逐张求值时按块分给工作线程（默认每个 CPU 核一个；输入合计小于 4 MB 时在主线程上——线程启动、各自加载规则包比筛查完还久）；
    // 有规则读筛查集合时整个集合要在一个线程的内存里
    const inputBytes = options.claims.reduce((sum, f) => sum + statSync(f).size, 0);
    const workers = options.workers !== undefined ? positiveInt(options.workers, '--workers', 1)
        : screening.streaming && inputBytes >= PARALLEL_MIN_BYTES ? availableParallelism() : 1;
    const totals = new ScreenTotals();
    const notes: string[] = [];
    if (screening.streaming && workers > 1) {
        const source: ScreenWorkerInput['pack'] = loaded.compiled ? { factory: loaded.compiled.output.result!.code } : { file: options.pack! };
        const input = { pack: source, config, explain: options.explain, from: options.from, to: options.to };
        const exit = await screenInWorkers(options, screening, totals, { workers, input, progress, totalBytes: inputBytes });
        if (exit !== undefined) return exit;
        const doneAt = performance.now();
        notes.push(pc.dim(`逐张求值：要运行的规则都不读筛查集合，理赔载入时就求值，内存里不留理赔；${workers} 个工作线程`));
        const timing = `用时 ${seconds(doneAt - started)} 秒（${options.pack ? '加载规则包' : '编译规则'} ${seconds(compiledAt - started)} 秒，载入并筛查 ${seconds(doneAt - compiledAt)} 秒）`;
        printTotals(totals, { notes, timing, output: options.output });
        return 0;
    }

    // 输出：每条结果一行。读的一方关闭管道（| head）时安静地结束；写不进去（磁盘满）时中文信息、退出码 74、不留半行（同 zhishen run）
    let loadedAt = 0;
    let screenedAt = 0;
    const written = await withOutput(options.output, async out => {
        const batch = new Batch(out);
        // 1. 载入：逐行流式读，不把文件读成一个字符串；逐张求值时每一行的结果随即写出，内存里不留
        let bytesDone = 0;
        progress.start('载入', inputBytes);
        for (const file of options.claims) {
            let fileBytes = 0;
            const parquet = isParquet(file);
            for await (const { lineNumber, text } of claimLines(file, n => { fileBytes += n; })) {
                const line = loadLine(screening, text, lineNumber, parquet);
                if (!line) continue;
                totals.line(file, lineNumber, line);
                if (screening.streaming) {
                    const taken = screening.take();
                    totals.merge(deltaOf(taken));
                    await batch.add(taken.result.findings);
                }
                if (lineNumber % 500 === 0) progress.update(bytesDone + fileBytes, `${totals.linesRead} 行`);
            }
            bytesDone += statSync(file).size;
        }
        progress.stop(`载入 ${totals.linesRead} 行`);
        loadedAt = performance.now();

        // 2. 筛查（逐张求值时已在载入时求值）
        if (!screening.streaming) {
            const summary = screening.summary;
            progress.start('筛查', Math.max(1, summary.requests));
            const result = screening.run((done, total) => {
                if (done % 200 === 0 || done === total) progress.update(done, `${done}/${total} 个请求`);
            });
            progress.stop(`筛查 ${summary.loaded} 张理赔`);
            totals.merge({ summary, byRule: result.byRule, findings: result.findings.length, errors: result.errors });
            await batch.add(result.findings);
        }
        screenedAt = performance.now();
        await batch.flush();
    });
    if ('exit' in written) {
        progress.abort();
        return written.exit;
    }

    // 4. 汇总
    if (workers > 1) notes.push(pc.yellow(`有规则读筛查集合（跨理赔或统计组）：整个集合在一个线程里载入与求值，--workers ${workers} 不起作用；大批量请用 --engine duckdb`));
    notes.push(pc.dim(screening.streaming ? '逐张求值：要运行的规则都不读筛查集合，理赔载入时就求值，内存里不留理赔'
        : `筛查集合在内存中：${totals.summary.loaded} 张理赔（规范化后的本次与历史就诊、明细）——有规则读 全体就诊 / 全体明细 或按统计组求值`));
    const timing = `用时 ${seconds(screenedAt - started)} 秒（${options.pack ? '加载规则包' : '编译规则'} ${seconds(compiledAt - started)} 秒，载入 ${seconds(loadedAt - compiledAt)} 秒，筛查 ${seconds(screenedAt - loadedAt)} 秒）`;
    printTotals(totals, { notes, timing, output: options.output });
    return 0;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** 汇总（中文，标准错误）：读取行数 = 请求 + 坏行，理赔数 = 载入 + 拒绝（按原因），说明（notes）、各规则的结果数与金额、用时。 */
function printTotals(totals: ScreenTotals, { notes, timing, output }: { notes: string[]; timing: string; output?: string }): void {
    const { summary, parseErrors } = totals;
    const lines: string[] = [];
    lines.push(pc.bold(`读取 ${totals.linesRead} 行：请求 ${summary.requests}，不是 JSON 的坏行 ${parseErrors}`));
    lines.push(pc.bold(`理赔 ${summary.claims + parseErrors} 张：载入 ${summary.loaded}，拒绝 ${summary.rejected + parseErrors}`));
    const reasons: Record<string, number> = { ...summary.reasons };
    if (parseErrors > 0) reasons['不是有效的 JSON'] = parseErrors;
    for (const [reason, count] of Object.entries(reasons).sort((a, b) => b[1] - a[1])) lines.push(pc.dim(`  拒绝：${reason} ${count} 张`));
    for (const b of totals.bad) lines.push(pc.yellow(`  ${b.file}:${b.line}：${b.reason}`));
    if (totals.badCount > totals.bad.length) lines.push(pc.dim(`  …… 另有 ${totals.badCount - totals.bad.length} 个坏行`));
    if (totals.firstError) lines.push(pc.yellow(`求值出错 ${totals.errorCount} 张：${totals.firstError.message}`));
    lines.push(...notes);
    const total = Object.values(totals.byRule).reduce((s, r) => s + Math.round(r.amount * 100), 0);
    lines.push(`筛查结果 ${totals.findings} 条，违规金额合计 ${(total / 100).toFixed(2)} 元`);
    for (const [id, r] of Object.entries(totals.byRule).sort((a, b) => b[1].count - a[1].count)) {
        lines.push(pc.dim(`  ${id} ${r.name}：${r.count} 条，${r.amount.toFixed(2)} 元`));
    }
    lines.push(pc.dim(timing));
    if (output && output !== '-') lines.push(pc.dim(`结果写入 ${output}`));
    process.stderr.write(lines.join('\n') + '\n');
}

/** 省略 --workers 时，输入合计不小于它才分线程（同理赔库装载） */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
/** 每块约 1 MB 或 256 个 Parquet 请求 */
const CHUNK_BYTES = 1 << 20;
const PARQUET_ROWS = 256;

function isParquet(file: string): boolean {
    return file.toLowerCase().endsWith('.parquet');
}

/**
 * 逐张求值、分线程（返回 undefined = 筛查完成；输出失败时的退出码）：每个文件按 \n 切成约 1 MB 的块（Parquet 按批），交给线程池载入、求值；主线程按输入顺序取回，
 * 用 Screening.claim 查重（跨块的重复就诊号）：没有重复时工作线程的结果就是单线程的结果，直接写出；有重复的一行
 * 由主线程重新载入（add 拒掉重复的理赔、求值其余）。在途的块最多 2 × 线程数 + 2 块，内存不随输入增长。
 */
async function screenInWorkers(options: ScreenOptions, screening: Screening, totals: ScreenTotals,
    setup: { workers: number; input: Omit<ScreenWorkerInput, 'status'>; progress: Progress; totalBytes: number }): Promise<number | undefined> {
    const pool = new WorkerPool<ScreenDone, Omit<ScreenWorkerInput, 'status'>>({ size: setup.workers, url: screenWorkerUrl(), budget: 0, input: setup.input });
    const { progress } = setup;
    progress.start('筛查', setup.totalBytes);
    const window = 2 * setup.workers + 2;
    const pending: Array<{ done: Promise<ScreenDone>; chunk: Chunk; file: string; parquet: boolean; bytes: number }> = [];
    let bytesDone = 0;
    let seq = 0;
    const flush = async (out: Output) => {
        const { done: promise, chunk, file, parquet, bytes } = pending.shift()!;
        const done = await promise;
        const parts: Uint8Array[] = [];
        let from = 0;
        let previousEnd = 0;
        for (const l of done.lines) {
            const lineNumber = chunk.lineNumbers ? chunk.lineNumbers[l.index] : chunk.firstLine + l.index;
            if (l.line.kept.length === 0 || screening.claim(l.line.kept)) {
                totals.line(file, lineNumber, l.line);
                totals.merge(l.delta);
            } else {
                // 前面的块里已有这一行的某个就诊号：主线程重新载入这一行，得到单线程时的结果
                parts.push(done.text.subarray(from, previousEnd));
                const line = loadLine(screening, chunkLine(chunk, l.index), lineNumber, parquet)!;
                const taken = screening.take();
                totals.line(file, lineNumber, line);
                totals.merge(deltaOf(taken));
                parts.push(Buffer.from(findingsText(taken.result.findings)));
                from = l.end;
            }
            previousEnd = l.end;
        }
        parts.push(done.text.subarray(from));
        const text = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        if (text.length > 0) await out.write(text);
        bytesDone += bytes;
        progress.update(bytesDone, `${totals.linesRead} 行`);
    };
    let written;
    try {
        written = await withOutput(options.output, async out => {
            for (const file of options.claims) {
                const parquet = isParquet(file);
                const chunks = parquet ? parquetChunks(file) : chunksOf(createReadStream(file, { highWaterMark: CHUNK_BYTES }), CHUNK_BYTES);
                for await (const piece of chunks) {
                    const chunk = { ...piece, seq: seq++ };
                    const done = pool.run(chunk);
                    done.catch(() => { /* 由 flush 按顺序报告 */ });
                    pending.push({ done, chunk, file, parquet, bytes: parquet ? 0 : chunk.bytes.length });
                    if (pending.length >= window) await flush(out);
                }
                while (pending.length > 0) await flush(out);
                if (parquet) bytesDone += statSync(file).size;
            }
        });
    } catch (error) {
        if (error instanceof PoolFailed) throw new UserError(`筛查线程：${error.message}`);
        throw error;
    } finally {
        await pool.close();
    }
    if ('exit' in written) {
        progress.abort();
        return written.exit;
    }
    progress.stop(`筛查 ${totals.summary.loaded} 张理赔`);
    return undefined;
}

/** 块里第 index 行的文本（主线程重新载入一行时；与工作线程同样解码）。 */
function chunkLine(chunk: Chunk, index: number): string {
    return chunk.texts ? chunk.texts[index] : textAt(chunk.bytes, chunk.firstLine, index);
}

/** Parquet 文件的请求按批成块（一行一个请求，行号即 Parquet 的行号）。 */
async function* parquetChunks(file: string): AsyncGenerator<Chunk> {
    let texts: string[] = [];
    let lineNumbers: number[] = [];
    let size = 0;
    const cut = (): Chunk => {
        const chunk = { seq: 0, bytes: new Uint8Array(0), firstLine: lineNumbers[0], lines: texts.length, texts, lineNumbers };
        texts = [];
        lineNumbers = [];
        size = 0;
        return chunk;
    };
    for await (const { lineNumber, text } of claimLines(file, () => undefined)) {
        texts.push(text);
        lineNumbers.push(lineNumber);
        size += text.length;
        if (texts.length >= PARQUET_ROWS || size >= CHUNK_BYTES) yield cut();
    }
    if (texts.length > 0) yield cut();
}

/** 工作线程的模块：打包后与本模块同在 dist/bundle（.mjs），否则在 dist/commands。 */
function screenWorkerUrl(): URL {
    return new URL(import.meta.url.endsWith('.mjs') ? './screen-worker.mjs' : './screen-worker.js', import.meta.url);
}

function periodOf(options: ScreenOptions): ScreeningPeriod {
    try {
        return screeningPeriod(options);
    } catch (error) {
        throw new UserError((error as Error).message);
    }
}

/** 理赔文件的行：NDJSON 逐行（行号含空行）；.parquet 一行一个请求（@zhishen/store 的 requestSource，按需加载 DuckDB）。 */
async function* claimLines(file: string, onBytes: (n: number) => void): AsyncGenerator<{ lineNumber: number; text: string }> {
    if (file.toLowerCase().endsWith('.parquet')) {
        const { requestSource } = await import('@zhishen/store');
        try {
            for await (const { line, bytes } of requestSource(file)) yield { lineNumber: line, text: bytes.toString('utf8') };
        } catch (error) {
            throw new UserError((error as Error).message);
        }
        return;
    }
    // 只认 \n 断行（行内单独的 \r 不是换行），与 zhishen run、理赔库装载相同
    yield* textLines(file, onBytes);
}

/** 写输出时失败的退出码（与 zhishen run 相同） */


/** -o 的文件或标准输出。文件与字符设备按 fd 同步写（Output 知道写了多少字节，失败时截掉半行）；管道按流写。 */
function openOutput(output: string | undefined): { out: Output; close(): void } {
    if (output === undefined || output === '-') return { out: new Output(), close: () => undefined };
    let fd: number;
    try {
        fd = openSync(output, 'w');
    } catch {
        throw new UserError(`打不开输出文件「${output}」：请检查目录是否存在、是否有写权限`);
    }
    return { out: new Output(new PassThrough(), fd), close: () => closeSync(fd) };
}

/** 写输出时的失败 → 退出码：读的一方关闭管道是 0（安静地结束），写不进去是 74（中文信息）；其他错误返回 undefined（照常抛出）。 */
function outputFailure(error: unknown): number | undefined {
    if (error instanceof OutputClosed) return 0;
    if (error instanceof OutputFailed) {
        process.stderr.write(`${pc.red('错误')}：${error.message}\n`);
        return EXIT_OUTPUT_FAILED;
    }
    return undefined;
}

/**
 * 打开输出（文件或标准输出）、运行 body、关闭。写输出时的失败变成退出码（读的一方关闭管道 0，安静地结束；写不进去 74，
 * 中文信息，不留半行），两个引擎共用；其他错误照常抛出。
 */
async function withOutput<T>(output: string | undefined, body: (out: Output) => Promise<T>): Promise<{ value: T } | { exit: number }> {
    const sink = openOutput(output);
    try {
        return { value: await body(sink.out) };
    } catch (error) {
        const code = outputFailure(error);
        if (code === undefined) throw error;
        return { exit: code };
    } finally {
        sink.close();
    }
}

/** 结果行成批（约 64 KB）写出。 */
class Batch {
    private text = '';

    constructor(private readonly out: Output) {}

    async add(findings: readonly unknown[]): Promise<void> {
        for (const finding of findings) {
            this.text += findingLine(finding);
            if (this.text.length >= 64 * 1024) await this.flush();
        }
    }

    async flush(): Promise<void> {
        if (!this.text) return;
        const text = this.text;
        this.text = '';
        await this.out.write(text);
    }
}

/** 标准错误上的进度：终端里是进度条，否则每个阶段结束时一行。 */
class Progress {
    private bar: SingleBar | undefined;
    private label = '';

    constructor(private readonly interactive: boolean) {}

    start(label: string, total: number): void {
        this.label = label;
        if (!this.interactive) return;
        this.bar = new SingleBar({ format: `${label} {bar} {percentage}% | {detail} | 已用 {duration_formatted}`, hideCursor: true, stream: process.stderr });
        this.bar.start(total, 0, { detail: '' });
    }

    update(value: number, detail: string): void {
        this.bar?.update(value, { detail });
    }

    /** 输出中断时：停下进度条，不再报告 */
    abort(): void {
        this.bar?.stop();
        this.bar = undefined;
    }

    stop(done: string): void {
        if (this.bar) {
            this.bar.update(this.bar.getTotal(), { detail: done });
            this.bar.stop();
            this.bar = undefined;
        } else {
            process.stderr.write(pc.dim(`${this.label}完成：${done}\n`));
        }
    }
}

/** --engine duckdb：装入 DuckDB 理赔库、以 SQL 运行（screen-duckdb.ts），输出与汇总的形状同 js 引擎。 */
async function screenOnDuckDb(options: ScreenOptions, pack: RulePack, config: DeploymentConfig | undefined, ir: IrPack, started: number, compiledAt: number, spark?: SparkRuntime): Promise<number> {
    const { screenWithDuckDb, checkStorePath } = await import('./screen-duckdb.js');
    checkStorePath(options.store);
    const engine = spark ? (await import('./screen-spark.js')).sparkEngine(spark, {
        master: options.master, packId: pack.manifest.id, rules: pack.rules.length,
        onEvent: e => {
            if (e.event === 'rule' && (options.progress ?? true)) process.stderr.write(pc.dim(`Spark：规则 ${Number(e.index) + 1}/${e.total} ${e.rule} 命中 ${e.hits} 行（${e.ms} 毫秒）\n`));
        }
    }) : undefined;
    // 输出的失败与 js 引擎相同（withOutput）
    let screened;
    try {
        screened = await withOutput(options.output, out => screenWithDuckDb({
            claims: options.claims, store: options.store, ir, pack, config, out: process.stdout, write: (_stream, text) => out.write(text), engine,
            explain: options.explain, period: options.from || options.to ? periodOf(options) : undefined,
            workers: options.workers === undefined ? undefined : positiveInt(options.workers, '--workers', 1),
            progress: (label, done) => process.stderr.write(pc.dim(`${label}完成：${done}\n`))
        }));
    } finally {
        engine?.cleanup();
    }
    if ('exit' in screened) return screened.exit;
    const summary = screened.value;
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    summary.lines.push(pc.dim(`用时 ${seconds(performance.now() - started)} 秒（编译规则 ${seconds(compiledAt - started)} 秒）`));
    if (options.output && options.output !== '-') summary.lines.push(pc.dim(`结果写入 ${options.output}`));
    process.stderr.write(summary.lines.join('\n') + '\n');
    return 0;
}
