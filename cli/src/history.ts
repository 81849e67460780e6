/**
 * 历史来源（实时审核用的已结算理赔）：zhishen.json 的 "历史来源" / "history"，或 zhishen run --history 文件…
 * NDJSON 每行一个 3101 入参；每个患者的本次就诊进入筛查集合（运行时的 Population，与事后筛查同一份），
 * 每个请求与它们一起求值（EngineOptions.history）。坏行是错误（文件与行号）：历史不全时跨理赔规则会漏判，不能悄悄跳过。
 */
import { claimTextMessage, parseClaimText, Population } from '@zhishen/runtime';
import type { AuditEngine } from '@zhishen/runtime';
import { UserError } from './errors.js';
import { textLines } from './text-lines.js';

export async function loadHistory(files: readonly string[], engine: AuditEngine): Promise<Population> {
    const population = new Population();
    for (const file of files) {
        try {
            // 只认 \n 断行（行内单独的 \r 不是换行），与 zhishen run 相同
            for await (const { lineNumber: line, text: raw } of textLines(file)) {
                const text = raw.trim();
                if (text === '') continue;
                // 读不出的 JSON、无效的 UTF-8、重复的键（历史就诊的内容会悄悄变样，跨理赔规则按被覆盖的内容判）：停下，写明位置
                const read = parseClaimText(text);
                if (!read.ok) throw new UserError(`历史来源 ${file}:${line} ${read.syntax ? read.error.message : `的 ${claimTextMessage(read.error)}`}`);
                const data = read.request;
                const request = engine.normalize(data);
                if (request.errors.length > 0) {
                    const e = request.errors[0];
                    throw new UserError(`历史来源 ${file}:${line} 有无法规范化的理赔：${e.path ? `${e.path} ` : ''}${e.message}（历史不全时跨理赔规则会漏判，先改正或去掉这一行）`);
                }
                for (const claim of request.claims) population.add(claim);
            }
        } catch (error) {
            if (error instanceof UserError) throw error;
            throw new UserError(`读不到历史来源「${file}」：${(error as Error).message}`);
        }
    }
    return population;
}
