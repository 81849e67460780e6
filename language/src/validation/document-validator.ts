/**
 * 文档级校验：把词法、语法、链接错误换成带稳定编码的中文诊断（附“你是否想要”），
 * 并把建议写进 Diagnostic.data，供 CLI 与快速修复使用。
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { AstNode, DiagnosticInfo, LangiumDocument, ParseResult, ReferenceInfo, ScopeProvider, ValidationOptions, ValidationSeverity } from 'langium';
import { AstUtils, DefaultDocumentValidator, GrammarAST } from 'langium';
import type { IRecognitionException } from 'chevrotain';
import type { LangiumCoreServices } from 'langium';
import type { MessageCode } from '../messages/catalog.js';
import { formatMessage } from '../messages/catalog.js';
import { closestNames, suggestionText } from '../util/suggest.js';
import type { DiagnosticData } from './report.js';
import { MAX_NESTING } from '../parser/nesting.js';
import type { NestingError } from '../parser/nesting.js';

type Services = LangiumCoreServices;

export class ZhishenDocumentValidator extends DefaultDocumentValidator {
    private readonly scopeProvider: ScopeProvider;
    private readonly keywords: string[];

    constructor(services: Services) {
        super(services);
        this.scopeProvider = services.references.ScopeProvider;
        this.keywords = collectChineseKeywords(services.Grammar);
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const error of parseResult.lexerErrors) {
            const line = (error.line ?? 1) - 1;
            const column = (error.column ?? 1) - 1;
            if ((error as Partial<NestingError>).zhishenCode === 'ZS0005') {
                diagnostics.push(this.make('ZS0005', { limit: String(MAX_NESTING) }, { start: { line, character: column }, end: { line, character: column + 1 } }));
                continue;
            }
            const text = (error as { message?: string }).message?.match(/->(.+)<-/)?.[1] ?? '';
            diagnostics.push(this.make('ZS0001', { text: text.trim() || '?' }, {
                start: { line, character: column },
                end: { line, character: column + Math.max(1, error.length) }
            }));
        }
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        const seenLines = new Set<number>();
        for (const error of parseResult.parserErrors as IRecognitionException[]) {
            const token = error.token;
            let range: Diagnostic['range'];
            if (Number.isNaN(token.startOffset)) {
                const previous = (error as { previousToken?: typeof token }).previousToken;
                const position = previous && !Number.isNaN(previous.startOffset)
                    ? { line: (previous.endLine ?? 1) - 1, character: previous.endColumn ?? 0 }
                    : { line: 0, character: 0 };
                range = { start: position, end: position };
            } else {
                range = {
                    start: { line: (token.startLine ?? 1) - 1, character: (token.startColumn ?? 1) - 1 },
                    end: { line: (token.endLine ?? 1) - 1, character: token.endColumn ?? 1 }
                };
            }
            // 同一行只报第一个语法错误：恢复过程中的后续错误多是连锁反应
            if (seenLines.has(range.start.line)) continue;
            seenLines.add(range.start.line);
            const glued = token.tokenType?.name === 'ID' ? this.gluedKeyword(token.image) : undefined;
            if (glued) {
                diagnostics.push(this.make('ZS0004', { text: glued.text, keyword: glued.keyword, fixed: glued.fixed }, range, [glued.fixed]));
                continue;
            }
            const previous = (error as { previousToken?: typeof token }).previousToken;
            const expected = expectedPart(error.message);
            const atEnd = token.tokenType?.name === 'EOF' || Number.isNaN(token.startOffset);
            const lineBreak = previous && !Number.isNaN(previous.startOffset) && (token.startLine ?? 0) > (previous.endLine ?? 0);
            if (atEnd || lineBreak) {
                // 缺的东西在上一行末尾：把诊断放在那里，而不是下一行的开头
                const anchor = lineBreak && previous ? { line: (previous.endLine ?? 1) - 1, character: previous.endColumn ?? 0 } : range.start;
                diagnostics.push(this.make('ZS0003', { expected: expected ?? '内容' }, { start: anchor, end: anchor }));
            } else {
                diagnostics.push(this.make('ZS0002', { found: '', expected: '', hint: hintFor(error.message) }, range, undefined, error.message));
            }
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            const linkingError = reference.error;
            if (!linkingError) continue;
            const info = linkingError.info;
            const refText = info.reference.$refText;
            const range = reference.$refNode?.range ?? info.container.$cstNode?.range;
            if (!range) continue;
            const candidates = this.candidateNames(info);
            const glued = this.gluedKeyword(refText);
            if (glued && glued.rest.some(part => candidates.includes(part))) {
                diagnostics.push(this.make('ZS0004', { text: glued.text, keyword: glued.keyword, fixed: glued.fixed }, range, [glued.fixed]));
                continue;
            }
            const nearest = closestNames(refText, candidates, 3);
            const suggestion = suggestionText(nearest, '');
            let code: MessageCode = 'ZS0101';
            const args: Record<string, string> = { name: refText, suggestion };
            switch (info.container.$type) {
                case 'MemberAccess': {
                    // 接收者根本没有字段（如文本）：类型检查报 ZS0309，这里不再重复
                    if (candidates.length === 0) continue;
                    code = 'ZS0102';
                    args.type = this.receiverLabel(info.container);
                    args.suggestion = suggestion || (candidates.length > 0 ? `可用字段：${candidates.slice(0, 12).join('、')}${candidates.length > 12 ? ' …' : ''}` : '');
                    break;
                }
                case 'Expectation': code = 'ZS0103'; args.suggestion ||= '检查规则编号，或先写好这条规则'; break;
                case 'UseTemplateClause': code = 'ZS0104'; break;
                case 'TestParameter': code = 'ZS0106'; break;
                case 'LevelClause': case 'PhaseItem': case 'AppliesClause':
                    code = 'ZS0105';
                    args.what = info.container.$type === 'LevelClause' ? '级别' : info.container.$type === 'PhaseItem' ? '环节' : '适用范围';
                    args.options = candidates.join('、');
                    break;
                default:
                    args.suggestion ||= '检查拼写；字段请用「记录.字段」访问（如 患者.年龄），参数与代码集需先声明';
            }
            diagnostics.push(this.make(code, args, range, nearest));
        }
    }

    private candidateNames(info: ReferenceInfo): string[] {
        try {
            return [...new Set(this.scopeProvider.getScope(info).getAllElements().map(d => d.name).toArray())];
        } catch {
            return [];
        }
    }

    private receiverLabel(container: AstNode): string {
        const receiver = (container as { receiver?: AstNode }).receiver;
        return receiver?.$cstNode?.text ?? '该值';
    }

    /** `当患者` → 当 + 患者；`a且b` → a 且 b。 */
    private gluedKeyword(text: string): { text: string; keyword: string; fixed: string; rest: string[] } | undefined {
        for (const keyword of this.keywords) {
            if (text.length > keyword.length && text.startsWith(keyword)) {
                const rest = text.slice(keyword.length);
                return { text, keyword, fixed: `${keyword} ${rest}`, rest: [rest] };
            }
        }
        for (const keyword of ['且', '或', '不属于', '属于', '包含', '匹配']) {
            const at = text.indexOf(keyword);
            if (at > 0 && at + keyword.length < text.length) {
                const before = text.slice(0, at);
                const after = text.slice(at + keyword.length);
                return { text, keyword, fixed: `${before} ${keyword} ${after}`, rest: [before, after] };
            }
        }
        return undefined;
    }

    private make(code: MessageCode, args: Record<string, string>, range: Diagnostic['range'], replacements?: string[], messageOverride?: string): Diagnostic {
        const formatted = formatMessage(code, args);
        const message = messageOverride ?? formatted.message;
        const data: DiagnosticData = { code, message, hint: formatted.hint, replacements };
        return {
            severity: toSeverity(formatted.severity),
            range,
            code,
            message: withHint(message, formatted.hint),
            data,
            source: 'zhishen'
        };
    }

    protected override toDiagnostic<N extends AstNode>(severity: ValidationSeverity, message: string, info: DiagnosticInfo<N, string>): Diagnostic {
        const diagnostic = super.toDiagnostic(severity, message, info);
        const data = info.data as DiagnosticData | undefined;
        if (data?.hint) diagnostic.message = withHint(message, data.hint);
        diagnostic.source = 'zhishen';
        return diagnostic;
    }
}

function withHint(message: string, hint: string | undefined): string {
    return hint ? `${message}\n提示：${hint}` : message;
}

function toSeverity(severity: 'error' | 'warning' | 'info' | 'hint'): 1 | 2 | 3 | 4 {
    return severity === 'error' ? 1 : severity === 'warning' ? 2 : severity === 'info' ? 3 : 4;
}

/** 从中文语法错误信息中取出“应为 / 可以写”的部分。 */
function expectedPart(message: string): string | undefined {
    const match = /(?:可以写|应为|至少需要一项：)\s*(.+?)(?:，但看到.*)?$/.exec(message);
    return match?.[1];
}

function hintFor(message: string): string {
    if (message.includes('名称')) return '检查是否漏写了名称，或关键字与名称之间少了空格';
    if (message.includes('}')) return '检查花括号是否成对';
    return '对照相近规则的写法检查这一行';
}

/** 容易与后面的名称连写的关键字（子句开头、逻辑与集合运算）。 */
const GLUE_KEYWORDS = ['对每小时', '对每条', '对每个', '对每次', '对每张', '对每组', '对每日', '不属于', '仅当', '违规', '金额', '涉及', '提示',
    '属于', '包含', '匹配', '否则', '级别', '环节', '分类', '依据', '适用', '参数', '规则', '当', '且', '或', '非', '令', '若', '则'];

function collectChineseKeywords(grammar: GrammarAST.Grammar): string[] {
    const keywords = new Set<string>();
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule)) continue;
        for (const node of AstUtils.streamAllContents(rule)) {
            if (GrammarAST.isKeyword(node)) keywords.add(node.value);
        }
    }
    return GLUE_KEYWORDS.filter(k => keywords.has(k)).sort((a, b) => b.length - a.length);
}
