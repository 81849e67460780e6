/**
 * 参数面板：各规则的参数、默认值与覆盖输入框（改了自动重跑）。
 */
import type { ParamOverrides, RunResult } from '../lib/protocol.js';
import { checkOverride, paramModel, staleOverrides, withOverride } from '../lib/params.js';
import { clear, debounce, h } from './dom.js';
import { levelBadge } from './results-view.js';

export interface ParamsPanelEvents {
    /** 覆盖变了（rerun：是否马上重跑；输入框改动先不重跑，等防抖） */
    change(params: ParamOverrides, rerun: boolean): void;
}

export function renderParamsPanel(panel: HTMLElement, lastRun: RunResult | null, params: ParamOverrides, on: ParamsPanelEvents): void {
    const rules = lastRun?.rules ?? [];
    const model = paramModel(rules, params);
    const overrides = Object.values(params).reduce((n, v) => n + Object.keys(v).length, 0);
    document.getElementById('count-params')!.textContent = overrides ? ` ${overrides}` : '';
    if (!lastRun) {
        clear(panel, h('p.muted', null, '运行一次后，这里列出各规则的参数。'));
        return;
    }
    const stale = staleOverrides(rules, params);
    const rerun = debounce(() => on.change(current, true), 250);
    let current = params;
    const parts: Node[] = [
        h('p.muted', null, '改阈值不用改规则：填新值（如 “14岁”、“30天”、“100元”、“2次”）后按 Enter 或离开输入框，会自动重新运行，结果区显示与上次运行的差别。留空 = 用规则里写的默认值。'),
        h('div.toolbar', null, h('button', { type: 'button', disabled: overrides === 0, on: { click: () => { on.change({}, true); } } }, '全部恢复默认'))
    ];
    if (stale.length) parts.push(h('p.warn', null, `链接或之前设置的参数对不上现在的规则，已忽略：${stale.map(s => `${s.ruleId}.${s.name}`).join('、')}`));
    if (lastRun.compile.configErrors.length) parts.push(h('div.alert', { role: 'alert' }, lastRun.compile.configErrors.map(e => h('div', null, e))));
    if (model.length === 0) parts.push(h('p.empty', null, rules.length ? '打开的规则都没有参数。规则里用 参数 名称 = 默认值 声明参数。' : '规则编译通过后，这里列出各规则的参数。'));
    for (const rule of model) {
        const info = rules.find(r => r.id === rule.ruleId);
        const group = h('fieldset.param-rule', null,
            h('legend', null, h('span.rule-id', null, rule.ruleId), ' ', rule.ruleName, info ? [' ', levelBadge(info.level)] : null));
        for (const field of rule.fields) {
            const id = `param-${rule.ruleId}-${field.name}`;
            const error = h('div.param-error', { id: `${id}-error`, 'aria-live': 'polite' }, field.error ?? '');
            const input = h('input.param-input', {
                id, type: 'text', value: field.override, placeholder: field.display, disabled: !field.editable,
                'aria-describedby': `${id}-error ${id}-desc`, 'data-rule': rule.ruleId, 'data-param': field.name,
                on: {
                    input: (e: Event) => {
                        const value = (e.target as HTMLInputElement).value;
                        error.textContent = value.trim() ? checkOverride(field, value) ?? '' : '';
                        (e.target as HTMLInputElement).classList.toggle('invalid', Boolean(error.textContent));
                    },
                    change: (e: Event) => {
                        const value = (e.target as HTMLInputElement).value;
                        current = withOverride(current, rule.ruleId, field.name, value);
                        on.change(current, false);
                        const problem = value.trim() ? checkOverride(field, value) : undefined;
                        if (!problem) rerun();
                    },
                    keydown: (e: KeyboardEvent) => {
                        if (e.key === 'Enter') (e.target as HTMLInputElement).dispatchEvent(new Event('change'));
                    }
                }
            });
            if (field.error) input.classList.add('invalid');
            group.append(h('div.param', null,
                h('label', { for: id }, h('code', null, field.name), h('span.muted', null, ` ${field.typeLabel} · 默认 ${field.display}`)),
                input,
                field.description ? h('div.param-desc.muted', { id: `${id}-desc` }, field.description) : h('span', { id: `${id}-desc` }),
                error));
        }
        parts.push(group);
    }
    const focused = document.activeElement as HTMLElement | null;
    const focusId = focused && panel.contains(focused) ? focused.id : null;
    clear(panel, ...parts);
    if (focusId) (document.getElementById(focusId) as HTMLInputElement | null)?.focus();
}
