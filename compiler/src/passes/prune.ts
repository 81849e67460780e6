/**
 * 删去永远不会触发的规则，并说明原因（写入 manifest.dropped，构建时打印）：
 * 知识点表没有生效的行、作用域之前有恒为假的条件、作用域的代码集为空。
 */
import type { IrPack, IrRule } from '../ir/ir.js';

export function pruneNeverFiring(pack: IrPack): IrPack {
    const kept: IrRule[] = [];
    for (const rule of pack.rules) {
        const reason = neverFires(rule, pack);
        if (reason) pack.dropped.push({ rule: rule.id, reason });
        else kept.push(rule);
    }
    pack.rules = kept;
    return pack;
}

function neverFires(rule: IrRule, pack: IrPack): string | undefined {
    if (rule.instances.length === 0) {
        if (rule.table) {
            const total = rule.inactive.length;
            return total === 0 ? `知识点表「${rule.table}」为空或不存在` : `知识点表「${rule.table}」的 ${total} 行都未生效（${summarize(rule)}）`;
        }
        return '没有可运行的实例';
    }
    for (const step of rule.pre) {
        if (step.kind === 'when' && step.expr.k === 'lit' && step.expr.v !== true) return `条件「${step.text}」恒不成立`;
    }
    for (const step of rule.steps) {
        if (step.kind === 'when' && step.expr.k === 'lit' && step.expr.v !== true) return `条件「${step.text}」恒不成立`;
    }
    const codes = rule.scope?.codes;
    if (codes?.k === 'matcher') {
        const m = pack.matchers[codes.id];
        if (m.codes.length === 0 && m.prefixes.length === 0 && m.ranges.length === 0) return '作用域 属于 的代码集为空';
    }
    if (rule.scope?.codes && rule.instances.every(i => i.codes && i.codes.codes.length === 0 && i.codes.prefixes.length === 0 && i.codes.ranges.length === 0)) {
        return '各实例的 属于 代码集都为空';
    }
    return undefined;
}

function summarize(rule: IrRule): string {
    const counts = new Map<string, number>();
    for (const item of rule.inactive) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
    return [...counts].map(([reason, n]) => `${reason} ×${n}`).join('；');
}
