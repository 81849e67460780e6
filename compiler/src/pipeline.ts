/**
 * 编译流水线：一张按顺序执行的命名阶段表。每个阶段从上一阶段的值得到新的值（不改输入）；顺序约束写在表旁。
 * 每个 IR 阶段之后运行 verifyIr；某阶段产生了错误诊断，流水线在它之后停止。
 */
import type { LangiumDocument } from 'langium';
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
import type { IrPass, PassContext } from './passes/context.js';
import { emitPack } from './backends/js/emit.js';
import type { EmitOptions, EmitResult } from './backends/js/emit.js';

declare const performance: { now(): number };

/**
 *   resolve      规则源码 + 知识库 → 已链接、已校验的文档（语言服务；有错误则停止）
 *   lower        文档 → IR（规则的元数据、参数、行槽、步骤、作用域、结果；运算已按类型决定）
 *   bindParams   部署配置中的参数值 → 参数默认值          在 expand 之前：仅当 可能用到参数
 *   expand       知识点表 × 模板 → 实例（行值、仅当、分派代码）  在 fold 之前：行值此时才是常量
 *   fold         常量子树 → 字面量 / 代码集常量
 *   prune        删去永远不会触发的规则（写明原因）        在 fold 之后：恒假的条件此时才可见
 *   dispatch     决定按编码分派还是逐条检查                在 prune 之后：只为留下的规则建索引
 *   emit         IR → ES 模块 + manifest + source map（JS 后端）
 */
export const STAGES = ['resolve', 'lower', 'bindParams', 'expand', 'fold', 'prune', 'dispatch', 'emit'] as const;

export type Stage = typeof STAGES[number];

/** IR 阶段（lower 与 emit 之间），顺序即 STAGES 中的顺序。 */
export const PASSES: readonly IrPass[] = [
    { name: 'bindParams', run: bindParameters },
    { name: 'expand', run: expandTemplates },
    { name: 'fold', run: foldConstants },
    { name: 'prune', run: pruneNeverFiring },
    { name: 'dispatch', run: buildDispatch }
];

if (PASSES.map(p => p.name).join() !== STAGES.slice(2, -1).join()) throw new Error('编译器内部错误：PASSES 与 STAGES 不一致');

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
    /** 未校验的部署配置（JSON）：在 bindParams 阶段对照规则包校验，错误作为编译诊断 */
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

export interface IrOutput {
    ok: boolean;
    diagnostics: CompileDiagnostic[];
    /** 最后完成的阶段的 IR（出错时是出错之前的那一个） */
    ir?: IrPack;
    /** 已完成的阶段 */
    stage?: Stage;
    timings: Record<string, number>;
}

/** resolve：把源码建成已校验的文档。 */
export async function resolve(input: CompileInput): Promise<{ documents: Array<LangiumDocument<Document>>; diagnostics: CompileDiagnostic[]; ms: number }> {
    const start = performance.now();
    input.services.kb.KnowledgeBaseProvider.set(input.kb);
    const documents = await buildSources(input.services, input.sources);
    return { documents, diagnostics: documentDiagnostics(documents, input.root), ms: performance.now() - start };
}

/** 已建好的文档 → IR，到 stopAfter 为止（默认全部 IR 阶段，即 dispatch）。 */
export function lowerAndOptimize(
    documents: Array<LangiumDocument<Document>>,
    input: Omit<CompileInput, 'sources'>,
    options: { stopAfter?: Stage; diagnostics?: CompileDiagnostic[]; timings?: Record<string, number> } = {}
): IrOutput {
    const diagnostics = options.diagnostics ?? [];
    const timings = options.timings ?? {};
    const time = <T>(stage: string, run: () => T): T => {
        const start = performance.now();
        try {
            return run();
        } finally {
            timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
        }
    };
    const failed = () => diagnostics.some(d => d.severity === 'error');
    const lowerer = new Lowerer({ services: input.services, documents, kb: input.kb, root: input.root, name: input.name });
    let pack = time('lower', () => lowerer.lower());
    diagnostics.push(...lowerer.diagnostics);
    if (failed()) return { ok: false, diagnostics, timings };
    verifyIr(pack, 'lower');
    if (options.stopAfter === 'lower') return { ok: true, diagnostics, ir: pack, stage: 'lower', timings };
    const context: PassContext = { kb: input.kb, config: input.config, rawConfig: input.rawConfig, diagnostics };
    let stage: Stage = 'lower';
    for (const pass of PASSES) {
        const next = time(pass.name, () => pass.run(pack, context));
        if (failed()) return { ok: false, diagnostics, ir: pack, stage, timings };
        verifyIr(next, pass.name);
        pack = next;
        stage = pass.name as Stage;
        if (options.stopAfter === stage) break;
    }
    return { ok: true, diagnostics, ir: pack, stage, timings };
}

/** 编译到 IR（不生成代码）：参照解释器、IR 打印与测试从这里开始。 */
export async function compileToIr(input: CompileInput, options: { stopAfter?: Stage } = {}): Promise<IrOutput> {
    const timings: Record<string, number> = {};
    const resolved = await resolve(input);
    timings.resolve = resolved.ms;
    if (resolved.diagnostics.some(d => d.severity === 'error') || options.stopAfter === 'resolve') {
        return { ok: !resolved.diagnostics.some(d => d.severity === 'error'), diagnostics: resolved.diagnostics, timings };
    }
    return lowerAndOptimize(resolved.documents, input, { stopAfter: options.stopAfter, diagnostics: resolved.diagnostics, timings });
}

/** 完整编译：源码 → 规则包。 */
export async function compile(input: CompileInput): Promise<CompileOutput> {
    const staged = await compileToIr(input);
    return emitStage(staged, input.emit);
}

/** emit：IR → 规则包（JS 后端）。 */
export function emitStage(staged: IrOutput, options?: EmitOptions): CompileOutput {
    if (!staged.ok || !staged.ir) return { ok: false, diagnostics: staged.diagnostics, ir: staged.ir, timings: staged.timings };
    const start = performance.now();
    const result = emitPack(staged.ir, options);
    staged.timings.emit = performance.now() - start;
    return { ok: true, diagnostics: staged.diagnostics, ir: staged.ir, result, timings: staged.timings };
}

/** 文档的诊断（错误与警告）→ 编译诊断（文件为相对 root 的路径，行列从 1 起）。 */
export function documentDiagnostics(documents: Array<LangiumDocument<Document>>, root: string | undefined): CompileDiagnostic[] {
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
