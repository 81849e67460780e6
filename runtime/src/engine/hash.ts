/**
 * 确定性的短哈希（FNV-1a 64 位，十六进制 16 位），用于 jr_id：同一规则包 + 同一理赔 → 同一个 id，重跑幂等。
 * 纯 JS，Node 与浏览器结果一致。64 位状态拆成四个 16 位整数计算，全程是小整数运算（每条结果都要算一次；
 * BigInt 版本每个字节分配两个 BigInt，曾是求值的头号热点）；与 BigInt 参照实现逐位相同（runtime/test/hash.test.ts）。
 */
export function fnv1a64(text: string): string {
    // 偏移基数 0xcbf29ce484222325，从低到高四个 16 位
    FNV[0] = 0x2325;
    FNV[1] = 0x8422;
    FNV[2] = 0x9ce4;
    FNV[3] = 0xcbf2;
    feed(FNV, text);
    return hexOf(FNV);
}

/**
 * 可续算的 FNV-1a 64 位：state 为 fnvState 算出的某个前缀之后的状态（四个 16 位整数，从低到高）。
 * fnv1a64From(fnvState(a), b) === fnv1a64(a + b)——jr_id 的前缀（规则包、规则、知识点）对一个实例的每条结果都相同，只算一次。
 */
export type FnvState = readonly [number, number, number, number];

export function fnvState(text: string): FnvState {
    const s: [number, number, number, number] = [0x2325, 0x8422, 0x9ce4, 0xcbf2];
    feed(s, text);
    return s;
}

export function fnv1a64From(state: FnvState, text: string): string {
    FNV[0] = state[0];
    FNV[1] = state[1];
    FNV[2] = state[2];
    FNV[3] = state[3];
    feed(FNV, text);
    return hexOf(FNV);
}

/** 工作状态（同步使用，不跨调用保留）：免得每次哈希分配一个数组 */
const FNV: [number, number, number, number] = [0, 0, 0, 0];

function feed(state: [number, number, number, number], text: string): void {
    let h0 = state[0];
    let h1 = state[1];
    let h2 = state[2];
    let h3 = state[3];
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
    state[0] = h0;
    state[1] = h1;
    state[2] = h2;
    state[3] = h3;
}

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** 十六进制 16 位（高位在前）：一次 fromCharCode 得到扁平的字符串（原来四次 toString + slice + 拼接） */
function hexOf(s: readonly number[]): string {
    const h3 = s[3], h2 = s[2], h1 = s[1], h0 = s[0];
    return String.fromCharCode(
        HEX[h3 >>> 12], HEX[(h3 >>> 8) & 15], HEX[(h3 >>> 4) & 15], HEX[h3 & 15],
        HEX[h2 >>> 12], HEX[(h2 >>> 8) & 15], HEX[(h2 >>> 4) & 15], HEX[h2 & 15],
        HEX[h1 >>> 12], HEX[(h1 >>> 8) & 15], HEX[(h1 >>> 4) & 15], HEX[h1 & 15],
        HEX[h0 >>> 12], HEX[(h0 >>> 8) & 15], HEX[(h0 >>> 4) & 15], HEX[h0 & 15]
    );
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
