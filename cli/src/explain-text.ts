/**
 * 一条结果的中文解释（demo 与 run --format table --explain 共用）：规则与源码位置、概要、知识点、参数、每一步看到的值、依据、金额与明细。
 */
import pc from 'picocolors';
import type { Explanation, JudgeResult, WhyNotReport } from '@zhishen/runtime';
import { WHY_NOT_OUTCOME_LABELS } from '@zhishen/runtime';

export function levelLabel(level: string | undefined): string {
    switch (level) {
        case '明确违规': return pc.red('[明确违规]');
        case '高度可疑': return pc.yellow('[高度可疑]');
        case '轻度可疑': return pc.cyan('[轻度可疑]');
        default: return pc.dim(`[${level ?? '提醒'}]`);
    }
}

export function explain(result: JudgeResult, explanation: Explanation): string[] {
    const lines: string[] = [];
    const source = result.zhishen?.source;
    lines.push(`  ${result.rule_id} ${result.rule_name}${source ? pc.dim(`  （${source.file}:${source.line}）`) : ''}`);
    lines.push(`  ${explanation.summary}`);
    if (explanation.scope) lines.push(pc.dim(`  范围 ${explanation.scope}`));
    if (explanation.instance) lines.push(`  知识点 ${explanation.instance.kp_id}「${explanation.instance.item_name}」：${explanation.instance.constraint}`);
    for (const p of explanation.params) lines.push(pc.dim(`  参数 ${p.name} = ${p.value}`));
    for (const step of explanation.steps) {
        if (step.kind === 'let') {
            lines.push(`  第 ${step.line} 行  ${step.text}  ${pc.dim('→')} ${step.value}`);
        } else {
            const mark = step.result === true ? pc.green('成立') : step.result === false ? pc.red('不成立') : pc.yellow('未知');
            lines.push(`  第 ${step.line} 行  当 ${step.text}  ${pc.dim('→')} ${mark}`);
            for (const v of step.values ?? []) lines.push(pc.dim(`            ${v.expr} = ${v.value}`));
        }
    }
    lines.push(`  依据：${result.vola_evid}`);
    const ruleAmount = result.zhishen?.rule_amt;
    lines.push(`  违规金额 ${result.vola_amt.toFixed(2)} 元${ruleAmount !== undefined ? `（本规则 ${ruleAmount.toFixed(2)} 元，同一明细已被次序在前的结果计入的部分不重复计）` : ''}；明细：${result.judge_result_detail_dtos.map(d => `${d.rx_id || d.mdtrt_id}（${d.vola_item_type === '1' ? '违规项' : '涉及项'}${d.vola_item_type === '1' ? ` ${d.vola_amt.toFixed(2)}元` : ''}）`).join('、')}`);
    return lines;
}

/** “为什么没有触发”的中文报告（zhishen run --why-not）：结论、规则层面的原因、参数、每次尝试停在哪一步与看到的值。 */
export function whyNotText(report: WhyNotReport, findings: JudgeResult[] = []): string[] {
    const lines: string[] = [];
    const source = report.rule.source;
    lines.push(pc.bold(`${report.rule.id} ${report.rule.name}`) + pc.dim(`  （${source.file}:${source.line}）`));
    lines.push(report.fired ? pc.green(report.verdict) : pc.yellow(report.verdict));
    for (const b of report.blockers) lines.push(`  ${pc.red('✗')} ${b}`);
    if (report.scope) lines.push(pc.dim(`  范围 ${report.scope}`));
    for (const p of report.params) lines.push(pc.dim(`  参数 ${p.name} = ${p.value}`));
    for (const attempt of report.attempts) {
        const mark = attempt.outcome === 'fired' ? pc.green('✓') : attempt.outcome === 'no-finding' ? pc.yellow('○') : pc.red('✗');
        const kp = attempt.knowledgePoint ? `知识点 ${attempt.knowledgePoint.kp_id}「${attempt.knowledgePoint.item_name}」 · ` : '';
        lines.push('');
        lines.push(`  ${mark} ${kp}${attempt.element}${attempt.patient ? pc.dim(`（患者 ${attempt.patient}）`) : ''}：${WHY_NOT_OUTCOME_LABELS[attempt.outcome]}`);
        lines.push(`    ${attempt.reason}`);
        attempt.steps.forEach((step, k) => {
            const failed = k === attempt.failedStep;
            if (step.kind === 'let') {
                lines.push(pc.dim(`    第 ${step.line} 行  ${step.text}  → ${step.value}`));
            } else {
                const result = step.result === true ? pc.green('成立') : step.result === false ? pc.red('不成立') : pc.yellow('未知');
                const text = `    第 ${step.line} 行  当 ${step.text}  → ${result}`;
                lines.push(failed ? pc.bold(text) : text);
                for (const v of step.values ?? []) lines.push(pc.dim(`              ${v.expr} = ${v.value}`));
            }
        });
    }
    if (report.omitted > 0) lines.push('', pc.dim(`  …… 另有 ${report.omitted} 次尝试没有列出`));
    for (const f of findings) {
        lines.push('');
        const explanation = f.zhishen?.explanation;
        if (explanation) lines.push(...explain(f, explanation));
        else lines.push(`  ${f.rule_id} ${f.vola_cont}（${f.vola_amt.toFixed(2)} 元）`);
    }
    return lines;
}
