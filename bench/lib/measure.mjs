/**
 * 计时与显示的小工具。
 */
import { spawnSync } from 'node:child_process';

export const median = xs => {
    if (xs.length === 0) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** 第 p 百分位（最近秩法：不插值，取排序后第 ⌈p% × n⌉ 个）。 */
export const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

export const round = (x, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** 1234567 → "1,234,567" */
export const int = x => Math.round(x).toLocaleString('en-US');

export const ms = x => (x >= 100 ? `${int(x)} ms` : `${round(x, 1)} ms`);

export const sec = x => `${round(x / 1000, 2)} s`;

export const pct = x => `${round(x * 100, 1)}%`;

export const ratio = x => `${round(x, 2)}×`;

export const mb = bytes => `${round(bytes / 1024 / 1024, 1)} MB`;

/** 显示宽度：CJK 与全角字符算 2。 */
export function width(text) {
    let w = 0;
    for (const ch of String(text)) {
        const c = ch.codePointAt(0);
        w += (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6))) ? 2 : 1;
    }
    return w;
}

const padEnd = (text, w) => text + ' '.repeat(Math.max(0, w - width(text)));
const padStart = (text, w) => ' '.repeat(Math.max(0, w - width(text))) + text;

/** 表格：第一行是表头；第一列左对齐，其余右对齐。 */
export function table(rows, indent = '  ') {
    const cols = Math.max(...rows.map(r => r.length));
    const widths = Array.from({ length: cols }, (_, i) => Math.max(...rows.map(r => width(r[i] ?? ''))));
    return rows.map((r, k) => {
        const line = indent + r.map((cell, i) => (i === 0 ? padEnd(String(cell ?? ''), widths[i]) : padStart(String(cell ?? ''), widths[i]))).join('  ');
        return k === 0 ? line : line;
    }).join('\n');
}

/** 同步运行一个命令，返回墙钟时间（毫秒）、退出码与输出。 */
export function timeCommand(command, args, options = {}) {
    const t0 = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, ...options });
    return { ms: performance.now() - t0, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}
