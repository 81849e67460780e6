/**
 * 语法错误的中文信息。Chevrotain 报告“期望什么、看到什么”，这里换成政策专家读得懂的话。
 */
import type { IToken, TokenType } from 'chevrotain';
import { AbstractParserErrorMessageProvider } from 'langium';

const TOKEN_LABEL: Record<string, string> = {
    ID: '名称',
    NUMBER: '数字',
    DATE: '日期（如 2024-01-01）',
    TEMPLATE_FULL: '字符串（"…"）',
    TEMPLATE_START: '字符串（"…"）',
    TEMPLATE_MIDDLE: '插值后的字符串',
    TEMPLATE_END: '字符串结尾',
    RAW_TEXT: '原文（「…」）',
    EOF: '文件结尾'
};

export function tokenLabel(type: TokenType): string {
    return TOKEN_LABEL[type.name] ?? `「${type.name}」`;
}

export function foundLabel(token: IToken): string {
    if (token.tokenType?.name === 'EOF' || token.image === '') return '文件结尾';
    return token.image.length > 20 ? token.image.slice(0, 20) + '…' : token.image;
}

function expectedList(types: TokenType[], limit = 6): string {
    const names = new Set(types.map(t => t.name));
    if (names.has('ID') && names.has('NUMBER')) return '表达式（字段、参数、数值、字符串等）';
    const labels = [...new Set(types.map(tokenLabel))];
    const shown = labels.slice(0, limit).join('、');
    return labels.length > limit ? `${shown} 等` : shown;
}

export class ZhishenParserErrorMessageProvider extends AbstractParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        return `此处应为 ${tokenLabel(options.expected)}，但看到「${foundLabel(options.actual)}」`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `「${foundLabel(options.firstRedundant)}」多余：这里应是一条新的 规则 / 模板 / 代码集 / 参数 / 测试`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const firsts = options.expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0])).filter((t): t is TokenType => !!t);
        return `此处不应出现「${foundLabel(options.actual[0])}」，可以写 ${expectedList(firsts)}`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const firsts = options.expectedIterationPaths.map(path => path[0]).filter((t): t is TokenType => !!t);
        return `此处至少需要一项：${expectedList(firsts)}，但看到「${foundLabel(options.actual[0])}」`;
    }
}
