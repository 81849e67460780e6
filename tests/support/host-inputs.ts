/**
 * 宿主函数的比较用例（tests/spark/host-functions.spark.test.ts 比较 Spark 的写法，store/test/host-functions.test.ts 比较 DuckDB 上注册的实现）：
 * 一批刁钻的输入（JS 的 trim 认而 Spark 的 trim / Java 的 \s 不认的空白、不算空白的 U+0085 与 U+200B、大写后变长的 ß 与 ﬀ、
 * 增补平面字符与切开的代理对、阿拉伯数字的双精度舍入与放不进 BIGINT 的数、“非”字否定、空词与空集合）的笛卡尔积。
 * 期望值是运行时的实现（OP_FUNCTIONS）在同一行上的值，经 SQL 的值域换算（expected）。
 */
import type { OpName } from '@zhishen/runtime';

const national = (head: string, n: number) => head + '0'.repeat(n - head.length);
export const X = [
    '', ' ', '\u3000', '\ufeff', '\u00a0', 'abc',
    national('XA01AA', 23), national('ZA01AA', 20), national('xa01aa', 23), national('za01bb', 20),
    `\u3000${national('XB02BC', 23)}\t`, `\ufeff${national('ZB02BC', 20)}\u2028`, `${national('XA01AA', 23)}\u0085`, `\u200b${national('XA01AA', 23)}`,
    national('XA01AA', 22), national('XA01AA', 24), national('YA01AA', 23), `x\u00df${'0'.repeat(20)}`, `x\ufb00${'0'.repeat(20)}`,
    `X0000\u{20000}${'0'.repeat(16)}`, `X${'0'.repeat(16)}\u{20000}0000`, `Z\u{1F600}${'0'.repeat(17)}`, `X\u{20000}${'0'.repeat(20)}`,
    '二十', '一百零五', '十', '两千', '零', '〇', '十四', '九千九百九十九', '一二', '十十', '五五', '百', '千百十', '二十\n', ' 三 ', '三\u0085', '二十a',
    '12', '007', '0', '１２', '1234567890', '1234567890123', '12345678901234567', '99999999999999999999999',
    '营养品', '保健食品', '营', '含保健', '非营养',
    'C34.9', 'c34.901', ' C 34 ', 'A01+C34*', 'A01*+J18.0*', '+', '*', 'C3', 'C34\u0085', 'ss01', '\u00df01', 'J18.0\u3000', 'A', '~A'
];
export const Y = [null, '', '小细胞肺癌', '非小细胞肺癌', '非小细胞 小细胞', '肺癌', '小细胞', '非', '非非小细胞'];
export const SETS: Record<number, string[]> = {
    1: ['C34', '~小细胞', 'J18'],
    2: ['营养', '保健', ''],
    4: ['~', 'A'],
    5: ['c34', '\u00df'],
    6: ['', '~非'],
    7: ['~小细胞']
};
/** 3 不在 zs_sets 里（空集合没有行）：与空集合相同 */
export const S = [null, 1, 2, 3, 4, 5, 6, 7];

export const rows = X.flatMap(x => Y.flatMap(y => S.map(s1 => ({ x, y, s1 })))).map((r, id) => ({ id, ...r }));

/** 名字 → [运算, SQL 表达式（行表别名 i，集合列 s1；zs_fn_… 是宿主函数的 SQL 名字，Spark 上由方言展开）, 参数取法] */
export const CASES: Array<[string, OpName, string, (r: typeof rows[number]) => unknown[]]> = [
    ['drug_class', 'drug_class', 'zs_fn_drug_class(i.x)', r => [r.x]],
    ['drug_generic_key', 'drug_generic_key', 'zs_fn_drug_generic_key(i.x)', r => [r.x]],
    ['chinese_number', 'chinese_number', 'zs_fn_chinese_number(i.x)', r => [r.x]],
    ['contains_any 实例列', 'contains_any', 'zs_fn_contains_any(i.x, i.s1)', r => [r.x, set(r.s1)]],
    ['contains_any 子查询', 'contains_any', 'zs_fn_contains_any(i.x, (i.s1 + 0))', r => [r.x, set(r.s1)]],
    ['contains_any 常量', 'contains_any', 'zs_fn_contains_any(i.x, 2)', r => [r.x, set(2)]],
    ['indication_covers 实例列', 'indication_covers', 'zs_fn_indication_covers(i.x, i.y, i.s1)', r => [r.x, r.y, set(r.s1)]],
    ['indication_covers 子查询', 'indication_covers', 'zs_fn_indication_covers(i.x, i.y, (i.s1 + 0))', r => [r.x, r.y, set(r.s1)]],
    ['indication_covers 表达式参数', 'indication_covers', 'zs_fn_indication_covers(concat(i.x, \'\'), substr(i.y, 1), i.s1)', r => [r.x, r.y, set(r.s1)]]
];

/** 集合编号 → 运行时拿到的集合（DuckDB 的 host-functions.ts 同样：编号不在 zs_sets 里是空集合） */
export function set(id: number | null): Set<string> | null {
    return id === null ? null : new Set(SETS[id] ?? []);
}

/** 运行时的值 → Spark 的值：文本经 UTF-8（切开的代理对成为 U+FFFD，DuckDB 收到的也是这样），数值放不进 BIGINT 时为空 */
export function expected(value: unknown): unknown {
    if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('utf8');
    if (typeof value === 'number') return Math.abs(value) < 9.2e18 ? value : null;
    return value ?? null;
}

