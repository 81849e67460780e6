/** 知识库文件的公共小工具：规范路径、通配、问题记录、内容 id。 */
import { type KbProblem } from './types.js';

export interface NormalizedFile {
    path: string;
    /** 去掉 UTF-8 BOM 的文本 */
    text: string;
    /** 原文（算 id 用） */
    raw: string;
}

export function error(file: string, row: number | undefined, message: string): KbProblem {
    return problem('error', file, row, message);
}

export function warning(file: string, row: number | undefined, message: string): KbProblem {
    return problem('warning', file, row, message);
}

export function problem(severity: KbProblem['severity'], file: string, row: number | undefined, message: string): KbProblem {
    const where = row === undefined ? `${file}：` : `${file} 第 ${row} ${file.toLowerCase().endsWith('.json') ? '项' : '行'}：`;
    const p: KbProblem = { file, severity, message: where + message };
    if (row !== undefined) p.row = row;
    return p;
}

export function isObject(x: unknown): x is Record<string, unknown> {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function str(x: unknown): string {
    return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

export function nullableString(x: unknown): string | null {
    return typeof x === 'string' ? x : null;
}

export function jsonErrorText(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

export function stripBom(text: string): string {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function normalizePath(path: string): string {
    let p = path.replace(/\\/g, '/');
    while (p.startsWith('./')) p = p.slice(2);
    return p.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
}

export function baseName(path: string): string {
    const i = path.lastIndexOf('/');
    return i < 0 ? path : path.slice(i + 1);
}

export function dirName(path: string): string {
    const i = path.lastIndexOf('/');
    return i < 0 ? '' : path.slice(0, i);
}

export function extName(path: string): string {
    const b = baseName(path);
    const i = b.lastIndexOf('.');
    return i < 0 ? '' : b.slice(i + 1).toLowerCase();
}

export function stem(base: string): string {
    const i = base.lastIndexOf('.');
    return i <= 0 ? base : base.slice(0, i);
}

export function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** 简单通配：* 匹配一段路径中的任意字符（不含 /），** 匹配任意多级，? 匹配一个字符。 */
export function globMatch(pattern: string, path: string): boolean {
    let re = '^';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i]!;
        if (ch === '*') {
            if (pattern[i + 1] === '*') {
                re += '.*';
                i++;
                if (pattern[i + 1] === '/') i++;
            } else {
                re += '[^/]*';
            }
        } else if (ch === '?') {
            re += '[^/]';
        } else {
            re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        }
    }
    return new RegExp(re + '$').test(path);
}

/**
 * 内容 id：按路径排序后，对每个文件的“路径 \0 原文 \0”按 UTF-16 码元做 64 位哈希（cyrb53 的两路 32 位乘法哈希，
 * 末尾充分混合；纯 JS、只用 Math.imul，浏览器可用，6 MB 文本约 10 ms）。相同内容 → 相同 id。
 * 不是密码学哈希：只用来识别“同一份知识库”，写进规则包的 manifest。
 */
export function contentId(files: ReadonlyArray<{ path: string; raw: string }>): string {
    let h1 = 0xdeadbeef ^ 0x5a4d;
    let h2 = 0x41c6ce57 ^ 0x5a4d;
    const feed = (s: string): void => {
        for (let i = 0; i < s.length; i++) {
            const ch = s.charCodeAt(i);
            h1 = Math.imul(h1 ^ ch, 2654435761);
            h2 = Math.imul(h2 ^ ch, 1597334677);
        }
    };
    for (const f of files) {
        feed(f.path);
        feed('\u0000');
        feed(f.raw);
        feed('\u0000');
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 'kb-' + (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
