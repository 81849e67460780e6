/**
 * 智审的类型。金额、数量、时长、年龄各有量纲：`天 + 岁`、`金额 > 2次` 在输入时就报错。
 * 编码带种类：药品编码不能与诊断代码集比较。
 */
import type { EnumDecl, RecordDecl } from '../generated/ast.js';

/** 编码种类。“目录”是明细编码的总类（药品 / 中药饮片 / 医疗服务项目 / 医用耗材）。 */
export type CodeKind = '药品' | '中药饮片' | '医疗服务项目' | '医用耗材' | '目录' | '诊断' | '手术' | '任意';

export const CODE_KINDS: readonly CodeKind[] = ['药品', '中药饮片', '医疗服务项目', '医用耗材', '目录', '诊断', '手术'];

export type ZsType =
    | { kind: 'text' }
    | { kind: 'number' }          // 数值：无量纲（含百分比）
    | { kind: 'quantity' }        // 数量：次 / 个 / 明细数量（与数值可比较）
    | { kind: 'money' }           // 金额（元），精确十进制
    | { kind: 'duration' }        // 时长：天 / 小时
    | { kind: 'age' }             // 年龄：岁
    | { kind: 'date' }
    | { kind: 'datetime' }
    | { kind: 'boolean' }
    | { kind: 'code'; codeKind: CodeKind }
    | { kind: 'enum'; decl: EnumDecl }
    | { kind: 'record'; decl: RecordDecl; keyType?: ZsType }
    | { kind: 'list'; element: ZsType }
    | { kind: 'set'; element: ZsType }
    | { kind: 'function' }
    | { kind: 'null' }
    | { kind: 'any' }
    /** 已报过错的表达式：不再连锁报错 */
    | { kind: 'error' };

export const T = {
    text: { kind: 'text' } as ZsType,
    number: { kind: 'number' } as ZsType,
    quantity: { kind: 'quantity' } as ZsType,
    money: { kind: 'money' } as ZsType,
    duration: { kind: 'duration' } as ZsType,
    age: { kind: 'age' } as ZsType,
    date: { kind: 'date' } as ZsType,
    datetime: { kind: 'datetime' } as ZsType,
    boolean: { kind: 'boolean' } as ZsType,
    null: { kind: 'null' } as ZsType,
    any: { kind: 'any' } as ZsType,
    error: { kind: 'error' } as ZsType,
    fn: { kind: 'function' } as ZsType,
    code: (codeKind: CodeKind): ZsType => ({ kind: 'code', codeKind }),
    list: (element: ZsType): ZsType => ({ kind: 'list', element }),
    set: (element: ZsType): ZsType => ({ kind: 'set', element }),
    enum: (decl: EnumDecl): ZsType => ({ kind: 'enum', decl }),
    record: (decl: RecordDecl, keyType?: ZsType): ZsType => ({ kind: 'record', decl, keyType })
};

/** 类型的中文名，用于诊断信息与悬停。 */
export function typeName(type: ZsType): string {
    switch (type.kind) {
        case 'text': return '文本';
        case 'number': return '数值';
        case 'quantity': return '数量';
        case 'money': return '金额';
        case 'duration': return '时长';
        case 'age': return '年龄';
        case 'date': return '日期';
        case 'datetime': return '日期时间';
        case 'boolean': return '布尔';
        case 'code': return type.codeKind === '任意' ? '编码' : `${type.codeKind}编码`;
        case 'enum': return type.decl.name;
        case 'record': return type.decl.name;
        case 'list': return `列表<${typeName(type.element)}>`;
        case 'set': return type.element.kind === 'code' ? `代码集<${typeName(type.element)}>` : `集合<${typeName(type.element)}>`;
        case 'function': return '函数';
        case 'null': return '空';
        case 'any': return '任意';
        case 'error': return '（错误）';
    }
}

export function isNumeric(type: ZsType): boolean {
    return type.kind === 'number' || type.kind === 'quantity';
}

export function isUnknown(type: ZsType): boolean {
    return type.kind === 'any' || type.kind === 'error' || type.kind === 'null';
}

/** 可比较大小（< > ≤ ≥）的类型。 */
export function isOrdered(type: ZsType): boolean {
    switch (type.kind) {
        case 'number': case 'quantity': case 'money': case 'duration': case 'age':
        case 'date': case 'datetime': case 'text':
            return true;
        case 'enum': return type.decl.ordered;
        default: return isUnknown(type);
    }
}

/** 编码种类之间的包含关系：目录 ⊇ 药品 / 中药饮片 / 医疗服务项目 / 医用耗材。 */
export function codeKindsCompatible(a: CodeKind, b: CodeKind): boolean {
    if (a === b || a === '任意' || b === '任意') return true;
    const catalogue = new Set<CodeKind>(['药品', '中药饮片', '医疗服务项目', '医用耗材']);
    if (a === '目录') return catalogue.has(b);
    if (b === '目录') return catalogue.has(a);
    return false;
}

/** 两个值能否用 = / ≠ 比较，或放进同一集合。 */
export function comparable(a: ZsType, b: ZsType): boolean {
    if (isUnknown(a) || isUnknown(b)) return true;
    if (isNumeric(a) && isNumeric(b)) return true;
    if ((a.kind === 'date' || a.kind === 'datetime') && (b.kind === 'date' || b.kind === 'datetime')) return true;
    if (a.kind === 'code' && b.kind === 'code') return codeKindsCompatible(a.codeKind, b.codeKind);
    // 编码本质是文本：编码与文本字面量、文本字段可比较
    if ((a.kind === 'code' && b.kind === 'text') || (a.kind === 'text' && b.kind === 'code')) return true;
    if (a.kind === 'enum' && b.kind === 'enum') return a.decl === b.decl || a.decl.name === b.decl.name;
    if (a.kind === 'record' && b.kind === 'record') return a.decl.name === b.decl.name;
    if ((a.kind === 'list' || a.kind === 'set') && (b.kind === 'list' || b.kind === 'set')) return comparable(a.element, b.element);
    return a.kind === b.kind;
}

/** 集合 / 列表的元素类型；不是集合时为 undefined。 */
export function elementType(type: ZsType): ZsType | undefined {
    if (type.kind === 'list' || type.kind === 'set') return type.element;
    if (type.kind === 'any' || type.kind === 'error') return type;
    return undefined;
}

/** 两个分支（若…则…否则…）的共同类型。 */
export function commonType(a: ZsType, b: ZsType): ZsType | undefined {
    if (a.kind === 'error' || b.kind === 'error') return T.error;
    if (a.kind === 'null') return b;
    if (b.kind === 'null') return a;
    if (a.kind === 'any') return b;
    if (b.kind === 'any') return a;
    if (isNumeric(a) && isNumeric(b)) return a.kind === 'quantity' || b.kind === 'quantity' ? T.quantity : T.number;
    if (a.kind === 'code' && b.kind === 'code') {
        if (a.codeKind === b.codeKind) return a;
        if (codeKindsCompatible(a.codeKind, b.codeKind)) return T.code(a.codeKind === '目录' ? '目录' : b.codeKind === '目录' ? '目录' : '任意');
        return undefined;
    }
    if ((a.kind === 'code' && b.kind === 'text') || (a.kind === 'text' && b.kind === 'code')) return a.kind === 'code' ? a : b;
    if (a.kind === 'date' && b.kind === 'datetime') return b;
    if (a.kind === 'datetime' && b.kind === 'date') return a;
    if ((a.kind === 'list' || a.kind === 'set') && a.kind === b.kind) {
        const element = commonType(a.element, b.element);
        return element ? { kind: a.kind, element } : undefined;
    }
    return comparable(a, b) ? a : undefined;
}
