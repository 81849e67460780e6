#!/usr/bin/env node
/**
 * 生成事后筛查的样例理赔（stdlib-rules/claims/screening/*.ndjson），确定性（固定种子）：
 *
 *   一千张理赔.ndjson   1,000 张一行一张的门诊 / 购药 / 住院理赔（1,000 个患者、12 家机构），药品明细带追溯码；
 *                       埋入 PLANTED_TRACE_PAIRS 对“同一追溯码在两张理赔中结算”（不同患者，多数不同机构），后结算的一张日期更晚；
 *                       另有大量占位追溯码（“—”“无”、空串、000000），它们重复出现但不算重复。
 *   机构药占比.ndjson   8 家二级甲等医院（同级同类）各 20 张门诊理赔，其中 H2_OUTLIER 的药品费用占比约 85%，其余约 30%–40%；
 *                       另有 3 家三级医院（同级不足 5 家，不比较）；每家另有 4 张住院理赔，H2_COSTLY 的住院次均费用远高于同级；
 *                       H2_DOCTORS 有 6 位门诊医师，DOCTOR_COSTLY 的门诊次均费用远高于同院其他医师。
 *   跨机构行为.ndjson   分解住院、住院期间门诊（含未出院）、重叠住院、频繁门诊（自然月）、频繁住院（医保年度）、跨机构重复检查，
 *                       各有一个该触发的与一个不该触发的对照。
 *
 * 用法：node stdlib-rules/scripts/generate-screening.mjs            写入文件
 *       node stdlib-rules/scripts/generate-screening.mjs --check    只比对（CI：提交的文件与生成器一致）
 * 测试（stdlib-rules/test/screening.test.ts）直接调用 generateAll()。
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PLANTED_TRACE_PAIRS = 8;
export const H2_OUTLIER = 'H2-106';
export const H2_COSTLY = 'H2-103';
/** 6 位门诊医师的医院，其中 DOCTOR_COSTLY 的门诊次均费用远高于同院其他医师 */
export const H2_DOCTORS = 'H2-108';
export const DOCTOR_COSTLY = 'H2-108-DR6';

/** mulberry32：小而确定的伪随机数。 */
function random(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// 常用药品（医保目录编码形状）与检查项目；金额两位小数
const DRUGS = [
    ['XJ01CAA040A001010102699', '阿莫西林胶囊', 12.5], ['XA10BAE003A001010100251', '二甲双胍片', 18.6],
    ['XC08CAA017A001010102512', '氨氯地平片', 24.3], ['XC10AAA067A001010103111', '阿托伐他汀钙片', 36.8],
    ['XA02BCO037E001010102155', '奥美拉唑肠溶胶囊', 15.2], ['XM01AEB051N002010102887', '布洛芬缓释胶囊', 9.9],
    ['XA07BCM109P001010100377', '蒙脱石散', 11.4], ['XC08CAX047A010010101968', '硝苯地平缓释片', 21.7],
    ['XA10BBG021A001010101435', '格列美脲片', 28.1], ['XR06AXL107A001010102063', '氯雷他定片', 16.5]
];
const SERVICES = [
    ['001101000010000', '一般诊疗费', 10, '12'], ['250101015000000', '血细胞分析', 20, '04'],
    ['220301001000000', '彩色多普勒超声常规检查', 120, '03'], ['210102015000000', '数字化摄影（DR）', 90, '03']
];
const PLACEHOLDERS = ['—', '无', '', '000000'];

function pad(n, width) {
    return String(n).padStart(width, '0');
}

function day(base, offset) {
    const d = new Date(Date.UTC(2024, 0, 1) + (base + offset) * 86_400_000);
    return d.toISOString().slice(0, 10);
}

function money(x) {
    return Math.round(x * 100) / 100;
}

/** 一条明细；drug 时带追溯码（每盒一个）。 */
function line(id, item, cnt, date, trace, dept, doctor) {
    const [code, name, price, chrg] = item;
    const isDrug = code.startsWith('X') || code.startsWith('Z');
    const result = {
        rx_id: id, rxno: `${id.split('-').slice(0, -1).join('-')}-RX1`, hilist_type: isDrug ? '101' : '201', chrg_type: isDrug ? '09' : chrg,
        hilist_code: code, hilist_name: name, cnt, pric: price, sumamt: money(cnt * price), fee_ocur_time: `${date} 10:00:00`,
        drord_dept_codg: dept, drord_dr_codg: doctor
    };
    if (isDrug) result.drug_trac_codg = trace;
    return result;
}

function request(taskId, patient, encounter) {
    const total = money(encounter.fsi_order_dtos.reduce((s, l) => s + l.sumamt, 0));
    return {
        syscode: 'SCREEN', task_id: taskId,
        patient_dtos: [{
            patn_id: patient.id, patn_name: patient.name, gend: patient.gend, brdy: patient.brdy, poolarea: '110000', curr_mdtrt_id: encounter.mdtrt_id,
            fsi_encounter_dtos: [{ ...encounter, medfee_sumamt: total }]
        }]
    };
}

const INSTITUTIONS = Array.from({ length: 12 }, (_, i) => ({
    id: i < 9 ? `H${pad(i + 1, 3)}` : `D${pad(i - 8, 3)}`,
    name: i < 9 ? `示例第${i + 1}医院` : `示例第${i - 8}药店`,
    type: i < 9 ? '1' : '2',
    lv: i < 3 ? '02' : i < 9 ? '05' : '11'
}));

function patientOf(n, rnd) {
    const year = 1940 + Math.floor(rnd() * 60);
    return { id: `P${pad(n, 6)}`, name: `患者${n}`, gend: rnd() < 0.5 ? '1' : '2', brdy: `${year}-${pad(1 + Math.floor(rnd() * 12), 2)}-15` };
}

/** 一千张理赔，埋入 PLANTED_TRACE_PAIRS 对追溯码重复结算。返回 { text, planted: [{ earlier, later, code }] }（earlier / later 为 rx_id）。 */
export function generateThousand() {
    const rnd = random(20240601);
    let traceCounter = 0;
    const rows = [];
    for (let n = 1; n <= 1000; n++) {
        const patient = patientOf(n, rnd);
        const kind = rnd();
        const inst = kind < 0.2 ? INSTITUTIONS[9 + Math.floor(rnd() * 3)] : INSTITUTIONS[Math.floor(rnd() * 9)];
        const inpatient = inst.type === '1' && kind > 0.92;
        const date = day(0, Math.floor(rnd() * 300));
        const mdtrt = `M${pad(n, 6)}`;
        const dept = inpatient ? 'A03' : 'A01';
        const doctor = `${inst.id}-DR${1 + Math.floor(rnd() * 4)}`;
        const lines = [];
        const drugs = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < drugs; k++) {
            const drug = DRUGS[Math.floor(rnd() * DRUGS.length)];
            const boxes = 1 + Math.floor(rnd() * 3);
            // 约一成的明细只填了占位码（没扫码）
            const trace = rnd() < 0.1 ? [PLACEHOLDERS[Math.floor(rnd() * PLACEHOLDERS.length)]]
                : Array.from({ length: boxes }, () => `8${pad(++traceCounter, 19)}`);
            lines.push(line(`${mdtrt}-${pad(lines.length + 1, 3)}`, drug, boxes, date, trace, dept, doctor));
        }
        if (inst.type === '1') lines.push(line(`${mdtrt}-${pad(lines.length + 1, 3)}`, SERVICES[rnd() < 0.7 ? 0 : 1], 1, date, undefined, dept, doctor));
        const encounter = {
            mdtrt_id: mdtrt, medins_id: inst.id, medins_name: inst.name, medins_admdvs: '110105', medins_type: inst.type, medins_lv: inst.lv,
            adm_date: `${date} 09:00:00`, ...(inpatient ? { dscg_date: day(0, 300 + 3) } : {}),
            med_type: inst.type === '2' ? '41' : inpatient ? '21' : '11', insutype: rnd() < 0.6 ? '310' : '390', dr_codg: doctor, adm_dept_codg: dept,
            fsi_diagnose_dtos: [{ dise_id: `${mdtrt}-D1`, inout_dise_type: '1', maindise_flag: '1', dise_codg: 'J06.900', dise_name: '急性上呼吸道感染', dise_date: date }],
            fsi_order_dtos: lines
        };
        if (inpatient) {
            // 住院放在年末、住 3 天，避免随机生成的住院彼此重叠
            encounter.adm_date = `${day(0, 300)} 09:00:00`;
            for (const l of lines) l.fee_ocur_time = `${day(0, 301)} 10:00:00`;
        }
        rows.push({ n, patient, encounter, date: inpatient ? day(0, 301) : date });
    }
    // 埋入重复：取较早理赔的一条药品明细的第一个追溯码，放进一张更晚、不同患者（多数不同机构）的理赔的一条药品明细
    const planted = [];
    const used = new Set();
    let attempts = 0;
    while (planted.length < PLANTED_TRACE_PAIRS && attempts++ < 10_000) {
        const a = rows[Math.floor(rnd() * rows.length)];
        const b = rows[Math.floor(rnd() * rows.length)];
        if (a === b || used.has(a.n) || used.has(b.n) || !(a.date < b.date)) continue;
        const from = a.encounter.fsi_order_dtos.find(l => l.drug_trac_codg && /^8\d{19}$/.test(l.drug_trac_codg[0]));
        const to = b.encounter.fsi_order_dtos.find(l => l.drug_trac_codg && /^8\d{19}$/.test(l.drug_trac_codg[0]));
        if (!from || !to) continue;
        used.add(a.n);
        used.add(b.n);
        to.drug_trac_codg = [...to.drug_trac_codg.slice(0, -1), from.drug_trac_codg[0]];
        planted.push({ earlier: from.rx_id, later: to.rx_id, code: from.drug_trac_codg[0] });
    }
    const text = rows.map(r => JSON.stringify(request(`T${pad(r.n, 6)}`, r.patient, r.encounter))).join('\n') + '\n';
    return { text, planted };
}

/** 同级机构的药占比与住院次均费用。 */
export function generatePeers() {
    const rnd = random(7);
    const rows = [];
    const hospitals = [
        ...Array.from({ length: 8 }, (_, i) => ({ id: `H2-${pad(101 + i, 3)}`, lv: '05' })),
        ...Array.from({ length: 3 }, (_, i) => ({ id: `H3-${pad(201 + i, 3)}`, lv: '02' }))
    ];
    let n = 0;
    for (const h of hospitals) {
        const drugShare = h.id === H2_OUTLIER ? 0.85 : 0.3 + rnd() * 0.1;
        for (let k = 0; k < 24; k++) {
            n++;
            const inpatient = k >= 20;
            const patient = patientOf(500_000 + n, rnd);
            const date = day(0, Math.floor(rnd() * 300));
            const mdtrt = `PM${pad(n, 5)}`;
            const doctor = `${h.id}-DR${1 + (k % (h.id === H2_DOCTORS && !inpatient ? 6 : 4))}`;
            // 先定服务费用，再按目标药占比定药品费用
            // 住院：H2_COSTLY 的服务费用高；H2_OUTLIER 药多而服务少，住院次均与同级相当（两条统计规则各只对一家机构触发）
            const serviceTotal = !inpatient ? (doctor === DOCTOR_COSTLY ? 1_500 : 80 + rnd() * 40)
                : h.id === H2_COSTLY ? 30_000 : h.id === H2_OUTLIER ? 1_000 + rnd() * 200 : 6_000 + rnd() * 2_000;
            const drugTotal = serviceTotal * drugShare / (1 - drugShare);
            const drug = DRUGS[k % DRUGS.length];
            const boxes = Math.max(1, Math.round(drugTotal / drug[2]));
            const lines = [
                line(`${mdtrt}-001`, ['001101000010000', inpatient ? '住院诊查费' : '一般诊疗费', money(serviceTotal), '02'], 1, date, undefined, 'A01', doctor),
                line(`${mdtrt}-002`, drug, boxes, date, [`9${pad(n, 19)}`], 'A01', doctor)
            ];
            rows.push(request(`PT${pad(n, 5)}`, patient, {
                mdtrt_id: mdtrt, medins_id: h.id, medins_name: `同级比较${h.id}`, medins_admdvs: '110105', medins_type: '1', medins_lv: h.lv,
                adm_date: `${date} 09:00:00`, ...(inpatient ? { dscg_date: day(0, 305) } : {}),
                med_type: inpatient ? '21' : '11', insutype: '310', dr_codg: doctor, adm_dept_codg: 'A01', fsi_order_dtos: lines
            }));
        }
    }
    return { text: rows.map(r => JSON.stringify(r)).join('\n') + '\n' };
}

/** 跨机构行为：每种一个触发与一个对照。 */
export function generateBehaviours() {
    const rows = [];
    let n = 0;
    const claim = (patientId, inst, medType, adm, dscg, services, options = {}) => {
        n++;
        // 每张都有一盒药（各机构药占比相近，统计规则不在这份样例上触发）
        const items = services.includes(DRUGS[0]) ? services : [...services, DRUGS[0]];
        const mdtrt = `BM${pad(n, 4)}`;
        const feeDate = options.feeDate ?? adm;
        const institution = INSTITUTIONS.find(i => i.id === inst);
        const doctor = `${inst}-DR1`;
        rows.push(request(`BT${pad(n, 4)}`, { id: patientId, name: `行为${patientId}`, gend: '1', brdy: '1960-05-05' }, {
            mdtrt_id: mdtrt, medins_id: inst, medins_name: institution.name, medins_admdvs: '110105', medins_type: institution.type, medins_lv: institution.lv,
            adm_date: `${adm} 09:00:00`, ...(dscg ? { dscg_date: dscg } : {}), med_type: medType, insutype: '310', dr_codg: doctor, adm_dept_codg: 'A02',
            fsi_order_dtos: items.map((item, k) => line(`${mdtrt}-${pad(k + 1, 3)}`, item, 1, feeDate, [`7${pad(n * 10 + k, 19)}`], 'A02', doctor))
        }));
        return mdtrt;
    };
    const exam = SERVICES[2];
    const visit = SERVICES[0];
    const drug = DRUGS[0];
    // 分解住院：出院 5 天后在另一机构再入院（触发）；出院 40 天后再入院（对照）
    claim('B-SPLIT', 'H001', '21', '2024-03-01', '2024-03-10', [visit]);
    claim('B-SPLIT', 'H002', '21', '2024-03-15', '2024-03-25', [visit]);
    claim('B-SPLIT', 'H003', '21', '2024-05-04', '2024-05-08', [visit]);
    // 住院期间门诊：住院期间在另一机构门诊（触发）；出院当天门诊（对照）；未出院的住院期间在药店购药（触发）
    claim('B-INSTAY', 'H001', '21', '2024-04-01', '2024-04-12', [visit]);
    claim('B-INSTAY', 'H004', '11', '2024-04-05', null, [visit, drug]);
    claim('B-INSTAY', 'H004', '11', '2024-04-12', null, [visit]);
    claim('B-OPEN', 'H002', '21', '2024-05-01', null, [visit], { feeDate: '2024-05-02' });
    claim('B-OPEN', 'D001', '41', '2024-05-06', null, [drug]);
    // 重叠住院：两家机构住院时间重叠（后入院的一次触发）；首尾相接（不重叠，但出院当天再入院是分解住院）
    claim('B-OVERLAP', 'H003', '21', '2024-06-01', '2024-06-10', [visit]);
    claim('B-OVERLAP', 'H005', '21', '2024-06-05', '2024-06-12', [visit]);
    claim('B-ADJACENT', 'H003', '21', '2024-06-01', '2024-06-10', [visit]);
    claim('B-ADJACENT', 'H005', '21', '2024-06-10', '2024-06-20', [visit]);
    // 频繁门诊：7 月 10 次门诊（触发）；8 次（对照，等于上限）
    for (let d = 0; d < 10; d++) claim('B-FREQ', ['H001', 'H002', 'H006'][d % 3], '11', `2024-07-${pad(2 + d * 2, 2)}`, null, [visit]);
    for (let d = 0; d < 8; d++) claim('B-FREQ-OK', 'H001', '11', `2024-07-${pad(2 + d * 3, 2)}`, null, [visit]);
    // 频繁住院：一个医保年度住院 7 次（触发；各次间隔都超过 15 天）
    for (const m of [1, 3, 5, 7, 9, 10, 12]) claim('B-STAYS', 'H007', '21', `2024-${pad(m, 2)}-03`, `2024-${pad(m, 2)}-06`, [visit]);
    // 跨机构重复检查：4 天后在另一机构做同一彩超（触发）；20 天后（对照）
    claim('B-EXAM', 'H001', '11', '2024-08-01', null, [visit, exam]);
    claim('B-EXAM', 'H008', '11', '2024-08-05', null, [visit, exam]);
    claim('B-EXAM', 'H009', '11', '2024-08-25', null, [visit, exam]);
    return { text: rows.map(r => JSON.stringify(r)).join('\n') + '\n' };
}

export function generateAll() {
    return {
        '一千张理赔.ndjson': generateThousand().text,
        '机构药占比.ndjson': generatePeers().text,
        '跨机构行为.ndjson': generateBehaviours().text
    };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'claims', 'screening');
    const check = process.argv.includes('--check');
    mkdirSync(dir, { recursive: true });
    let stale = 0;
    for (const [name, text] of Object.entries(generateAll())) {
        const path = join(dir, name);
        if (check) {
            let current = '';
            try { current = readFileSync(path, 'utf8'); } catch { /* 不存在 */ }
            if (current !== text) {
                console.error(`${path} 与生成器不一致：运行 node stdlib-rules/scripts/generate-screening.mjs`);
                stale++;
            }
        } else {
            writeFileSync(path, text);
            console.log(`写入 ${path}（${text.split('\n').length - 1} 行）`);
        }
    }
    process.exitCode = stale > 0 ? 1 : 0;
}
