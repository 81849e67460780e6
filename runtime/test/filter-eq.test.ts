/**
 * 按等值索引的筛选（ops.filterEq，JS 后端把“条件里有 键(元素) = 值”的筛选编成它）：结果与 filter 逐个相同、次序相同；
 * 索引在同一理赔里对同一集合只建一次——键的求值次数是 n，不是 n × 查找次数（明细两两比较的规则因此是线性的）。
 */
import { describe, expect, it } from 'vitest';
import { OP_FUNCTIONS, ops } from '../src/index.js';
import type { EvalContext } from '../src/engine/context.js';

const ctx = () => ({}) as EvalContext;

function random(seed: number) {
    let s = seed;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('ops.filterAny（有交集）', () => {
    it('与 filter 相同：键与值是列表（含空值、重复成员、空列表、不是列表），次序同集合；键只求 n 次', () => {
        const rnd = random(11);
        const list = () => (rnd() < 0.1 ? null : rnd() < 0.05 ? 'x' : Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.05 ? null : `c${Math.floor(rnd() * 8)}`)));
        for (let round = 0; round < 200; round++) {
            const items = Array.from({ length: Math.floor(rnd() * 40) }, (_, i) => ({ i, t: list(), x: rnd() < 0.1 ? null : rnd() < 0.7 }));
            const context = ctx();
            let keys = 0;
            for (let q = 0; q < 10; q++) {
                const value = list();
                const full = (e: unknown) => ops.and((OP_FUNCTIONS.intersects as (a: unknown, b: unknown) => boolean | null)((e as { t: unknown }).t, value), (e as { x: boolean | null }).x);
                expect(ops.filterAny(context, 's', items, e => { keys++; return (e as { t: unknown }).t; }, value, full)).toEqual(ops.filter(items, full));
            }
            expect(keys).toBeLessThanOrEqual(items.length);
        }
    });
});

describe('ops.filterPre（只读元素与知识点行的合取项先筛）', () => {
    it('与 filter 相同；子集按实例的行缓存：同一行只筛一次，换了行、集合或理赔就重筛', () => {
        const items = Array.from({ length: 500 }, (_, i) => ({ i, code: `C${i % 25}` }));
        const rowA = { codes: new Set(['C1', 'C2']) }, rowB = { codes: new Set(['C3']) };
        let pres = 0;
        const pre = (row: { codes: Set<string> }) => (e: unknown) => { pres++; return row.codes.has((e as { code: string }).code); };
        const context = ctx();
        for (const [row, n] of [[rowA, 40], [rowA, 40], [rowB, 20], [rowA, 40]] as const) {
            for (let limit = 0; limit < 500; limit += 50) {
                const full = (e: unknown) => ops.and(row.codes.has((e as { code: string }).code), (e as { i: number }).i < limit);
                expect(ops.filterPre(context, 's', row, items, pre(row), full)).toEqual(ops.filter(items, full));
            }
            expect(ops.filterPre(context, 's', row, items, pre(row), () => true)).toHaveLength(n);
        }
        expect(pres).toBe(500 * 3); // 行 A、行 B、又回到行 A：各筛一次（每次 500 个元素），不是每次查找都筛
    });
});

describe('ops.filterEq', () => {
    it('与 filter 相同：随机的键（含空值）、值（含空值）、其余条件（含未知）', () => {
        const rnd = random(7);
        for (let round = 0; round < 200; round++) {
            const items = Array.from({ length: Math.floor(rnd() * 40) }, (_, i) => ({ i, k: rnd() < 0.15 ? null : Math.floor(rnd() * 6), x: rnd() < 0.1 ? null : rnd() < 0.5 }));
            const context = ctx();
            for (let q = 0; q < 10; q++) {
                const value = rnd() < 0.1 ? null : Math.floor(rnd() * 7);
                const rest = (e: { x: boolean | null }) => e.x;
                const full = (e: unknown) => ops.and(ops.eq((e as { k: unknown }).k, value), rest(e as { x: boolean | null }));
                expect(ops.filterEq(context, 's', items, e => (e as { k: unknown }).k, value, full)).toEqual(ops.filter(items, full));
            }
        }
    });

    it('索引在同一上下文、同一位置、同一集合上只建一次；换了集合或上下文就重建', () => {
        const items = Array.from({ length: 1000 }, (_, i) => ({ i, k: i % 10 }));
        let keys = 0;
        const key = (e: unknown) => { keys++; return (e as { k: number }).k; };
        const context = ctx();
        for (const value of items.map(e => e.k)) {
            const got = ops.filterEq(context, 'a', items, key, value, e => (e as { k: number }).k === value);
            expect(got).toHaveLength(100);
        }
        expect(keys).toBe(1000); // 1,000 次查找，键只求了 1,000 次（没有索引时是 1,000 × 1,000）
        ops.filterEq(context, 'b', items, key, 3, () => true);
        expect(keys).toBe(2000); // 另一个位置：另一个索引
        ops.filterEq(context, 'a', items.slice(), key, 3, () => true);
        expect(keys).toBe(3000); // 另一个集合
        ops.filterEq(ctx(), 'a', items, key, 3, () => true);
        expect(keys).toBe(4000); // 另一个理赔
    });

    it('值为空（等式未知）时什么也不留，也不建索引', () => {
        let keys = 0;
        expect(ops.filterEq(ctx(), 'a', [{ k: 1 }], () => { keys++; return 1; }, null, () => true)).toEqual([]);
        expect(keys).toBe(0);
    });
});
