/**
 * zhishen test：运行规则文件中的 测试 块。失败时给出期望与实际的对照；--coverage 报告规则与条件覆盖；
 * 有失败或一个测试都没运行时退出码 1。报告格式：text（中文）、json、junit（CI 用）。
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { URI } from 'langium';
import pc from 'picocolors';
import type { TestReport } from '@zhishen/compiler';
import { parseClaimFile } from '@zhishen/compiler';
import { projectConfigFor, loadKb, resolveRulePaths, UserError, displayPath } from '../project.js';
import { compileOrReport } from '../packs.js';

export interface TestOptions {
    kb?: string[];
    reporter?: 'text' | 'json' | 'junit';
    coverage?: boolean;
}

export async function testCommand(paths: string[], options: TestOptions): Promise<number> {
    const project = projectConfigFor(paths);
    const files = resolveRulePaths(paths, project);
    const kb = await loadKb(options.kb, project);
    const compiled = await compileOrReport(files, kb);
    if (!compiled) return 1;
    const report = compiled.session.runTests({
        pack: compiled.pack,
        coverage: options.coverage,
        readClaimFile: (testUri, file) => {
            const path = resolve(dirname(URI.parse(testUri).fsPath), file);
            let text: string;
            try {
                text = readFileSync(path, 'utf8');
            } catch {
                throw new UserError(`找不到理赔文件「${displayPath(path)}」`);
            }
            try {
                return parseClaimFile(path, text);
            } catch (error) {
                throw new UserError(`理赔文件「${displayPath(path)}」${(error as Error).message}`);
            }
        }
    })!;
    switch (options.reporter) {
        case 'json': process.stdout.write(JSON.stringify(jsonReport(report), null, 2) + '\n'); break;
        case 'junit': process.stdout.write(junitReport(report)); break;
        default: process.stdout.write(textReport(report));
    }
    if (report.results.length === 0) {
        process.stderr.write(pc.red('一个测试都没有运行：在规则文件中写 测试 "名称" { 理赔 … 期望 … }\n'));
        return 1;
    }
    return report.failed > 0 ? 1 : 0;
}

function where(uri: string, line: number): string {
    return `${displayPath(URI.parse(uri).fsPath)}:${line}`;
}

function textReport(report: TestReport): string {
    const out: string[] = [];
    for (const result of report.results) {
        const ms = pc.dim(` ${result.durationMs.toFixed(0)}ms`);
        if (result.passed) {
            out.push(`${pc.green('✓')} ${result.test.name}${ms}`);
            continue;
        }
        out.push(`${pc.red('✗')} ${result.test.name}${ms}  ${pc.dim(where(result.test.location.uri, result.test.location.line))}`);
        if (result.error) out.push(`    ${pc.red(result.error)}`);
        for (const e of result.expectations) {
            if (e.passed) continue;
            out.push(`    ${pc.bold(e.expectation.text)}  ${pc.dim(where(e.expectation.location.uri, e.expectation.location.line))}`);
            out.push(...(e.expected ?? '').split('\n').map(l => `      ${pc.green('- 期望')} ${l}`));
            out.push(...(e.actual ?? '').split('\n').map(l => `      ${pc.red('+ 实际')} ${l}`));
        }
    }
    if (report.coverage) {
        const c = report.coverage;
        out.push('', pc.bold(`覆盖率：规则 ${c.firedRules}/${c.totalRules} 有测试触发，条件 ${c.passedSteps}/${c.totalSteps} 成立过（${c.evaluatedSteps} 个求值过）`));
        for (const rule of c.rules) {
            const missing = rule.steps.filter(s => !s.passed);
            if (rule.fired && missing.length === 0) continue;
            out.push(`  ${rule.fired ? pc.yellow('部分') : pc.red('未触发')} ${rule.id} ${rule.name}`);
            for (const step of missing) out.push(pc.dim(`      第 ${step.line} 行 ${step.evaluated ? '从未成立' : '从未求值'}：${step.text}`));
        }
    }
    const summary = `${report.passed} 个通过，${report.failed} 个失败（共 ${report.results.length} 个测试）`;
    out.push('', report.failed > 0 ? pc.red(summary) : pc.green(summary));
    // 通用的结尾行（CI 读取）
    out.push(`${report.passed} passed, ${report.failed} failed`);
    return out.join('\n') + '\n';
}

function jsonReport(report: TestReport) {
    return {
        passed: report.passed,
        failed: report.failed,
        tests: report.results.map(r => ({
            name: r.test.name,
            file: URI.parse(r.test.location.uri).fsPath,
            line: r.test.location.line,
            passed: r.passed,
            error: r.error,
            durationMs: Math.round(r.durationMs),
            expectations: r.expectations.map(e => ({ text: e.expectation.text, line: e.expectation.location.line, passed: e.passed, expected: e.expected, actual: e.actual }))
        })),
        coverage: report.coverage
    };
}

function xml(text: string): string {
    return text.replace(/[<>&"']/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function junitReport(report: TestReport): string {
    const cases = report.results.map(r => {
        const file = URI.parse(r.test.location.uri).fsPath;
        const head = `  <testcase classname="${xml(displayPath(file))}" name="${xml(r.test.name)}" time="${(r.durationMs / 1000).toFixed(3)}" file="${xml(file)}" line="${r.test.location.line}">`;
        if (r.passed) return `${head}</testcase>`;
        const detail = [r.error ?? '', ...r.expectations.filter(e => !e.passed).map(e => `${e.expectation.text}\n期望：${e.expected}\n实际：${e.actual}`)].filter(Boolean).join('\n\n');
        return `${head}\n    <failure message="${xml(r.error ?? '期望不满足')}">${xml(detail)}</failure>\n  </testcase>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="zhishen" tests="${report.results.length}" failures="${report.failed}">\n${cases.join('\n')}\n</testsuite>\n`;
}
