/**
 * 金额汇总（run 的汇总、demo 的表）：每条规则的结果数、规则金额（去重前，zhishen.rule_amt，没有时即 vola_amt）与去重后金额
 * （vola_amt，semantics.ts F8：一条明细在一个患者全部结果中的金额之和不超过它的净金额）。按分累加，避免浮点误差。
 */
import type { JudgeResult } from '@zhishen/runtime';

export interface RuleAmounts {
    name: string;
    count: number;
    /** 规则金额（分） */
    ruleFen: number;
    /** 去重后金额（分） */
    dedupFen: number;
}

export class AmountSummary {
    readonly byRule = new Map<string, RuleAmounts>();
    findings = 0;
    ruleFen = 0;
    dedupFen = 0;

    add(result: JudgeResult, name = result.rule_name): void {
        const ruleFen = Math.round((result.zhishen?.rule_amt ?? result.vola_amt) * 100);
        const dedupFen = Math.round(result.vola_amt * 100);
        const entry = this.byRule.get(result.rule_id) ?? { name, count: 0, ruleFen: 0, dedupFen: 0 };
        entry.count++;
        entry.ruleFen += ruleFen;
        entry.dedupFen += dedupFen;
        this.byRule.set(result.rule_id, entry);
        this.findings++;
        this.ruleFen += ruleFen;
        this.dedupFen += dedupFen;
    }
}

export function yuan(fen: number): string {
    return (fen / 100).toFixed(2);
}
