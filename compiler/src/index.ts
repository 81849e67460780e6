/**
 * @zhishen/compiler：规则源码 + 知识库 → 规则包；以及基于 IR 的参照解释器。
 */
export { compile, compileToIr } from './pipeline.js';
export type { CompileInput, CompileOutput, CompileSource } from './pipeline.js';
export type { CompileDiagnostic } from './diagnostics.js';
export type * from './ir/ir.js';
export { emitPack, buildManifest, COMPILER_VERSION } from './codegen/emit.js';
export type { EmitOptions, EmitResult } from './codegen/emit.js';
export { interpretPack } from './interpret/pack.js';
export { evaluate, evaluateConstant, NotConstant } from './interpret/evaluate.js';
export { verifyIr, IrInvariantError } from './ir/verify.js';
export { instantiateFactory } from './codegen/instantiate.js';
export { collectTests, runTests, check as checkExpectation, jsonValue } from './testing/tests.js';
export type { TestSpec, TestResult, TestReport, ExpectationSpec, ExpectationResult, CoverageReport, RunTestsOptions, TestLocation } from './testing/tests.js';
