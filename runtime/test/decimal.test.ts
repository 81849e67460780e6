/**
 * 精确十进制（micro 整数）对照 decimal.js：解析、加减乘除、四舍五入到分、显示。
 * 舍入规则：半数远离零（decimal.js 的 ROUND_HALF_UP）。
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import {
    add, decimalProblem, div, exactSum, ExactRangeError, formatDecimal, formatMoney, fromInteger, isWhole, moneyToNumber, mul, mulToFen, neg, parseDecimal, parseDecimalString, roundToFen, SCALE, sub, toPlainNumber
} from '../src/values/decimal.js';
import { Random } from '../../tests/support/random.js';

const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
const SEED = 20240301;

/**
 * 精确答案：decimal.js 计算后按半数远离零取整到 micro；不精确而落在 5000 micro 的非零倍数上时朝精确值移一位（语义 F9：
 * 之后再舍到分或整数与对精确值只舍入一次相同，见下面的“只舍入一次”）。
 */
function micro(value: Decimal.Value): number {
    const exact = new D(value).times(SCALE);
    const rounded = exact.toDecimalPlaces(0, D.ROUND_HALF_UP);
    let q = rounded.toNumber() + 0;
    const a = Math.abs(q);
    if ((a % 10_000 === 5_000 || a % 1_000_000 === 500_000) && !rounded.eq(exact)) q += exact.gt(rounded) ? 1 : -1;
    return q;
}

/** 对精确值只舍入一次到分（micro）。 */
function fenOnce(value: Decimal.Value): number {
    return new D(value).times(100).toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber() * 10_000 + 0;
}

function decimalOf(m: number): Decimal {
    return new D(m).div(SCALE);
}

/** 随机十进制文本：整数位 0–intDigits，小数位 0–fracDigits，可带符号。 */
function randomText(r: Random, intDigits: number, fracDigits: number): string {
    const sign = r.chance(0.3) ? '-' : '';
    const int = r.digits(r.int(1, intDigits)).replace(/^0+(?=\d)/, '');
    const frac = r.digits(r.int(0, fracDigits));
    return `${sign}${int}${frac ? '.' + frac : ''}`;
}

/** 随机 micro 整数，量级分布在 1e0 … 10^maxDigits 之间。 */
function randomMicro(r: Random, maxDigits: number): number {
    const digits = r.int(1, maxDigits);
    const value = Number(r.digits(digits));
    return r.chance(0.3) ? -value + 0 : value;
}

describe('parseDecimal：文本', () => {
    it('与 decimal.js 逐个相同（至多 12 位小数，按半数远离零舍到 6 位）', () => {
        const r = new Random(SEED);
        for (let i = 0; i < 5_000; i++) {
            const text = randomText(r, 9, 12);
            expect(parseDecimalString(text), text).toBe(micro(text));
            expect(parseDecimal(text), text).toBe(micro(text));
        }
    });

    it('科学计数法与前后空白', () => {
        const cases = ['1e3', '1.5E-3', '-2.5e-7', '2.5e-7', '3.4999995e-1', '  12.5  ', '+7.25', '.5', '-.5', '0.0000005', '-0.0000005', '0.00000049', '1e-7'];
        for (const text of cases) expect(parseDecimal(text), text).toBe(micro(text.trim()));
    });

    it('无法解析的文本为 null', () => {
        for (const text of ['', ' ', '.', 'abc', '1,000', '1.2.3', '0x10', 'Infinity', 'NaN', '1e', '--1', '12元', '１２']) {
            expect(parseDecimal(text), JSON.stringify(text)).toBeNull();
        }
    });

    it('非数字类型为 null', () => {
        for (const value of [null, undefined, true, {}, [], [1], NaN, Infinity, -Infinity]) expect(parseDecimal(value)).toBeNull();
    });

    it('超出安全整数范围为 null（不会悄悄失去精度）', () => {
        expect(parseDecimal('9007199254.740991')).toBe(Number.MAX_SAFE_INTEGER);
        expect(parseDecimal('9007199254.740992')).toBeNull();
        expect(parseDecimal('99999999999')).toBeNull();
        expect(parseDecimal('-99999999999')).toBeNull();
    });

    it('-0 解析为 0', () => {
        expect(Object.is(parseDecimal('-0'), 0)).toBe(true);
        expect(Object.is(parseDecimal(-0), 0)).toBe(true);
        expect(Object.is(parseDecimal('-0.0000001'), 0)).toBe(true);
    });
});

describe('parseDecimal：JSON 数字', () => {
    it('≤6 位小数的数字与其十进制文本解析相同（|x| < 1e8）', () => {
        const r = new Random(SEED + 1);
        for (let i = 0; i < 5_000; i++) {
            const text = randomText(r, 8, 6);
            expect(parseDecimal(Number(text)), text).toBe(micro(text));
        }
    });

    it('6 位小数、40–90 亿之间的数字：只要 JSON 数字能表示这个十进制值，就精确', () => {
        const r = new Random(SEED + 8);
        let checked = 0;
        for (let i = 0; i < 5_000; i++) {
            const text = `${r.int(4_000_000_000, 8_999_999_999)}.${r.digits(5)}${r.int(1, 9)}`;
            // 16 位有效数字不一定能被双精度表示（JSON.parse 时已丢失）；只检查能原样往返的
            if (String(Number(text)) !== text) continue;
            checked++;
            expect(parseDecimal(Number(text)), text).toBe(micro(text));
        }
        expect(checked).toBeGreaterThan(1_000);
        expect(parseDecimal(4460265993.337464)).toBe(4460265993337464);
    });

    it('金额（2 位小数）直到 90 亿元仍然精确', () => {
        const r = new Random(SEED + 2);
        for (let i = 0; i < 5_000; i++) {
            const text = `${r.chance(0.3) ? '-' : ''}${Number(r.digits(r.int(1, 9)))}.${r.digits(2)}`;
            expect(parseDecimal(Number(text)), text).toBe(micro(text));
        }
    });

    it('典型的浮点陷阱', () => {
        expect(parseDecimal(0.1)! + parseDecimal(0.2)!).toBe(parseDecimal(0.3));
        expect(parseDecimal(1.005)).toBe(1_005_000);
        expect(parseDecimal(0.000001)).toBe(1);
        expect(parseDecimal(123456.789012)).toBe(123_456_789_012);
        expect(parseDecimal(1e-7)).toBe(0);
        expect(parseDecimal(5e-7)).toBe(1);
        expect(parseDecimal(-5e-7)).toBe(-1);
        expect(parseDecimal(1e21)).toBeNull();
    });
});

describe('加减乘除', () => {
    it('add / sub / neg 精确', () => {
        const r = new Random(SEED + 3);
        for (let i = 0; i < 10_000; i++) {
            const a = randomMicro(r, 15);
            const b = randomMicro(r, 15);
            expect(add(a, b)).toBe(micro(decimalOf(a).plus(decimalOf(b))));
            expect(sub(a, b)).toBe(micro(decimalOf(a).minus(decimalOf(b))));
            expect(neg(a)).toBe(micro(decimalOf(a).neg()));
        }
        expect(Object.is(neg(0), 0)).toBe(true);
    });

    it('mul 与 decimal.js 相同（积按半数远离零舍到 micro）', () => {
        const r = new Random(SEED + 4);
        for (let i = 0; i < 5_000; i++) {
            // 单价 × 数量：两个量级之积不超过安全范围
            const a = randomMicro(r, r.chance(0.5) ? 12 : 8);
            const b = r.chance(0.3) ? fromInteger(r.int(-50, 50)) : randomMicro(r, 8);
            const expected = micro(decimalOf(a).times(decimalOf(b)));
            expect(mul(a, b), `${a} × ${b}`).toBe(expected);
            expect(mul(b, a), `${b} × ${a}`).toBe(expected);
        }
    });

    it('mul：半数的边界（0.5 micro 远离零）', () => {
        expect(mul(1, 500_000)).toBe(1);          // 0.000001 × 0.5 = 0.0000005 → 0.000001
        expect(mul(-1, 500_000)).toBe(-1);
        expect(mul(1, 499_999)).toBe(0);
        expect(mul(3, 500_000)).toBe(2);          // 0.0000015 → 0.000002
        expect(Object.is(mul(-1, 1), -0)).toBe(false);
        expect(Object.is(mul(0, -5_000_000), 0)).toBe(true);
    });

    it('mul：超出可精确表示的范围时抛 RangeError，而不是悄悄出错', () => {
        expect(() => mul(9_000_000_000_000_000 / 1000 * 7 + 3, 9_000_000_123)).toThrow(RangeError);
    });

    it('div 与 decimal.js 相同；除以 0 为 null', () => {
        const r = new Random(SEED + 5);
        for (let i = 0; i < 5_000; i++) {
            const a = randomMicro(r, 9);
            let b = randomMicro(r, 9);
            if (b === 0) b = 7;
            expect(div(a, b), `${a} ÷ ${b}`).toBe(micro(decimalOf(a).div(decimalOf(b))));
        }
        expect(div(1, 0)).toBeNull();
        expect(div(0, 0)).toBeNull();
        expect(div(fromInteger(1), fromInteger(3))).toBe(333_333);
        expect(div(fromInteger(2), fromInteger(3))).toBe(666_667);
        expect(div(fromInteger(-2), fromInteger(3))).toBe(-666_667);
    });

    it('只舍入一次（F9）：乘、除、多于 6 位小数的输入之后再舍到分，与对精确值舍到分相同', () => {
        // 问题 17 的例子：1.5 × 10.003333 = 15.0049995，先舍到 15.005000 再舍到分是 15.01，一次舍入是 15.00
        expect(roundToFen(mul(1_500_000, 10_003_333))).toBe(15_000_000);
        expect(mul(1_500_000, 10_003_333)).toBe(15_004_999);
        expect(roundToFen(div(45_014_999, 3_000_000)!)).toBe(15_000_000);
        expect(roundToFen(parseDecimal('15.0049995')!)).toBe(15_000_000);
        expect(roundToFen(parseDecimal(15.0049995)!)).toBe(15_000_000);
        expect(roundToFen(parseDecimal('15.0050005')!)).toBe(15_010_000);
        // 精确的半数点不移动：15.005 → 15.01
        expect(mul(1_000_000, 15_005_000)).toBe(15_005_000);
        expect(roundToFen(mul(3_000_000, 5_001_667))).toBe(fenOnce('15.005001'));
        const r = new Random(SEED + 9);
        let ties = 0;
        for (let i = 0; i < 20_000; i++) {
            // 让积落在半分附近：b 随机，a 取使 a × b 接近某个 x.xx5 元的值
            const b = randomMicro(r, 8) || 3;
            const target = new D(r.int(-10_000, 10_000)).plus('0.005').plus(new D(r.int(-3, 3)).div(10_000_000));
            const a = target.div(decimalOf(b)).times(SCALE).toDecimalPlaces(0).toNumber() + r.int(-1, 1);
            const product = decimalOf(a).times(decimalOf(b));
            if (mul(a, b) % 10_000 === 5_000 || micro(product) % 10_000 !== roundToFen(micro(product)) % 10_000) ties++;
            expect(roundToFen(mul(a, b)), `${a} × ${b}`).toBe(fenOnce(product));
            const quotient = decimalOf(a).div(decimalOf(b));
            const q = div(a, b);
            if (q !== null) expect(roundToFen(q), `${a} ÷ ${b}`).toBe(fenOnce(quotient));
            const text = product.toFixed(12);
            const parsed = parseDecimal(text);
            if (parsed !== null) expect(roundToFen(parsed), text).toBe(fenOnce(text));
        }
        expect(ties).toBeGreaterThan(0);
    });

    it('只舍入一次（F9）：之后舍到整数也与对精确值舍入一次相同；不在半数点上的值不动', () => {
        const integerOnce = (value: Decimal.Value) => new D(value).toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber() * SCALE + 0;
        const toInteger = (m: number) => (m < 0 ? -Math.round(-m / SCALE) : Math.round(m / SCALE)) * SCALE + 0;
        const r = new Random(SEED + 11);
        for (let i = 0; i < 20_000; i++) {
            // 积落在 x.5 附近（整数的半数点）
            const b = randomMicro(r, 8) || 3;
            const target = new D(r.int(-10_000, 10_000)).plus('0.5').plus(new D(r.int(-3, 3)).div(10_000_000));
            const a = target.div(decimalOf(b)).times(SCALE).toDecimalPlaces(0).toNumber() + r.int(-1, 1);
            expect(toInteger(mul(a, b)), `${a} × ${b}`).toBe(integerOnce(decimalOf(a).times(decimalOf(b))));
        }
        // 浮点输入的尾巴（0.1 + 0.2）不在半数点上：仍是 0.3，比较 = 0.3 成立
        expect(parseDecimal(0.1 + 0.2)).toBe(300_000);
        expect(parseDecimal('0.30000000000000004')).toBe(300_000);
        expect(mul(parseDecimal('0.1')!, parseDecimal('3.0000001')!)).toBe(300_000);
        // 在分的半数点上才移：0.0049999999 → 0.004999（舍到分为 0.00，与一次舍入相同），而不是 0.005000（→ 0.01）
        expect(parseDecimal('0.0049999999')).toBe(4_999);
    });

    it('单价（6 位小数）× 小数数量：真实场景', () => {
        const pric = parseDecimal('12.345678')!;
        const cnt = parseDecimal('2.5')!;
        expect(mul(pric, cnt)).toBe(micro(new D('12.345678').times('2.5')));
        expect(formatMoney(mul(pric, cnt))).toBe('30.86'); // 30.864195 → 30.86
        expect(formatMoney(mul(parseDecimal('0.333333')!, fromInteger(3)))).toBe('1.00');
        expect(formatMoney(mul(parseDecimal('0.005')!, fromInteger(1)))).toBe('0.01');
    });
});

describe('四舍五入到分与显示', () => {
    it('roundToFen / formatMoney / moneyToNumber 与 decimal.js 相同', () => {
        const r = new Random(SEED + 6);
        for (let i = 0; i < 5_000; i++) {
            const a = randomMicro(r, 15);
            const fen = decimalOf(a).toDecimalPlaces(2, D.ROUND_HALF_UP);
            expect(roundToFen(a), String(a)).toBe(micro(fen));
            expect(formatMoney(a), String(a)).toBe(fen.toFixed(2));
            expect(moneyToNumber(a), String(a)).toBe(Number(fen.toFixed(2)));
        }
    });

    it('分的半数远离零，负数对称', () => {
        expect(formatMoney(5_000)).toBe('0.01');
        expect(formatMoney(4_999)).toBe('0.00');
        expect(formatMoney(-5_000)).toBe('-0.01');
        expect(formatMoney(-4_999)).toBe('0.00');
        expect(formatMoney(0)).toBe('0.00');
        expect(formatMoney(fromInteger(30))).toBe('30.00');
        expect(formatMoney(parseDecimal('0.1')! + parseDecimal('0.2')!)).toBe('0.30');
        expect(Object.is(roundToFen(-4_999), 0)).toBe(true);
        expect(Object.is(moneyToNumber(-4_999), 0)).toBe(true);
    });

    it('formatDecimal：去掉多余的 0，与 decimal.js 的最简文本相同', () => {
        const r = new Random(SEED + 7);
        for (let i = 0; i < 5_000; i++) {
            const a = randomMicro(r, 15);
            expect(formatDecimal(a), String(a)).toBe(decimalOf(a).toFixed());
        }
        expect(formatDecimal(0)).toBe('0');
        expect(formatDecimal(-1)).toBe('-0.000001');
        expect(formatDecimal(fromInteger(3))).toBe('3');
        expect(formatDecimal(2_500_000)).toBe('2.5');
    });

    it('其他小函数', () => {
        expect(fromInteger(7)).toBe(7 * SCALE);
        expect(isWhole(fromInteger(7))).toBe(true);
        expect(isWhole(7_000_001)).toBe(false);
        expect(toPlainNumber(2_500_000)).toBe(2.5);
    });
});

describe('有界的数字文法与精确求和（问题 17-1、17-10）', () => {
    it('指数与位数有上限：超出的返回 null，decimalProblem 说明是“超出范围”而不是“不是数字”', () => {
        for (const text of ['1e-999999999', '1e100000000', '1e41', '1e-41', '1' + '0'.repeat(41), '0.' + '1'.repeat(41), '1e+0999', '9007199254.740992']) {
            expect(parseDecimalString(text), text).toBeNull();
            expect(decimalProblem(text), text).toBe('range');
        }
        for (const text of ['abc', '1e', '--1', '']) expect(decimalProblem(text), text).toBe('syntax');
        expect(decimalProblem(1e300)).toBe('range');
        // 上限以内照常
        expect(parseDecimalString('1e-40')).toBe(0);
        expect(parseDecimalString('1.5e3')).toBe(1_500_000_000);
        expect(parseDecimalString('0000000000000000000000000000000000000000000012.5')).toBe(12_500_000);
        expect(parseDecimalString('9007199254.740991')).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('exactSum：部分和越过安全整数、最终回到范围内时仍精确；超出时抛 ExactRangeError', () => {
        const big = 9_000_000_000_000_000;
        expect(exactSum([big, big, -big, 1])).toBe(big + 1);
        expect(() => exactSum([big, big])).toThrow(ExactRangeError);
        expect(exactSum([1, 2, 3])).toBe(6);
    });

    it('mulToFen：乘积可用 6 位小数表示时精确，否则直接舍入到分', () => {
        expect(mulToFen(1_500_000, 10_003_333)).toBe(15_000_000);
        expect(mulToFen(2_500_000, 12_345_678)).toBe(30_864_195);
        expect(mulToFen(-1_500_000, 10_003_333)).toBe(-15_000_000);
    });
});
