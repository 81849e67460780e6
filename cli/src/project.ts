/**
 * 命令行的“项目”：找规则文件、读 zhishen.json、加载知识库、构建文档。CLI 是唯一读写文件的地方。
 *
 * zhishen.json（从当前目录向上查找）：
 *   { "rules": ["rules"], "kb": ["kb"], "config": "overrides.json", "历史来源": ["settled/day1.ndjson"] }
 * 历史来源（或 "history"）：实时审核时已结算理赔的 NDJSON（history.ts；zhishen run 与它们一起求值，校验因此接受读筛查集合的 事前 / 事中 规则）。
 * 路径相对于 zhishen.json 所在目录。命令行参数优先。
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { Document, KnowledgeBase, ZhishenServices } from '@zhishen/language';
import { brokenJsonMessage } from '@zhishen/runtime';
import { buildSources, createZhishenCoreServices, ensurePreludeDocument } from '@zhishen/language';
import { loadKnowledgeBaseFolders } from '@zhishen/language/kb-node';
import { NodeFileSystem } from 'langium/node';

export interface ProjectConfig {
    file: string;
    dir: string;
    rules?: string[];
    kb?: string[];
    config?: string;
    /** 历史来源："历史来源" / "history"：已结算理赔的 NDJSON（实时审核时跨理赔规则用，history.ts） */
    history?: string[];
}

export { UserError } from './errors.js';
import { UserError } from './errors.js';

export function findProjectConfig(start = process.cwd()): ProjectConfig | undefined {
    let dir = resolve(start);
    for (;;) {
        const file = join(dir, 'zhishen.json');
        if (existsSync(file)) {
            let raw: unknown;
            const text = readFileSync(file, 'utf8');
            try {
                raw = JSON.parse(text);
            } catch {
                throw new UserError(`${file} ${brokenJsonMessage(text)}`);
            }
            const data = (raw ?? {}) as { rules?: unknown; kb?: unknown; config?: unknown; history?: unknown; 历史来源?: unknown };
            const list = (value: unknown) => value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(v => resolve(dir, String(v)));
            return {
                file, dir, rules: list(data.rules), kb: list(data.kb), config: typeof data.config === 'string' ? resolve(dir, data.config) : undefined,
                history: list(data.历史来源 ?? data.history)
            };
        }
        const parent = dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
}

/** 展开路径：目录递归找 .zs；文件原样（必须存在）。 */
export function collectRuleFiles(paths: string[]): string[] {
    const result = new Set<string>();
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'dist') continue;
            const full = join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith('.zs')) result.add(full);
        }
    };
    for (const path of paths) {
        const full = resolve(path);
        if (!existsSync(full)) throw new UserError(`找不到「${path}」：请检查路径`);
        if (statSync(full).isDirectory()) walk(full);
        else result.add(full);
    }
    return [...result];
}

/** 项目配置：从第一个给出的路径（或当前目录）向上找 zhishen.json。配置了历史来源时告诉校验（ZS0222）。 */
export function projectConfigFor(paths: string[]): ProjectConfig | undefined {
    let found: ProjectConfig | undefined;
    if (paths.length > 0) {
        const first = resolve(paths[0]);
        const start = existsSync(first) && statSync(first).isFile() ? dirname(first) : first;
        found = findProjectConfig(start);
    }
    found ??= findProjectConfig();
    if (found?.history) useHistorySource(found.history);
    return found;
}

/** 校验按“配置了历史来源”对待读筛查集合的实时规则（ZS0222 不报）。 */
export function useHistorySource(files: readonly string[]): void {
    services().deployment.Settings.historySource = files.map(displayPath).join('、');
}

export function resolveRulePaths(paths: string[], config: ProjectConfig | undefined): string[] {
    if (paths.length > 0) return collectRuleFiles(paths);
    if (config?.rules) return collectRuleFiles(config.rules);
    return collectRuleFiles(['.']);
}

export async function loadKb(option: string[] | string | undefined, config: ProjectConfig | undefined): Promise<KnowledgeBase | undefined> {
    const dirs = option === undefined ? config?.kb : Array.isArray(option) ? option : [option];
    if (!dirs || dirs.length === 0) return undefined;
    try {
        return await loadKnowledgeBaseFolders(dirs.map(d => resolve(d)));
    } catch (error) {
        throw new UserError((error as Error).message);
    }
}

export interface LoadedProject {
    services: ZhishenServices;
    documents: Array<LangiumDocument<Document>>;
    files: string[];
    kb?: KnowledgeBase;
}

let cachedServices: ZhishenServices | undefined;

export function services(): ZhishenServices {
    cachedServices ??= createZhishenCoreServices(NodeFileSystem).Zhishen;
    return cachedServices;
}

/**
 * 先开始读知识库（文件在线程池里读），读的同时在主线程上构造语言服务、解析内置库（两者都与知识库无关）；
 * 然后等知识库、构建文档。zhishen check 新进程里省下读文件的时间（bench/README「zhishen check」）。
 */
export async function loadProjectWithKb(files: string[], kbOption: string[] | string | undefined, config: ProjectConfig | undefined, options: { validation?: boolean } = {}): Promise<LoadedProject> {
    const loading = loadKb(kbOption, config);
    ensurePreludeDocument(services().shared);
    return loadProject(files, await loading, options);
}

export async function loadProject(files: string[], kb: KnowledgeBase | undefined, options: { validation?: boolean } = {}): Promise<LoadedProject> {
    const zhishen = services();
    zhishen.kb.KnowledgeBaseProvider.set(kb);
    const sources = files.map(file => ({ uri: URI.file(file).toString(), text: readFileSync(file, 'utf8') }));
    const documents = await buildSources(zhishen, sources, options);
    return { services: zhishen, documents, files, kb };
}

export function displayPath(file: string): string {
    const rel = relative(process.cwd(), file);
    return rel.startsWith('..') ? file : rel || file;
}
