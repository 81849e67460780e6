/**
 * 测试用的确定性伪随机数（mulberry32）：同一种子 → 同一序列，失败可复现。
 * 种子取环境变量 ZHISHEN_SEED（十进制），没有时用调用方给的默认值；测试会把种子打印出来。
 */
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

export class Random {
    private readonly next: () => number;

    constructor(readonly seed: number) {
        this.next = mulberry32(seed);
    }

    float(): number {
        return this.next();
    }

    /** [min, max] 中的整数 */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    chance(p: number): boolean {
        return this.next() < p;
    }

    digits(n: number): string {
        let s = '';
        for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
        return s;
    }

    shuffle<T>(items: T[]): T[] {
        for (let i = items.length - 1; i > 0; i--) {
            const j = Math.floor(this.next() * (i + 1));
            [items[i], items[j]] = [items[j], items[i]];
        }
        return items;
    }

    /** 派生一个独立的随机源（例如每个用例一个），互不影响。 */
    fork(): Random {
        return new Random(Math.floor(this.next() * 2 ** 31));
    }
}

export function seedFromEnv(fallback: number): number {
    const raw = process.env.ZHISHEN_SEED;
    if (raw && /^\d+$/.test(raw)) return Number(raw);
    return fallback;
}
