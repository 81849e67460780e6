/**
 * 理赔文本 → 请求：所有读理赔文本的入口（zhishen run 的每一行与 JSON 文件、zhishen screen 的 addLine、store load、
 * 历史来源、服务的历史载入、VS Code 的“在理赔上运行”）共用的三道检查，次序固定，同一份文本在哪里读都得到同一个结论：
 *   1. 读不出的 JSON（ZR0000）：中文说明位置与期望（不是 V8 的英文），带上从坏文本里能抢救出的编号；
 *   2. 无效的 UTF-8（ZR0018）：键或值里任何位置的 U+FFFD（invalid-text.ts）；
 *   3. 重复的键（ZR0019）：JSON.parse 只留后一个，前一个（可能正是违规的明细）会悄悄丢失（duplicate-keys.ts）。
 * 空文本、BOM 由调用方处理（各入口对空行的说法不同：NDJSON 的空行、Parquet 的空值）。
 */
import { brokenJsonMessage, idsText, salvageClaimIds } from './broken-json.js';
import { duplicateKeyError } from './duplicate-keys.js';
import { invalidTextIn } from './invalid-text.js';
import type { ClaimError } from './types.js';

export type ClaimTextResult =
    | { ok: true; request: unknown }
    /** syntax：读不出的 JSON（error.code 为 ZR0000，没有路径）；否则是 ZR0018 / ZR0019，带路径与提示 */
    | { ok: false; syntax: boolean; error: ClaimError };

export function parseClaimText(text: string): ClaimTextResult {
    let request: unknown;
    try {
        request = JSON.parse(text);
    } catch {
        return { ok: false, syntax: true, error: { code: 'ZR0000', message: brokenJsonMessage(text), path: '', ...salvageClaimIds(text) } };
    }
    const invalid = invalidTextIn(text, request) ?? duplicateKeyError(text, request);
    return invalid ? { ok: false, syntax: false, error: invalid } : { ok: true, request };
}

/** 错误的一行说明：路径、原因、编号、怎么改（给命令行的 UserError、汇总里的坏行、编辑器的提示）。 */
export function claimTextMessage(error: ClaimError): string {
    const who = idsText(error);
    return `${error.path ? `${error.path}：` : ''}${error.message}${who ? `（${who}）` : ''}${error.hint ? `；${error.hint}` : ''}`;
}
