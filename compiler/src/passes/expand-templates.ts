/**
 * expand：模板规则按知识点表的每一行各得一个实例。行槽（知识点字段、只依赖知识点的 令）与 仅当 在这里按行求值；
 * 仅当 不成立的行记为未生效（附原因）；作用域的 属于 代码集按行算出，供分派使用。
 * 依赖参数的 仅当 不能在编译时决定：移到作用域之前的步骤，运行时求值。
 */
import { CodeMatcher } from '@zhishen/runtime';
import type { IrExpr, IrInstance, IrPack, IrRule, IrWhen } from '../ir/ir.js';
import { CodeSetTable } from '../ir/code-sets.js';
import { someNode } from '../ir/walk.js';
import type { CompileTimeContext } from '../backends/interpret/evaluate.js';
import { evaluateConstant, kpRecord, NotConstant } from '../backends/interpret/evaluate.js';
import type { PassContext } from './context.js';
import { compileDiagnostic } from '../diagnostics.js';

export function expandTemplates(pack: IrPack, context: PassContext): IrPack {
    const compileTime: CompileTimeContext = { kb: context.kb, matchers: CodeSetTable.from(pack.matchers) };
    const rules = pack.rules.map(rule => expandRule(rule, compileTime, context));
    return { ...pack, rules, matchers: compileTime.matchers.all() };
}

function expandRule(rule: IrRule, compileTime: CompileTimeContext, context: PassContext): IrRule {
    if (!rule.table) return { ...rule, instances: [{ row: null, ...codesFor(rule, null, undefined, compileTime) }] };
    const kb = context.kb;
    if (!kb) {
        context.diagnostics.push(compileDiagnostic('ZC0101', { rule: rule.id, table: rule.table }, rule.source));
        return { ...rule, instances: [] };
    }
    const rows = kb.kpTables.get(rule.table);
    if (!rows) {
        context.diagnostics.push(compileDiagnostic('ZC0102', { table: rule.table }, rule.source));
        return { ...rule, instances: [] };
    }
    // 依赖参数（运行时才知道）的 仅当 → 作用域之前的条件
    const runtimeOnlyIf: IrWhen[] = [];
    const staticOnlyIf = rule.onlyIf.filter(o => {
        if (!someNode(o.expr, e => e.k === 'ref' && e.ref.kind === 'param')) return true;
        runtimeOnlyIf.push({ kind: 'when', expr: o.expr, text: o.text, source: rule.source, observe: [] });
        return false;
    });
    const instances: IrInstance[] = [];
    const inactive = [...rule.inactive];
    for (const kp of rows) {
        const record = kpRecord(kp);
        const row: Record<string, unknown> = {};
        let failure: string | undefined;
        for (const slot of rule.rowSlots) {
            try {
                row[slot.slot] = rowValue(evaluateConstant(slot.expr, compileTime, { kp: record, row }));
            } catch (error) {
                if (!(error instanceof NotConstant)) throw error;
                failure = `行值「${slot.text}」无法在编译时求值（${error.reason}）`;
                break;
            }
        }
        if (!failure) {
            for (const condition of staticOnlyIf) {
                const result = evaluateConstant(condition.expr, compileTime, { kp: record, row });
                if (result !== true) {
                    failure = result === null ? `无法判定：${condition.text}` : `不满足：${condition.text}`;
                    break;
                }
            }
        }
        if (failure) {
            inactive.push({ kp_id: kp.kp_id, reason: failure });
            continue;
        }
        instances.push({
            row,
            kp: { kp_id: kp.kp_id, item_name: kp.item_name, constraint: kp.constraint },
            ...codesFor(rule, row, record, compileTime)
        });
    }
    return { ...rule, instances, inactive, pre: [...runtimeOnlyIf, ...rule.pre], onlyIf: staticOnlyIf };
}

/** 作用域 属于 的代码集在该行的取值；依赖理赔数据时返回空（由 dispatch 阶段改为逐条判断）。 */
function codesFor(rule: IrRule, row: Record<string, unknown> | null, kp: Record<string, unknown> | undefined, compileTime: CompileTimeContext): Pick<IrInstance, 'codes'> {
    const codes = rule.scope?.codes;
    if (!codes || !isInstanceConstant(codes)) return {};
    try {
        const value = evaluateConstant(codes, compileTime, { row, kp });
        const data = toCodeData(value);
        return data ? { codes: data } : {};
    } catch (error) {
        if (error instanceof NotConstant) return {};
        throw error;
    }
}

/** 只依赖行值与常量（不看理赔、参数）的表达式。 */
function isInstanceConstant(e: IrExpr): boolean {
    return !someNode(e, n => (n.k === 'ref' && n.ref.kind !== 'row') || n.k === 'elem' || (n.k === 'op' && n.op === 'age_at'));
}

function toCodeData(value: unknown): IrInstance['codes'] | undefined {
    if (value instanceof CodeMatcher) {
        const data = value.toData();
        return { codes: data.codes ?? [], prefixes: data.prefixes ?? [], ranges: data.ranges ?? [] };
    }
    if (Array.isArray(value) || value instanceof Set) {
        const codes = [...value].filter((v): v is string => typeof v === 'string');
        return { codes: [...new Set(codes)], prefixes: [], ranges: [] };
    }
    if (typeof value === 'string') return { codes: [value], prefixes: [], ranges: [] };
    return undefined;
}

/** 行值要写进规则包的 JSON：集合存为数组，代码集存为编码数组（成员判断对数组同样成立）。 */
function rowValue(value: unknown): unknown {
    if (value instanceof Set) return [...value];
    if (value instanceof CodeMatcher) {
        if (value.prefixes.length > 0 || value.ranges.length > 0) throw new NotConstant('行值中的代码集含前缀或区间');
        return [...value.exact];
    }
    return value;
}
