/**
 * 代码操作（中文）：
 *   - 快速修复：未知名称 / 字段 / 规则 / 模板 / 知识点表 / 编码 → 改为最接近的（诊断 data.replacements）；关键字连写 → 加空格；
 *   - 缺少元数据（级别、环节、分类、依据）→ 补上一行（分类为规则库的二级分类）；不在规则库中的分类（ZS0225）→ 改为最接近的；
 *   - 缺少单位（ZS0303）→ 加上单位；
 *   - 重构：把规则里的字面量（数值、文本、集合）提取为本规则的参数。
 */
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Rule, Template } from '../generated/ast.js';
import {
    isBasisClause, isCategoryClause, isLevelClause, isNumberLiteral, isParameter, isPhaseClause, isRule, isSetLiteral, isTemplate,
    isTextLiteral
} from '../generated/ast.js';
import type { DiagnosticData } from '../validation/report.js';
import { RULE_CATEGORIES } from '../kb/rule-categories.js';

const METADATA_FIX: Record<string, { title: string; line: string }[]> = {
    ZS0201: [
        { title: '补上 级别 明确违规', line: '级别 明确违规' },
        { title: '补上 级别 高度可疑', line: '级别 高度可疑' },
        { title: '补上 级别 轻度可疑', line: '级别 轻度可疑' },
        { title: '补上 级别 提醒', line: '级别 提醒' }
    ],
    ZS0202: [
        { title: '补上 环节 事前, 事中, 事后', line: '环节 事前, 事中, 事后' },
        { title: '补上 环节 事后', line: '环节 事后' }
    ],
    ZS0203: Object.values(RULE_CATEGORIES).flat().map(category => ({ title: `补上 分类 ${category}`, line: `分类 ${category}` })),
    ZS0204: [{ title: '补上 依据', line: '依据 「政策依据原文」' }]
};

export class ZhishenCodeActionProvider implements CodeActionProvider {
    /** published：最近发布给客户端的诊断（没有时只看文档自己的诊断） */
    constructor(private readonly published: (uri: string) => readonly Diagnostic[] = () => []) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): Array<Command | CodeAction> {
        const actions: CodeAction[] = [];
        try {
            for (const diagnostic of params.context.diagnostics) {
                actions.push(...this.quickFixes(document, this.withServerData(document, diagnostic)));
            }
            const extract = this.extractParameter(document, params);
            if (extract) actions.push(extract);
        } catch (error) {
            console.error('[zhishen] 代码操作出错：', error);
        }
        return actions;
    }

    /**
     * 有的客户端（Monaco 自带的 LSP 客户端）送回的诊断只有范围、信息与级别，没有 code / data：
     * 按范围与信息在服务器发布过的诊断里找回原件（快速修复要用 data.replacements、data.hint）。
     */
    private withServerData(document: LangiumDocument, diagnostic: Diagnostic): Diagnostic {
        if (diagnostic.data !== undefined && diagnostic.code !== undefined) return diagnostic;
        const candidates = [...this.published(document.uri.toString()), ...(document.diagnostics ?? [])];
        const sameRange = (d: Diagnostic) => d.range.start.line === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character
            && d.range.end.line === diagnostic.range.end.line && d.range.end.character === diagnostic.range.end.character;
        const original = candidates.find(d => d.message === diagnostic.message && sameRange(d))
            ?? candidates.find(d => d.message === diagnostic.message && d.range.start.line === diagnostic.range.start.line);
        if (!original) return diagnostic;
        return { ...diagnostic, code: diagnostic.code ?? original.code, data: diagnostic.data ?? original.data, range: diagnostic.range };
    }

    private quickFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const data = diagnostic.data as DiagnosticData | undefined;
        const code = data?.code ?? String(diagnostic.code ?? '');
        const uri = document.uri.toString();
        const actions: CodeAction[] = [];
        const replacements = data?.replacements ?? [];
        replacements.forEach((replacement, i) => {
            const shown = replacement.length > 40 ? replacement.slice(0, 39) + '…' : replacement;
            actions.push({
                title: code === 'ZS0004' ? `加空格：「${shown}」` : `改为「${shown}」`,
                kind: CodeActionKind.QuickFix,
                diagnostics: [diagnostic],
                isPreferred: i === 0,
                edit: { changes: { [uri]: [{ range: diagnostic.range, newText: replacement }] } }
            });
        });
        const metadata = METADATA_FIX[code];
        if (metadata) {
            const owner = this.ruleAt(document, diagnostic);
            const insert = owner && metadataInsertion(owner);
            if (insert) {
                metadata.forEach((fix, i) => actions.push({
                    title: fix.title,
                    kind: CodeActionKind.QuickFix,
                    diagnostics: [diagnostic],
                    isPreferred: i === 0,
                    edit: { changes: { [uri]: [{ range: { start: insert.position, end: insert.position }, newText: `${insert.indent}${fix.line}\n` }] } }
                }));
            }
        }
        if (code === 'ZS0303') {
            const example = data?.hint?.match(/例如\s*(\d+(?:\.\d+)?)\s*(元|天|岁|小时)/);
            const text = document.textDocument.getText(diagnostic.range);
            if (example && /^-?\d+(\.\d+)?$/.test(text.trim())) {
                actions.push({
                    title: `加上单位「${example[2]}」`,
                    kind: CodeActionKind.QuickFix,
                    diagnostics: [diagnostic],
                    isPreferred: true,
                    edit: { changes: { [uri]: [{ range: diagnostic.range, newText: `${text.trim()}${example[2]}` }] } }
                });
            }
        }
        return actions;
    }

    private ruleAt(document: LangiumDocument, diagnostic: Diagnostic): Rule | Template | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
        return leaf ? AstUtils.getContainerOfType(leaf.astNode, (n): n is Rule | Template => isRule(n) || isTemplate(n)) : undefined;
    }

    /** 光标 / 选区上的字面量（数值、文本、集合）在规则或模板里：提取为本规则的参数。 */
    private extractParameter(document: LangiumDocument, params: CodeActionParams): CodeAction | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const textDocument = document.textDocument;
        const start = textDocument.offsetAt(params.range.start);
        const end = textDocument.offsetAt(params.range.end);
        const leaf = CstUtils.findLeafNodeAtOffset(root, start);
        if (!leaf) return undefined;
        let literal: AstNode | undefined = leaf.astNode;
        if (literal && (literal.$type === 'TemplateText' || literal.$type === 'RawText')) literal = literal.$container;
        // 选区覆盖整个集合时取集合
        while (literal && literal.$container && !isLiteral(literal)) literal = literal.$container;
        if (literal && isSetLiteral(literal.$container?.$container) && end > (literal.$cstNode?.end ?? 0)) literal = literal.$container?.$container;
        if (!literal || !isLiteral(literal) || !literal.$cstNode) return undefined;
        if (AstUtils.getContainerOfType(literal, isParameter)) return undefined; // 已经是参数的值
        const owner = AstUtils.getContainerOfType(literal, (n): n is Rule | Template => isRule(n) || isTemplate(n));
        if (!owner || !owner.$cstNode) return undefined;
        const taken = new Set(owner.clauses.map(c => (c as { name?: string }).name).filter(Boolean));
        let name = '新参数';
        for (let i = 2; taken.has(name); i++) name = `新参数${i}`;
        const insert = parameterInsertion(owner);
        if (!insert) return undefined;
        const value = literal.$cstNode.text;
        const edits: TextEdit[] = [
            { range: { start: insert.position, end: insert.position }, newText: `${insert.indent}参数 ${name} = ${value}\n` },
            { range: literal.$cstNode.range, newText: name }
        ];
        return {
            title: `提取为参数「${name}」（${value.length > 20 ? value.slice(0, 19) + '…' : value}）`,
            kind: CodeActionKind.RefactorExtract,
            edit: { changes: { [document.uri.toString()]: edits } }
        };
    }
}

function isLiteral(node: AstNode | undefined): boolean {
    return isNumberLiteral(node) || isTextLiteral(node) || isSetLiteral(node);
}

/** 元数据插在 `{` 之后第一行（与第一个子句同样缩进）。 */
function metadataInsertion(owner: Rule | Template): { position: { line: number; character: number }; indent: string } | undefined {
    const first = owner.clauses[0]?.$cstNode;
    const open = findOpenBrace(owner);
    if (!open) return undefined;
    const indent = first ? ' '.repeat(first.range.start.character) : '  ';
    return { position: { line: open.line + 1, character: 0 }, indent };
}

/** 参数插在元数据之后、第一个非元数据子句之前。 */
function parameterInsertion(owner: Rule | Template): { position: { line: number; character: number }; indent: string } | undefined {
    const isMeta = (c: AstNode) => isCategoryClause(c) || isLevelClause(c) || isPhaseClause(c) || isBasisClause(c) || c.$type === 'AppliesClause' || c.$type === 'NoteClause' || isParameter(c);
    const firstLogic = owner.clauses.find(c => !isMeta(c));
    const anchor = firstLogic?.$cstNode;
    if (anchor) return { position: { line: anchor.range.start.line, character: 0 }, indent: ' '.repeat(anchor.range.start.character) };
    const open = findOpenBrace(owner);
    return open ? { position: { line: open.line + 1, character: 0 }, indent: '  ' } : undefined;
}

function findOpenBrace(owner: Rule | Template): { line: number } | undefined {
    const cst = owner.$cstNode;
    if (!cst) return undefined;
    for (const leaf of CstUtils.streamCst(cst)) {
        if (leaf.text === '{' && !leaf.hidden && leaf.astNode === owner) return { line: leaf.range.start.line };
    }
    return undefined;
}
