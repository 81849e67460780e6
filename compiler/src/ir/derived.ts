/**
 * 从知识点文字推出的参数（行级 令）逐实例列出：`zhishen build --derived` 写成 TSV，标准规则的测试对真实知识点核对。
 * 每个生效的实例一行：规则、知识点、名称、各行级 令 的取值（按类型显示）；未生效的知识点一行，写明原因。
 */
import { decodeValue, formatValue } from '@zhishen/runtime';
import type { IrPack } from './ir.js';
import { displayOf } from './ir.js';

export interface DerivedRow {
    rule: string;
    kp_id: string;
    item_name: string;
    active: boolean;
    /** 未生效的原因 */
    reason?: string;
    /** 行级 令：名称 → 显示值（空值为「（空）」） */
    values: Record<string, string>;
}

export function derivedParameters(ir: IrPack): DerivedRow[] {
    const rows: DerivedRow[] = [];
    for (const rule of ir.rules) {
        const lets = rule.rowSlots.filter(s => s.slot.startsWith('let.'));
        for (const inst of rule.instances) {
            if (!inst.kp) continue;
            const values: Record<string, string> = {};
            for (const slot of lets) {
                const encoded = inst.row?.[slot.slot];
                values[slot.slot.slice(4)] = formatValue(encoded === undefined ? null : decodeValue(encoded), displayOf(slot.type));
            }
            rows.push({ rule: rule.id, kp_id: inst.kp.kp_id, item_name: inst.kp.item_name, active: true, values });
        }
        for (const item of rule.inactive) rows.push({ rule: rule.id, kp_id: item.kp_id, item_name: '', active: false, reason: item.reason, values: {} });
    }
    return rows;
}

/** TSV：规则、知识点、名称、生效、推出的参数（名称=值，以「；」分隔）或未生效的原因。 */
export function derivedTsv(rows: DerivedRow[]): string {
    const clean = (text: string) => text.replace(/[\t\r\n]+/g, ' ');
    const lines = ['规则\t知识点\t名称\t生效\t推出的参数'];
    for (const r of rows) {
        const detail = r.active ? Object.entries(r.values).map(([k, v]) => `${k}=${v}`).join('；') : `未生效：${r.reason ?? ''}`;
        lines.push([r.rule, r.kp_id, r.item_name, r.active ? '是' : '否', detail].map(clean).join('\t'));
    }
    return lines.join('\n') + '\n';
}
