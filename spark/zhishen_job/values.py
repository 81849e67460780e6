"""runtime/src/values（decimal.ts、dates.ts）与 runtime/src/engine/hash.ts 的移植：micro 整数金额、天数与分钟数、
cyrb53 内容哈希（请求键）、FNV-1a 64（jr_id）。逐位相同——差分测试（tests/spark-python）对照 JS。"""
from __future__ import annotations

import math
import re
import sys
from array import array

from .jsvalues import JS_WS, SAFE, WS_CLASS, imul, is_number, js_number_to_string, js_round, js_trim

SCALE = 1_000_000
MAX_MAGNITUDE_TEXT = '9007199254.740991'
MAX_DIGITS = 40
MAX_EXPONENT = 40
MINUTES_PER_DAY = 1440


class ExactRangeError(Exception):
    def __init__(self, what: str = '金额'):
        super().__init__(f'{what}超出可精确表示的范围（绝对值不超过 {MAX_MAGNITUDE_TEXT}）')


# ───────────── 哈希 ─────────────

def _code_units(text: str):
    """UTF-16 码元（JS 的 charCodeAt）：ASCII 文本直接取字节。"""
    if text.isascii():
        return text.encode('ascii')
    units = array('H', text.encode('utf-16-le', 'surrogatepass'))
    if sys.byteorder == 'big':
        units.byteswap()
    return units


def _finish(h1: int, h2: int) -> int:
    h1 = imul(h1 ^ (h1 >> 16), 2246822507) ^ imul(h2 ^ (h2 >> 13), 3266489909)
    h2 = imul(h2 ^ (h2 >> 16), 2246822507) ^ imul(h1 ^ (h1 >> 13), 3266489909)
    return 4294967296 * (2097151 & h2) + h1


def content_hash(text: str) -> str:
    """两个种子的 cyrb53（hash.ts 的 contentHash）：一遍算两个种子（请求键，每行 NDJSON 一次，是规范化的热点）。"""
    m = 0xFFFFFFFF
    a1, a2 = 0xdeadbeef ^ 0x5a485348, 0x41c6ce57 ^ 0x5a485348
    b1, b2 = 0xdeadbeef ^ 0x7a687368, 0x41c6ce57 ^ 0x7a687368
    for ch in _code_units(text):
        a1 = ((a1 ^ ch) * 2654435761) & m
        a2 = ((a2 ^ ch) * 1597334677) & m
        b1 = ((b1 ^ ch) * 2654435761) & m
        b2 = ((b2 ^ ch) * 1597334677) & m
    return format(_finish(a1, a2), 'x').zfill(14) + format(_finish(b1, b2), 'x').zfill(14)


_MASK64 = (1 << 64) - 1
_FNV_PRIME = 0x100000001b3


def fnv1a64(text: str) -> str:
    h = 0xcbf29ce484222325
    for code in _code_units(text):
        h ^= code & 0xff
        h = (h * _FNV_PRIME) & _MASK64
        high = code >> 8
        if high:
            h ^= high
            h = (h * _FNV_PRIME) & _MASK64
    return format(h, '016x')


# ───────────── 十进制 ─────────────

_DECIMAL = re.compile(r'([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?')


def _divide_round(n: int, d: int) -> int:
    negative = (n < 0) != (d < 0)
    n, d = abs(n), abs(d)
    q = n // d
    if (n % d) * 2 >= d:
        q += 1
    return -q if negative else q


def on_coarse_tie(q: int) -> bool:
    """decimal.ts 的 onCoarseTie（语义 F9）：q（micro）落在舍到分或舍到整数的半数点上。"""
    a = abs(q)
    return a % 10000 == 5000 or a % 1000000 == 500000


def _divide_micro(n: int, d: int) -> int:
    """decimal.ts 的 divideMicro：舍到 micro，不精确且落在半数点上时朝精确值移一位（只舍入一次）。"""
    q = _divide_round(n, d)
    if not on_coarse_tie(q):
        return q
    remainder = n - q * d
    if remainder == 0:
        return q
    return q + 1 if (remainder < 0) == (d < 0) else q - 1


def _to_number(v: int):
    return None if v > SAFE or v < -SAFE else v


def parse_decimal_string(text: str):
    m = _DECIMAL.fullmatch(text)
    if not m or (m.group(2) == '' and (m.group(3) or '') == ''):
        return None
    integer = m.group(2).lstrip('0')
    fraction = m.group(3) or ''
    if len(integer) + len(fraction) > MAX_DIGITS:
        return None
    exponent_text = m.group(4) or '0'
    if len(re.sub(r'^[+-]?0*', '', exponent_text)) > 3:
        return None
    given = int(exponent_text)
    if abs(given) > MAX_EXPONENT:
        return None
    sign = -1 if m.group(1) == '-' else 1
    digits = (integer or '0') + fraction
    exponent = -len(fraction) + given + 6
    if exponent >= 0:
        digits += '0' * exponent
        exponent = 0
    value = int(digits)
    if exponent < 0:
        value = _divide_micro(value, 10 ** (-exponent))
    return _to_number(sign * value)


def parse_decimal(raw):
    """JSON 数字或文本 → micro 整数；不能解析为 None。"""
    if is_number(raw):
        x = float(raw)
        if math.isnan(x) or math.isinf(x):
            return None
        if abs(x) < 4_294_967_296:
            scaled = x * SCALE
            r = int(-js_round(-scaled) if scaled < 0 else js_round(scaled))
            # 落在半数点上而输入可能多于 6 位小数：按最短十进制文本精确解析（同 decimal.ts）
            if r != scaled and on_coarse_tie(r):
                return parse_decimal_string(js_number_to_string(x))
            return r
        return parse_decimal_string(js_number_to_string(x))
    if isinstance(raw, str):
        return parse_decimal_string(js_trim(raw))
    return None


def decimal_problem(raw) -> str:
    if is_number(raw):
        return 'range' if math.isfinite(float(raw)) else 'syntax'
    if not isinstance(raw, str):
        return 'syntax'
    m = _DECIMAL.fullmatch(js_trim(raw))
    return 'syntax' if not m or (m.group(2) == '' and (m.group(3) or '') == '') else 'range'


def mul_to_fen(a: int, b: int) -> int:
    product = a * b
    exact = _trunc_div(product, SCALE) if product % SCALE == 0 else _divide_round(product, SCALE * 10_000) * 10_000
    r = _to_number(exact)
    if r is None:
        raise ExactRangeError()
    return r


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def is_exact(total) -> bool:
    return -SAFE <= total <= SAFE


def float_sum(values) -> float:
    """JS 的逐项相加（双精度）。"""
    total = 0.0
    for v in values:
        total += float(v)
    return total


def exact_sum(values) -> int:
    """runtime 的 exactSum：双精度逐项相加，部分和超出安全整数时按精确整数重算；仍超出时 ExactRangeError。"""
    total = 0.0
    unsafe = False
    for v in values:
        total += float(v)
        if total > SAFE or total < -SAFE:
            unsafe = True
    if not unsafe:
        return int(total)
    r = _to_number(sum(int(v) for v in values))
    if r is None:
        raise ExactRangeError()
    return r


def round_to_fen(a) -> int:
    fen = 10_000
    if isinstance(a, int) and -SAFE <= a <= SAFE:
        q = _trunc_div(a, fen)
        r = a - q * fen
        result = q
        if abs(r) * 2 >= fen:
            result += -1 if a < 0 else 1
        return result * fen
    # 超出安全整数（只在病态输入时）：按双精度运算
    a = float(a)
    q = math.trunc(a / fen)
    r = a - q * fen
    result = q
    if abs(r) * 2 >= fen:
        result += -1 if a < 0 else 1
    return int(float(result) * fen)


def money_to_number(a) -> float:
    return round_to_fen(a) / SCALE


def format_money(a) -> str:
    fen = round_to_fen(a) // 10_000
    negative = fen < 0
    ab = abs(fen)
    yuan = ab // 100
    cents = ab % 100
    return f"{'-' if negative else ''}{yuan}.{'0' if cents < 10 else ''}{cents}"


def format_decimal(a) -> str:
    a = int(a)
    negative = a < 0
    ab = abs(a)
    integer = ab // SCALE
    fraction = str(ab % SCALE).zfill(6).rstrip('0')
    text = f'{integer}.{fraction}' if fraction else f'{integer}'
    return f'-{text}' if negative and text != '0' else text


# ───────────── 日期 ─────────────

_D = '[0-9]'
_DATE = re.compile(
    rf'({_D}{{4}})(?:([-/.])({_D}{{1,2}})\2({_D}{{1,2}})|({_D}{{2}})({_D}{{2}}))(?:[ T]({_D}{{1,2}}):({_D}{{2}})(?::({_D}{{2}})(?:\.{_D}+)?)?)?{WS_CLASS}*(Z|[+-]{_D}{{2}}:?{_D}{{2}})?')
LOCAL_OFFSET = 480


def days_from_civil(year: int, month: int, day: int) -> int:
    y = year - 1 if month <= 2 else year
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int):
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if month <= 2 else y, month, day)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _civil(year, month, day, hour, minute, has_time, second=0):
    if month < 1 or month > 12 or day < 1 or day > _days_in_month(year, month):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    days = days_from_civil(year, month, day)
    return (days, days * MINUTES_PER_DAY + hour * 60 + minute, has_time)


def _digits(text: str, start: int, count: int) -> int:
    value = 0
    for i in range(start, start + count):
        c = ord(text[i]) - 48
        if c < 0 or c > 9:
            return -1
        value = value * 10 + c
    return value


INVALID = 'invalid'


def parse_date_time(raw):
    """(天数, 分钟数, 有时间) ；空值 None；格式不对 INVALID。"""
    if raw is None or raw == '':
        return None
    if not isinstance(raw, str):
        return INVALID
    r = _parse(raw)
    return INVALID if r is None else r


def _parse(s: str):
    length = len(s) if s.isascii() else -1
    if length in (10, 16, 19) and s[4] == '-' and s[7] == '-':
        year, month, day = _digits(s, 0, 4), _digits(s, 5, 2), _digits(s, 8, 2)
        if year >= 0 and month >= 0 and day >= 0:
            if length == 10:
                return _civil(year, month, day, 0, 0, False)
            sep = s[10]
            if sep in (' ', 'T') and s[13] == ':' and (length == 16 or s[16] == ':'):
                hour, minute = _digits(s, 11, 2), _digits(s, 14, 2)
                if hour >= 0 and minute >= 0 and (length == 16 or _digits(s, 17, 2) >= 0):
                    return _civil(year, month, day, hour, minute, True, 0 if length == 16 else _digits(s, 17, 2))
    m = _DATE.fullmatch(js_trim(s))
    if not m:
        return None
    g = m.groups()
    parsed = _civil(int(g[0]), int(g[2] if g[2] is not None else g[4]), int(g[3] if g[3] is not None else g[5]),
                    0 if g[6] is None else int(g[6]), 0 if g[7] is None else int(g[7]), g[6] is not None, 0 if g[8] is None else int(g[8]))
    if parsed is None or g[9] is None:
        return parsed
    zone = g[9]
    offset = 0
    if zone != 'Z':
        hours = int(zone[1:3])
        minutes = int(zone[-2:])
        if hours > 14 or minutes > 59:
            return None
        offset = (-1 if zone[0] == '-' else 1) * (hours * 60 + minutes)
    minute = parsed[1] - offset + LOCAL_OFFSET
    return (minute // MINUTES_PER_DAY, minute, parsed[2])


def age_in_years(birth_day: int, at_day: int) -> int:
    by, bm, bd = civil_from_days(birth_day)
    ay, am, ad = civil_from_days(at_day)
    age = ay - by
    if am < bm or (am == bm and ad < bd):
        age -= 1
    return age


def _pad(n: int, width: int = 2) -> str:
    return str(n).zfill(width) if n >= 0 else str(n)


def format_date(days: int) -> str:
    y, m, d = civil_from_days(days)
    return f'{_pad_start(y, 4)}-{_pad_start(m, 2)}-{_pad_start(d, 2)}'


def _pad_start(n: int, width: int) -> str:
    # String(n).padStart(width, '0')：负数的负号也算一位、0 补在负号前（与 JS 相同）
    return str(n).rjust(width, '0')


def format_date_time(minutes: int) -> str:
    days = minutes // MINUTES_PER_DAY
    rest = minutes - days * MINUTES_PER_DAY
    return f'{format_date(days)} {_pad_start(rest // 60, 2)}:{_pad_start(rest % 60, 2)}'


def format_duration(minutes: int) -> str:
    negative = minutes < 0
    ab = abs(minutes)
    if ab % MINUTES_PER_DAY == 0:
        text = f'{js_number_to_string(ab / MINUTES_PER_DAY)}天'
    elif ab < MINUTES_PER_DAY:
        text = f'{js_number_to_string(ab / 60)}小时' if ab % 60 == 0 else f'{ab}分钟'
    else:
        days = ab // MINUTES_PER_DAY
        hours = int(js_round((ab - days * MINUTES_PER_DAY) / 60))
        text = f'{days}天{hours}小时'
    return f'-{text}' if negative else text
