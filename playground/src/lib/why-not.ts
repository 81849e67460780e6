/**
 * “为什么没有触发”面板的纯逻辑（不碰 DOM）：从理赔文档的一份请求里列出可选的对象（明细、就诊、诊断、手术），
 * 供面板的“对象”下拉框；求值本身在 worker 里由引擎的 whyNot 完成。
 */
import { detectFormat, splitRequests } from './json-text.js';

export interface ClaimObject {
    /** 传给 whyNot 的对象：明细号、就诊号、诊断 / 手术编码 */
    id: string;
    /** 下拉框里的文字 */
    label: string;
    kind: 'line' | 'encounter' | 'diagnosis' | 'operation';
}

type Rec = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter((x): x is Rec => !!x && typeof x === 'object') : []);

/** 理赔文档（JSON 或 NDJSON）中第 request 份请求里的对象；JSON 有错时为空。每个编号只列一次。 */
export function claimObjects(path: string, doc: string, request = 0): ClaimObject[] {
    const requests = splitRequests(doc, detectFormat(path, doc));
    const item = requests.find(r => r.index === request) ?? requests[0];
    if (!item) return [];
    let value: unknown;
    try {
        value = JSON.parse(item.text);
    } catch {
        return [];
    }
    const objects: ClaimObject[] = [];
    const seen = new Set<string>();
    const add = (o: ClaimObject) => {
        if (seen.has(o.id)) return;
        seen.add(o.id);
        objects.push(o);
    };
    for (const patient of list((value as Rec | null)?.patient_dtos)) {
        const current = text(patient.curr_mdtrt_id);
        for (const encounter of list(patient.fsi_encounter_dtos)) {
            const mdtrt = text(encounter.mdtrt_id);
            const history = current !== null && mdtrt !== current;
            if (mdtrt) add({ id: mdtrt, kind: 'encounter', label: `就诊 ${mdtrt}${history ? '（历史）' : ''}${text(encounter.medins_name) ? ` ${text(encounter.medins_name)}` : ''}` });
            for (const line of list(encounter.fsi_order_dtos)) {
                const rx = text(line.rx_id);
                if (rx) add({ id: rx, kind: 'line', label: `明细 ${rx} ${text(line.hilist_name) ?? text(line.hilist_code) ?? ''}${history ? '（历史）' : ''}`.trim() });
            }
            for (const d of list(encounter.fsi_diagnose_dtos)) {
                const code = text(d.dise_codg);
                if (code) add({ id: code, kind: 'diagnosis', label: `诊断 ${code} ${text(d.dise_name) ?? ''}`.trim() });
            }
            for (const o of list(encounter.fsi_operation_dtos)) {
                const code = text(o.oprn_code);
                if (code) add({ id: code, kind: 'operation', label: `手术 ${code} ${text(o.oprn_name) ?? ''}`.trim() });
            }
        }
    }
    return objects;
}
