/**
 * zhishen fmt：格式化规则文件（与编辑器“格式化文档”相同）。--check 只检查不改写，有需要格式化的文件时退出码 1。
 */
import { writeFileSync } from 'node:fs';
import pc from 'picocolors';
import { formatDocument } from '@zhishen/language';
import { projectConfigFor, loadProject, resolveRulePaths, displayPath } from '../project.js';

export async function fmtCommand(paths: string[], options: { check?: boolean }): Promise<number> {
    const files = resolveRulePaths(paths, projectConfigFor(paths));
    const project = await loadProject(files, undefined, { validation: false });
    let changed = 0;
    let failed = 0;
    for (const document of project.documents) {
        const file = displayPath(document.uri.fsPath);
        const result = formatDocument(document);
        if (!result.ok) {
            failed++;
            process.stderr.write(`${pc.red('未格式化')} ${file}：${result.reason}\n`);
            continue;
        }
        if (!result.changed) continue;
        changed++;
        if (options.check) process.stdout.write(`${pc.yellow('需要格式化')} ${file}\n`);
        else {
            writeFileSync(document.uri.fsPath, result.text);
            process.stdout.write(`${pc.green('已格式化')} ${file}\n`);
        }
    }
    const verb = options.check ? '需要格式化' : '已格式化';
    process.stdout.write(`${files.length} 个文件，${changed} 个${verb}${failed ? `，${failed} 个因语法错误未处理` : ''}。\n`);
    return failed > 0 || (options.check && changed > 0) ? 1 : 0;
}
