/**
 * “为什么没有触发”面板：选规则（可选对象、知识点、NDJSON 的第几份请求）→ worker 里引擎的 whyNot →
 * 结论、规则层面的原因、每次尝试停在哪个条件与看到的值。只负责渲染与回调。
 */
import type { WhyNotResult } from '@zhishen/runtime';
import { WHY_NOT_OUTCOME_LABELS } from '@zhishen/runtime';
import type { RuleInfo } from '../lib/protocol.js';
import type { ClaimObject } from '../lib/why-not.js';
import { formatCents } from '../lib/findings.js';
import { clear, h } from './dom.js';
import { stepList } from './results-view.js';
import type { ResultsCallbacks } from './results-view.js';

export interface WhyNotForm {
    rule: string;
    /** 理赔文档中的第几份请求（NDJSON） */
    request: number;
    target: string;
    knowledgePoint: string;
}

export interface WhyNotView {
    rules: RuleInfo[];
    /** 理赔文档的请求：序号与所在行 */
    requests: Array<{ index: number; line: number }>;
    objects: ClaimObject[];
    form: WhyNotForm;
    result: WhyNotResult | null;
    busy: boolean;
    /** 结果来自改动之前的规则、理赔或参数 */
    stale: boolean;
    claimPath: string | null;
}

export interface WhyNotCallbacks extends Pick<ResultsCallbacks, 'revealRule'> {
    submit(form: WhyNotForm): void;
    /** 表单改动（换请求时对象列表跟着换） */
    change(form: WhyNotForm): void;
}

export function renderWhyNot(container: HTMLElement, view: WhyNotView, cb: WhyNotCallbacks): void {
    if (view.rules.length === 0) {
        clear(container, h('p.empty', null, '先运行一次（规则没有错误时），再选一条规则看它为什么没有触发。'));
        return;
    }
    if (!view.claimPath) {
        clear(container, h('p.empty', null, '还没有理赔：在右侧“理赔”中选一份样例或粘贴 3101 入参。'));
        return;
    }
    const form = { ...view.form };
    const ruleSelect = h('select#whynot-rule', { 'aria-label': '规则', on: { change: (e: Event) => { form.rule = (e.target as HTMLSelectElement).value; cb.change(form); } } },
        view.rules.map(r => h('option', { value: r.id, selected: r.id === form.rule }, `${r.id} ${r.name}`)));
    const requestSelect = view.requests.length > 1
        ? h('select#whynot-request', { 'aria-label': '请求', on: { change: (e: Event) => { form.request = Number((e.target as HTMLSelectElement).value); form.target = ''; cb.change(form); } } },
            view.requests.map(r => h('option', { value: String(r.index), selected: r.index === form.request }, `第 ${r.line} 行的请求`)))
        : null;
    const targetSelect = h('select#whynot-target', { 'aria-label': '对象', on: { change: (e: Event) => { form.target = (e.target as HTMLSelectElement).value; cb.change(form); } } },
        h('option', { value: '', selected: form.target === '' }, '作用域里的全部对象'),
        view.objects.map(o => h('option', { value: o.id, selected: o.id === form.target }, o.label)));
    const kp = h('input#whynot-kp', {
        type: 'text', placeholder: '知识点编号或名称（可选）', 'aria-label': '知识点', value: form.knowledgePoint,
        on: { input: (e: Event) => { form.knowledgePoint = (e.target as HTMLInputElement).value; } }
    });
    const submit = h('button#whynot-run.primary', { type: 'submit', disabled: view.busy }, view.busy ? '⏳ 求值中…' : '查看');
    const formEl = h('form.whynot-form', { on: { submit: (e: Event) => { e.preventDefault(); cb.submit(form); } } },
        h('label', null, '规则 ', ruleSelect),
        requestSelect ? h('label', null, '请求 ', requestSelect) : null,
        h('label', null, '对象 ', targetSelect),
        h('label', null, '知识点 ', kp),
        submit);
    const parts: Node[] = [
        h('p.muted', null, '选一条规则与理赔中的一个对象，按审核时的同一条路径逐个条件求值，看停在哪个条件、它看到什么值。'),
        formEl
    ];
    if (view.result) parts.push(reportView(view.result, view.stale, cb));
    clear(container, ...parts);
}

function reportView(result: WhyNotResult, stale: boolean, cb: WhyNotCallbacks) {
    if (!result.ok) return h('div.alert', { role: 'alert', 'data-testid': 'whynot-report' }, result.message);
    const report = result.report;
    const file = report.rule.source.file;
    const box = h('section.whynot-report', { 'data-testid': 'whynot-report', 'aria-label': '为什么没有触发' },
        stale ? h('p.stale-note', null, '规则、理赔或参数改动过，这份报告已过时：点“查看”重新求值。') : null,
        h('p.verdict', { class: report.fired ? 'good' : 'bad' }, h('strong', null, report.verdict)),
        report.blockers.length > 0 ? h('ul.blockers', null, report.blockers.map(b => h('li', null, '✗ ', b))) : null,
        h('p.muted', null,
            h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(file, report.rule.source.line, report.rule.source.column) } }, `${file}:${report.rule.source.line}`),
            report.scope ? ` · 范围 ${report.scope}` : '',
            report.params.length > 0 ? ` · 参数 ${report.params.map(p => `${p.name} = ${p.value}`).join('，')}` : ''));
    const attempts = h('ol.attempts');
    for (const attempt of report.attempts) {
        const mark = attempt.outcome === 'fired' ? '✓' : attempt.outcome === 'no-finding' ? '○' : '✗';
        attempts.append(h('li.attempt', { class: `o-${attempt.outcome}`, 'data-outcome': attempt.outcome },
            h('div.attempt-head', null,
                h('span.mark', null, mark), ' ',
                attempt.knowledgePoint ? h('span.kp', null, `知识点 ${attempt.knowledgePoint.kp_id}「${attempt.knowledgePoint.item_name}」 · `) : null,
                h('strong', null, attempt.element),
                attempt.patient ? h('span.muted', null, `（患者 ${attempt.patient}）`) : null,
                ' ', h('span.outcome', null, WHY_NOT_OUTCOME_LABELS[attempt.outcome])),
            h('p.reason', null, attempt.reason),
            attempt.steps.length > 0 ? stepList(attempt.steps, file, cb, attempt.failedStep) : null));
    }
    if (report.attempts.length > 0) box.append(attempts);
    if (report.omitted > 0) box.append(h('p.muted', null, `…… 另有 ${report.omitted} 次尝试没有列出（选一个对象或知识点缩小范围）`));
    if (report.findings.length > 0) {
        box.append(h('h4', null, report.fired ? '这条规则的结果' : '涉及这个对象的结果'),
            h('ul.whynot-findings', null, report.findings.map(f => h('li', null, f.vola_cont, h('span.muted', null, `（${formatCents(Math.round(f.vola_amt * 100))} 元）`)))));
    }
    return box;
}
