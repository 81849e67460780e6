/**
 * 编译流水线：一组按顺序执行的命名阶段，每个阶段是纯函数。顺序约束写在列表旁。
 *
 *   resolve      规则源码 + 知识库 → 已链接、已校验的文档（语言服务；有错误则停止）
 *   lower        文档 → IR（规则的元数据、参数、行槽、步骤、作用域、结果）
 *   bindParams   部署配置中的参数值 → 参数默认值           （在 expand 之前：仅当 可能用到参数）
 *   expand       知识点表 × 模板 → 实例（行值、仅当、分派代码）（在 fold 之前：行值是常量）
 *   fold         常量子树 → 字面量 / 代码集常量
 *   prune        删去永远不会触发的规则（写明原因）          （在 fold 之后：恒假条件此时才可见）
 *   dispatch     决定按编码分派还是逐条检查                  （在 prune 之后）
 *   emit         IR → ES 模块 + manifest + source map
 * 每个 IR 阶段之后运行 verifyIr。
 */
import type { LangiumDocument } from 'langium';

declare const performance: { now(): number };
import type { Document, KnowledgeBase, ZhishenServices } from '@zhishen/language';
import { buildSources } from '@zhishen/language';
import type { DeploymentConfig } from '@zhishen/runtime';
import type { CompileDiagnostic } from './diagnostics.js';
import type { IrPack } from './ir/ir.js';
import { verifyIr } from './ir/verify.js';
import { Lowerer } from './lower/lower.js';
import { bindParameters } from './passes/bind-parameters.js';
import { expandTemplates } from './passes/expand-templates.js';
import { foldConstants } from './passes/fold-constants.js';
import { pruneNeverFiring } from './passes/prune.js';
import { buildDispatch } from './passes/build-dispatch.js';
import { buildManifest, emitPack } from './codegen/emit.js';
import { validateConfig } from '@zhishen/runtime';
import type { EmitOptions, EmitResult } from './codegen/emit.js';

export interface CompileSource {
    uri: string;
    text: string;
}

export interface CompileInput {
    services: ZhishenServices;
    sources: CompileSource[];
    kb?: KnowledgeBase;
    /** 已校验的部署配置 */
    config?: DeploymentConfig;
    /** 未校验的部署配置（JSON）：在降级后对照 manifest 校验，错误作为编译诊断 */
    rawConfig?: unknown;
    /** 源文件根目录（manifest 与 source map 中的相对路径） */
    root?: string;
    name?: string;
    emit?: EmitOptions;
}

export interface CompileOutput {
    ok: boolean;
    diagnostics: CompileDiagnostic[];
    ir?: IrPack;
    result?: EmitResult;
    /** 每个阶段的耗时（毫秒） */
    timings: Record<string, number>;
}

/** 编译到 IR（不生成代码）：参照解释器与测试从这里开始。 */
export async function compileToIr(input: CompileInput): Promise<{ ok: boolean; diagnostics: CompileDiagnostic[]; ir?: IrPack; timings: Record<string, number> }> {
    const timings: Record<string, number> = {};
    const time = <T>(stage: string, run: () => T): T => {
        const start = performance.now();
        try {
            return run();
        } finally {
            timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
        }
    };
    input.services.kb.KnowledgeBaseProvider.set(input.kb);
    const start = performance.now();
    const documents = await buildSources(input.services, input.sources);
    timings.resolve = performance.now() - start;
    const diagnostics = resolveDiagnostics(documents, input.root);
    if (diagnostics.some(d => d.severity === 'error')) return { ok: false, diagnostics, timings };

    const lowerer = new Lowerer({ services: input.services, documents, kb: input.kb, root: input.root, name: input.name });
    let pack = time('lower', () => lowerer.lower());
    diagnostics.push(...lowerer.diagnostics);
    if (lowerer.diagnostics.some(d => d.severity === 'error')) return { ok: false, diagnostics, timings };
    const compileTime = { kb: input.kb, matchers: lowerer.matchers };
    let config = input.config;
    if (input.rawConfig !== undefined) {
        const checked = validateConfig(input.rawConfig, buildManifest(pack));
        for (const message of checked.errors) diagnostics.push({ severity: 'error', code: 'ZC0201', message: `部署配置：${message}`, file: '', line: 0, column: 0, endLine: 0, endColumn: 0 });
        if (checked.errors.length > 0) return { ok: false, diagnostics, timings };
        config = checked.config;
    }
    const stages: Array<[string, (p: IrPack) => IrPack]> = [
        ['bindParams', p => bindParameters(p, config)],
        ['expand', p => expandTemplates(p, input.kb, compileTime, diagnostics)],
        ['fold', p => foldConstants(p, compileTime)],
        ['prune', p => pruneNeverFiring(p)],
        ['dispatch', p => buildDispatch(p)]
    ];
    verifyIr(pack, 'lower');
    for (const [name, stage] of stages) {
        pack = time(name, () => stage(pack));
        verifyIr(pack, name);
    }
    pack.matchers = lowerer.matchers.all();
    const ok = !diagnostics.some(d => d.severity === 'error');
    return { ok, diagnostics, ir: pack, timings };
}

/** 完整编译：源码 → 规则包。 */
export async function compile(input: CompileInput): Promise<CompileOutput> {
    const staged = await compileToIr(input);
    if (!staged.ok || !staged.ir) return { ok: false, diagnostics: staged.diagnostics, ir: staged.ir, timings: staged.timings };
    const start = performance.now();
    const result = emitPack(staged.ir, input.emit);
    staged.timings.emit = performance.now() - start;
    return { ok: true, diagnostics: staged.diagnostics, ir: staged.ir, result, timings: staged.timings };
}

function resolveDiagnostics(documents: Array<LangiumDocument<Document>>, root: string | undefined): CompileDiagnostic[] {
    const result: CompileDiagnostic[] = [];
    for (const document of documents) {
        const path = document.uri.path;
        const file = root && path.startsWith(root) ? path.slice(root.length).replace(/^\/+/, '') : path;
        for (const d of document.diagnostics ?? []) {
            if ((d.severity ?? 1) > 2) continue;
            const data = d.data as { message?: string; hint?: string } | undefined;
            result.push({
                severity: d.severity === 2 ? 'warning' : 'error',
                code: String(d.code ?? ''),
                message: data?.message ?? d.message,
                hint: data?.hint,
                file,
                line: d.range.start.line + 1,
                column: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1
            });
        }
    }
    return result;
}
