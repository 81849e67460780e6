/**
 * 参数面板的模型：规则包 manifest 中各规则的参数（默认值）+ 用户的覆盖值 → 部署配置 { "参数": { 规则编号: { 参数名: 值 } } }。
 * 覆盖值的写法与部署配置相同（"14岁"、"30天"、"100元"、"2次"），逐项用运行时的 parseParamValue 检查。
 */
import { parseParamValue } from '@zhishen/runtime';
import type { ParamOverrides, RuleInfo } from './protocol.js';
import { cleanParams } from './state.js';

export const PARAM_TYPE_LABELS: Record<string, string> = {
    money: '金额', duration: '时长', age: '年龄', quantity: '数量', number: '数值', text: '文本', date: '日期', boolean: '真假', enum: '枚举', set: '集合', codes: '编码'
};

/** 面板里可以直接输入的参数种类（集合、编码等写在规则里更合适） */
const EDITABLE = new Set(['money', 'duration', 'age', 'quantity', 'number', 'text', 'date', 'enum']);

export interface ParamField {
    ruleId: string;
    name: string;
    type: string;
    typeLabel: string;
    /** 默认值的显示，如 "18岁" */
    display: string;
    description?: string;
    editable: boolean;
    override: string;
    error?: string;
}

export interface RuleParams {
    ruleId: string;
    ruleName: string;
    fields: ParamField[];
}

export function paramModel(rules: readonly RuleInfo[], overrides: ParamOverrides): RuleParams[] {
    return rules
        .filter(r => r.params.length > 0)
        .map(rule => ({
            ruleId: rule.id,
            ruleName: rule.name,
            fields: rule.params.map(p => {
                const override = overrides[rule.id]?.[p.name] ?? '';
                const field: ParamField = {
                    ruleId: rule.id,
                    name: p.name,
                    type: p.type,
                    typeLabel: PARAM_TYPE_LABELS[p.type] ?? p.type,
                    display: p.display,
                    description: p.description,
                    editable: EDITABLE.has(p.type),
                    override
                };
                if (override.trim()) field.error = checkOverride(p, override);
                return field;
            })
        }));
}

/** 检查一个覆盖值；没问题返回 undefined。 */
export function checkOverride(param: { type: string; display: string }, value: string): string | undefined {
    const result = parseParamValue(param, value.trim());
    return 'error' in result ? result.error : undefined;
}

/** 覆盖值 → 部署配置（没有覆盖时 undefined）。只放进对得上规则与参数的项；对不上的由编译器报告。 */
export function configFromOverrides(overrides: ParamOverrides): { 参数: ParamOverrides } | undefined {
    const clean = cleanParams(overrides);
    return Object.keys(clean).length > 0 ? { 参数: clean } : undefined;
}

/** 覆盖中已经不存在的规则或参数（规则改名、删了参数）：提示并可清除。 */
export function staleOverrides(rules: readonly RuleInfo[], overrides: ParamOverrides): Array<{ ruleId: string; name: string }> {
    const stale: Array<{ ruleId: string; name: string }> = [];
    for (const [ruleId, values] of Object.entries(cleanParams(overrides))) {
        const rule = rules.find(r => r.id === ruleId);
        for (const name of Object.keys(values)) if (!rule?.params.some(p => p.name === name)) stale.push({ ruleId, name });
    }
    return stale;
}

export function withOverride(overrides: ParamOverrides, ruleId: string, name: string, value: string): ParamOverrides {
    const next: ParamOverrides = { ...overrides, [ruleId]: { ...(overrides[ruleId] ?? {}) } };
    if (value.trim()) next[ruleId][name] = value;
    else delete next[ruleId][name];
    return cleanParams(next);
}
