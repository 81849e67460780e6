/**
 * 编译器测试工具：编译源码（内存中）、加载生成的规则包（写入临时目录后 import）、用两个后端求值。
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSources, createZhishenCoreServices } from '@zhishen/language';
import type { KnowledgeBase, ZhishenServices } from '@zhishen/language';
import type { DeploymentConfig, EngineOptions, RulePack } from '@zhishen/runtime';
import { createEngine } from '@zhishen/runtime';
import { collectTests, compile, interpretPack } from '../src/index.js';
import type { CompileOutput, TestSpec } from '../src/index.js';

export const RUNTIME_SOURCE = fileURLToPath(new URL('../../runtime/src/index.ts', import.meta.url));

let services: ZhishenServices | undefined;
function zhishen(): ZhishenServices {
    services ??= createZhishenCoreServices().Zhishen;
    return services;
}

/** 本文件共用的语言服务。 */
export function languageServices(): ZhishenServices {
    return zhishen();
}

export interface CompileOptions {
    kb?: KnowledgeBase;
    /** 已校验的部署配置 */
    config?: DeploymentConfig;
    /** 未校验的部署配置（JSON）：编译器对照 manifest 校验 */
    rawConfig?: unknown;
}

/** 源文件名 → 编译时用的 URI。 */
export function sourceUri(name: string): string {
    return `file:///rules/${name}`;
}

export async function compileText(files: Record<string, string> | string, options: CompileOptions = {}): Promise<CompileOutput> {
    const map = typeof files === 'string' ? { 'rules.zs': files } : files;
    return compile({
        services: zhishen(),
        sources: Object.entries(map).map(([name, text]) => ({ uri: sourceUri(name), text })),
        kb: options.kb,
        config: options.config,
        rawConfig: options.rawConfig,
        root: '/rules',
        emit: { runtimeImport: pathToFileURL(RUNTIME_SOURCE).href, fileName: `pack-${counter + 1}.mjs` }
    });
}

let dir: string | undefined;
let counter = 0;

/** 把生成的规则包写到临时目录并导入。 */
export async function loadGenerated(output: CompileOutput): Promise<RulePack> {
    if (!output.result) throw new Error('编译失败：' + output.diagnostics.map(d => `${d.file}:${d.line} ${d.code} ${d.message}`).join('\n'));
    dir ??= mkdtempSync(join(tmpdir(), 'zhishen-pack-'));
    const file = join(dir, `pack-${++counter}.mjs`);
    writeFileSync(file, output.result.code);
    writeFileSync(file + '.map', output.result.sourceMap);
    const module = await import(/* @vite-ignore */ pathToFileURL(file).href);
    return module.default as RulePack;
}

export interface Backends {
    compiled: RulePack;
    interpreted: RulePack;
    output: CompileOutput;
}

export async function bothBackends(files: Record<string, string> | string, options: CompileOptions = {}): Promise<Backends> {
    const output = await compileText(files, options);
    const compiled = await loadGenerated(output);
    const interpreted = interpretPack(output.ir!, compiled.manifest.id);
    return { compiled, interpreted, output };
}

/** 用两个后端审核同一请求，断言输出逐字节相同，返回输出。 */
export function evaluateBoth(backends: Backends, request: unknown, options: EngineOptions = {}) {
    const a = createEngine(backends.compiled, options).evaluate(request);
    const b = createEngine(backends.interpreted, options).evaluate(request);
    const left = JSON.stringify(a);
    const right = JSON.stringify(b);
    if (left !== right) throw new Error(`生成的规则包与参照解释器输出不同：\n规则包：${left}\n解释器：${right}`);
    return a;
}

/** 收集源码中的 测试 块（与 compileText 相同的 URI）。 */
export async function collectTestsOf(files: Record<string, string> | string, kb?: KnowledgeBase): Promise<TestSpec[]> {
    const map = typeof files === 'string' ? { 'rules.zs': files } : files;
    const services = zhishen();
    services.kb.KnowledgeBaseProvider.set(kb);
    const documents = await buildSources(services, Object.entries(map).map(([name, text]) => ({ uri: sourceUri(name), text })), { validation: false });
    return collectTests(services, documents);
}
