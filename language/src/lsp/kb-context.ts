/**
 * 编辑器里的知识库上下文：一个字符串字面量处在什么位置（编码 / 知识点表名 / 目录名 / 普通文本），
 * 编码的目录条目与它出现在哪些知识点里，以及光标所在的未闭合字符串。补全、悬停、内联提示共用。
 */
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { CstUtils } from 'langium';
import type { TextLiteral } from '../generated/ast.js';
import { isAggregate, isKnowledgeClause, isNameRef, isTextLiteral, isUseTemplateClause } from '../generated/ast.js';
import type { CatalogueEntry, KnowledgeBase, KnowledgePoint } from '../kb/types.js';
import { codeSlotOf } from '../typing/code-slot.js';
import type { TypeSystem } from '../typing/type-system.js';
import type { CodeKind } from '../typing/types.js';
import { literalValue } from '../validation/kb-checks.js';

/** 字符串字面量的用途。 */
export type StringRole =
    | { role: 'code'; kind: CodeKind; prefix: boolean }
    | { role: 'table' }
    | { role: 'catalogue' }
    | { role: 'text' };

/** 字面量是否处在“编码”位置；是则给出期望的编码种类（推断不出时为“任意”，补全与悬停照样有用）。 */
export function codeContextOf(types: TypeSystem, literal: TextLiteral): { kind: CodeKind; prefix: boolean } | undefined {
    const slot = codeSlotOf(types, literal);
    return slot && { kind: slot.kind ?? '任意', prefix: slot.prefix };
}

/** 一个字符串（字面量节点或子句里的 PlainText 属性）的用途。 */
export function stringRoleOf(types: TypeSystem, node: AstNode): StringRole {
    if (isKnowledgeClause(node) || isUseTemplateClause(node)) return { role: 'table' };
    if (isTextLiteral(node)) {
        const container = node.$container;
        if (isNameRef(container) && container.call && container.args[0] === node) {
            const name = container.ref?.$refText;
            if (name === '知识点表') return { role: 'table' };
            if (name === '目录') return { role: 'catalogue' };
        }
        if (isAggregate(container)) return { role: 'text' };
        const context = codeContextOf(types, node);
        if (context) return { role: 'code', ...context };
    }
    return { role: 'text' };
}

/** 光标所在的未闭合（或刚写开头）的字符串：开头引号的偏移与引号后到光标的文本。 */
export interface OpenString {
    /** 开头引号的偏移 */
    quoteOffset: number;
    /** 引号之后到光标的文本 */
    query: string;
    quote: '"' | '“' | '「';
    /** 光标之后、到闭合引号之前的文本长度（没有闭合引号时为到词尾） */
    restLength: number;
    /** 光标后是否已有闭合引号 */
    closed: boolean;
}

/**
 * 只看当前行：光标是否在字符串里（不在插值 {…} 里）。半截输入也能判断，不依赖语法树。
 */
export function openStringAt(text: string, offset: number): OpenString | undefined {
    let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    if (lineStart < 0) lineStart = 0;
    let quote: OpenString['quote'] | undefined;
    let quoteOffset = -1;
    let interpolation = 0;
    for (let i = lineStart; i < offset; i++) {
        const c = text[i];
        if (quote === '「') {
            if (c === '」') quote = undefined;
            continue;
        }
        if (quote) {
            if (c === '\\') { i++; continue; }
            if (interpolation > 0) {
                if (c === '}') interpolation--;
                continue;
            }
            if (c === '{') { interpolation++; continue; }
            if (c === '"' || c === '”' || (c === '“' && quote === '“')) { quote = undefined; continue; }
            continue;
        }
        if (c === '/' && text[i + 1] === '/') return undefined;
        if (c === '"' || c === '“') { quote = c; quoteOffset = i; interpolation = 0; continue; }
        if (c === '「') { quote = '「'; quoteOffset = i; continue; }
    }
    if (!quote || interpolation > 0) return undefined;
    const query = text.slice(quoteOffset + 1, offset);
    let end = offset;
    const lineEnd = text.indexOf('\n', offset);
    const stop = lineEnd < 0 ? text.length : lineEnd;
    while (end < stop && !/["”」\s,，、}{)）]/.test(text[end])) end++;
    const closed = end < stop && (quote === '「' ? text[end] === '」' : text[end] === '"' || text[end] === '”');
    return { quoteOffset, query, quote, restLength: end - offset, closed };
}

/** 光标处的字符串字面量节点（字符串已闭合、文档已解析时）。 */
export function stringNodeAt(document: LangiumDocument, offset: number): { node: AstNode; leaf: CstNode } | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeBeforeOffset(root, offset);
    if (!leaf) return undefined;
    const tokenType = leaf.tokenType?.name;
    if (tokenType !== 'TEMPLATE_FULL' && tokenType !== 'RAW_TEXT') return undefined;
    if (offset <= leaf.offset || offset > leaf.end) return undefined;
    let node: AstNode | undefined = leaf.astNode;
    // TemplateText / RawText → TextLiteral
    if (node && (node.$type === 'TemplateText' || node.$type === 'RawText') && node.$container) node = node.$container;
    return node ? { node, leaf } : undefined;
}

/** 字面量的文本值（单段、无插值）。 */
export function textValue(node: AstNode): string | undefined {
    return isTextLiteral(node) ? literalValue(node) : undefined;
}

/** 编码 → 包含它的知识点（懒建，随知识库对象缓存）。 */
const kpByCodeCache = new WeakMap<KnowledgeBase, Map<string, KnowledgePoint[]>>();

export function knowledgePointsWithCode(kb: KnowledgeBase, code: string): KnowledgePoint[] {
    let index = kpByCodeCache.get(kb);
    if (!index) {
        index = new Map();
        for (const rows of kb.kpTables.values()) {
            for (const kp of rows) {
                for (const c of kp.med_codes) {
                    const list = index.get(c);
                    if (list) list.push(kp);
                    else index.set(c, [kp]);
                }
            }
        }
        kpByCodeCache.set(kb, index);
    }
    return index.get(code) ?? [];
}

/** 目录条目的 Markdown 说明（悬停、补全文档共用）。 */
export function entryMarkdown(kb: KnowledgeBase, entries: readonly CatalogueEntry[], options: { knowledgePoints?: number } = {}): string {
    const first = entries[0];
    const lines: string[] = [`**${escapeMarkdown(first.name)}**　\`${first.code}\``, ''];
    const kinds = [...new Set(entries.map(e => e.kind))].join('、');
    lines.push(`- 目录：${kinds}`);
    const spec = entries.find(e => e.spec)?.spec;
    if (spec) lines.push(`- 规格：${escapeMarkdown(spec)}`);
    const dosform = entries.find(e => e.dosform)?.dosform;
    if (dosform) lines.push(`- 剂型：${escapeMarkdown(dosform)}`);
    const restriction = entries.find(e => e.restriction)?.restriction;
    if (restriction) lines.push(`- 限定：${escapeMarkdown(restriction)}`);
    lines.push(`- 出处：${escapeMarkdown([...new Set(entries.map(e => e.source))].join('、'))}`);
    const limit = options.knowledgePoints ?? 3;
    if (limit > 0) {
        const points = knowledgePointsWithCode(kb, first.code);
        if (points.length > 0) {
            lines.push('', `**知识点**（${points.length} 条）`);
            for (const kp of points.slice(0, limit)) {
                lines.push(`- ${escapeMarkdown(kp.rule_class)}：${escapeMarkdown(kp.constraint || kp.item_name)}`);
            }
            if (points.length > limit) lines.push(`- …另有 ${points.length - limit} 条`);
        }
    }
    return lines.join('\n');
}

export function escapeMarkdown(text: string): string {
    return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** 知识点表的 Markdown 说明。 */
export function tableMarkdown(kb: KnowledgeBase, name: string): string | undefined {
    const rows = kb.kpTables.get(name);
    if (!rows) return undefined;
    const first = rows[0];
    const lines = [`**知识点表** ${escapeMarkdown(name)}（${rows.length} 行）`, ''];
    if (first?.gz_code) lines.push(`- 国家规则号：\`${first.gz_code}\``);
    if (first?.detect_logic) lines.push(`- 检测逻辑：${escapeMarkdown(first.detect_logic)}`);
    for (const kp of rows.slice(0, 3)) {
        lines.push(`- ${escapeMarkdown(kp.item_name)}：${escapeMarkdown(kp.constraint)}`);
    }
    if (rows.length > 3) lines.push(`- …共 ${rows.length} 行`);
    return lines.join('\n');
}
