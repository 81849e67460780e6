/**
 * 像现代编译器一样打印诊断：级别[编码]: 信息 / --> 文件:行:列 / 源码摘录与插入符 / = 提示。
 * 插入符按终端显示宽度对齐（汉字占两格）。
 */
import pc from 'picocolors';
import stringWidth from 'string-width';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticData } from '@zhishen/language';

export interface FileDiagnostic {
    file: string;
    text: string;
    diagnostic: Diagnostic;
}

const LABEL: Record<number, string> = { 1: '错误', 2: '警告', 3: '信息', 4: '提示' };

export function severityName(severity: number | undefined): 'error' | 'warning' | 'info' | 'hint' {
    return severity === 1 || severity === undefined ? 'error' : severity === 2 ? 'warning' : severity === 3 ? 'info' : 'hint';
}

export function messageParts(diagnostic: Diagnostic): { code: string; message: string; hint?: string } {
    const data = diagnostic.data as DiagnosticData | undefined;
    return {
        code: String(diagnostic.code ?? data?.code ?? ''),
        message: data?.message ?? diagnostic.message.split('\n')[0],
        hint: data?.hint
    };
}

// 一份文件的行只切一次：每条诊断都切整份文本，诊断数 × 文件大小（1 MB 文件、4 万条诊断要几十秒）。
let cachedText: string | undefined;
let cachedLines: string[] = [];
function linesOf(text: string): string[] {
    if (text !== cachedText) {
        cachedText = text;
        cachedLines = text.split(/\r?\n/);
    }
    return cachedLines;
}

/** 摘录的最大字符数（超出时以「…」截断，插入符仍对准）。 */
export const EXCERPT_MAX = 160;

function excerpt(line: string, start: number, end: number): { source: string; offset: number } {
    if (line.length <= EXCERPT_MAX) return { source: line, offset: 0 };
    const from = Math.max(0, start - 60);
    const to = Math.min(line.length, from + EXCERPT_MAX, Math.max(end, start + 1) + 60);
    const head = from > 0 ? '…' : '';
    const tail = to < line.length ? '…' : '';
    return { source: head + line.slice(from, to) + tail, offset: from - head.length };
}

export function formatDiagnostic(item: FileDiagnostic, color = pc.isColorSupported): string {
    const c = color ? pc : pc.createColors(false);
    const d = item.diagnostic;
    const { code, message, hint } = messageParts(d);
    const severity = d.severity ?? 1;
    const paint = severity === 1 ? c.red : severity === 2 ? c.yellow : c.cyan;
    const line = d.range.start.line;
    const column = d.range.start.character;
    const whole = linesOf(item.text)[line] ?? '';
    const gutter = String(line + 1).length;
    const pad = ' '.repeat(gutter);
    const wholeEnd = d.range.end.line === line ? d.range.end.character : whole.length;
    // 很长的行（一行 1 MB 的编码清单）只摘诊断附近的一段：否则每条诊断都打印整行，输出是诊断数 × 行长
    const { source, offset } = excerpt(whole, column, wholeEnd);
    const before = source.slice(0, column - offset);
    const endColumn = Math.min(wholeEnd, offset + source.length) - offset;
    const marked = source.slice(column - offset, Math.max(endColumn, column - offset + 1));
    const caretWidth = Math.max(1, stringWidth(marked || ' '));
    const out = [
        `${paint(c.bold(`${LABEL[severity]}[${code}]`))}${c.bold(`: ${message}`)}`,
        `${pad}${c.blue('-->')} ${item.file}:${line + 1}:${column + 1}`,
        `${pad} ${c.blue('|')}`,
        `${c.blue(String(line + 1))} ${c.blue('|')} ${source}`,
        `${pad} ${c.blue('|')} ${' '.repeat(stringWidth(before))}${paint('^'.repeat(caretWidth))}`
    ];
    if (hint) out.push(`${pad} ${c.blue('=')} ${c.bold('提示')}：${hint}`);
    return out.join('\n');
}

export interface DiagnosticJson {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: 'error' | 'warning' | 'info' | 'hint';
    code: string;
    message: string;
    hint?: string;
}

export function toJson(item: FileDiagnostic): DiagnosticJson {
    const d = item.diagnostic;
    const { code, message, hint } = messageParts(d);
    return {
        file: item.file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: severityName(d.severity),
        code,
        message,
        hint
    };
}
