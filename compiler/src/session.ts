/**
 * 编译会话：一组规则源码 + 知识库打开一次，文档、诊断、测试、IR、规则包、测试运行、在理赔上求值都从这里取。
 * 命令行（check / build / test / run --rules）、语言服务器的运行器、演练场的 worker、标准规则的测试用的都是它——
 * “编译 → 实例化 → 收集测试 → 运行测试”这条路只写这一次。
 *
 * 会话持有语言服务里的文档：同一份语言服务再打开新的会话，旧会话的文档就被替换（宿主按顺序使用，见 cli/src/commands/lsp.ts）。
 */
import type { LangiumDocument } from 'langium';
import type { Document, KnowledgeBase, ZhishenServices } from '@zhishen/language';
import { createZhishenCoreServices } from '@zhishen/language';
import type { EngineOptions, EvaluationOutput, RulePack } from '@zhishen/runtime';
import { createEngine } from '@zhishen/runtime';
import type { CompileDiagnostic } from './diagnostics.js';
import type { CompileOutput, CompileSource, IrOutput, Stage } from './pipeline.js';
import { emitStage, lowerAndOptimize, resolve } from './pipeline.js';
import type { EmitOptions } from './backends/js/emit.js';
import { instantiateFactory } from './backends/js/instantiate.js';
import { interpretPack } from './backends/interpret/pack.js';
import type { RunTestsOptions, TestReport, TestSpec } from './testing/tests.js';
import { collectTests, runTests } from './testing/tests.js';

export type SessionBackend = 'js' | 'interpreter';

export interface SessionInput {
    sources: CompileSource[];
    kb?: KnowledgeBase;
    /** 部署配置（JSON，未校验）：编译时对照规则包校验并绑定参数 */
    config?: unknown;
    /** 源文件根目录（诊断、manifest 与 source map 中的相对路径） */
    root?: string;
    name?: string;
    /** 语言服务（核心）；不给时新建一份 */
    services?: ZhishenServices;
    /** JS 后端的生成选项（默认 factory 格式，在进程内实例化） */
    emit?: EmitOptions;
}

export interface Session {
    readonly services: ZhishenServices;
    readonly documents: Array<LangiumDocument<Document>>;
    /** 解析、链接、校验的诊断（错误与警告） */
    readonly diagnostics: CompileDiagnostic[];
    readonly tests: TestSpec[];
    /** 文档有错误（不能编译） */
    readonly hasErrors: boolean;
    /** IR，到某个阶段为止（默认全部 IR 阶段） */
    ir(stopAfter?: Stage): IrOutput;
    /** 完整编译（缓存）：含编译阶段的诊断 */
    compile(): CompileOutput;
    /** 规则包：js 为生成的代码（实例化后的模块），interpreter 为参照解释器；编译失败时 undefined */
    pack(backend?: SessionBackend): RulePack | undefined;
    /** 运行测试（默认全部；tests 给出其中一部分）；pack 不给时用会话的规则包 */
    runTests(options: RunTestsOptions & { backend?: SessionBackend; pack?: RulePack; tests?: TestSpec[] }): TestReport | undefined;
    evaluate(input: unknown, options?: EngineOptions & { backend?: SessionBackend }): EvaluationOutput | undefined;
}

export async function openSession(input: SessionInput): Promise<Session> {
    const services = input.services ?? createZhishenCoreServices().Zhishen;
    const compileInput = { services, kb: input.kb, rawConfig: input.config, root: input.root, name: input.name };
    const resolved = await resolve({ ...compileInput, sources: input.sources });
    const tests = collectTests(services, resolved.documents);
    const hasErrors = resolved.diagnostics.some(d => d.severity === 'error');
    let compiled: CompileOutput | undefined;
    const packs = new Map<SessionBackend, RulePack | undefined>();
    const session: Session = {
        services,
        documents: resolved.documents,
        diagnostics: resolved.diagnostics,
        tests,
        hasErrors,
        ir(stopAfter) {
            if (hasErrors) return { ok: false, diagnostics: [...resolved.diagnostics], timings: { resolve: resolved.ms } };
            return lowerAndOptimize(resolved.documents, compileInput, { stopAfter, diagnostics: [...resolved.diagnostics], timings: { resolve: resolved.ms } });
        },
        compile() {
            compiled ??= emitStage(session.ir(), input.emit ?? { format: 'factory' });
            return compiled;
        },
        pack(backend = 'js') {
            if (packs.has(backend)) return packs.get(backend);
            const output = session.compile();
            let pack: RulePack | undefined;
            if (output.ok && output.result && output.ir) {
                if (backend === 'interpreter') pack = interpretPack(output.ir, output.result.manifest.id);
                else if ((input.emit?.format ?? 'factory') === 'factory') pack = instantiateFactory(output.result.code);
                else throw new Error('会话的规则包：ES 模块格式要由宿主加载（用 compile().result.code），factory 格式才能直接实例化');
            }
            packs.set(backend, pack);
            return pack;
        },
        runTests(options) {
            const pack = options.pack ?? session.pack(options.backend);
            return pack ? runTests(pack, options.tests ?? tests, options) : undefined;
        },
        evaluate(claim, options = {}) {
            const pack = session.pack(options.backend);
            return pack ? createEngine(pack, options).evaluate(claim) : undefined;
        }
    };
    return session;
}
