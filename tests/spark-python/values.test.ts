/**
 * 差分测试：Spark 作业 Python 部分的值函数（spark/zhishen_job/values.py、jsvalues.py、assemble.py 的 format_value）与运行时
 * 逐个相同：Number → 文本（JSON 的数字）、Number(文本)（trig_scen）、金额与数量的解析、日期时间的解析、cyrb53（请求键）与
 * FNV-1a（jr_id）、formatValue 的各种显示类型、按分舍入。边界值手写，其余随机（种子固定）。
 */
import { describe, expect, it } from 'vitest';
import { contentHash, formatValue, fnv1a64 } from '@zhishen/runtime';
import { ExactRangeError, formatMoney, mulToFen, parseDecimal, roundToFen } from '../../runtime/src/values/decimal.js';
import { parseDateTime } from '../../runtime/src/values/dates.js';
import { Random, seedFromEnv } from '../support/random.js';
import { runPython } from './python.js';

const SEED = seedFromEnv(20261203);

function js(fn: string, args: unknown[]): unknown {
    try {
        switch (fn) {
            case 'numberToString': return String(args[0] as number);
            case 'toNumber': return String(Number(args[0] as string));
            case 'parseDecimal': return parseDecimal(args[0]);
            case 'parseDateTime': {
                const r = parseDateTime(args[0]);
                return r === undefined ? 'invalid' : r === null ? null : [r.day, r.minute, r.hasTime];
            }
            case 'contentHash': return contentHash(args[0] as string);
            case 'fnv1a64': return fnv1a64(args[0] as string);
            case 'formatValue': return formatValue(args[0], args[1] as string);
            case 'formatMoney': return formatMoney(args[0] as number);
            case 'mulToFen': return mulToFen(args[0] as number, args[1] as number);
            case 'roundToFen': return roundToFen(args[0] as number);
        }
    } catch (error) {
        if (error instanceof ExactRangeError) return 'ExactRangeError';
        throw error;
    }
    throw new Error(fn);
}

function cases(): unknown[][] {
    const r = new Random(SEED);
    const out: unknown[][] = [];
    const numbers = [0, -0, 1, -1, 0.1, 0.1 + 0.2, 1e21, 1e-7, 1.5e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 4294967296, 4294967295.999999,
        12.345, -9007199254.740991, 0.0000005, 0.0000015, 2.5, -2.5, 1e-6, 9.999999e20, 100, 1e16];
    for (let k = 0; k < 400; k++) numbers.push((r.float() - 0.5) * 10 ** r.int(-12, 25), Math.round((r.float() - 0.5) * 10 ** r.int(0, 12)) / 10 ** r.int(0, 8));
    for (const x of numbers) out.push(['numberToString', x], ['parseDecimal', x]);
    const texts = ['', ' ', '12', ' 12.5 ', '+1', '-0', '1e3', '1E-7', '.5', '5.', '0x10', '0b11', '0o7', 'Infinity', '-Infinity', '1_000', '１２', '\u3000 7 \ufeff', '1e400',
        '12,5', 'NaN', '9007199254.740991', '9007199254.740992', '1' + '0'.repeat(39), '1' + '0'.repeat(40), '1e40', '1e41', '1e-40', '0.0000005', '-0.0000005', '00012.3400', '1e0003'];
    for (const t of texts) out.push(['toNumber', t], ['parseDecimal', t]);
    const dates = ['2024-03-01', '2024-03-01 08:30', '2024-03-01 08:30:59', '2024-03-01T08:30:00', '2024-3-1', '2024/03/01 7:05', '2024.3.1', '20240301', '2024111',
        '2024-02-29', '2023-02-29', '2024-13-01', '2024-03-01 24:00', '2024-03-01 10:00:60', ' 2024-03-01 ', '2024-03-01Z', '2024-03-01T08:00:00Z', '2024-03-01T08:00:00+14:00',
        '2024-03-01T08:00:00+15:00', '2024-03-01T08:00:00-0530', '2024-03-01 08:00:00.123 +0800', '1900-01-01', '0001-01-01', '9999-12-31 23:59', '１９９０-01-01', '2024-03-01\n',
        20240301, null, true, '2024-03-01T08:00:00+08', '1969-12-31 23:59'];
    for (const d of dates) out.push(['parseDateTime', d]);
    const strings = ['', 'a', '患者', '😀', '\ud800', 'P|M', 'x'.repeat(1000), '{"patient_dtos":[]}'];
    for (let k = 0; k < 50; k++) strings.push(Array.from({ length: r.int(0, 40) }, () => String.fromCharCode(r.int(0, 0xffff))).join(''));
    for (const s of strings) out.push(['contentHash', s], ['fnv1a64', s]);
    const micro = [0, 1, 4999, 5000, -5000, -5001, 12_345_678, -12_345_678, 9_007_199_254_740_991, -9_007_199_254_740_991, 10_000, 123_450_000, 1_000_000 * 86400];
    for (let k = 0; k < 200; k++) micro.push(Math.round((r.float() - 0.5) * 10 ** r.int(0, 15)));
    for (const m of micro) {
        out.push(['formatMoney', m], ['roundToFen', m]);
        for (const t of ['money', 'price', 'quantity', 'number', 'duration', 'age', 'boolean', 'text']) out.push(['formatValue', m, t]);
        if (Math.abs(m) < 1e12) out.push(['formatValue', Math.round(m / 1e6), 'date'], ['formatValue', Math.round(m / 1e3), 'datetime'], ['formatValue', m % 100_000, 'duration']);
    }
    for (const v of [null, true, false, 'x', ['a', 'b'], [1_000_000, 2_500_000], Array.from({ length: 12 }, (_, i) => `c${i}`), [], { rx_id: 'R1', hilist_name: '药' }, { mdtrt_id: 'E1' }]) {
        for (const t of ['money', 'text', 'boolean', 'list:money', 'set:text', 'list:text', 'record:line', 'record:encounter', 'record:diagnosis', 'record:other']) out.push(['formatValue', v, t]);
    }
    for (const [a, b] of [[1_500_000, 10_003_333], [3_000_000, 12_345_678], [9_007_199_254, 1_000_000_000], [-2_000_000, 333_333], [9_007_199_254_740_991, 1]]) out.push(['mulToFen', a, b]);
    return out;
}

describe('Python 值函数 ≡ 运行时', () => {
    it(`数字、金额、日期、哈希、显示（种子 ${SEED}）`, () => {
        const all = cases();
        const py = runPython(['values'], all);
        expect(py.length).toBe(all.length);
        const mismatches = all.map((c, n) => ({ c, js: JSON.stringify(js(c[0] as string, c.slice(1))), py: py[n] })).filter(m => m.js !== m.py);
        expect(mismatches.slice(0, 8)).toEqual([]);
        expect(all.length).toBeGreaterThan(3000);
    });
});
