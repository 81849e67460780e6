/**
 * 绑定参数：把构建时的部署配置（--config）中的参数值写进各规则参数的默认值。
 * 运行时仍可再覆盖（引擎选项 config）；未覆盖的参数取这里的值。配置的校验与运行时共用 validateConfig。
 */
import type { DeploymentConfig } from '@zhishen/runtime';
import { formatValue } from '@zhishen/runtime';
import type { IrPack } from '../ir/ir.js';
import { displayOf } from '../ir/ir.js';

export function bindParameters(pack: IrPack, config: DeploymentConfig | undefined): IrPack {
    if (!config) return pack;
    for (const rule of pack.rules) {
        for (const param of rule.params) {
            const specific = config.parameters[rule.id];
            const global = config.parameters['*'];
            const value = specific && param.name in specific ? specific[param.name] : global && param.name in global ? global[param.name] : undefined;
            if (value === undefined) continue;
            param.value = encodeValue(value);
            // 解释与 manifest 显示实际生效的值（注明原来的默认值），而不是原来的默认值
            param.display = `${formatValue(value, displayOf(param.type))}（部署配置；原为 ${param.display}）`;
        }
    }
    return pack;
}

/** 运行时值 → manifest 中可序列化的形式（集合、代码集带标记）。 */
export function encodeValue(value: unknown): unknown {
    if (value instanceof Set) return { $set: [...value] };
    if (value && typeof value === 'object' && 'exact' in value && 'prefixes' in value) {
        const m = value as { exact: Set<string>; prefixes: readonly string[]; ranges: ReadonlyArray<readonly [string, string]> };
        return { $codes: { codes: [...m.exact], prefixes: [...m.prefixes], ranges: m.ranges.map(r => [r[0], r[1]]) } };
    }
    return value;
}
