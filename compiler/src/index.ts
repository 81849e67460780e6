/**
 * @zhishen/compiler：规则源码 + 知识库 → IR → 后端（JS 规则包、参照解释器）；编译会话；规则测试。
 */
export { compile, compileToIr, lowerAndOptimize, emitStage, resolve, documentDiagnostics, STAGES, PASSES } from './pipeline.js';
export type { CompileInput, CompileOutput, CompileSource, IrOutput, Stage } from './pipeline.js';
export type { CompileDiagnostic } from './diagnostics.js';
export type * from './ir/ir.js';
export { printIr, printRule } from './ir/print.js';
export { derivedParameters, derivedTsv } from './ir/derived.js';
export type { DerivedRow } from './ir/derived.js';
export { manifestOfIr, ruleSpec, COMPILER_VERSION } from './ir/spec.js';
export { emitPack } from './backends/js/emit.js';
export type { EmitOptions, EmitResult } from './backends/js/emit.js';
export { instantiateFactory } from './backends/js/instantiate.js';
export { interpretPack } from './backends/interpret/pack.js';
export { evaluate, evaluateConstant, NotConstant } from './backends/interpret/evaluate.js';
export { DIALECTS, DUCKDB, HOST_FUNCTIONS, InstanceEvaluator, SPARK_HOST_FUNCTIONS, lowerToSql, SPARK, SQL_MACROS, SQL_OPS } from './backends/sql/index.js';
export type { HostFunction, SqlColumnType, SqlDialect, SqlDialectName, SqlPart, SqlProgram, SqlRulePlan, SqlTable } from './backends/sql/index.js';
export { verifyIr, IrInvariantError } from './ir/verify.js';
export { openSession } from './session.js';
export type { Session, SessionInput, SessionBackend } from './session.js';
export { collectTests, runTests, check as checkExpectation, jsonValue, parseClaimFile } from './testing/tests.js';
export type { TestSpec, TestResult, TestReport, ExpectationSpec, ExpectationResult, CoverageReport, RunTestsOptions, TestLocation, ClaimRef } from './testing/tests.js';
export { createEditorRunner } from './editor-runner.js';
export { SPARK_CONF, SPARK_JOB_FORMAT, SPARK_JOB_VERSION, sparkJob, sparkJobOf } from './backends/spark/job.js';
export type { SparkJob, SparkJobPlan, SparkJobRule, StoreTableSchema } from './backends/spark/job.js';
