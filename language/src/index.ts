/**
 * @zhishen/language 公共 API（核心，无 LSP）。
 */
export * from './generated/ast.js';
export { ZhishenLanguageMetaData } from './generated/module.js';
export { createZhishenCoreServices, ZhishenCoreModule } from './zhishen-module.js';
export type { ZhishenServices, ZhishenAddedServices } from './zhishen-module.js';
export { PRELUDE_TEXT, PRELUDE_URI } from './builtins/prelude.js';
export { ensurePreludeDocument, isPreludeUri } from './builtins/load-prelude.js';
export { Builtins } from './builtins/builtins.js';
export { buildSources, toUri } from './workspace/documents.js';
export type { SourceFile, BuildOptions } from './workspace/documents.js';
export * from './typing/types.js';
export * from './typing/operators.js';
export * from './typing/signatures.js';
export { TypeSystem, recordOf, literalCodesOf, codeKindFromName } from './typing/type-system.js';
export { ruleView, visitNameTargets, dependsOnlyOn } from './semantics/rule-view.js';
export { booleanValue, windowCalendar } from './semantics/keywords.js';
export type { RuleView, Step } from './semantics/rule-view.js';
export { MESSAGES, INPUT_ERROR_MESSAGES, formatMessage, isMessageCode } from './messages/catalog.js';
export type { MessageCode, MessageSpec, FormattedMessage, Severity } from './messages/catalog.js';
export type { DiagnosticData } from './validation/report.js';
export { literalValue } from './validation/kb-checks.js';
export { KnowledgeBaseProvider } from './kb/provider.js';
export { DeploymentSettings } from './workspace/deployment.js';
export * from './kb/index.js';
export { editDistance, closestNames } from './util/suggest.js';
export { unescapeText } from './parser/value-converter.js';
export { formatDocument } from './formatting/format.js';
export type { FormatResult } from './formatting/format.js';
export { languageReference, REFERENCE_PATH } from './reference/language-reference.js';
export type { ReferenceIndex, ReferenceInput } from './reference/language-reference.js';
