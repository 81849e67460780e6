/**
 * bindParams：把构建时的部署配置（--config）中的参数值写进各规则参数的默认值，「按知识点合并」写进规则（manifest.mergeByKnowledgePoint）。
 * 运行时仍可再覆盖（引擎选项 config）；未覆盖的参数取这里的值。原始配置对照规则包校验（与运行时同一个 validateConfig），
 * 错误成为诊断 ZC0201，流水线停止。
 */
import { encodeValue, formatValue, validateConfig } from '@zhishen/runtime';
import type { DeploymentConfig } from '@zhishen/runtime';
import type { IrPack, IrParam, IrRule } from '../ir/ir.js';
import { displayOf } from '../ir/ir.js';
import { manifestOfIr } from '../ir/spec.js';
import type { PassContext } from './context.js';
import { compileDiagnostic, NO_LOCATION } from '../diagnostics.js';

export function bindParameters(pack: IrPack, context: PassContext): IrPack {
    let config: DeploymentConfig | undefined = context.config;
    if (context.rawConfig !== undefined) {
        const checked = validateConfig(context.rawConfig, manifestOfIr(pack));
        for (const message of checked.errors) {
            context.diagnostics.push(compileDiagnostic('ZC0201', { detail: message }, NO_LOCATION));
        }
        if (checked.errors.length > 0) return pack;
        config = checked.config;
    }
    if (!config) return pack;
    const bound = config;
    return { ...pack, rules: pack.rules.map(rule => bindRule(rule, bound)) };
}

function bindRule(rule: IrRule, config: DeploymentConfig): IrRule {
    const specific = config.parameters[rule.id];
    const global = config.parameters['*'];
    const merge = (config.mergeByKnowledgePoint ?? []).some(id => id === '*' || id === rule.id);
    let changed = merge && !rule.merge;
    const params = rule.params.map((param): IrParam => {
        const value = specific && param.name in specific ? specific[param.name] : global && param.name in global ? global[param.name] : undefined;
        if (value === undefined) return param;
        changed = true;
        // 解释与 manifest 显示实际生效的值（注明原来的默认值），而不是原来的默认值
        return { ...param, value: encodeValue(value), display: `${formatValue(value, displayOf(param.type))}（部署配置；原为 ${param.display}）` };
    });
    return changed ? { ...rule, params, ...(merge ? { merge: true } : {}) } : rule;
}
