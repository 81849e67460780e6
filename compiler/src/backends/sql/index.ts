export { InstanceEvaluator, lowerToSql } from './lower.js';
export type { SqlColumnType, SqlLowerOptions, SqlPart, SqlProgram, SqlRulePlan, SqlTable } from './lower.js';
export { SQL_MACROS, SQL_OPS, Unsupported } from './ops.js';
export { HOST_FUNCTIONS, SPARK_HOST_FUNCTIONS } from './host.js';
export type { HostFunction } from './host.js';
export { DIALECTS, DUCKDB, SPARK } from './dialect.js';
export type { SqlDialect, SqlDialectName } from './dialect.js';
export type { SqlArg, SqlOp, SqlOpContext } from './ops.js';
