/**
 * “为什么没有触发”面板的纯逻辑（不碰 DOM）：理赔文档（JSON / NDJSON）中第 request 份请求里可选的对象，
 * 供面板的“对象”下拉框（对象的列法在运行时 claimObjects，VS Code 扩展同用）；求值本身在 worker 里由引擎的 whyNot 完成。
 */
import type { ClaimObject } from '@zhishen/runtime';
import { claimObjects as objectsOf } from '@zhishen/runtime';
import { detectFormat, splitRequests } from './json-text.js';

export type { ClaimObject };

/** 理赔文档中第 request 份请求里的对象；JSON 有错时为空。 */
export function claimObjects(path: string, doc: string, request = 0): ClaimObject[] {
    const requests = splitRequests(doc, detectFormat(path, doc));
    const item = requests.find(r => r.index === request) ?? requests[0];
    if (!item) return [];
    try {
        return objectsOf(JSON.parse(item.text));
    } catch {
        return [];
    }
}
