/**
 * 重复的键（问题 17 的失败开放）：`{"hilist_code":"A","hilist_code":"B"}` 或写了两遍的 `fsi_order_dtos`，JSON.parse 悄悄只留最后一个，
 * 前一个值（可能正是违规的那条明细）就像从来没有过。所以同一个对象里一个键出现两次，这条理赔被拒（ZR0019），写明是哪个键、
 * 在哪个对象、第几个字符，以及能读出的 task_id / patn_id / mdtrt_id。
 *
 * 代价：快路径只数两样东西，都是线性的——文本里“引号后（可隔空白）紧跟冒号”的次数（每个键都有一处，字符串值里偶尔也有，
 * 所以它是键数的上界），与解析出的对象里键的总数（重复的键只算一次）。两者相等就不可能有重复的键；不等时（有重复，
 * 或字符串值里碰巧有 `":`）才用 findDuplicateKey 逐字符走一遍找出是哪个键。
 */
import type { ClaimError } from './types.js';
import { whereInText } from './broken-json.js';
import { requestIds } from './invalid-text.js';

export interface DuplicateKey {
    key: string;
    /** 重复的键的 JSON 路径（所在对象的路径 + 键），如 patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[1].hilist_code */
    path: string;
    /** 所在对象的 JSON 路径（顶层对象为空串） */
    objectPath: string;
    /** 第二次出现时键的开引号的下标（UTF-16 单元） */
    offset: number;
    /** 第二次出现时键（含两个引号、按原文的转义）在文本里的长度 */
    length: number;
    /** 第一次出现时键的开引号的下标 */
    firstOffset: number;
}

/**
 * 有效 JSON 文本里第一个在同一对象内重复的键（按文本次序）；没有时返回 null。不递归、线性时间；键按反转义后的值比较
 * （"a" 与 "\u0061" 是同一个键）。文本不是有效 JSON 时结果没有意义（先 JSON.parse）。
 */
export function findDuplicateKey(text: string): DuplicateKey | null {
    const kinds: number[] = []; // 123 = 对象，91 = 数组
    const seen: Array<Map<string, number> | null> = []; // 对象：键 → 第一次出现的下标
    const at: Array<string | number> = []; // 对象：当前的键；数组：当前的下标
    let expectKey = false;
    const n = text.length;
    let i = 0;
    while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 34 /* " */) {
            const end = stringEnd(text, i);
            const top = kinds.length - 1;
            if (expectKey && top >= 0 && kinds[top] === 123) {
                const raw = text.slice(i + 1, end - 1);
                const key = raw.includes('\\') ? JSON.parse(text.slice(i, end)) as string : raw;
                let keys = seen[top];
                if (keys === null) seen[top] = keys = new Map();
                const first = keys.get(key);
                if (first !== undefined) {
                    const objectPath = pathOf(kinds, at, top);
                    return { key, path: appendKey(objectPath, key), objectPath, offset: i, length: end - i, firstOffset: first };
                }
                keys.set(key, i);
                at[top] = key;
                expectKey = false;
            }
            i = end;
            continue;
        }
        if (c === 123 /* { */ || c === 91 /* [ */) {
            kinds.push(c);
            seen.push(null);
            at.push(c === 123 ? '' : 0);
            expectKey = c === 123;
        } else if (c === 125 /* } */ || c === 93 /* ] */) {
            kinds.pop();
            seen.pop();
            at.pop();
            expectKey = false;
        } else if (c === 44 /* , */) {
            const top = kinds.length - 1;
            if (kinds[top] === 123) expectKey = true;
            else (at[top] as number)++;
        }
        i++;
    }
    return null;
}

/** 从开引号扫到结束引号之后（有效 JSON：结束引号前的反斜杠是偶数个）。 */
function stringEnd(text: string, start: number): number {
    let from = start + 1;
    while (true) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return text.length;
        let slashes = 0;
        for (let k = quote - 1; text.charCodeAt(k) === 92; k--) slashes++;
        if (slashes % 2 === 0) return quote + 1;
        from = quote + 1;
    }
}

function pathOf(kinds: number[], at: Array<string | number>, upTo: number): string {
    let path = '';
    // 第 k 层的位置记在它的父层（k − 1）里：对象的当前键、数组的当前下标
    for (let k = 0; k < upTo; k++) path = kinds[k] === 123 ? appendKey(path, at[k] as string) : `${path}[${at[k]}]`;
    return path;
}

function appendKey(path: string, key: string): string {
    return path === '' ? key : `${path}.${key}`;
}

/** 文本里“引号、可选的空白、冒号”出现的次数：有效 JSON 里每个键恰有一处，所以它不小于键的个数。 */
function keyMarks(text: string): number {
    let count = 0;
    for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
        let k = i - 1;
        let c = text.charCodeAt(k);
        while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(--k);
        if (c === 34) count++;
    }
    return count;
}

/** 解析出的值里键的总数（不递归）。 */
function parsedKeys(root: unknown): number {
    let count = 0;
    const stack: unknown[] = [root];
    while (stack.length > 0) {
        const value = stack.pop();
        if (typeof value !== 'object' || value === null) continue;
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                const item: unknown = value[i];
                if (typeof item === 'object' && item !== null) stack.push(item);
            }
            continue;
        }
        for (const key in value) {
            count++;
            const item = (value as Record<string, unknown>)[key];
            if (typeof item === 'object' && item !== null) stack.push(item);
        }
    }
    return count;
}

/** 文本（已由 JSON.parse 解析为 parsed）可能含重复的键吗？false 时一定没有；true 时用 findDuplicateKey 确认。线性、不分配。 */
export function mayHaveDuplicateKeys(text: string, parsed: unknown): boolean {
    if (typeof parsed !== 'object' || parsed === null) return false;
    return keyMarks(text) !== parsedKeys(parsed);
}

/**
 * 理赔文本里重复的键，作为 ZR0019 错误（带能读出的编号）；没有时返回 null。text 是 JSON.parse 成功读出 parsed 的原文。
 * 理赔不是整个文本时（服务的报文：input.data），claimAt 给出理赔在文本里的路径（如 "input.data"），编号从那里读。
 */
export function duplicateKeyError(text: string, parsed: unknown, claimAt = ''): ClaimError | null {
    if (!mayHaveDuplicateKeys(text, parsed)) return null;
    const dup = findDuplicateKey(text);
    if (!dup) return null;
    const shown = dup.key.length > 60 ? `${dup.key.slice(0, 60)}…` : dup.key;
    const error: ClaimError = {
        code: 'ZR0019',
        path: dup.path,
        message: `${whereInText(text, dup.offset)}处的键「${shown}」在${dup.objectPath === '' ? '顶层对象' : ` ${dup.objectPath} `}里已经出现过（${whereInText(text, dup.firstOffset)}）：`
            + 'JSON 解析只会留下后一个值，前一个就像不存在，这条理赔不按被覆盖的内容审核',
        hint: '同一个对象里每个键只写一次；检查导出理赔的程序是否把同一字段（或两份明细列表）写了两遍'
    };
    let claim: unknown = parsed;
    let rest = dup.path;
    if (claimAt !== '') {
        for (const key of claimAt.split('.')) claim = typeof claim === 'object' && claim !== null ? (claim as Record<string, unknown>)[key] : undefined;
        rest = rest.startsWith(`${claimAt}.`) ? rest.slice(claimAt.length + 1) : '';
    }
    const patient = /^patient_dtos\[(\d+)\]/.exec(rest);
    return { ...error, ...requestIds(claim, patient ? Number(patient[1]) : null) };
}
