/**
 * 编译诊断（降级、展开、常量求值、部署配置中发现的问题）。校验器已经拦住了绝大多数错误；这里的多是“能写但编译不了”的情况。
 * 编码与中文信息都在 language/src/messages/catalog.ts 的 ZC 段，这里只按编码生成。
 */
import type { MessageCode } from '@zhishen/language';
import { formatMessage } from '@zhishen/language';

export interface CompileDiagnostic {
    severity: 'error' | 'warning' | 'info';
    code: string;
    message: string;
    hint?: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export interface DiagnosticLocation {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

/** 没有源码位置的诊断（部署配置）。 */
export const NO_LOCATION: DiagnosticLocation = { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 };

export function compileDiagnostic(code: MessageCode & `ZC${string}`, args: Record<string, string | number | undefined>, at: DiagnosticLocation): CompileDiagnostic {
    const formatted = formatMessage(code, args);
    const severity = formatted.severity === 'warning' ? 'warning' : formatted.severity === 'error' ? 'error' : 'info';
    return { severity, code, message: formatted.message, ...(formatted.hint ? { hint: formatted.hint } : {}), file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn };
}
