/**
 * 选中一条结果时编辑器里的标记（纯函数，不碰应用状态）：规则编辑器里规则开头一行与解释中每个条件的成立 / 不成立 / 未知；
 * 理赔编辑器里违规项与涉及项所在的行与标识（NDJSON 时只在该请求那一行里找）。规则测试的覆盖率在行号旁的标记。
 */
import type { CoverageReport } from '@zhishen/compiler';
import type { FindingRow } from '../lib/findings.js';
import { locateClaimItem as locate } from '../lib/json-text.js';
import { monaco } from './monaco-setup.js';

type Model = monaco.editor.ITextModel;

/** 规则编辑器的标记；lastLine 是最后一个条件所在行（滚动到可见用）。 */
export function ruleDecorations(row: FindingRow, ruleLine: number): { decorations: monaco.editor.IModelDeltaDecoration[]; lastLine: number } {
    const steps = row.result.zhishen?.explanation?.steps ?? [];
    const decorations: monaco.editor.IModelDeltaDecoration[] = [{
        range: new monaco.Range(ruleLine, 1, ruleLine, 1),
        options: { isWholeLine: true, className: 'hl-rule', linesDecorationsClassName: 'hl-rule-gutter' }
    }];
    for (const step of steps) {
        const status = step.kind === 'let' ? 'let' : step.result === true ? 'true' : step.result === false ? 'false' : 'unknown';
        decorations.push({
            range: new monaco.Range(step.line, step.column, step.endLine, step.endColumn),
            options: { className: `hl-step hl-step-${status}`, hoverMessage: { value: step.kind === 'let' ? `→ ${step.value ?? ''}` : status === 'true' ? '成立' : status === 'false' ? '不成立' : '未知' } }
        });
    }
    return { decorations, lastLine: Math.max(ruleLine, ...steps.map(s => s.endLine)) };
}

/** 理赔编辑器的标记；first 是要滚动到的那一项（focus 指定的明细或就诊，否则第一条违规项）。 */
export function claimDecorations(model: Model, requestText: string, offset: number, row: FindingRow, focus?: { rxId: string | null; mdtrtId?: string }): { decorations: monaco.editor.IModelDeltaDecoration[]; first: monaco.Range | null } {
    const decorations: monaco.editor.IModelDeltaDecoration[] = [];
    let first: monaco.Range | null = null;
    const add = (target: { rxId?: string; mdtrtId?: string }, kind: 'violating' | 'involved') => {
        const loc = locate(requestText, { patnId: row.patnId, mdtrtId: target.mdtrtId ?? row.mdtrtId, rxId: target.rxId }, offset);
        if (!loc) return;
        const s = model.getPositionAt(loc.range.offset);
        const e = model.getPositionAt(loc.range.offset + loc.range.length);
        const range = new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column);
        const label = kind === 'violating' ? '违规项' : '涉及项';
        decorations.push({ range, options: { className: `hl-${kind}`, isWholeLine: true, linesDecorationsClassName: `hl-${kind}-gutter`, overviewRuler: { color: kind === 'violating' ? '#dc2626' : '#d97706', position: monaco.editor.OverviewRulerLane.Right }, hoverMessage: { value: label } } });
        const is = model.getPositionAt(loc.idRange.offset);
        const ie = model.getPositionAt(loc.idRange.offset + loc.idRange.length);
        decorations.push({ range: new monaco.Range(is.lineNumber, is.column, ie.lineNumber, ie.column), options: { inlineClassName: `hl-${kind}-id`, after: { content: `  ← ${label}`, inlineClassName: `hl-${kind}-id` } } });
        const isFocus = focus ? (focus.rxId ? focus.rxId === target.rxId : focus.mdtrtId === target.mdtrtId) : kind === 'violating';
        if (isFocus && !first) first = range;
    };
    const details = row.result.judge_result_detail_dtos ?? [];
    for (const d of details) {
        if (d.rx_id) add({ rxId: d.rx_id, mdtrtId: d.mdtrt_id }, d.vola_item_type === '1' ? 'violating' : 'involved');
        else add({ mdtrtId: d.mdtrt_id }, 'involved');
    }
    return { decorations, first };
}

type RuleCoverage = CoverageReport['rules'][number];

/** 一步的覆盖状态：成立过 / 求值过但没成立过 / 没有求值过（令 求值即算成立）。 */
export function stepCoverage(step: RuleCoverage['steps'][number]): 'passed' | 'never' | 'missed' {
    return !step.evaluated ? 'missed' : step.passed || step.kind === 'let' ? 'passed' : 'never';
}

/**
 * 规则测试的覆盖率在规则编辑器里的标记（文件 path 中的规则）：规则开头一行（测试里触发过 / 没有），每个 令 / 当 所在行
 * （成立过 / 求值过但没成立过 / 没有求值过），行号旁的色条，悬停写明。
 */
export function coverageDecorations(coverage: CoverageReport, path: string): monaco.editor.IModelDeltaDecoration[] {
    const decorations: monaco.editor.IModelDeltaDecoration[] = [];
    for (const rule of coverage.rules) {
        if (rule.source.file !== path) continue;
        decorations.push({
            range: new monaco.Range(rule.source.line, 1, rule.source.line, 1),
            options: {
                isWholeLine: true, linesDecorationsClassName: `cov-gutter cov-${rule.fired ? 'passed' : 'missed'}`,
                hoverMessage: { value: rule.fired ? `测试覆盖：规则 ${rule.id} 在测试里触发过` : `测试覆盖：没有测试让规则 ${rule.id} 触发` }
            }
        });
        for (const step of rule.steps) {
            const status = stepCoverage(step);
            const text = status === 'passed' ? (step.kind === 'let' ? '求值过' : '求值过，成立过') : status === 'never' ? '求值过，但在测试里从没成立：加一个让它成立的测试' : '测试没有求值到这一步';
            decorations.push({
                range: new monaco.Range(step.line, step.column, step.endLine, step.endColumn),
                options: { isWholeLine: true, linesDecorationsClassName: `cov-gutter cov-${status}`, hoverMessage: { value: `测试覆盖：${text}` } }
            });
        }
    }
    return decorations;
}
