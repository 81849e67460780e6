/**
 * 降级：已通过校验的文档（连同类型）→ IR。输入文档与知识库，输出 IrPack 与诊断；不改输入。
 *
 * 这里把语言的约定变成显式的 IR，全部按内置库里的英文名（记录种类、属性、来源、运算名）决定，从不比较中文名：
 *   - 运算符按签名表（language/src/typing/signatures.ts）决定运行时运算：`金额 × 数值` → times，`日期 − 日期` → dateDiff；
 *     有序枚举的大小比较 → lt(ordinal(…), ordinal(…))；日期与日期时间比较 → dayToMinute；
 *   - 患者.年龄 在以明细（或分组）为元素的作用域里是“该明细计费日期时的周岁”（契约 records.ts 的 scopeDate）；
 *   - 时间窗的参照日是本次入院日期，元素日期取记录种类的 date 属性；
 *   - 知识点字段与只依赖知识点的 令 成为行槽（expand 阶段按行求值）；规则内用到的全局参数并入规则参数；
 *   - 代码集常量进入常量表；编译期函数（知识点表、目录、知识库代码集）成为 kb 节点。
 */
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type {
    Aggregate, Binary, CodeSet, Document, EnumMember, Expression, FieldDecl, ForEachClause, KnowledgeBase, LetClause, NameRef, Parameter,
    RecordDecl, Rule, RuleView, SetLiteral, PeerStatistic, Step, Text, TypeSystem, ZhishenServices, Dictionary, ArithmeticOperator, ComparisonOp, MessageCode
} from '@zhishen/language';
import {
    booleanValue, canonicalAggregate, canonicalOperator, comparisonConversions, COMPARISON, forEachKind, isAggregate, isBinary, isBooleanLiteral, isCodeSet,
    isConditional, isDateLiteral, isEnumMember, isFieldDecl, isFilter, isForEachClause, isFunctionDecl, isGlobalDecl, isGroup, isIndex,
    isKnowledgeClause, isLetClause, isMemberAccess, isNameRef, isNegation, isNot, isNullLiteral, isNumberLiteral, isParameter, isRawText,
    isRule, isSetLiteral, isTemplateText, isTextLiteral, isWindow, resolveArithmetic, isPeerStatistic, peerStat, ruleView, windowCalendar, SET_OPERATORS, DEFAULT_DICTIONARIES, DIAGNOSIS_CATALOGUE
} from '@zhishen/language';
import type { InvolvedKind, OpName, RecordKind, TargetKind } from '@zhishen/runtime';
import { CodeMatcher, encodeValue, FIELD_DISPLAY, isCompileTimeFunction, isOpName, isPopulationSource, isRecordKind, isSourceName, recordSpec, SOURCES } from '@zhishen/runtime';
import type { IrExpr, IrOutcome, IrPack, IrParam, IrRule, IrScope, IrSource, IrStep, IrType } from '../ir/ir.js';
import { op, TY } from '../ir/ir.js';
import { dateValue, irType, numberValue } from './types.js';
import type { CompileDiagnostic } from '../diagnostics.js';
import { compileDiagnostic, NO_LOCATION } from '../diagnostics.js';
import { CodeSetTable } from '../ir/code-sets.js';
import { someNode } from '../ir/walk.js';
import { evaluateConstant, NotConstant } from '../backends/interpret/evaluate.js';
import type { CompileTimeContext } from '../backends/interpret/evaluate.js';

export interface LowerInput {
    services: ZhishenServices;
    documents: Array<LangiumDocument<Document>>;
    kb?: KnowledgeBase;
    /** 计算相对路径的根目录（文件 URI 的路径前缀） */
    root?: string;
    name?: string;
}

interface RuleContext {
    view: RuleView;
    bindings: Map<AstNode, IrExpr>;
    rowSlots: IrRule['rowSlots'];
    params: Map<string, IrParam>;
    forEach?: ForEachClause;
    /** 正在降级作用域之内的子句 */
    inScope: boolean;
    /** 统计组规则（对每组 全体就诊 g 按 …） */
    cohort: boolean;
    /** 同级 的值与键：作用域内的 令 展开成表达式（要对每个统计组重算） */
    inlineLets: boolean;
    peers: number;
}

export class Lowerer {
    readonly diagnostics: CompileDiagnostic[] = [];
    readonly matchers = new CodeSetTable();
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
                    if (error instanceof LowerError) this.error(error.node, error.code, error.args);
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
        const diagnosisNames = this.usesDiagnosisNames && kb ? Object.fromEntries((kb.catalogues.get(DIAGNOSIS_CATALOGUE) ?? []).map(e => [e.code, e.name])) : undefined;
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
        const context: RuleContext = { view, bindings: new Map(), rowSlots: [], params: new Map(), inScope: false, cohort: false, inlineLets: false, peers: 0 };
        this.rule = context;
        try {
            for (const param of view.parameters) this.declareParam(param);
            if (view.knowledge) context.bindings.set(view.knowledge, { k: 'ref', ty: TY.record('kp'), ref: { kind: 'kp' } });
            for (const let_ of view.rowLets) {
                const expr = this.expr(let_.value);
                const slot = `let.${let_.name}`;
                context.rowSlots.push({ slot, expr, type: expr.ty, text: sourceText(let_) });
                context.bindings.set(let_, { k: 'ref', ty: expr.ty, ref: { kind: 'row', slot } });
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
            const population = scope?.group === 'cohort' ? 'set' as const
                : [...pre, ...steps].some(s => readsPopulation(s.expr)) || (scope?.source !== undefined && isPopulationSource(scope.source))
                    || (scope?.sourceExpr && readsPopulation(scope.sourceExpr)) || (scope?.where && readsPopulation(scope.where))
                    || [outcome.violation.expr, ...outcome.involved.map(i => i.expr)].some(readsPopulation) ? 'claims' as const : undefined;
            return {
                ...meta,
                ...(population ? { population } : {}),
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
        const applies: IrRule['applies'] = [];
        for (const clause of view.applies) {
            for (const value of clause.values) {
                const member = value.ref;
                if (!member) continue;
                const dimension = member.$container.name;
                let entry = applies.find(a => a.dimension === dimension);
                if (!entry) applies.push(entry = { dimension, field: this.appliesField(member, clause), values: [] });
                entry.values.push(member.name);
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

    /** 适用 的维度（一个枚举）对应本次就诊记录上哪个属性：内置库里就诊记录中类型为该枚举的字段。 */
    private appliesField(member: EnumMember, node: AstNode): string {
        const encounter = this.recordDecl('encounter', node);
        const field = encounter.fields.find(f => {
            const type = this.types.fieldType(f);
            return type.kind === 'enum' && type.decl === member.$container;
        });
        if (!field?.source) throw new LowerError(node, 'ZC0016', { dimension: member.$container.name });
        return field.source;
    }

    private recordDecl(kind: RecordKind, node: AstNode | undefined): RecordDecl {
        const decl = this.input.services.builtins.Builtins.recordOfKind(kind);
        if (!decl) throw new Error(`编译器内部错误：内置库缺少「${kind}」记录`);
        return decl;
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
            if (error instanceof NotConstant) this.error(param, 'ZC0008', { name: param.name });
            else if (error instanceof LowerError) this.error(error.node, error.code, error.args);
            else throw error;
        } finally {
            this.rule = outer;
        }
        const ir: IrParam = {
            name: param.name,
            type,
            value: encodeValue(value),
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
                this.rule!.bindings.set(step, { k: 'ref', ty: expr.ty, ref: { kind: 'local', name: localName(step) } });
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
        this.rule!.bindings.set(forEach, { k: 'ref', ty: binderType, ref: { kind: 'local', name: localName(forEach) } });
        let source: IrScope['source'] = 'expr';
        let sourceExpr: IrExpr | undefined;
        const target = isNameRef(forEach.source) ? forEach.source.ref?.ref : undefined;
        if (target && isGlobalDecl(target) && isSourceName(target.source) && SOURCES[target.source].list) source = target.source;
        else sourceExpr = this.expr(forEach.source);
        const record = elementType.kind === 'record' ? elementType.record : undefined;
        const scope: IrScope = {
            kind: kind === 'each' && forEach.keys.length === 0 ? 'each' : 'group',
            binder: localName(forEach),
            source,
            sourceExpr,
            elementType,
            text: sourceText(forEach)
        };
        if (scope.kind === 'group' && record === 'encounter' && kind !== 'day' && kind !== 'hour') {
            // 统计组：筛查集合的就诊按键分组，规则对整个集合求值一次
            if (source !== 'population_encounters') throw new LowerError(forEach, 'ZC0018', {});
            scope.group = 'cohort';
            scope.keys = forEach.keys.map(k => this.expr(k));
            scope.keyProps = scope.keys.map(k => k.k === 'field' && k.recv.k === 'elem' && k.recv.depth === 0 && !k.each ? k.prop : null);
            this.rule!.cohort = true;
        } else if (scope.kind === 'group') {
            scope.group = kind === 'day' ? 'day' : kind === 'hour' ? 'hour' : 'key';
            if (scope.group === 'key') scope.keys = forEach.keys.map(k => this.expr(k));
            if (record !== 'line') throw new LowerError(forEach, 'ZC0010', {});
        }
        if (forEach.codes) {
            scope.codes = this.expr(forEach.codes);
            if (!record || !recordSpec(record).code) {
                throw new LowerError(forEach.codes, 'ZC0011', { what: elementZs.kind === 'record' ? elementZs.decl.name : '该集合' });
            }
        }
        if (forEach.where) scope.where = this.expr(forEach.where);
        return scope;
    }

    private lowerOutcome(view: RuleView): IrOutcome {
        const violationExpr: IrExpr = view.violation?.target
            ? this.expr(view.violation.target)
            : { k: 'ref', ty: TY.record('encounter'), ref: { kind: 'source', name: 'encounter' } };
        const outcome: IrOutcome = {
            violation: { expr: violationExpr, kind: targetKind(violationExpr.ty, view.violation?.target) },
            involved: view.involved.flatMap(c => c.targets.map(t => {
                const expr = this.expr(t);
                return { expr, kind: involvedKind(expr.ty, t) };
            })),
            evidence: view.basis.map(b => b.text).filter((t): t is Expression => !!t && !isConstantText(t)).map(t => this.expr(t))
        };
        if (view.amount?.amount) outcome.amount = this.expr(view.amount.amount);
        if (view.message?.message) outcome.message = this.text(view.message.message);
        const statistic = view.statistic;
        if (statistic?.value) {
            const value = this.expr(statistic.value);
            const peer = statistic.peer ? this.expr(statistic.peer) : undefined;
            outcome.statistic = {
                name: sourceText(statistic.value), value, display: displayOfShown(value),
                ...(peer && statistic.peer ? { peer, peerName: sourceText(statistic.peer) } : {})
            };
        }
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
                const operator = canonicalOperator(e.operator);
                if (operator === 'and' || operator === 'or') {
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
        if (!node) throw new LowerError(undefined, 'ZC0001', {});
        const zs = this.types.typeOf(node);
        const ty = irType(zs);
        if (isNumberLiteral(node)) return { k: 'lit', ty, v: numberValue(node) };
        if (isDateLiteral(node)) return { k: 'lit', ty, v: dateValue(node.value) };
        if (isTextLiteral(node)) return this.text(node.text);
        if (isBooleanLiteral(node)) return { k: 'lit', ty, v: booleanValue(node) };
        if (isNullLiteral(node)) return { k: 'lit', ty: TY.null, v: null };
        if (isGroup(node)) return this.expr(node.expression);
        if (isNot(node)) return op('not', TY.boolean, this.expr(node.operand));
        if (isNegation(node)) {
            const operand = this.expr(node.operand);
            return op(ty.kind === 'duration' || ty.kind === 'age' ? 'negateWhole' : 'negate', ty, operand);
        }
        if (isConditional(node)) return { k: 'if', ty, c: this.expr(node.condition), t: this.expr(node.then), e: this.expr(node.otherwise) };
        if (isFilter(node)) return { k: 'filter', ty, src: this.expr(node.source), cond: this.expr(node.condition) };
        if (isWindow(node)) {
            const src = this.expr(node.source);
            const record = src.ty.element?.record;
            const date = record ? recordSpec(record).date : undefined;
            if (!date) throw new LowerError(node, 'ZC0012', {});
            if (this.rule?.cohort) throw new LowerError(node, 'ZC0017', { what: node.duration ? '近 N天' : node.calendar ?? '' });
            const ref: IrExpr = {
                k: 'field', ty: TY.date, prop: 'adm_date', each: false,
                recv: { k: 'ref', ty: TY.record('encounter'), ref: { kind: 'source', name: 'encounter' } }
            };
            const window = { k: 'window' as const, ty, src, ref, date: date.fallback ? { prop: date.prop, fallback: date.fallback } : { prop: date.prop } };
            if (node.duration) return { ...window, days: this.expr(node.duration) };
            return { ...window, calendar: windowCalendar(node) ?? 'year' };
        }
        if (isSetLiteral(node)) return this.set(node, ty);
        if (isIndex(node)) return op('index', ty, this.expr(node.receiver), this.expr(node.index));
        if (isMemberAccess(node)) return this.member(node.receiver, node.member?.ref, ty, node);
        if (isNameRef(node)) return this.nameRef(node, ty);
        if (isAggregate(node)) return this.aggregate(node, ty);
        if (isPeerStatistic(node)) return this.peer(node, ty);
        if (isBinary(node)) return this.binary(node, ty);
        throw new LowerError(node, 'ZC0002', { what: (node as AstNode).$type });
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
            else if (value.k === 'codes') {
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
        if (allConstantText) return { k: 'codes', ty, id: this.matchers.add({ codes, prefixes, ranges }) };
        const constants: IrExpr[] = codes.map(c => ({ k: 'lit', ty: TY.text, v: c }));
        return op('makeSet', ty, ...constants, ...dynamic);
    }

    private nameRef(node: NameRef, ty: IrType): IrExpr {
        const target = node.ref?.ref;
        if (!target) throw new LowerError(node, 'ZC0003', { name: node.ref?.$refText ?? '' });
        if (isFunctionDecl(target)) {
            const symbol = target.symbol ?? target.name;
            const args = node.args.map(a => this.expr(a));
            if (isCompileTimeFunction(symbol)) return { k: 'kb', ty, fn: symbol, args };
            if (!isOpName(symbol)) throw new LowerError(node, 'ZC0006', { name: target.name, symbol });
            if (symbol === 'diagnosis_name') this.usesDiagnosisNames = true;
            return op(symbol, ty, ...args);
        }
        if (isEnumMember(target)) return { k: 'lit', ty, v: target.name };
        if (isGlobalDecl(target)) {
            if (isSourceName(target.source)) return { k: 'ref', ty, ref: { kind: 'source', name: target.source } };
            throw new LowerError(node, 'ZC0007', { name: target.name });
        }
        if (isParameter(target)) {
            if (!this.rule) {
                // 常量上下文（参数默认值、代码集）：引用另一个参数 → 用它的默认值
                return { k: 'lit', ty, v: evaluateConstant(this.expr(target.value), this.compileTime) };
            }
            const param = this.declareParam(target);
            return { k: 'ref', ty: param.type, ref: { kind: 'param', name: param.name } };
        }
        if (isCodeSet(target)) return this.codeSet(target, ty);
        if (isFieldDecl(target)) {
            const element = this.implicitElement(node, target);
            return this.fieldAccess(element, target, ty, false);
        }
        if (this.rule?.inlineLets && isLetClause(target) && this.rule.view.steps.includes(target)) return this.expr(target.value);
        const bound = this.rule?.bindings.get(target);
        if (bound) {
            if (isKnowledgeClause(target)) throw new LowerError(node, 'ZC0005', { name: target.name });
            return bound;
        }
        if (isLetClause(target) || isForEachClause(target) || isKnowledgeClause(target)) {
            throw new LowerError(node, 'ZC0004', { name: target.name });
        }
        throw new LowerError(node, 'ZC0003', { name: node.ref?.$refText ?? '' });
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
        if (value instanceof CodeMatcher) return { k: 'codes', ty, id: this.matchers.add(value) };
        if (ty.kind === 'set' && (Array.isArray(value) || value instanceof Set) && [...value].every(v => typeof v === 'string')) {
            return { k: 'codes', ty, id: this.matchers.add({ codes: [...value] as string[] }) };
        }
        if (value instanceof Set) return op('makeSet', ty, ...[...value].map(v => ({ k: 'lit' as const, ty: ty.element ?? TY.any, v })));
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
            throw new LowerError(node, 'ZC0009', { what: Array.isArray(value) ? '列表' : typeof value });
        }
        return { k: 'lit', ty, v: value };
    }

    /** 其中 / 聚合 / 对每 条件里不带接收者的字段名：属于哪一层的隐式元素（最内层优先）。 */
    private implicitElement(site: AstNode, field: FieldDecl): IrExpr {
        const types = this.types.implicitElementTypes(site);
        const index = types.findIndex(t => this.types.fieldsOf(t).includes(field));
        const depth = index < 0 ? 0 : index;
        return { k: 'elem', ty: index < 0 ? TY.any : irType(types[index]), depth };
    }

    private member(receiverNode: Expression | undefined, field: FieldDecl | undefined, ty: IrType, node: AstNode): IrExpr {
        if (!receiverNode || !field) throw new LowerError(node, 'ZC0001', {});
        // 知识点字段 → 行槽
        if (isNameRef(receiverNode) && receiverNode.ref?.ref && isKnowledgeClause(receiverNode.ref.ref)) {
            return this.rowField(field, ty);
        }
        const recv = this.expr(receiverNode);
        // 患者.年龄：以明细（分组）为元素的作用域内按该明细的计费日期
        if (recv.ty.kind === 'record' && recv.ty.record === 'patient' && field.source === 'age') {
            const at = this.scopeDate();
            if (at) return op('age_at', ty, at);
        }
        const receiverType = this.types.typeOf(receiverNode);
        const each = receiverType.kind === 'list' || receiverType.kind === 'set';
        return this.fieldAccess(recv, field, ty, each);
    }

    private fieldAccess(recv: IrExpr, field: FieldDecl, ty: IrType, each: boolean): IrExpr {
        const prop = field.source ?? field.name;
        return { k: 'field', ty, recv, prop, each };
    }

    private rowField(field: FieldDecl, ty: IrType): IrExpr {
        const prop = field.source ?? field.name;
        const slot = `kp.${prop}`;
        const context = this.rule;
        if (context && !context.rowSlots.some(s => s.slot === slot)) {
            const kp: IrExpr = { k: 'ref', ty: TY.record('kp'), ref: { kind: 'kp' } };
            context.rowSlots.push({ slot, expr: { k: 'field', ty, recv: kp, prop, each: false }, type: ty, text: `知识点.${field.name}` });
        }
        return { k: 'ref', ty, ref: { kind: 'row', slot } };
    }

    /** 作用域元素上的“年龄参照日”（契约 records.ts 的 scopeDate）：明细 → 计费日期，分组 → 首条明细的计费日期；没有则 undefined。 */
    private scopeDate(): IrExpr | undefined {
        const context = this.rule;
        if (!context?.inScope || !context.forEach) return undefined;
        const binder = context.bindings.get(context.forEach)!;
        const record = binder.ty.kind === 'record' ? binder.ty.record : undefined;
        const path = record ? recordSpec(record).scopeDate : undefined;
        if (!record || !path) return undefined;
        let expr: IrExpr = binder;
        let current: RecordKind = record;
        path.forEach((prop, i) => {
            const last = i === path.length - 1;
            const encoding = (recordSpec(current).fields as Record<string, string>)[prop];
            const next = !last && encoding?.startsWith('record:') ? encoding.slice('record:'.length) : undefined;
            const fieldTy = last ? TY.date : isRecordKind(next) ? TY.record(next) : TY.any;
            expr = { k: 'field', ty: fieldTy, recv: expr, prop, each: false };
            if (isRecordKind(next)) current = next;
        });
        return expr;
    }

    private aggregate(node: Aggregate, ty: IrType): IrExpr {
        const fn = canonicalAggregate(node.function);
        const args = node.args;
        const firstType = this.types.typeOf(args[0]);
        const isCollection = firstType.kind === 'list' || firstType.kind === 'set';
        if ((fn === 'max' || fn === 'min') && !isCollection) {
            return op(fn === 'max' ? 'scalarMax' : 'scalarMin', ty, ...args.map(a => this.expr(a)));
        }
        const src = this.expr(args[0]);
        const arg = args[1] ? this.expr(args[1]) : undefined;
        const valueType = arg?.ty ?? src.ty.element ?? TY.any;
        const whole = valueType.kind === 'duration' || valueType.kind === 'age';
        return { k: 'agg', ty, fn, src, ...(arg ? { arg } : {}), whole };
    }

    /** 同级 …：值与键中作用域内的 令 展开（对每个统计组按绑定名重算），作用域之前的 令 与参数照常引用。 */
    private peer(node: PeerStatistic, ty: IrType): IrExpr {
        const context = this.rule;
        if (!context?.cohort || !context.forEach) throw new LowerError(node, 'ZC0002', { what: '同级（统计组规则之外）' });
        const outer = context.inlineLets;
        context.inlineLets = true;
        try {
            const value = this.expr(node.value);
            const keys = node.keys.map(k => this.expr(k));
            return {
                k: 'peer', ty, stat: peerStat(node.stat), id: `peer${context.peers++}`, binder: localName(context.forEach), value, keys,
                ...(node.arg ? { arg: this.expr(node.arg) } : {}),
                ...(node.min ? { min: this.expr(node.min) } : {})
            };
        } finally {
            context.inlineLets = outer;
        }
    }

    private binary(node: Binary, ty: IrType): IrExpr {
        const operator = canonicalOperator(node.operator);
        let l = this.expr(node.left);
        let r = this.expr(node.right);
        switch (operator) {
            case 'and': case 'or': case 'in': case 'not_in': case 'contains': case 'not_contains': case 'matches': {
                const entry = SET_OPERATORS[operator];
                const result = op(entry.runtime, TY.boolean, l, r);
                return entry.negate ? op('not', TY.boolean, result) : result;
            }
            case '=': case '!=': case '<': case '<=': case '>': case '>=': {
                const left = this.types.typeOf(node.left!);
                const right = this.types.typeOf(node.right!);
                const conversions = comparisonConversions(operator as ComparisonOp, left, right);
                if (conversions.ordinal) {
                    const order: IrExpr = { k: 'lit', ty: TY.list(TY.text), v: [...conversions.ordinal] };
                    // 位置是整数（不是 micro 数值），比较前两边同样换算
                    l = op('ordinal', TY.any, order, l);
                    r = op('ordinal', TY.any, order, r);
                }
                if (conversions.convertLeft) l = op(conversions.convertLeft, TY.datetime, l);
                if (conversions.convertRight) r = op(conversions.convertRight, TY.datetime, r);
                return op(COMPARISON[operator as ComparisonOp], TY.boolean, l, r);
            }
            default: {
                const resolved = resolveArithmetic(operator as ArithmeticOperator, this.types.typeOf(node.left!), this.types.typeOf(node.right!));
                if (!resolved) throw new LowerError(node, 'ZC0013', { left: node.left?.$cstNode?.text ?? '', op: node.operator, right: node.right?.$cstNode?.text ?? '' });
                if (resolved.convertLeft) l = op(resolved.convertLeft, TY.datetime, l);
                if (resolved.convertRight) r = op(resolved.convertRight, TY.datetime, r);
                return resolved.swap ? op(resolved.runtime as OpName, ty, r, l) : op(resolved.runtime as OpName, ty, l, r);
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

    private error(node: AstNode | undefined, code: LowerErrorCode, args: Record<string, string>): void {
        this.diagnostics.push(compileDiagnostic(code, args, node ? this.source(node) : NO_LOCATION));
    }
}

type LowerErrorCode = MessageCode & `ZC00${string}`;

/** 降级中发现编译不了的写法：编码与参数，信息由诊断目录生成。 */
export class LowerError extends Error {
    constructor(readonly node: AstNode | undefined, readonly code: LowerErrorCode, readonly args: Record<string, string>) {
        super(code);
    }
}

/** 提示与解释里显示一个表达式的方式：契约 FIELD_DISPLAY 里的字段（单价按实际小数位）按它，其余按类型。 */
export function displayOfShown(e: IrExpr): string {
    if (e.k === 'field' && e.recv.ty.kind === 'record' && e.recv.ty.record) {
        const display = FIELD_DISPLAY[`${e.recv.ty.record}.${e.prop}`];
        if (display) return display;
    }
    return displayOfType(e.ty);
}

function displayOfType(type: IrType): string {
    switch (type.kind) {
        case 'record': return `record:${type.record ?? ''}`;
        case 'list': return `list:${displayOfType(type.element ?? TY.any)}`;
        case 'set': return `set:${displayOfType(type.element ?? TY.any)}`;
        case 'code': case 'enum': return 'text';
        default: return type.kind;
    }
}

/** 违规对象的种类（由类型决定；校验器已保证是明细、明细列表、就诊、诊断或手术）。 */
function targetKind(type: IrType, node: AstNode | undefined): TargetKind {
    if (type.kind === 'list' && type.element?.record === 'line') return 'lines';
    if (type.kind === 'record') {
        switch (type.record) {
            case 'line': return 'line';
            case 'encounter': return 'encounter';
            case 'diagnosis': return 'diagnosis';
            case 'operation': return 'operation';
            case 'cohort': return 'cohort';
        }
    }
    throw new LowerError(node, 'ZC0014', { type: type.kind });
}

function involvedKind(type: IrType, node: AstNode): InvolvedKind {
    const record = type.kind === 'record' ? type.record : type.element?.record;
    if (record === 'line') return 'lines';
    if (record === 'encounter') return 'encounters';
    if (record === 'diagnosis' || record === 'operation') return 'none';
    throw new LowerError(node, 'ZC0015', { type: type.kind });
}

/** 表达式是否读筛查集合（全体就诊 / 全体明细，或由它改写来的 lookup）。 */
function readsPopulation(e: IrExpr): boolean {
    return someNode(e, x => x.k === 'lookup' || (x.k === 'ref' && x.ref.kind === 'source' && isPopulationSource(x.ref.name)));
}

function localName(node: LetClause | ForEachClause): string {
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

function defaultDictionaries(): Map<string, Dictionary> {
    return new Map(DEFAULT_DICTIONARIES.map(d => [d.name, d]));
}
