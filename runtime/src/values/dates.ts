/**
 * 日期与时间：日期用“自 1970-01-01 起的天数”（整数），日期时间用“自 1970-01-01 00:00 起的分钟数”（整数），
 * 时长用分钟数。全部按民用日历计算：医保数据中的时间都是机构当地时间（北京时间）；带时区后缀的换算到北京时间。
 */

export const MINUTES_PER_DAY = 1440;

// 年月日：用同一种分隔符（2024-3-1、2024/03/01、2024.03.01），或紧凑的 8 位数字（20240301）；
// 不接受 2024111 这种有歧义的写法（1 月 11 日还是 11 月 1 日）
// 带时区（Z、+08:00、-0500）的时间换算到北京时间（UTC+8，医保数据的当地时间）；不带时区的按当地时间原样。
const DATE_PATTERN = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
/** 医保数据的当地时间：UTC+8（分钟） */
const LOCAL_OFFSET = 480;

/** 民用日期 → 天数（Howard Hinnant 的 days_from_civil 算法）。 */
export function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const mp = (month + 9) % 12;
    const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const y = yoe + era * 400;
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    return { year: month <= 2 ? y + 1 : y, month, day };
}

function daysInMonth(year: number, month: number): number {
    if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface ParsedDateTime {
    /** 天数 */
    day: number;
    /** 分钟数（只有日期时为当天 0 点） */
    minute: number;
    hasTime: boolean;
}

/**
 * 解析 "2024-03-01"、"2024-03-01 08:30:00"、"2024-03-01T08:30"、"2024/3/1"、"20240301"。
 * 空值返回 null；格式不对返回 undefined（调用方据此报告字段错误）。
 */
export function parseDateTime(input: unknown): ParsedDateTime | null | undefined {
    if (input === null || input === undefined || input === '') return null;
    if (typeof input !== 'string') return undefined;
    // 快路径：上传数据几乎都是 "YYYY-MM-DD"、"YYYY-MM-DD HH:MM"、"YYYY-MM-DD HH:MM:SS"（或用 T 分隔），逐字符解析，
    // 与下面正则的结果完全相同（这些形状在正则里只有一种匹配方式）；其余写法走正则。
    const length = input.length;
    if ((length === 10 || length === 16 || length === 19) && input.charCodeAt(4) === 45 && input.charCodeAt(7) === 45) {
        const year = digits(input, 0, 4);
        const month = digits(input, 5, 2);
        const day = digits(input, 8, 2);
        if (year >= 0 && month >= 0 && day >= 0) {
            if (length === 10) return civil(year, month, day, 0, 0, false);
            const sep = input.charCodeAt(10);
            if ((sep === 32 || sep === 84) && input.charCodeAt(13) === 58 && (length === 16 || input.charCodeAt(16) === 58)) {
                const hour = digits(input, 11, 2);
                const minute = digits(input, 14, 2);
                if (hour >= 0 && minute >= 0 && (length === 16 || digits(input, 17, 2) >= 0)) return civil(year, month, day, hour, minute, true, length === 16 ? 0 : digits(input, 17, 2));
            }
        }
    }
    const match = DATE_PATTERN.exec(input.trim());
    if (!match) return undefined;
    const parsed = civil(Number(match[1]), Number(match[3] ?? match[5]), Number(match[4] ?? match[6]), match[7] === undefined ? 0 : Number(match[7]), match[8] === undefined ? 0 : Number(match[8]), match[7] !== undefined,
        match[9] === undefined ? 0 : Number(match[9]));
    if (!parsed || match[10] === undefined) return parsed;
    return shiftToLocal(parsed, match[10]);
}

/** 时区后缀：Z 或 ±hh[:]mm（小时 ≤ 14、分钟 ≤ 59），换算到 UTC+8。 */
function shiftToLocal(parsed: ParsedDateTime, zone: string): ParsedDateTime | undefined {
    let offset = 0;
    if (zone !== 'Z') {
        const hours = Number(zone.slice(1, 3));
        const minutes = Number(zone.slice(-2));
        if (hours > 14 || minutes > 59) return undefined;
        offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
    }
    const minute = parsed.minute - offset + LOCAL_OFFSET;
    return { day: Math.floor(minute / MINUTES_PER_DAY), minute, hasTime: parsed.hasTime };
}

/** text[start, start + count) 全是数字时返回其值，否则 -1。 */
function digits(text: string, start: number, count: number): number {
    let value = 0;
    for (let i = start; i < start + count; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return -1;
        value = value * 10 + c;
    }
    return value;
}

/** 校验年月日时分并换算；不合法返回 undefined。 */
function civil(year: number, month: number, day: number, hour: number, minute: number, hasTime: boolean, second = 0): ParsedDateTime | undefined {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    const days = daysFromCivil(year, month, day);
    return { day: days, minute: days * MINUTES_PER_DAY + hour * 60 + minute, hasTime };
}

function pad(n: number, width = 2): string {
    return String(n).padStart(width, '0');
}

export function formatDate(days: number): string {
    const { year, month, day } = civilFromDays(days);
    return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function formatDateTime(minutes: number): string {
    const days = Math.floor(minutes / MINUTES_PER_DAY);
    const rest = minutes - days * MINUTES_PER_DAY;
    return `${formatDate(days)} ${pad(Math.floor(rest / 60))}:${pad(rest % 60)}`;
}

/** 周岁：到 at 日为止满了几年（生日当天算满）。2 月 29 日出生者在平年 3 月 1 日满岁。 */
export function ageInYears(birthDay: number, atDay: number): number {
    const birth = civilFromDays(birthDay);
    const at = civilFromDays(atDay);
    let age = at.year - birth.year;
    if (at.month < birth.month || (at.month === birth.month && at.day < birth.day)) age -= 1;
    return age;
}

/** 时长（分钟）的中文显示：整天显示“N天”，否则“N小时”或“N天M小时”。 */
export function formatDuration(minutes: number): string {
    const negative = minutes < 0;
    const abs = Math.abs(minutes);
    let text: string;
    if (abs % MINUTES_PER_DAY === 0) text = `${abs / MINUTES_PER_DAY}天`;
    else if (abs < MINUTES_PER_DAY) text = abs % 60 === 0 ? `${abs / 60}小时` : `${abs}分钟`;
    else {
        const days = Math.floor(abs / MINUTES_PER_DAY);
        const hours = Math.round((abs - days * MINUTES_PER_DAY) / 60);
        text = `${days}天${hours}小时`;
    }
    return negative ? `-${text}` : text;
}

export function monthStart(days: number): number {
    const { year, month } = civilFromDays(days);
    return daysFromCivil(year, month, 1);
}

export function yearStart(days: number): number {
    return daysFromCivil(civilFromDays(days).year, 1, 1);
}

/**
 * 日期所在医保年度的第一天：年度从 startMonth 月 1 日开始（1–12；各地不同，默认 1 月即自然年）。
 * 例：起始月 7，2024-03-05 → 2023-07-01，2024-08-01 → 2024-07-01。
 */
export function insuranceYearStart(days: number, startMonth: number): number {
    const { year, month } = civilFromDays(days);
    return daysFromCivil(month >= startMonth ? year : year - 1, startMonth, 1);
}

/** 加若干个自然月（可为负）；目标月没有那一天时取月末。 */
export function addMonths(days: number, months: number): number {
    const { year, month, day } = civilFromDays(days);
    const index = year * 12 + (month - 1) + months;
    const y = Math.floor(index / 12);
    const m = index - y * 12 + 1;
    const last = daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
    return daysFromCivil(y, m, Math.min(day, last));
}
