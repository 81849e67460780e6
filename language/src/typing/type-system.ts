/**
 * 表达式类型推导。每个表达式节点得到一个类型和（至多）一个本地问题；问题由校验器报告，
 * 推导本身从不抛异常——半截输入、未解析的名称都得到 error 类型，不连锁报错。
 */
import type { AstNode, LangiumCoreServices } from 'langium';
import { AstUtils, WorkspaceCache } from 'langium';
import type {
    Aggregate, Binary, CodeSet, Expression, FieldDecl, ForEachClause, FunctionDecl, NamedElement, NameRef, Parameter, RecordDecl,
    PeerStatistic, SetLiteral, TypeRef
} from '../generated/ast.js';
import {
    isAggregate, isPeerStatistic, isBinary, isBooleanLiteral, isCodeSet, isConditional, isDateLiteral, isEnumMember, isFieldDecl, isFilter,
    isForEachClause, isFunctionDecl, isGlobalDecl, isGroup, isIndex, isKnowledgeClause, isLetClause, isMemberAccess, isNameRef,
    isNegation, isNot, isNullLiteral, isNumberLiteral, isParameter, isRule, isSetLiteral, isTemplate, isTextLiteral,
    isWindow
} from '../generated/ast.js';
import type { Builtins } from '../builtins/builtins.js';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import { guessCodeKind } from '../kb/code-shape.js';
import type { CanonicalOperator } from './operators.js';
import { canonicalAggregate, canonicalOperator, forEachKind, peerStat, unitKind } from './operators.js';
import { resolveArithmetic } from './signatures.js';
import type { CodeKind, ZsType } from './types.js';
import type { RecordKind } from '@zhishen/runtime';
import { isRecordKind, recordSpec } from '@zhishen/runtime';
import { T, codeKindsCompatible, commonType, comparable, elementType, isNumeric, isOrdered, isUnknown, typeName } from './types.js';

/** 一个类型问题：稳定编码 + 参数；消息由 messages/catalog 生成。 */
export interface TypeProblem {
    code: string;
    args: Record<string, string>;
    /** 问题落在哪个子节点（默认整个表达式） */
    node?: AstNode;
}

export interface Analysis {
    type: ZsType;
    problem?: TypeProblem;
}

type ZhishenTypingServices = LangiumCoreServices & {
    builtins: { Builtins: Builtins };
    kb: { KnowledgeBaseProvider: KnowledgeBaseProvider };
};

const SCALAR_TYPES: Record<string, ZsType> = {
    '文本': T.text, '数值': T.number, '数量': T.quantity, '金额': T.money, '时长': T.duration, '年龄': T.age,
    '日期': T.date, '日期时间': T.datetime, '布尔': T.boolean, '任意': T.any
};

export class TypeSystem {
    private readonly builtins: Builtins;
    private readonly kbProvider: KnowledgeBaseProvider;
    private readonly cache: WorkspaceCache<AstNode, Analysis>;
    private readonly inProgress = new Set<AstNode>();

    constructor(services: ZhishenTypingServices) {
        this.builtins = services.builtins.Builtins;
        this.kbProvider = services.kb.KnowledgeBaseProvider;
        this.cache = new WorkspaceCache(services.shared);
    }

    typeOf(node: Expression): ZsType {
        return this.analyze(node).type;
    }

    analyze(node: Expression): Analysis {
        const cached = this.cache.get(node);
        if (cached) return cached;
        if (this.inProgress.has(node)) {
            return { type: T.error, problem: { code: 'ZS0324', args: {} } };
        }
        this.inProgress.add(node);
        let result: Analysis;
        try {
            result = this.infer(node);
        } finally {
            this.inProgress.delete(node);
        }
        this.cache.set(node, result);
        return result;
    }

    // ───────────── 声明的类型 ─────────────

    /** 名称所指元素作为值时的类型。 */
    typeOfNamed(target: NamedElement | undefined, site?: NameRef): ZsType {
        if (!target) return T.error;
        if (isParameter(target)) return this.typeOfParameter(target);
        if (isLetClause(target)) return target.value ? this.typeOf(target.value) : T.error;
        if (isKnowledgeClause(target)) return this.recordType('kp');
        if (isForEachClause(target)) return this.binderType(target);
        if (isCodeSet(target)) return this.typeOfCodeSet(target);
        if (isFieldDecl(target)) return this.fieldType(target, site ? this.implicitReceiverType(site, target) : undefined);
        if (isEnumMember(target)) return T.enum(target.$container);
        if (isGlobalDecl(target)) return this.resolveTypeRef(target.type);
        if (isFunctionDecl(target)) return T.fn;
        if (isRule(target) || isTemplate(target)) return T.error;
        return T.error;
    }

    typeOfParameter(param: Parameter): ZsType {
        if (param.type) return this.resolveTypeRef(param.type);
        return param.value ? this.typeOf(param.value) : T.error;
    }

    typeOfCodeSet(codeSet: CodeSet): ZsType {
        if (codeSet.kind) {
            // 代码集 X: 药品 = …（种类名）或 代码集 X: 编码<药品> = …
            const named = codeKindFromName(codeSet.kind.name);
            if (named) return T.set(T.code(named));
            const declared = this.resolveTypeRef(codeSet.kind);
            if (declared.kind === 'code') return T.set(declared);
            if (declared.kind === 'set' && declared.element?.kind === 'code') return declared;
            return T.set(T.code('任意'));
        }
        if (!codeSet.value) return T.error;
        const valueType = this.typeOf(codeSet.value);
        const element = elementType(valueType);
        if (element?.kind === 'code') return T.set(element);
        if (element && (element.kind === 'text' || isUnknown(element))) {
            return T.set(T.code(this.inferLiteralKind(codeSet.value)));
        }
        return valueType;
    }

    /** 对每 … 绑定名的类型：逐个元素，或分组记录。 */
    binderType(forEach: ForEachClause): ZsType {
        const sourceType = forEach.source ? this.typeOf(forEach.source) : T.error;
        const kind = forEachKind(forEach.kind);
        if (kind === 'each' && forEach.keys.length === 0) {
            return elementType(sourceType) ?? T.error;
        }
        let keyType: ZsType = T.any;
        if (kind === 'day') keyType = T.date;
        else if (kind === 'hour') keyType = T.datetime;
        else if (forEach.keys.length === 1) keyType = this.typeOf(forEach.keys[0]);
        // 就诊按键分组（对每组 全体就诊 g 按 机构编码）→ 统计组；明细分组 → 分组
        const element = elementType(sourceType);
        if (kind === 'group' && element && recordOf(element)?.kind === 'encounter') return this.recordType('cohort', keyType);
        return this.recordType('group', keyType);
    }

    resolveTypeRef(ref: TypeRef | undefined): ZsType {
        if (!ref) return T.error;
        const scalar = SCALAR_TYPES[ref.name];
        if (scalar) return scalar;
        const arg = ref.args[0];
        switch (ref.name) {
            case '列表': return T.list(arg ? this.resolveTypeRef(arg) : T.any);
            case '集合': return T.set(arg ? this.resolveTypeRef(arg) : T.any);
            case '编码': return T.code(codeKindFromName(arg?.name) ?? '任意');
            case '代码集': return T.set(T.code(codeKindFromName(arg?.name) ?? '任意'));
        }
        const record = this.builtins.record(ref.name);
        if (record) return T.record(record);
        const enumDecl = this.builtins.enum(ref.name);
        if (enumDecl) return T.enum(enumDecl);
        return T.error;
    }

    /** 按运行时记录种类取记录类型。 */
    recordType(kind: RecordKind, keyType?: ZsType): ZsType {
        const decl = this.builtins.recordOfKind(kind);
        return decl ? T.record(decl, keyType) : T.error;
    }

    fieldType(field: FieldDecl, receiver?: ZsType): ZsType {
        const type = this.resolveTypeRef(field.type);
        if (field.name === '键' && receiver?.kind === 'record' && receiver.keyType) return receiver.keyType;
        return type;
    }

    /** 一个类型可访问的字段（记录本身，或记录列表的投影）。 */
    fieldsOf(type: ZsType): FieldDecl[] {
        const record = recordOf(type);
        return record ? record.fields : [];
    }

    /** 隐式元素字段（其中 / 聚合 / 对每 的条件里直接写字段名）的接收者类型。 */
    private implicitReceiverType(site: AstNode, field: FieldDecl): ZsType | undefined {
        for (const type of this.implicitElementTypes(site)) {
            if (this.fieldsOf(type).includes(field)) return type;
        }
        return undefined;
    }

    /**
     * 从内到外列出 site 所在的“元素作用域”的元素类型：`明细 其中 <这里>`、`求和(明细, <这里>)`、
     * `对每条 明细 m … 按 <这里> 其中 <这里>`。
     */
    implicitElementTypes(site: AstNode): ZsType[] {
        const result: ZsType[] = [];
        let child: AstNode = site;
        let parent = site.$container;
        while (parent) {
            if (isFilter(parent) && parent.condition === child && parent.source) {
                const element = elementType(this.typeOf(parent.source));
                if (element) result.push(element);
            } else if (isAggregate(parent) && parent.args.indexOf(child as Expression) > 0) {
                const element = elementType(this.typeOf(parent.args[0]));
                if (element) result.push(element);
            } else if (isForEachClause(parent) && (parent.where === child || parent.keys.includes(child as Expression)) && parent.source) {
                const element = elementType(this.typeOf(parent.source));
                if (element) result.push(element);
            }
            child = parent;
            parent = parent.$container;
        }
        return result;
    }

    /** 代码集字面量中文本的编码种类：知识库目录优先，其次按编码形状推测。 */
    inferLiteralKind(expression: Expression): CodeKind {
        const kinds = new Set<CodeKind>();
        for (const text of literalCodesOf(expression)) {
            const kind = this.codeKindOfLiteral(text.value, text.prefix);
            if (kind) kinds.add(kind);
        }
        if (kinds.size === 0) return '任意';
        if (kinds.size === 1) return [...kinds][0];
        const all = [...kinds];
        if (all.every(k => codeKindsCompatible(k, '目录') && k !== '诊断' && k !== '手术')) return '目录';
        return '任意';
    }

    codeKindOfLiteral(code: string, prefix = false): CodeKind | undefined {
        const kb = this.kbProvider.current;
        if (kb) {
            const entries = prefix ? kb.index.byPrefix(code, { limit: 1 }) : kb.index.get(code);
            if (entries.length > 0) return entries[0].kind;
        }
        return prefix ? undefined : guessCodeKind(code);
    }

    // ───────────── 推导 ─────────────

    private infer(node: Expression): Analysis {
        if (isNumberLiteral(node)) {
            switch (unitKind(node.unit)) {
                case 'money': return { type: T.money };
                case 'duration': return { type: T.duration };
                case 'age': return { type: T.age };
                case 'quantity': return { type: T.quantity };
                default: return { type: T.number };
            }
        }
        if (isDateLiteral(node)) return { type: node.value.includes('T') ? T.datetime : T.date };
        if (isTextLiteral(node)) return { type: T.text };
        if (isBooleanLiteral(node)) return { type: T.boolean };
        if (isNullLiteral(node)) return { type: T.null };
        if (isGroup(node)) return { type: node.expression ? this.typeOf(node.expression) : T.error };
        if (isNot(node)) return this.expectBoolean(node.operand, T.boolean);
        if (isNegation(node)) {
            const operand = node.operand ? this.typeOf(node.operand) : T.error;
            if (isUnknown(operand) || ['number', 'quantity', 'money', 'duration', 'age'].includes(operand.kind)) return { type: operand };
            return { type: T.error, problem: { code: 'ZS0311', args: { op: '负号', left: typeName(operand), right: '' } } };
        }
        if (isConditional(node)) {
            const cond = this.expectBoolean(node.condition, T.any);
            const thenType = node.then ? this.typeOf(node.then) : T.error;
            const elseType = node.otherwise ? this.typeOf(node.otherwise) : T.error;
            const common = commonType(thenType, elseType);
            if (cond.problem) return { type: common ?? T.error, problem: cond.problem };
            if (!common) return { type: T.error, problem: { code: 'ZS0301', args: { left: typeName(thenType), right: typeName(elseType), op: '若…则…否则' } } };
            return { type: common };
        }
        if (isFilter(node)) {
            const sourceType = node.source ? this.typeOf(node.source) : T.error;
            if (!elementType(sourceType)) {
                return { type: T.error, problem: { code: 'ZS0306', args: { type: typeName(sourceType), what: '其中' }, node: node.source } };
            }
            const cond = this.expectBoolean(node.condition, sourceType);
            return cond;
        }
        if (isWindow(node)) {
            const sourceType = node.source ? this.typeOf(node.source) : T.error;
            const element = elementType(sourceType);
            const record = element ? recordOf(element) : undefined;
            // 元素要有日期（contract/records.ts 的 date）：就诊、明细、诊断、手术
            if (!isUnknown(sourceType) && (!record || !isRecordKind(record.kind) || !recordSpec(record.kind).date)) {
                return { type: T.error, problem: { code: 'ZS0319', args: { type: typeName(sourceType) } } };
            }
            if (node.duration) {
                const d = this.typeOf(node.duration);
                if (!isUnknown(d) && d.kind !== 'duration') {
                    return { type: sourceType, problem: { code: 'ZS0303', args: { type: typeName(d), expected: '时长', example: '15天' }, node: node.duration } };
                }
            }
            return { type: sourceType };
        }
        if (isSetLiteral(node)) return this.inferSet(node);
        if (isIndex(node)) {
            const receiver = node.receiver ? this.typeOf(node.receiver) : T.error;
            const element = receiver.kind === 'list' ? receiver.element : undefined;
            if (!element && !isUnknown(receiver)) return { type: T.error, problem: { code: 'ZS0306', args: { type: typeName(receiver), what: '[ ]' } } };
            const index = node.index ? this.typeOf(node.index) : T.error;
            if (!isUnknown(index) && !isNumeric(index)) return { type: T.error, problem: { code: 'ZS0308', args: { name: '[ ]', index: '1', expected: '数值', actual: typeName(index) }, node: node.index } };
            return { type: element ?? T.error };
        }
        if (isMemberAccess(node)) {
            const receiver = node.receiver ? this.typeOf(node.receiver) : T.error;
            const field = node.member?.ref;
            if (isUnknown(receiver)) return { type: field ? this.fieldType(field) : T.error };
            if (!recordOf(receiver)) {
                return { type: T.error, problem: { code: 'ZS0309', args: { type: typeName(receiver) } } };
            }
            if (!field) return { type: T.error };
            const fieldType = this.fieldType(field, receiver.kind === 'record' ? receiver : undefined);
            if (receiver.kind === 'list' || receiver.kind === 'set') {
                // 投影：列表<就诊>.机构编码 → 列表<文本>；元素本身是集合时展平
                if (fieldType.kind === 'set' || fieldType.kind === 'list') return { type: fieldType };
                return { type: T.list(fieldType) };
            }
            return { type: fieldType };
        }
        if (isNameRef(node)) return this.inferNameRef(node);
        if (isAggregate(node)) return this.inferAggregate(node);
        if (isPeerStatistic(node)) return this.inferPeer(node);
        if (isBinary(node)) return this.inferBinary(node);
        return { type: T.error };
    }

    /** 同级 百分位 / 均值 / 标准差 (值[, 参数]) 按(键…) 至少 n：值的类型（组数为数量）。 */
    private inferPeer(node: PeerStatistic): Analysis {
        const stat = peerStat(node.stat);
        const value = node.value ? this.typeOf(node.value) : T.error;
        const problem = (detail: string, at?: AstNode): Analysis => ({ type: stat === 'count' ? T.quantity : value, problem: { code: 'ZS0320', args: { name: `同级 ${node.stat}`, detail }, node: at } });
        if (!isUnknown(value) && !['number', 'quantity', 'money'].includes(value.kind)) return problem(`值需要是数值、数量或金额，得到「${typeName(value)}」`, node.value);
        if (stat === 'percentile') {
            const arg = node.arg ? this.typeOf(node.arg) : undefined;
            if (!arg) return problem('需要第二个参数：百分位（0–100，如 90）');
            if (!isUnknown(arg) && arg.kind !== 'number') return problem(`百分位需要数值（如 90），得到「${typeName(arg)}」`, node.arg);
        } else if (node.arg) {
            return problem('只需要一个参数：要比较的值', node.arg);
        }
        if (node.min) {
            const min = this.typeOf(node.min);
            if (!isUnknown(min) && min.kind !== 'number' && min.kind !== 'quantity') return problem(`至少 需要个数（如 5个），得到「${typeName(min)}」`, node.min);
        }
        return { type: stat === 'count' ? T.quantity : value };
    }

    private expectBoolean(operand: Expression | undefined, result: ZsType): Analysis {
        const type = operand ? this.typeOf(operand) : T.error;
        if (!isUnknown(type) && type.kind !== 'boolean') {
            return { type: result, problem: { code: 'ZS0305', args: { type: typeName(type) }, node: operand } };
        }
        return { type: result };
    }

    private inferNameRef(node: NameRef): Analysis {
        const target = node.ref?.ref;
        if (!target) return { type: T.error };
        if (isFunctionDecl(target)) {
            if (!node.call) return { type: T.error, problem: { code: 'ZS0321', args: { name: target.name } } };
            return this.inferCall(node, target);
        }
        if (node.call) return { type: T.error, problem: { code: 'ZS0310', args: { name: target.name } } };
        // 规则与模板不在表达式的作用域中（先报 ZS0101 未知名称），这里只防御
        if (isRule(target) || isTemplate(target)) return { type: T.error };
        return { type: this.typeOfNamed(target, node) };
    }

    private inferCall(node: NameRef, fn: FunctionDecl): Analysis {
        const returnType = this.resolveTypeRef(fn.returnType);
        const required = fn.params.filter(p => !p.optional).length;
        if (node.args.length < required || node.args.length > fn.params.length) {
            const expected = required === fn.params.length ? `${required}` : `${required}–${fn.params.length}`;
            return { type: returnType, problem: { code: 'ZS0307', args: { name: fn.name, expected, actual: `${node.args.length}` } } };
        }
        for (let i = 0; i < node.args.length; i++) {
            const expected = this.resolveTypeRef(fn.params[i].type);
            const actual = this.typeOf(node.args[i]);
            if (!argumentAccepts(expected, actual)) {
                return {
                    type: returnType,
                    problem: { code: 'ZS0308', args: { name: fn.name, index: `${i + 1}`, expected: typeName(expected), actual: typeName(actual) }, node: node.args[i] }
                };
            }
        }
        return { type: returnType };
    }

    private inferAggregate(node: Aggregate): Analysis {
        const fn = canonicalAggregate(node.function);
        const args = node.args;
        const first = args[0] ? this.typeOf(args[0]) : T.error;
        const element = elementType(first);
        // 最大(a, b) / 最小(a, b)：标量形式
        if ((fn === 'max' || fn === 'min') && !element && !isUnknown(first)) {
            let common: ZsType | undefined = first;
            for (const arg of args.slice(1)) {
                const t = this.typeOf(arg);
                common = common && commonType(common, t);
                if (!common || !isOrdered(t)) {
                    return { type: T.error, problem: { code: 'ZS0301', args: { left: typeName(first), right: typeName(t), op: node.function }, node: arg } };
                }
            }
            if (args.length < 2) return { type: first, problem: { code: 'ZS0320', args: { name: node.function, detail: '标量形式至少需要两个参数，或第一个参数是集合' } } };
            return { type: common ?? first };
        }
        if (!element) {
            return { type: T.error, problem: { code: 'ZS0306', args: { type: typeName(first), what: node.function }, node: args[0] } };
        }
        const second = args[1] ? this.typeOf(args[1]) : undefined;
        if (args.length > 2) return { type: T.error, problem: { code: 'ZS0320', args: { name: node.function, detail: '最多两个参数：集合、逐个元素的表达式' } } };
        switch (fn) {
            case 'count':
            case 'exists':
            case 'all': {
                if (fn === 'all' && !second) return { type: T.boolean, problem: { code: 'ZS0320', args: { name: node.function, detail: '需要第二个参数：每个元素都要满足的条件' } } };
                if (second && !isUnknown(second) && second.kind !== 'boolean') {
                    return { type: fn === 'count' ? T.quantity : T.boolean, problem: { code: 'ZS0305', args: { type: typeName(second) }, node: args[1] } };
                }
                return { type: fn === 'count' ? T.quantity : T.boolean };
            }
            case 'count_distinct':
                return { type: T.quantity };
            case 'sum':
            case 'avg':
            case 'max':
            case 'min': {
                const valueType = second ?? element;
                const additive = ['number', 'quantity', 'money', 'duration', 'age'].includes(valueType.kind);
                const orderedOk = fn === 'max' || fn === 'min' ? isOrdered(valueType) : additive;
                if (!isUnknown(valueType) && !orderedOk) {
                    return { type: T.error, problem: { code: 'ZS0320', args: { name: node.function, detail: `不能对「${typeName(valueType)}」${node.function}` }, node: args[1] ?? args[0] } };
                }
                if (fn === 'avg' && valueType.kind === 'quantity') return { type: T.number };
                return { type: valueType };
            }
        }
    }

    private inferSet(node: SetLiteral): Analysis {
        let common: ZsType | undefined;
        for (const element of node.elements) {
            if (!element.value) continue;
            let type = this.typeOf(element.value);
            if ((element.prefix || element.upper) && !isUnknown(type) && type.kind !== 'text' && type.kind !== 'code') {
                return { type: T.error, problem: { code: 'ZS0318', args: { type: typeName(type) }, node: element } };
            }
            if (type.kind === 'set' || type.kind === 'list') type = type.element; // 嵌套代码集：并入
            const next: ZsType | undefined = common ? commonType(common, type) : type;
            if (!next) {
                return { type: T.error, problem: { code: 'ZS0317', args: { first: typeName(common!), other: typeName(type) }, node: element } };
            }
            common = next;
        }
        return { type: T.set(common ?? T.any) };
    }

    private inferBinary(node: Binary): Analysis {
        const op = canonicalOperator(node.operator);
        const left = node.left ? this.typeOf(node.left) : T.error;
        const right = node.right ? this.typeOf(node.right) : T.error;
        const problem = (code: string, extra: Record<string, string> = {}, at?: AstNode): Analysis => ({
            type: resultOnError(op),
            problem: { code, args: { left: typeName(left), right: typeName(right), op: node.operator, ...extra }, node: at }
        });
        switch (op) {
            case 'and':
            case 'or': {
                if (!isUnknown(left) && left.kind !== 'boolean') return { type: T.boolean, problem: { code: 'ZS0305', args: { type: typeName(left) }, node: node.left } };
                if (!isUnknown(right) && right.kind !== 'boolean') return { type: T.boolean, problem: { code: 'ZS0305', args: { type: typeName(right) }, node: node.right } };
                return { type: T.boolean };
            }
            case '=':
            case '!=':
            case '<':
            case '<=':
            case '>':
            case '>=': {
                const mismatch = this.comparisonProblem(left, right, node);
                if (mismatch) return mismatch;
                if (op !== '=' && op !== '!=' && (!isOrdered(left) || !isOrdered(right))) {
                    return problem('ZS0311');
                }
                return { type: T.boolean };
            }
            case 'in':
            case 'not_in': {
                if (isUnknown(right)) return { type: T.boolean };
                const element = elementType(right);
                if (!element) return { type: T.boolean, problem: { code: 'ZS0306', args: { type: typeName(right), what: node.operator }, node: node.right } };
                const subject = elementType(left) ?? left; // 左侧是列表：任一元素属于
                if (!comparable(subject, element)) {
                    if (subject.kind === 'code' && element.kind === 'code') return problem('ZS0304', { leftKind: typeName(subject), rightKind: typeName(element) });
                    return problem('ZS0301');
                }
                return { type: T.boolean };
            }
            case 'contains':
            case 'not_contains': {
                if (isUnknown(left) || isUnknown(right)) return { type: T.boolean };
                if ((left.kind === 'text' || left.kind === 'code') && (right.kind === 'text' || right.kind === 'code')) return { type: T.boolean };
                const element = elementType(left);
                if (element && comparable(element, right)) return { type: T.boolean };
                return problem('ZS0301');
            }
            case 'matches': {
                const ok = (t: ZsType) => isUnknown(t) || t.kind === 'text' || t.kind === 'code';
                if (!ok(left) || !ok(right)) return problem('ZS0301');
                return { type: T.boolean };
            }
            case '+':
            case '-':
            case '*':
            case '/': {
                const result = arithmetic(op, left, right);
                if (result) return { type: result };
                if (op === '+' || op === '-') {
                    if (dimensional(left) && dimensional(right)) return problem('ZS0302');
                }
                return problem('ZS0311');
            }
        }
    }

    private comparisonProblem(left: ZsType, right: ZsType, node: Binary): Analysis | undefined {
        if (comparable(left, right)) return undefined;
        const args = { left: typeName(left), right: typeName(right), op: node.operator };
        if (left.kind === 'code' && right.kind === 'code') {
            return { type: T.boolean, problem: { code: 'ZS0304', args: { ...args, leftKind: typeName(left), rightKind: typeName(right) } } };
        }
        if ((left.kind === 'enum' && right.kind === 'text') || (left.kind === 'text' && right.kind === 'enum')) {
            const enumType = left.kind === 'enum' ? left : right;
            const members = enumType.kind === 'enum' ? enumType.decl.members.map(m => m.name).join('、') : '';
            return { type: T.boolean, problem: { code: 'ZS0316', args: { ...args, members } } };
        }
        // 数值与带单位的量比较：提示加单位
        const numberSide = isBareNumber(node.left) ? node.left : isBareNumber(node.right) ? node.right : undefined;
        const unitHint = numberSide && unitExample(numberSide === node.left ? right : left);
        if (numberSide && unitHint) {
            return { type: T.boolean, problem: { code: 'ZS0303', args: { type: '数值', expected: unitHint.name, example: unitHint.example }, node: numberSide } };
        }
        return { type: T.boolean, problem: { code: 'ZS0301', args } };
    }
}

function resultOnError(op: CanonicalOperator): ZsType {
    return op === '+' || op === '-' || op === '*' || op === '/' ? T.error : T.boolean;
}

function dimensional(type: ZsType): boolean {
    return ['number', 'quantity', 'money', 'duration', 'age', 'date', 'datetime'].includes(type.kind);
}

/** 不带单位的数字字面量（含负号）。 */
function isBareNumber(node: Expression | undefined): boolean {
    if (!node) return false;
    if (isNegation(node)) return isBareNumber(node.operand);
    return isNumberLiteral(node) && !node.unit;
}

function unitExample(type: ZsType | undefined): { name: string; example: string } | undefined {
    switch (type?.kind) {
        case 'money': return { name: '金额', example: '100元' };
        case 'duration': return { name: '时长', example: '15天 或 24小时' };
        case 'age': return { name: '年龄', example: '18岁' };
        default: return undefined;
    }
}

/** 算术运算的结果类型；不支持时为 undefined（签名表 signatures.ts）。 */
export function arithmetic(op: '+' | '-' | '*' | '/', left: ZsType, right: ZsType): ZsType | undefined {
    return resolveArithmetic(op, left, right)?.type;
}

/** 函数形参是否接受实参类型（任意 / 集合<任意> 放宽）。 */
function argumentAccepts(expected: ZsType, actual: ZsType): boolean {
    if (isUnknown(expected) || isUnknown(actual)) return true;
    if ((expected.kind === 'set' || expected.kind === 'list') && (actual.kind === 'set' || actual.kind === 'list')) {
        return isUnknown(expected.element) || comparable(expected.element, actual.element);
    }
    return comparable(expected, actual);
}

export function recordOf(type: ZsType): RecordDecl | undefined {
    if (type.kind === 'record') return type.decl;
    if ((type.kind === 'list' || type.kind === 'set') && type.element.kind === 'record') return type.element.decl;
    return undefined;
}

export function codeKindFromName(name: string | undefined): CodeKind | undefined {
    switch (name) {
        case '药品': case '中药饮片': case '医疗服务项目': case '医用耗材': case '目录': case '诊断': case '手术': case '任意':
            return name;
        case '服务项目': return '医疗服务项目';
        case '耗材': return '医用耗材';
        case '饮片': return '中药饮片';
        default: return undefined;
    }
}

/** 代码集表达式中的编码字面量（"E11.900"、"XJ01"*、区间端点）。 */
export function literalCodesOf(expression: Expression): Array<{ value: string; prefix: boolean; node: AstNode }> {
    const result: Array<{ value: string; prefix: boolean; node: AstNode }> = [];
    const visit = (expr: Expression | undefined, prefix: boolean) => {
        if (!expr) return;
        if (isTextLiteral(expr) && expr.text && expr.text.$type === 'TemplateText' && expr.text.parts.length === 1) {
            result.push({ value: expr.text.parts[0], prefix, node: expr });
        } else if (isTextLiteral(expr) && expr.text?.$type === 'RawText') {
            result.push({ value: expr.text.value, prefix, node: expr });
        } else if (isSetLiteral(expr)) {
            for (const element of expr.elements) {
                visit(element.value, element.prefix);
                visit(element.upper, false);
            }
        } else if (isBinary(expr) && (expr.operator === '+' || expr.operator === '-')) {
            visit(expr.left, false);
            visit(expr.right, false);
        }
    };
    visit(expression, false);
    return result;
}

export function isInBuiltinDocument(node: AstNode): boolean {
    return AstUtils.getDocument(node).uri.scheme === 'zhishen-builtin';
}
