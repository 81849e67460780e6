/**
 * 知识库模块的公开 API（浏览器与 Node 通用）。读文件夹的 loadKnowledgeBaseFolder 只在 Node 下可用，
 * 从子路径 `@zhishen/language/kb-node` 引入。
 */
export * from './types.js';
export { loadKnowledgeBase, type LoadKnowledgeBaseOptions } from './load.js';
export { kindFromFileName } from './catalogue-files.js';
export { MANIFEST_FILE } from './manifest.js';
export { buildCodeIndex } from './code-index.js';
export { guessCodeKind, looksLikeCode } from './code-shape.js';
export {
    DEFAULT_DICTIONARIES,
    CATEGORY_ENUMS,
    DICTIONARY_CATEGORY_ENUM,
    dictionaryCategory,
    type CategoryEnumName
} from './default-dictionaries.js';
export { kbSummary, type KbSummary } from './stats.js';
export { conceptPrefixCounts, mapIndication, subcategoryOf, type IndicationMapping, type IndicationTerm } from './indications.js';
export { codeUsageWeight } from './usage.js';
export { RULE_CATEGORIES, RULE_CATEGORY_NAMES, isRuleCategory } from './rule-categories.js';
