/** 测试用的确定性伪随机数（mulberry32）：同一种子 → 同一序列，失败可复现。 */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export interface Random {
    next(): number;
    int(min: number, max: number): number;
    pick<T>(items: readonly T[]): T;
    chance(p: number): boolean;
    digits(n: number): string;
}

export function random(seed: number): Random {
    const next = mulberry32(seed);
    return {
        next,
        int: (min, max) => min + Math.floor(next() * (max - min + 1)),
        pick: items => items[Math.floor(next() * items.length)],
        chance: p => next() < p,
        digits: n => Array.from({ length: n }, () => String(Math.floor(next() * 10))).join('')
    };
}
