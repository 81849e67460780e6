/**
 * 规范化理赔 → 各表的行。规范化就是运行时的 normalizeRequest（退费冲销、计费日期、年龄、住院天数、序号、本次与历史——
 * 定义只有一份，runtime/src/claim/normalize.ts）；这里只把它的结果按 schema.ts 的列摊平。
 *
 * 字典用空表：字典归类与限价不存（schema.ts），规范化的其余结果不依赖字典。
 */
import { contentHash, FULL_LINE_PLAN, normalizeRequest } from '@zhishen/runtime';
import type { ClaimError, NClaim, NEncounter, NLine, NRequest } from '@zhishen/runtime';
import { table } from './schema.js';
import type { Column, StoreTable } from './schema.js';

export type Row = unknown[];

export interface RequestRows {
    key: string;
    request: NRequest;
    rows: Record<Exclude<StoreTable, 'loads'>, Row[]>;
}

/** 请求的键：内容哈希（同一行再装一次得到同一个键，不重复）。 */
export function requestKey(line: string): string {
    return contentHash(line);
}

export function claimKey(request: string, patientIndex: number): string {
    return `${request}:${patientIndex}`;
}

function pick(record: object, columns: readonly Column[], own: Record<string, unknown>): Row {
    const source = record as Record<string, unknown>;
    return columns.map(c => (c.prop !== undefined ? source[c.prop] : own[c.name]) ?? null);
}

const TABLE = {
    requests: table('requests'), claims: table('claims'), encounters: table('encounters'), lines: table('lines'),
    diagnoses: table('diagnoses'), operations: table('operations'), trace_codes: table('trace_codes')
};

function encounterRows(claimKeyValue: string, encounter: NEncounter, order: number, out: RequestRows['rows']): void {
    out.encounters.push(pick(encounter, TABLE.encounters.columns, { claim_key: claimKeyValue, enc_order: order, enc_index: encounter.index }));
    encounter.diagnoses.forEach((d, pos) => out.diagnoses.push(pick(d, TABLE.diagnoses.columns, { claim_key: claimKeyValue, enc_order: order, pos })));
    encounter.operations.forEach((o, pos) => out.operations.push(pick(o, TABLE.operations.columns, { claim_key: claimKeyValue, enc_order: order, pos })));
}

function claimRows(key: string, claim: NClaim, out: RequestRows['rows']): void {
    const ck = claimKey(key, claim.patientIndex);
    out.claims.push(pick(claim.patient, TABLE.claims.columns, {
        claim_key: ck, request_key: key, patient_index: claim.patientIndex, curr_mdtrt_id: claim.encounter.mdtrt_id, notes: claim.notes
    }));
    const order = new Map<NLine, number>();
    [claim.encounter, ...claim.history].forEach((e, i) => {
        encounterRows(ck, e, i, out);
        for (const line of e.lines) order.set(line, i);
    });
    for (const line of claim.all_lines) {
        out.lines.push(pick(line, TABLE.lines.columns, { claim_key: ck, enc_order: order.get(line) }));
        line.drug_trac_codg?.forEach((code, pos) => out.trace_codes.push([ck, line.seq, pos, code]));
    }
}

/** 一行 NDJSON（已解析）→ 各表的行；整个请求无法装入时返回错误。 */
export function requestRows(key: string, data: unknown, where: { file: string; line: number; batch: number }): RequestRows | { errors: ClaimError[] } {
    const request = normalizeRequest(data, {}, FULL_LINE_PLAN);
    if (request.claims.length === 0) {
        return { errors: request.errors.length > 0 ? request.errors : [{ code: 'ZR0001', message: '请求里没有可以装入的患者', path: '' }] };
    }
    const rows: RequestRows['rows'] = { requests: [], claims: [], encounters: [], lines: [], diagnoses: [], operations: [], trace_codes: [] };
    rows.requests.push([key, where.batch, where.file, where.line, request.task_id, request.syscode, request.trig_scen, request.rule_ids, request.claims.length]);
    for (const claim of request.claims) claimRows(key, claim, rows);
    return { key, request, rows };
}
