/**
 * IR → 规则包的数据部分（契约 contract/pack.ts 的 RuleSpec、manifest 的头）。两个后端（生成的 ES 模块、参照解释器）与
 * 部署配置的校验都从这里取，同一份 IR 给出同一份 spec。
 */
import type { ManifestParam, ManifestRule, PackHeader, PackManifest, RuleSpec, StepMeta } from '@zhishen/runtime';
import { DEFAULT_LEVEL_CODES, manifestOf, PACK_FORMAT } from '@zhishen/runtime';
import type { IrPack, IrRule, IrStep, IrType } from './ir.js';
import { displayOf } from './ir.js';
import { lineFieldsRead, sourcesRead } from './reads.js';

export const COMPILER_VERSION = 'zhishen 0.2.0';

/** 参数在 manifest 中的类型名。 */
export function paramTypeName(type: IrType): string {
    if (type.kind === 'set') return type.element?.kind === 'code' ? 'codes' : 'set';
    return type.kind;
}

export function ruleMeta(rule: IrRule): ManifestRule {
    const reasons: Record<string, number> = {};
    for (const item of rule.inactive) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
    const params: ManifestParam[] = rule.params.map(p => ({
        name: p.name, type: paramTypeName(p.type), value: p.value, display: p.display, ...(p.description ? { description: p.description } : {})
    }));
    const applies: Record<string, string[]> = {};
    for (const a of rule.applies) applies[a.dimension] = [...a.values];
    return {
        id: rule.id,
        name: rule.name,
        category: rule.category,
        level: rule.level,
        phases: rule.phases,
        scenes: rule.scenes,
        applies,
        basis: rule.basis,
        notes: rule.notes,
        source: rule.source,
        params,
        ...(rule.template ? { template: rule.template } : {}),
        ...(rule.table ? { table: rule.table } : {}),
        instances: rule.instances.length,
        inactive: rule.inactive.length,
        ...(rule.inactive.length > 0 ? { inactiveReasons: reasons } : {}),
        ...(rule.merge ? { mergeByKnowledgePoint: true } : {}),
        ...(rule.population ? { population: rule.population } : {})
    };
}

function stepMeta(step: IrStep, phase: 'pre' | 'scope'): StepMeta {
    return step.kind === 'let'
        ? { kind: 'let', text: step.text, source: step.source, type: displayOf(step.expr.ty), phase }
        : { kind: 'when', text: step.text, source: step.source, observed: step.observe.map(o => ({ text: o.text, type: o.display })), phase };
}

export function ruleSpec(rule: IrRule): RuleSpec {
    const scope = rule.scope;
    return {
        meta: ruleMeta(rule),
        applies: rule.applies.map(a => ({ field: a.field, values: [...a.values] })),
        scope: scope
            ? {
                kind: scope.kind,
                source: scope.source,
                ...(scope.elementType.record ? { element: scope.elementType.record } : {}),
                ...(scope.group ? { group: scope.group } : {}),
                ...(scope.keys && scope.keys.length > 0 ? { keys: scope.keys.map(k => displayOf(k.ty)) } : {}),
                ...(scope.keyProps ? { keyProps: [...scope.keyProps] } : {}),
                ...(scope.text ? { text: scope.text } : {}),
                dispatch: scope.dispatch ?? false
            }
            : { kind: 'none', dispatch: false },
        instances: rule.instances.map(inst => ({ row: inst.row, ...(inst.kp ? { kp: inst.kp } : {}), codes: inst.codes ?? null })),
        steps: [...rule.pre.map(s => stepMeta(s, 'pre')), ...rule.steps.map(s => stepMeta(s, 'scope'))],
        outcome: {
            violation: rule.outcome.violation.kind,
            involved: rule.outcome.involved.map(i => i.kind),
            ...(rule.outcome.statistic ? {
                statistic: {
                    name: rule.outcome.statistic.name, display: rule.outcome.statistic.display,
                    ...(rule.outcome.statistic.peerName ? { peerName: rule.outcome.statistic.peerName } : {})
                }
            } : {})
        }
    };
}

/** manifest 的头（规则包 id 由后端按内容哈希填写）。 */
export function packHeader(pack: IrPack): PackHeader {
    return {
        format: PACK_FORMAT,
        id: '',
        name: pack.name,
        compiler: COMPILER_VERSION,
        kb: pack.kb,
        dropped: pack.dropped,
        levelCodes: { ...DEFAULT_LEVEL_CODES },
        lineFields: lineFieldsRead(pack),
        sources: sourcesRead(pack)
    };
}

export function manifestOfIr(pack: IrPack): PackManifest {
    return manifestOf(packHeader(pack), pack.rules.map(ruleSpec));
}
