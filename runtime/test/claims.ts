/**
 * 运行时测试用的理赔构造工具与默认字典（与编译器从内置默认字典生成的相同）。
 */
import { DEFAULT_DICTIONARIES } from '../../language/src/kb/default-dictionaries.js';
import type { RuntimeDictionaries } from '../src/claim/normalize.js';

export function defaultRuntimeDictionaries(): RuntimeDictionaries {
    const result: RuntimeDictionaries = {};
    for (const dictionary of DEFAULT_DICTIONARIES) {
        const entries: Record<string, string> = {};
        for (const [code, entry] of dictionary.entries) if (entry.category) entries[code] = entry.category;
        result[dictionary.name] = { entries, ...(dictionary.fallbackCategory ? { fallback: dictionary.fallbackCategory } : {}) };
    }
    return result;
}

export type Json = Record<string, unknown>;

export function line(rx_id: string, extra: Json = {}): Json {
    return {
        rx_id, rxno: 'RX1', hilist_type: '201', hilist_code: '001102000010000', hilist_name: '项目' + rx_id,
        cnt: 1, pric: 10, sumamt: 10, drord_begn_date: '2024-03-02 09:00:00', curr_drord_flag: '1',
        ...extra
    };
}

export function encounter(mdtrt_id: string, lines: Json[] = [], extra: Json = {}): Json {
    return {
        mdtrt_id, medins_id: 'H001', medins_name: '示例医院', medins_lv: '03', medins_type: '1',
        adm_date: '2024-03-01 08:00:00', dscg_date: '2024-03-05', med_type: '21', insutype: '310',
        fsi_diagnose_dtos: [], fsi_operation_dtos: [], fsi_order_dtos: lines,
        ...extra
    };
}

export function patient(patn_id: string, encounters: Json[], extra: Json = {}): Json {
    return {
        patn_id, patn_name: '患者' + patn_id, gend: '1', brdy: '1980-05-01', poolarea: '110000',
        curr_mdtrt_id: encounters[0]?.mdtrt_id, fsi_encounter_dtos: encounters,
        ...extra
    };
}

export function request(patients: Json[], extra: Json = {}): Json {
    return { syscode: 'TEST', task_id: 'T1', patient_dtos: patients, ...extra };
}
