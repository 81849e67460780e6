/**
 * 编译诊断（降级、展开、常量求值中发现的问题）。校验器已经拦住了绝大多数错误；这里的多是“能写但编译不了”的情况。
 */
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
