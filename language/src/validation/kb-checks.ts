/**
 * 知识库感知的校验：编码字面量是否在目录中（警告，附最近的编码）、编码种类是否对得上、知识点表与目录名是否存在。
 * 没有加载知识库时全部跳过（语言照常可用）。
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import type { KnowledgeClause, NameRef, TextLiteral, UseTemplateClause } from '../generated/ast.js';
import { isTemplateText, isTextLiteral } from '../generated/ast.js';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import type { CatalogueKind } from '../kb/types.js';
import { CATALOGUE_KINDS } from '../kb/types.js';
import type { TypeSystem } from '../typing/type-system.js';
import type { CodeKind } from '../typing/types.js';
import { codeKindsCompatible } from '../typing/types.js';
import { catalogueKindsFor, codeSlotOf } from '../typing/code-slot.js';
import { closestNames, suggestionText } from '../util/suggest.js';
import { report } from './report.js';

export class KbChecks {
    constructor(private readonly types: TypeSystem, private readonly kbProvider: KnowledgeBaseProvider) {}

    checkTextLiteral(literal: TextLiteral, accept: ValidationAcceptor): void {
        const kb = this.kbProvider.current;
        if (!kb) return;
        const value = literalValue(literal);
        if (value === undefined || value.length === 0) return;
        const slot = codeSlotOf(this.types, literal);
        // 区间的上端只是边界，不必是真实编码；推断不出种类时不核对
        if (!slot || slot.upper || !slot.kind) return;
        const context = { ...slot, kind: slot.kind };
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

function catalogueLabel(kind: CodeKind): string {
    return kind === '任意' || kind === '目录' ? '' : kind;
}

