/**
 * 格式化：`zhishen fmt` 与编辑器的“格式化文档”共用。
 *
 * 按语法树决定换行与缩进，按词法单元决定空格；注释原样保留（行尾注释留在行尾，独占一行的注释跟随下一行的缩进）。
 * 规则：顶层元素之间空一行；子句各占一行，缩进两格，`对每…` 之后的子句再缩进两格；原文中子句之间的空行保留一个；
 * 子句内部（长条件、多行集合）用户自己换的行保留，续行多缩进一级；
 * 测试里的内联 JSON 原样保留。幂等：格式化两次与一次相同（有测试）。有语法错误的文件不格式化。
 */
import type { CstNode, LangiumDocument } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import type { Document } from '../generated/ast.js';
import { isClaimSource, isForEachClause, isJsonObject, isRecordDecl, isRule, isTemplate, isTestCase } from '../generated/ast.js';

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; reason: string };

interface Break {
    indent: number;
    /** 允许在前面保留一个空行（原文有空行时） */
    keepBlank: boolean;
    /** 前面必须空一行 */
    forceBlank: boolean;
}

const INDENT = '  ';

const NO_SPACE_BEFORE = new Set([',', '，', '、', ')', '）', ']', '.', ':', '：', '*']);
const NO_SPACE_AFTER = new Set(['(', '（', '[', '.']);
const UNITS = new Set(['元', '天', '小时', '岁', '次', '个', '%']);

export function formatDocument(document: LangiumDocument<Document>): FormatResult {
    const parse = document.parseResult;
    if (parse.lexerErrors.length > 0 || parse.parserErrors.length > 0) {
        return { ok: false, reason: '文件有语法错误，未格式化；先修正错误（zhishen check 可查看）' };
    }
    const original = document.textDocument.getText();
    const root = parse.value;
    const rootCst = root.$cstNode;
    if (!rootCst) return { ok: true, text: original, changed: false };

    const breaks = new Map<number, Break>();
    const verbatim = new Map<number, number>(); // 起点 → 终点（原样输出的区间）
    root.elements.forEach((element, index) => {
        const cst = element.$cstNode;
        if (!cst) return;
        breaks.set(cst.offset, { indent: 0, keepBlank: true, forceBlank: index > 0 });
        if (isRule(element) || isTemplate(element)) {
            closeBrace(cst, breaks);
            let inScope = false;
            for (const clause of element.clauses) {
                const c = clause.$cstNode;
                if (!c) continue;
                breaks.set(c.offset, { indent: inScope ? 2 : 1, keepBlank: true, forceBlank: false });
                if (isForEachClause(clause)) inScope = true;
            }
        } else if (isTestCase(element) || isRecordDecl(element)) {
            closeBrace(cst, breaks);
            const children = isTestCase(element) ? element.items : element.fields;
            for (const child of children) {
                if (child.$cstNode) breaks.set(child.$cstNode.offset, { indent: 1, keepBlank: true, forceBlank: false });
            }
        }
    });
    for (const node of AstUtils.streamAst(root)) {
        if (isJsonObject(node) && isClaimSource(node.$container) && node.$cstNode) verbatim.set(node.$cstNode.offset, node.$cstNode.end);
    }

    const leaves = CstUtils.streamCst(rootCst).filter(n => !('content' in n)).toArray() as CstNode[];
    const out: string[] = [];
    let previous: CstNode | undefined;
    /** 上一个输出的是独占一行的注释（文档注释），且与后面的内容之间原文没有空行 */
    let attachedComment = false;
    let skipUntil = -1;
    let pendingIndent = 0;

    const trailingNewlines = () => {
        let count = 0;
        for (let k = out.length - 1; k >= 0 && out[k] === '\n'; k--) count++;
        return count;
    };
    const ensureBreak = (blank: boolean) => {
        while (out.length > 0 && out[out.length - 1] === ' ') out.pop();
        if (out.length === 0) return;
        const want = blank ? 2 : 1;
        for (let n = trailingNewlines(); n < want; n++) out.push('\n');
    };
    const atLineStart = () => out.length === 0 || out[out.length - 1] === '\n';

    for (let i = 0; i < leaves.length; i++) {
        const leaf = leaves[i];
        if (leaf.offset < skipUntil) continue;
        if (leaf.hidden && !/^\/[/*]/.test(leaf.text)) continue; // 空白
        const blankInOriginal = previous !== undefined && blankLineBetween(original, previous.end, leaf.offset);
        const ownLineInOriginal = previous === undefined || lineOf(document, previous.end) < lineOf(document, leaf.offset);

        if (leaf.hidden) {
            if (previous && !ownLineInOriginal) {
                while (out.length > 0 && out[out.length - 1] === ' ') out.pop();
                out.push('  ', leaf.text);
                attachedComment = false;
            } else {
                const next = nextBreak(leaves, i, breaks);
                const indent = next?.indent ?? pendingIndent;
                ensureBreak(blankInOriginal || (!attachedComment && !!next?.forceBlank && previous !== undefined));
                out.push(INDENT.repeat(indent), leaf.text);
                attachedComment = true;
            }
            if (leaf.text.startsWith('//')) ensureBreak(false);
            previous = leaf;
            continue;
        }

        const brk = breaks.get(leaf.offset);
        if (brk) {
            const wantBlank = (brk.forceBlank && !(attachedComment && !blankInOriginal)) || (brk.keepBlank && blankInOriginal);
            ensureBreak(wantBlank);
            pendingIndent = brk.indent;
            out.push(INDENT.repeat(brk.indent));
        } else if (atLineStart() && previous) {
            out.push(INDENT.repeat(pendingIndent));
        } else if (previous && ownLineInOriginal && !isTemplatePart(leaf, 'middle') && !isTemplatePart(leaf, 'end')) {
            // 子句内部用户自己换的行保留：续行多缩进一级，独占一行的右括号与子句对齐
            ensureBreak(false);
            const closing = leaf.text === '}' || leaf.text === ')' || leaf.text === '）';
            out.push(INDENT.repeat(pendingIndent + (closing ? 0 : 1)));
        } else if (previous && !atLineStart() && needsSpace(previous, leaf)) {
            out.push(' ');
        }
        attachedComment = false;

        const verbatimEnd = verbatim.get(leaf.offset);
        if (verbatimEnd !== undefined) {
            out.push(original.slice(leaf.offset, verbatimEnd));
            skipUntil = verbatimEnd;
            previous = lastLeafBefore(leaves, verbatimEnd) ?? leaf;
            continue;
        }
        out.push(leaf.text);
        previous = leaf;
    }
    while (out.length > 0 && (out[out.length - 1] === ' ' || out[out.length - 1] === '\n')) out.pop();
    const text = out.join('').replace(/[ \t]+\n/g, '\n') + '\n';
    return { ok: true, text, changed: text !== original };
}

function closeBrace(cst: CstNode, breaks: Map<number, Break>, indent = 0): void {
    // 顶层块的右花括号独占一行
    const last = CstUtils.streamCst(cst).filter(n => !('content' in n) && !n.hidden).toArray().pop();
    if (last && last.text === '}') breaks.set(last.offset, { indent, keepBlank: false, forceBlank: false });
}

function nextBreak(leaves: CstNode[], from: number, breaks: Map<number, Break>): Break | undefined {
    for (let j = from + 1; j < leaves.length; j++) {
        if (leaves[j].hidden) continue;
        return breaks.get(leaves[j].offset);
    }
    return undefined;
}

function lastLeafBefore(leaves: CstNode[], end: number): CstNode | undefined {
    let result: CstNode | undefined;
    for (const leaf of leaves) {
        if (leaf.end <= end) result = leaf;
        else break;
    }
    return result;
}

function lineOf(document: LangiumDocument, offset: number): number {
    return document.textDocument.positionAt(offset).line;
}

function blankLineBetween(text: string, from: number, to: number): boolean {
    return /\n[ \t]*\r?\n/.test(text.slice(from, to));
}

function needsSpace(previous: CstNode, current: CstNode): boolean {
    const a = previous.text;
    const b = current.text;
    if (NO_SPACE_BEFORE.has(b) || NO_SPACE_AFTER.has(a)) return false;
    if (UNITS.has(b) && /^\d/.test(a)) return false; // 18岁、15天
    if (isTemplatePart(previous, 'start') || isTemplatePart(previous, 'middle')) return false;
    if (isTemplatePart(current, 'middle') || isTemplatePart(current, 'end')) return false;
    if ((b === '(' || b === '（') && /[\p{L}\p{N}_]$/u.test(a) && (!isKeywordLike(previous) || previous.astNode?.$type === 'Aggregate' || previous.astNode?.$type === 'PeerStatistic')) return false; // 函数调用 f(、计数(
    if (a === '-' && isUnaryMinus(previous)) return false;
    return true;
}

function isTemplatePart(node: CstNode, part: 'start' | 'middle' | 'end'): boolean {
    const name = tokenName(node);
    return name === `TEMPLATE_${part.toUpperCase()}`;
}

function tokenName(node: CstNode): string | undefined {
    return (node as { tokenType?: { name: string } }).tokenType?.name;
}

function isKeywordLike(node: CstNode): boolean {
    const name = tokenName(node);
    return name !== undefined && name !== 'ID';
}

function isUnaryMinus(node: CstNode): boolean {
    return node.astNode?.$type === 'Negation' || node.astNode?.$type === 'JsonNumber';
}
