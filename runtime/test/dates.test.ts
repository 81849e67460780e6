/**
 * 日期：民用日历换算（对照 JS Date 的 UTC 日历）、解析、周岁（生日当天、2 月 29 日）、显示、月初 / 年初。
 */
import { describe, expect, it } from 'vitest';
import {
    ageInYears, civilFromDays, daysFromCivil, formatDate, formatDateTime, formatDuration, MINUTES_PER_DAY, monthStart, parseDateTime, yearStart, addMonths
} from '../src/values/dates.js';

const DAY_MS = 86_400_000;

function utcDays(year: number, month: number, day: number): number {
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(0, 0, 0, 0);
    return Math.round(d.getTime() / DAY_MS);
}

function isLeap(year: number): boolean {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const day = (text: string) => parseDateTime(text)!.day;

describe('民用日历', () => {
    it('1000-01-01 到 3000-12-31 每一天：天数 ↔ 日期往返，并与 JS Date 一致', () => {
        const first = utcDays(1000, 1, 1);
        const last = utcDays(3000, 12, 31);
        expect(daysFromCivil(1000, 1, 1)).toBe(first);
        expect(daysFromCivil(3000, 12, 31)).toBe(last);
        expect(daysFromCivil(1, 1, 1)).toBe(utcDays(1, 1, 1));
        expect(daysFromCivil(9999, 12, 31)).toBe(utcDays(9999, 12, 31));
        let expected = { year: 1000, month: 1, day: 1 };
        const length = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
        for (let n = first; n <= last; n++) {
            const civil = civilFromDays(n);
            if (civil.year !== expected.year || civil.month !== expected.month || civil.day !== expected.day) {
                expect(civil, `天数 ${n}`).toEqual(expected);
            }
            if (daysFromCivil(civil.year, civil.month, civil.day) !== n) expect(daysFromCivil(civil.year, civil.month, civil.day), `天数 ${n}`).toBe(n);
            // 下一天
            expected = expected.day < length(expected.year, expected.month) ? { ...expected, day: expected.day + 1 }
                : expected.month < 12 ? { year: expected.year, month: expected.month + 1, day: 1 } : { year: expected.year + 1, month: 1, day: 1 };
        }
    });

    it('纪元与闰年的锚点', () => {
        expect(daysFromCivil(1970, 1, 1)).toBe(0);
        expect(daysFromCivil(1969, 12, 31)).toBe(-1);
        expect(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28)).toBe(2); // 2000 是闰年
        expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1); // 1900 不是
        expect(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28)).toBe(2);
        expect(daysFromCivil(2100, 3, 1) - daysFromCivil(2100, 2, 28)).toBe(1);
        for (const y of [1900, 1999, 2000, 2023, 2024, 2100, 2400]) expect(utcDays(y, 12, 31) - utcDays(y, 1, 1) + 1).toBe(isLeap(y) ? 366 : 365);
    });
});

describe('parseDateTime', () => {
    it('接受的写法', () => {
        const base = daysFromCivil(2024, 3, 1);
        expect(parseDateTime('2024-03-01')).toEqual({ day: base, minute: base * MINUTES_PER_DAY, hasTime: false });
        expect(parseDateTime('2024-03-01 08:30:00')).toEqual({ day: base, minute: base * MINUTES_PER_DAY + 510, hasTime: true });
        expect(parseDateTime('2024-03-01T08:30')!.minute).toBe(base * MINUTES_PER_DAY + 510);
        expect(parseDateTime('2024-03-01 8:05')!.minute).toBe(base * MINUTES_PER_DAY + 485);
        expect(parseDateTime('2024/3/1')!.day).toBe(base);
        expect(parseDateTime('2024.03.01')!.day).toBe(base);
        expect(parseDateTime('20240301')!.day).toBe(base);
        expect(parseDateTime('  2024-03-01  ')!.day).toBe(base);
        expect(parseDateTime('2024-03-01 23:59:59.123')!.minute).toBe(base * MINUTES_PER_DAY + 23 * 60 + 59);
        // 时区：换算到北京时间（UTC+8）；不带时区的按当地时间
        expect(parseDateTime('2024-03-01T00:30:00Z')!.minute).toBe(base * MINUTES_PER_DAY + 510);
        expect(parseDateTime('2024-03-01T08:30:00+08:00')!.minute).toBe(base * MINUTES_PER_DAY + 510);
        expect(parseDateTime('2024-03-01T08:30:00+0800')!.minute).toBe(base * MINUTES_PER_DAY + 510);
        expect(parseDateTime('2024-02-29T19:30:00-05:00')!).toEqual({ day: base, minute: base * MINUTES_PER_DAY + 510, hasTime: true });
        expect(parseDateTime('2024-03-01T20:00:00Z')!.day).toBe(base + 1);
        expect(parseDateTime('2024-02-29')!.day).toBe(daysFromCivil(2024, 2, 29));
        expect(parseDateTime('2000-02-29')!.day).toBe(daysFromCivil(2000, 2, 29));
    });

    it('空值为 null', () => {
        expect(parseDateTime(null)).toBeNull();
        expect(parseDateTime(undefined)).toBeNull();
        expect(parseDateTime('')).toBeNull();
    });

    it('格式错误或不存在的日期为 undefined（调用方报告字段错误）', () => {
        for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-32', '2024-03-01 24:00', '2024-03-01 12:60', '2024-03-01 12:00:60', '2024-03-01 12:00:99', '2024-03-01T12:00:00+15:00', '2024-03-01T12:00:00+08:60',
            'abc', '2024-3', '24-03-01', '2024-03-01X', '   ', 20240301, true, {}, ['2024-03-01'],
            // 紧凑写法只接受 8 位（2024111 是 1 月 11 日还是 11 月 1 日？）；分隔符前后一致
            '2024111', '202431', '2024031', '2024-0301', '202403-01', '2024/03-01', '2024.3/1']) {
            expect(parseDateTime(bad), JSON.stringify(bad)).toBeUndefined();
        }
    });
});

describe('周岁', () => {
    it('生日当天满岁，前一天不满', () => {
        const birth = day('2006-03-15');
        expect(ageInYears(birth, day('2024-03-14'))).toBe(17);
        expect(ageInYears(birth, day('2024-03-15'))).toBe(18);
        expect(ageInYears(birth, day('2024-03-16'))).toBe(18);
        expect(ageInYears(birth, birth)).toBe(0);
        expect(ageInYears(birth, day('2007-03-14'))).toBe(0);
        expect(ageInYears(birth, day('2007-03-15'))).toBe(1);
    });

    it('2 月 29 日出生：平年 3 月 1 日满岁，闰年 2 月 29 日满岁', () => {
        const birth = day('2008-02-29');
        expect(ageInYears(birth, day('2026-02-28'))).toBe(17);
        expect(ageInYears(birth, day('2026-03-01'))).toBe(18);
        expect(ageInYears(birth, day('2028-02-28'))).toBe(19);
        expect(ageInYears(birth, day('2028-02-29'))).toBe(20);
        expect(ageInYears(birth, day('2009-02-28'))).toBe(0);
        expect(ageInYears(birth, day('2009-03-01'))).toBe(1);
    });

    it('跨年末、百年', () => {
        expect(ageInYears(day('1999-12-31'), day('2000-01-01'))).toBe(0);
        expect(ageInYears(day('1999-12-31'), day('2000-12-31'))).toBe(1);
        expect(ageInYears(day('1924-05-01'), day('2024-05-01'))).toBe(100);
        expect(ageInYears(day('1924-05-01'), day('2024-04-30'))).toBe(99);
    });

    it('与逐年计数的朴素算法一致（随机）', () => {
        let seed = 7;
        const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let i = 0; i < 5_000; i++) {
            const b = daysFromCivil(1900, 1, 1) + Math.floor(rand() * 45_000);
            const a = b + Math.floor(rand() * 40_000);
            const birth = civilFromDays(b);
            let years = 0;
            // 朴素：满 n 岁的日子是第 n 个生日（2 月 29 日在平年顺延到 3 月 1 日）
            for (;;) {
                const y = birth.year + years + 1;
                const anniversary = birth.month === 2 && birth.day === 29 && !isLeap(y) ? daysFromCivil(y, 3, 1) : daysFromCivil(y, birth.month, birth.day);
                if (anniversary > a) break;
                years++;
            }
            expect(ageInYears(b, a), `${formatDate(b)} → ${formatDate(a)}`).toBe(years);
        }
    });
});

describe('显示与日历函数', () => {
    it('formatDate / formatDateTime', () => {
        expect(formatDate(0)).toBe('1970-01-01');
        expect(formatDate(-1)).toBe('1969-12-31');
        expect(formatDate(daysFromCivil(2024, 2, 29))).toBe('2024-02-29');
        expect(formatDateTime(daysFromCivil(2024, 3, 1) * MINUTES_PER_DAY + 9 * 60 + 5)).toBe('2024-03-01 09:05');
        expect(formatDateTime(-1)).toBe('1969-12-31 23:59');
    });

    it('formatDuration', () => {
        expect(formatDuration(0)).toBe('0天');
        expect(formatDuration(MINUTES_PER_DAY)).toBe('1天');
        expect(formatDuration(15 * MINUTES_PER_DAY)).toBe('15天');
        expect(formatDuration(-3 * MINUTES_PER_DAY)).toBe('-3天');
        expect(formatDuration(120)).toBe('2小时');
        expect(formatDuration(90)).toBe('90分钟');
        expect(formatDuration(MINUTES_PER_DAY + 180)).toBe('1天3小时');
    });

    it('monthStart / yearStart', () => {
        expect(formatDate(monthStart(day('2024-02-29')))).toBe('2024-02-01');
        expect(formatDate(monthStart(day('2024-03-01')))).toBe('2024-03-01');
        expect(formatDate(yearStart(day('2024-12-31')))).toBe('2024-01-01');
        expect(formatDate(yearStart(day('1969-06-30')))).toBe('1969-01-01');
    });

    it('addMonths：跨年、负数、目标月没有那一天时取月末', () => {
        const add = (d: string, n: number) => formatDate(addMonths(day(d), n));
        expect(add('2024-03-15', 12)).toBe('2025-03-15');
        expect(add('2024-01-31', 1)).toBe('2024-02-29');
        expect(add('2023-01-31', 1)).toBe('2023-02-28');
        expect(add('2024-11-30', 3)).toBe('2025-02-28');
        expect(add('2024-03-31', -1)).toBe('2024-02-29');
        expect(add('2024-01-15', -13)).toBe('2022-12-15');
        expect(add('2024-12-01', 1)).toBe('2025-01-01');
    });
});
