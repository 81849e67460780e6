/**
 * moneyToNumber（输出的 vola_amt）不经字符串直接计算，与按显示文本解析的结果完全相同。
 */
import { describe, expect, it } from 'vitest';
import { formatMoney, moneyToNumber } from '../src/values/decimal.js';
import { Random } from '../../tests/support/random.js';

describe('moneyToNumber', () => {
    it('与 Number(formatMoney(x)) 相同（边界、半分、负数、大额）', () => {
        const cases = [0, -0, 1, -1, 4_999, 5_000, -5_000, -4_999, 10_000, 12_345_678, -12_345_678, 99_995_000, 1e15, -1e15, 9_007_199_254_740_991, -9_007_199_254_740_991];
        for (const c of cases) expect(Object.is(moneyToNumber(c), Number(formatMoney(c))), String(c)).toBe(true);
    });

    it('随机金额（micro 整数）', () => {
        const r = new Random(11);
        for (let n = 0; n < 20_000; n++) {
            const digits = r.int(1, 16);
            let x = Number(r.digits(digits));
            if (r.chance(0.5)) x = -x;
            if (!Number.isSafeInteger(x)) continue;
            expect(Object.is(moneyToNumber(x), Number(formatMoney(x))), String(x)).toBe(true);
        }
    });
});
