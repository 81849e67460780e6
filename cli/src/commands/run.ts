/**
 * zhishen run：用规则包审核理赔。
 *   .json：一个 input.data 对象 → 一个结果；
 *   .ndjson 或 -（标准输入）：每行一个 input.data → 每行一个输出，顺序不变；坏行输出 {"error":{…},"line":n}，批次继续。
 * NDJSON 按字节块分给工作线程池（默认每个 CPU 核一个，--workers N）：只认 \n 为换行，输出按输入顺序成批写出，
 * 在途的块数有上限，内存不随文件大小增长。每条理赔有时间预算（--claim-timeout），超时的一行输出错误行、换一个线程，批次继续。
 * 汇总（读取 / 审核 / 拒绝、各规则结果数、用时）写到标准错误；终端上显示进度条。
 */
import { EXIT_OUTPUT_FAILED } from '../output-errors.js';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import stringWidth from 'string-width';
import type { AuditResponse, EngineOptions, JudgeResult, PackManifest, Phase, RulePack } from '@zhishen/runtime';
import { createEngine, parseClaimText } from '@zhishen/runtime';
import { projectConfigFor, UserError, useHistorySource } from '../project.js';
import { loadHistory } from '../history.js';
import { packFromOptions, readConfig } from '../packs.js';
import { loadPackManifest } from '../pack-file.js';
import { yuan } from '../amounts.js';
import { explain, whyNotText } from '../explain-text.js';
import { positiveInt } from '../errors.js';
import { chunksOf, emptyStats, errorOf, mergeStats, recordOutput } from './run-lines.js';
import type { LineStats } from './run-lines.js';
import { Output, OutputClosed, OutputFailed } from './run-output.js';
import { PoolFailed, WorkerPool } from './run-pool.js';
import type { DoneMessage } from './run-pool.js';
import type { WorkerInput } from './run-worker.js';

export interface RunOptions {
    pack?: string;
    rules?: string[];
    kb?: string[];
    claims: string;
    format?: 'json' | 'ndjson' | 'table';
    config?: string;
    explain?: boolean;
    phase?: Phase;
    progress?: boolean;
    /** NDJSON 的工作线程数（默认 CPU 核数） */
    workers?: string | number;
    /** 每条理赔的时间预算（毫秒，0 = 不限） */
    claimTimeout?: string | number;
    /** 历史来源：已结算理赔的 NDJSON（默认取 zhishen.json 的 历史来源） */
    history?: string[];
    /** 为什么没有触发：规则编号[:对象]（明细号、就诊号、诊断 / 手术编码、分组键） */
    whyNot?: string;
    /** 与 --why-not 一起：只看这个知识点（kp_id 或名称） */
    kp?: string;
}

/** 每条理赔默认的时间预算：正常的理赔（含上万条明细）远在此内，回溯失控的正则或平方级的规则会超出。 */
export const DEFAULT_CLAIM_TIMEOUT_MS = 10_000;
/** 每块约 1 MB（数十条理赔）：消息开销可以忽略，超时重审的代价也小 */
const CHUNK_BYTES = 1 << 20;
/** 退出码：输出写不进去（EX_IOERR） */


export async function runCommand(options: RunOptions): Promise<number> {
    const workers = positiveInt(options.workers ?? availableParallelism(), '--workers', 1);
    const budget = positiveInt(options.claimTimeout ?? DEFAULT_CLAIM_TIMEOUT_MS, '--claim-timeout', 0);
    const project = projectConfigFor(options.rules ?? (options.pack ? [options.pack] : []));
    const history = options.history ?? project?.history;
    if (options.history) useHistorySource(options.history);
    for (const file of history ?? []) if (!existsSync(file)) throw new UserError(`读不到历史来源「${file}」${options.history ? '' : `（${project!.file} 的 历史来源）`}`);
    const ndjson = options.claims === '-' || options.claims.endsWith('.ndjson') || options.claims.endsWith('.jsonl');
    // NDJSON 交给工作线程：规则包文件由每个工作线程加载，主线程只读 manifest（规则名、部署配置的校验），不再放一份规则包
    const workersOnly = ndjson && options.pack !== undefined && options.whyNot === undefined;
    const loaded = workersOnly ? { manifest: await loadPackManifest(options.pack!) } : await packFromOptions(options, project);
    if (!loaded) return 1;
    const pack: RulePack | undefined = 'pack' in loaded ? loaded.pack : undefined;
    const manifest = pack?.manifest ?? (loaded as { manifest: PackManifest }).manifest;
    const source: WorkerInput['pack'] = 'compiled' in loaded && loaded.compiled ? { factory: loaded.compiled.output.result!.code } : { file: options.pack! };
    const { config } = readConfig(options.config ?? project?.config, manifest);
    const names = new Map(manifest.rules.map(r => [r.id, r.name]));
    const summary = emptyStats();
    const started = performance.now();
    const format = options.format ?? (ndjson ? 'ndjson' : 'json');
    const out = new Output();
    process.stderr.on('error', () => { /* 标准错误也被关闭时不再报告 */ });

    try {
        if (!ndjson) {
            let input: unknown;
            let text: string;
            try {
                text = readFileSync(options.claims, 'utf8').replace(/^\uFEFF/, ''); // Windows 导出的文件常带 BOM
            } catch {
                throw new UserError(`读不到理赔文件「${options.claims}」`);
            }
            summary.read = 1;
            // 读不出的 JSON 是用法错误；无效的 UTF-8、重复的键不审核（与 NDJSON 的一行同一个错误，parseClaimText）
            const read = parseClaimText(text);
            if (!read.ok && read.syntax) throw new UserError(`「${options.claims}」${read.error.message}`);
            if (!read.ok) {
                summary.rejected++;
                await out.write(JSON.stringify({ error: read.error }, null, 2) + '\n');
                printSummary(summary, names, performance.now() - started);
                return 1;
            }
            input = read.request;
            if (!pack) throw new Error('内部错误：单个请求要完整的规则包');
            const historySet = history ? await loadHistory(history, createEngine(pack, { config })) : undefined;
            if (options.whyNot !== undefined) return await whyNotCommand(pack, input, options, { config, out, format: options.format ?? 'text', history: historySet });
            const output = createEngine(pack, { config, explain: options.explain, phase: options.phase, history: historySet }).evaluate(input);
            recordOutput(summary, output);
            if (output.rejected) {
                summary.rejected++;
                await out.write(JSON.stringify({ error: errorOf(output) }, null, 2) + '\n');
            } else {
                summary.evaluated++;
                if (format === 'table') await out.write(renderTable([output.response], { explain: options.explain }) + '\n');
                else await out.write(JSON.stringify(output.response, null, format === 'json' ? 2 : undefined) + '\n');
            }
            printSummary(summary, names, performance.now() - started);
            return output.rejected ? 1 : 0;
        }
        if (options.whyNot !== undefined) throw new UserError('--why-not 针对一个请求（.json 文件）：把要看的那一行 NDJSON 另存为 .json 再运行');
        await runBatch(options, { source, config, format, workers, budget, out, summary, history });
    } catch (error) {
        if (error instanceof OutputClosed) return 0; // 读的一方不要更多输出了（如 | head）：安静地结束
        if (error instanceof OutputFailed) {
            process.stderr.write(`${pc.red('错误')}：${error.message}\n`);
            return EXIT_OUTPUT_FAILED;
        }
        if (error instanceof PoolFailed) throw new UserError(`审核线程：${error.message}`);
        throw error;
    }
    printSummary(summary, names, performance.now() - started);
    return 0;
}

interface BatchSetup {
    source: WorkerInput['pack'];
    config: WorkerInput['config'];
    history?: string[];
    format: 'json' | 'ndjson' | 'table';
    workers: number;
    budget: number;
    out: Output;
    summary: LineStats;
}

/** NDJSON：按块分给线程池，按输入顺序写出。在途的块（已读未写）最多 2 × 线程数 + 2 块。 */
async function runBatch(options: RunOptions, setup: BatchSetup): Promise<void> {
    const { format, out, summary } = setup;
    if (options.claims !== '-') {
        try {
            statSync(options.claims);
        } catch {
            throw new UserError(`读不到理赔文件「${options.claims}」`);
        }
    }
    const stream = options.claims === '-' ? process.stdin : createReadStream(options.claims, { highWaterMark: CHUNK_BYTES });
    const total = options.claims === '-' ? 0 : statSync(options.claims).size;
    const showProgress = (options.progress ?? true) && process.stderr.isTTY && total > 1_000_000;
    const bar = showProgress ? new SingleBar({ format: '审核中 {bar} {percentage}% | {lines} 行 | 已用 {duration_formatted} | 剩余约 {eta_formatted}', hideCursor: true, stream: process.stderr }) : undefined;
    bar?.start(total, 0, { lines: 0 });
    const pool = new WorkerPool({
        size: setup.workers,
        url: workerUrl(),
        budget: setup.budget,
        input: { pack: setup.source, config: setup.config, explain: options.explain, phase: options.phase, history: setup.history, table: format === 'table' }
    });
    const tableRows: AuditResponse[] = [];
    const window = 2 * setup.workers + 2;
    const pending: Array<{ done: Promise<DoneMessage>; bytes: number; lines: number }> = [];
    let bytes = 0;
    let lines = 0;
    const flush = async () => {
        const next = pending.shift()!;
        const done = await next.done;
        if (format === 'table') tableRows.push(...done.responses!);
        else await out.write(done.text);
        mergeStats(summary, done.stats);
        bytes += next.bytes;
        lines += next.lines;
        bar?.update(Math.min(bytes, total), { lines });
    };
    try {
        for await (const chunk of chunksOf(stream, CHUNK_BYTES)) {
            const done = pool.run(chunk);
            done.catch(() => { /* 由 flush 按顺序报告 */ });
            pending.push({ done, bytes: chunk.bytes.length, lines: chunk.lines });
            if (pending.length >= window) await flush();
        }
        while (pending.length > 0) await flush();
    } finally {
        bar?.stop();
        summary.aborted = pool.aborted;
        await pool.close();
        if (stream !== process.stdin) stream.destroy();
    }
    if (format === 'table') await out.write(renderTable(tableRows, { explain: options.explain }) + '\n');
}

/** --why-not 规则[:对象]：沿审核的同一条路径逐步求值，写出第一个不成立的条件与看到的值（引擎 whyNot）。 */
async function whyNotCommand(pack: RulePack, input: unknown, options: RunOptions,
    setup: { config: WorkerInput['config']; out: Output; format: string; history?: EngineOptions['history'] }): Promise<number> {
    const spec = options.whyNot!.trim();
    const colon = spec.indexOf(':');
    const rule = colon < 0 ? spec : spec.slice(0, colon);
    const target = colon < 0 ? undefined : spec.slice(colon + 1) || undefined;
    if (!rule) throw new UserError('--why-not 需要规则编号，如 --why-not GZ001 或 --why-not GZ001:明细号');
    // 与审核同一个引擎配置（部署配置、环节、历史来源），结论以审核结果为准
    const engine = createEngine(pack, { config: setup.config, explain: true, phase: options.phase, history: setup.history });
    const result = engine.whyNot(input, { rule, ...(target ? { target } : {}), ...(options.kp ? { knowledgePoint: options.kp } : {}) });
    if (!result.ok) throw new UserError(result.message);
    if (setup.format === 'json' || setup.format === 'ndjson') await setup.out.write(JSON.stringify(result.report, null, setup.format === 'json' ? 2 : undefined) + '\n');
    else await setup.out.write(whyNotText(result.report, result.report.findings).join('\n') + '\n');
    return 0;
}

/** 工作线程的模块：打包后与本模块同在 dist/bundle（.mjs），否则在 dist/commands。 */
function workerUrl(): URL {
    return new URL(import.meta.url.endsWith('.mjs') ? './run-worker.mjs' : './run-worker.js', import.meta.url);
}

function printSummary(summary: LineStats, names: Map<string, string>, ms: number): void {
    const lines = [
        pc.bold(`读取 ${summary.read}，审核 ${summary.evaluated}，拒绝 ${summary.rejected}`) + pc.dim(`（患者 ${summary.patients}）`),
        ...(summary.aborted ? [pc.yellow(`其中 ${summary.aborted} 条超时或审核线程异常，已中止（错误行 ZR0090 / ZR0091）`)] : []),
        `审核结果 ${summary.findings} 条，违规金额合计 ${yuan(summary.amount)} 元（去重后；各规则金额之和 ${yuan(summary.ruleAmount)} 元）`
    ];
    const byRule = [...summary.byRule].sort((a, b) => b[1].count - a[1].count);
    for (const [id, e] of byRule.slice(0, 20)) {
        const money = e.ruleFen === e.dedupFen ? `${yuan(e.dedupFen)} 元` : `规则金额 ${yuan(e.ruleFen)} 元，去重后 ${yuan(e.dedupFen)} 元`;
        lines.push(pc.dim(`  ${id} ${names.get(id) ?? id}：${e.count} 条，${money}`));
    }
    if (byRule.length > 20) lines.push(pc.dim(`  …… 另有 ${byRule.length - 20} 条规则`));
    const rate = summary.read > 0 ? ` · ${(summary.read / (ms / 1000)).toFixed(0)} 条/秒` : '';
    lines.push(pc.dim(`用时 ${(ms / 1000).toFixed(2)} 秒${rate}`));
    process.stderr.write(lines.join('\n') + '\n');
}

/** 中文结果表：规则、级别、患者、就诊、违规项、金额、信息。信息列（最后一列）不截断；explain 时每条结果下面跟它的解释。 */
export function renderTable(responses: AuditResponse[], options: { explain?: boolean } = {}): string {
    const rows: string[][] = [['规则', '级别', '患者', '就诊', '违规项', '金额', '信息']];
    const results: JudgeResult[] = [];
    for (const response of responses) {
        for (const r of response.result) {
            rows.push(tableRow(r));
            results.push(r);
        }
    }
    if (rows.length === 1) return pc.green('没有审核结果。');
    const last = rows[0].length - 1;
    const widths = rows[0].map((_, i) => Math.min(48, Math.max(...rows.map(r => stringWidth(r[i])))));
    const clip = (text: string, width: number) => {
        let out = '';
        for (const ch of text) {
            if (stringWidth(out + ch) > width - 1 && stringWidth(text) > width) return out + '…';
            out += ch;
        }
        return out;
    };
    const out: string[] = [];
    rows.forEach((row, index) => {
        const line = row.map((cell, i) => {
            if (i === last) return cell;
            const c = clip(cell, widths[i]);
            return c + ' '.repeat(Math.max(0, widths[i] - stringWidth(c)));
        }).join('  ').trimEnd();
        out.push(index === 0 ? pc.bold(line) : line);
        const result = index === 0 ? undefined : results[index - 1];
        const explanation = result?.zhishen?.explanation;
        if (options.explain && result && explanation) out.push(...explain(result, explanation).map(l => pc.dim('  │') + l), '');
    });
    return out.join('\n');
}

function tableRow(r: JudgeResult): string[] {
    const level = r.zhishen?.level ?? r.sev_deg;
    const lines = r.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id).join(',');
    const ruleAmount = r.zhishen?.rule_amt;
    const amount = ruleAmount === undefined ? r.vola_amt.toFixed(2) : `${r.vola_amt.toFixed(2)}（本规则 ${ruleAmount.toFixed(2)}）`;
    return [r.rule_id, level, r.patn_id, r.mdtrt_id, lines || '—', amount, r.vola_cont];
}
