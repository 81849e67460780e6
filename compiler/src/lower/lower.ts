/**
 * 降级：已通过校验的 AST（连同类型）→ IR。纯函数：输入文档与知识库，输出 IrPack 与诊断。
 *
 * 这里把语言的约定变成显式的 IR：患者.年龄 在逐条明细作用域里是“该明细计费日期时的周岁”；
 * 知识点字段与只依赖知识点的 令 成为行槽（编译时按行求值）；规则内用到的全局参数并入规则参数；
 * 代码集常量进入常量表；编译期函数（知识点表、目录）在这里展开。
 */
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type {
    Aggregate, Binary, CodeSet, Document, Expression, FieldDecl, ForEachClause, KnowledgeClause, LetClause, NameRef, Parameter, Rule,
    RuleView, SetLiteral, Step, Text, TypeSystem, ZhishenServices, ZsType, KnowledgeBase, Dictionary
} from '@zhishen/language';
import {
    canonicalAggregate, canonicalOperator, forEachKind, isAggregate, isBinary, isBooleanLiteral, isCodeSet, isConditional,
    isDateLiteral, isEnumMember, isFieldDecl, isFilter, isForEachClause, isFunctionDecl, isGlobalDecl, isGroup, isIndex,
    isKnowledgeClause, isLetClause, isMemberAccess, isNameRef, isNegation, isNot, isNullLiteral, isNumberLiteral, isParameter,
    isRawText, isRule, isSetLiteral, isTemplateText, isTextLiteral, isWindow, ruleView, DEFAULT_DICTIONARIES
} from '@zhishen/language';
import type { ArithMode, IrExpr, IrOutcome, IrPack, IrParam, IrRule, IrScope, IrScopeSource, IrSource, IrStep, IrType } from '../ir/ir.js';
import { displayOfShown, TY } from '../ir/ir.js';
import { dateValue, irType, numberValue } from './types.js';
import type { CompileDiagnostic } from '../diagnostics.js';
import { MatcherTable } from './matchers.js';
import { evaluateConstant, NotConstant } from '../interpret/evaluate.js';
import type { CompileTimeContext } from '../interpret/evaluate.js';

export interface LowerInput {
    services: ZhishenServices;
    documents: Array<LangiumDocument<Document>>;
    kb?: KnowledgeBase;
    /** 计算相对路径的根目录（文件 URI 的路径前缀） */
    root?: string;
    name?: string;
}

const GLOBAL_SOURCES: Record<string, IrScopeSource> = {
    lines: 'lines', history_lines: 'history_lines', all_lines: 'all_lines', diagnoses: 'diagnoses',
    operations: 'operations', history: 'history', prescriptions: 'prescriptions'
};

const CODE_FIELDS: Record<string, string> = { 明细: 'hilist_code', 诊断: 'dise_codg', 手术: 'oprn_code' };

const WINDOW_DATE: Record<string, string> = { 就诊: 'dscg_or_adm', 明细: 'fee_date', 诊断: 'dise_date', 手术: 'oprn_date' };

interface RuleContext {
    view: RuleView;
    bindings: Map<AstNode, IrExpr>;
    rowSlots: IrRule['rowSlots'];
    params: Map<string, IrParam>;
    forEach?: ForEachClause;
    /** 正在降级作用域之内的子句 */
    inScope: boolean;
}

export class Lowerer {
    readonly diagnostics: CompileDiagnostic[] = [];
    readonly matchers = new MatcherTable();
    private readonly types: TypeSystem;
    private rule: RuleContext | undefined;
    private readonly compileTime: CompileTimeContext;
    private usesDiagnosisNames = false;

    constructor(private readonly input: LowerInput) {
        this.types = input.services.typing.TypeSystem;
        this.compileTime = { kb: input.kb, matchers: this.matchers };
    }

    lower(): IrPack {
        const rules: IrRule[] = [];
        for (const document of this.input.documents) {
            for (const element of document.parseResult.value.elements) {
                if (!isRule(element)) continue;
                try {
                    rules.push(this.lowerRule(element));
                } catch (error) {
                    if (error instanceof LowerError) this.error(error.node, error.message, error.hint);
                    else throw error;
                }
            }
        }
        const kb = this.input.kb;
        const dictionaries: IrPack['dictionaries'] = {};
        const dictionaryLabels: IrPack['dictionaryLabels'] = {};
        for (const [name, dictionary] of kb?.dictionaries ?? defaultDictionaries()) {
            const entries: Record<string, string> = {};
            const labels: Record<string, string> = {};
            for (const [code, entry] of dictionary.entries) {
                if (entry.category) entries[code] = entry.category;
                labels[code] = entry.label;
            }
            dictionaries[name] = { entries, ...(dictionary.fallbackCategory ? { fallback: dictionary.fallbackCategory } : {}) };
            dictionaryLabels[name] = labels;
        }
        const diagnosisNames = this.usesDiagnosisNames && kb ? Object.fromEntries((kb.catalogues.get('诊断') ?? []).map(e => [e.code, e.name])) : undefined;
        return {
            name: this.input.name ?? '智审规则包',
            rules,
            ...(diagnosisNames ? { diagnosisNames } : {}),
            matchers: this.matchers.all(),
            kb: kb ? { name: kb.name, id: kb.id } : null,
            dictionaries,
            dictionaryLabels,
            dropped: []
        };
    }

    // ───────────── 规则 ─────────────

    private lowerRule(rule: Rule): IrRule {
        const view = ruleView(rule);
        const context: RuleContext = { view, bindings: new Map(), rowSlots: [], params: new Map(), inScope: false };
        this.rule = context;
        try {
            for (const param of view.parameters) this.declareParam(param);
            if (view.knowledge) context.bindings.set(view.knowledge, { k: 'lit', ty: TY.any, v: null }); // 占位：只能取字段
            for (const let_ of view.rowLets) {
                const expr = this.expr(let_.value);
                const slot = `let.${let_.name}`;
                context.rowSlots.push({ slot, expr, type: expr.ty, text: sourceText(let_) });
                context.bindings.set(let_, { k: 'row', ty: expr.ty, slot });
            }
            const onlyIf = view.onlyIf.filter(c => c.condition).map(c => ({ expr: this.expr(c.condition), text: sourceText(c) }));
            const pre = this.lowerSteps(view.preSteps);
            let scope: IrScope | undefined;
            if (view.forEach) {
                context.forEach = view.forEach;
                scope = this.lowerScope(view.forEach);
                context.inScope = true;
            }
            const steps = this.lowerSteps(view.steps);
            const outcome = this.lowerOutcome(view);
            const meta = this.metadata(view);
            return {
                ...meta,
                params: [...context.params.values()],
                template: view.template?.name,
                table: view.table,
                rowSlots: context.rowSlots,
                onlyIf,
                instances: [{ row: null }],
                inactive: [],
                pre,
                scope,
                steps,
                outcome
            };
        } finally {
            this.rule = undefined;
        }
    }

    private metadata(view: RuleView): Pick<IrRule, 'id' | 'name' | 'category' | 'level' | 'phases' | 'scenes' | 'applies' | 'basis' | 'notes' | 'source'> {
        const rule = view.rule;
        const phases: IrRule['phases'] = [];
        const scenes: number[] = [];
        for (const clause of view.phases) {
            for (const item of clause.phases) {
                const name = item.phase?.ref?.name as IrRule['phases'][number] | undefined;
                if (name && !phases.includes(name)) phases.push(name);
                for (const scene of item.scenes) scenes.push(Number(scene));
            }
        }
        const applies: Record<string, string[]> = {};
        for (const clause of view.applies) {
            for (const value of clause.values) {
                const member = value.ref;
                if (!member) continue;
                const dimension = member.$container.name;
                (applies[dimension] ??= []).push(member.name);
            }
        }
        const staticBasis = view.basis.map(b => b.text).filter((t): t is Expression => !!t && isConstantText(t)).map(t => constantText(t));
        return {
            id: rule.name,
            name: rule.title ?? rule.name,
            category: view.category ? String(view.category.value) : null,
            level: (view.level?.level?.ref?.name ?? '提醒') as IrRule['level'],
            phases,
            scenes,
            applies,
            basis: staticBasis.join('；'),
            notes: view.notes.map(n => n.text ?? ''),
            source: this.source(rule)
        };
    }

    private declareParam(param: Parameter): IrParam {
        const context = this.rule!;
        const existing = context.params.get(param.name);
        if (existing) return existing;
        const type = irType(this.types.typeOfParameter(param));
        let value: unknown = null;
        const outer = this.rule;
        this.rule = undefined; // 参数默认值在常量上下文中降级
        try {
            const expr = this.expr(param.value);
            value = evaluateConstant(expr, this.compileTime);
        } catch (error) {
            if (error instanceof NotConstant) this.error(param, `参数「${param.name}」的默认值不是常量`, '写字面量，如 18岁、15天、100元');
            else if (error instanceof LowerError) this.error(error.node, error.message, error.hint);
            else throw error;
        } finally {
            this.rule = outer;
        }
        const ir: IrParam = {
            name: param.name,
            type,
            value: serializeValue(value),
            display: param.value?.$cstNode?.text ?? '',
            description: param.description,
            source: this.source(param)
        };
        context.params.set(param.name, ir);
        return ir;
    }

    private lowerSteps(steps: Step[]): IrStep[] {
        const result: IrStep[] = [];
        for (const step of steps) {
            if (isLetClause(step)) {
                const expr = this.expr(step.value);
                this.rule!.bindings.set(step, { k: 'local', ty: expr.ty, name: localName(step) });
                result.push({ kind: 'let', name: localName(step), expr, text: sourceText(step), source: this.source(step) });
            } else if (step.condition) {
                const expr = this.expr(step.condition);
                result.push({ kind: 'when', expr, text: step.condition.$cstNode?.text ?? '', source: this.source(step), observe: this.observe(step.condition) });
            }
        }
        return result;
    }

    private lowerScope(forEach: ForEachClause): IrScope {
        const sourceType = this.types.typeOf(forEach.source);
        const elementZs = sourceType.kind === 'list' || sourceType.kind === 'set' ? sourceType.element : sourceType;
        const elementType = irType(elementZs);
        const kind = forEachKind(forEach.kind);
        const binderType = irType(this.types.binderType(forEach));
        this.rule!.bindings.set(forEach, { k: 'local', ty: binderType, name: localName(forEach) });
        let source: IrScopeSource = 'expr';
        let sourceExpr: IrExpr | undefined;
        const target = isNameRef(forEach.source) ? forEach.source.ref?.ref : undefined;
        if (target && isGlobalDecl(target) && target.source && GLOBAL_SOURCES[target.source]) source = GLOBAL_SOURCES[target.source];
        else sourceExpr = this.expr(forEach.source);
        const record = elementType.kind === 'record' ? elementType.record : undefined;
        const scope: IrScope = {
            kind: kind === 'each' && forEach.keys.length === 0 ? 'each' : 'group',
            binder: localName(forEach),
            source,
            sourceExpr,
            elementType,
        };
        if (scope.kind === 'group') {
            scope.group = kind === 'day' ? 'day' : kind === 'hour' ? 'hour' : 'key';
            if (scope.group === 'key') scope.keys = forEach.keys.map(k => this.expr(k));
            if (record !== '明细') throw new LowerError(forEach, '按日 / 按小时 / 按键分组只能用于明细', '例如 对每日 明细 d 属于 …');
        }
        if (forEach.codes) {
            scope.codes = this.expr(forEach.codes);
            scope.codeField = record ? CODE_FIELDS[record] : undefined;
            if (!scope.codeField) throw new LowerError(forEach.codes, `「${record ?? '该集合'}」的元素没有编码，不能用 属于`, '属于 用于明细、诊断、手术的编码');
        }
        if (forEach.where) scope.where = this.expr(forEach.where);
        return scope;
    }

    private lowerOutcome(view: RuleView): IrOutcome {
        const violation = view.violation?.target ? this.expr(view.violation.target) : { k: 'global', ty: TY.any, name: 'encounter' } as IrExpr;
        const outcome: IrOutcome = {
            violation,
            involved: view.involved.flatMap(c => c.targets.map(t => this.expr(t))),
            evidence: view.basis.map(b => b.text).filter((t): t is Expression => !!t && !isConstantText(t)).map(t => this.expr(t))
        };
        if (view.amount?.amount) outcome.amount = this.expr(view.amount.amount);
        if (view.message?.message) outcome.message = this.text(view.message.message);
        return outcome;
    }

    /** 解释时要记录的子表达式：比较两侧、聚合、函数调用（不含字面量），至多 6 个。 */
    private observe(condition: Expression): Array<{ text: string; display: string; expr: IrExpr }> {
        const found: Expression[] = [];
        const visit = (e: Expression | undefined) => {
            if (!e || found.length >= 6) return;
            if (isGroup(e)) return visit(e.expression);
            if (isNot(e)) return visit(e.operand);
            if (isBinary(e)) {
                const op = canonicalOperator(e.operator);
                if (op === 'and' || op === 'or') {
                    visit(e.left);
                    visit(e.right);
                    return;
                }
                for (const side of [e.left, e.right]) if (side && !isLiteral(side) && !found.some(f => sameText(f, side))) found.push(side);
                return;
            }
            if (!isLiteral(e) && !found.some(f => sameText(f, e))) found.push(e);
        };
        visit(condition);
        return found.map(e => {
            const expr = this.expr(e);
            return { text: e.$cstNode?.text ?? '', display: displayOfShown(expr), expr };
        });
    }

    // ───────────── 表达式 ─────────────

    expr(node: Expression | undefined): IrExpr {
        if (!node) throw new LowerError(undefined, '表达式不完整');
        const zs = this.types.typeOf(node);
        const ty = irType(zs);
        if (isNumberLiteral(node)) return { k: 'lit', ty, v: numberValue(node) };
        if (isDateLiteral(node)) return { k: 'lit', ty, v: dateValue(node.value) };
        if (isTextLiteral(node)) return this.text(node.text);
        if (isBooleanLiteral(node)) return { k: 'lit', ty, v: node.value === '真' || node.value === 'true' };
        if (isNullLiteral(node)) return { k: 'lit', ty: TY.null, v: null };
        if (isGroup(node)) return this.expr(node.expression);
        if (isNot(node)) return { k: 'not', ty: TY.boolean, e: this.expr(node.operand) };
        if (isNegation(node)) return { k: 'neg', ty, e: this.expr(node.operand) };
        if (isConditional(node)) return { k: 'if', ty, c: this.expr(node.condition), t: this.expr(node.then), e: this.expr(node.otherwise) };
        if (isFilter(node)) return { k: 'filter', ty, src: this.expr(node.source), cond: this.expr(node.condition) };
        if (isWindow(node)) {
            const src = this.expr(node.source);
            const record = src.ty.element?.record ?? '';
            const dateProp = WINDOW_DATE[record] ?? 'fee_date';
            if (node.duration) return { k: 'window', ty, src, duration: this.expr(node.duration), dateProp };
            const calendar = node.calendar === '同自然月' || node.calendar === 'same_month' ? 'month' : 'year';
            return { k: 'window', ty, src, calendar, dateProp };
        }
        if (isSetLiteral(node)) return this.set(node, ty);
        if (isIndex(node)) return { k: 'index', ty, recv: this.expr(node.receiver), idx: this.expr(node.index) };
        if (isMemberAccess(node)) return this.member(node.receiver, node.member?.ref, ty, node);
        if (isNameRef(node)) return this.nameRef(node, ty);
        if (isAggregate(node)) return this.aggregate(node, ty);
        if (isBinary(node)) return this.binary(node, ty, zs);
        throw new LowerError(node, `无法编译的表达式（${(node as AstNode).$type}）`);
    }

    private text(text: Text | undefined): IrExpr {
        if (!text) return { k: 'lit', ty: TY.text, v: '' };
        if (isRawText(text)) return { k: 'lit', ty: TY.text, v: text.value };
        if (!isTemplateText(text)) return { k: 'lit', ty: TY.text, v: '' };
        if (text.expressions.length === 0) return { k: 'lit', ty: TY.text, v: text.parts[0] ?? '' };
        const parts: Array<string | { e: IrExpr; display: string }> = [];
        text.parts.forEach((part, i) => {
            if (part) parts.push(part);
            const e = text.expressions[i];
            if (e) {
                const expr = this.expr(e);
                parts.push({ e: expr, display: displayOfShown(expr) });
            }
        });
        return { k: 'text', ty: TY.text, parts };
    }

    private set(node: SetLiteral, ty: IrType): IrExpr {
        const codes: string[] = [];
        const prefixes: string[] = [];
        const ranges: Array<[string, string]> = [];
        const dynamic: IrExpr[] = [];
        let allConstantText = true;
        for (const element of node.elements) {
            const value = this.expr(element.value);
            const upper = element.upper ? this.expr(element.upper) : undefined;
            const text = value.k === 'lit' && typeof value.v === 'string' ? value.v : undefined;
            if (element.prefix && text !== undefined) prefixes.push(text);
            else if (upper && text !== undefined && upper.k === 'lit' && typeof upper.v === 'string') ranges.push([text, upper.v]);
            else if (value.k === 'matcher') {
                const m = this.matchers.get(value.id);
                codes.push(...m.codes);
                prefixes.push(...m.prefixes);
                ranges.push(...m.ranges);
            } else if (text !== undefined && !upper) codes.push(text);
            else {
                allConstantText = false;
                dynamic.push(value);
            }
        }
        if (allConstantText) return { k: 'matcher', ty, id: this.matchers.add({ codes, prefixes, ranges }) };
        const constants: IrExpr[] = codes.map(c => ({ k: 'lit', ty: TY.text, v: c }));
        return { k: 'set', ty, elems: [...constants, ...dynamic] };
    }

    private nameRef(node: NameRef, ty: IrType): IrExpr {
        const target = node.ref?.ref;
        if (!target) throw new LowerError(node, `未解析的名称「${node.ref?.$refText ?? ''}」`);
        if (isFunctionDecl(target)) {
            if (target.symbol === 'diagnosis_name') this.usesDiagnosisNames = true;
            return { k: 'call', ty, fn: target.symbol ?? target.name, args: node.args.map(a => this.expr(a)) };
        }
        if (isEnumMember(target)) return { k: 'lit', ty, v: target.name };
        if (isGlobalDecl(target)) {
            const name = target.source ?? target.name;
            if (name === 'patient' || name === 'encounter' || GLOBAL_SOURCES[name]) return { k: 'global', ty, name };
            throw new LowerError(node, `内置名称「${target.name}」没有运行时实现`);
        }
        if (isParameter(target)) {
            if (!this.rule) {
                // 常量上下文（参数默认值、代码集）：引用另一个参数 → 用它的默认值
                return { k: 'lit', ty, v: evaluateConstant(this.expr(target.value), this.compileTime) };
            }
            const param = this.declareParam(target);
            return { k: 'param', ty: param.type, name: param.name };
        }
        if (isCodeSet(target)) return this.codeSet(target, ty);
        if (isFieldDecl(target)) {
            const depth = this.elementDepth(node, target);
            return this.fieldAccess({ k: 'elem', ty: TY.any, depth }, target, ty, false);
        }
        const bound = this.rule?.bindings.get(target);
        if (bound) {
            if (isKnowledgeClause(target)) throw new LowerError(node, `知识点「${target.name}」只能取字段，如 ${target.name}.编码`);
            return bound;
        }
        if (isLetClause(target) || isForEachClause(target) || isKnowledgeClause(target)) {
            throw new LowerError(node, `「${target.name}」在这里还没有定义`, '令 与 对每 的名称只能在其后的子句中使用');
        }
        throw new LowerError(node, `无法编译名称「${node.ref?.$refText ?? ''}」`);
    }

    private codeSet(codeSet: CodeSet, ty: IrType): IrExpr {
        const outer = this.rule;
        this.rule = undefined;
        try {
            const expr = this.expr(codeSet.value);
            const value = evaluateConstant(expr, this.compileTime);
            return this.constantToIr(value, ty, codeSet);
        } finally {
            this.rule = outer;
        }
    }

    /** 常量值（编译期求值的结果）→ IR 节点；代码集进入常量表。 */
    constantToIr(value: unknown, ty: IrType, node?: AstNode): IrExpr {
        const matcher = this.matchers.fromValue(value);
        if (matcher !== undefined) return { k: 'matcher', ty, id: matcher };
        if (ty.kind === 'set' && (Array.isArray(value) || value instanceof Set) && [...value].every(v => typeof v === 'string')) {
            return { k: 'matcher', ty, id: this.matchers.add({ codes: [...value] as string[], prefixes: [], ranges: [] }) };
        }
        if (value instanceof Set) return { k: 'set', ty, elems: [...value].map(v => ({ k: 'lit', ty: ty.element ?? TY.any, v })) };
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
            throw new LowerError(node, '这个常量不能直接放进规则包');
        }
        return { k: 'lit', ty, v: value };
    }

    private elementDepth(site: AstNode, field: FieldDecl): number {
        const types = this.types.implicitElementTypes(site);
        const index = types.findIndex(t => this.types.fieldsOf(t).includes(field));
        return index < 0 ? 0 : index;
    }

    private member(receiverNode: Expression | undefined, field: FieldDecl | undefined, ty: IrType, node: AstNode): IrExpr {
        if (!receiverNode || !field) throw new LowerError(node, '字段访问不完整');
        // 知识点字段 → 行槽
        if (isNameRef(receiverNode) && receiverNode.ref?.ref && isKnowledgeClause(receiverNode.ref.ref)) {
            return this.rowField(field, ty);
        }
        // 患者.年龄：逐条明细作用域内按计费日期
        const receiverType = this.types.typeOf(receiverNode);
        if (field.name === '年龄' && receiverType.kind === 'record' && receiverType.decl.name === '患者') {
            const at = this.ageReference(node);
            if (at) return { k: 'age', ty, at };
        }
        const recv = this.expr(receiverNode);
        const project = receiverType.kind === 'list' || receiverType.kind === 'set';
        return this.fieldAccess(recv, field, ty, project);
    }

    private fieldAccess(recv: IrExpr, field: FieldDecl, ty: IrType, project: boolean): IrExpr {
        const prop = field.source ?? field.name;
        return { k: 'field', ty, recv, prop, project };
    }

    private rowField(field: FieldDecl, ty: IrType): IrExpr {
        const prop = field.source ?? field.name;
        const slot = `kp.${prop}`;
        const context = this.rule;
        if (context && !context.rowSlots.some(s => s.slot === slot)) {
            context.rowSlots.push({ slot, expr: { k: 'field', ty, recv: { k: 'global', ty: TY.any, name: 'kp' }, prop, project: false }, type: ty, text: `知识点.${field.name}` });
        }
        return { k: 'row', ty, slot };
    }

    /** 患者.年龄 的参照日期：作用域元素是明细 → 其计费日期；是按日分组 → 分组日期；否则用入院时的年龄。 */
    private ageReference(node: AstNode): IrExpr | undefined {
        const context = this.rule;
        if (!context?.inScope || !context.forEach) return undefined;
        const binder = context.bindings.get(context.forEach)!;
        const ty = binder.ty;
        if (ty.kind === 'record' && ty.record === '明细') return { k: 'field', ty: TY.date, recv: binder, prop: 'fee_date', project: false };
        if (ty.kind === 'record' && ty.record === '分组') {
            const first: IrExpr = { k: 'field', ty: { kind: 'record', record: '明细' }, recv: binder, prop: 'first', project: false };
            return { k: 'field', ty: TY.date, recv: first, prop: 'fee_date', project: false };
        }
        void node;
        return undefined;
    }

    private aggregate(node: Aggregate, ty: IrType): IrExpr {
        const fn = canonicalAggregate(node.function);
        const args = node.args;
        const firstType = this.types.typeOf(args[0]);
        const isCollection = firstType.kind === 'list' || firstType.kind === 'set';
        if ((fn === 'max' || fn === 'min') && !isCollection) {
            return { k: 'extreme', ty, max: fn === 'max', args: args.map(a => this.expr(a)) };
        }
        const src = this.expr(args[0]);
        const arg = args[1] ? this.expr(args[1]) : undefined;
        const valueType = arg?.ty ?? src.ty.element ?? TY.any;
        const whole = valueType.kind === 'duration' || valueType.kind === 'age';
        return { k: 'agg', ty, fn, src, arg, whole };
    }

    private binary(node: Binary, ty: IrType, zs: ZsType): IrExpr {
        const op = canonicalOperator(node.operator);
        const l = this.expr(node.left);
        const r = this.expr(node.right);
        switch (op) {
            case 'and': return { k: 'and', ty: TY.boolean, l, r };
            case 'or': return { k: 'or', ty: TY.boolean, l, r };
            case 'in': return { k: 'in', ty: TY.boolean, negate: false, l, r };
            case 'not_in': return { k: 'in', ty: TY.boolean, negate: true, l, r };
            case 'contains': return { k: 'contains', ty: TY.boolean, negate: false, l, r };
            case 'not_contains': return { k: 'contains', ty: TY.boolean, negate: true, l, r };
            case 'matches': return { k: 'match', ty: TY.boolean, l, r };
            case '=': case '!=': case '<': case '<=': case '>': case '>=': {
                const cmp: IrExpr = { k: 'cmp', ty: TY.boolean, op, l, r };
                if (l.ty.kind === 'enum' && l.ty.order && (op !== '=' && op !== '!=')) cmp.ordinal = l.ty.order;
                else if (r.ty.kind === 'enum' && r.ty.order && (op !== '=' && op !== '!=')) cmp.ordinal = r.ty.order;
                if (l.ty.kind === 'date' && r.ty.kind === 'datetime') cmp.widen = 'left';
                if (l.ty.kind === 'datetime' && r.ty.kind === 'date') cmp.widen = 'right';
                return cmp;
            }
            default: {
                const mode = arithMode(op, l.ty, r.ty, zs);
                if (!mode) throw new LowerError(node, `不支持的运算：${node.operator}`);
                return { k: 'arith', ty, op, mode: mode.mode, l, r, ...(mode.swap ? { swap: true } : {}) };
            }
        }
    }

    // ───────────── 工具 ─────────────

    source(node: AstNode): IrSource {
        const document = AstUtils.getDocument(node);
        const range = node.$cstNode?.range;
        const path = document.uri.path;
        const root = this.input.root;
        const file = root && path.startsWith(root) ? path.slice(root.length).replace(/^\/+/, '') : path.split('/').pop() ?? path;
        return {
            file,
            line: (range?.start.line ?? 0) + 1,
            column: (range?.start.character ?? 0) + 1,
            endLine: (range?.end.line ?? 0) + 1,
            endColumn: (range?.end.character ?? 0) + 1
        };
    }

    private error(node: AstNode | undefined, message: string, hint?: string): void {
        const source = node ? this.source(node) : { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 };
        this.diagnostics.push({ severity: 'error', code: 'ZC0001', message, hint, ...source });
    }
}

export class LowerError extends Error {
    constructor(readonly node: AstNode | undefined, message: string, readonly hint?: string) {
        super(message);
    }
}

function localName(node: LetClause | ForEachClause | KnowledgeClause): string {
    return node.name;
}

function sourceText(node: AstNode): string {
    return node.$cstNode?.text.replace(/\s+/g, ' ').trim() ?? '';
}

function isLiteral(e: Expression): boolean {
    return isNumberLiteral(e) || isTextLiteral(e) || isDateLiteral(e) || isBooleanLiteral(e) || isNullLiteral(e)
        || (isNegation(e) && !!e.operand && isLiteral(e.operand))
        || (isNameRef(e) && !!e.ref?.ref && isEnumMember(e.ref.ref));
}

function sameText(a: Expression, b: Expression): boolean {
    return a.$cstNode?.text === b.$cstNode?.text;
}

function isConstantText(e: Expression): boolean {
    if (!isTextLiteral(e)) return false;
    const text = e.text;
    return isRawText(text) || (isTemplateText(text) && text.expressions.length === 0);
}

function constantText(e: Expression): string {
    if (!isTextLiteral(e)) return '';
    const text = e.text;
    if (isRawText(text)) return text.value;
    if (isTemplateText(text)) return text.parts.join('');
    return '';
}

/** 把编译期常量变成可序列化的运行时值（代码集 → 编码数组的对象会在 emit 时处理）。 */
function serializeValue(value: unknown): unknown {
    if (value instanceof Set) return { $set: [...value] };
    if (value && typeof value === 'object' && 'exact' in (value as object) && 'prefixes' in (value as object)) {
        const m = value as { exact: Set<string>; prefixes: string[]; ranges: Array<[string, string]> };
        return { $codes: { codes: [...m.exact], prefixes: [...m.prefixes], ranges: m.ranges.map(r => [r[0], r[1]]) } };
    }
    return value;
}

function arithMode(op: '+' | '-' | '*' | '/', l: IrType, r: IrType, result: ZsType): { mode: ArithMode; swap?: boolean } | undefined {
    const L = l.kind;
    const R = r.kind;
    const micro = (k: string) => k === 'number' || k === 'quantity' || k === 'money' || k === 'any' || k === 'null';
    const whole = (k: string) => k === 'duration' || k === 'age';
    if (op === '+' || op === '-') {
        if (L === 'text' && R === 'text') return { mode: 'concat' };
        if (L === 'set' || R === 'set') return { mode: op === '+' ? 'union' : 'difference' };
        if (L === 'date' && R === 'date') return { mode: 'date-diff' };
        if ((L === 'datetime' || L === 'date') && (R === 'datetime' || R === 'date')) return { mode: 'time-diff' };
        if (L === 'date' && whole(R)) return { mode: 'date-shift' };
        if (L === 'datetime' && whole(R)) return { mode: 'time-shift' };
        if (whole(L) && R === 'date') return { mode: 'date-shift', swap: true };
        if (whole(L) && R === 'datetime') return { mode: 'time-shift', swap: true };
        if (whole(L) || whole(R)) return { mode: 'whole' };
        return { mode: 'decimal' };
    }
    if (op === '*') {
        if (whole(L) && micro(R)) return { mode: 'scale' };
        if (micro(L) && whole(R)) return { mode: 'scale', swap: true };
        return { mode: 'decimal' };
    }
    if (whole(L) && whole(R)) return { mode: 'ratio' };
    if (whole(L) && micro(R)) return { mode: 'unscale' };
    void result;
    return { mode: 'decimal' };
}

function defaultDictionaries(): Map<string, Dictionary> {
    return new Map(DEFAULT_DICTIONARIES.map(d => [d.name, d]));
}

