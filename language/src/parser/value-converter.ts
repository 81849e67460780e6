/**
 * 把词法单元转换为 AST 中的值：去掉引号、处理转义。数字保持为字符串，以便后续按十进制精确计算（金额不经浮点）。
 */
import type { CstNode, GrammarAST, ValueType } from 'langium';
import { DefaultValueConverter } from 'langium';

export class ZhishenValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        switch (rule.name) {
            case 'TEMPLATE_FULL': return unescapeText(input.slice(1, -1));
            case 'TEMPLATE_START': return unescapeText(input.slice(1, -1));
            case 'TEMPLATE_MIDDLE': return unescapeText(input.slice(1, -1));
            case 'TEMPLATE_END': return unescapeText(input.slice(1, -1));
            case 'RAW_TEXT': return input.slice(1, -1);
            case 'NUMBER': return input;
            case 'DATE': return input;
            default: return super.runConverter(rule, input, cstNode);
        }
    }
}

/** 处理 \n \t \" \\ \{ \} 与 \uXXXX；未知转义保留反斜杠后的字符。 */
export function unescapeText(text: string): string {
    if (!text.includes('\\')) return text;
    let result = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c !== '\\' || i === text.length - 1) {
            result += c;
            continue;
        }
        const next = text[++i];
        switch (next) {
            case 'n': result += '\n'; break;
            case 't': result += '\t'; break;
            case 'r': result += '\r'; break;
            case 'u': {
                const hex = text.slice(i + 1, i + 5);
                if (/^[0-9a-fA-F]{4}$/.test(hex)) {
                    result += String.fromCharCode(parseInt(hex, 16));
                    i += 4;
                } else {
                    result += 'u';
                }
                break;
            }
            default: result += next;
        }
    }
    return result;
}
