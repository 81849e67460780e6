/**
 * @zhishen/service：zhishen serve 的实时服务（国家格式 3101 / 3102 / 3103）、它的库（就诊历史、反馈、规则指标）。
 */
export { Service, ServiceError } from './service.js';
export type { ServiceOptions } from './service.js';
export { Store, StoreError, localDay } from './store.js';
export type { RuleDayRow, StoredEncounter } from './store.js';
export { totalsByRule, rate, rulesPage } from './rules-page.js';
export type { RuleTotals } from './rules-page.js';
export { loadPackFile, PackFileError } from './pack-file.js';
export { settledEncounters, addStoredHistory, SettleError } from './history.js';
