/**
 * 语言测试的共用工具：一份语言服务（每个测试文件一份），把文本构建成文档并取诊断。
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LangiumDocument } from 'langium';
import { createZhishenCoreServices } from '../src/zhishen-module.js';
import type { ZhishenServices } from '../src/zhishen-module.js';
import { buildSources } from '../src/workspace/documents.js';
import type { Document } from '../src/generated/ast.js';
import type { KnowledgeBase } from '../src/kb/types.js';
import type { DiagnosticData } from '../src/validation/report.js';

let services: ZhishenServices | undefined;

export function zhishen(): ZhishenServices {
    services ??= createZhishenCoreServices().Zhishen;
    return services;
}

/** 部署配置的历史来源（undefined = 没有配置）。 */
export function setHistorySource(source: string | undefined): void {
    zhishen().deployment.Settings.historySource = source;
}

export function setKb(kb: KnowledgeBase | undefined): void {
    zhishen().kb.KnowledgeBaseProvider.set(kb);
}

export async function build(files: Record<string, string> | string): Promise<Array<LangiumDocument<Document>>> {
    const map = typeof files === 'string' ? { 'inmemory:///test.zs': files } : files;
    return buildSources(zhishen(), Object.entries(map).map(([uri, text]) => ({ uri: uri.includes('://') ? uri : `inmemory:///${uri}`, text })));
}

export interface SimpleDiagnostic {
    code: string;
    line: number;
    message: string;
    hint?: string;
    severity: number;
}

export function simplify(diagnostics: Diagnostic[] | undefined): SimpleDiagnostic[] {
    return (diagnostics ?? []).map(d => {
        const data = d.data as DiagnosticData | undefined;
        return { code: String(d.code ?? data?.code ?? '?'), line: d.range.start.line + 1, message: data?.message ?? d.message, hint: data?.hint, severity: d.severity ?? 1 };
    }).sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
}

export async function diagnosticsOf(text: string): Promise<SimpleDiagnostic[]> {
    const [document] = await build(text);
    return simplify(document.diagnostics);
}
