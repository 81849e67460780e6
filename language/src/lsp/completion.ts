/**
 * 补全（全部中文）：
 *   - 字符串里：编码位置补知识库编码（按编码前缀、中文名称、拼音首字母；插入编码，标签为 编码 + 名称，
 *     文档为目录条目与限定条件）；`来自 "` / `于 "` / `知识点表("` 补知识点表名；`目录("` 补目录名。
 *     只看当前行判断是否在字符串里，半截输入（引号未闭合）也能补，不走语法补全，快。
 *   - `.` 之后：接收者类型的字段（TypeSystem.fieldsOf），带类型与文档。
 *   - 其他位置：语法允许的中文关键字（去掉英文别名与标点）、名称（参数、代码集、函数带签名、全局、枚举值、
 *     令 / 对每 / 知识点绑定名，以及 其中 / 聚合 / 按 里可直接写的元素字段）、规则 / 模板，和规则形状的代码片段。
 */
import type { AstNode, AstNodeDescription, LangiumDocument, MaybePromise, ReferenceInfo, Stream, TextDocument } from 'langium';
import { AstUtils, CstUtils, DocumentState, GrammarAST, GrammarUtils, stream } from 'langium';
import type { CompletionAcceptor, CompletionContext, CompletionProviderOptions, NextFeature } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import type { CancellationToken, CompletionItem, CompletionParams, Position } from 'vscode-languageserver';
import { CompletionItemKind, CompletionItemTag, CompletionList, InsertTextFormat } from 'vscode-languageserver';
import type { Expression, FieldDecl } from '../generated/ast.js';
import {
    isAggregate, isExpression, isFilter, isForEachClause, isFunctionDecl, isNameRef, isRule, isSetLiteral, isTemplate
} from '../generated/ast.js';
import type { CatalogueEntry } from '../kb/types.js';
import { CATALOGUE_KINDS } from '../kb/types.js';
import { codeUsageWeight } from '../kb/usage.js';
import type { KnowledgeBaseProvider } from '../kb/provider.js';
import type { TypeSystem } from '../typing/type-system.js';
import type { CodeKind, ZsType } from '../typing/types.js';
import { CODE_KINDS, elementType } from '../typing/types.js';
import { completionKind, descriptionNode, documentationOf, functionSignature, hoverMarkdown, shortDetail, typeRefText } from './describe.js';
import type { DescribeContext } from './describe.js';
import type { OpenString, StringRole } from './kb-context.js';
import { catalogueKindsFor, collectionSlotOf } from '../typing/code-slot.js';
import { entryMarkdown, openStringAt, stringNodeAt, stringRoleOf, tableMarkdown } from './kb-context.js';
import { AGGREGATE_SIGNATURES, KEYWORD_DOCS, SNIPPETS } from './keywords.js';
import type { ZhishenLspServices } from './zhishen-lsp-module.js';

/** 编码补全最多给几条（列表标记为不完整：继续输入时重新查询） */
export const CODE_COMPLETION_LIMIT = 60;

const CLOSING: Record<OpenString['quote'], string> = { '"': '"', '“': '”', '「': '」' };

export class ZhishenCompletionProvider extends DefaultCompletionProvider {
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.', '"', '“', '「'] };
    private readonly types: TypeSystem;
    private readonly kb: KnowledgeBaseProvider;
    private readonly describeContext: DescribeContext;
    private readonly descriptions: ZhishenLspServices['workspace']['AstNodeDescriptionProvider'];
    /** 客户端自带代码片段（VS Code 扩展的 snippets）时不再给片段，免得重复 */
    private snippets = true;

    constructor(services: ZhishenLspServices) {
        super(services);
        services.shared.lsp.LanguageServer.onInitialize(params => {
            const options = params.initializationOptions as { clientSnippets?: boolean } | undefined;
            this.snippets = !options?.clientSnippets;
        });
        this.descriptions = services.workspace.AstNodeDescriptionProvider;
        this.types = services.typing.TypeSystem;
        this.kb = services.kb.KnowledgeBaseProvider;
        this.describeContext = { types: this.types, documentation: services.documentation.DocumentationProvider, project: services.shared.zhishen.Project };
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        try {
            const open = openStringAt(text, offset);
            if (open) return this.stringCompletion(document.textDocument, document, text, offset, open);
            const members = this.memberCompletion(document, text, offset);
            if (members) return members;
        } catch (error) {
            // 半截输入：退回语法补全
            console.error('[zhishen] 补全出错：', error);
        }
        let list: CompletionList | undefined;
        try {
            list = await super.getCompletion(document, params, cancelToken);
        } catch (error) {
            console.error('[zhishen] 补全出错：', error);
            list = CompletionList.create([], false);
        }
        if (!list) return list;
        this.addSnippets(document, text, offset, list);
        return list;
    }

    // ───────────── 字符串：编码、知识点表、目录 ─────────────

    /**
     * 不等文档重建的补全：光标在字符串里时只靠当前文本（与最近一次构建的语法树，若它还是最新的）。
     * 大文件里每次编辑的重建要几百毫秒，编码补全不必等它。不在字符串里时返回 undefined（走正常补全）。
     */
    quickCompletion(textDocument: TextDocument, document: LangiumDocument | undefined, position: Position): CompletionList | undefined {
        const text = textDocument.getText();
        const offset = textDocument.offsetAt(position);
        const open = openStringAt(text, offset);
        if (!open) return undefined;
        // 最近一次构建的语法树（可能比文本旧：roleAt 只在光标之前的文本没变的部分用它）
        const current = document && document.state >= DocumentState.Linked ? document : undefined;
        try {
            return this.stringCompletion(textDocument, current, text, offset, open);
        } catch (error) {
            console.error('[zhishen] 补全出错：', error);
            return undefined;
        }
    }

    stringCompletion(textDocument: TextDocument, document: LangiumDocument | undefined, text: string, offset: number, open: OpenString): CompletionList {
        const role = this.roleAt(document, text, offset, open);
        const range = { start: textDocument.positionAt(open.quoteOffset + 1), end: textDocument.positionAt(offset + open.restLength) };
        const closing = open.closed ? '' : CLOSING[open.quote];
        const query = open.query.trim();
        const kb = this.kb.current;
        const items: CompletionItem[] = [];
        if (role.role === 'table') {
            if (!kb) return CompletionList.create([], false);
            const names = [...kb.kpTables.keys()];
            const matching = query ? names.filter(n => n.includes(query)) : names;
            const rest = query ? names.filter(n => !n.includes(query)) : [];
            [...matching, ...rest].forEach((name, i) => items.push({
                label: name,
                kind: CompletionItemKind.Module,
                detail: `知识点表 · ${kb.kpTables.get(name)!.length} 行`,
                documentation: { kind: 'markdown', value: tableMarkdown(kb, name) ?? '' },
                filterText: `${open.query}${name}`,
                sortText: String(i).padStart(5, '0'),
                textEdit: { range, newText: name + closing }
            }));
            return CompletionList.create(items, false);
        }
        if (role.role === 'catalogue') {
            CATALOGUE_KINDS.forEach((name, i) => items.push({
                label: name,
                kind: CompletionItemKind.Module,
                detail: kb ? `目录 · ${kb.catalogues.get(name)?.length ?? 0} 条` : '目录',
                sortText: String(i).padStart(5, '0'),
                textEdit: { range, newText: name + closing }
            }));
            return CompletionList.create(items, false);
        }
        if (role.role !== 'code' || !kb || query.length === 0) {
            // 空查询：标记为不完整，继续输入时再查
            return CompletionList.create([], role.role === 'code');
        }
        // 与 check 的 ZS0405 同一规则：先给这个位置期望的编码种类；同一档位内知识点常用的编码在前
        const weight = codeUsageWeight(kb);
        const kinds = catalogueKindsFor(role.kind);
        const hits = kb.index.search(query, { limit: CODE_COMPLETION_LIMIT, kinds, weight });
        const seen = new Set<string>();
        const push = (entry: CatalogueEntry, wrongKind: boolean) => {
            if (seen.has(entry.code)) return;
            seen.add(entry.code);
            const entries = kb.index.get(entry.code);
            const spec = [entry.spec, entry.dosform].filter(Boolean).join(' ');
            const detail = `${entry.kind}${spec ? ` · ${spec}` : ''}${entry.restriction ? ` · ${truncate(entry.restriction, 40)}` : ''}`;
            items.push({
                label: `${entry.code} ${entry.name}`,
                kind: CompletionItemKind.Value,
                // 种类不对的排在最后、划掉，并说明（check 会报 ZS0405）
                detail: wrongKind ? `不是${role.kind}编码（${detail}）` : detail,
                ...(wrongKind ? { tags: [CompletionItemTag.Deprecated] } : {}),
                documentation: { kind: 'markdown', value: entryMarkdown(kb, entries.length > 0 ? entries : [entry]) },
                // 服务器端已按查询筛好、排好：filterText 以查询开头，客户端的模糊筛选不会再丢掉它们
                filterText: `${open.query} ${entry.code} ${entry.name}`,
                sortText: (wrongKind ? '9' : '0') + String(items.length).padStart(5, '0'),
                preselect: items.length === 0 && !wrongKind,
                textEdit: { range, newText: entry.code + closing }
            });
        };
        for (const hit of hits) push(hit.entry, false);
        if (kinds && seen.size < CODE_COMPLETION_LIMIT) {
            // 期望的种类里命中不多：其他种类的命中也列出（排最后、标明），免得以为知识库里没有
            const allowed = new Set<string>(kinds);
            for (const hit of kb.index.search(query, { limit: CODE_COMPLETION_LIMIT - seen.size, weight })) {
                if (!allowed.has(hit.entry.kind)) push(hit.entry, true);
            }
        }
        return CompletionList.create(items, true);
    }

    /**
     * 字符串的用途与期望的编码种类。document 可能是最近一次构建（比编辑器里的文本旧：补全不等重建）——
     * 只要引号（或外层花括号）之前的文本没变，旧语法树里同一位置的节点就是同一个，照样按它判断（与 check 的 ZS0405 同一规则：
     * typing/code-slot.ts）；都不行时才按当前行的文字猜。
     */
    roleAt(document: LangiumDocument | undefined, text: string, offset: number, open: OpenString): StringRole {
        const parsed = document?.parseResult.value.$cstNode?.root.fullText;
        const unchangedUpTo = (end: number) => parsed !== undefined && end <= parsed.length && parsed.startsWith(text.slice(0, end));
        if (document && unchangedUpTo(open.quoteOffset + 1)) {
            const found = stringNodeAt(document, open.quoteOffset + 1);
            if (found && found.leaf.offset === open.quoteOffset) {
                try {
                    return stringRoleOf(this.types, found.node);
                } catch {
                    // 类型推导失败：按文本判断
                }
            }
        }
        const lineStart = text.lastIndexOf('\n', open.quoteOffset - 1) + 1;
        const before = text.slice(lineStart, open.quoteOffset);
        if (/(?:来自|于|from|on)\s*$/.test(before)) return { role: 'table' };
        if (/知识点表\s*[(（]\s*$/.test(before)) return { role: 'table' };
        if (/目录\s*[(（]\s*$/.test(before)) return { role: 'catalogue' };
        if (/(?:^|\s)(?:提示|message|说明|note|测试|test|依据|basis|分类|category|文件|file|违规项|涉及项|violating|related)(?:\s|$)/.test(before)) return { role: 'text' };
        if (/^\s*(?:规则|rule|模板|template)\s+\S+\s*$/.test(before)) return { role: 'text' };
        // 在集合 { … } 里：外层花括号在旧语法树里还在原处时，按它所在的集合判断
        const brace = enclosingBrace(text, open.quoteOffset);
        if (brace !== undefined) {
            if (document && unchangedUpTo(brace + 1)) {
                const kind = this.collectionKindAt(document, brace);
                if (kind) return { role: 'code', kind, prefix: false };
            }
            const declared = declaredCodeSetKind(text.slice(text.lastIndexOf('\n', brace - 1) + 1, brace));
            if (declared) return { role: 'code', kind: declared, prefix: false };
        }
        return { role: 'code', kind: '任意', prefix: false };
    }

    /** 语法树里从 braceOffset 开始的集合字面量期望的编码种类。 */
    private collectionKindAt(document: LangiumDocument, braceOffset: number): CodeKind | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, braceOffset);
        if (!leaf || leaf.offset !== braceOffset || leaf.text !== '{') return undefined;
        let node: AstNode | undefined = leaf.astNode;
        while (node && node.$cstNode?.offset === braceOffset && !isSetLiteral(node)) node = node.$container;
        if (!node || !isSetLiteral(node)) return undefined;
        try {
            return collectionSlotOf(this.types, node)?.kind ?? '任意';
        } catch {
            return undefined;
        }
    }

    // ───────────── 字段：接收者 . ─────────────

    memberCompletion(document: LangiumDocument, text: string, offset: number): CompletionList | undefined {
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        const match = /\.([_\p{L}\p{N}]*)$/u.exec(text.slice(lineStart, offset));
        if (!match) return undefined;
        const dotOffset = offset - match[1].length - 1;
        if (/\d/.test(text[dotOffset - 1] ?? '') && /^\d*$/.test(match[1])) return undefined; // 小数
        const root = document.parseResult.value.$cstNode;
        if (!root || dotOffset === 0) return CompletionList.create([], false);
        const leaf = CstUtils.findLeafNodeBeforeOffset(root, dotOffset - 1);
        if (!leaf || leaf.end !== dotOffset) return CompletionList.create([], false);
        let receiver: AstNode | undefined = leaf.astNode;
        // TemplateText / RawText → TextLiteral 等：找到以点为终点的最外层表达式
        while (receiver && !isExpression(receiver) && receiver.$container && receiver.$cstNode?.end === dotOffset) receiver = receiver.$container;
        if (!receiver || !isExpression(receiver)) return CompletionList.create([], false);
        while (receiver.$container && isExpression(receiver.$container) && (receiver.$container.$cstNode?.end ?? Infinity) <= dotOffset) {
            receiver = receiver.$container;
        }
        let fields: FieldDecl[] = [];
        let receiverType: ZsType | undefined;
        try {
            receiverType = this.types.typeOf(receiver as Expression);
            fields = this.types.fieldsOf(receiverType);
        } catch {
            fields = [];
        }
        const textDocument = document.textDocument;
        let end = offset;
        while (end < text.length && /[_\p{L}\p{N}]/u.test(text[end])) end++;
        const range = { start: textDocument.positionAt(dotOffset + 1), end: textDocument.positionAt(end) };
        const items: CompletionItem[] = fields.map((field, i) => ({
            label: field.name,
            kind: CompletionItemKind.Field,
            detail: `${typeRefText(field.type)} · ${field.$container.name}`,
            documentation: { kind: 'markdown', value: hoverMarkdown(field, this.describeContext) ?? '' },
            sortText: String(i).padStart(4, '0'),
            filterText: field.name,
            textEdit: { range, newText: field.name }
        }));
        return CompletionList.create(items, false);
    }

    // ───────────── 关键字、名称 ─────────────

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        // `知识点 k 来自 ▮` / `套用 T 于 ▮`：补带引号的知识点表名
        if (GrammarAST.isRuleCall(next.feature) && next.feature.rule.ref?.name === 'PlainText') {
            const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
            if (assignment?.feature === 'table') this.tableNameItems(context, acceptor);
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    private tableNameItems(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const kb = this.kb.current;
        if (!kb) return;
        let i = 0;
        for (const [name, rows] of kb.kpTables) {
            acceptor(context, {
                label: `"${name}"`,
                kind: CompletionItemKind.Module,
                detail: `知识点表 · ${rows.length} 行`,
                documentation: { kind: 'markdown', value: tableMarkdown(kb, name) ?? '' },
                sortText: '0' + String(i++).padStart(5, '0')
            });
        }
    }

    protected override filterKeyword(_context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        // 只给中文关键字：英文别名与标点不进列表
        return /[\u3400-\u9fff]/.test(keyword.value);
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.filterKeyword(context, keyword)) return;
        const aggregate = AGGREGATE_SIGNATURES[keyword.value];
        if (aggregate) {
            // 聚合：插入带括号的调用，detail 为签名
            acceptor(context, {
                label: keyword.value,
                kind: CompletionItemKind.Function,
                detail: aggregate.map(s => s.label).join(' / '),
                documentation: aggregate.map(s => s.doc).join('\n'),
                insertText: `${keyword.value}(\${1:集合}\${2})`,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: '3' + keyword.value
            });
            return;
        }
        acceptor(context, {
            label: keyword.value,
            kind: CompletionItemKind.Keyword,
            detail: KEYWORD_DOCS[keyword.value] ?? '关键字',
            sortText: '2' + keyword.value
        });
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const base = super.getReferenceCandidates(refInfo, context);
        if (refInfo.container.$type !== 'NameRef' || !context.node) return base;
        // 合成的引用节点不在 其中 / 聚合 / 按 的条件位置上：元素字段由这里按光标位置补上
        const extra = this.implicitFieldsAt(context.node, context.offset);
        if (extra.length === 0) return base;
        const names = new Set<string>();
        const fields = extra.map(field => this.descriptions.createDescription(field, field.name));
        for (const f of fields) names.add(f.name);
        return stream(fields).concat(base.filter(d => !names.has(d.name)));
    }

    /** 光标所在的“元素作用域”（其中 / 聚合第二个参数 / 对每 的 按、其中）的元素字段。 */
    implicitFieldsAt(node: AstNode, offset: number): FieldDecl[] {
        const result: FieldDecl[] = [];
        const seen = new Set<string>();
        const add = (type: ZsType | undefined) => {
            const element = type && (elementType(type) ?? undefined);
            if (!element) return;
            for (const field of this.types.fieldsOf(element)) {
                if (!seen.has(field.name)) {
                    seen.add(field.name);
                    result.push(field);
                }
            }
        };
        let current: AstNode | undefined = node;
        while (current) {
            try {
                if (isFilter(current) && current.source?.$cstNode && current.source.$cstNode.end < offset) {
                    add(this.types.typeOf(current.source));
                } else if (isAggregate(current) && current.args[0]?.$cstNode && current.args[0].$cstNode.end < offset) {
                    add(this.types.typeOf(current.args[0]));
                } else if (isForEachClause(current) && current.source && current.$cstNode) {
                    const cst = current.$cstNode;
                    const keywords = ['按', 'by', '其中', 'where'].map(k => GrammarUtils.findNodeForKeyword(cst, k)).filter(k => k !== undefined);
                    if (keywords.some(k => k.end <= offset)) add(this.types.typeOf(current.source));
                }
            } catch {
                // 忽略推导失败
            }
            if (isRule(current) || isTemplate(current)) break;
            current = current.$container;
        }
        return result;
    }

    protected override createReferenceCompletionItem(nodeDescription: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext) {
        const item = super.createReferenceCompletionItem(nodeDescription, refInfo, context);
        const node = descriptionNode(nodeDescription);
        const kind = completionKind(nodeDescription.type);
        const sortGroup: Record<string, string> = {
            FieldDecl: '0', LetClause: '0', ForEachClause: '0', KnowledgeClause: '0', Parameter: '0', CodeSet: '1',
            GlobalDecl: '1', FunctionDecl: '3', EnumMember: '4', Rule: '1', Template: '1'
        };
        const result = {
            ...item,
            kind,
            detail: node ? shortDetail(node, this.describeContext) : nodeDescription.type,
            documentation: node ? markdown(hoverMarkdown(node, this.describeContext) ?? documentationOf(node, this.describeContext.documentation)) : undefined,
            sortText: (sortGroup[nodeDescription.type] ?? '5') + nodeDescription.name
        };
        // 函数：插入带参数占位的调用（不在已写了括号的调用上重复）
        if (node && isFunctionDecl(node) && !(isNameRef(refInfo.container) && refInfo.container.call)) {
            const params = node.params.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ');
            return { ...result, insertText: `${node.name}(${params})`, insertTextFormat: InsertTextFormat.Snippet, detail: functionSignature(node) };
        }
        return result;
    }

    protected override deduplicateItems(items: CompletionItem[]): CompletionItem[] {
        return stream(items).distinct(item => `${item.label}`).toArray();
    }

    private addSnippets(document: LangiumDocument, text: string, offset: number, list: CompletionList): void {
        if (!this.snippets) return;
        const labels = new Set(list.items.map(i => i.label));
        const where = labels.has('规则') || labels.has('代码集') ? 'top' : labels.has('当') || labels.has('令') ? 'clause' : undefined;
        if (!where) return;
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        const word = /[_\p{L}\p{N}]*$/u.exec(text.slice(lineStart, offset))?.[0] ?? '';
        const start = document.textDocument.positionAt(offset - word.length);
        const range = { start, end: document.textDocument.positionAt(offset) };
        for (const snippet of SNIPPETS) {
            if (snippet.where !== where) continue;
            list.items.push({
                label: snippet.label,
                kind: CompletionItemKind.Snippet,
                detail: snippet.detail,
                documentation: { kind: 'markdown', value: '```zhishen\n' + snippet.body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\}/g, '') + '\n```' },
                insertTextFormat: InsertTextFormat.Snippet,
                filterText: snippet.label.replace(/[（）…]/g, ''),
                sortText: '9' + snippet.label,
                textEdit: { range, newText: snippet.body }
            });
        }
    }
}

/** offset 之前最近的未闭合花括号（只看前 4000 个字符；不区分字符串里的花括号——插值在字符串里成对出现）。 */
function enclosingBrace(text: string, offset: number): number | undefined {
    let depth = 0;
    for (let i = offset - 1; i >= 0 && i >= offset - 4000; i--) {
        const c = text[i];
        if (c === '}') depth++;
        else if (c === '{') {
            if (depth === 0) return i;
            depth--;
        }
    }
    return undefined;
}

/** `代码集 名称: 手术 =`（花括号之前的文字）声明的编码种类。 */
function declaredCodeSetKind(before: string): CodeKind | undefined {
    const match = /(?:代码集|codeset)\s+[^\s:：]+\s*[:：]\s*([^\s=]+)\s*=\s*$/.exec(before);
    const kind = match?.[1];
    return kind && (CODE_KINDS as readonly string[]).includes(kind) ? kind as CodeKind : undefined;
}

function markdown(value: string | undefined) {
    return value ? { kind: 'markdown' as const, value } : undefined;
}

function truncate(text: string, max: number): string {
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
