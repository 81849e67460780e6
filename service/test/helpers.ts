/**
 * 服务测试的共用部分：把 fixtures/rules.zs 编译成规则包文件（与 zhishen build 同一条路：openSession → ES 模块），
 * 按需生成的 3101 入参与国家格式报文，在进程内启动服务（worker 用构建好的 dist/worker.js；npm test 会先构建）。
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSession } from '@zhishen/compiler';
import { Service } from '../src/service.js';
import type { ServiceOptions } from '../src/service.js';
import { runawayPack } from '../../tests/support/runaway-pack.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const WORKER_URL = new URL('../dist/worker.js', import.meta.url);

export function tempDir(): string {
    return mkdtempSync(join(tmpdir(), 'zhishen-service-'));
}

/** 编译规则源（默认 fixtures/rules.zs）为规则包文件，返回路径。 */
export async function buildPack(dir: string, name = 'pack.mjs', text = readFileSync(join(FIXTURES, 'rules.zs'), 'utf8')): Promise<string> {
    const session = await openSession({ sources: [{ uri: pathToFileURL(join(FIXTURES, 'rules.zs')).href, text }], emit: { fileName: name } });
    const output = session.compile();
    if (!output.ok) throw new Error(output.diagnostics.filter(d => d.severity === 'error').map(d => d.message).join('\n'));
    const file = join(dir, name);
    // SV_SLOW：规则源里写无害的 ^(a+)$，构建后在规则包里换成失控的求值（tests/support/runaway-pack.ts），
    // 模拟一个绕过了检查的规则包——请求的时间预算是检查之外的一道防线
    const code = runawayPack(output.result.code);
    writeFileSync(file, code);
    return file;
}

export async function startService(options: Partial<ServiceOptions> & { pack: string }): Promise<Service> {
    return Service.start({ logger: false, workers: 1, workerUrl: WORKER_URL, flushMs: 0, ...options });
}

export interface LineSpec {
    rx: string;
    code: string;
    name?: string;
    amount?: number;
}

/** 一个患者一次就诊的 input.data（可带历史就诊）。 */
export function claim(lines: LineSpec[], options: { patient?: string; mdtrt?: string; date?: string; trig_scen?: string; rule_ids?: string[]; history?: Array<{ mdtrt: string; date: string; lines: LineSpec[] }> } = {}) {
    const date = options.date ?? '2026-03-02';
    const encounter = (mdtrt: string, day: string, items: LineSpec[]) => ({
        mdtrt_id: mdtrt, medins_id: 'H001', medins_name: '测试医院', medins_lv: '3', med_type: '11', insutype: '310',
        adm_date: day, dscg_date: day, dscg_main_dise_codg: 'J06.900', medfee_sumamt: items.reduce((s, l) => s + (l.amount ?? 10), 0),
        fsi_diagnose_dtos: [{ dise_id: `${mdtrt}-D1`, dise_codg: 'J06.900', dise_name: '急性上呼吸道感染', maindise_flag: '1' }],
        fsi_order_dtos: items.map(l => ({
            rx_id: l.rx, rxno: `${mdtrt}-RX`, hilist_code: l.code, hilist_name: l.name ?? `项目${l.code}`, hilist_type: '201',
            cnt: 1, pric: l.amount ?? 10, sumamt: l.amount ?? 10, drord_begn_date: `${day} 09:00:00`, curr_drord_flag: '1'
        }))
    });
    const mdtrt = options.mdtrt ?? 'M-NOW';
    return {
        syscode: 'TEST', task_id: 'T1',
        ...(options.trig_scen ? { trig_scen: options.trig_scen } : {}),
        ...(options.rule_ids ? { rule_ids: options.rule_ids } : {}),
        patient_dtos: [{
            patn_id: options.patient ?? 'P001', patn_name: '张三', gend: '1', brdy: '1980-01-01', poolarea: '110000', curr_mdtrt_id: mdtrt,
            fsi_encounter_dtos: [encounter(mdtrt, date, lines), ...(options.history ?? []).map(h => encounter(h.mdtrt, h.date, h.lines))]
        }]
    };
}

let msg = 0;

/** 国家格式的报文 */
export function envelope(infno: string | undefined, data: unknown, extra: Record<string, unknown> = {}) {
    msg++;
    return {
        ...(infno ? { infno } : {}), msgid: `H11000000001${String(msg).padStart(8, '0')}`, mdtrtarea_admvs: '110000', insuplc_admdvs: '110000',
        fixmedins_code: 'H11000000001', fixmedins_name: '测试医院', inf_time: '2026-03-02 10:00:00', input: { data }, ...extra
    };
}

export const CALL = '/fsi/api/rsfComIfsService/callService';
