/**
 * 精确十进制：金额、数量、数值都以“百万分之一”为单位的整数表示（micro，1 元 = 1_000_000）。
 *
 * 为什么不用浮点：0.1 + 0.2 ≠ 0.3，而审核金额要精确到分。为什么不用十进制库：运行时不能有依赖，
 * 而且热路径上的整数加减比任何对象化的十进制快得多。输入最多 6 位小数（单价 pric），因此 micro 整数足以精确表示；
 * 在 |值| < 9e9（90 亿元）内，JS 数字能精确表示这些整数，加减比较都是普通整数运算。
 * 乘除会产生更多小数位：先在 BigInt 中精确计算，再四舍五入（半数远离零）回 6 位。
 * 测试用 decimal.js 作为参照实现做差分（见 runtime/test/decimal.test.ts）。
 */

export const SCALE = 1_000_000;
/** 可精确表示的最大绝对值（元 / 个），用于错误信息 */
export const MAX_MAGNITUDE_TEXT = '9007199254.740991';
const SCALE_BIG = 1_000_000n;
const SAFE = Number.MAX_SAFE_INTEGER;

/** JSON 数字或字符串 → micro 整数；无法解析时返回 null。 */
export function parseDecimal(input: unknown): number | null {
    if (typeof input === 'number') {
        if (!Number.isFinite(input)) return null;
        // 对 ≤6 位小数、|x| < 2^32（约 43 亿）的输入，x × 10^6 的最近整数就是精确值：x 本身的表示误差（半个 ulp）
        // 放大后 < 0.24，乘法的舍入误差 < 0.25，合计 < 0.5。更大的数按最短十进制文本精确解析。
        if (Math.abs(input) < 4_294_967_296) {
            const scaled = input * SCALE;
            // 半数远离零，正负对称；+ 0 把 -0 变成 0
            const rounded = (scaled < 0 ? -Math.round(-scaled) : Math.round(scaled)) + 0;
            // 落在舍到分或整数的半数点上而输入可能多于 6 位小数时按文本精确解析（只舍入一次，见 divideMicro）
            if (rounded !== scaled && onCoarseTie(rounded)) return parseDecimalString(String(input));
            return rounded;
        }
        return parseDecimalString(String(input));
    }
    if (typeof input === 'string') return parseDecimalString(input.trim());
    return null;
}

const DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * 数字文法的上限（有界的代价：否则 "1e-999999999" 要造一个十亿位的 BigInt，一个 190 字节的理赔用掉 21 秒与 681 MB）。
 * 有效数字（去掉前导 0 的整数部分 + 小数部分）最多 MAX_DIGITS 位，指数绝对值最多 MAX_EXPONENT；超出的不是“不是数字”，
 * 而是“超出范围”（decimalProblem 说明是哪一种）。可表示的值：|x| ≤ MAX_SAFE_INTEGER 个 micro（约 90 亿）。
 */
export const MAX_DIGITS = 40;
export const MAX_EXPONENT = 40;

export function parseDecimalString(text: string): number | null {
    const match = DECIMAL_PATTERN.exec(text);
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
    const integer = match[2].replace(/^0+/, '');
    const fraction = match[3] ?? '';
    if (integer.length + fraction.length > MAX_DIGITS) return null;
    const exponentText = match[4] ?? '0';
    if (exponentText.replace(/^[+-]?0*/, '').length > 3) return null;
    const givenExponent = Number(exponentText);
    if (Math.abs(givenExponent) > MAX_EXPONENT) return null;
    const sign = match[1] === '-' ? -1n : 1n;
    let digits = (integer || '0') + fraction;
    let exponent = -fraction.length + givenExponent + 6;
    if (exponent >= 0) {
        digits += '0'.repeat(exponent);
        exponent = 0;
    }
    let value = BigInt(digits);
    if (exponent < 0) {
        const divisor = 10n ** BigInt(-exponent);
        value = divideMicro(value, divisor);
    }
    return toNumber(sign * value);
}

/** parseDecimal 返回 null 的原因：'syntax' 不是数字，'range' 是数字但超出范围（位数、指数或大小）。只在报告错误时调用。 */
export function decimalProblem(input: unknown): 'syntax' | 'range' {
    if (typeof input === 'number') return Number.isFinite(input) ? 'range' : 'syntax';
    if (typeof input !== 'string') return 'syntax';
    const match = DECIMAL_PATTERN.exec(input.trim());
    return !match || (match[2] === '' && (match[3] ?? '') === '') ? 'syntax' : 'range';
}

/** 结果超出可精确表示的范围（|x| > MAX_SAFE_INTEGER 个 micro，约 90 亿）：不悄悄漂移，而是让调用方报告。 */
export class ExactRangeError extends RangeError {
    constructor(what = '金额') {
        super(`${what}超出可精确表示的范围（绝对值不超过 ${MAX_MAGNITUDE_TEXT}）`);
        this.name = 'ExactRangeError';
    }
}

/**
 * 精确求和：普通数字相加；只要部分和超出安全整数（精度可能已丢），就在 BigInt 中重算。结果在范围内时返回它（精确），
 * 超出时抛 ExactRangeError（不返回一个差了几百元的近似值）。
 */
export function exactSum(values: readonly number[]): number {
    let total = 0;
    let unsafe = false;
    for (let i = 0; i < values.length; i++) {
        total += values[i];
        if (total > SAFE || total < -SAFE) unsafe = true;
    }
    if (!unsafe) return total + 0;
    let big = 0n;
    for (let i = 0; i < values.length; i++) big += BigInt(values[i]);
    const result = toNumber(big);
    if (result === null) throw new ExactRangeError();
    return result;
}

/** 部分和是否仍精确（累加时逐步检查用）。 */
export function isExact(total: number): boolean {
    return total <= SAFE && total >= -SAFE;
}

/**
 * 金额 = 数量 × 单价：乘积能用 6 位小数精确表示时就是它；否则直接四舍五入到分——只舍入一次
 * （先舍入到 6 位、输出时再舍入到分会差一分：1.5 × 10.003333 = 15.0049995 → 15.005 → 15.01，应为 15.00）。
 */
export function mulToFen(a: number, b: number): number {
    const product = BigInt(a) * BigInt(b);
    const exact = product % SCALE_BIG === 0n ? product / SCALE_BIG : divideRound(product, SCALE_BIG * 10_000n) * 10_000n;
    const result = toNumber(exact);
    if (result === null) throw new ExactRangeError();
    return result;
}

function toNumber(value: bigint): number | null {
    if (value > BigInt(SAFE) || value < -BigInt(SAFE)) return null;
    return Number(value) + 0;
}

/**
 * 只舍入一次（语义 F9）：中间结果（乘、除、多于 6 位小数的输入）舍到 micro 之后，金额输出还要舍到分、整数量还要舍到整数；
 * 两次“四舍五入”会差一分（1.5 × 10.003333 = 15.0049995 → 15.005000 → 15.01，一次舍入应为 15.00）。
 * 因此舍到 micro 时，不精确的结果若恰好落在之后舍入的半数点上——分的半数点（|q| mod 10000 = 5000）或整数的半数点
 * （|q| mod 1000000 = 500000）——就改取朝精确值一侧的相邻 micro：误差仍不超过 1 micro，之后舍到分或整数与对精确值舍入一次相同。
 * 不在半数点上的不动（0.1 + 0.2 的浮点输入 0.30000000000000004 仍是 0.3，不是 0.300001）。SQL 后端的 zs_rdiv_micro 同此。
 */
export function onCoarseTie(q: number | bigint): boolean {
    if (typeof q === 'number') {
        const a = Math.abs(q);
        return a % 10000 === 5000 || a % 1000000 === 500000;
    }
    const a = q < 0n ? -q : q;
    return a % 10000n === 5000n || a % 1000000n === 500000n;
}

/** n ÷ d 舍到整数（半数远离零），不精确且落在分或整数的半数点上时朝精确值移一位。 */
function divideMicro(numerator: bigint, denominator: bigint): bigint {
    const q = divideRound(numerator, denominator);
    if (!onCoarseTie(q)) return q;
    const remainder = numerator - q * denominator;
    if (remainder === 0n) return q;
    return (remainder < 0n) === (denominator < 0n) ? q + 1n : q - 1n;
}

/** 整数除法，四舍五入（半数远离零）。 */
function divideRound(numerator: bigint, denominator: bigint): bigint {
    const negative = (numerator < 0n) !== (denominator < 0n);
    const n = numerator < 0n ? -numerator : numerator;
    const d = denominator < 0n ? -denominator : denominator;
    let q = n / d;
    if ((n % d) * 2n >= d) q += 1n;
    return negative ? -q : q;
}

export function fromInteger(n: number): number {
    return n * SCALE;
}

export function add(a: number, b: number): number {
    return a + b;
}

export function sub(a: number, b: number): number {
    return a - b;
}

/** a × b（均为 micro），结果四舍五入到 micro。 */
export function mul(a: number, b: number): number {
    // 快路径：一方是整数倍（如数量 3 × 单价），且乘积在安全范围内
    if (a % SCALE === 0) {
        const product = (a / SCALE) * b;
        if (Math.abs(product) <= SAFE) return product + 0;
    } else if (b % SCALE === 0) {
        const product = a * (b / SCALE);
        if (Math.abs(product) <= SAFE) return product + 0;
    }
    const exact = divideMicro(BigInt(a) * BigInt(b), SCALE_BIG);
    const result = toNumber(exact);
    if (result === null) throw new ExactRangeError();
    return result;
}

/** a ÷ b（均为 micro），结果四舍五入到 micro；除以 0 返回 null。 */
export function div(a: number, b: number): number | null {
    if (b === 0) return null;
    const exact = divideMicro(BigInt(a) * SCALE_BIG, BigInt(b));
    return toNumber(exact);
}

/** a ÷ b（a 为整数，b 为 micro）直接舍到整数（半数远离零），不经过 micro：整数量 ÷ 数值只舍入一次。 */
export function divToWhole(a: number, b: number): number | null {
    if (b === 0) return null;
    return toNumber(divideRound(BigInt(a) * SCALE_BIG, BigInt(b)));
}

export function neg(a: number): number {
    return -a + 0;
}

/** 四舍五入到分（micro 的 10_000 倍）。 */
export function roundToFen(a: number): number {
    const fen = 10_000;
    const q = Math.trunc(a / fen);
    const r = a - q * fen;
    let result = q;
    if (Math.abs(r) * 2 >= fen) result += a < 0 ? -1 : 1;
    return result * fen + 0;
}

/** 金额输出：两位小数字符串（按分四舍五入），如 "12.35"。 */
export function formatMoney(a: number): string {
    const fen = roundToFen(a) / 10_000;
    const negative = fen < 0;
    const abs = Math.abs(fen);
    const yuan = Math.trunc(abs / 100);
    const cents = abs % 100;
    return `${negative ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** 金额输出为 JSON 数字（两位小数，精确到分）。 */
export function moneyToNumber(a: number): number {
    // 与 Number(formatMoney(a)) 相同：两者都是“分数 / 100”这个有理数的正确舍入（除法与十进制文本解析都正确舍入），
    // 但不经过字符串（每条结果、每条明细都要算）。
    return roundToFen(a) / SCALE;
}

/** 通用数值显示：去掉多余的 0，如 3、2.5、0.333333。 */
export function formatDecimal(a: number): string {
    const negative = a < 0;
    const abs = Math.abs(a);
    const integer = Math.trunc(abs / SCALE);
    const fraction = String(abs % SCALE).padStart(6, '0').replace(/0+$/, '');
    const text = fraction ? `${integer}.${fraction}` : `${integer}`;
    return negative && text !== '0' ? `-${text}` : text;
}

/** micro 整数 → 普通数字（用于显示数量等，不用于金额运算）。 */
export function toPlainNumber(a: number): number {
    return a / SCALE;
}

export function isWhole(a: number): boolean {
    return a % SCALE === 0;
}
