"""JavaScript 值语义的 Python 实现：JSON.parse / JSON.stringify、Number → 文本、String.prototype.trim、正则的 \\s、
UTF-16 码元长度与截取、32 位整数运算。规范化与结果组装要与 JS 运行时逐字节相同，凡是 Python 与 JS 不同的地方都在这里。

数字：JSON 的数字一律读成 float（JS 只有 IEEE 双精度）；布尔值是 bool（注意 Python 的 True == 1，判断数字先排除 bool）。
"""
from __future__ import annotations

import json
import math
import re

# JS 的空白（String.prototype.trim 与正则 \s）：WhiteSpace + LineTerminator。与 Python 的 str.isspace 不同
# （Python 含 \x1c–\x1f、不含 \ufeff）。
JS_WS = '\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
WS_CLASS = '[' + re.escape(JS_WS) + ']'

SAFE = 9007199254740991


def js_trim(s: str) -> str:
    return s.strip(JS_WS)


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _reject_constant(name):
    raise ValueError(f'Unexpected token {name[0]} in JSON')


def json_parse(text: str):
    """JSON.parse：数字为 float，拒绝 NaN / Infinity 字面量（Python 默认接受）。"""
    return json.loads(text, parse_int=float, parse_constant=_reject_constant)


def js_number_to_string(x: float) -> str:
    """Number.prototype.toString()（ECMA-262 Number::toString，基数 10）：最短往返数字，指数在 [-7, 21) 之外用科学记数。"""
    if isinstance(x, bool):
        return 'true' if x else 'false'
    if isinstance(x, int):
        if -SAFE <= x <= SAFE:
            return str(x)
        x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    if x == 0:
        return '0'
    if x < 0:
        return '-' + js_number_to_string(-x)
    r = repr(x)
    # repr 给出最短往返的有效数字（与 V8 相同）；取出数字串与指数
    if 'e' in r:
        mant, exp = r.split('e')
        exp = int(exp)
    else:
        mant, exp = r, 0
    if '.' in mant:
        ip, fp = mant.split('.')
    else:
        ip, fp = mant, ''
    if fp == '0':
        fp = ''
    digits = (ip + fp).lstrip('0')
    # 小数点位置：value = 0.d1d2… × 10^n
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip('0'))
    n = len(ip) + exp - lead_zeros
    digits = digits.rstrip('0') or '0'
    k = len(digits)
    if k <= n <= 21:
        return digits + '0' * (n - k)
    if 0 < n <= 21:
        return digits[:n] + '.' + digits[n:]
    if -6 < n <= 0:
        return '0.' + '0' * (-n) + digits
    e = n - 1
    sign = '+' if e >= 0 else '-'
    if k == 1:
        return f'{digits}e{sign}{abs(e)}'
    return f'{digits[0]}.{digits[1:]}e{sign}{abs(e)}'


def js_string(v) -> str:
    """String(v) 对标量（文本、数字、布尔、null）。"""
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return js_number_to_string(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return ','.join('' if e is None else js_string(e) for e in v)
    if isinstance(v, dict):
        return '[object Object]'
    return str(v)


_ESCAPES = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\ud800-\udfff]')


def _quote_char(m: re.Match) -> str:
    c = m.group(0)
    if c in _ESCAPES:
        return _ESCAPES[c]
    return '\\u%04x' % ord(c)


def _quote(s: str) -> str:
    if _NEEDS_ESCAPE.search(s) is None:
        return '"' + s + '"'
    # 成对的代理项（Python 里一个字符）不转义；孤立的代理项（JSON.stringify 的良构输出）写成 \\udxxx
    return '"' + _NEEDS_ESCAPE.sub(_quote_char, s) + '"'


def _is_index_key(k: str) -> bool:
    # 数组下标样的键（0 … 2^32−2 的规范十进制）在 JS 对象里排在前面、按数值升序
    return k.isascii() and k.isdigit() and (k == '0' or not k.startswith('0')) and int(k) < 4294967295


def _ordered_items(d: dict):
    keys = list(d.keys())
    idx = [k for k in keys if _is_index_key(k)]
    if not idx:
        return d.items()
    idx.sort(key=int)
    rest = [k for k in keys if not _is_index_key(k)]
    return [(k, d[k]) for k in idx + rest]


def json_stringify(v) -> str:
    """JSON.stringify（无缩进）：键按 JS 对象的属性次序，数字按 Number::toString，非有限数为 null，非 ASCII 原样。"""
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, (int, float)):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            return 'null'
        return js_number_to_string(v)
    if isinstance(v, str):
        return _quote(v)
    if isinstance(v, (list, tuple)):
        return '[' + ','.join('null' if e is None else json_stringify(e) for e in v) + ']'
    if isinstance(v, dict):
        return '{' + ','.join(_quote(k) + ':' + json_stringify(e) for k, e in _ordered_items(v)) + '}'
    raise TypeError(f'不能写成 JSON：{type(v).__name__}')


def js_length(s: str) -> int:
    """字符串的 JS 长度（UTF-16 码元数）。"""
    if s.isascii():
        return len(s)
    return len(s.encode('utf-16-le', 'surrogatepass')) // 2


def js_slice_prefix(s: str, n: int) -> str:
    """s.slice(0, n)：按 UTF-16 码元截取（可能切开代理对，得到孤立的代理项，与 JS 相同）。"""
    if s.isascii():
        return s[:n]
    b = s.encode('utf-16-le', 'surrogatepass')[:2 * n]
    return b.decode('utf-16-le', 'surrogatepass')


def js_round(x: float) -> float:
    """Math.round：四舍五入，.5 向 +∞。"""
    if math.isnan(x) or math.isinf(x):
        return x
    f = math.floor(x)
    return f + 1 if x - f >= 0.5 else f


def js_mod(a, b):
    """JS 的 %（余数与被除数同号）。"""
    return math.fmod(a, b) if isinstance(a, float) or isinstance(b, float) else (abs(a) % abs(b)) * (1 if a >= 0 else -1)


def jadd(a: int, b: int) -> int:
    """两个 JS 整数值相加：在安全整数内精确，超出时与双精度加法同样舍入。"""
    r = a + b
    if -SAFE <= r <= SAFE:
        return r
    return int(float(a) + float(b))


_NUMERIC = re.compile(r'[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Infinity)')


def js_to_number(s: str) -> float:
    """Number(文本)（StringToNumber）。"""
    t = js_trim(s)
    if t == '':
        return 0.0
    low = t[:2].lower()
    if low in ('0x', '0o', '0b') and len(t) > 2:
        base = {'0x': 16, '0o': 8, '0b': 2}[low]
        try:
            return float(int(t[2:], base)) if re.fullmatch(r'[0-9a-fA-F]+', t[2:]) else math.nan
        except ValueError:
            return math.nan
    if not _NUMERIC.fullmatch(t):
        return math.nan
    if t.endswith('Infinity'):
        return -math.inf if t.startswith('-') else math.inf
    return float(t)


def imul(a: int, b: int) -> int:
    """Math.imul，结果为无符号 32 位表示（与 JS 的位模式相同）。"""
    return (a * b) & 0xFFFFFFFF
