/**
 * 审核结果面板的 HTML（纯函数，不依赖 vscode，便于单元测试）。
 * 每条结果：规则、级别、金额、提示、依据、违规项 / 涉及项、参数、每个条件看到的值；点“跳到规则”回到规则源码。
 * 所有来自规则与理赔的文本都经 escapeHtml；脚本只用带 nonce 的内联脚本（CSP）。
 */
import type { DiagnosticView, ExplanationStepView, FindingView, TestOutcome, WhyNotReportView } from '@zhishen/language/lsp';

export interface FindingsModel {
    title: string;
    /** 理赔来源、规则数等 */
    subtitle?: string;
    findings: FindingView[];
    errors?: DiagnosticView[];
    rejected?: string;
    /** 解释测试时：测试结果（期望 / 实际） */
    tests?: TestOutcome[];
    /** 为什么没有触发的报告（结果是这条规则涉及所选对象的那些） */
    whyNot?: WhyNotReportView;
}

export function escapeHtml(text: unknown): string {
    return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatAmount(amount: number): string {
    return `¥${amount.toFixed(2)}`;
}

function link(uri: string | undefined, line: number | undefined, character = 0, label = '跳到规则'): string {
    if (!uri || line === undefined) return '';
    return `<a href="#" class="jump" data-uri="${escapeHtml(uri)}" data-line="${line}" data-character="${character}">${escapeHtml(label)}（第 ${line + 1} 行）</a>`;
}

function stepIcon(result: boolean | null | undefined): string {
    if (result === true) return '<span class="ok" title="成立">✓</span>';
    if (result === false) return '<span class="no" title="不成立">✗</span>';
    if (result === null) return '<span class="unknown" title="未知（有空值）">?</span>';
    return '<span class="let" title="令">≔</span>';
}

function renderFinding(finding: FindingView, index: number): string {
    const parts: string[] = [];
    parts.push(`<section class="finding" id="finding-${index}">`);
    parts.push(`<header><span class="rule">${escapeHtml(finding.ruleId)}</span> <span class="name">${escapeHtml(finding.ruleName)}</span>`
        + ` <span class="level level-${escapeHtml(finding.level)}">${escapeHtml(finding.level)}</span>`
        + ` <span class="amount">${formatAmount(finding.amount)}</span></header>`);
    parts.push(`<p class="message">${escapeHtml(finding.message)}</p>`);
    const facts: string[] = [];
    if (finding.violating.length > 0) facts.push(`<dt>违规项</dt><dd>${finding.violating.map(escapeHtml).join('、')}</dd>`);
    if (finding.involved.length > 0) facts.push(`<dt>涉及项</dt><dd>${finding.involved.map(escapeHtml).join('、')}</dd>`);
    if (finding.evidence) facts.push(`<dt>依据</dt><dd>${escapeHtml(finding.evidence)}</dd>`);
    if (finding.knowledgePoint) facts.push(`<dt>知识点</dt><dd>${escapeHtml(finding.knowledgePoint.kp_id)} ${escapeHtml(finding.knowledgePoint.item_name)}：${escapeHtml(finding.knowledgePoint.constraint)}</dd>`);
    if (finding.params.length > 0) facts.push(`<dt>参数</dt><dd>${finding.params.map(p => `${escapeHtml(p.name)} = ${escapeHtml(p.value)}`).join('；')}</dd>`);
    if (facts.length > 0) parts.push(`<dl>${facts.join('')}</dl>`);
    if (finding.summary) parts.push(`<p class="summary">${escapeHtml(finding.summary)}</p>`);
    if (finding.steps.length > 0) parts.push(renderSteps(finding.steps));
    parts.push(`<footer>${link(finding.uri, finding.range?.start.line, finding.range?.start.character)}</footer>`);
    parts.push('</section>');
    return parts.join('\n');
}

/** 求值的每一步（解释与“为什么没有触发”共用）；failed 为不成立的那一步（加重）。 */
function renderSteps(steps: ExplanationStepView[], failed?: number): string {
    const parts = ['<ol class="steps">'];
    steps.forEach((step, k) => {
        const values = step.values && step.values.length > 0
            ? `<ul class="values">${step.values.map(v => `<li><code>${escapeHtml(v.expr)}</code> = ${escapeHtml(v.value)}</li>`).join('')}</ul>`
            : step.value !== undefined ? `<span class="value"> = ${escapeHtml(step.value)}</span>` : '';
        const where = step.range ? link(step.uri, step.range.start.line, step.range.start.character, '源码') : '';
        parts.push(`<li${k === failed ? ' class="failed"' : ''}>${stepIcon(step.kind === 'let' ? undefined : step.result)} <code>${escapeHtml(step.text)}</code>${values} ${where}</li>`);
    });
    parts.push('</ol>');
    return parts.join('\n');
}

function renderWhyNot(report: WhyNotReportView): string {
    const parts: string[] = ['<section class="whynot">'];
    parts.push(`<header><span class="rule">${escapeHtml(report.ruleId)}</span> <span class="name">${escapeHtml(report.ruleName)}</span> ${link(report.uri, report.range?.start.line, report.range?.start.character)}</header>`);
    parts.push(`<p class="verdict ${report.fired ? 'ok' : 'no'}"><strong>${escapeHtml(report.verdict)}</strong></p>`);
    if (report.blockers.length > 0) parts.push(`<ul class="blockers">${report.blockers.map(b => `<li class="no">✗ ${escapeHtml(b)}</li>`).join('')}</ul>`);
    const facts: string[] = [];
    if (report.scope) facts.push(`<dt>范围</dt><dd><code>${escapeHtml(report.scope)}</code></dd>`);
    if (report.params.length > 0) facts.push(`<dt>参数</dt><dd>${report.params.map(p => `${escapeHtml(p.name)} = ${escapeHtml(p.value)}`).join('；')}</dd>`);
    if (facts.length > 0) parts.push(`<dl>${facts.join('')}</dl>`);
    for (const attempt of report.attempts) {
        const mark = attempt.outcome === 'fired' ? '<span class="ok">✓</span>' : attempt.outcome === 'no-finding' ? '<span class="unknown">○</span>' : '<span class="no">✗</span>';
        const kp = attempt.knowledgePoint ? `知识点 ${escapeHtml(attempt.knowledgePoint.kp_id)}「${escapeHtml(attempt.knowledgePoint.item_name)}」 · ` : '';
        parts.push(`<div class="attempt" data-outcome="${escapeHtml(attempt.outcome)}"><p>${mark} ${kp}<strong>${escapeHtml(attempt.element)}</strong>${attempt.patient ? `（患者 ${escapeHtml(attempt.patient)}）` : ''}：${escapeHtml(attempt.outcomeLabel)}</p>`
            + `<p class="reason">${escapeHtml(attempt.reason)}</p>${attempt.steps.length > 0 ? renderSteps(attempt.steps, attempt.failedStep) : ''}</div>`);
    }
    if (report.omitted > 0) parts.push(`<p class="subtitle">…… 另有 ${report.omitted} 次尝试没有列出（选一个对象缩小范围）</p>`);
    parts.push('</section>');
    return parts.join('\n');
}

function renderTests(tests: TestOutcome[]): string {
    return tests.map(test => {
        const failing = test.expectations.filter(e => !e.passed);
        const rows = failing.map(e => `<li><code>${escapeHtml(e.text)}</code><br>期望：${escapeHtml(e.expected)}<br>实际：${escapeHtml(e.actual)} ${link(e.uri, e.range.start.line, e.range.start.character, '期望')}</li>`);
        const status = test.passed ? '<span class="ok">✓ 通过</span>' : `<span class="no">✗ 失败</span>${test.error ? `：${escapeHtml(test.error)}` : ''}`;
        return `<section class="test"><header>测试「${escapeHtml(test.name)}」 ${status} ${link(test.uri, test.range.start.line, 0, '测试')}</header>${rows.length > 0 ? `<ul>${rows.join('')}</ul>` : ''}</section>`;
    }).join('\n');
}

export function renderFindingsHtml(model: FindingsModel, options: { nonce: string; cspSource: string }): string {
    const body: string[] = [];
    body.push(`<h1>${escapeHtml(model.title)}</h1>`);
    if (model.subtitle) body.push(`<p class="subtitle">${escapeHtml(model.subtitle)}</p>`);
    if (model.errors && model.errors.length > 0) {
        body.push('<section class="errors"><h2>规则有错误，未能编译</h2><ul>');
        for (const error of model.errors) body.push(`<li>${escapeHtml(error.message)} ${link(error.uri, error.range?.start.line, error.range?.start.character, '位置')}</li>`);
        body.push('</ul></section>');
    }
    if (model.rejected) body.push(`<section class="errors"><h2>理赔无法审核</h2><p>${escapeHtml(model.rejected)}</p></section>`);
    if (model.tests && model.tests.length > 0) body.push(renderTests(model.tests));
    if (model.whyNot) body.push(renderWhyNot(model.whyNot));
    if (!model.errors?.length && !model.rejected && (!model.whyNot || model.findings.length > 0)) {
        const total = model.findings.reduce((sum, f) => sum + Math.round(f.amount * 100), 0) / 100;
        body.push(`<p class="count">共 ${model.findings.length} 条审核结果${model.findings.length > 0 ? `，违规金额合计 ${formatAmount(total)}` : '：没有违规'}</p>`);
        model.findings.forEach((finding, i) => body.push(renderFinding(finding, i)));
    }
    return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${options.cspSource} 'unsafe-inline'; script-src 'nonce-${options.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(model.title)}</title>
<style>
body { font-family: var(--vscode-font-family), "WenQuanYi Micro Hei", sans-serif; color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; }
.subtitle, .count { color: var(--vscode-descriptionForeground); }
section { border: 1px solid var(--vscode-panel-border, #8884); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
section.errors { border-color: var(--vscode-errorForeground, #c33); }
header { font-weight: 600; }
.rule { font-family: var(--vscode-editor-font-family), monospace; }
.level { font-size: 0.85em; padding: 1px 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.level-明确违规 { background: #c0392b; color: #fff; } .level-高度可疑 { background: #d35400; color: #fff; }
.amount { float: right; font-family: var(--vscode-editor-font-family), monospace; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; } dt { color: var(--vscode-descriptionForeground); } dd { margin: 0; }
.steps li { margin: 4px 0; } .values { margin: 2px 0 2px 12px; padding-left: 12px; }
.attempt { border-left: 3px solid var(--vscode-panel-border, #8884); padding: 2px 10px; margin: 8px 0; }
.attempt[data-outcome=fired] { border-left-color: #2e8b57; } .attempt[data-outcome=failed], .attempt[data-outcome=pre-failed], .attempt[data-outcome=not-in-codes], .attempt[data-outcome=filtered] { border-left-color: #c0392b; }
.steps li.failed { font-weight: 600; }
.ok { color: #2e8b57; } .no { color: #c0392b; } .unknown { color: #b8860b; } .let { color: var(--vscode-descriptionForeground); }
code { font-family: var(--vscode-editor-font-family), monospace; }
a.jump { color: var(--vscode-textLink-foreground); cursor: pointer; }
</style>
</head>
<body>
${body.join('\n')}
<script nonce="${options.nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', event => {
  const target = event.target.closest('a.jump');
  if (!target) return;
  event.preventDefault();
  vscode.postMessage({ type: 'open', uri: target.dataset.uri, line: Number(target.dataset.line), character: Number(target.dataset.character || 0) });
});
</script>
</body>
</html>`;
}
