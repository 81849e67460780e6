/**
 * 启动智审语言服务器：标准 LSP（由 Langium 接到连接上）+ 自定义消息（protocol.ts）。
 * Node（标准输入输出 / IPC）与浏览器 worker 共用；宿主只决定连接、文件系统、怎样读知识库文件夹、是否能运行测试。
 */
import type { LangiumDocument } from 'langium';
import { DocumentState, URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import {
    addCallHierarchyHandler, addCodeActionHandler, addCodeLensHandler, addConfigurationChangeHandler,
    addDocumentHighlightHandler, addDocumentLinkHandler, addDocumentSymbolHandler, addDocumentUpdateHandler, addExecuteCommandHandler,
    addFileOperationHandler, addFindReferencesHandler, addFoldingRangeHandler, addFormattingHandler, addGoToDeclarationHandler,
    addGoToImplementationHandler, addGoToTypeDefinitionHandler, addGotoDefinitionHandler, addHoverHandler, addInlayHintHandler,
    addRenameHandler, addSemanticTokenHandler, addSignatureHelpHandler, addTypeHierarchyHandler, addWorkspaceSymbolHandler
} from 'langium/lsp';
import type { DefaultSharedModuleContext } from 'langium/lsp';
import type { Document } from '../generated/ast.js';
import { isExpectation, isTestCase } from '../generated/ast.js';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { PRELUDE_TEXT } from '../builtins/prelude.js';
import type { KbFile } from '../kb/types.js';
import type {
    BuildPackParams, BuildPackResult, BuiltinSourceParams, EvaluateParams, EvaluateResult, ListTestsParams, ListTestsResult,
    RunTestsParams, RunTestsResult, SetKnowledgeBaseParams, SetParameterOverridesParams, TestInfo, WhyNotParams, WhyNotResult, ZhishenStatus
} from './protocol.js';
import { ZhishenMethods } from './protocol.js';
import type { ZhishenHost } from './project.js';
import type { RunnerInput, ZhishenRunner } from './runner.js';
import type { ZhishenLspServices, ZhishenSharedLspServices } from './zhishen-lsp-module.js';
import { createZhishenServices } from './zhishen-lsp-module.js';
import type { ZhishenCompletionProvider } from './completion.js';

export interface ZhishenServerOptions {
    connection: Connection;
    /** 文件系统（Node：langium/node 的 NodeFileSystem；浏览器：EmptyFileSystem） */
    fileSystem: Omit<DefaultSharedModuleContext, 'connection'>;
    host?: ZhishenHost;
    runner?: ZhishenRunner;
    /** 慢速校验的延迟（毫秒，默认 250） */
    slowValidationDelay?: number;
}

export interface ZhishenServer {
    shared: ZhishenSharedLspServices;
    Zhishen: ZhishenLspServices;
}

const NO_RUNNER = '这个编辑器宿主不能运行规则（没有编译器）：请用 zhishen lsp（命令行）或 VS Code 扩展启动语言服务器';

/** 创建服务、接好所有处理器并开始监听连接。 */
export function startZhishenServer(options: ZhishenServerOptions): ZhishenServer {
    const { connection } = options;
    const { shared, Zhishen } = createZhishenServices({ connection, ...options.fileSystem }, options.host ?? {});
    const project = shared.zhishen.Project;
    project.canRun = !!options.runner;
    if (options.slowValidationDelay !== undefined) shared.zhishen.Diagnostics.slowDelay = options.slowValidationDelay;
    shared.lsp.LanguageServer.onInitialize(params => {
        const options = params.initializationOptions as { slowValidationDelay?: unknown; referenceUrl?: unknown } | undefined;
        const delay = options?.slowValidationDelay;
        if (typeof delay === 'number' && delay >= 0) shared.zhishen.Diagnostics.slowDelay = delay;
        if (typeof options?.referenceUrl === 'string') project.referenceUrl = options.referenceUrl;
    });

    registerLanguageHandlers(connection, shared);
    registerZhishenHandlers(connection, shared, Zhishen, options.runner);

    connection.onInitialize(params => shared.lsp.LanguageServer.initialize(params));
    connection.onInitialized(params => shared.lsp.LanguageServer.initialized(params));
    shared.workspace.TextDocuments.listen(connection);
    connection.listen();
    return { shared, Zhishen };
}

/** 同 langium/lsp 的 startLanguageServer，但诊断由 DiagnosticsPublisher 发布（慢速校验延后、内置库不发布）。 */
function registerLanguageHandlers(connection: Connection, shared: ZhishenSharedLspServices): void {
    addDocumentUpdateHandler(connection, shared);
    addFileOperationHandler(connection, shared);
    shared.zhishen.Diagnostics.attach(connection);
    addQuickCompletionHandler(connection, shared);
    addFindReferencesHandler(connection, shared);
    addDocumentSymbolHandler(connection, shared);
    addGotoDefinitionHandler(connection, shared);
    addGoToTypeDefinitionHandler(connection, shared);
    addGoToImplementationHandler(connection, shared);
    addDocumentHighlightHandler(connection, shared);
    addFoldingRangeHandler(connection, shared);
    addFormattingHandler(connection, shared);
    addCodeActionHandler(connection, shared);
    addRenameHandler(connection, shared);
    addHoverHandler(connection, shared);
    addInlayHintHandler(connection, shared);
    addSemanticTokenHandler(connection, shared);
    addExecuteCommandHandler(connection, shared);
    addSignatureHelpHandler(connection, shared);
    addCallHierarchyHandler(connection, shared);
    addTypeHierarchyHandler(connection, shared);
    addCodeLensHandler(connection, shared);
    addDocumentLinkHandler(connection, shared);
    addConfigurationChangeHandler(connection, shared);
    addGoToDeclarationHandler(connection, shared);
    addWorkspaceSymbolHandler(connection, shared);
}

/**
 * 补全：光标在字符串里（知识库编码、知识点表名）时直接按当前文本应答，不等文档重建；
 * 其他位置与 langium/lsp 的 addCompletionHandler 相同：等文档链接完成再补全。
 */
function addQuickCompletionHandler(connection: Connection, shared: ZhishenSharedLspServices): void {
    connection.onCompletion(async (params, token) => {
        const uri = URI.parse(params.textDocument.uri);
        const language = shared.ServiceRegistry.getServices(uri) as unknown as ZhishenLspServices;
        const provider = language.lsp.CompletionProvider as ZhishenCompletionProvider | undefined;
        if (!provider) return null;
        const textDocument = shared.workspace.TextDocuments.get(params.textDocument.uri);
        if (textDocument) {
            const quick = provider.quickCompletion(textDocument, shared.workspace.LangiumDocuments.getDocument(uri), params.position);
            if (quick) return quick;
        }
        try {
            // waitUntil 已被包过：先等文档按当前版本重新解析
            await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri, token);
            const document = shared.workspace.LangiumDocuments.getDocument(uri);
            if (!document) return null;
            return await provider.getCompletion(document, params, token);
        } catch (error) {
            if (token.isCancellationRequested) return null;
            console.error('[zhishen] 补全出错：', error);
            return null;
        }
    });
}

/** 工作区里的用户文档（不含内置库）。 */
export function userDocuments(shared: ZhishenSharedLspServices): Array<LangiumDocument<Document>> {
    return shared.workspace.LangiumDocuments.all.filter(d => !isPreludeUri(d.uri)).toArray() as Array<LangiumDocument<Document>>;
}

function registerZhishenHandlers(connection: Connection, shared: ZhishenSharedLspServices, Zhishen: ZhishenLspServices, runner: ZhishenRunner | undefined): void {
    const project = shared.zhishen.Project;
    const builder = shared.workspace.DocumentBuilder;

    project.onStatus(status => void connection.sendNotification(ZhishenMethods.statusChanged, status));
    project.onReloaded = async () => {
        await shared.workspace.WorkspaceManager.ready;
        shared.zhishen.Diagnostics.clearSlow();
        const uris = userDocuments(shared).map(d => d.uri);
        await shared.workspace.WorkspaceLock.write(token => builder.update(uris, [], token));
        refreshHints();
    };
    shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => project.handleFileChanges(params.changes));

    // 规则数变化时更新状态栏
    let lastCounts = '';
    builder.onBuildPhase(DocumentState.IndexedContent, () => {
        const status = project.status();
        const key = `${status.rules}/${status.files}`;
        if (key !== lastCounts) {
            lastCounts = key;
            project.fireStatus();
        }
    });

    connection.onRequest(ZhishenMethods.builtinSource, (params: BuiltinSourceParams) => isPreludeUri(URI.parse(params.uri)) ? PRELUDE_TEXT : null);
    connection.onRequest(ZhishenMethods.status, async (): Promise<ZhishenStatus> => {
        await shared.workspace.WorkspaceManager.ready;
        return project.status();
    });
    connection.onNotification(ZhishenMethods.setKnowledgeBase, (params: SetKnowledgeBaseParams) => {
        void project.setKnowledgeBaseFiles((params.files ?? []) as KbFile[], params.name);
    });
    connection.onNotification(ZhishenMethods.setParameterOverrides, (params: SetParameterOverridesParams) => {
        project.setEditorOverrides(params?.overrides, params?.source);
        refreshHints();
    });

    // 内联提示随参数覆盖、知识库变化，以及文档第一次构建完成时刷新：客户端在文档还没构建好时请求的提示
    // （如从分享链接打开的页面，-32802）不会自己重试，直到下一次编辑
    let canRefreshHints = false;
    shared.lsp.LanguageServer.onInitialize(params => {
        canRefreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    });
    function refreshHints(): void {
        if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    }
    const built = new Set<string>();
    builder.onBuildPhase(DocumentState.Validated, documents => {
        let fresh = false;
        for (const document of documents) {
            const key = document.uri.toString();
            if (isPreludeUri(document.uri) || built.has(key)) continue;
            built.add(key);
            fresh = true;
        }
        if (fresh) refreshHints();
    });
    builder.onUpdate((_changed, deleted) => { for (const uri of deleted) built.delete(uri.toString()); });

    connection.onRequest(ZhishenMethods.listTests, async (params: ListTestsParams): Promise<ListTestsResult> => {
        await shared.workspace.WorkspaceManager.ready;
        if (params.uri) await builder.waitUntil(DocumentState.Parsed, URI.parse(params.uri));
        return { tests: listTests(shared, params.uri) };
    });

    const input = async (): Promise<RunnerInput> => {
        await shared.workspace.WorkspaceManager.ready;
        await builder.waitUntil(DocumentState.Parsed);
        const settings = project.current;
        const fileSystem = shared.workspace.FileSystemProvider;
        return {
            sources: userDocuments(shared).map(d => ({ uri: d.uri.toString(), text: d.textDocument.getText() })),
            kb: Zhishen.kb.KnowledgeBaseProvider.current,
            deploymentConfig: settings.deploymentConfig,
            projectDir: settings.configFile ? URI.parse(settings.configFile.toString()).with({ path: settings.configFile.path.replace(/\/[^/]*$/, '') }).toString() : undefined,
            readFile: uri => {
                const open = shared.workspace.TextDocuments?.get(uri);
                if (open) return open.getText();
                try {
                    return fileSystem.readFileSync(URI.parse(uri));
                } catch {
                    throw new Error(`读不到文件「${URI.parse(uri).path}」`);
                }
            }
        };
    };
    connection.onRequest(ZhishenMethods.runTests, async (params: RunTestsParams): Promise<RunTestsResult> => {
        if (!runner) return { ok: false, errors: [{ message: NO_RUNNER }], results: [], passed: 0, failed: 0 };
        return runner.runTests(await input(), params ?? {});
    });
    connection.onRequest(ZhishenMethods.evaluate, async (params: EvaluateParams): Promise<EvaluateResult> => {
        if (!runner) return { ok: false, errors: [{ message: NO_RUNNER }], findings: [] };
        return runner.evaluate(await input(), params);
    });
    connection.onRequest(ZhishenMethods.whyNot, async (params: WhyNotParams): Promise<WhyNotResult> => {
        if (!runner) return { ok: false, errors: [{ message: NO_RUNNER }] };
        return runner.whyNot(await input(), params);
    });
    connection.onRequest(ZhishenMethods.buildPack, async (params: BuildPackParams): Promise<BuildPackResult> => {
        if (!runner) return { ok: false, errors: [{ message: NO_RUNNER }] };
        return runner.buildPack(await input(), params ?? {});
    });
}

/** 列出测试（一个文件或整个工作区）。 */
export function listTests(shared: ZhishenSharedLspServices, uri?: string): TestInfo[] {
    const tests: TestInfo[] = [];
    const documents = uri
        ? [shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))].filter((d): d is LangiumDocument => !!d)
        : userDocuments(shared);
    for (const document of documents) {
        const root = document.parseResult.value as Document;
        for (const element of root.elements ?? []) {
            if (!isTestCase(element) || element.name === undefined || !element.$cstNode) continue;
            const rules = element.items.filter(isExpectation).map(e => e.rule?.$refText).filter((r): r is string => !!r);
            const key = document.uri.toString();
            tests.push({ id: `${key}#${element.name}`, uri: key, name: element.name, range: element.$cstNode.range, rules: [...new Set(rules)] });
        }
    }
    return tests;
}
