/**
 * zhishen run 的 NDJSON 行：在字节上切分（只认 \n，行尾的 \r 属于 CRLF 一并去掉；行内单独的 \r 不是换行），
 * 按块交给工作线程，一行输入恰好一行输出。主线程与工作线程共用这里的函数，--workers 1 与多线程的输出逐字节相同。
 */
import type { AuditEngine, AuditResponse, EvaluationOutput } from '@zhishen/runtime';
import { idsText, parseClaimText, requestIds, salvageClaimIds } from '@zhishen/runtime';
import type { ClaimTextResult } from '@zhishen/runtime';
import type { SalvagedIds } from '@zhishen/runtime';

const LF = 0x0a;
const CR = 0x0d;

/** 一块输入：若干完整的行（最后一块可以没有结尾的 \n）。firstLine 是其第一行在整个输入里的行号（从 1 起）。 */
export interface Chunk {
    seq: number;
    bytes: Uint8Array;
    firstLine: number;
    lines: number;
    /** 不按字节切分的输入（Parquet 的一行一个请求）：各行的文本与行号；有它时 bytes 为空 */
    texts?: string[];
    lineNumbers?: number[];
}

/** 块里各行的 [起, 止)（止不含 \n 与 CRLF 的 \r）。结尾的 \n 之后没有内容时不算一行（与逐行读取的习惯一致）。 */
export function forEachLine(bytes: Uint8Array, visit: (start: number, end: number, index: number) => void): number {
    let start = 0;
    let index = 0;
    const length = bytes.length;
    while (start < length) {
        let end = bytes.indexOf(LF, start);
        const next = end < 0 ? length : end + 1;
        if (end < 0) end = length;
        visit(start, end > start && bytes[end - 1] === CR ? end - 1 : end, index++);
        start = next;
    }
    return index;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * 块里各行的文本：与逐行读取（text-lines.ts）相同的解码——无效的 UTF-8 序列成为 U+FFFD，文件开头的 BOM 去掉
 * （Windows 导出的文件常带；只在 firstLine 为 1 的块的第一行）。zhishen run 与 zhishen screen 的工作线程、主线程重读一行时共用。
 */
export function forEachText(bytes: Uint8Array, firstLine: number, visit: (text: string, index: number) => void, only?: number): number {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    return forEachLine(buffer, (start, end, index) => {
        if (only !== undefined && index !== only) return;
        if (firstLine === 1 && index === 0 && end - start >= 3 && buffer[start] === BOM[0] && buffer[start + 1] === BOM[1] && buffer[start + 2] === BOM[2]) start += 3;
        visit(buffer.toString('utf8', start, end), index);
    });
}

/** 块里第 index 行的文本（同 forEachText 的解码；只解码这一行）。 */
export function textAt(bytes: Uint8Array, firstLine: number, index: number): string {
    let found = '';
    forEachText(bytes, firstLine, text => { found = text; }, index);
    return found;
}

/** bytes[0, end) 里 \n 的个数。 */
export function countNewlines(bytes: Uint8Array, end = bytes.length): number {
    // Buffer 的 indexOf 是 memchr，比 Uint8Array 的快约 4 倍（主线程给每块输入、每批输出数行）；同一块内存，不复制
    const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let count = 0;
    for (let at = view.indexOf(LF); at >= 0 && at < end; at = view.indexOf(LF, at + 1)) count++;
    return count;
}

/** 块里的行数：\n 的个数，最后不以 \n 结尾时另加一行。 */
export function countLines(bytes: Uint8Array): number {
    const count = countNewlines(bytes);
    return bytes.length > 0 && bytes[bytes.length - 1] !== LF ? count + 1 : count;
}

/**
 * 把字节流切成块（每块至少 target 字节、在 \n 处断开），每块复制进一块共享内存（交给工作线程不必再复制）。
 * 内存只保留当前未断开的部分；一行比 target 长时累积到它的 \n 为止。
 */
export async function* chunksOf(stream: AsyncIterable<Buffer | string>, target: number): AsyncGenerator<Chunk> {
    let pieces: Buffer[] = [];
    let size = 0;
    let seq = 0;
    let line = 1;
    const cut = (length: number): Chunk => {
        // 共享内存：交给工作线程不必复制，超时重新提交时主线程手里还有
        const bytes = new Uint8Array(new SharedArrayBuffer(length));
        let offset = 0;
        const rest: Buffer[] = [];
        for (const piece of pieces) {
            const take = Math.min(piece.length, length - offset);
            if (take > 0) bytes.set(take === piece.length ? piece : piece.subarray(0, take), offset);
            offset += take;
            if (take < piece.length) rest.push(piece.subarray(take));
        }
        pieces = rest;
        size -= length;
        const lines = countLines(bytes);
        const chunk = { seq: seq++, bytes, firstLine: line, lines };
        line += lines;
        return chunk;
    };
    for await (const data of stream) {
        const piece = typeof data === 'string' ? Buffer.from(data) : data;
        if (piece.length === 0) continue;
        pieces.push(piece);
        size += piece.length;
        if (size < target) continue;
        // 最后一个 \n：从最后一片往前找（一行很长时前面几片都没有 \n）
        let end = -1;
        for (let i = pieces.length - 1, before = size; i >= 0; i--) {
            before -= pieces[i].length;
            const at = pieces[i].lastIndexOf(LF);
            if (at >= 0) {
                end = before + at + 1;
                break;
            }
        }
        if (end > 0) yield cut(end);
    }
    if (size > 0) yield cut(size);
}

export interface RuleStats {
    count: number;
    /** 规则金额（分；去重前，zhishen.rule_amt，没有时即 vola_amt） */
    ruleFen: number;
    /** 去重后金额（分；vola_amt，语义 F8） */
    dedupFen: number;
}

/** 汇总：可在线程间传递（结构化克隆）并合并。金额按分累加，避免浮点误差。 */
export interface LineStats {
    read: number;
    evaluated: number;
    rejected: number;
    patients: number;
    findings: number;
    /** 去重后违规金额合计（分） */
    amount: number;
    /** 各规则金额之和（分，去重前） */
    ruleAmount: number;
    byRule: Map<string, RuleStats>;
    /** 超时或线程异常而中止的行数（由线程池计数） */
    aborted?: number;
}

export function emptyStats(): LineStats {
    return { read: 0, evaluated: 0, rejected: 0, patients: 0, findings: 0, amount: 0, ruleAmount: 0, byRule: new Map() };
}

export function mergeStats(into: LineStats, from: LineStats): void {
    into.read += from.read;
    into.evaluated += from.evaluated;
    into.rejected += from.rejected;
    into.patients += from.patients;
    into.findings += from.findings;
    into.amount += from.amount;
    into.ruleAmount += from.ruleAmount;
    for (const [id, e] of from.byRule) {
        const entry = into.byRule.get(id);
        if (!entry) into.byRule.set(id, { ...e });
        else {
            entry.count += e.count;
            entry.ruleFen += e.ruleFen;
            entry.dedupFen += e.dedupFen;
        }
    }
}

/** 一次求值计入汇总（单个 .json 与 NDJSON 共用）。 */
export function recordOutput(stats: LineStats, output: EvaluationOutput): void {
    stats.patients += output.patients;
    for (const result of output.response.result) {
        const ruleFen = Math.round((result.zhishen?.rule_amt ?? result.vola_amt) * 100);
        const dedupFen = Math.round(result.vola_amt * 100);
        stats.findings++;
        stats.amount += dedupFen;
        stats.ruleAmount += ruleFen;
        const entry = stats.byRule.get(result.rule_id);
        if (!entry) stats.byRule.set(result.rule_id, { count: 1, ruleFen, dedupFen });
        else {
            entry.count++;
            entry.ruleFen += ruleFen;
            entry.dedupFen += dedupFen;
        }
    }
}

/** 被拒绝的请求的错误对象：第一个错误，其余放进 more。 */
export function errorOf(output: EvaluationOutput) {
    const first = output.errors[0];
    return first ? { ...first, ...(output.errors.length > 1 ? { more: output.errors.slice(1) } : {}) } : { code: 'ZR0001', message: '无法审核', path: '' };
}

/** 审核一行（已去掉行尾），返回输出行（不含 \n）；汇总计入 stats。评估通过的回应另交给 onResponse（表格格式要用）。 */
export function auditLine(engine: AuditEngine, line: string, lineNumber: number, stats: LineStats, onResponse?: (response: AuditResponse) => void): string {
    stats.read++;
    // 读不出的 JSON、无效的 UTF-8、重复的键（parseClaimText，所有读理赔文本的入口同一套）：这一行是错误行，批次继续
    const read: ClaimTextResult | undefined = line.trim() === '' ? undefined : parseClaimText(line);
    if (!read?.ok) {
        stats.rejected++;
        return JSON.stringify({ error: read ? read.error : { code: 'ZR0000', message: '空行', path: '' }, line: lineNumber });
    }
    const parsed = read.request;
    let output: EvaluationOutput;
    try {
        output = engine.evaluate(parsed);
    } catch (error) {
        // 引擎本不该抛异常；万一抛了，这一行输出错误行，批次继续（每条输入都有交代）。V8 的英文信息不外露（同引擎里按患者的 ZR0017）
        stats.rejected++;
        return JSON.stringify({
            error: {
                code: 'ZR0017', path: '', ...requestIds(parsed),
                message: `审核这条理赔时规则求值失败（${error instanceof RangeError ? '超出求值的深度或大小限制' : '内部错误'}）`,
                hint: '这是规则包或引擎的问题，请把这一行与规则包一起报告；批次中其他理赔照常审核'
            },
            line: lineNumber
        });
    }

    recordOutput(stats, output);
    if (output.rejected) {
        stats.rejected++;
        return JSON.stringify({ error: errorOf(output), line: lineNumber });
    }
    stats.evaluated++;
    onResponse?.(output.response);
    return JSON.stringify(output.response);
}

/** 一条理赔能读出的编号（错误行带上，便于找到原始数据）：task_id、第一个患者的 patn_id 与本次就诊 mdtrt_id。 */
export function claimIds(line: string): { task_id?: string; patn_id?: string; mdtrt_id?: string } {
    let data: unknown;
    try {
        data = JSON.parse(line);
    } catch {
        return salvageClaimIds(line);
    }
    return requestIds(data);
}

/** 没能审核完的一行（超时、工作线程崩溃）：错误行带编号与行号，批次继续。 */
export function abortedLine(line: string, lineNumber: number, reason: { kind: 'timeout'; ms: number } | { kind: 'crash'; message: string }, stats: LineStats): string {
    stats.read++;
    stats.rejected++;
    const ids = claimIds(line);
    const who = idsText(ids);
    const where = `第 ${lineNumber} 行${who ? `（${who}）` : ''}`;
    const error = reason.kind === 'timeout'
        ? { code: 'ZR0090', message: `${where}审核用掉 ${reason.ms} 毫秒（CPU 时间）仍未完成，已中止；其余理赔照常审核`, path: '', hint: '多半是规则里的正则表达式回溯过多，或这条理赔的明细极多；检查规则，或用 --claim-timeout 放宽时限', ...ids }
        : { code: 'ZR0091', message: `${where}审核时工作线程异常退出（${reason.message}），已中止；其余理赔照常审核`, path: '', hint: '多半是这条理赔过大（内存不足）；请把这条理赔与规则包一起反馈给维护者', ...ids };
    return JSON.stringify({ error, line: lineNumber });
}
