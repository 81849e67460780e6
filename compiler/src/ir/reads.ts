/**
 * 规则读到哪些明细字段：manifest.lineFields，运行时据此只规范化这些可选字段（runtime/src/claim/plan.ts）。
 *
 * 保守的上界：收集 IR 里所有字段访问的属性名（不看接收者是哪种记录——就诊也有 ownpay_amt，多收一个只是多解析一点），
 * 加上时间窗的日期属性与作用域元素的编码属性，再与运行时的可选字段表取交集。引擎、退费冲销与结果组装要用的字段是核心字段，
 * 总会解析，不在这张表里。
 */
import { OPTIONAL_LINE_FIELDS, recordSpec } from '@zhishen/runtime';
import type { IrExpr, IrPack } from './ir.js';
import { children, ruleExpressions } from './walk.js';

export function lineFieldsRead(pack: IrPack): string[] {
    const props = new Set<string>();
    const visit = (e: IrExpr): void => {
        if (e.k === 'field' || e.k === 'lookup') props.add(e.prop);
        else if (e.k === 'window') {
            props.add(e.date.prop);
            if (e.date.fallback) props.add(e.date.fallback);
        }
        for (const child of children(e)) visit(child);
    };
    for (const rule of pack.rules) {
        for (const e of ruleExpressions(rule)) visit(e);
        const element = rule.scope?.elementType.record;
        const code = element ? recordSpec(element).code : undefined;
        if (code) props.add(code);
    }
    return OPTIONAL_LINE_FIELDS.filter(field => props.has(field));
}
