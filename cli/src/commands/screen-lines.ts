/**
 * zhishen screen（js 引擎）的一行与汇总：单线程与分线程（screen-worker.ts）共用这里的定义，--workers 1 与多线程的
 * 输出、汇总逐字节相同。
 *   - loadLine：一行文本载入筛查（空行不是理赔；Parquet 的空值是坏行）；
 *   - ScreenTotals：读取行数、坏行、理赔数与拒绝原因、各规则的结果数与金额；分线程时按输入顺序逐行合并工作线程的增量。
 */
import type { AbortReason } from './run-pool.js';
import type { ClaimError, LineResult, Screening, ScreeningResult, ScreeningSummary } from '@zhishen/runtime';
import { addLine } from '@zhishen/runtime';

/** 一行载入的结果（LineResult：是否读不出 JSON、坏行原因、进入集合的就诊号）。 */
export type LoadedLine = LineResult;

/** 一行文本载入筛查；null = 不是理赔（NDJSON 的空行，如文件末尾的换行）。Parquet 的空值是坏行。 */
export function loadLine(screening: Screening, text: string, lineNumber: number, parquet: boolean): LoadedLine | null {
    if (text.trim() === '') {
        if (lineNumber > 0 && parquet) return { parseError: true, reasons: ['空值（这一行的请求 JSON 为 NULL 或空串）'], kept: [] };
        return null;
    }
    return addLine(screening, text);
}

/** 一条结果在输出里的一行（单线程、工作线程、主线程重载的一行共用）。 */
export function findingLine(finding: unknown): string {
    return JSON.stringify(finding) + '\n';
}

export function findingsText(findings: readonly unknown[]): string {
    let text = '';
    for (const finding of findings) text += findingLine(finding);
    return text;
}

/** 一行（或一整次筛查）的汇总增量：可在线程间传递（结构化克隆）。 */
export interface ScreenDelta {
    summary: ScreeningSummary;
    /** 规则编号 → 结果数与违规金额（元；同 ScreeningResult.byRule，键的次序 = 第一次出现的次序） */
    byRule: ScreeningResult['byRule'];
    findings: number;
    errors: ClaimError[];
}

export function deltaOf(taken: { summary: ScreeningSummary; result: ScreeningResult }): ScreenDelta {
    const { summary, result } = taken;
    return { summary, byRule: result.byRule, findings: result.findings.length, errors: result.errors };
}

/** 一个坏行：文件、行号与原因（汇总里列出前几个）。 */
export interface BadLine {
    file: string;
    line: number;
    reason: string;
}

export const SHOW_BAD_LINES = 10;

export class ScreenTotals {
    linesRead = 0;
    parseErrors = 0;
    /** 坏行的个数与前 SHOW_BAD_LINES 个 */
    badCount = 0;
    readonly bad: BadLine[] = [];
    summary: ScreeningSummary = { requests: 0, claims: 0, loaded: 0, rejected: 0, reasons: {} };
    byRule: ScreeningResult['byRule'] = {};
    findings = 0;
    errorCount = 0;
    firstError?: ClaimError;

    /** 一行的读取计数与坏行 */
    line(file: string, lineNumber: number, line: LoadedLine): void {
        this.linesRead++;
        if (line.parseError) this.parseErrors++;
        for (const reason of line.reasons) {
            this.badCount++;
            if (this.bad.length < SHOW_BAD_LINES) this.bad.push({ file, line: lineNumber, reason });
        }
    }

    /**
     * 合并一个增量（分线程时按输入顺序逐行合并）。计数与拒绝原因相加；各规则的金额按分相加——与单线程逐条累加
     * （运行时的 record：`(round(累计 × 100) + round(金额 × 100)) / 100`）得到同一个数；键按第一次出现的次序插入，汇总的排序因此相同。
     */
    merge(delta: ScreenDelta): void {
        const s = this.summary;
        s.requests += delta.summary.requests;
        s.claims += delta.summary.claims;
        s.loaded += delta.summary.loaded;
        s.rejected += delta.summary.rejected;
        for (const [reason, count] of Object.entries(delta.summary.reasons)) s.reasons[reason] = (s.reasons[reason] ?? 0) + count;
        for (const [id, r] of Object.entries(delta.byRule)) {
            const entry = this.byRule[id] ??= { name: r.name, count: 0, amount: 0 };
            entry.count += r.count;
            entry.amount = (Math.round(entry.amount * 100) + Math.round(r.amount * 100)) / 100;
        }
        this.findings += delta.findings;
        this.errorCount += delta.errors.length;
        this.firstError ??= delta.errors[0];
    }
}

/**
 * 工作线程在载入某一行时异常退出（如内存不足）：这一行按被拒的请求计（请求、理赔、拒绝各一），坏行写明原因与行号，其余行照常。
 */
export function abortedScreenLine(reason: AbortReason): { line: LoadedLine; delta: ScreenDelta } {
    const what = reason.kind === 'crash' ? '载入时工作线程异常退出' : '载入超时';
    const why = reason.kind === 'crash' ? `${what}（${reason.message}），已跳过；多半是这条理赔过大（内存不足），请把这一行与规则一起反馈给维护者`
        : `${what}（${reason.ms} 毫秒），已跳过`;
    return {
        line: { parseError: false, reasons: [why], kept: [] },
        delta: { summary: { requests: 1, claims: 1, loaded: 0, rejected: 1, reasons: { [what]: 1 } }, byRule: {}, findings: 0, errors: [] }
    };
}
