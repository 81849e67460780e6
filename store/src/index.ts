export { ClaimsStore } from './store.js';
export type { FileLoadReport, LoadError, LoadOptions, LoadProgress, LoadResult, StoreInfo } from './store.js';
export { TABLES, SCHEMA_VERSION, DICTIONARY_DERIVED, createStatements, table } from './schema.js';
export type { Column, ColumnType, StoreTable, TableSpec } from './schema.js';
export { requestKey, claimKey, requestRows } from './rows.js';
export { screenStore, packParams } from './screen.js';
export type { ScreenOptions, ScreenResult, ScreenedRequest } from './screen.js';
export { requestSource, isParquet } from './sink.js';
export type { RawLine } from './sink.js';
