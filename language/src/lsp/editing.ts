/**
 * 编辑类服务：格式化（与 zhishen fmt 同一个实现）、大纲（文档符号）、CodeLens、名称种类、中文友好的模糊匹配、重命名的限制。
 */
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils, CstUtils, GrammarUtils, URI } from 'langium';
import type { CodeLensProvider, DocumentSymbolProvider, Formatter, FuzzyMatcher, NodeKindProvider } from 'langium/lsp';
import { DefaultRenameProvider, DefaultWorkspaceSymbolProvider } from 'langium/lsp';
import type {
    CodeLens, CodeLensParams, DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, DocumentSymbol,
    DocumentSymbolParams, Range, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit, WorkspaceSymbol
} from 'vscode-languageserver';
import { ResponseError } from 'vscode-languageserver';
import type { AstNodeDescription } from 'langium';
import { pinyin } from 'pinyin-pro';
import type { Document, Rule, Template, TestCase } from '../generated/ast.js';
import {
    isCodeSet, isExpectation, isForEachClause, isKnowledgeClause, isLetClause, isParameter, isRule, isTemplate, isTestCase
} from '../generated/ast.js';
import { formatDocument } from '../formatting/format.js';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { completionKind, kindLabel, sourceText, symbolKind } from './describe.js';
import { ZhishenCommands } from './protocol.js';
import type { ZhishenLspServices } from './zhishen-lsp-module.js';

// ───────────── 格式化 ─────────────

export class ZhishenFormatter implements Formatter {
    formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): TextEdit[] {
        return formatEdits(document);
    }

    formatDocumentRange(document: LangiumDocument, _params: DocumentRangeFormattingParams): TextEdit[] {
        // 格式化按整个文件的结构决定缩进：选区格式化也格式化整个文件
        return formatEdits(document);
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }
}

/** 与 zhishen fmt 相同的结果，化成一处最小替换（保留前后未变的部分，光标不乱跳）。 */
export function formatEdits(document: LangiumDocument): TextEdit[] {
    const result = formatDocument(document as LangiumDocument<Document>);
    if (!result.ok || !result.changed) return [];
    const original = document.textDocument.getText();
    const formatted = result.text;
    let start = 0;
    while (start < original.length && start < formatted.length && original[start] === formatted[start]) start++;
    let endOriginal = original.length;
    let endFormatted = formatted.length;
    while (endOriginal > start && endFormatted > start && original[endOriginal - 1] === formatted[endFormatted - 1]) {
        endOriginal--;
        endFormatted--;
    }
    return [{
        range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(endOriginal) },
        newText: formatted.slice(start, endFormatted)
    }];
}

// ───────────── 大纲 ─────────────

export class ZhishenDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument, _params: DocumentSymbolParams): DocumentSymbol[] {
        const root = document.parseResult.value as Document;
        const symbols: DocumentSymbol[] = [];
        for (const element of root.elements ?? []) {
            const symbol = this.symbolFor(element);
            if (symbol) symbols.push(symbol);
        }
        return symbols;
    }

    private symbolFor(node: AstNode): DocumentSymbol | undefined {
        const cst = node.$cstNode;
        if (!cst) return undefined;
        const range = cst.range;
        const nameNode = GrammarUtils.findNodeForProperty(cst, 'name') ?? cst;
        const selectionRange = nameNode.range;
        if (isRule(node) || isTemplate(node)) {
            if (!node.name) return undefined;
            const children: DocumentSymbol[] = [];
            for (const clause of node.clauses) {
                if ((isParameter(clause) || isLetClause(clause) || isKnowledgeClause(clause) || isForEachClause(clause)) && clause.name && clause.$cstNode) {
                    children.push({
                        name: clause.name,
                        detail: isParameter(clause) ? `参数 = ${sourceText(clause.value, 30)}` : isLetClause(clause) ? '令' : isKnowledgeClause(clause) ? '知识点' : clause.kind,
                        kind: symbolKind(clause.$type),
                        range: clause.$cstNode.range,
                        selectionRange: (GrammarUtils.findNodeForProperty(clause.$cstNode, 'name') ?? clause.$cstNode).range
                    });
                }
            }
            return { name: node.name, detail: `${isRule(node) ? '规则' : '模板'}${node.title ? ` ${node.title}` : ''}`, kind: symbolKind(node.$type), range, selectionRange, children };
        }
        if (isCodeSet(node) && node.name) return { name: node.name, detail: '代码集', kind: symbolKind('CodeSet'), range, selectionRange };
        if (isParameter(node) && node.name) return { name: node.name, detail: `参数 = ${sourceText(node.value, 30)}`, kind: symbolKind('Parameter'), range, selectionRange };
        if (isTestCase(node)) return { name: `测试 ${node.name ?? ''}`, detail: '测试', kind: symbolKind('TestCase'), range, selectionRange };
        const name = (node as { name?: string }).name;
        if (name) return { name, kind: symbolKind(node.$type), range, selectionRange };
        return undefined;
    }
}

// ───────────── CodeLens：▶ 运行测试 · 解释 · 为什么没触发 ─────────────

export class ZhishenCodeLensProvider implements CodeLensProvider {
    constructor(private readonly services: ZhishenLspServices) {}

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
        const root = document.parseResult.value as Document;
        const uri = document.uri.toString();
        const lenses: CodeLens[] = [];
        for (const element of root.elements ?? []) {
            const cst = element.$cstNode;
            if (!cst) continue;
            const range: Range = { start: cst.range.start, end: cst.range.start };
            if (isRule(element) && element.name) {
                const tests = this.testsMentioning(element);
                lenses.push({ range, command: { title: tests > 0 ? `▶ 运行测试（${tests}）` : '▶ 运行测试', command: ZhishenCommands.runTests, arguments: [{ uri, rules: [element.name] }] } });
                lenses.push({ range, command: { title: '解释', command: ZhishenCommands.explain, arguments: [{ uri, rule: element.name }] } });
                lenses.push({ range, command: { title: '为什么没触发', command: ZhishenCommands.whyNot, arguments: [{ uri, rule: element.name }] } });
            } else if (isTestCase(element) && element.name !== undefined) {
                lenses.push({ range, command: { title: '▶ 运行测试', command: ZhishenCommands.runTests, arguments: [{ uri, tests: [{ uri, name: element.name }] }] } });
                lenses.push({ range, command: { title: '解释', command: ZhishenCommands.explain, arguments: [{ uri, test: element.name }] } });
            }
        }
        return lenses;
    }

    private testsMentioning(rule: Rule): number {
        const tests = new Set<string>();
        try {
            for (const reference of this.services.references.References.findReferences(rule, { includeDeclaration: false })) {
                const document = this.services.shared.workspace.LangiumDocuments.getDocument(reference.sourceUri);
                if (!document) continue;
                const leaf = CstUtils.findLeafNodeAtOffset(document.parseResult.value.$cstNode!, document.textDocument.offsetAt(reference.segment.range.start));
                const expectation = leaf && AstUtils.getContainerOfType(leaf.astNode, isExpectation);
                const test = expectation && AstUtils.getContainerOfType(expectation, isTestCase);
                if (test) tests.add(`${reference.sourceUri.toString()}#${test.name}`);
            }
        } catch {
            return 0;
        }
        return tests.size;
    }
}

// ───────────── 名称种类 ─────────────

export class ZhishenNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription) {
        return symbolKind(typeOf(node));
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription) {
        return completionKind(typeOf(node));
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}

// ───────────── 工作区符号：不含内置库 ─────────────

export class ZhishenWorkspaceSymbolProvider extends DefaultWorkspaceSymbolProvider {
    protected override getWorkspaceSymbol(description: AstNodeDescription): WorkspaceSymbol | undefined {
        if (isPreludeUri(description.documentUri)) return undefined;
        const symbol = super.getWorkspaceSymbol(description);
        if (symbol && description.type === 'Parameter' && !/^\/elements@\d+$/.test(description.path)) {
            symbol.containerName = '规则内参数';
        }
        return symbol;
    }
}

// ───────────── 模糊匹配：中文子序列 + 拼音首字母 ─────────────

const initialsCache = new Map<string, string>();

/** 名称的拼音首字母（nl ← 年龄），缓存。 */
export function pinyinInitials(text: string): string {
    let cached = initialsCache.get(text);
    if (cached === undefined) {
        cached = /[\u3400-\u9fff]/.test(text)
            ? (pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase()
            : text.toLowerCase();
        if (initialsCache.size > 20000) initialsCache.clear();
        initialsCache.set(text, cached);
    }
    return cached;
}

export class ZhishenFuzzyMatcher implements FuzzyMatcher {
    match(query: string, text: string): boolean {
        if (query.length === 0) return true;
        if (subsequence(query.toLowerCase(), text.toLowerCase())) return true;
        return /^[a-z]+$/i.test(query) && pinyinInitials(text).startsWith(query.toLowerCase());
    }
}

function subsequence(query: string, text: string): boolean {
    let q = 0;
    for (let i = 0; i < text.length && q < query.length; i++) if (text[i] === query[q]) q++;
    return q === query.length;
}

// ───────────── 重命名：只改规则、模板、参数、代码集与规则内的名称 ─────────────

const NAME = /^[_a-zA-Z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][_a-zA-Z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*$/;
const RENAMEABLE = new Set(['Rule', 'Template', 'Parameter', 'CodeSet', 'LetClause', 'KnowledgeClause', 'ForEachClause']);

export class ZhishenRenameProvider extends DefaultRenameProvider {
    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params);
        if (!target) throw new ResponseError(-32602, '这里没有可以重命名的名称');
        if (!NAME.test(params.newName)) {
            throw new ResponseError(-32602, `「${params.newName}」不是有效的名称：名称以汉字、字母或下划线开头，只含汉字、字母、数字、下划线`);
        }
        return super.rename(document, params);
    }

    override async prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Promise<Range | undefined> {
        const target = this.targetAt(document, params);
        if (!target) {
            const declared = this.declarationAt(document, params);
            if (declared) throw new ResponseError(-32602, `「${this.nameProvider.getName(declared) ?? ''}」是${kindLabel(declared)}，${isPreludeUri(AstUtils.getDocument(declared).uri) ? '来自内置库，' : ''}不能重命名`);
            return undefined;
        }
        return super.prepareRename(document, params);
    }

    /** 光标处名称的声明；内置库的名称与字段不能重命名（返回 undefined）。 */
    private targetAt(document: LangiumDocument, params: TextDocumentPositionParams): AstNode | undefined {
        const target = this.declarationAt(document, params);
        if (!target || !RENAMEABLE.has(target.$type)) return undefined;
        if (isPreludeUri(AstUtils.getDocument(target).uri)) return undefined;
        return this.nameProvider.getName(target) ? target : undefined;
    }

    private declarationAt(document: LangiumDocument, params: TextDocumentPositionParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, offset, this.grammarConfig.nameRegexp);
        return leaf ? this.references.findDeclarations(leaf)[0] : undefined;
    }
}

export function isTest(node: AstNode): node is TestCase {
    return isTestCase(node);
}

export function ownerOf(node: AstNode): Rule | Template | undefined {
    return AstUtils.getContainerOfType(node, (n): n is Rule | Template => isRule(n) || isTemplate(n));
}

export function builtinUri(uri: string): boolean {
    return isPreludeUri(URI.parse(uri));
}
