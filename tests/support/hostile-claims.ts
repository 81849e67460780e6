/**
 * 攻击性的理赔（模糊测试 tests/fuzz 与 Python 规范化的差分测试 tests/spark-python 共用）：从好的理赔出发，
 * 把字段换成攻击值（无界的指数、容器类型、JSON 编码的文本、U+FFFD、秒 60–99、时区、悬空的 init_feedetl_sn、超大的金额、深的数组……）、
 * 删字段、复制明细。
 */
import { encounter, line, patient } from '../../runtime/test/claims.js';
import type { Json } from '../../runtime/test/claims.js';
import type { Random } from './random.js';

/** 攻击值 */
export const VALUES: unknown[] = [
    '1e-999999999', '1e100000000', '9'.repeat(400), '1e40', 1e300, -1e300, 9_007_199_254.740992, 8_999_999_999.99, -0, 0, -5, 0.0000001, '12,5', '两盒', 'NaN', 'Infinity',
    '', ' ', null, true, false, [], ['XJ01A'], [['x']], {}, { v: 1 }, '[{"rx_id":"Z"}]', '{"a":1}', 'R\uFFFD', '\uFFFD', '\u0000', '😀', '\u2028',
    '2024-02-30', '2024-03-01 10:00:60', '2024-03-01 10:00:99', '2024-03-01T08:00:00Z', '2024-03-01T08:00:00+14:00', '2024-03-01T08:00:00+15:00', '2099-01-01', '1900-01-01',
    '20240301', 20240301, 'x'.repeat(2_000), '001102000010000', 'G', 'E11.900', 'XJ01CA', '注射用', 'F1', 'F404'
];
const LINE_FIELDS = ['rx_id', 'rxno', 'hilist_code', 'hilist_name', 'cnt', 'pric', 'sumamt', 'fee_ocur_time', 'drord_begn_date', 'feedetl_sn', 'init_feedetl_sn', 'curr_drord_flag', 'hilist_type', 'drug_trac_codg'];
const ENCOUNTER_FIELDS = ['mdtrt_id', 'adm_date', 'dscg_date', 'med_type', 'medins_lv', 'medfee_sumamt', 'fsi_order_dtos', 'fsi_diagnose_dtos', 'fsi_operation_dtos'];
const PATIENT_FIELDS = ['patn_id', 'gend', 'brdy', 'curr_mdtrt_id', 'fsi_encounter_dtos'];
const REQUEST_FIELDS = ['task_id', 'trig_scen', 'rule_ids', 'patient_dtos'];

export function base(r: Random, k: number): Json {
    const lines = Array.from({ length: r.int(1, 6) }, (_, i) => line(`R${i}`, {
        hilist_code: r.pick(['XJ01A', '001102000010000', 'G', 'OTHER']), hilist_name: r.pick(['注射用头孢', '诊查费', '项目']),
        cnt: r.int(-2, 8), pric: r.pick([1, 10, 99.99, 150]), sumamt: undefined, feedetl_sn: `F${i}`,
        ...(r.chance(0.2) ? { init_feedetl_sn: `F${r.int(0, 6)}` } : {})
    }));
    const enc = encounter(`E${k}`, lines, { fsi_diagnose_dtos: r.chance(0.5) ? [{ dise_codg: 'E11.900', maindise_flag: '1' }] : [] });
    return patient(`P${k}`, [enc]);
}

export function mutate(r: Random, input: Json): void {
    // 前面的变异可能已经把结构换掉：只在还是对象 / 数组的地方继续
    const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
    const targets: Array<[Json, string[]]> = [[input, REQUEST_FIELDS]];
    const patients = Array.isArray(input.patient_dtos) ? input.patient_dtos.filter(isObject) : [];
    const p = patients.length > 0 ? r.pick(patients) : undefined;
    const enc = p && Array.isArray(p.fsi_encounter_dtos) && isObject(p.fsi_encounter_dtos[0]) ? p.fsi_encounter_dtos[0] : undefined;
    const lines = enc && Array.isArray(enc.fsi_order_dtos) ? enc.fsi_order_dtos.filter(isObject) : [];
    if (p) targets.push([p, PATIENT_FIELDS]);
    if (enc) targets.push([enc, ENCOUNTER_FIELDS]);
    for (const l of lines) targets.push([l, LINE_FIELDS]);
    const target = r.pick(targets);
    const [object, fields] = target;
    const field = r.pick(fields);
    const op = r.int(0, 9);
    if (op === 0) delete object[field];
    else if (op === 1 && lines.length > 0) (enc!.fsi_order_dtos as Json[]).push({ ...r.pick(lines) });
    else if (op === 2) object[field] = Array.from({ length: r.int(1, 50) }).reduce<unknown>(inner => [inner], 1); // 深的数组
    else object[field] = structuredClone(r.pick(VALUES));
}

