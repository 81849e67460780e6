/**
 * 装载一行：请求的字节（已去掉首尾空白、不是重复）→ 各表的 CSV 文本，或拒绝的原因。定义只有这一份：
 * 单线程装载（store.ts）与装载的工作线程（load-worker.ts）都调它，所以线程数不改变结果。
 *
 * 结果只取决于这一行的字节与 where（文件、行号、批次只进 requests 表的一行），不取决于之前的行——
 * 主线程按输入次序处理结果（重复的判断在那里），各行可以在任何线程上、以任何次序算。
 */
import type { ClaimError } from '@zhishen/runtime';
import { idsText, parseClaimText } from '@zhishen/runtime';
import { requestRows } from './rows.js';
import type { StoredTable } from './schema.js';

export type LineError = Pick<ClaimError, 'code' | 'message' | 'path'>;

export type LineOutcome =
    | { kind: 'rejected'; error: LineError }
    | {
        kind: 'rows';
        /** 每张表的行（CSV，每行以 \n 结尾）；没有行的表不出现 */
        text: Partial<Record<StoredTable, string>>;
        claims: number;
        lines: number;
        /** 请求里没能装入的患者（其余患者照常装入） */
        patientErrors: LineError[];
    };

export interface LineWhere {
    /** 源文件的绝对路径（--explain 按它与行号取回原文） */
    file: string;
    line: number;
    batch: number;
}

export function loadLine(bytes: Uint8Array, key: string, where: LineWhere): LineOutcome {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    // 读不出的 JSON、无效的 UTF-8、重复的键（parseClaimText，与 zhishen run、screen --engine js 同一套）：不装入，写明原因与编号
    const read = parseClaimText(text);
    if (!read.ok) {
        const who = idsText(read.error);
        return {
            kind: 'rejected',
            error: read.syntax ? { code: 'ZR0000', message: `${read.error.message}${who ? `（${who}）` : ''}`, path: '' }
                : read.error.code === 'ZR0019' ? { ...pickError(read.error), message: `${read.error.message}${who ? `（${who}）` : ''}；${read.error.hint}` }
                    : pickError(read.error)
        };
    }
    let rows: ReturnType<typeof requestRows>;
    try {
        rows = requestRows(key, read.request, where);
    } catch (error) {
        return { kind: 'rejected', error: { code: 'ZR0000', message: `规范化时出错：${(error as Error).message}`, path: '' } };
    }
    if ('errors' in rows) {
        const first = rows.errors[0];
        return { kind: 'rejected', error: { ...pickError(first), message: rows.errors.length > 1 ? `${first.message}（另有 ${rows.errors.length - 1} 处错误）` : first.message } };
    }
    const out: Partial<Record<StoredTable, string>> = {};
    for (const [name, list] of Object.entries(rows.rows) as Array<[StoredTable, string[]]>) {
        if (list.length > 0) out[name] = list.join('\n') + '\n';
    }
    return {
        kind: 'rows', text: out, claims: rows.rows.claims.length, lines: rows.rows.lines.length,
        patientErrors: rows.request.errors.map(pickError)
    };
}

/** 只留可以跨线程传、要写进报告的三项（ClaimError 还带提示与编号等） */
function pickError(e: Pick<ClaimError, 'code' | 'message' | 'path'>): LineError {
    return { code: e.code, message: e.message, path: e.path };
}
