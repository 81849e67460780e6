/**
 * 确定性的短哈希（FNV-1a 64 位，十六进制 16 位），用于 jr_id：同一规则包 + 同一理赔 → 同一个 id，重跑幂等。
 * 纯 JS（BigInt），Node 与浏览器结果一致。
 */
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function fnv1a64(text: string): string {
    let hash = OFFSET;
    for (let i = 0; i < text.length; i++) {
        let code = text.charCodeAt(i);
        // UTF-16 码元按两个字节计入，保证汉字也参与
        hash ^= BigInt(code & 0xff);
        hash = (hash * PRIME) & MASK;
        code >>= 8;
        if (code !== 0) {
            hash ^= BigInt(code);
            hash = (hash * PRIME) & MASK;
        }
    }
    return hash.toString(16).padStart(16, '0');
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
