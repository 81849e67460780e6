/**
 * parseDateTime 的快路径（常见的 "YYYY-MM-DD[ HH:MM[:SS]]" 逐字符解析）与正则参照实现结果完全相同。
 */
import { describe, expect, it } from 'vitest';
import { daysFromCivil, MINUTES_PER_DAY, parseDateTime } from '../src/values/dates.js';
import { Random } from '../../tests/support/random.js';

// 年月日用同一种分隔符，或紧凑的 8 位数字（不接受 2024111 这种有歧义的写法）
const PATTERN = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** 参照实现：只用正则（快路径加入之前的写法）。 */
function reference(input: unknown) {
    if (input === null || input === undefined || input === '') return null;
    if (typeof input !== 'string') return undefined;
    const match = PATTERN.exec(input.trim());
    if (!match) return undefined;
    const year = Number(match[1]);
    const month = Number(match[3] ?? match[5]);
    const day = Number(match[4] ?? match[6]);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const dim = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
    if (month < 1 || month > 12 || day < 1 || day > dim) return undefined;
    const hour = match[7] === undefined ? 0 : Number(match[7]);
    const minute = match[8] === undefined ? 0 : Number(match[8]);
    const second = match[9] === undefined ? 0 : Number(match[9]);
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    const days = daysFromCivil(year, month, day);
    let local = days * MINUTES_PER_DAY + hour * 60 + minute;
    const zone = match[10];
    if (zone !== undefined) {
        // 时区换算到北京时间（UTC+8）
        const sign = zone[0] === '-' ? -1 : 1;
        const offset = zone === 'Z' ? 0 : sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
        if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(-2)) > 59)) return undefined;
        local = local - offset + 480;
        return { day: Math.floor(local / MINUTES_PER_DAY), minute: local, hasTime: match[7] !== undefined };
    }
    return { day: days, minute: local, hasTime: match[7] !== undefined };
}

describe('parseDateTime 快路径', () => {
    it('常见写法与边界值', () => {
        const cases = [
            '2024-03-01', '2024-03-01 08:30:00', '2024-03-01T08:30', '2024-03-01 08:30', '2024-02-29', '2023-02-29', '2024-13-01', '2024-00-10',
            '2024-04-31', '2024-03-01 24:00:00', '2024-03-01 23:60:00', '2024-03-01 23:59:99', '2024-03-01 08:30:0x', '2024-03-0a', '2024/03/01',
            ' 2024-03-01', '2024-03-01 ', '2024-03-01 08:30:00Z', '2024-03-01 8:30:00', '20240301', '2024-3-1', '0000-01-01', '9999-12-31 23:59:59',
            '2024-03-01X08:30:00', '2024-03-01 08-30-00', '2024-03-01T20:30:00Z', '2024-03-01T08:30:00-05:00', '2024-03-01T08:30:00+1500', '2024-03-01 23:59:60', '２０２４-03-01', '', null, undefined, 20240301
        ];
        for (const c of cases) expect(parseDateTime(c), String(c)).toEqual(reference(c));
    });

    it('随机字符串（按常见形状变异）与参照实现相同', () => {
        const r = new Random(7);
        const chars = '0123456789-: T/.Zx';
        for (let n = 0; n < 20_000; n++) {
            const length = r.pick([10, 16, 19, 10, 16, 19, 8, 17, 20]);
            const base = `${String(r.int(0, 9999)).padStart(4, '0')}-${String(r.int(0, 13)).padStart(2, '0')}-${String(r.int(0, 32)).padStart(2, '0')}${r.pick([' ', 'T'])}${String(r.int(0, 25)).padStart(2, '0')}:${String(r.int(0, 61)).padStart(2, '0')}:${String(r.int(0, 99)).padStart(2, '0')}`;
            let text = base.slice(0, length);
            if (r.chance(0.3)) {
                const at = r.int(0, text.length - 1);
                text = text.slice(0, at) + r.pick([...chars]) + text.slice(at + 1);
            }
            expect(parseDateTime(text), text).toEqual(reference(text));
        }
    });
});
