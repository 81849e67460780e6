/**
 * 选中的理赔文件 → 值（“在理赔上运行”、“为什么没有触发”）：读不出时中文说明第几个字符、期望什么（不是 V8 的英文）；
 * 无效的 UTF-8、同一对象里重复的键（JSON.parse 只留后一个，会按被覆盖的内容审核）也不审核，写明路径与怎么改。
 * 与命令行、服务同一套检查（parseClaimText）。
 */
import { claimTextMessage, parseClaimText } from '@zhishen/runtime';

export function readClaimText(text: string, label: string): { claim: unknown } | { error: string } {
    const body = text.replace(/^\uFEFF/, '');
    const read = parseClaimText(body);
    if (read.ok) return { claim: read.request };
    return { error: `「${label}」${read.syntax ? read.error.message : `的 ${claimTextMessage(read.error)}`}` };
}
