/**
 * 3101/3102 入参（input.data）→ 规范化理赔。每个请求只做一次。
 *
 * - 必填：patient_dtos[]、patn_id、fsi_encounter_dtos[]、mdtrt_id、rx_id；curr_mdtrt_id 须指向一次就诊
 *   （只有一次就诊时可省略）。缺失或类型错误 → 该患者一条错误（写明 JSON 路径与修改方法），其他患者照常审核。
 * - 可选字段缺失为空；未知字段忽略；已给出但格式错误的数值 / 日期 → 错误（否则金额会被悄悄算错）。
 * - 退费：cnt 为负的明细是退费。带 init_feedetl_sn 的冲销所指原明细；否则冲销同一编码、计费时间最近且不晚于它的正向明细。
 *   冲销后净数量 ≤ 0 的明细与退费明细本身不参与审核。
 * - 计费时间 fee_ocur_time，缺失取 drord_begn_date，再缺失取入院日期。
 * - 明细的可选字段只在读取计划（plan.ts，来自规则包 manifest.lineFields）里时解析与校验；历史就诊、诊断、手术操作
 *   与处方分组只在规则包读到时规范化与校验（manifest.sources，plan.ts 的 SourcePlan）。
 */
import { decimalProblem, exactSum, ExactRangeError, formatDecimal, formatMoney, isExact, MAX_DIGITS, MAX_EXPONENT, MAX_MAGNITUDE_TEXT, mulToFen, parseDecimal } from '../values/decimal.js';
import { ageInYears, MINUTES_PER_DAY, parseDateTime } from '../values/dates.js';
import type { ClaimError, NClaim, NDiagnosis, NEncounter, NGroup, NLine, NOperation, NPatient, NRequest } from './types.js';
import { FULL_LINE_PLAN, FULL_SOURCE_PLAN } from './plan.js';
import type { LinePlan, SourcePlan } from './plan.js';
import type { InputErrorCode } from '../contract/errors.js';

/** 字典：代码 → 归类（内置枚举值）。 */
export interface RuntimeDictionary {
    entries: Record<string, string>;
    fallback?: string;
}

export type RuntimeDictionaries = Record<string, RuntimeDictionary>;

type Json = Record<string, unknown>;

class InputError extends Error {
    constructor(readonly detail: ClaimError) {
        super(detail.message);
    }
}

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 字段的 JSON 类型说明（错误信息用）。 */
function jsonKind(value: unknown): string {
    if (Array.isArray(value)) return '数组';
    if (value === null) return '空值';
    if (typeof value === 'object') return '对象';
    if (typeof value === 'string') return '文本';
    if (typeof value === 'number') return '数字';
    if (typeof value === 'boolean') return '布尔值';
    return typeof value;
}

/** 文本与编码字段写成了数组或对象：理赔要么按它写的审核，要么说明为什么不审——不把它当作缺失（曾把 ["XJ01"] 的编码悄悄当空）。 */
function wrongType(value: unknown, key: string, path: Path, expected: string, patnId?: string): never {
    fail(`${path}${path === '' ? '' : '.'}${key}`, 'ZR0014', `${key} 应为${expected}，实际是${jsonKind(value)}「${shorten(JSON.stringify(value) ?? String(value))}」`,
        Array.isArray(value) ? `写成单个值，如 "${key}": ${JSON.stringify(value[0] ?? '')}` : `写成${expected}`, patnId);
}

/** 错误信息里引用的用户值不超过 60 个字符（一个 1 MB 的字段不该变成 1 MB 的错误信息）。 */
function shorten(value: string): string {
    return value.length > 60 ? value.slice(0, 60) + '…' : value;
}

function shown(value: unknown): string {
    return shorten(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}

function text(value: unknown, key: string, path: Path): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value === '' ? null : value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return wrongType(value, key, path, '文本');
}

/** 编码（目录编码、诊断与手术编码、字典代码）：去掉首尾空白（定长数据库字段常带空格），空白视为缺失。
 *  编码要与规则里的字面编码比较，所以修剪；长度与格式从不校验。 */
function code(value: unknown, key: string, path: Path): string | null {
    const t = text(value, key, path);
    if (t === null) return null;
    const trimmed = t.trim();
    return trimmed === '' ? null : trimmed;
}

/** 标识（patn_id、mdtrt_id、rx_id）：原样保留——审核结果把它们原样送回上游定位记录；只有空白时视为缺失。 */
function ident(value: unknown, key: string, path: Path): string | null {
    const t = text(value, key, path);
    if (t === null || t.trim() === '') return null;
    // 替换字符 U+FFFD：输入不是有效的 UTF-8（解码时坏字节被替换）。标识进入 jr_id 并原样送回上游，不能悄悄改变它
    if (t.includes('\uFFFD')) {
        fail(`${path}${path === '' ? '' : '.'}${key}`, 'ZR0018', `${key}「${shorten(t)}」含替换字符 U+FFFD：输入不是有效的 UTF-8，或上游已把坏字节替换掉`, '按 UTF-8 编码输出理赔（GBK 等编码请先转换）');
    }
    return t;
}

/** 标志：1 / "1" / true / "Y" 为是，其余标量为否；数组与对象是错误。 */
function flag(value: unknown, key: string, path: Path): boolean {
    if (typeof value === 'object' && value !== null) wrongType(value, key, path, '标志（1 / 0）');
    return value === 1 || value === '1' || value === true || value === 'Y' || value === 'y';
}

/** 列表字段（就诊、诊断、手术、明细）：缺失（null / 空文本）为空列表；给了却不是数组（对象、JSON 编码的文本）是错误。 */
function list(value: unknown, key: string, path: Path, patnId: string): unknown[] {
    if (Array.isArray(value)) return value;
    if (value === null || value === undefined || value === '') return [];
    const hint = typeof value === 'string' && /^\s*[[{]/.test(value) ? '它是 JSON 编码后的文本：直接放入数组，不要再编码一次' : `写成数组：[ … ]`;
    fail(`${path}.${key}`, 'ZR0014', `${key} 应为数组，实际是${jsonKind(value)}`, hint, patnId);
}

export function normalizeRequest(input: unknown, dictionaries: RuntimeDictionaries, plan: LinePlan = FULL_LINE_PLAN, sources: SourcePlan = FULL_SOURCE_PLAN): NRequest {
    const request: NRequest = { syscode: null, task_id: null, trig_scen: null, rule_ids: null, claims: [], errors: [] };
    if (!isObject(input)) {
        request.errors.push({ code: 'ZR0001', path: '', message: '请求不是 JSON 对象', hint: '输入应为 3101/3102 的 input.data 对象：{ "patient_dtos": [ … ] }' });
        return request;
    }
    try {
        request.task_id = text(input.task_id, 'task_id', '');
        request.syscode = text(input.syscode, 'syscode', '');
        request.trig_scen = text(input.trig_scen, 'trig_scen', '');
        const ruleIds = input.rule_ids;
        if (Array.isArray(ruleIds)) request.rule_ids = ruleIds.map((id, k) => text(id, `rule_ids[${k}]`, '')).filter((s): s is string => s !== null);
        else if (typeof ruleIds === 'string' && ruleIds.trim()) request.rule_ids = ruleIds.split(/[,，\s]+/).filter(Boolean);
        else if (ruleIds !== null && ruleIds !== undefined && ruleIds !== '') wrongType(ruleIds, 'rule_ids', '', '规则编号的数组或以逗号分隔的文本');
    } catch (error) {
        if (!(error instanceof InputError)) throw error;
        request.errors.push(withIds(error.detail, request.task_id, input));
        return request;
    }
    const patients = input.patient_dtos;
    if (!Array.isArray(patients)) {
        request.errors.push({ code: 'ZR0002', path: 'patient_dtos', message: '缺少 patient_dtos 数组', hint: '3101 入参的患者列表放在 patient_dtos 中' });
        return request;
    }
    for (let i = 0; i < patients.length; i++) {
        try {
            request.claims.push(normalizePatient(patients[i], i, dictionaries, plan, sources));
        } catch (error) {
            if (error instanceof InputError) request.errors.push(withIds(error.detail, request.task_id, patients[i]));
            else throw error;
        }
    }
    return request;
}

/** 错误带上能读出的标识（task_id、patn_id、mdtrt_id），上游据此定位被拒的理赔，不必按行号回查。 */
function withIds(detail: ClaimError, taskId: string | null, patient: unknown): ClaimError {
    const result: ClaimError = { ...detail };
    if (taskId !== null) result.task_id = taskId;
    if (isObject(patient)) {
        const patnId = readableId(patient.patn_id);
        if (result.patn_id === undefined && patnId !== null) result.patn_id = patnId;
        if (result.mdtrt_id === undefined) {
            const encounters = patient.fsi_encounter_dtos;
            const current = readableId(patient.curr_mdtrt_id)
                ?? (Array.isArray(encounters) && encounters.length === 1 && isObject(encounters[0]) ? readableId(encounters[0].mdtrt_id) : null);
            if (current !== null) result.mdtrt_id = current;
        }
    }
    return { code: result.code, path: result.path, message: result.message, ...(result.hint !== undefined ? { hint: result.hint } : {}),
        ...(result.task_id !== undefined ? { task_id: result.task_id } : {}), ...(result.patn_id !== undefined ? { patn_id: result.patn_id } : {}),
        ...(result.mdtrt_id !== undefined ? { mdtrt_id: result.mdtrt_id } : {}) };
}

function readableId(value: unknown): string | null {
    return typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null;
}

/**
 * JSON 路径：只在报告错误时才拼成文本（每条明细都拼一次路径字符串，曾占规范化时间的一成以上）。
 * 在模板字符串里使用时自动转成文本，如 `${path}.rx_id`。
 */
class Loc {
    constructor(readonly parent: Path, readonly list: string, readonly index: number) {}
    toString(): string {
        return `${String(this.parent)}.${this.list}[${this.index}]`;
    }
}

type Path = string | Loc;

function fail(path: Path, code: InputErrorCode, message: string, hint?: string, patn_id?: string): never {
    throw new InputError({ code, path: String(path), message, hint, patn_id });
}

function category(dictionaries: RuntimeDictionaries, name: string, code: string | null): string | null {
    const dictionary = dictionaries[name];
    if (!dictionary || code === null) return null; // 代码缺失 = 未知，不套用“未登记”的归类
    if (Object.prototype.hasOwnProperty.call(dictionary.entries, code)) return dictionary.entries[code];
    return dictionary.fallback ?? null;
}

/** 代码给了、字典却没有给它归类（未登记、也没有兜底归类，或登记为未知如 gend 0 / 9）时，在理赔的 notes 里说明：该字段按未知处理，依赖它的规则没有判。 */
function noteUnregistered(notes: string[], dictionaries: RuntimeDictionaries, name: string, code: string | null, consequence: string): void {
    const dictionary = dictionaries[name];
    if (!dictionary || code === null || dictionary.fallback !== undefined) return;
    if (Object.prototype.hasOwnProperty.call(dictionary.entries, code)) return;
    notes.push(`${name} 的代码「${shorten(code)}」在字典中没有归类（未登记，或登记为未知）：${consequence}（本地代码请在知识库 dictionaries/${name}.tsv 登记并归类）`);
}

/** 性别只有男 / 女；字典归为“未知”（0 / 9）、未登记或缺失时为空——与空值比较为“未知”，任何性别条件都不会成立。 */
function sexOf(categoryValue: string | null): string | null {
    return categoryValue === '男' || categoryValue === '女' ? categoryValue : null;
}

/** 字段读取：传入字段的值（调用处直接取属性，比按变量名取属性快得多）与字段名（只用于错误信息）。 */
interface FieldReader {
    money(raw: unknown, key: string, path: Path): number | null;
    day(raw: unknown, key: string, path: Path): number | null;
    time(raw: unknown, key: string, path: Path): { day: number; minute: number } | null;
}

function reader(patnId: string): FieldReader {
    return {
        money(raw, key, path) {
            if (raw === null || raw === undefined || raw === '') return null;
            const value = parseDecimal(raw);
            if (value === null) {
                if (decimalProblem(raw) === 'range') {
                    fail(`${path}.${key}`, 'ZR0015', `${key} 的值「${shown(raw)}」超出可表示的范围`,
                        `数值的绝对值不超过 ${MAX_MAGNITUDE_TEXT}，有效数字不超过 ${MAX_DIGITS} 位、指数不超过 ±${MAX_EXPONENT}（${key} 可能写错了单位或位数）`, patnId);
                }
                fail(`${path}.${key}`, 'ZR0010', `${key} 的值「${shown(raw)}」不是数字`, '金额与数量写成数字，如 12.5', patnId);
            }
            return value;
        },
        day(raw, key, path) {
            const parsed = parseDateTime(raw);
            if (parsed === undefined) fail(`${path}.${key}`, 'ZR0011', `${key} 的值「${shown(raw)}」不是日期`, '日期写成 2024-03-01 或 2024-03-01 08:30:00', patnId);
            return parsed ? parsed.day : null;
        },
        time(raw, key, path) {
            const parsed = parseDateTime(raw);
            if (parsed === undefined) fail(`${path}.${key}`, 'ZR0011', `${key} 的值「${shown(raw)}」不是日期时间`, '写成 2024-03-01 08:30:00', patnId);
            return parsed ? { day: parsed.day, minute: parsed.minute } : null;
        }
    };
}

function normalizePatient(raw: unknown, patientIndex: number, dictionaries: RuntimeDictionaries, plan: LinePlan, sources: SourcePlan): NClaim {
    const path = `patient_dtos[${patientIndex}]`;
    if (!isObject(raw)) fail(path, 'ZR0003', '患者不是 JSON 对象');
    const patnId = ident(raw.patn_id, 'patn_id', path);
    if (patnId === null) fail(`${path}.patn_id`, 'ZR0004', '缺少人员编号 patn_id', '每个患者都需要 patn_id');
    const read = reader(patnId);
    const gendCode = code(raw.gend, 'gend', path);
    const brdy = read.day(raw.brdy, 'brdy', path);
    const patient: NPatient = {
        patn_id: patnId,
        patn_name: text(raw.patn_name, 'patn_name', path),
        gend: sexOf(category(dictionaries, 'gend', gendCode)),
        gend_code: gendCode,
        brdy,
        age: null,
        poolarea: text(raw.poolarea, 'poolarea', path)
    };
    const encountersRaw = list(raw.fsi_encounter_dtos, 'fsi_encounter_dtos', path, patnId);
    if (encountersRaw.length === 0) {
        fail(`${path}.fsi_encounter_dtos`, 'ZR0005', '缺少就诊列表 fsi_encounter_dtos（至少一次就诊）', undefined, patnId);
    }
    let currentId = ident(raw.curr_mdtrt_id, 'curr_mdtrt_id', path);
    if (currentId === null) {
        if (encountersRaw.length === 1 && isObject(encountersRaw[0])) currentId = ident(encountersRaw[0].mdtrt_id, 'mdtrt_id', new Loc(path, 'fsi_encounter_dtos', 0));
        if (currentId === null) fail(`${path}.curr_mdtrt_id`, 'ZR0006', '缺少本次就诊编号 curr_mdtrt_id', '有多次就诊时必须指明被审核的是哪一次', patnId);
    }
    const encounters: NEncounter[] = [];
    // 规范化提示（退费找不到原明细等），按就诊的输入顺序
    const notes: string[] = [];
    noteUnregistered(notes, dictionaries, 'gend', gendCode, '性别按未知处理，性别类规则未判');
    for (let j = 0; j < encountersRaw.length; j++) {
        const at = new Loc(path, 'fsi_encounter_dtos', j);
        if (!sources.history && !isCurrentEntry(encountersRaw[j], currentId)) {
            // 规则包不读历史就诊：不规范化、不校验。可能含退费的照常规范化（只为写出同样的退费提示），格式错误时不拒绝、不写提示
            if (mayHoldRefund(encountersRaw[j])) {
                const own: string[] = [];
                try {
                    normalizeEncounter(encountersRaw[j], at, j, currentId, patnId, dictionaries, plan, sources, read, own);
                    notes.push(...own);
                } catch (error) {
                    if (!(error instanceof InputError)) throw error;
                }
            }
            continue;
        }
        try {
            encounters.push(normalizeEncounter(encountersRaw[j], at, j, currentId, patnId, dictionaries, plan, sources, read, notes));
        } catch (error) {
            // 出错的就诊：错误带上它的 mdtrt_id（能读出时）
            const entry = encountersRaw[j];
            const id = isObject(entry) ? readableId(entry.mdtrt_id) : null;
            if (error instanceof InputError && error.detail.mdtrt_id === undefined && id !== null) error.detail.mdtrt_id = id;
            throw error;
        }
    }
    const current = encounters.find(e => e.is_current);
    if (!current) fail(`${path}.curr_mdtrt_id`, 'ZR0007', `curr_mdtrt_id「${shorten(currentId)}」不是本患者任何一次就诊的 mdtrt_id`, undefined, patnId);
    const history = encounters.filter(e => !e.is_current).sort((a, b) => (a.adm_date ?? 0) - (b.adm_date ?? 0) || a.index - b.index);

    // 序号：全部明细按计费时间（同时刻历史在前、再按输入位置）排序后编号。多数请求的明细已按时间排好，先查一遍再决定是否排序。
    let all: NLine[];
    if (history.length === 0) {
        all = current.lines;
    } else {
        all = [];
        for (const encounter of encounters) for (const line of encounter.lines) all.push(line);
    }
    sortIfNeeded(all, byFeeTime);
    for (let k = 0; k < all.length; k++) all[k].seq = k + 1;
    const historyLines: NLine[] = [];
    if (history.length > 0) {
        sortIfNeeded(current.lines, bySeq);
        for (const encounter of history) {
            sortIfNeeded(encounter.lines, bySeq);
            for (const line of encounter.lines) historyLines.push(line);
        }
        sortIfNeeded(historyLines, bySeq);
    }

    const ageDay = current.adm_date ?? current.lines[0]?.fee_date ?? null;
    if (brdy !== null && ageDay !== null && brdy > ageDay) {
        fail(`${path}.brdy`, 'ZR0016', `出生日期 brdy「${shown(raw.brdy)}」晚于本次就诊（${current.adm_date !== null ? '入院' : '首条计费'}日期）`, '检查出生日期与入院日期是否写反或写错年份', patnId);
    }
    patient.age = brdy !== null && ageDay !== null ? ageInYears(brdy, ageDay) : null;

    return {
        patient,
        encounter: current,
        history,
        lines: current.lines,
        diagnoses: current.diagnoses,
        operations: current.operations,
        prescriptions: sources.prescriptions ? prescriptionsOf(current.lines, path, patnId) : [],
        history_lines: historyLines,
        all_lines: all,
        notes,
        patientIndex
    };
}

/** 就诊是否是本次就诊（与 normalizeEncounter 的 is_current 相同：mdtrt_id 按 ident 读出后等于 curr_mdtrt_id），不抛错。 */
function isCurrentEntry(entry: unknown, currentId: string): boolean {
    if (!isObject(entry)) return false;
    const id = entry.mdtrt_id;
    // ident：文本原样；数字与布尔值转成文本；currentId 非空白、不含替换字符，所以与它相等的文本必是有效的标识
    return typeof id === 'string' ? id === currentId : (typeof id === 'number' || typeof id === 'boolean') && String(id) === currentId;
}

/** 就诊的明细里可能有退费（数量、单价或金额为负数，或是带负号的文本）：保守的判断，宁多勿漏。 */
function mayHoldRefund(entry: unknown): boolean {
    if (!isObject(entry) || !Array.isArray(entry.fsi_order_dtos)) return false;
    for (const line of entry.fsi_order_dtos) {
        if (isObject(line) && (mayBeNegative(line.cnt) || mayBeNegative(line.sumamt) || mayBeNegative(line.pric))) return true;
    }
    return false;
}

function mayBeNegative(value: unknown): boolean {
    return typeof value === 'number' ? value < 0 : typeof value === 'string' && value.includes('-');
}

function prescriptionsOf(lines: NLine[], path: string, patnId: string): NGroup[] {
    try {
        return groupLines(lines, line => line.rxno);
    } catch (error) {
        if (!(error instanceof ExactRangeError)) throw error;
        fail(path, 'ZR0012', `同一处方的明细金额合计${error.message}`, '检查数量、单价、金额是否写错', patnId);
    }
}

function normalizeEncounter(raw: unknown, path: Path, index: number, currentId: string, patnId: string, dictionaries: RuntimeDictionaries, plan: LinePlan, sources: SourcePlan, read: FieldReader, notes: string[]): NEncounter {
    if (!isObject(raw)) fail(path, 'ZR0003', '就诊不是 JSON 对象', undefined, patnId);
    const mdtrtId = ident(raw.mdtrt_id, 'mdtrt_id', path);
    if (mdtrtId === null) fail(`${path}.mdtrt_id`, 'ZR0008', '缺少就诊编号 mdtrt_id', undefined, patnId);
    const adm = read.time(raw.adm_date, 'adm_date', path);
    const dscg = read.day(raw.dscg_date, 'dscg_date', path);
    const medinsLv = code(raw.medins_lv, 'medins_lv', path);
    const grade = category(dictionaries, 'medins_lv', medinsLv);
    if (ident(raw.mdtrt_id, 'mdtrt_id', path) === currentId) noteUnregistered(notes, dictionaries, 'medins_lv', medinsLv, '机构等级按未知处理，机构级别类规则未判');
    const medType = code(raw.med_type, 'med_type', path);
    const insutype = code(raw.insutype, 'insutype', path);
    const medinsType = code(raw.medins_type, 'medins_type', path);
    const encounter: NEncounter = {
        mdtrt_id: mdtrtId,
        patn_id: patnId,
        medins_id: text(raw.medins_id, 'medins_id', path),
        medins_name: text(raw.medins_name, 'medins_name', path),
        medins_admdvs: text(raw.medins_admdvs, 'medins_admdvs', path),
        medins_type: medinsType,
        medins_category: category(dictionaries, 'medins_type', medinsType),
        medins_lv: medinsLv,
        medins_grade: grade,
        adm_date: adm ? adm.day : null,
        adm_time: adm ? adm.minute : null,
        dscg_date: dscg,
        los: adm && dscg !== null ? Math.max(1, dscg - adm.day) * MINUTES_PER_DAY : null,
        dscg_main_dise_codg: text(raw.dscg_main_dise_codg, 'dscg_main_dise_codg', path),
        dscg_main_dise_name: text(raw.dscg_main_dise_name, 'dscg_main_dise_name', path),
        dr_codg: text(raw.dr_codg, 'dr_codg', path),
        adm_dept_codg: text(raw.adm_dept_codg, 'adm_dept_codg', path),
        dscg_dept_codg: text(raw.dscg_dept_codg, 'dscg_dept_codg', path),
        med_category: category(dictionaries, 'med_type', medType),
        med_type: medType,
        med_mdtrt_type: text(raw.med_mdtrt_type, 'med_mdtrt_type', path),
        insutype,
        insu_category: category(dictionaries, 'insutype', insutype),
        matn_stas: text(raw.matn_stas, 'matn_stas', path),
        medfee_sumamt: read.money(raw.medfee_sumamt, 'medfee_sumamt', path),
        ownpay_amt: read.money(raw.ownpay_amt, 'ownpay_amt', path),
        selfpay_amt: read.money(raw.selfpay_amt, 'selfpay_amt', path),
        hifp_payamt: read.money(raw.hifp_payamt, 'hifp_payamt', path),
        lines: [],
        diagnoses: [],
        operations: [],
        is_current: mdtrtId === currentId,
        index
    };
    // 诊断与手术操作：规则包不读时为空、不校验
    const diagnoses = sources.diagnoses ? list(raw.fsi_diagnose_dtos, 'fsi_diagnose_dtos', path, patnId) : [];
    {
        for (let k = 0; k < diagnoses.length; k++) {
            const d = diagnoses[k];
            const at = new Loc(path, 'fsi_diagnose_dtos', k);
            if (!isObject(d)) fail(at, 'ZR0003', '诊断不是 JSON 对象', undefined, patnId);
            const diagnosis: NDiagnosis = {
                dise_id: text(d.dise_id, 'dise_id', at),
                inout_dise_type: text(d.inout_dise_type, 'inout_dise_type', at),
                maindise_flag: flag(d.maindise_flag, 'maindise_flag', at),
                dias_srt_no: d.dias_srt_no === undefined || d.dias_srt_no === null || d.dias_srt_no === '' ? null : read.money(d.dias_srt_no, 'dias_srt_no', at),
                dise_codg: code(d.dise_codg, 'dise_codg', at),
                dise_name: text(d.dise_name, 'dise_name', at),
                dise_date: read.day(d.dise_date, 'dise_date', at),
                mdtrt_id: mdtrtId
            };
            encounter.diagnoses.push(diagnosis);
        }
    }
    const operations = sources.operations ? list(raw.fsi_operation_dtos, 'fsi_operation_dtos', path, patnId) : [];
    {
        for (let k = 0; k < operations.length; k++) {
            const o = operations[k];
            const at = new Loc(path, 'fsi_operation_dtos', k);
            if (!isObject(o)) fail(at, 'ZR0003', '手术操作不是 JSON 对象', undefined, patnId);
            const operation: NOperation = {
                setl_list_oprn_id: text(o.setl_list_oprn_id, 'setl_list_oprn_id', at),
                oprn_code: code(o.oprn_code, 'oprn_code', at),
                oprn_name: text(o.oprn_name, 'oprn_name', at),
                main_oprn_flag: flag(o.main_oprn_flag, 'main_oprn_flag', at),
                oprn_date: read.day(o.oprn_date, 'oprn_date', at),
                anst_way: text(o.anst_way, 'anst_way', at),
                mdtrt_id: mdtrtId
            };
            encounter.operations.push(operation);
        }
    }
    const orders = list(raw.fsi_order_dtos, 'fsi_order_dtos', path, patnId);
    const lines: NLine[] = [];
    const seenRx = new Map<string, number>();
    {
        for (let k = 0; k < orders.length; k++) {
            const line = normalizeLine(orders[k], new Loc(path, 'fsi_order_dtos', k), k, encounter, patnId, dictionaries, plan, read);
            const earlier = seenRx.get(line.rx_id);
            if (earlier !== undefined) {
                fail(`${path}.fsi_order_dtos[${k}].rx_id`, 'ZR0013', `明细标识 rx_id「${shorten(line.rx_id)}」在本次就诊中重复（fsi_order_dtos[${earlier}] 与 [${k}]）`,
                    '每条明细的 rx_id 在一次就诊内必须唯一，审核结果靠它指出违规明细', patnId);
            }
            seenRx.set(line.rx_id, k);
            lines.push(line);
        }
    }
    encounter.lines = netRefunds(lines, notes);
    return encounter;
}

function normalizeLine(raw: unknown, path: Path, index: number, encounter: NEncounter, patnId: string, dictionaries: RuntimeDictionaries, p: LinePlan, read: FieldReader): NLine {
    if (!isObject(raw)) fail(path, 'ZR0003', '费用明细不是 JSON 对象', undefined, patnId);
    const rxId = ident(raw.rx_id, 'rx_id', path);
    if (rxId === null) fail(`${path}.rx_id`, 'ZR0009', '缺少明细标识 rx_id', '审核结果用 rx_id 指出违规明细，每条明细都需要', patnId);
    const cntRaw = read.money(raw.cnt, 'cnt', path);
    const pric = read.money(raw.pric, 'pric', path);
    let sumamt = read.money(raw.sumamt, 'sumamt', path);
    const cnt = cntRaw ?? 0;
    if (sumamt === null) {
        try {
            // 金额 = 数量 × 单价，直接舍入到分（只舍入一次）
            sumamt = pric !== null ? mulToFen(cnt, pric) : 0;
        } catch (error) {
            if (!(error instanceof ExactRangeError)) throw error;
            fail(`${path}.sumamt`, 'ZR0012', `没有 sumamt，数量 × 单价（${String(raw.cnt)} × ${String(raw.pric)}）超出可精确表示的范围`, '检查 cnt 与 pric 是否写错；或直接给出 sumamt', patnId);
        }
    }
    const occurred = read.time(raw.fee_ocur_time, 'fee_ocur_time', path);
    // 医嘱开始时间：规则读到它，或计费时间缺失要拿它补时才解析
    const begin = p.drord_begn_date || occurred === null ? read.time(raw.drord_begn_date, 'drord_begn_date', path) : null;
    const feeTime = occurred ?? begin ?? (encounter.adm_time !== null ? { day: encounter.adm_date!, minute: encounter.adm_time } : null);
    const currFlag = raw.curr_drord_flag;
    // 核心字段：引擎、退费冲销、排序与结果组装要用，总是解析
    const line: NLine = {
        rx_id: rxId,
        rxno: text(raw.rxno, 'rxno', path),
        hilist_code: code(raw.hilist_code, 'hilist_code', path),
        hilist_name: text(raw.hilist_name, 'hilist_name', path),
        cnt,
        raw_cnt: cnt,
        pric,
        sumamt,
        raw_sumamt: sumamt,
        curr_drord_flag: !(currFlag === '0' || currFlag === 0),
        fee_time: feeTime ? feeTime.minute : null,
        fee_date: feeTime ? feeTime.day : null,
        fee_hour: feeTime ? feeTime.minute - (feeTime.minute % 60) : null,
        feedetl_sn: text(raw.feedetl_sn, 'feedetl_sn', path),
        init_feedetl_sn: text(raw.init_feedetl_sn, 'init_feedetl_sn', path),
        seq: 0,
        mdtrt_id: encounter.mdtrt_id,
        is_current_encounter: encounter.is_current,
        index
    };
    // 可选字段：只加规则包读到的（不在计划里的属性不存在，读取时为空）。同一计划下每条明细按同样的顺序添加，形状一致；
    // 不把几十个空值写进每条明细——对象小了，规范化快约两成。
    if (p.grpno) line.grpno = text(raw.grpno, 'grpno', path);
    if (p.long_drord_flag) line.long_drord_flag = flag(raw.long_drord_flag, 'long_drord_flag', path);
    if (p.hilist_type || p.item_category) {
        const hilistType = code(raw.hilist_type, 'hilist_type', path);
        if (p.hilist_type) line.hilist_type = hilistType;
        if (p.item_category) line.item_category = category(dictionaries, 'hilist_type', hilistType);
    }
    if (p.chrg_type) line.chrg_type = text(raw.chrg_type, 'chrg_type', path);
    if (p.drord_bhvr) line.drord_bhvr = text(raw.drord_bhvr, 'drord_bhvr', path);
    if (p.hilist_dosform) line.hilist_dosform = text(raw.hilist_dosform, 'hilist_dosform', path);
    if (p.hilist_lv) line.hilist_lv = text(raw.hilist_lv, 'hilist_lv', path);
    if (p.hilist_pric) line.hilist_pric = read.money(raw.hilist_pric, 'hilist_pric', path);
    if (p.hilist_memo) line.hilist_memo = text(raw.hilist_memo, 'hilist_memo', path);
    if (p.lv1_hosp_item_pric || p.lv2_hosp_item_pric || p.lv3_hosp_item_pric || p.price_cap) {
        const lv1 = read.money(raw.lv1_hosp_item_pric, 'lv1_hosp_item_pric', path);
        const lv2 = read.money(raw.lv2_hosp_item_pric, 'lv2_hosp_item_pric', path);
        const lv3 = read.money(raw.lv3_hosp_item_pric, 'lv3_hosp_item_pric', path);
        if (p.lv1_hosp_item_pric) line.lv1_hosp_item_pric = lv1;
        if (p.lv2_hosp_item_pric) line.lv2_hosp_item_pric = lv2;
        if (p.lv3_hosp_item_pric) line.lv3_hosp_item_pric = lv3;
        if (p.price_cap) {
            const grade = encounter.medins_grade;
            line.price_cap = grade === '一级' ? lv1 : grade === '二级' ? lv2 : grade === '三级' ? lv3 : null;
        }
    }
    if (p.hosplist_code) line.hosplist_code = text(raw.hosplist_code, 'hosplist_code', path);
    if (p.hosplist_name) line.hosplist_name = text(raw.hosplist_name, 'hosplist_name', path);
    if (p.ownpay_amt) line.ownpay_amt = read.money(raw.ownpay_amt, 'ownpay_amt', path);
    if (p.selfpay_amt) line.selfpay_amt = read.money(raw.selfpay_amt, 'selfpay_amt', path);
    if (p.spec) line.spec = text(raw.spec, 'spec', path);
    if (p.spec_unt) line.spec_unt = text(raw.spec_unt, 'spec_unt', path);
    if (p.drord_begn_date) line.drord_begn_date = begin ? begin.day : null;
    if (p.drord_stop_date) line.drord_stop_date = read.day(raw.drord_stop_date, 'drord_stop_date', path);
    if (p.drord_dept_codg) line.drord_dept_codg = text(raw.drord_dept_codg, 'drord_dept_codg', path);
    if (p.drord_dr_codg) line.drord_dr_codg = text(raw.drord_dr_codg, 'drord_dr_codg', path);
    if (p.drord_dr_profttl) line.drord_dr_profttl = text(raw.drord_dr_profttl, 'drord_dr_profttl', path);
    if (p.drug_trac_codg) line.drug_trac_codg = traceCodes(raw.drug_trac_codg, 'drug_trac_codg', path);
    if (p.prd_days) {
        const prdDays = read.money(raw.prd_days, 'prd_days', path);
        line.prd_days = prdDays === null ? null : Math.round(prdDays / 1_000_000) * MINUTES_PER_DAY;
    }
    return line;
}

/** 追溯码：数组，或以逗号 / 分号 / 空白分隔的文本。占位写法（“—”“-”“无”“/”“0”、全是 0、空白）不是追溯码，去掉。 */
function traceCodes(trace: unknown, key: string, path: Path): string[] {
    const codes = Array.isArray(trace) ? trace.map((c, k) => text(c, `${key}[${k}]`, path)).filter((s): s is string => s !== null)
        : typeof trace === 'string' && trace.trim() ? trace.split(/[,，;；\s]+/) : isObject(trace) ? wrongType(trace, key, path, '追溯码的数组或文本') : [];
    return codes.map(c => c.trim()).filter(c => !TRACE_PLACEHOLDER.test(c));
}

const TRACE_PLACEHOLDER = /^(?:|[-—–_/\\.·*]+|0+|无|空|暂无|null|none|n\/a)$/iu;

function byFeeTime(a: NLine, b: NLine): number {
    return (a.fee_time ?? 0) - (b.fee_time ?? 0) || (a.is_current_encounter === b.is_current_encounter ? 0 : a.is_current_encounter ? 1 : -1) || a.index - b.index;
}

function bySeq(a: NLine, b: NLine): number {
    return a.seq - b.seq;
}

/** 已经有序时不排序（只扫一遍）。 */
function sortIfNeeded(lines: NLine[], compare: (a: NLine, b: NLine) => number): void {
    for (let k = 1; k < lines.length; k++) {
        if (compare(lines[k - 1], lines[k]) > 0) {
            lines.sort(compare);
            return;
        }
    }
}

/** 冲销退费，返回参与审核的明细（输入顺序）。 */
function netRefunds(lines: NLine[], notes: string[]): NLine[] {
    let hasRefund = false;
    for (const line of lines) if (line.cnt < 0 || line.sumamt < 0) { hasRefund = true; break; }
    if (!hasRefund) return lines;
    const bySn = new Map<string, NLine>();
    for (const line of lines) if (line.feedetl_sn && line.cnt > 0) bySn.set(line.feedetl_sn, line);
    const refunds = lines.filter(l => l.cnt < 0 || (l.cnt === 0 && l.sumamt < 0));
    const netted = new Set<NLine>();
    let candidates: RefundCandidates | undefined;
    for (const refund of refunds) {
        const name = `${shorten(refund.rx_id)}（${shorten(refund.hilist_name ?? refund.hilist_code ?? '')}）`;
        let target = refund.init_feedetl_sn ? bySn.get(refund.init_feedetl_sn) : undefined;
        if (refund.init_feedetl_sn && !target) {
            // 指明了原明细却找不到：不猜（曾冲销同编码最近的一条，真实的违规因此消失），原明细照常审核
            notes.push(`退费明细 ${name}的 init_feedetl_sn「${shorten(refund.init_feedetl_sn)}」不是本次就诊任何正向明细的 feedetl_sn：没有冲销任何明细，相关明细按原数量审核`);
            continue;
        }
        if (!target) {
            // 同一编码中，计费时间不晚于退费、仍有余量的最近一条（同时刻取输入中靠后的）
            candidates ??= new RefundCandidates(lines);
            target = candidates.latest(refund);
        }
        if (!target) {
            notes.push(`退费明细 ${name}找不到对应的原明细，已忽略`);
            continue;
        }
        if (target.cnt + refund.cnt < 0 || target.sumamt + refund.sumamt < 0) {
            notes.push(`退费明细 ${name}（数量 ${formatDecimal(refund.cnt)}、金额 ${formatMoney(refund.sumamt)}）超过原明细 ${target.rx_id}（余 ${formatDecimal(target.cnt)}、${formatMoney(target.sumamt)}）：原明细冲销到 0 不再审核，超出部分没有冲销其他明细`);
            target.cnt = 0;
            target.sumamt = 0;
            netted.add(target);
            candidates?.exhausted(target);
            continue;
        }
        target.cnt += refund.cnt;
        target.sumamt += refund.sumamt;
        netted.add(target);
        if (target.cnt <= 0) candidates?.exhausted(target);
    }
    const refundSet = new Set(refunds);
    // 退费本身不审核；被冲销到 0（或以下）的原明细也不再审核
    return lines.filter(l => !refundSet.has(l) && !(netted.has(l) && l.cnt <= 0));
}

/**
 * 没有 init_feedetl_sn 的退费找原明细：每个编码的正向明细按（计费时间，输入位置）排好，二分找到不晚于退费的最后一条，
 * 冲销完的明细用并查集跳过。每次查找近乎常数——曾经每条退费扫一遍全部明细，2 万条明细的理赔要 17 秒。
 * 缺计费时间的明细按 0 排在最前（任何退费都不早于它）；缺计费时间的退费可冲销该编码的任何一条。
 */
class RefundCandidates {
    private readonly byCode = new Map<string | null, { lines: NLine[]; keys: number[]; alive: Int32Array }>();
    private readonly where = new Map<NLine, { code: string | null; position: number }>();

    constructor(lines: NLine[]) {
        const groups = new Map<string | null, NLine[]>();
        for (const line of lines) {
            if (line.cnt <= 0) continue;
            let group = groups.get(line.hilist_code);
            if (!group) groups.set(line.hilist_code, group = []);
            group.push(line);
        }
        for (const [code, group] of groups) {
            group.sort((a, b) => (a.fee_time ?? 0) - (b.fee_time ?? 0) || a.index - b.index);
            // alive[i]：i 及其左边仍有余量的最后一个位置（+1；0 表示没有）；并查集，查找时压缩路径
            const alive = new Int32Array(group.length + 1);
            for (let i = 0; i <= group.length; i++) alive[i] = i;
            this.byCode.set(code, { lines: group, keys: group.map(l => l.fee_time ?? 0), alive });
            group.forEach((line, position) => this.where.set(line, { code, position }));
        }
    }

    latest(refund: NLine): NLine | undefined {
        const entry = this.byCode.get(refund.hilist_code);
        if (!entry) return undefined;
        let end = entry.lines.length; // 可选的是 [0, end)
        if (refund.fee_time !== null) {
            let lo = 0;
            let hi = entry.keys.length;
            while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (entry.keys[mid] <= refund.fee_time) lo = mid + 1;
                else hi = mid;
            }
            end = lo;
        }
        const slot = find(entry.alive, end);
        return slot === 0 ? undefined : entry.lines[slot - 1];
    }

    exhausted(line: NLine): void {
        const at = this.where.get(line);
        if (!at) return;
        const entry = this.byCode.get(at.code)!;
        entry.alive[at.position + 1] = at.position; // 指向左边
    }
}

function find(parent: Int32Array, i: number): number {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) {
        const next = parent[i];
        parent[i] = root;
        i = next;
    }
    return root;
}

/**
 * 按键分组（保持首次出现的顺序）；键为空的明细各自成组。键按值比较（groupKeyOf）：集合与列表（如追溯码）按元素，
 * 多个键（tuple：键函数返回各键的值）按各分量，不按对象身份——否则集合值的键永远分不到一组。
 */
export function groupLines(lines: NLine[], key: (line: NLine) => unknown, options: { tuple?: boolean } = {}): NGroup[] {
    const groups = new Map<unknown, NGroup>();
    const result: NGroup[] = [];
    const tuple = options.tuple === true;
    for (const line of lines) {
        const k = key(line);
        const canonical = tuple ? tupleKeyOf(k as unknown[]) : groupKeyOf(k);
        const mapKey = canonical === null ? line : canonical;
        let group = groups.get(mapKey);
        if (!group) {
            group = { key: canonical === null ? null : k, lines: [], cnt: 0, sumamt: 0, first: line };
            groups.set(mapKey, group);
            result.push(group);
        }
        group.lines.push(line);
        group.cnt += line.cnt;
        group.sumamt += line.sumamt;
    }
    // 合计超出安全整数时精确重算（仍超出则 ExactRangeError：该患者一条错误，不输出漂移了的金额）
    for (const group of result) {
        if (!isExact(group.cnt)) group.cnt = exactSum(group.lines.map(l => l.cnt));
        if (!isExact(group.sumamt)) group.sumamt = exactSum(group.lines.map(l => l.sumamt));
    }
    return result;
}

/**
 * 分组键的值 → 比较用的值：字符串、数字、布尔与记录原样；集合 / 列表为去重排序后的元素（前缀 S 与文本区分）；
 * 空（null、空集合）为 null。
 */
export function groupKeyOf(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value) || value instanceof Set) {
        const items = [...new Set([...value].map(v => partOf(groupKeyOf(v))))].sort();
        return items.length === 0 ? null : 'S\u0000' + items.join('\u0000');
    }
    // 记录（就诊、处方……）：同一条记录即同一个键
    return value;
}

/** 多个键：各分量的 groupKeyOf 连接；各分量都空时为 null。 */
export function tupleKeyOf(values: unknown[]): string | null {
    const parts = values.map(v => groupKeyOf(v));
    if (parts.every(p => p === null)) return null;
    return 'T\u0000' + parts.map(partOf).join('\u0000');
}

/** 键的一个分量写成文本：种类加前缀（数字 1 与文本 "1" 不同），记录按对象编号。 */
function partOf(p: unknown): string {
    return p === null ? '\u0001' : typeof p === 'object' ? `o:${objectId(p as object)}` : `${typeof p}:${String(p)}`;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
function objectId(o: object): number {
    let id = objectIds.get(o);
    if (id === undefined) objectIds.set(o, id = ++nextObjectId);
    return id;
}
