/**
 * 语言服务的依赖注入模块（核心，无 LSP）。编译器与 CLI 只用这里；LSP 在 src/lsp/ 中叠加。
 */
import type { LangiumCoreServices, LangiumSharedCoreServices, Module, PartialLangiumCoreServices } from 'langium';
import { createDefaultCoreModule, createDefaultSharedCoreModule, EmptyFileSystem, inject } from 'langium';
import type { DefaultSharedCoreModuleContext } from 'langium';
import { ZhishenGeneratedModule, ZhishenGeneratedSharedModule } from './generated/module.js';
import { Builtins } from './builtins/builtins.js';
import { KnowledgeBaseProvider } from './kb/provider.js';
import { DeploymentSettings } from './workspace/deployment.js';
import { ZhishenParserErrorMessageProvider } from './parser/parser-messages.js';
import { ZhishenTokenBuilder } from './parser/token-builder.js';
import { createGuardedCompletionParser, createGuardedParser } from './parser/nesting.js';
import { ZhishenValueConverter } from './parser/value-converter.js';
import { ZhishenScopeComputation, ZhishenScopeProvider } from './references/zhishen-scope.js';
import { TypeSystem } from './typing/type-system.js';
import { ZhishenDocumentValidator } from './validation/document-validator.js';
import { registerValidationChecks } from './validation/register.js';

export type ZhishenAddedServices = {
    builtins: { Builtins: Builtins };
    typing: { TypeSystem: TypeSystem };
    kb: { KnowledgeBaseProvider: KnowledgeBaseProvider };
    deployment: { Settings: DeploymentSettings };
};

export type ZhishenServices = LangiumCoreServices & ZhishenAddedServices;

export const ZhishenCoreModule: Module<ZhishenServices, PartialLangiumCoreServices & ZhishenAddedServices> = {
    builtins: {
        Builtins: services => new Builtins(() => services.shared.workspace.LangiumDocuments)
    },
    typing: {
        TypeSystem: services => new TypeSystem(services)
    },
    kb: {
        KnowledgeBaseProvider: () => new KnowledgeBaseProvider()
    },
    deployment: {
        Settings: () => new DeploymentSettings()
    },
    parser: {
        LangiumParser: services => createGuardedParser(services),
        CompletionParser: services => createGuardedCompletionParser(services),
        TokenBuilder: () => new ZhishenTokenBuilder(),
        ValueConverter: () => new ZhishenValueConverter(),
        ParserErrorMessageProvider: () => new ZhishenParserErrorMessageProvider()
    },
    references: {
        ScopeComputation: services => new ZhishenScopeComputation(services),
        ScopeProvider: services => new ZhishenScopeProvider(services)
    },
    validation: {
        DocumentValidator: services => new ZhishenDocumentValidator(services)
    }
};

/** 创建核心语言服务（CLI、编译器、测试用）。 */
export function createZhishenCoreServices(context: DefaultSharedCoreModuleContext = EmptyFileSystem): {
    shared: LangiumSharedCoreServices;
    Zhishen: ZhishenServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), ZhishenGeneratedSharedModule);
    const Zhishen = inject(createDefaultCoreModule({ shared }), ZhishenGeneratedModule, ZhishenCoreModule);
    shared.ServiceRegistry.register(Zhishen);
    registerValidationChecks(Zhishen);
    return { shared, Zhishen };
}
