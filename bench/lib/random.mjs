/**
 * 基准用的确定性随机数：同一种子 → 同一序列（mulberry32），以及 Zipf 分布的抽样器。
 */

export function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function random(seed) {
    const next = mulberry32(seed);
    const r = {
        next,
        /** [min, max] 中的整数 */
        int: (min, max) => min + Math.floor(next() * (max - min + 1)),
        pick: items => items[Math.floor(next() * items.length)],
        chance: p => next() < p,
        digits: n => {
            let s = '';
            for (let i = 0; i < n; i++) s += Math.floor(next() * 10);
            return s;
        },
        /** 原地洗牌（Fisher–Yates） */
        shuffle(items) {
            for (let i = items.length - 1; i > 0; i--) {
                const j = Math.floor(next() * (i + 1));
                [items[i], items[j]] = [items[j], items[i]];
            }
            return items;
        }
    };
    return r;
}

/**
 * Zipf 抽样：第 k 个（0 起）元素的权重 ∝ 1 / (k + 1)^s。items 的顺序就是热门程度（先洗牌再传入）。
 * 返回 () => item，用累计分布 + 二分查找。
 */
export function zipf(items, s, next) {
    const n = items.length;
    const cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
        total += 1 / Math.pow(k + 1, s);
        cdf[k] = total;
    }
    return () => {
        const u = next() * total;
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        return items[lo];
    };
}
