/** 模糊测试用的确定性伪随机数（mulberry32）：同一种子 → 同一序列。 */
export class FuzzRandom {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    float(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    int(min: number, max: number): number {
        return min + Math.floor(this.float() * (max - min + 1));
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.float() * items.length)];
    }

    chance(p: number): boolean {
        return this.float() < p;
    }

    fork(): FuzzRandom {
        return new FuzzRandom(Math.floor(this.float() * 2 ** 31));
    }
}
