/**
 * 诊断打印的规模：输出与耗时随诊断数线性增长（问题 17 缺陷 12）。
 * 原来每条诊断都切整份文本、打印整行：一行 1 MB 的编码清单、每个编码一条警告时输出是诊断数 × 行长。
 * 这里数的是工作量（输出字符数），不量绝对时间。
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, EXCERPT_MAX } from '../src/diagnostics-printer.js';
import type { FileDiagnostic } from '../src/diagnostics-printer.js';

function oneLineCodes(n: number): FileDiagnostic[] {
    const codes: string[] = [];
    for (let i = 0; i < n; i++) codes.push(`"XN${String(i).padStart(10, '0')}"`);
    const prefix = '  对每条 明细 m 属于 { ';
    const text = `规则 G1 "巨型" {\n${prefix}${codes.join(', ')} }\n}\n`;
    return codes.map((code, i) => {
        const character = prefix.length + i * (code.length + 2);
        return {
            file: 'g.zs',
            text,
            diagnostic: { range: { start: { line: 1, character }, end: { line: 1, character: character + code.length } }, severity: 2, code: 'ZS0401', message: `编码「${code}」不在已加载的目录中` }
        };
    });
}

function outputSize(items: FileDiagnostic[]): number {
    let size = 0;
    for (const item of items) size += formatDiagnostic(item, false).length;
    return size;
}

describe('诊断打印随诊断数线性', () => {
    it('一行很长时只摘诊断附近的一段，插入符仍对准编码', () => {
        const items = oneLineCodes(2000);
        const out = formatDiagnostic(items[1000], false).split('\n');
        const excerpt = out[3].slice(out[3].indexOf('| ') + 2);
        expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX + 2);
        expect(excerpt.startsWith('…') && excerpt.endsWith('…')).toBe(true);
        const caret = out[4].slice(out[4].indexOf('| ') + 2);
        const at = caret.indexOf('^');
        expect(excerpt.slice(at, at + 14)).toBe('"XN0000001000"');
        expect(out[1]).toContain(`g.zs:2:${items[1000].diagnostic.range.start.character + 1}`);
    });

    it('4 倍的诊断（同一行 4 倍长）输出不超过 4.5 倍', () => {
        const small = outputSize(oneLineCodes(2000));
        const large = outputSize(oneLineCodes(8000));
        expect(large / small).toBeLessThan(4.5);
    });

    it('短行原样打印', () => {
        const [item] = oneLineCodes(1);
        const out = formatDiagnostic(item, false).split('\n');
        expect(out[3]).toBe(`2 |   对每条 明细 m 属于 { "XN0000000000" }`);
    });
});
