/**
 * 规则读到哪些明细字段：manifest.lineFields，运行时据此只规范化这些可选字段（runtime/src/claim/plan.ts）。
 *
 * 保守的上界：收集 IR 里所有字段访问的属性名（不看接收者是哪种记录——就诊也有 ownpay_amt，多收一个只是多解析一点），
 * 加上时间窗的日期属性与作用域元素的编码属性，再与运行时的可选字段表取交集。引擎、退费冲销与结果组装要用的字段是核心字段，
 * 总会解析，不在这张表里。
 */
import { isPopulationSource, OPTIONAL_LINE_FIELDS, OPTIONAL_SOURCES, recordSpec } from '@zhishen/runtime';
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

/** 需要历史就诊的来源：历史就诊、历史明细、全部明细；筛查集合（序号跨理赔比较）也要历史照常编号。 */
const HISTORY_SOURCES = new Set<string>(['history', 'history_lines', 'all_lines']);

/**
 * 规则读到哪些整块的来源：manifest.sources（runtime/src/claim/plan.ts 的 OPTIONAL_SOURCES），运行时据此不建规则不读的部分。
 *
 * 保守的上界：
 *   - history：引用 历史就诊 / 历史明细 / 全部明细（来源或作用域），读了明细的 序号（seq，按本次与历史全部明细编号），
 *     或用到筛查集合（全体就诊 / 全体明细、按键查找、统计组、同级统计）；
 *   - diagnoses / operations：引用 诊断 / 手术 来源，或读了任何记录的 diagnoses / operations 属性（就诊的诊断、手术）；
 *   - prescriptions：引用 处方 来源（处方记录只从这里来）。
 */
export function sourcesRead(pack: IrPack): string[] {
    const read = new Set<string>();
    const source = (name: string) => {
        if (HISTORY_SOURCES.has(name) || isPopulationSource(name)) read.add('history');
        if (name === 'diagnoses' || name === 'operations' || name === 'prescriptions') read.add(name);
    };
    const visit = (e: IrExpr): void => {
        if (e.k === 'ref' && e.ref.kind === 'source') source(e.ref.name);
        else if (e.k === 'field') {
            if (e.prop === 'seq') read.add('history');
            if (e.prop === 'diagnoses' || e.prop === 'operations') read.add(e.prop);
        } else if (e.k === 'lookup' || e.k === 'peer') read.add('history');
        for (const child of children(e)) visit(child);
    };
    for (const rule of pack.rules) {
        for (const e of ruleExpressions(rule)) visit(e);
        const scope = rule.scope;
        if (scope && scope.source !== 'expr') source(scope.source);
        if (scope?.group === 'cohort') read.add('history');
    }
    return OPTIONAL_SOURCES.filter(s => read.has(s));
}
