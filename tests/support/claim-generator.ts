/**
 * 随机理赔生成器（3101/3102 input.data 形状）：真实编码（样例知识库、规则包里用到的编码）与随机的本地编码混合，
 * 随机日期、性别（含未知）、退费（有 / 无原流水号、找不到原明细）、既往医嘱、历史就诊、缺失字段，偶尔有格式错误的字段。
 * 只用给定的 Random，同一种子生成同一批理赔。
 */
import type { Random } from './random.js';

export interface CodePools {
    /** 规则会分派到的明细编码（最容易触发规则） */
    ruleLineCodes: string[];
    /** 规则用到的诊断 / 手术编码或前缀 */
    ruleDiagnosisCodes: string[];
    drugs: string[];
    services: string[];
    herbs: string[];
    consumables: string[];
    diagnoses: string[];
    operations: string[];
}

export interface GeneratorOptions {
    /** 格式错误的字段（数字、日期）出现的概率 */
    malformed?: number;
}

type Json = Record<string, unknown>;

const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);

function isoDate(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
}

function isoDateTime(ms: number): string {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export class ClaimGenerator {
    private sn = 0;

    constructor(private readonly random: Random, private readonly pools: CodePools, private readonly options: GeneratorOptions = {}) {}

    request(): Json {
        const r = this.random;
        const request: Json = { syscode: r.pick(['HIS', 'TEST', undefined]) };
        if (r.chance(0.7)) request.task_id = `T${r.digits(6)}`;
        if (r.chance(0.3)) request.trig_scen = r.pick(['1', '3', '6', '8', '10', 7, 'x', '']);
        const patients: unknown[] = [];
        const count = r.pick([1, 1, 1, 1, 2, 2, 3]);
        for (let i = 0; i < count; i++) patients.push(this.patient(i));
        if (r.chance(0.01)) patients.push(r.pick([null, 'x', {}, { patn_id: 'NOENC' }]));
        request.patient_dtos = patients;
        return request;
    }

    /** rule_ids：从给定规则编号中随机挑几个（可能带一个不存在的）。 */
    withRuleIds(request: Json, ruleIds: string[]): Json {
        const r = this.random;
        const ids = r.shuffle([...ruleIds]).slice(0, r.int(1, 3));
        if (r.chance(0.3)) ids.push('NO_SUCH_RULE');
        request.rule_ids = r.chance(0.5) ? ids : ids.join(',');
        return request;
    }

    private maybeMalformed(value: unknown, kind: 'number' | 'date'): unknown {
        const p = this.options.malformed ?? 0;
        if (p > 0 && this.random.chance(p)) return kind === 'number' ? this.random.pick(['abc', '1,5', {}, '--1']) : this.random.pick(['2024-02-30', '昨天', 20240301, '2024-13-01']);
        return value;
    }

    private patient(index: number): Json {
        const r = this.random;
        const patient: Json = { patn_id: `P${index}${r.digits(3)}`, patn_name: r.pick(['张三', '李四', '王五', undefined]) };
        const gend = r.pick(['1', '2', '1', '2', '0', '9', undefined, '', 'X', 1, 2]);
        if (gend !== undefined) patient.gend = gend;
        if (r.chance(0.95)) {
            const birth = r.chance(0.05) ? Date.UTC(r.pick([2000, 2004, 2008, 2012, 2016]), 1, 29) : BASE - r.int(0, 90 * 365) * DAY;
            patient.brdy = this.maybeMalformed(isoDate(birth), 'date');
        }
        patient.poolarea = r.pick(['110000', '310000', undefined]);
        const current = this.encounter('M0', BASE + r.int(0, 365) * DAY, true);
        const encounters = [current];
        const history = r.pick([0, 0, 1, 1, 2, 3]);
        const admission = Date.parse(String(current.adm_date).replace(' ', 'T') + 'Z');
        for (let h = 0; h < history; h++) {
            const start = (Number.isFinite(admission) ? admission : BASE) - r.int(1, 120) * DAY;
            encounters.push(this.encounter(`H${h}`, start, false));
        }
        r.shuffle(encounters);
        if (encounters.length > 1 || r.chance(0.7)) patient.curr_mdtrt_id = 'M0';
        if (r.chance(0.005)) patient.curr_mdtrt_id = 'NOPE';
        patient.fsi_encounter_dtos = encounters;
        if (r.chance(0.005)) delete patient.patn_id;
        return patient;
    }

    private encounter(mdtrtId: string, admission: number, current: boolean): Json {
        const r = this.random;
        const adm = admission + r.int(0, 23) * 3_600_000 + r.int(0, 59) * 60_000;
        const stay = r.pick([0, 0, 1, 2, 3, 5, 10, 20]);
        const encounter: Json = {
            mdtrt_id: mdtrtId,
            medins_id: r.pick(['H1', 'H1', 'H2', 'H3']),
            medins_name: '医院',
            medins_lv: r.pick(['01', '02', '05', '08', '11', '1', '2', '3', undefined, '99']),
            medins_type: r.pick(['1', '2', '3', undefined]),
            adm_date: r.chance(0.5) ? isoDateTime(adm) : isoDate(adm),
            med_type: r.pick(['11', '13', '14', '21', '21', '41', undefined, '99']),
            insutype: r.pick(['310', '390', '510', undefined])
        };
        if (r.chance(0.8)) encounter.dscg_date = isoDateTime(adm + stay * DAY + r.int(0, 600) * 60_000);
        if (r.chance(0.5)) encounter.medfee_sumamt = this.maybeMalformed(r.int(0, 100000) / 100, 'number');
        if (r.chance(0.005)) encounter.adm_date = this.maybeMalformed(encounter.adm_date, 'date');
        encounter.fsi_diagnose_dtos = Array.from({ length: r.pick([0, 1, 1, 2, 3]) }, (_, i) => this.diagnosis(i, adm));
        encounter.fsi_operation_dtos = Array.from({ length: r.pick([0, 0, 0, 1, 2]) }, (_, i) => this.operation(i, adm));
        encounter.fsi_order_dtos = this.lines(adm, stay, current);
        return encounter;
    }

    private diagnosis(index: number, adm: number): Json {
        const r = this.random;
        const pools = this.pools;
        const code = r.chance(0.4) && pools.ruleDiagnosisCodes.length > 0 ? r.pick(pools.ruleDiagnosisCodes) : r.chance(0.9) && pools.diagnoses.length > 0 ? r.pick(pools.diagnoses) : `L${r.digits(3)}.${r.digits(2)}`;
        const d: Json = { dise_id: `D${index}`, dise_codg: code, dise_name: `诊断${index}`, maindise_flag: index === 0 ? '1' : '0', dias_srt_no: index + 1, inout_dise_type: r.pick(['1', '2']) };
        if (r.chance(0.5)) d.dise_date = isoDate(adm);
        return d;
    }

    private operation(index: number, adm: number): Json {
        const r = this.random;
        const code = this.pools.operations.length > 0 && r.chance(0.9) ? r.pick(this.pools.operations) : `${r.digits(2)}.${r.digits(2)}`;
        return { setl_list_oprn_id: `O${index}`, oprn_code: code, oprn_name: `手术${index}`, main_oprn_flag: index === 0 ? 1 : 0, oprn_date: isoDate(adm + r.int(0, 2) * DAY) };
    }

    private code(): { code: string | undefined; type: string | undefined } {
        const r = this.random;
        const p = this.pools;
        const roll = r.float();
        if (roll < 0.45 && p.ruleLineCodes.length > 0) {
            const code = r.pick(p.ruleLineCodes);
            const type = code.startsWith('T') ? '102' : /^\d/.test(code) ? '201' : code.startsWith('C') ? '301' : '101';
            return { code, type };
        }
        if (roll < 0.60 && p.drugs.length > 0) return { code: r.pick(p.drugs), type: '101' };
        if (roll < 0.72 && p.services.length > 0) return { code: r.pick(p.services), type: '201' };
        if (roll < 0.80 && p.herbs.length > 0) return { code: r.pick(p.herbs), type: '102' };
        if (roll < 0.85 && p.consumables.length > 0) return { code: r.pick(p.consumables), type: '301' };
        if (roll < 0.97) return { code: r.pick(['本院-', 'HOSP', 'x', '']) + r.digits(r.int(1, 30)), type: r.pick(['101', '201', '999', undefined]) };
        return { code: undefined, type: undefined };
    }

    private lines(adm: number, stay: number, current: boolean): Json[] {
        const r = this.random;
        const count = r.pick([0, 1, 2, 3, 4, 6, 8, 12]);
        const lines: Json[] = [];
        const rxnos = ['RX1', 'RX2', 'RX3'];
        for (let i = 0; i < count; i++) {
            const { code, type } = this.code();
            const cnt = r.pick([1, 1, 1, 2, 3, 5, 0.5, 2.5, 10]);
            const pric = r.pick([r.int(1, 20000) / 100, r.int(1, 99_999_999) / 1_000_000, r.int(1, 500)]);
            const time = adm + r.int(0, Math.max(1, stay) * 24) * 3_600_000 + r.int(0, 59) * 60_000;
            const sn = `F${++this.sn}`;
            const line: Json = {
                rx_id: `R${i}-${r.digits(4)}`,
                rxno: r.pick(rxnos),
                hilist_code: code,
                hilist_name: code ? `项目${code.slice(-4)}` : undefined,
                hilist_type: type,
                cnt: this.maybeMalformed(cnt, 'number'),
                pric,
                drord_dr_codg: r.pick(['DR1', 'DR2', undefined]),
                feedetl_sn: sn
            };
            if (r.chance(0.85)) line.sumamt = Math.round(cnt * pric * 100) / 100;
            if (r.chance(0.7)) line.fee_ocur_time = this.maybeMalformed(isoDateTime(time), 'date');
            if (r.chance(0.7)) line.drord_begn_date = isoDateTime(time - r.int(0, 3) * 3_600_000);
            if (r.chance(0.1)) line.curr_drord_flag = r.pick(['0', 0]);
            else if (r.chance(0.5)) line.curr_drord_flag = '1';
            if (r.chance(0.2)) line.lv3_hosp_item_pric = r.int(1, 10000) / 100;
            if (r.chance(0.1)) line.drug_trac_codg = r.chance(0.5) ? [`TR${r.digits(4)}`] : `TR${r.digits(4)},TR${r.digits(4)}`;
            if (r.chance(0.1)) line.prd_days = r.int(1, 30);
            lines.push(line);
            // 退费
            if (r.chance(current ? 0.12 : 0.05)) {
                const refund: Json = {
                    ...line,
                    rx_id: `${line.rx_id}-退`,
                    cnt: -r.pick([1, cnt]),
                    feedetl_sn: `F${++this.sn}`
                };
                refund.sumamt = Math.round((refund.cnt as number) * pric * 100) / 100;
                const mode = r.int(0, 2);
                if (mode === 0) refund.init_feedetl_sn = sn;
                else if (mode === 2) refund.init_feedetl_sn = 'F-NONE';
                refund.fee_ocur_time = isoDateTime(time + r.int(-2, 10) * 3_600_000);
                lines.push(refund);
            }
        }
        return r.shuffle(lines);
    }
}
