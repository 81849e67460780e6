/**
 * @zhishen/language/lsp：语言服务器（Langium LSP 服务 + 智审的补全、悬停、诊断调度、代码操作 …）。
 * 入口：Node 标准输入输出见 ../main.ts（@zhishen/language/node-server），浏览器 worker 见 ../main-browser.ts。
 */
export { createZhishenServices, ZhishenLspModule } from './zhishen-lsp-module.js';
export type { ZhishenLspServices, ZhishenSharedLspServices } from './zhishen-lsp-module.js';
export { startZhishenServer, listTests, userDocuments } from './server.js';
export type { ZhishenServerOptions, ZhishenServer } from './server.js';
export { ZhishenProject, CONFIG_FILE } from './project.js';
export type { ZhishenHost, ProjectSettings, ParameterOverride } from './project.js';
export type { ZhishenRunner, RunnerInput } from './runner.js';
export { DiagnosticsPublisher } from './diagnostics.js';
export { ZhishenCompletionProvider, CODE_COMPLETION_LIMIT } from './completion.js';
export { openStringAt, codeContextOf, stringRoleOf, knowledgePointsWithCode } from './kb-context.js';
export { openCallAt } from './signature-help.js';
export { formatEdits, pinyinInitials } from './editing.js';
export { SNIPPETS, KEYWORD_DOCS, AGGREGATE_SIGNATURES } from './keywords.js';
export type { Snippet } from './keywords.js';
export * from './protocol.js';
