/** run-lines 的按字节数行：Uint8Array（含共享内存、偏移的视图）与 Buffer 一样，只数 end 之前的 \n。 */
import { describe, expect, it } from 'vitest';
import { countLines, countNewlines } from '../src/commands/run-lines.js';

describe('countNewlines / countLines', () => {
    const text = 'a\nbb\n\nccc\r\nd';
    it.each([
        ['Buffer', Buffer.from(text)],
        ['Uint8Array', new Uint8Array(Buffer.from(text))],
        ['共享内存', (() => { const b = new Uint8Array(new SharedArrayBuffer(text.length)); b.set(Buffer.from(text)); return b; })()],
        ['有偏移的视图（前面的字节里也有 \\n）', new Uint8Array(Buffer.from(`x\nx${text}`)).subarray(3)]
    ])('%s', (_name, bytes) => {
        expect(countNewlines(bytes)).toBe(4);
        expect(countNewlines(bytes, 5)).toBe(2); // 只数前 5 个字节里的（下标 1、4）
        expect(countNewlines(bytes, 0)).toBe(0);
        expect(countLines(bytes)).toBe(5); // 最后一行没有 \n
        expect(countLines(bytes.subarray(0, 5))).toBe(2);
        expect(countLines(new Uint8Array(0))).toBe(0);
    });
});
