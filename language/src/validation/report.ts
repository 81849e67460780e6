/**
 * 校验器统一从这里报告诊断：编码 → 目录中的中文信息与建议。
 * Diagnostic.data 带 { code, message, hint }，CLI 与代码操作（快速修复）据此工作。
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { MessageCode } from '../messages/catalog.js';
import { formatMessage } from '../messages/catalog.js';

export interface DiagnosticData {
    code: MessageCode;
    message: string;
    hint?: string;
    /** 快速修复用：建议替换成的文本 */
    replacements?: string[];
}

export interface ReportTarget<N extends AstNode = AstNode> {
    node: N;
    property?: string;
    index?: number;
    range?: Range;
    keyword?: string;
    replacements?: string[];
}

export function report<N extends AstNode>(accept: ValidationAcceptor, code: MessageCode, args: Record<string, string | number | undefined>, target: ReportTarget<N>): void {
    const formatted = formatMessage(code, args);
    const data: DiagnosticData = { code, message: formatted.message, hint: formatted.hint, replacements: target.replacements };
    accept(formatted.severity, formatted.message, {
        node: target.node,
        property: target.property as never,
        index: target.index,
        range: target.range,
        keyword: target.keyword,
        code,
        data
    });
}
