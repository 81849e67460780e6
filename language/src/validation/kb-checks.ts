/**
 * 知识库感知的校验：编码字面量是否在目录中（警告，附最近的编码）、编码种类是否对得上、知识点表与目录名是否存在。
 * 没有加载知识库时全部跳过（语言照常可用）。
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import type { Expression, KnowledgeClause, NameRef, TextLiteral, UseTemplateClause } from '../generated/ast.js';
import {
    isBinary, isCodeSet, isForEachClause, isParameter, isSetElement, isSetLiteral, isTemplateText, isTextLiteral
} from '../generated/ast.js';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import type { CatalogueKind } from '../kb/types.js';
import { CATALOGUE_KINDS } from '../kb/types.js';
import type { TypeSystem } from '../typing/type-system.js';
import { recordOf } from '../typing/type-system.js';
import type { CodeKind } from '../typing/types.js';
import { codeKindsCompatible, elementType } from '../typing/types.js';
import { canonicalOperator } from '../typing/operators.js';
import { closestNames, suggestionText } from '../util/suggest.js';
import { report } from './report.js';

export class KbChecks {
    constructor(private readonly types: TypeSystem, private readonly kbProvider: KnowledgeBaseProvider) {}

    checkTextLiteral(literal: TextLiteral, accept: ValidationAcceptor): void {
        const kb = this.kbProvider.current;
        if (!kb) return;
        const value = literalValue(literal);
        if (value === undefined || value.length === 0) return;
        const context = this.codeContext(literal);
        if (!context) return;
        const kinds = catalogueKindsFor(context.kind);
        if (context.prefix) {
            if (kb.index.byPrefix(value, { limit: 1, kinds }).length === 0 && kb.index.byPrefix(value, { limit: 1 }).length === 0) {
                report(accept, 'ZS0401', { code: `${value}*`, catalogue: catalogueLabel(context.kind), suggestion: '没有以它开头的编码；检查前缀是否写错' }, { node: literal });
            }
            return;
        }
        const entries = kb.index.get(value);
        if (entries.length === 0) {
            const nearest = kb.index.nearest(value, { limit: 3, kinds }).map(e => e.code);
            const names = nearest.map(code => `${code}（${kb.index.get(code)[0]?.name ?? ''}）`);
            report(accept, 'ZS0401', {
                code: value,
                catalogue: catalogueLabel(context.kind),
                suggestion: nearest.length > 0 ? `最接近的编码：${names.join('、')}` : '确认编码是否抄错；医院本地编码不会出现在国家目录中，可忽略此警告'
            }, { node: literal, replacements: nearest.map(code => JSON.stringify(code)) });
            return;
        }
        if (context.kind !== '任意' && !entries.some(e => codeKindsCompatible(e.kind as CodeKind, context.kind))) {
            report(accept, 'ZS0405', { code: value, actual: `${entries[0].kind}编码`, expected: `${context.kind}编码` }, { node: literal });
        }
    }

    /** 字面量是否处在“编码”位置；是则给出期望的编码种类。 */
    private codeContext(literal: TextLiteral): { kind: CodeKind; prefix: boolean } | undefined {
        let prefix = false;
        let node: AstNode = literal;
        let parent = literal.$container as AstNode | undefined;
        if (parent && isSetElement(parent)) {
            // 区间的上端只是边界，不必是真实编码
            if (parent.upper === literal) return undefined;
            // 编码族（"XJ01"*）与区间下端（"N40" 至 …）按前缀核对
            prefix = (parent.prefix && parent.value === literal) || parent.upper !== undefined;
            node = parent.$container as AstNode;
            parent = node?.$container;
        } else if (parent && isBinary(parent)) {
            const op = canonicalOperator(parent.operator);
            if (op !== '=' && op !== '!=') return undefined;
            const other = parent.left === literal ? parent.right : parent.left;
            const kind = this.codeKindOf(other);
            return kind ? { kind, prefix: false } : undefined;
        } else {
            return undefined;
        }
        // node 现在是 SetLiteral；向上越过代码集运算（+ / -）
        while (parent && isBinary(parent) && (parent.operator === '+' || parent.operator === '-')) {
            node = parent;
            parent = parent.$container;
        }
        if (!parent || !isSetLiteral(node) && !isBinary(node)) return undefined;
        if (isCodeSet(parent)) {
            const type = this.types.typeOfCodeSet(parent);
            const element = elementType(type);
            return { kind: element?.kind === 'code' ? element.codeKind : '任意', prefix };
        }
        if (isBinary(parent)) {
            const op = canonicalOperator(parent.operator);
            if ((op === 'in' || op === 'not_in') && parent.right === node) {
                const kind = this.codeKindOf(parent.left);
                return kind ? { kind, prefix } : undefined;
            }
            return undefined;
        }
        if (isForEachClause(parent) && parent.codes === node && parent.source) {
            const element = elementType(this.types.typeOf(parent.source));
            const record = element && recordOf(element);
            const field = record?.fields.find(f => f.name === '编码');
            const fieldType = field && this.types.resolveTypeRef(field.type);
            return fieldType?.kind === 'code' ? { kind: fieldType.codeKind, prefix } : { kind: '任意', prefix };
        }
        if (isParameter(parent) && parent.type) {
            const declared = this.types.resolveTypeRef(parent.type);
            const element = elementType(declared);
            if (element?.kind === 'code') return { kind: element.codeKind, prefix };
        }
        return undefined;
    }

    private codeKindOf(expression: Expression | undefined): CodeKind | undefined {
        if (!expression) return undefined;
        const type = this.types.typeOf(expression);
        const subject = elementType(type) ?? type;
        return subject.kind === 'code' ? subject.codeKind : undefined;
    }

    checkKnowledgeClause(clause: KnowledgeClause, accept: ValidationAcceptor): void {
        if (clause.table) this.checkTable(clause.table, clause, 'table', accept);
    }

    checkUseTemplate(clause: UseTemplateClause, accept: ValidationAcceptor): void {
        if (clause.table) this.checkTable(clause.table, clause, 'table', accept);
    }

    checkCall(call: NameRef, accept: ValidationAcceptor): void {
        const kb = this.kbProvider.current;
        if (!kb || !call.call) return;
        const name = call.ref?.ref?.name;
        const first = call.args[0];
        const value = first && isTextLiteral(first) ? literalValue(first) : undefined;
        if (value === undefined) return;
        if (name === '知识点表') this.checkTable(value, first, undefined, accept);
        if (name === '目录' && !CATALOGUE_KINDS.includes(value as CatalogueKind)) {
            report(accept, 'ZS0404', { name: value }, { node: first });
        }
        if (name === '知识库代码集' && !kb.codeSets.has(value)) {
            const candidates = closestNames(value, kb.codeSets.keys(), 3);
            report(accept, 'ZS0407', { name: value, suggestion: suggestionText(candidates, kb.codeSets.size > 0 ? `知识库中的代码集：${[...kb.codeSets.keys()].join('、')}` : '知识库中没有代码集（code-sets/ 目录）') }, { node: first });
        }
    }

    private checkTable(rawTable: string, node: AstNode, property: string | undefined, accept: ValidationAcceptor): void {
        const kb = this.kbProvider.current;
        const table = rawTable.trim();
        if (!kb || kb.kpTables.has(table)) return;
        const candidates = closestNames(table, kb.kpTables.keys(), 3);
        report(accept, 'ZS0402', { name: table, suggestion: suggestionText(candidates, `知识库中的知识点表：${[...kb.kpTables.keys()].slice(0, 8).join('、')}…`) },
            { node, property, replacements: candidates.map(c => JSON.stringify(c)) });
    }
}

export function literalValue(literal: TextLiteral): string | undefined {
    const text = literal.text;
    if (!text) return undefined;
    if (isTemplateText(text)) return text.parts.length === 1 ? text.parts[0] : undefined;
    return text.value;
}

function catalogueKindsFor(kind: CodeKind): CatalogueKind[] | undefined {
    switch (kind) {
        case '目录': return ['药品', '中药饮片', '医疗服务项目', '医用耗材'];
        case '任意': return undefined;
        default: return [kind];
    }
}

function catalogueLabel(kind: CodeKind): string {
    return kind === '任意' || kind === '目录' ? '' : kind;
}

