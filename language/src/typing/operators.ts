/**
 * 运算符与关键字别名归一：`≥`、`>=`、`大于等于` 是同一个运算；编译器、类型检查、格式化共用。
 */
export type CanonicalOperator =
    | 'and' | 'or'
    | '=' | '!=' | '<' | '<=' | '>' | '>='
    | 'in' | 'not_in' | 'contains' | 'not_contains' | 'matches'
    | '+' | '-' | '*' | '/';

const OPERATORS: Record<string, CanonicalOperator> = {
    '且': 'and', 'and': 'and', '&&': 'and',
    '或': 'or', 'or': 'or', '||': 'or',
    '=': '=', '==': '=', '等于': '=',
    '≠': '!=', '!=': '!=', '不等于': '!=',
    '<': '<', '小于': '<',
    '<=': '<=', '≤': '<=', '小于等于': '<=',
    '>': '>', '大于': '>',
    '>=': '>=', '≥': '>=', '大于等于': '>=',
    '属于': 'in', 'in': 'in',
    '不属于': 'not_in',
    '包含': 'contains', 'contains': 'contains',
    '不包含': 'not_contains',
    '匹配': 'matches', 'matches': 'matches',
    '+': '+', '-': '-',
    '*': '*', '×': '*',
    '/': '/', '÷': '/'
};

export function canonicalOperator(op: string): CanonicalOperator {
    const canonical = OPERATORS[op];
    if (!canonical) throw new Error(`未知运算符 ${op}`);
    return canonical;
}

export function isComparisonOp(op: CanonicalOperator): boolean {
    return op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

export function isLogicalOperator(op: CanonicalOperator): boolean {
    return op === 'and' || op === 'or';
}

export function isArithmeticOperator(op: CanonicalOperator): boolean {
    return op === '+' || op === '-' || op === '*' || op === '/';
}

/** 中文显示名（用于信息、解释）。 */
export const OPERATOR_LABEL: Record<CanonicalOperator, string> = {
    and: '且', or: '或', '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥',
    in: '属于', not_in: '不属于', contains: '包含', not_contains: '不包含', matches: '匹配',
    '+': '+', '-': '−', '*': '×', '/': '÷'
};

export type CanonicalAggregate = 'count' | 'sum' | 'max' | 'min' | 'avg' | 'exists' | 'all' | 'count_distinct';

const AGGREGATES: Record<string, CanonicalAggregate> = {
    '计数': 'count', count: 'count', '求和': 'sum', sum: 'sum', '最大': 'max', max: 'max', '最小': 'min', min: 'min',
    '平均': 'avg', avg: 'avg', '存在': 'exists', exists: 'exists', '全部': 'all', all: 'all',
    '去重计数': 'count_distinct', count_distinct: 'count_distinct'
};

export function canonicalAggregate(fn: string): CanonicalAggregate {
    const canonical = AGGREGATES[fn];
    if (!canonical) throw new Error(`未知聚合函数 ${fn}`);
    return canonical;
}

export const AGGREGATE_LABEL: Record<CanonicalAggregate, string> = {
    count: '计数', sum: '求和', max: '最大', min: '最小', avg: '平均', exists: '存在', all: '全部', count_distinct: '去重计数'
};

/** 同级统计：百分位 / 均值 / 标准差 / 组数（英文别名同义）→ 运行时的统计量（runtime engine/population.ts PeerStat）。 */
export function peerStat(keyword: string | undefined): 'percentile' | 'mean' | 'sd' | 'count' {
    switch (keyword) {
        case '百分位': case 'percentile': return 'percentile';
        case '均值': case 'mean': return 'mean';
        case '标准差': case 'sd': return 'sd';
        default: return 'count';
    }
}

export type ForEachKind = 'each' | 'day' | 'hour' | 'group';

/** 对每条 / 对每个 / 对每次 / 对每张 / foreach → each；对每日 → day；对每小时 → hour；对每组 → group（需 按 …） */
export function forEachKind(keyword: string): ForEachKind {
    switch (keyword) {
        case '对每日': return 'day';
        case '对每小时': return 'hour';
        case '对每组': return 'group';
        default: return 'each';
    }
}

/** 单位 → 值的种类。 */
export function unitKind(unit: string | undefined): 'money' | 'duration' | 'age' | 'quantity' | 'number' {
    switch (unit) {
        case '元': return 'money';
        case '天': case '小时': return 'duration';
        case '岁': return 'age';
        case '次': case '个': return 'quantity';
        default: return 'number';
    }
}
