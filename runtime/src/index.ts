/**
 * @zhishen/runtime：无依赖，Node 与浏览器通用。加载规则包、规范化 3101/3102 入参、求值、输出 3101 结果与解释。
 */
export * as decimal from './values/decimal.js';
export * as dates from './values/dates.js';
export * as text from './values/text.js';
export { unsupportedRegexFeature } from './values/regex.js';
export { CodeMatcher, isCodeMatcher } from './values/codes.js';
export type { CodeSetData } from './values/codes.js';
export { normalizeRequest, groupLines } from './claim/normalize.js';
export { invalidTextError, requestIds } from './claim/invalid-text.js';
export { brokenJsonMessage, describeJsonError, idsText, jsonSyntaxProblem, salvageClaimIds } from './claim/broken-json.js';
export type { JsonSyntaxProblem, SalvagedIds } from './claim/broken-json.js';
export { OPTIONAL_LINE_FIELDS, FULL_LINE_PLAN, linePlan, isOptionalLineField, OPTIONAL_SOURCES, FULL_SOURCE_PLAN, sourcePlan } from './claim/plan.js';
export type { LinePlan, OptionalLineField, SourcePlan, OptionalSource } from './claim/plan.js';
export type { RuntimeDictionaries, RuntimeDictionary } from './claim/normalize.js';
export type * from './claim/types.js';
export * as ops from './engine/ops.js';
export { PURE_FUNCTIONS, CONTEXT_FUNCTIONS } from './engine/functions.js';
export type { PureFunction, ContextFunction } from './engine/functions.js';
export { OPS, OP_FUNCTIONS, isOpName, COMPILE_TIME_FUNCTIONS, isCompileTimeFunction, AGGREGATES } from './contract/ops.js';
export type { OpName, OpSpec, CompileTimeFunction, AggregateName } from './contract/ops.js';
export { RECORDS, SOURCES, DISPATCH_SOURCES, FIELD_DISPLAY, isRecordKind, isSourceName, isDispatchSource, isPopulationSource, recordSpec } from './contract/records.js';
export type { RecordKind, RecordSpec, SourceName, SourceSpec, DispatchSource, PopulationSource, TargetKind, InvolvedKind, ValueEncoding } from './contract/records.js';
export { encodeValue, decodeValue, codeSet, isEmptyCodeSet, codeSetFromPatterns, encodeQuantity } from './contract/encoding.js';
export type { CodeSet, QuantityEncoding } from './contract/encoding.js';
export { PACK_FORMAT, LEVELS, PHASES, DEFAULT_LEVEL_CODES, phaseOfScene, manifestOf } from './contract/pack.js';
export * as semantics from './contract/semantics.js';
export { INPUT_ERRORS, isInputErrorCode } from './contract/errors.js';
export type { InputErrorCode } from './contract/errors.js';
export { formatValue } from './engine/format.js';
export { fnv1a64, contentHash } from './engine/hash.js';
export { createEngine, AuditEngine, ruleParams, ruleSelector, ruleEnabled } from './engine/engine.js';
export { assembleFindings, assemblyOptions, buildCohortFinding, buildFinding, findingOptions, zhishenExtension } from './engine/findings.js';
export type { AssemblyOptions, EmittedDraft, FindingOptions, FindingDraft } from './engine/findings.js';
export type { EngineOptions, EvaluationOutput, AuditResponse, CoverageCollector, WhyNotResult } from './engine/engine.js';
export { WHY_NOT_OUTCOME_LABELS, failedStepReason, claimObjects } from './engine/why-not.js';
export type { ClaimObject, WhyNotQuery, WhyNotReport, WhyNotAttempt, WhyNotOutcome } from './engine/why-not.js';
export { validateConfig, parseParamValue, EMPTY_CONFIG } from './engine/config.js';
export type { DeploymentConfig, ConfigResult } from './engine/config.js';
export type { JudgeResult, JudgeDetail, Explanation, ExplanationStep, ZhishenExtension, PopulationFields } from './engine/findings.js';
export { Population, groupEncounters, peerStatistic, PEER_STATS } from './engine/population.js';
export type { PeerStat, ScreeningPeriod } from './engine/population.js';
export { addLine, createScreening, inPeriod, Screening, screeningPeriod } from './engine/screening.js';

export type { ScreeningOptions, ScreeningFinding, ScreeningResult, ScreeningSummary, AddResult, LineResult } from './engine/screening.js';
export type * from './contract/pack.js';
export type { EvalContext } from './engine/context.js';
