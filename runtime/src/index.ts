/**
 * @zhishen/runtime：无依赖，Node 与浏览器通用。加载规则包、规范化 3101/3102 入参、求值、输出 3101 结果与解释。
 */
export * as decimal from './values/decimal.js';
export * as dates from './values/dates.js';
export * as text from './values/text.js';
export { CodeMatcher, isCodeMatcher } from './values/codes.js';
export type { CodeSetData } from './values/codes.js';
export { normalizeRequest, groupLines } from './claim/normalize.js';
export { OPTIONAL_LINE_FIELDS, FULL_LINE_PLAN, linePlan, isOptionalLineField } from './claim/plan.js';
export type { LinePlan, OptionalLineField } from './claim/plan.js';
export type { RuntimeDictionaries, RuntimeDictionary } from './claim/normalize.js';
export type * from './claim/types.js';
export * as ops from './engine/ops.js';
export { FUNCTIONS, COMPILE_TIME_FUNCTIONS } from './engine/functions.js';
export type { BuiltinFunction } from './engine/functions.js';
export { formatValue } from './engine/format.js';
export { fnv1a64, contentHash } from './engine/hash.js';
export { createEngine, AuditEngine } from './engine/engine.js';
export type { EngineOptions, EvaluationOutput, AuditResponse, CoverageCollector } from './engine/engine.js';
export { validateConfig, parseParamValue, decodeValue, EMPTY_CONFIG } from './engine/config.js';
export type { DeploymentConfig, ConfigResult } from './engine/config.js';
export type { JudgeResult, JudgeDetail, Explanation, ExplanationStep, ZhishenExtension } from './engine/findings.js';
export type * from './engine/pack.js';
export type { EvalContext } from './engine/context.js';
