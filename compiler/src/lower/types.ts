/**
 * 语言的类型（ZsType）→ IR 类型，以及字面量 → 运行时值。
 */
import type { NumberLiteral, ZsType } from '@zhishen/language';
import { dates, encodeQuantity, isRecordKind } from '@zhishen/runtime';
import type { IrType } from '../ir/ir.js';
import { TY } from '../ir/ir.js';

export function irType(type: ZsType): IrType {
    switch (type.kind) {
        case 'text': return TY.text;
        case 'number': return TY.number;
        case 'quantity': return TY.quantity;
        case 'money': return TY.money;
        case 'duration': return TY.duration;
        case 'age': return TY.age;
        case 'date': return TY.date;
        case 'datetime': return TY.datetime;
        case 'boolean': return TY.boolean;
        case 'code': return TY.code;
        case 'enum': return { kind: 'enum', enumName: type.decl.name, order: type.decl.ordered ? type.decl.members.map(m => m.name) : undefined };
        case 'record': {
            // 记录种类来自内置库的 `记录 明细 = line`；内置库由测试保证每个记录都写了种类
            const record = isRecordKind(type.decl.kind) ? type.decl.kind : undefined;
            return { kind: 'record', ...(record ? { record } : {}), ...(type.keyType ? { element: irType(type.keyType) } : {}) };
        }
        case 'list': return { kind: 'list', element: irType(type.element) };
        case 'set': return { kind: 'set', element: irType(type.element) };
        case 'null': return TY.null;
        default: return TY.any;
    }
}

export const MINUTES_PER_DAY = 1440;

/** 数字字面量（带单位）→ 运行时值。超出范围或要舍入的字面量在校验时已是诊断（ZS0328 / ZS0329），到不了这里。 */
export function numberValue(literal: NumberLiteral): number {
    const encoded = encodeQuantity(literal.value, literal.unit);
    if (!('value' in encoded)) throw new Error(`数字字面量「${literal.value}${literal.unit ?? ''}」无法精确编码（${encoded.limit}），校验应已报告`);
    return encoded.value;
}

/** 日期字面量 → 天数或分钟数。 */
export function dateValue(text: string): number {
    const parsed = dates.parseDateTime(text);
    if (!parsed) throw new Error(`日期字面量无效：${text}`);
    return parsed.hasTime ? parsed.minute : parsed.day;
}
