/**
 * 规则包的获取：从文件加载（zhishen build 的产物），或就地编译规则源码。
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import type { KnowledgeBase } from '@zhishen/language';
import type { CompileDiagnostic, CompileOutput, Session, SessionInput } from '@zhishen/compiler';
import { openSession } from '@zhishen/compiler';
import type { PackManifest, RulePack } from '@zhishen/runtime';
import { brokenJsonMessage, validateConfig } from '@zhishen/runtime';
import type { DeploymentConfig } from '@zhishen/runtime';
import pc from 'picocolors';
import { loadKb, resolveRulePaths, services, UserError } from './project.js';
import type { ProjectConfig } from './project.js';
import { loadPackFile } from './pack-file.js';

export { loadPackFile };

export interface CompiledRules {
    pack: RulePack;
    output: CompileOutput;
    session: Session;
}

/** 打开规则文件的编译会话（命令行各命令共用一份语言服务）。 */
export async function openRules(files: string[], kb: KnowledgeBase | undefined, options: Pick<SessionInput, 'config' | 'emit'> = {}): Promise<Session> {
    return openSession({ services: services(), sources: readSources(files), kb, root: commonRoot(files), ...options });
}

/** 就地编译规则（run --rules、test、demo）：编译成 factory 格式并实例化，与 build 产物同一条代码路径。 */
export async function compileRules(files: string[], kb: KnowledgeBase | undefined, config?: unknown): Promise<CompiledRules> {
    const session = await openRules(files, kb, { config });
    const output = session.compile();
    const pack = session.pack();
    if (!output.ok || !pack) throw new CompileFailed(output.diagnostics);
    return { pack, output, session };
}

/** 就地编译；有错误时打印诊断并返回 undefined（调用者以退出码 1 结束）。 */
export async function compileOrReport(files: string[], kb: KnowledgeBase | undefined): Promise<CompiledRules | undefined> {
    try {
        return await compileRules(files, kb);
    } catch (error) {
        if (error instanceof CompileFailed) {
            printCompileDiagnostics(error.diagnostics.filter(d => d.severity === 'error'));
            return undefined;
        }
        throw error;
    }
}

export class CompileFailed extends Error {
    constructor(readonly diagnostics: CompileDiagnostic[]) {
        super('规则有错误，未能编译');
    }
}

export function printCompileDiagnostics(diagnostics: CompileDiagnostic[], root?: string): void {
    for (const d of diagnostics) {
        const label = d.severity === 'error' ? pc.red(`错误[${d.code}]`) : pc.yellow(`警告[${d.code}]`);
        const file = root ? resolve(root, d.file) : d.file;
        // 没有源码位置的诊断（如部署配置的错误）不打印位置行
        const where = d.file && d.line > 0 ? `  --> ${file}:${d.line}:${d.column}\n` : '';
        process.stderr.write(`${label}: ${d.message}\n${where}${d.hint ? `  = 提示：${d.hint}\n` : ''}`);
    }
}

export function commonRoot(files: string[]): string {
    if (files.length === 0) return process.cwd();
    let root = dirname(resolve(files[0]));
    for (const file of files) {
        while (!resolve(file).startsWith(root + '/') && root !== '/') root = dirname(root);
    }
    return URI.file(root).path;
}

/** 规则文件 → 编译器的源（URI 与全文）。 */
export function readSources(files: string[]): Array<{ uri: string; text: string }> {
    return files.map(f => ({ uri: URI.file(f).toString(), text: readFileSync(f, 'utf8') }));
}

/** 读取并对照规则包校验部署配置（没有规则包时只读 JSON）。 */
export function readConfig(file: string | undefined, pack: Pick<RulePack, 'manifest'> | PackManifest | undefined): { raw?: unknown; config?: DeploymentConfig } {
    if (!file) return {};
    let raw: unknown;
    const text = readFileSync(file, 'utf8');
    try {
        raw = JSON.parse(text);
    } catch {
        throw new UserError(`部署配置「${file}」${brokenJsonMessage(text)}`);
    }
    if (!pack) return { raw };
    const { config, errors } = validateConfig(raw, 'manifest' in pack ? pack.manifest : pack);
    if (errors.length > 0) throw new UserError(`部署配置「${file}」有 ${errors.length} 处错误：\n  - ${errors.join('\n  - ')}`);
    return { raw, config };
}

export function fileUrl(file: string): string {
    return pathToFileURL(resolve(file)).href;
}

/** --pack 给出的规则包，或 --rules（+ --kb）就地编译（有错误时打印诊断，返回 undefined，调用者以退出码 1 结束）。 */
export async function packFromOptions(options: { pack?: string; rules?: string[]; kb?: string[] }, project: ProjectConfig | undefined): Promise<{ pack: RulePack; compiled?: CompiledRules } | undefined> {
    if (options.pack) return { pack: await loadPackFile(options.pack) };
    const files = resolveRulePaths(options.rules ?? [], project);
    const kb = await loadKb(options.kb, project);
    const compiled = await compileOrReport(files, kb);
    return compiled ? { pack: compiled.pack, compiled } : undefined;
}
