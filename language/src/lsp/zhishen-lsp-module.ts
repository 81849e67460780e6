/**
 * 语言服务器的依赖注入：Langium 默认 LSP 服务 + 智审核心模块 + 这里的 LSP 覆盖。
 * 只有 src/lsp/ 与入口文件导入 langium/lsp 与 vscode-languageserver（ARCHITECTURE.md「LSP 在边缘」）。
 */
import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumLSPServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import type { LangiumDocument, Module, ValidationOptions } from 'langium';
import { Cancellation, inject } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ZhishenGeneratedModule, ZhishenGeneratedSharedModule } from '../generated/module.js';
import type { ZhishenAddedServices } from '../zhishen-module.js';
import { ZhishenCoreModule } from '../zhishen-module.js';
import { registerValidationChecks } from '../validation/register.js';
import { ZhishenDocumentValidator } from '../validation/document-validator.js';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { ZhishenCompletionProvider } from './completion.js';
import { ZhishenHoverProvider } from './hover.js';
import { ZhishenSemanticTokenProvider } from './semantic-tokens.js';
import { ZhishenSignatureHelpProvider } from './signature-help.js';
import { ZhishenInlayHintProvider } from './inlay-hints.js';
import { ZhishenCodeActionProvider } from './code-actions.js';
import {
    ZhishenCodeLensProvider, ZhishenDocumentSymbolProvider, ZhishenFormatter, ZhishenFuzzyMatcher, ZhishenNodeKindProvider,
    ZhishenRenameProvider, ZhishenWorkspaceSymbolProvider
} from './editing.js';
import { ZhishenWorkspaceManager } from './workspace.js';
import type { ZhishenHost } from './project.js';
import { ZhishenProject } from './project.js';
import { DiagnosticsPublisher } from './diagnostics.js';
import { flushBeforeWaiting, ZhishenDocumentUpdateHandler } from './update-handler.js';

export type ZhishenSharedLspAddedServices = {
    zhishen: {
        Project: ZhishenProject;
        Diagnostics: DiagnosticsPublisher;
    };
};

export type ZhishenSharedLspServices = LangiumSharedServices & ZhishenSharedLspAddedServices;

export type ZhishenLspServices = Omit<LangiumServices, 'shared'> & ZhishenAddedServices & { shared: ZhishenSharedLspServices };

/** 内置库文档不产生诊断（它是只读的，而且一定正确）。 */
class LspDocumentValidator extends ZhishenDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        if (isPreludeUri(document.uri)) return [];
        return super.validateDocument(document, options, cancelToken);
    }
}

export const ZhishenLspModule: Module<ZhishenLspServices, PartialLangiumLSPServices & { validation: { DocumentValidator: (s: ZhishenLspServices) => ZhishenDocumentValidator } }> = {
    lsp: {
        CompletionProvider: services => new ZhishenCompletionProvider(services),
        HoverProvider: services => new ZhishenHoverProvider(services),
        SemanticTokenProvider: services => new ZhishenSemanticTokenProvider(services as unknown as LangiumServices),
        SignatureHelp: services => new ZhishenSignatureHelpProvider(services),
        InlayHintProvider: services => new ZhishenInlayHintProvider(services),
        CodeActionProvider: services => new ZhishenCodeActionProvider(uri => services.shared.zhishen.Diagnostics.published(uri)),
        CodeLensProvider: services => new ZhishenCodeLensProvider(services),
        Formatter: () => new ZhishenFormatter(),
        DocumentSymbolProvider: () => new ZhishenDocumentSymbolProvider(),
        RenameProvider: services => new ZhishenRenameProvider(services as unknown as LangiumServices)
    },
    validation: {
        DocumentValidator: services => new LspDocumentValidator(services as never)
    }
};

function sharedModule(host: ZhishenHost): Module<ZhishenSharedLspServices, Partial<Record<string, unknown>>> {
    return {
        zhishen: {
            Project: (shared: ZhishenSharedLspServices) => new ZhishenProject(shared, () => registry(shared).kb.KnowledgeBaseProvider, host, () => registry(shared).deployment.Settings),
            Diagnostics: (shared: ZhishenSharedLspServices) => new DiagnosticsPublisher(shared)
        },
        workspace: {
            WorkspaceManager: (shared: ZhishenSharedLspServices) => new ZhishenWorkspaceManager(shared)
        },
        lsp: {
            NodeKindProvider: () => new ZhishenNodeKindProvider(),
            WorkspaceSymbolProvider: (shared: ZhishenSharedLspServices) => new ZhishenWorkspaceSymbolProvider(shared),
            DocumentUpdateHandler: (shared: ZhishenSharedLspServices) => new ZhishenDocumentUpdateHandler(shared),
            FuzzyMatcher: () => new ZhishenFuzzyMatcher()
        }
    } as Module<ZhishenSharedLspServices, Partial<Record<string, unknown>>>;
}

/** 语言服务（带 LSP）。单一语言：服务注册表里只有智审。 */
function registry(shared: ZhishenSharedLspServices): ZhishenLspServices {
    return shared.ServiceRegistry.all[0] as unknown as ZhishenLspServices;
}

/** 创建带 LSP 的语言服务。context：{ connection, fileSystemProvider }（Node 用 NodeFileSystem，浏览器用 EmptyFileSystem）。 */
export function createZhishenServices(context: DefaultSharedModuleContext, host: ZhishenHost = {}): {
    shared: ZhishenSharedLspServices;
    Zhishen: ZhishenLspServices;
} {
    const shared = inject(createDefaultSharedModule(context), ZhishenGeneratedSharedModule, sharedModule(host)) as unknown as ZhishenSharedLspServices;
    const Zhishen = inject(
        createDefaultModule({ shared }),
        ZhishenGeneratedModule,
        ZhishenCoreModule as never,
        ZhishenLspModule as never
    ) as unknown as ZhishenLspServices;
    shared.ServiceRegistry.register(Zhishen as never);
    registerValidationChecks(Zhishen as never);
    flushBeforeWaiting(shared);
    return { shared, Zhishen };
}
