/**
 * prune：删去永远不会触发的规则，并说明原因（写入 manifest.dropped，构建时打印）：
 * 知识点表没有生效的行、作用域之前或之内有恒为假的条件、作用域的代码集为空。
 */
import { isEmptyCodeSet } from '@zhishen/runtime';
import type { IrPack, IrRule } from '../ir/ir.js';
import type { PassContext } from './context.js';

export function pruneNeverFiring(pack: IrPack, _context: PassContext): IrPack {
    const kept: IrRule[] = [];
    const dropped = [...pack.dropped];
    for (const rule of pack.rules) {
        const reason = neverFires(rule, pack);
        if (reason) dropped.push({ rule: rule.id, reason });
        else kept.push(rule);
    }
    return { ...pack, rules: kept, dropped };
}

/** 规则永远不会触发的原因；会触发时 undefined。 */
export function neverFires(rule: IrRule, pack: IrPack): string | undefined {
    if (rule.instances.length === 0) {
        if (rule.table) {
            const total = rule.inactive.length;
            return total === 0 ? `知识点表「${rule.table}」为空或不存在` : `知识点表「${rule.table}」的 ${total} 行都未生效（${summarize(rule)}）`;
        }
        return '没有可运行的实例';
    }
    for (const step of [...rule.pre, ...rule.steps]) {
        if (step.kind === 'when' && step.expr.k === 'lit' && step.expr.v !== true) return `条件「${step.text}」恒不成立`;
    }
    const codes = rule.scope?.codes;
    if (codes?.k === 'codes' && isEmptyCodeSet(pack.matchers[codes.id])) return '作用域 属于 的代码集为空';
    if (codes && rule.instances.every(i => i.codes && isEmptyCodeSet(i.codes))) return '各实例的 属于 代码集都为空';
    return undefined;
}

function summarize(rule: IrRule): string {
    const counts = new Map<string, number>();
    for (const item of rule.inactive) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
    return [...counts].map(([reason, n]) => `${reason} ×${n}`).join('；');
}
