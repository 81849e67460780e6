/**
 * SQL 后端 · 筛查集合（事后全量筛查，契约 semantics.ts P1–P2；JS 运行时 runtime/src/engine/population.ts 的同一份语义）。
 *
 * 筛查集合 = 库里每张理赔的本次就诊，同一就诊号只收装载次序中的第一张（JS 的 Population.add：重复的就诊不进入集合、也不审核）。
 * 集合的次序 = 装载次序（批次、行号、患者在请求中的位置），明细在就诊内按序号——与 JS 逐张 add 的次序相同，
 * 所以涉及项、插值里的列表（此前结算[*].就诊号）与 JS 同序。
 *
 *   zs_pop_encounters：集合中的就诊（zs_encounters 的列 + zs_pord 集合次序 + zs_patn 理赔的患者）
 *   zs_pop_lines：集合中的明细（本次就诊的明细；zs_pord = 就诊次序 × 明细次序，zs_patn 它所在理赔的患者）
 *
 * lookup（dispatch 阶段由 filter 改写而来）降为这两张表上的等值 / 相交条件；跨理赔的明细在结果里写成 "claim_key#seq"，
 * 执行方（store/src/screen.ts）据此取回别的理赔的明细与它们的患者（FindingDraft.owners）。
 */
import type { RecordKind } from '@zhishen/runtime';
import { Unsupported } from './ops.js';

/** 建表语句（在视图之后执行）：物化一次，每条规则共用。 */
export function populationSetup(): string[] {
    return [
        `CREATE OR REPLACE TEMP TABLE zs_pop_claims AS
      SELECT claim_key, patn_id, zs_pord FROM (
        SELECT c.claim_key, c.patn_id, c.curr_mdtrt_id,
          row_number() OVER (PARTITION BY c.curr_mdtrt_id ORDER BY r.batch, r.line_no, c.patient_index) AS zs_first,
          row_number() OVER (ORDER BY r.batch, r.line_no, c.patient_index) AS zs_pord
        FROM claims c JOIN requests r ON r.request_key = c.request_key) t
      WHERE zs_first = 1`,
        `CREATE OR REPLACE TEMP TABLE zs_pop_encounters AS
      SELECT e.*, p.zs_pord, p.patn_id AS zs_patn FROM zs_encounters e JOIN zs_pop_claims p ON p.claim_key = e.claim_key WHERE e.enc_order = 0`,
        `CREATE OR REPLACE TEMP TABLE zs_pop_lines AS
      SELECT l.*, row_number() OVER (ORDER BY p.zs_pord, l.seq) AS zs_pord, p.patn_id AS zs_patn
      FROM zs_lines l JOIN zs_pop_claims p ON p.claim_key = l.claim_key WHERE l.is_current_encounter`
    ];
}

/** 筛查集合的来源 → 表（记录种类、次序列）。 */
export const POPULATION_TABLES: Record<string, { kind: RecordKind; table: string }> = {
    population_encounters: { kind: 'encounter', table: 'zs_pop_encounters' },
    population_lines: { kind: 'line', table: 'zs_pop_lines' }
};

export function isPopulationTable(table: string): boolean {
    return table === 'zs_pop_encounters' || table === 'zs_pop_lines';
}

/**
 * lookup 的条件：元素的 prop 等于 key（key 是列表时：两个列表有共同值，同 相交）。key 为空时没有元素（与空比较为未知）。
 * listProp：元素的属性是文本列表（追溯码）。
 */
export function lookupCondition(alias: string, prop: string, listProp: boolean, key: { t: 'sql' | 'list'; sql: string }): string {
    const column = `${alias}."${prop}"`;
    if (listProp) {
        if (key.t !== 'list') throw new Unsupported('lookup：列表属性的键不是列表');
        return `coalesce(list_has_any(${column}, ${key.sql}), FALSE)`;
    }
    if (key.t === 'list') return `coalesce(list_contains(${key.sql}, ${column}), FALSE)`;
    return `${column} = ${key.sql}`;
}

/** 集合中的明细在结果里的标识（别的理赔的明细要带上理赔键）。 */
export function populationLineId(alias: string): string {
    return `${alias}.claim_key || '#' || CAST(${alias}.seq AS VARCHAR)`;
}

/** 集合中一组就诊的明细（他机构就诊[*].明细）：就诊在该组里的明细，次序 = 就诊次序、明细次序（zs_pop_lines 的 zs_pord）。 */
export function populationEncounterLines(encounterWhere: (alias: string) => string): (alias: string) => string {
    return a => `EXISTS (SELECT 1 FROM zs_pop_encounters zpe WHERE zpe.claim_key = ${a}.claim_key AND zpe.enc_order = ${a}.enc_order AND ${encounterWhere('zpe')})`;
}
