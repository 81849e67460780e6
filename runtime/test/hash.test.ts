/**
 * jr_id 的 FNV-1a 64 位哈希：32 位拆分实现与 BigInt 参照实现逐位相同（jr_id 一旦变化，下游会把同一结果当成新结果）。
 */
import { describe, expect, it } from 'vitest';
import { fnv1a64, fnv1a64From, fnvState } from '../src/engine/hash.js';
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

    it('续算：fnv1a64From(fnvState(前缀), 其余) 与整串相同（jr_id 的前缀按实例缓存）', () => {
        const r = new Random(20261204);
        const alphabet = ['a', '|', '\\', '药', '\u00ff', '\u0100', '\ud83d\ude00', '0'];
        for (let n = 0; n < 2000; n++) {
            let a = '';
            let b = '';
            for (let i = r.int(0, 40); i > 0; i--) a += r.chance(0.5) ? String.fromCharCode(r.int(0, 0xffff)) : r.pick(alphabet);
            for (let i = r.int(0, 40); i > 0; i--) b += r.chance(0.5) ? String.fromCharCode(r.int(0, 0xffff)) : r.pick(alphabet);
            const state = fnvState(a);
            expect(fnv1a64From(state, b)).toBe(reference(a + b));
            // 状态不被续算改动：同一前缀可以反复用
            expect(fnv1a64From(state, b)).toBe(fnv1a64(a + b));
        }
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
