/**
 * jr_id 的 FNV-1a 64 位哈希：32 位拆分实现与 BigInt 参照实现逐位相同（jr_id 一旦变化，下游会把同一结果当成新结果）。
 */
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../src/engine/hash.js';
import { Random } from '../../tests/support/random.js';

/** 参照实现：直接用 BigInt 按定义计算。 */
function reference(text: string): string {
    let hash = 0xcbf29ce484222325n;
    for (let i = 0; i < text.length; i++) {
        let code = text.charCodeAt(i);
        hash ^= BigInt(code & 0xff);
        hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
        code >>= 8;
        if (code !== 0) {
            hash ^= BigInt(code);
            hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
        }
    }
    return hash.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
    it('已知值：空串为偏移基数，ASCII 与标准 FNV-1a 64 相同', () => {
        expect(fnv1a64('')).toBe('cbf29ce484222325');
        expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
        expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    });

    it('与 BigInt 参照实现逐位相同（随机 ASCII、汉字、代理对、控制字符）', () => {
        const r = new Random(20260301);
        const alphabet = ['a', 'Z', '0', '|', '-', ':', ' ', '\u0000', '\u00ff', '\u0100', '药', '品', '明', '细', '\uffff', '\ud83d\ude00', '甲'];
        for (let n = 0; n < 3000; n++) {
            let text = '';
            const length = r.int(0, 80);
            for (let i = 0; i < length; i++) text += r.chance(0.5) ? String.fromCharCode(r.int(0, 0xffff)) : r.pick(alphabet);
            expect(fnv1a64(text)).toBe(reference(text));
        }
    });

    it('jr_id 形状的输入', () => {
        const text = ['08f4ddf0c27ae40c1f88bb631d85', 'GZ10000102012000', 'KP-ecc09d0c65ab6f08', 'P00000001', 'M00000001', 'M00000001-003,M00000001-007'].join('|');
        expect(fnv1a64(text)).toBe(reference(text));
    });
});
