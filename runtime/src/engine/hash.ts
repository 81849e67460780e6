/**
 * 确定性的短哈希（FNV-1a 64 位，十六进制 16 位），用于 jr_id：同一规则包 + 同一理赔 → 同一个 id，重跑幂等。
 * 纯 JS，Node 与浏览器结果一致。64 位状态拆成高低两个 32 位整数计算（每条结果都要算一次，
 * BigInt 版本每个字节分配两个 BigInt，曾是求值的头号热点）；与 BigInt 参照实现逐位相同（runtime/test/hash.test.ts）。
 */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const TWO_32 = 4294967296;

export function fnv1a64(text: string): string {
    let hi = OFFSET_HI;
    let lo = OFFSET_LO;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // UTF-16 码元按两个字节计入（高字节为 0 时不计），保证汉字也参与。
        // 每个字节：lo ^= 字节；(hi·2^32 + lo) × (2^40 + 0x1b3) mod 2^64——各项都是 < 2^53 的整数，浮点运算精确
        lo = (lo ^ (code & 0xff)) >>> 0;
        let low = lo * 0x1b3;
        hi = (hi * 0x1b3 + Math.floor(low / TWO_32) + ((lo << 8) >>> 0)) >>> 0;
        lo = low >>> 0;
        const high = code >>> 8;
        if (high !== 0) {
            lo = (lo ^ high) >>> 0;
            low = lo * 0x1b3;
            hi = (hi * 0x1b3 + Math.floor(low / TWO_32) + ((lo << 8) >>> 0)) >>> 0;
            lo = low >>> 0;
        }
    }
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** 快速的 106 位内容哈希（两个不同种子的 cyrb53），用于规则包 id 等大文本；纯 JS，不需要 BigInt。 */
export function contentHash(text: string): string {
    const one = cyrb53(text, 0x5a485348);
    const two = cyrb53(text, 0x7a687368);
    return one.toString(16).padStart(14, '0') + two.toString(16).padStart(14, '0');
}

function cyrb53(text: string, seed: number): number {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
