/**
 * 规则读到哪些明细字段：manifest.lineFields，运行时据此只规范化这些可选字段（runtime/src/claim/plan.ts）。
 *
 * 保守的上界：收集 IR 里所有字段访问的属性名（不看接收者是哪种记录——就诊也有 ownpay_amt，多收一个只是多解析一点），
 * 加上时间窗的日期字段与作用域的编码字段，再与运行时的可选字段表取交集。引擎、退费冲销与结果组装要用的字段是核心字段，
 * 总会解析，不在这张表里。
 */
import { OPTIONAL_LINE_FIELDS } from '@zhishen/runtime';
import type { IrExpr, IrPack } from './ir.js';
import { children, ruleExpressions } from './walk.js';

export function lineFieldsRead(pack: IrPack): string[] {
    const props = new Set<string>();
    const visit = (e: IrExpr): void => {
        if (e.k === 'field') props.add(e.prop);
        else if (e.k === 'window') props.add(e.dateProp);
        for (const child of children(e)) visit(child);
    };
    for (const rule of pack.rules) {
        for (const e of ruleExpressions(rule)) visit(e);
        if (rule.scope?.codeField) props.add(rule.scope.codeField);
    }
    return OPTIONAL_LINE_FIELDS.filter(field => props.has(field));
}
