/**
 * 规范化理赔 → 各表的行。规范化就是运行时的 normalizeRequest（退费冲销、计费日期、年龄、住院天数、序号、本次与历史——
 * 定义只有一份，runtime/src/claim/normalize.ts）；这里只把它的结果按 schema.ts 的列摊平。
 *
 * 字典用空表：字典归类与限价不存（schema.ts），规范化的其余结果不依赖字典。
 */
import { createHash } from 'node:crypto';
import { FULL_LINE_PLAN, normalizeRequest } from '@zhishen/runtime';
import type { ClaimError, NClaim, NEncounter, NLine, NRequest } from '@zhishen/runtime';
import { table } from './schema.js';
import type { Column, StoredTable } from './schema.js';

/**
 * 一行：CSV 的一行（列按 schema.ts 的次序；空值是不加引号的空字段，字符串总加引号、引号加倍，列表是 JSON 文本）。
 * 直接拼成文本而不是先建数组再逐值交给 appender：后者每个值一次 N-API 调用，是装载的热点（sink.ts）。
 */
export type Row = string;

export interface RequestRows {
    key: string;
    request: NRequest;
    rows: Record<StoredTable, Row[]>;
}

/**
 * 请求的键：整行内容（UTF-8 字节，去掉首尾空白）的 SHA-256 前 112 位（28 个十六进制字符）。同一行再装一次得到同一个键，不重复。
 * 用 node:crypto（原生）而不是运行时的 contentHash：装载时每行都要算，15 KB 的一行 JS 哈希约 55 µs，原生约 10 µs。
 */
export function requestKey(line: string | Uint8Array): string {
    return createHash('sha256').update(typeof line === 'string' ? line.trim() : line).digest('hex').slice(0, 28);
}

export function claimKey(request: string, patientIndex: number): string {
    return `${request}:${patientIndex}`;
}

function csvValue(value: unknown): string {
    switch (typeof value) {
        case 'string': return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
        case 'number': return Number.isFinite(value) ? String(value) : '';
        case 'boolean': return value ? 'true' : 'false';
        default: {
            const json = JSON.stringify(value);
            return json.includes('"') ? `"${json.replace(/"/g, '""')}"` : `"${json}"`;
        }
    }
}

/** 一行 CSV（与 pick 相同的写法）：Spark 作业的 Python 规范化给出的值数组按这里编码后与 requestRows 的行比较（tests/spark-python）。 */
export function csvRow(values: readonly unknown[]): Row {
    return values.map(v => (v === null || v === undefined ? '' : csvValue(v))).join(',');
}

function pick(record: object, columns: readonly Column[], own: Record<string, unknown>): Row {
    const source = record as Record<string, unknown>;
    let text = '';
    for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        const value = c.prop !== undefined ? source[c.prop] : own[c.name];
        if (i > 0) text += ',';
        if (value !== null && value !== undefined) text += csvValue(value);
    }
    return text;
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
        line.drug_trac_codg?.forEach((code, pos) => out.trace_codes.push(pick({}, TABLE.trace_codes.columns, { claim_key: ck, seq: line.seq, pos, code })));
    }
}

/** 一行 NDJSON（已解析）→ 各表的行；整个请求无法装入时返回错误。 */
export function requestRows(key: string, data: unknown, where: { file: string; line: number; batch: number }): RequestRows | { errors: ClaimError[] } {
    const request = normalizeRequest(data, {}, FULL_LINE_PLAN);
    if (request.claims.length === 0) {
        return { errors: request.errors.length > 0 ? request.errors : [{ code: 'ZR0001', message: '请求里没有可以装入的患者', path: '' }] };
    }
    const rows: RequestRows['rows'] = { requests: [], claims: [], encounters: [], lines: [], diagnoses: [], operations: [], trace_codes: [] };
    rows.requests.push(pick({}, TABLE.requests.columns, {
        request_key: key, batch: where.batch, file: where.file, line_no: where.line, task_id: request.task_id, syscode: request.syscode,
        trig_scen: request.trig_scen, rule_ids: request.rule_ids, patients: request.claims.length
    }));
    for (const claim of request.claims) claimRows(key, claim, rows);
    return { key, request, rows };
}
