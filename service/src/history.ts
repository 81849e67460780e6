/**
 * 就诊历史：已结算的就诊进库（3102 结算、载入任务），审核时按患者补进请求。
 * 补进去的是原样的 fsi_encounter_dtos 项，与请求自带的历史就诊同一种输入；运行时的规范化按 curr_mdtrt_id 区分本次与历史。
 */
import type { Store, StoredEncounter } from './store.js';

export class SettleError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idText(value: unknown): string | null {
    return typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null;
}

/** 本次就诊的编号：curr_mdtrt_id，或只有一次就诊时就是它（与规范化一致）。 */
function currentOf(patient: Record<string, unknown>, encounters: unknown[]): string | null {
    return idText(patient.curr_mdtrt_id) ?? (encounters.length === 1 && isObject(encounters[0]) ? idText(encounters[0].mdtrt_id) : null);
}

/**
 * 一批 input.data 里要进库的就诊：'current' 只取每个患者的本次就诊（3102 结算），'all' 取全部（载入已结算的理赔）。
 * 缺 patn_id / mdtrt_id 时抛 SettleError（中文，点出位置）。
 */
export function settledEncounters(items: unknown[], which: 'current' | 'all'): StoredEncounter[] {
    const encounters: StoredEncounter[] = [];
    items.forEach((data, i) => {
        const item = items.length > 1 ? `第 ${i + 1} 项的 ` : '';
        if (!isObject(data) || !Array.isArray(data.patient_dtos)) throw new SettleError(`${item}input.data 应为带 patient_dtos 的 3101 / 3102 入参`);
        data.patient_dtos.forEach((patient: unknown, p: number) => {
            const where = `${item}patient_dtos[${p}]`;
            if (!isObject(patient)) throw new SettleError(`${where} 应为对象`);
            const patnId = idText(patient.patn_id);
            if (patnId === null) throw new SettleError(`缺少字段 ${where}.patn_id`);
            const list = Array.isArray(patient.fsi_encounter_dtos) ? patient.fsi_encounter_dtos : [];
            const current = currentOf(patient, list);
            list.forEach((e: unknown, j: number) => {
                if (!isObject(e)) throw new SettleError(`${where}.fsi_encounter_dtos[${j}] 应为对象`);
                const mdtrtId = idText(e.mdtrt_id);
                if (mdtrtId === null) throw new SettleError(`缺少字段 ${where}.fsi_encounter_dtos[${j}].mdtrt_id`);
                if (which === 'current' && mdtrtId !== current) return;
                encounters.push({ patn_id: patnId, mdtrt_id: mdtrtId, adm_date: idText(e.adm_date), body: JSON.stringify(e) });
            });
        });
    });
    return encounters;
}

/** 请求里每个患者补上库里已结算、请求中没有的就诊（最多 limit 次，入院日期新的优先）。就地修改 data，返回补上的就诊数。 */
export function addStoredHistory(data: Record<string, unknown>, store: Store, limit: number): number {
    const patients = data.patient_dtos;
    if (!Array.isArray(patients)) return 0;
    let total = 0;
    for (const patient of patients) {
        if (!isObject(patient) || !Array.isArray(patient.fsi_encounter_dtos)) continue;
        const patnId = idText(patient.patn_id);
        if (patnId === null) continue;
        const stored = store.history(patnId, limit);
        if (stored.length === 0) continue;
        const encounters = patient.fsi_encounter_dtos as unknown[];
        const current = currentOf(patient, encounters);
        const present = new Set(encounters.map(e => (isObject(e) ? idText(e.mdtrt_id) : null)));
        const added = stored.filter(e => !present.has(e.mdtrt_id) && e.mdtrt_id !== current);
        if (added.length === 0) continue;
        // 只有一次就诊、没写 curr_mdtrt_id 时它就是本次；补上历史后要写明
        if (idText(patient.curr_mdtrt_id) === null && current !== null) patient.curr_mdtrt_id = current;
        for (const e of added) encounters.push(JSON.parse(e.body));
        total += added.length;
    }
    return total;
}
