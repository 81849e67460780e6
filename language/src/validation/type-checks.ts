/**
 * 类型与单位：表达式本身的问题（来自类型推导），以及子句对表达式类型的要求。
 */
import type { ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type {
    AmountClause, BasisClause, DateLiteral, Expectation, Expression, ForEachClause, InvolvedClause, MessageClause, OnlyIfClause, Parameter,
    NumberLiteral, ViolationClause, WhenClause
} from '../generated/ast.js';
import { dates, encodeQuantity } from '@zhishen/runtime';
import { isEnumMember, isNameRef, isParameter, isTemplateText } from '../generated/ast.js';
import type { TypeSystem } from '../typing/type-system.js';
import { recordOf } from '../typing/type-system.js';
import type { ZsType } from '../typing/types.js';
import { comparable, elementType, isUnknown, typeName } from '../typing/types.js';
import type { MessageCode } from '../messages/catalog.js';
import { isMessageCode } from '../messages/catalog.js';
import { report } from './report.js';

/** 能作为违规对象与涉及对象的记录种类（contract/records.ts）：明细、就诊、诊断、手术；违规对象还可以是明细列表。 */
const VIOLATION_RECORDS: readonly string[] = ['line', 'encounter', 'diagnosis', 'operation'];

export class TypeChecks {
    constructor(private readonly types: TypeSystem) {}

    checkExpression(node: Expression, accept: ValidationAcceptor): void {
        const { problem } = this.types.analyze(node);
        if (!problem || !isMessageCode(problem.code)) return;
        report(accept, problem.code as MessageCode, problem.args, { node: problem.node ?? node });
    }

    /** 数字字面量要能精确编码（问题 17-3：超出范围的曾编译成 0，`> 10000000000元` 对 1000 元的明细成立）。 */
    checkNumberLiteral(literal: NumberLiteral, accept: ValidationAcceptor): void {
        if (!literal.value) return;
        const encoded = encodeQuantity(literal.value, literal.unit);
        if ('value' in encoded) return;
        const text = literal.value.length > 40 ? literal.value.slice(0, 40) + '…' : literal.value;
        report(accept, encoded.problem === 'range' ? 'ZS0328' : 'ZS0329', { text: text + (literal.unit ?? ''), limit: encoded.limit }, { node: literal });
    }

    /** 日期字面量要是存在的日期（问题 17-5：2024-02-30 曾通过检查、让构建与语言服务的求值请求内部错误）。 */
    checkDateLiteral(literal: DateLiteral, accept: ValidationAcceptor): void {
        if (literal.value && !dates.parseDateTime(literal.value)) report(accept, 'ZS0330', { text: literal.value }, { node: literal });
    }

    private expectBoolean(expression: Expression | undefined, accept: ValidationAcceptor): void {
        if (!expression) return;
        const type = this.types.typeOf(expression);
        if (!isUnknown(type) && type.kind !== 'boolean') report(accept, 'ZS0305', { type: typeName(type) }, { node: expression });
    }

    checkWhen(clause: WhenClause, accept: ValidationAcceptor): void {
        this.expectBoolean(clause.condition, accept);
    }

    checkOnlyIf(clause: OnlyIfClause, accept: ValidationAcceptor): void {
        this.expectBoolean(clause.condition, accept);
    }

    checkViolation(clause: ViolationClause, accept: ValidationAcceptor): void {
        if (!clause.target) return;
        const type = this.types.typeOf(clause.target);
        if (isUnknown(type)) return;
        const kind = recordOf(type)?.kind;
        const ok = (type.kind === 'record' && (VIOLATION_RECORDS.includes(kind ?? '') || kind === 'cohort')) || (type.kind === 'list' && kind === 'line');
        if (!ok) report(accept, 'ZS0312', { type: typeName(type) }, { node: clause.target });
    }

    checkInvolved(clause: InvolvedClause, accept: ValidationAcceptor): void {
        for (const target of clause.targets) {
            const type = this.types.typeOf(target);
            if (isUnknown(type)) continue;
            if (!VIOLATION_RECORDS.includes(recordOf(type)?.kind ?? '')) {
                report(accept, 'ZS0327', { type: typeName(type) }, { node: target });
            }
        }
    }

    checkAmount(clause: AmountClause, accept: ValidationAcceptor): void {
        if (!clause.amount) return;
        const type = this.types.typeOf(clause.amount);
        if (!isUnknown(type) && type.kind !== 'money') report(accept, 'ZS0313', { type: typeName(type) }, { node: clause.amount });
    }

    checkBasis(clause: BasisClause, accept: ValidationAcceptor): void {
        if (!clause.text) return;
        const type = this.types.typeOf(clause.text);
        if (!isUnknown(type) && type.kind !== 'text') report(accept, 'ZS0314', { type: typeName(type) }, { node: clause.text });
    }

    checkMessage(clause: MessageClause, accept: ValidationAcceptor): void {
        if (!isTemplateText(clause.message)) return;
        for (const expression of clause.message.expressions) {
            const type = this.types.typeOf(expression);
            if (type.kind === 'record' || type.kind === 'function') {
                report(accept, 'ZS0323', { type: typeName(type) }, { node: expression });
            }
        }
    }

    checkParameter(param: Parameter, accept: ValidationAcceptor): void {
        if (!param.value) return;
        for (const node of AstUtils.streamAst(param.value)) {
            if (isNameRef(node)) {
                const target = node.ref?.ref;
                if (target && !isEnumMember(target) && !(isParameter(target) && target !== param) && target.$type !== 'CodeSet' && target.$type !== 'FunctionDecl') {
                    report(accept, 'ZS0315', { name: param.name }, { node: param, property: 'value' });
                    return;
                }
            }
        }
        if (param.type) {
            const declared = this.types.resolveTypeRef(param.type);
            const actual = this.types.typeOf(param.value);
            if (!compatibleDeclaration(declared, actual)) {
                report(accept, 'ZS0322', { name: param.name, declared: typeName(declared), actual: typeName(actual) }, { node: param, property: 'value' });
            }
        }
    }

    checkForEach(clause: ForEachClause, accept: ValidationAcceptor): void {
        if (clause.source) {
            const source = this.types.typeOf(clause.source);
            if (!isUnknown(source) && !elementType(source)) {
                report(accept, 'ZS0306', { type: typeName(source), what: clause.kind }, { node: clause.source });
            }
        }
        if (clause.codes) {
            const codes = this.types.typeOf(clause.codes);
            if (!isUnknown(codes) && !elementType(codes)) {
                report(accept, 'ZS0306', { type: typeName(codes), what: '属于' }, { node: clause.codes });
            } else if (clause.source) {
                const element = elementType(this.types.typeOf(clause.source));
                const record = element && recordOf(element);
                const codeField = record?.fields.find(f => f.name === '编码');
                const codeElement = elementType(codes);
                if (record && !codeField) {
                    report(accept, 'ZS0309', { type: record.name }, { node: clause.codes });
                } else if (codeField && codeElement && !comparable(this.types.resolveTypeRef(codeField.type), codeElement)) {
                    report(accept, 'ZS0304', { leftKind: typeName(this.types.resolveTypeRef(codeField.type)), rightKind: typeName(codeElement) }, { node: clause.codes });
                }
            }
        }
        this.expectBoolean(clause.where, accept);
    }

    checkExpectation(expectation: Expectation, accept: ValidationAcceptor): void {
        if (!expectation.amount) return;
        const type = this.types.typeOf(expectation.amount);
        if (!isUnknown(type) && type.kind !== 'money') report(accept, 'ZS0313', { type: typeName(type) }, { node: expectation.amount });
    }
}

function compatibleDeclaration(declared: ZsType, actual: ZsType): boolean {
    if (isUnknown(declared) || isUnknown(actual)) return true;
    if (declared.kind === 'set' && actual.kind === 'set') return isUnknown(actual.element) || comparable(declared.element, actual.element);
    return comparable(declared, actual) && (declared.kind === actual.kind || (declared.kind === 'quantity' && actual.kind === 'number') || (declared.kind === 'code' && actual.kind === 'text'));
}
