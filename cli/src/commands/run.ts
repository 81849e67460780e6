/**
 * zhishen run：用规则包审核理赔。
 *   .json：一个 input.data 对象 → 一个结果；
 *   .ndjson 或 -（标准输入）：每行一个 input.data → 每行一个输出，顺序不变；坏行输出 {"error":{…},"line":n}，批次继续。
 * 流式处理，内存不随文件大小增长。汇总（读取 / 审核 / 拒绝、各规则结果数、用时）写到标准错误；终端上显示进度条。
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import stringWidth from 'string-width';
import type { AuditResponse, EvaluationOutput, JudgeResult, Phase, RulePack } from '@zhishen/runtime';
import { createEngine } from '@zhishen/runtime';
import { projectConfigFor, loadKb, resolveRulePaths, UserError } from '../project.js';
import { compileOrReport, loadPackFile, readConfig } from '../packs.js';
import { AmountSummary, yuan } from '../amounts.js';
import { explain } from '../explain-text.js';

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
}

interface Summary {
    read: number;
    evaluated: number;
    rejected: number;
    patients: number;
    amounts: AmountSummary;
}

export async function runCommand(options: RunOptions): Promise<number> {
    const project = projectConfigFor(options.rules ?? (options.pack ? [options.pack] : []));
    let pack: RulePack;
    if (options.pack) {
        pack = await loadPackFile(options.pack);
    } else {
        const files = resolveRulePaths(options.rules ?? [], project);
        const kb = await loadKb(options.kb, project);
        const compiled = await compileOrReport(files, kb);
        if (!compiled) return 1;
        pack = compiled.pack;
    }
    const { config } = readConfig(options.config ?? project?.config, pack);
    const engine = createEngine(pack, { config, explain: options.explain, phase: options.phase });
    const names = new Map(pack.manifest.rules.map(r => [r.id, r.name]));
    const summary: Summary = { read: 0, evaluated: 0, rejected: 0, patients: 0, amounts: new AmountSummary() };
    const record = (output: EvaluationOutput) => {
        summary.patients += output.patients;
        for (const result of output.response.result) summary.amounts.add(result, names.get(result.rule_id) ?? result.rule_id);
    };
    const started = performance.now();
    const ndjson = options.claims === '-' || options.claims.endsWith('.ndjson') || options.claims.endsWith('.jsonl');
    const format = options.format ?? (ndjson ? 'ndjson' : 'json');
    const stdout = process.stdout;

    if (!ndjson) {
        let input: unknown;
        let text: string;
        try {
            text = readFileSync(options.claims, 'utf8').replace(/^\uFEFF/, ''); // Windows 导出的文件常带 BOM
        } catch {
            throw new UserError(`读不到理赔文件「${options.claims}」`);
        }
        summary.read = 1;
        try {
            input = JSON.parse(text);
        } catch (error) {
            throw new UserError(`「${options.claims}」不是有效的 JSON：${(error as Error).message}`);
        }
        const output = engine.evaluate(input);
        record(output);
        if (output.rejected) {
            summary.rejected++;
            await write(stdout, JSON.stringify({ error: errorOf(output) }, null, 2) + '\n');
        } else {
            summary.evaluated++;
            if (format === 'table') await write(stdout, renderTable([output.response], { explain: options.explain }) + '\n');
            else await write(stdout, JSON.stringify(output.response, null, format === 'json' ? 2 : undefined) + '\n');
        }
        printSummary(summary, performance.now() - started);
        return output.rejected ? 1 : 0;
    }

    // NDJSON：逐行读、逐行写
    const stream = options.claims === '-' ? process.stdin : createReadStream(options.claims);
    if (options.claims !== '-') {
        try {
            statSync(options.claims);
        } catch {
            throw new UserError(`读不到理赔文件「${options.claims}」`);
        }
    }
    const total = options.claims === '-' ? 0 : statSync(options.claims).size;
    const showProgress = (options.progress ?? true) && process.stderr.isTTY && total > 1_000_000;
    const bar = showProgress ? new SingleBar({ format: '审核中 {bar} {percentage}% | {lines} 行 | 已用 {duration_formatted} | 剩余约 {eta_formatted}', hideCursor: true, stream: process.stderr }) : undefined;
    let bytes = 0;
    if (bar) {
        bar.start(total, 0, { lines: 0 });
        stream.on('data', (chunk: string | Buffer) => {
            bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        });
    }
    const tableRows: AuditResponse[] = [];
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const raw of lines) {
        const line = lineNumber === 0 ? raw.replace(/^\uFEFF/, '') : raw; // 文件开头的 BOM
        lineNumber++;
        summary.read++;
        let out: string;
        let parsed: unknown;
        let parseError: string | undefined;
        if (line.trim() === '') parseError = '空行';
        else {
            try {
                parsed = JSON.parse(line);
            } catch (error) {
                parseError = `不是有效的 JSON：${(error as Error).message}`;
            }
        }
        let output: EvaluationOutput | undefined;
        if (parseError === undefined) {
            try {
                output = engine.evaluate(parsed);
            } catch (error) {
                // 引擎本不该抛异常；万一抛了，这一行输出错误行，批次继续（每条输入都有交代）
                parseError = `审核时出错：${(error as Error).message}`;
            }
        }
        if (parseError !== undefined || !output) {
            summary.rejected++;
            out = JSON.stringify({ error: { code: 'ZR0000', message: parseError, path: '' }, line: lineNumber });
        } else {
            record(output);
            if (output.rejected) {
                summary.rejected++;
                out = JSON.stringify({ error: errorOf(output), line: lineNumber });
            } else {
                summary.evaluated++;
                out = JSON.stringify(output.response);
                if (format === 'table') tableRows.push(output.response);
            }
        }
        if (format !== 'table') await write(stdout, out + '\n');
        if (bar && lineNumber % 200 === 0) bar.update(Math.min(bytes, total), { lines: lineNumber });
    }
    if (bar) {
        bar.update(total, { lines: lineNumber });
        bar.stop();
    }
    if (format === 'table') await write(stdout, renderTable(tableRows, { explain: options.explain }) + '\n');
    printSummary(summary, performance.now() - started);
    return 0;
}

function errorOf(output: EvaluationOutput) {
    const first = output.errors[0];
    return first ? { ...first, ...(output.errors.length > 1 ? { more: output.errors.slice(1) } : {}) } : { code: 'ZR0001', message: '无法审核', path: '' };
}

function write(stream: Writable, text: string): Promise<void> {
    return new Promise(resolve => {
        if (stream.write(text)) resolve();
        else stream.once('drain', () => resolve());
    });
}

function printSummary(summary: Summary, ms: number): void {
    const amounts = summary.amounts;
    const lines = [
        pc.bold(`读取 ${summary.read}，审核 ${summary.evaluated}，拒绝 ${summary.rejected}`) + pc.dim(`（患者 ${summary.patients}）`),
        `审核结果 ${amounts.findings} 条，违规金额合计 ${yuan(amounts.dedupFen)} 元（去重后；各规则金额之和 ${yuan(amounts.ruleFen)} 元）`
    ];
    const byRule = [...amounts.byRule].sort((a, b) => b[1].count - a[1].count);
    for (const [id, e] of byRule.slice(0, 20)) {
        const money = e.ruleFen === e.dedupFen ? `${yuan(e.dedupFen)} 元` : `规则金额 ${yuan(e.ruleFen)} 元，去重后 ${yuan(e.dedupFen)} 元`;
        lines.push(pc.dim(`  ${id} ${e.name}：${e.count} 条，${money}`));
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
