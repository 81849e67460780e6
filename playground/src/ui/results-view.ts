/**
 * 结果区：审核结果表（与上次运行的差异）、一条结果的解释、规则测试、问题列表。只负责渲染与点击回调。
 */
import type { Explanation, ExplanationStep } from '@zhishen/runtime';
import type { FindingRow, FindingsDiff } from '../lib/findings.js';
import { describeDiff, describePhase, diffChangeText, diffRowText, formatCents } from '../lib/findings.js';
import type { CoverageReport } from '@zhishen/compiler';
import type { ClaimProblem, RunResult, TestView } from '../lib/protocol.js';
import { stepCoverage } from './highlights.js';
import { baseName } from '../lib/state.js';
import { clear, h } from './dom.js';

export interface ResultsCallbacks {
    selectFinding(row: FindingRow): void;
    revealRule(file: string, line: number, column?: number, endLine?: number, endColumn?: number): void;
    revealClaimItem(row: FindingRow, rxId: string | null, mdtrtId?: string): void;
    revealClaimProblem(problem: ClaimProblem): void;
}

const LEVEL_CLASS: Record<string, string> = { 明确违规: 'lv-1', 高度可疑: 'lv-2', 轻度可疑: 'lv-3', 提醒: 'lv-4' };

export function levelBadge(level: string) {
    return h('span.level', { class: LEVEL_CLASS[level] ?? 'lv-4' }, level || '—');
}

function lineButtons(row: FindingRow, ids: string[], kind: 'violating' | 'involved', cb: ResultsCallbacks) {
    return ids.map(id => h('button.linelink', {
        type: 'button',
        class: kind,
        title: `在理赔中定位明细 ${id}`,
        on: { click: (e: MouseEvent) => { e.stopPropagation(); cb.revealClaimItem(row, id); } }
    }, id));
}

export function renderFindings(container: HTMLElement, run: RunResult, rows: FindingRow[], diff: FindingsDiff | null, selected: FindingRow | null, cb: ResultsCallbacks, phase: string): void {
    const outcomes = run.claim?.outcomes ?? [];
    const multi = outcomes.length > 1;
    const total = rows.reduce((s, r) => s + r.cents, 0);
    const rejected = outcomes.filter(o => o.rejected);
    const summary = h('p.summary', null,
        rows.length === 0 ? h('strong', null, '没有审核结果') : h('strong', null, `${rows.length} 条审核结果`),
        rows.length > 0 ? ` · 违规金额合计 ${formatCents(total)} 元` : null,
        multi ? ` · ${outcomes.length} 份请求` : null,
        rejected.length > 0 ? h('span.bad', null, ` · ${rejected.length} 份请求无法审核`) : null,
        h('span.muted', null, ` · 编译 ${Math.round(run.timings.compileMs)} ms${run.compile.cached ? '（缓存）' : ''} · 审核 ${run.timings.runMs.toFixed(1)} ms`),
        outcomes.some(o => !o.parseFailed) ? h('span.muted.phase-note', { title: '顶部“环节”可改为运行全部规则' }, ` · ${describePhase(phase, outcomes.filter(o => !o.parseFailed).map(o => o.trig_scen))}`) : null
    );
    const parts: Node[] = [summary];
    if (diff) {
        const banner = h('div.diff', { role: 'status', 'data-testid': 'diff' }, h('strong', null, describeDiff(diff)));
        if (!diff.same) {
            const list = h('ul.diff-list');
            for (const r of diff.added) list.append(h('li.added', null, h('span.tag', null, '新增'), ` ${diffRowText(r)}`));
            for (const r of diff.removed) list.append(h('li.removed', null, h('span.tag', null, '消失'), ` ${diffRowText(r)}`));
            for (const c of diff.changed) list.append(h('li.changed', null, h('span.tag', null, '变化'), ` ${diffChangeText(c)}`));
            banner.append(list);
        }
        parts.push(banner);
    }
    for (const o of rejected) {
        parts.push(h('div.alert', { role: 'alert' },
            h('strong', null, multi ? `第 ${o.line} 行的请求无法审核：` : '这份理赔无法审核：'),
            o.parseFailed ? 'JSON 格式有错（见“问题”与理赔编辑器中的红线）' : o.errors.map(e => `${e.message}${e.hint ? `（${e.hint}）` : ''}`).join('；')));
    }
    if (rows.length === 0) {
        parts.push(h('p.empty', null, run.claim ? '这份理赔没有触发任何规则。可以换一份样例理赔，或修改规则 / 参数后再运行。' : '还没有理赔：在右侧“理赔”中选一份样例或粘贴 3101 入参。'));
        clear(container, ...parts);
        return;
    }
    const added = new Set(diff?.added.map(r => r.key));
    const changed = new Map(diff?.changed.map(c => [c.after.key, c]));
    const tbody = h('tbody');
    for (const row of rows) {
        const tr = h('tr', {
            tabindex: 0,
            'aria-current': selected?.key === row.key ? 'true' : undefined,
            class: [selected?.key === row.key ? 'selected' : '', added.has(row.key) ? 'is-added' : '', changed.has(row.key) ? 'is-changed' : ''].filter(Boolean).join(' '),
            'data-rule': row.ruleId,
            title: '点击查看这条结果为什么成立',
            on: {
                click: () => cb.selectFinding(row),
                keydown: (e: KeyboardEvent) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        cb.selectFinding(row);
                    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                        e.preventDefault();
                        const next = (e.key === 'ArrowDown' ? (e.currentTarget as HTMLElement).nextElementSibling : (e.currentTarget as HTMLElement).previousElementSibling) as HTMLElement | null;
                        next?.focus();
                    }
                }
            }
        },
            multi ? h('td.num', null, String(row.requestLine)) : null,
            h('td.rule', null, h('span.rule-id', null, row.ruleId), h('span.rule-name', null, row.ruleName)),
            h('td', null, levelBadge(row.level)),
            h('td.msg', null, row.message),
            h('td.amount', null, formatCents(row.cents), row.amountAbnormal ? h('span.bad', { title: '金额无法计算（vola_amt_stas = 0）' }, ' ⚠') : null,
                changed.has(row.key) ? h('span.delta', null, ` (${formatCents(changed.get(row.key)!.delta, { sign: true })})`) : null),
            h('td.lines', null, lineButtons(row, row.violating, 'violating', cb)),
            h('td.lines', null, lineButtons(row, row.involved, 'involved', cb), row.involvedEncounters.map(m => h('button.linelink.involved', {
                type: 'button', title: `在理赔中定位就诊 ${m}`, on: { click: (e: MouseEvent) => { e.stopPropagation(); cb.revealClaimItem(row, null, m); } }
            }, `就诊 ${m}`)))
        );
        tbody.append(tr);
    }
    const table = h('table.findings', { 'aria-label': '审核结果' },
        h('thead', null, h('tr', null,
            multi ? h('th', { scope: 'col' }, '行') : null,
            h('th', { scope: 'col' }, '规则'),
            h('th', { scope: 'col' }, '级别'),
            h('th', { scope: 'col' }, '提示'),
            h('th.amount', { scope: 'col' }, '金额（元）'),
            h('th', { scope: 'col' }, '违规项'),
            h('th', { scope: 'col' }, '涉及项'))),
        tbody);
    parts.push(h('div.table-wrap', null, table));
    clear(container, ...parts);
}

/** 一条结果的解释：各条件看到的值。 */
export function renderExplanation(container: HTMLElement, row: FindingRow | null, cb: ResultsCallbacks): void {
    if (!row) {
        clear(container, h('div.explain-empty', null,
            h('p', null, h('strong', null, '点击左侧的一条结果，看它为什么成立。')),
            h('p.muted', null, '解释列出规则的每个条件、它看到的值、成立与否，以及依据的政策原文与知识点。')));
        return;
    }
    const z = row.result.zhishen;
    const ex: Explanation | undefined = z?.explanation;
    const source = row.source;
    const details = row.result.judge_result_detail_dtos ?? [];
    const violatingDetails = details.filter(d => d.vola_item_type === '1');
    const parts: Node[] = [
        h('h3', null, levelBadge(row.level), ' ', row.ruleId, ' ', row.ruleName),
        h('p.message', null, row.message),
        h('p.keyfacts', null,
            h('span', null, '违规金额 ', h('strong', null, `${formatCents(row.cents)} 元`), row.amountAbnormal ? '（金额无法计算）' : ''),
            h('span', null, '违规项 ', violatingDetails.length
                ? violatingDetails.map(d => h('button.linelink.violating', { type: 'button', title: '在理赔中定位', on: { click: () => cb.revealClaimItem(row, d.rx_id) } }, `${d.rx_id}（${formatCents(Math.round(d.vola_amt * 100))} 元）`))
                : '—'),
            row.involved.length || row.involvedEncounters.length ? h('span', null, '涉及项 ',
                row.involved.map(id => h('button.linelink.involved', { type: 'button', title: '在理赔中定位', on: { click: () => cb.revealClaimItem(row, id) } }, id)),
                row.involvedEncounters.map(m => h('button.linelink.involved', { type: 'button', on: { click: () => cb.revealClaimItem(row, null, m) } }, `就诊 ${m}`))) : null)
    ];
    const facts = h('dl.facts', null,
        h('dt', null, '依据'), h('dd.evidence', null, row.evidence || '—'),
        ex?.instance ? [h('dt', null, '知识点'), h('dd', null, `${ex.instance.kp_id}「${ex.instance.item_name}」`, ex.instance.constraint ? h('div.muted', null, `限定条件：${ex.instance.constraint}`) : null)] : null,
        h('dt', null, '患者 / 就诊'), h('dd', null, `${row.patnId} / ${row.mdtrtId}`),
        source ? [h('dt', null, '规则位置'), h('dd', null, h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(source.file, source.line, source.column) } }, `${source.file}:${source.line}`))] : null,
        h('dt', null, 'jr_id'), h('dd', null, h('code', null, row.result.jr_id)));
    if (ex) {
        parts.push(h('h4', null, '为什么成立'));
        parts.push(h('p.summary', null, ex.summary));
        parts.push(stepList(ex.steps, source ? source.file : null, cb));
        if (ex.params.length > 0) {
            parts.push(h('h4', null, '参数'));
            parts.push(h('ul.params', null, ex.params.map(p => h('li', null, h('code', null, p.name), ' = ', h('strong', null, p.value)))));
        }
    } else {
        parts.push(h('p.muted', null, '这条结果没有解释数据。'));
    }
    parts.push(h('h4', null, '依据与出处'), facts);
    clear(container, ...parts);
    container.scrollTop = 0;
}

/**
 * 求值的每一步：行号（点击定位到规则）、条件或 令 的源码、成立与否 / 值、各子表达式看到的值。
 * 解释（为什么成立）与“为什么没有触发”共用；failed 为不成立的那一步（加重显示）。
 */
export function stepList(steps: ExplanationStep[], file: string | null, cb: Pick<ResultsCallbacks, 'revealRule'>, failed?: number) {
    const list = h('ol.steps', { 'aria-label': '条件与看到的值' });
    steps.forEach((step, k) => {
        const status = step.kind === 'let' ? 'let' : step.result === true ? 'true' : step.result === false ? 'false' : 'unknown';
        const verdict = step.kind === 'let' ? h('span.value', null, '→ ', step.value ?? '') : h('span.verdict', { class: `v-${status}` }, status === 'true' ? '成立 ✓' : status === 'false' ? '不成立 ✗' : '未知（值缺失）');
        const li = h('li.step', { class: `s-${status}${k === failed ? ' failed' : ''}` },
            h('button.lineno', {
                type: 'button',
                title: '在规则中定位这一行',
                on: { click: () => file && cb.revealRule(file, step.line, step.column, step.endLine, step.endColumn) }
            }, `第 ${step.line} 行`),
            h('code', null, step.kind === 'when' ? `当 ${step.text}` : step.text),
            ' ', verdict);
        if (step.values && step.values.length > 0) {
            const table = h('table.values', null, h('tbody', null, step.values.map(v => h('tr', null, h('th', { scope: 'row' }, h('code', null, v.expr)), h('td', null, v.value)))));
            li.append(table);
        }
        list.append(li);
    });
    return list;
}

export function renderTests(container: HTMLElement, tests: RunResult['tests'], compileOk: boolean, cb: ResultsCallbacks): void {
    if (!compileOk) {
        clear(container, h('p.empty', null, '规则有错误，测试没有运行。先修正“问题”中的错误。'));
        return;
    }
    if (!tests) {
        clear(container, h('p.empty', null, '勾选顶部的“同时运行规则测试”，运行时会一并运行打开的规则文件中的 测试 块。'));
        return;
    }
    if (tests.results.length === 0) {
        clear(container, h('p.empty', null, '打开的规则文件中没有 测试 块。写法：测试 "名称" { 理赔 { … } 期望 规则编号 违规项 "R1" 金额 25元 }'));
        return;
    }
    const list = h('ul.tests');
    for (const t of tests.results) list.append(testItem(t, cb));
    clear(container,
        h('p.summary', null, h('strong', { class: tests.failed > 0 ? 'bad' : 'good' }, `${tests.passed} 个通过，${tests.failed} 个失败`), `（共 ${tests.results.length} 个测试）`),
        list,
        tests.coverage ? coverageView(tests.coverage, cb) : '');
}

/** 覆盖率：汇总与没覆盖到的规则、条件（点击定位）；规则编辑器的行号旁另有色条。 */
function coverageView(coverage: CoverageReport, cb: ResultsCallbacks) {
    const gaps: Node[] = [];
    for (const rule of coverage.rules) {
        const file = rule.source.file;
        if (!rule.fired) gaps.push(h('li.cov-missed', null, h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(file, rule.source.line) } }, `${baseName(file)}:${rule.source.line}`), ` 规则 ${rule.id} ${rule.name}：没有测试让它触发`));
        for (const step of rule.steps) {
            const status = stepCoverage(step);
            if (status === 'passed') continue;
            gaps.push(h(`li.cov-${status}`, null,
                h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(file, step.line, step.column, step.endLine, step.endColumn) } }, `${baseName(file)}:${step.line}`), ' ',
                h('code', null, step.kind === 'when' ? `当 ${step.text}` : step.text),
                status === 'never' ? '：求值过，但从没成立' : '：测试没有求值到'));
        }
    }
    return h('section.coverage', { 'data-testid': 'coverage', 'aria-label': '测试覆盖率' },
        h('h4', null, '测试覆盖率'),
        h('p', null, `规则触发 ${coverage.firedRules}/${coverage.totalRules} · 条件求值 ${coverage.evaluatedSteps}/${coverage.totalSteps} · 成立过 ${coverage.passedSteps}/${coverage.totalSteps}`,
            h('span.muted', null, '（规则编辑器行号旁：绿 = 成立过，黄 = 求值过但没成立，红 = 没有求值到）')),
        gaps.length > 0 ? h('ul.coverage-gaps', null, gaps) : h('p.good', null, '每条规则都触发过，每个条件都成立过。'));
}

function testItem(t: TestView, cb: ResultsCallbacks) {
    const li = h('li.test', { class: t.passed ? 'pass' : 'fail' },
        h('span.mark', { 'aria-label': t.passed ? '通过' : '失败' }, t.passed ? '✓' : '✗'), ' ',
        h('strong', null, t.name), ' ',
        h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(t.file, t.line) } }, `${baseName(t.file)}:${t.line}`));
    if (t.error) li.append(h('div.bad', null, t.error));
    for (const e of t.expectations) {
        if (e.passed) continue;
        li.append(h('div.expectation', null,
            h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(t.file, e.line) } }, `第 ${e.line} 行`), ' ', h('code', null, e.text),
            h('pre.expected', null, (e.expected ?? '').split('\n').map(l => `- 期望 ${l}`).join('\n')),
            h('pre.actual', null, (e.actual ?? '').split('\n').map(l => `+ 实际 ${l}`).join('\n'))));
    }
    return li;
}

export function renderProblems(container: HTMLElement, run: RunResult | null, claimProblems: ClaimProblem[], extra: string[], cb: ResultsCallbacks): number {
    const items: Node[] = [];
    let count = 0;
    for (const message of extra) {
        count++;
        items.push(h('li.problem.error', null, h('span.sev', null, '错误'), ' ', message));
    }
    for (const message of run?.compile.configErrors ?? []) {
        count++;
        items.push(h('li.problem.error', null, h('span.sev', null, '参数'), ' ', message));
    }
    for (const d of run?.compile.diagnostics ?? []) {
        count++;
        items.push(h('li.problem', { class: d.severity },
            h('span.sev', null, d.severity === 'error' ? '错误' : '警告'), ' ',
            d.file ? h('button.linklike', { type: 'button', on: { click: () => cb.revealRule(d.file, d.line, d.column, d.endLine, d.endColumn) } }, `${d.file}:${d.line}:${d.column}`) : null,
            ' ', d.code ? h('code', null, d.code) : null, ' ', d.message,
            d.hint ? h('div.hint', null, `提示：${d.hint}`) : null));
    }
    for (const p of claimProblems) {
        count++;
        items.push(h('li.problem', { class: p.severity },
            h('span.sev', null, p.severity === 'error' ? '理赔' : '理赔提示'), ' ',
            h('button.linklike', { type: 'button', on: { click: () => cb.revealClaimProblem(p) } }, `第 ${p.line} 行`), ' ',
            p.code ? h('code', null, p.code) : null, ' ', p.message,
            p.hint ? h('div.hint', null, `提示：${p.hint}`) : null));
    }
    for (const d of run?.dropped ?? []) {
        items.push(h('li.problem.info', null, h('span.sev', null, '说明'), ` 规则 ${d.rule} 已在编译时删去：${d.reason}`));
    }
    clear(container, items.length ? h('ul.problems', null, items) : h('p.empty', null, '没有问题。'));
    return count;
}
