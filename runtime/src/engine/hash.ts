/**
 * 确定性的短哈希（FNV-1a 64 位，十六进制 16 位），用于 jr_id：同一规则包 + 同一理赔 → 同一个 id，重跑幂等。
 * 纯 JS，Node 与浏览器结果一致。64 位状态拆成四个 16 位整数计算，全程是小整数运算（每条结果都要算一次；
 * BigInt 版本每个字节分配两个 BigInt，曾是求值的头号热点）；与 BigInt 参照实现逐位相同（runtime/test/hash.test.ts）。
 */
export function fnv1a64(text: string): string {
    // 偏移基数 0xcbf29ce484222325，从低到高四个 16 位
    let h0 = 0x2325;
    let h1 = 0x8422;
    let h2 = 0x9ce4;
    let h3 = 0xcbf2;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // UTF-16 码元按两个字节计入（高字节为 0 时不计），保证汉字也参与。
        // 每个字节：h ^= 字节；h ×= 0x100000001b3（= 2^40 + 0x1b3）mod 2^64。各中间值 < 2^31。
        h0 ^= code & 0xff;
        let t0 = h0 * 0x1b3;
        let t1 = h1 * 0x1b3;
        let t2 = h2 * 0x1b3 + (h0 << 8);
        let t3 = h3 * 0x1b3 + (h1 << 8);
        t1 += t0 >>> 16;
        t2 += t1 >>> 16;
        t3 += t2 >>> 16;
        h0 = t0 & 0xffff;
        h1 = t1 & 0xffff;
        h2 = t2 & 0xffff;
        h3 = t3 & 0xffff;
        const high = code >>> 8;
        // 高字节重复上面的一步（不写成内层循环：那样在这个每条结果都走的热点上慢约 13%，node bench 实测）
        if (high !== 0) {
            h0 ^= high;
            t0 = h0 * 0x1b3;
            t1 = h1 * 0x1b3;
            t2 = h2 * 0x1b3 + (h0 << 8);
            t3 = h3 * 0x1b3 + (h1 << 8);
            t1 += t0 >>> 16;
            t2 += t1 >>> 16;
            t3 += t2 >>> 16;
            h0 = t0 & 0xffff;
            h1 = t1 & 0xffff;
            h2 = t2 & 0xffff;
            h3 = t3 & 0xffff;
        }
    }
    return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(n: number): string {
    return (n | 0x10000).toString(16).slice(1);
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
