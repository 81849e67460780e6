/**
 * zhishen check：检查规则文件，像编译器一样报告诊断；有错误时退出码 1。
 */
import pc from 'picocolors';
import { projectConfigFor, loadProjectWithKb, resolveRulePaths, displayPath } from '../project.js';
import { formatDiagnostic, toJson } from '../diagnostics-printer.js';
import type { FileDiagnostic } from '../diagnostics-printer.js';

export interface CheckOptions {
    kb?: string[];
    format?: 'text' | 'json';
    warningsAsErrors?: boolean;
}

export async function checkCommand(paths: string[], options: CheckOptions): Promise<number> {
    const config = projectConfigFor(paths);
    const files = resolveRulePaths(paths, config);
    const project = await loadProjectWithKb(files, options.kb, config);
    const kb = project.kb;
    const items: FileDiagnostic[] = [];
    for (const document of project.documents) {
        const file = displayPath(document.uri.fsPath);
        const text = document.textDocument.getText();
        for (const diagnostic of document.diagnostics ?? []) {
            if ((diagnostic.severity ?? 1) > 2) continue;
            items.push({ file, text, diagnostic });
        }
    }
    items.sort((a, b) => a.file.localeCompare(b.file) || a.diagnostic.range.start.line - b.diagnostic.range.start.line || a.diagnostic.range.start.character - b.diagnostic.range.start.character);
    const errors = items.filter(i => (i.diagnostic.severity ?? 1) === 1).length;
    const warnings = items.length - errors;
    const rules = project.documents.reduce((n, d) => n + d.parseResult.value.elements.filter(e => e.$type === 'Rule').length, 0);
    if (options.format === 'json') {
        process.stdout.write(JSON.stringify({ files: files.length, rules, errors, warnings, kb: kb ? { name: kb.name, id: kb.id } : null, diagnostics: items.map(toJson) }, null, 2) + '\n');
    } else {
        for (const item of items) process.stdout.write(formatDiagnostic(item) + '\n\n');
        const kbNote = kb ? `知识库「${kb.name}」` : pc.dim('未加载知识库（--kb <目录>）：编码与知识点表未校验');
        const summary = `检查了 ${files.length} 个文件、${rules} 条规则；${errors} 个错误，${warnings} 个警告。${kbNote}`;
        process.stdout.write((errors > 0 ? pc.red(summary) : warnings > 0 ? pc.yellow(summary) : pc.green(summary)) + '\n');
    }
    return errors > 0 || (options.warningsAsErrors && warnings > 0) ? 1 : 0;
}
