/**
 * 悬停（中文）：字段说明（类型、文档、理赔字段名）、参数（默认值、覆盖、生效值）、函数签名与文档、
 * 代码集、令 / 绑定名的类型、规则元数据；字符串里的编码显示目录条目（名称、规格、限定）与所在知识点的限定条件；
 * 知识点表名显示行数与检测逻辑；关键字与聚合函数显示用法。
 */
import type { AstNode, CstNode, GrammarConfig, LangiumDocument, References } from 'langium';
import { CstUtils, GrammarAST } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { isAggregate } from '../generated/ast.js';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import type { TypeSystem } from '../typing/type-system.js';
import type { DescribeContext } from './describe.js';
import { hoverMarkdown } from './describe.js';
import { entryMarkdown, escapeMarkdown, stringRoleOf, tableMarkdown, textValue } from './kb-context.js';
import { AGGREGATE_ALIASES, AGGREGATE_SIGNATURES, KEYWORD_DOCS } from './keywords.js';
import type { ZhishenLspServices } from './zhishen-lsp-module.js';

export class ZhishenHoverProvider implements HoverProvider {
    private readonly references: References;
    private readonly grammarConfig: GrammarConfig;
    private readonly types: TypeSystem;
    private readonly kb: KnowledgeBaseProvider;
    private readonly context: DescribeContext;

    constructor(services: ZhishenLspServices) {
        this.references = services.references.References;
        this.grammarConfig = services.parser.GrammarConfig;
        this.types = services.typing.TypeSystem;
        this.kb = services.kb.KnowledgeBaseProvider;
        this.context = { types: this.types, documentation: services.documentation.DocumentationProvider, project: services.shared.zhishen.Project };
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult?.value?.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        try {
            const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
            if (leaf && (leaf.tokenType?.name === 'TEMPLATE_FULL' || leaf.tokenType?.name === 'RAW_TEXT')) {
                const hover = this.stringHover(leaf);
                if (hover) return hover;
            }
            const cstNode = CstUtils.findDeclarationNodeAtOffset(root, offset, this.grammarConfig.nameRegexp);
            if (!cstNode) return undefined;
            const contents: string[] = [];
            for (const target of this.references.findDeclarations(cstNode)) {
                const content = hoverMarkdown(target, { ...this.context, site: cstNode.astNode });
                if (content) contents.push(content);
            }
            if (contents.length > 0) return markdown(contents.join('\n\n---\n\n'), cstNode);
            if (GrammarAST.isKeyword(cstNode.grammarSource)) return this.keywordHover(cstNode);
        } catch (error) {
            console.error('[zhishen] 悬停出错：', error);
        }
        return undefined;
    }

    private stringHover(leaf: CstNode): Hover | undefined {
        const kb = this.kb.current;
        if (!kb) return undefined;
        let node: AstNode | undefined = leaf.astNode;
        if (node && (node.$type === 'TemplateText' || node.$type === 'RawText') && node.$container) node = node.$container;
        if (!node) return undefined;
        const role = stringRoleOf(this.types, node);
        const value = textValue(node) ?? (role.role === 'table' ? (node as { table?: string }).table : undefined);
        if (value === undefined) return undefined;
        if (role.role === 'table') {
            const table = tableMarkdown(kb, value);
            return markdown(table ?? `知识库中没有知识点表「${escapeMarkdown(value)}」`, leaf);
        }
        const entries = kb.index.get(value);
        if (entries.length > 0) return markdown(entryMarkdown(kb, entries, { knowledgePoints: 5 }), leaf);
        if (role.role === 'code' && role.prefix) {
            const family = kb.index.byPrefix(value, { limit: 6 });
            if (family.length === 0) return markdown(`没有以 \`${escapeMarkdown(value)}\` 开头的编码`, leaf);
            const lines = [`**编码族** \`${escapeMarkdown(value)}*\``, '', ...family.slice(0, 5).map(e => `- \`${e.code}\` ${escapeMarkdown(e.name)}（${e.kind}）`)];
            if (family.length > 5) lines.push('- …');
            return markdown(lines.join('\n'), leaf);
        }
        if (role.role === 'code') return markdown(`编码 \`${escapeMarkdown(value)}\` 不在已加载的知识库「${escapeMarkdown(kb.name)}」中`, leaf);
        return undefined;
    }

    private keywordHover(cstNode: CstNode): Hover | undefined {
        const keyword = cstNode.text;
        const container = cstNode.astNode;
        if (isAggregate(container)) {
            const name = AGGREGATE_ALIASES[keyword] ?? keyword;
            const signatures = AGGREGATE_SIGNATURES[name];
            if (signatures) {
                return markdown(signatures.map(s => '```zhishen\n' + s.label + '\n```\n' + s.doc).join('\n\n'), cstNode);
            }
        }
        const doc = KEYWORD_DOCS[keyword];
        return doc ? markdown(`**${keyword}**　${escapeMarkdown(doc)}`, cstNode) : undefined;
    }
}

function markdown(value: string, node: CstNode): Hover {
    return { contents: { kind: 'markdown', value }, range: node.range };
}
