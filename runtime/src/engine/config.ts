/**
 * 部署配置（地区覆盖）：参数取值、级别 → sev_deg 代码、违规行为类型代码、启用 / 停用规则。
 * 对照规则包 manifest 校验：未知规则、未知参数、单位不对都给出中文错误，不会悄悄生效一半。
 *
 * {
 *   "参数": { "*": { "儿童年龄上限": "14岁" }, "GZ10000204001000": { "间隔天数": "30天" } },
 *   "级别代码": { "明确违规": "1", "高度可疑": "2", "轻度可疑": "3", "提醒": "4" },
 *   "违规行为代码": { "药品政策限定类": "01" },
 *   "启用": ["GZ…"],      // 可选：只启用这些
 *   "停用": ["GZ…"],
 *   "按知识点合并": ["GZ10000101008000"]   // 或 ["*"]：这些规则同一知识点在一次就诊只出一条结果（semantics.ts F7）
 * }
 * 英文键 parameters / levelCodes / behaviorCodes / enabled / disabled / mergeByKnowledgePoint 同样接受。
 */
import { parseDateTime } from '../values/dates.js';
import { codeSetFromPatterns, encodeQuantity } from '../contract/encoding.js';
import { LEVELS } from '../contract/pack.js';
import type { Level, ManifestParam, PackManifest } from '../contract/pack.js';

export interface DeploymentConfig {
    /** 规则编号（或 "*" 表示所有规则的同名参数）→ 参数名 → 值（已按类型解析） */
    parameters: Record<string, Record<string, unknown>>;
    levelCodes: Partial<Record<Level, string>>;
    behaviorCodes: Record<string, string>;
    enabled?: string[];
    disabled: string[];
    /** 按知识点合并结果的规则编号；含 "*" 表示全部规则（F7） */
    mergeByKnowledgePoint?: string[];
}

export interface ConfigResult {
    config: DeploymentConfig;
    errors: string[];
}

export const EMPTY_CONFIG: DeploymentConfig = { parameters: {}, levelCodes: {}, behaviorCodes: {}, disabled: [] };

function pick(raw: Record<string, unknown>, ...keys: string[]): unknown {
    for (const key of keys) if (key in raw) return raw[key];
    return undefined;
}

export function validateConfig(raw: unknown, manifest: PackManifest): ConfigResult {
    const errors: string[] = [];
    // 没有原型的对象：规则编号、参数名、分类由用户书写，可能是 __proto__、constructor 之类
    const config: DeploymentConfig = { parameters: Object.create(null), levelCodes: {}, behaviorCodes: Object.create(null), disabled: [] };
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        return { config, errors: ['部署配置应是一个 JSON 对象'] };
    }
    const data = raw as Record<string, unknown>;
    const known = new Set(['参数', 'parameters', '级别代码', 'levelCodes', '违规行为代码', 'behaviorCodes', '启用', 'enabled', '停用', 'disabled', '按知识点合并', 'mergeByKnowledgePoint', '说明', 'description']);
    for (const key of Object.keys(data)) if (!known.has(key)) errors.push(`未知的配置项「${key}」；可用：参数、级别代码、违规行为代码、启用、停用、按知识点合并`);
    const rules = new Map(manifest.rules.map(r => [r.id, r]));
    const ruleList = (value: unknown, label: string): string[] => {
        if (value === undefined) return [];
        if (!Array.isArray(value)) {
            errors.push(`「${label}」应是规则编号的数组`);
            return [];
        }
        const ids = value.map(String);
        for (const id of ids) if (!rules.has(id)) errors.push(`「${label}」中的规则「${id}」不在规则包中`);
        return ids.filter(id => rules.has(id));
    };
    const enabled = pick(data, '启用', 'enabled');
    if (enabled !== undefined) config.enabled = ruleList(enabled, '启用');
    config.disabled = ruleList(pick(data, '停用', 'disabled'), '停用');
    const merge = pick(data, '按知识点合并', 'mergeByKnowledgePoint');
    if (Array.isArray(merge) && merge.length === 1 && merge[0] === '*') config.mergeByKnowledgePoint = ['*'];
    else if (merge !== undefined) config.mergeByKnowledgePoint = ruleList(merge, '按知识点合并');

    const levels = pick(data, '级别代码', 'levelCodes');
    if (levels !== undefined) {
        if (typeof levels !== 'object' || levels === null) errors.push('「级别代码」应是对象，如 { "明确违规": "1" }');
        else for (const [level, code] of Object.entries(levels)) {
            if (!LEVELS.includes(level as Level)) errors.push(`「级别代码」中的「${level}」不是审核级别；可用：${LEVELS.join('、')}`);
            else config.levelCodes[level as Level] = String(code);
        }
    }
    const behaviors = pick(data, '违规行为代码', 'behaviorCodes');
    if (behaviors !== undefined) {
        if (typeof behaviors !== 'object' || behaviors === null) errors.push('「违规行为代码」应是对象：分类 → 代码');
        else for (const [category, code] of Object.entries(behaviors)) config.behaviorCodes[category] = String(code);
    }

    const parameters = pick(data, '参数', 'parameters');
    if (parameters !== undefined) {
        if (typeof parameters !== 'object' || parameters === null) {
            errors.push('「参数」应是对象：规则编号（或 "*"）→ { 参数名: 值 }');
        } else {
            for (const [ruleId, values] of Object.entries(parameters as Record<string, unknown>)) {
                const targets = ruleId === '*' ? manifest.rules : rules.has(ruleId) ? [rules.get(ruleId)!] : [];
                if (targets.length === 0) {
                    errors.push(`「参数」中的规则「${ruleId}」不在规则包中`);
                    continue;
                }
                if (typeof values !== 'object' || values === null) {
                    errors.push(`「参数」.${ruleId} 应是对象：参数名 → 值`);
                    continue;
                }
                const parsed: Record<string, unknown> = Object.create(null);
                for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
                    const declared = targets.map(r => r.params.find(p => p.name === name)).find(p => p !== undefined);
                    if (!declared) {
                        const where = ruleId === '*' ? '任何规则' : `规则「${ruleId}」`;
                        errors.push(`${where}都没有参数「${name}」`);
                        continue;
                    }
                    const result = parseParamValue(declared, value);
                    if ('error' in result) errors.push(`参数「${name}」（规则 ${ruleId}）：${result.error}`);
                    else parsed[name] = result.value;
                }
                config.parameters[ruleId] = parsed;
            }
        }
    }
    return { config, errors };
}

const UNIT_OF: Record<string, string[]> = {
    money: ['元'], duration: ['天', '小时'], age: ['岁'], quantity: ['次', '个', ''], number: ['', '%']
};

/** 按参数声明的类型解析一个配置值。 */
export function parseParamValue(param: Pick<ManifestParam, 'type' | 'display'>, value: unknown): { value: unknown } | { error: string } {
    const type = param.type;
    // 构建时被部署配置改过的参数，显示为“14岁（部署配置；原为 18岁）”：举例只用第一段
    const example = param.display.split('（')[0];
    if (type in UNIT_OF) {
        let numberText: string;
        let unit = '';
        if (typeof value === 'number') numberText = String(value);
        else if (typeof value === 'string') {
            const match = /^\s*(-?\d+(?:\.\d+)?)\s*(元|天|小时|岁|次|个|%)?\s*$/.exec(value);
            if (!match) return { error: `「${value}」不是数值，应写成如「${example}」` };
            numberText = match[1];
            unit = match[2] ?? '';
        } else return { error: `应写成如「${example}」` };
        const allowed = UNIT_OF[type];
        if (unit && !allowed.includes(unit)) return { error: `单位「${unit}」不对，应写成如「${example}」` };
        const encodeUnit = type === 'duration' ? (unit === '小时' ? '小时' : '天') : type === 'age' ? '岁' : type === 'number' && unit === '%' ? '%' : undefined;
        const encoded = encodeQuantity(numberText, encodeUnit);
        if (!('value' in encoded)) {
            return { error: `「${String(value)}」${encoded.problem === 'range' ? '超出可表示的范围' : '需要舍入才能表示'}（${encoded.limit}），应写成如「${example}」` };
        }
        return { value: encoded.value };
    }
    switch (type) {
        case 'text':
        case 'enum':
            return typeof value === 'string' ? { value } : { error: '应是文本' };
        case 'boolean':
            return typeof value === 'boolean' ? { value } : { error: '应是 true 或 false' };
        case 'date': {
            const parsed = parseDateTime(value);
            return parsed ? { value: parsed.day } : { error: '应是日期，如 2024-01-01' };
        }
        case 'codes':
            if (!Array.isArray(value)) return { error: '应是编码数组，如 ["XJ01*", "E11.900"]（以 * 结尾表示前缀）' };
            return { value: codeSetFromPatterns(value.map(String)) };
        case 'set':
            return Array.isArray(value) ? { value: new Set(value.map(String)) } : { error: '应是数组' };
        default:
            return { value };
    }
}
