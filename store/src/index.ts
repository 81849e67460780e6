export { ClaimsStore } from './store.js';
export type { FileLoadReport, LoadError, LoadOptions, LoadProgress, LoadResult, StoreInfo } from './store.js';
export { TABLES, SCHEMA_VERSION, DICTIONARY_DERIVED, createStatements, table } from './schema.js';
export type { Column, ColumnType, StoreTable, TableSpec } from './schema.js';
export { requestKey, claimKey, requestRows } from './rows.js';
export { screenStore, packParams, prepareProgram, runProgram } from './screen.js';
export type { RuleRows, ScreenOptions, ScreenResult, ScreenedRequest } from './screen.js';
export { buildSparkJob, defaultSparkVenv, exportStoreForSpark, findSpark, readHits, sparkDriverDir, sparkExecutor, sparkSubmit, SparkUnavailable, writeSparkJob } from './spark.js';
export type { SparkEvent, SparkExecutorOptions, SparkRuntime } from './spark.js';
