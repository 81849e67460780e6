/**
 * 无效的 UTF-8（问题 17）：解码器把坏字节换成替换字符 U+FFFD。它出现在键名里，字段就像缺失了一样（失败开放）；
 * 出现在标识或编码里，jr_id 与编码匹配都悄悄变了。因此理赔里任何位置（键或值）有 U+FFFD，这条理赔被拒（ZR0018），
 * 错误写明是哪个字段。规范化只对它读到的字段检查（normalize.ts 的 ident）；这里检查整个请求，供手里有原始文本的入口
 * （zhishen run、store load、服务）用 invalidTextIn：文本里既没有 U+FFFD、也没有它的转义 \ufffd 时不必遍历。
 */
import type { ClaimError } from './types.js';

const REPLACEMENT = '\uFFFD';

/** 请求里第一个含 U+FFFD 的键或字符串值，作为 ZR0018 错误（带能读出的 task_id / patn_id / mdtrt_id）；没有时返回 null。 */
export function invalidTextError(request: unknown): ClaimError | null {
    const hit = firstReplacement(request);
    if (!hit) return null;
    const shown = hit.text.length > 60 ? `${hit.text.slice(0, 60)}…` : hit.text;
    const error: ClaimError = {
        code: 'ZR0018',
        path: hit.path,
        message: hit.inKey
            ? `字段名「${shown}」含替换字符 U+FFFD：输入不是有效的 UTF-8（这个字段因此认不出来，理赔不按缺失的字段审核）`
            : `${hit.path || '请求'}的值「${shown}」含替换字符 U+FFFD：输入不是有效的 UTF-8，或上游已把坏字节替换掉`,
        hint: '按 UTF-8 编码输出理赔（GBK 等编码请先转换）'
    };
    const ids = requestIds(request, hit.patient);
    return { ...error, ...ids };
}

/**
 * 同 invalidTextError，但先看原文：JSON 文本里既没有 U+FFFD 本身、也没有转义 \ufffd（大小写不论）时，解析出的任何键和值都不会含它，
 * 不必遍历（服务的报文一条约 18 KB，遍历占主线程约一成）。request 是从 text 解析出的请求（或其中的 input.data）。
 */
export function invalidTextIn(text: string, request: unknown): ClaimError | null {
    return mayContainReplacement(text) ? invalidTextError(request) : null;
}

/** 文本可能解码出 U+FFFD 吗：有它本身，或有 \u 转义写的 FFFD。误报（如 \\ufffd）只让调用方多遍历一次，不会漏。 */
function mayContainReplacement(text: string): boolean {
    if (text.includes(REPLACEMENT)) return true;
    for (let i = text.indexOf('\\u'); i !== -1; i = text.indexOf('\\u', i + 2)) {
        if ((text.charCodeAt(i + 2) | 0x20) === 0x66 && (text.charCodeAt(i + 3) | 0x20) === 0x66 && (text.charCodeAt(i + 4) | 0x20) === 0x66 && (text.charCodeAt(i + 5) | 0x20) === 0x64) return true;
    }
    return false;
}

interface Hit {
    path: string;
    text: string;
    inKey: boolean;
    /** 所在患者的下标（patient_dtos[i] 之下时） */
    patient: number | null;
}

/** 不递归的深度优先遍历（按文本中的次序），路径只在命中时拼出。 */
function firstReplacement(root: unknown): Hit | null {
    const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
    while (stack.length > 0) {
        const { value, path } = stack.pop()!;
        if (typeof value === 'string') {
            if (value.includes(REPLACEMENT)) return { path, text: value, inKey: false, patient: patientOf(path) };
            continue;
        }
        if (typeof value !== 'object' || value === null) continue;
        if (Array.isArray(value)) {
            for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]` });
            continue;
        }
        const keys = Object.keys(value);
        for (const key of keys) {
            if (key.includes(REPLACEMENT)) return { path: path ? `${path}.${key}` : key, text: key, inKey: true, patient: patientOf(path) };
        }
        for (let i = keys.length - 1; i >= 0; i--) {
            stack.push({ value: (value as Record<string, unknown>)[keys[i]], path: path ? `${path}.${keys[i]}` : keys[i] });
        }
    }
    return null;
}

function patientOf(path: string): number | null {
    const match = /^patient_dtos\[(\d+)\]/.exec(path);
    return match ? Number(match[1]) : null;
}

/**
 * 从已解析的请求里读出能定位理赔的编号（错误行带上，便于找回原始数据）：task_id、第 patient 个患者（缺省第一个）的 patn_id
 * 与本次就诊号（curr_mdtrt_id，或只有一次就诊时它的 mdtrt_id）。空文本与含 U+FFFD 的值不算编号。
 */
export function requestIds(request: unknown, patient: number | null = null): Pick<ClaimError, 'task_id' | 'patn_id' | 'mdtrt_id'> {
    const ids: Pick<ClaimError, 'task_id' | 'patn_id' | 'mdtrt_id'> = {};
    const clean = (value: unknown) => ((typeof value === 'string' && value !== '' && !value.includes(REPLACEMENT)) || typeof value === 'number' ? String(value) : undefined);
    if (typeof request !== 'object' || request === null) return ids;
    const r = request as Record<string, unknown>;
    const task = clean(r.task_id);
    if (task !== undefined) ids.task_id = task;
    const patients = Array.isArray(r.patient_dtos) ? r.patient_dtos : [];
    const p = patients[patient ?? 0] as Record<string, unknown> | undefined;
    if (p && typeof p === 'object') {
        const patn = clean(p.patn_id);
        if (patn !== undefined) ids.patn_id = patn;
        const encounters = Array.isArray(p.fsi_encounter_dtos) ? p.fsi_encounter_dtos as Array<Record<string, unknown>> : [];
        const mdtrt = clean(p.curr_mdtrt_id) ?? (encounters.length === 1 && encounters[0] && typeof encounters[0] === 'object' ? clean(encounters[0].mdtrt_id) : undefined);
        if (mdtrt !== undefined) ids.mdtrt_id = mdtrt;
    }
    return ids;
}
