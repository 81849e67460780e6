/**
 * 生成基准用的 3101 入参（input.data），每行一个 NDJSON，确定性（固定种子）。
 *
 * 每条 = 一个患者、一次本次就诊（约 20 条明细）+ 约 30% 的患者带 1–2 次历史就诊（各 5–12 条明细）。
 * 明细编码：约 30% 为本地 / 未知编码（不在任何知识点里），其余取自国家知识点的 med_codes（全部有效知识点的编码，
 * 按目录种类分池：药品 52%、医疗服务项目 43%、中药饮片 5%），每个池内先按固定种子洗牌再按 Zipf（s = 1）抽，
 * 少数编码很热门、长尾很长；同一就诊内约 25% 的明细重复此前的编码（住院每日项目、续开药品）。
 * 字段取值尽量像真实上传：单价最多 6 位小数、数量偶有 0.5、金额两位小数、计费时间、处方号、约 2% 退费冲销、
 * 约 3% 既往医嘱、药品追溯码与用药天数、医疗服务项目的分级限价；诊断来自 icd10-chs（Zipf），住院约 25% 带手术（icd9cm3-chs）。
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { random, zipf } from './random.mjs';

/** 生成器的版本：改了生成逻辑就加一，缓存文件随之失效。 */
export const CLAIMS_VERSION = 3;

const KIND_TYPE = { 药品: '101', 中药饮片: '102', 医疗服务项目: '201' };
const DEPTS = ['A01', 'A02', 'A03', 'A04', 'A05', 'A07', 'A12', 'A15', 'A16', 'A50'];
const PROFTTL = ['231', '232', '233', '234'];
const MEDINS_LV = ['01', '02', '02', '03', '05', '05', '06', '08', '09', '11', '1', '2', '3'];
const DOSFORM = ['片剂', '胶囊剂', '注射剂', '颗粒剂', '口服溶液剂', '软膏剂', '丸剂', '滴眼剂'];
const LOCAL_NAMES = ['院内制剂', '自费耗材', '特需服务', '院内检查', '营养餐', '陪护费', '自费药品', '一次性材料'];

/** 从知识库取生成理赔所需的编码池。 */
export function claimPools(kb, seed) {
    const r = random(seed ^ 0x51ed);
    const byKind = { 药品: [], 医疗服务项目: [], 中药饮片: [] };
    const seen = new Set();
    for (const table of kb.kpTables.values()) {
        for (const kp of table) {
            for (const code of kp.med_codes) {
                if (seen.has(code)) continue;
                seen.add(code);
                const entry = kb.index.get(code)[0];
                const kind = entry?.kind && byKind[entry.kind] ? entry.kind : code.startsWith('T') ? '中药饮片' : /^\d+$/.test(code) ? '医疗服务项目' : '药品';
                byKind[kind].push({ code, name: entry?.name ?? kp.item_name, kind });
            }
        }
    }
    for (const list of Object.values(byKind)) {
        list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
        r.shuffle(list);
    }
    const local = [];
    for (let i = 0; i < 6000; i++) {
        const kind = r.pick(['101', '201', '301', '201', '101']);
        local.push({ code: `L${kind}${String(i).padStart(6, '0')}`, name: `${r.pick(LOCAL_NAMES)}${i}`, type: kind });
    }
    r.shuffle(local);
    const diagnoses = [...(kb.catalogues.get('诊断') ?? [])].filter(e => !e.code.includes('+'));
    const operations = [...(kb.catalogues.get('手术') ?? [])];
    r.shuffle(diagnoses);
    r.shuffle(operations);
    return { byKind, local, diagnoses, operations, kpCodes: seen.size };
}

const pad2 = n => (n < 10 ? '0' : '') + n;

/** 天数（1970 起）→ YYYY-MM-DD */
function dateText(days) {
    const d = new Date(days * 86_400_000);
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function money2(micro) {
    return Math.round(micro / 10_000) / 100;
}

/**
 * 一个生成器：next() 返回下一条理赔（对象）。
 * province（理赔库基准用，像一个省的结算数据）：患者在多张理赔里反复出现（患者池为理赔数的 1/3，属性固定），
 * 约 1% 的带追溯码的药品明细重用近期另一张理赔的追溯码（回流药），跨理赔规则因此有真实的命中。
 */
export function claimGenerator(pools, seed, { province = false, count = 0 } = {}) {
    const r = random(seed);
    const patients = new Map();
    const patientPool = Math.max(1, Math.floor(count / 3));
    const recentCodes = [];
    const sample = {
        药品: zipf(pools.byKind.药品, 1.0, r.next),
        医疗服务项目: zipf(pools.byKind.医疗服务项目, 1.0, r.next),
        中药饮片: zipf(pools.byKind.中药饮片, 1.0, r.next),
        local: zipf(pools.local, 1.0, r.next),
        diagnosis: zipf(pools.diagnoses, 1.1, r.next),
        operation: zipf(pools.operations, 1.1, r.next)
    };
    const hospitals = Array.from({ length: 300 }, (_, i) => ({
        id: `H${String(110000000 + i * 7919)}`,
        name: `示例医院${i}`,
        lv: MEDINS_LV[i % MEDINS_LV.length],
        type: i % 40 === 0 ? '3' : i % 7 === 0 ? '4' : '1',
        admdvs: String(110100 + (i % 16))
    }));
    const START = 19_723; // 2024-01-01
    let index = 0;

    const pickItem = () => {
        if (r.chance(0.3)) {
            const l = sample.local();
            return { code: l.code, name: l.name, type: l.type };
        }
        const u = r.next();
        const kind = u < 0.52 ? '药品' : u < 0.95 ? '医疗服务项目' : '中药饮片';
        const item = sample[kind]();
        return { code: item.code, name: item.name, type: KIND_TYPE[kind] };
    };

    const encounter = (patn, mdtrtId, hospital, admDay, inpatient, lineCount) => {
        const los = inpatient ? r.int(1, 20) : 0;
        const admMinute = r.int(6 * 60, 20 * 60);
        const medType = inpatient ? r.pick(['21', '21', '21', '22', '24', '52']) : r.pick(['11', '11', '11', '14', '13', '41', '51']);
        const diagnoses = [];
        const nd = r.int(1, 4);
        for (let k = 0; k < nd; k++) {
            const d = sample.diagnosis();
            diagnoses.push({
                dise_id: `${mdtrtId}-D${k + 1}`, inout_dise_type: inpatient ? '2' : '1', maindise_flag: k === 0 ? '1' : '0',
                dias_srt_no: k + 1, dise_codg: d.code, dise_name: d.name, dise_date: dateText(admDay)
            });
        }
        const operations = [];
        if (inpatient && r.chance(0.25)) {
            const no = r.int(1, 2);
            for (let k = 0; k < no; k++) {
                const o = sample.operation();
                operations.push({
                    setl_list_oprn_id: `${mdtrtId}-O${k + 1}`, oprn_code: o.code, oprn_name: o.name, main_oprn_flag: k === 0 ? '1' : '0',
                    oprn_date: dateText(admDay + r.int(0, los)), anst_way: r.pick(['01', '02', '03'])
                });
            }
        }
        const orders = [];
        const used = [];
        let rxNo = 0;
        let rxLeft = 0;
        let total = 0;
        for (let k = 0; k < lineCount; k++) {
            const item = used.length > 0 && r.chance(0.25) ? r.pick(used) : pickItem();
            used.push(item);
            if (rxLeft <= 0) {
                rxNo++;
                rxLeft = r.int(1, 5);
            }
            rxLeft--;
            const day = admDay + (inpatient ? r.int(0, los) : 0);
            const minute = inpatient ? r.int(0, 1439) : Math.min(1439, admMinute + r.int(0, 180));
            const time = `${dateText(day)} ${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:${pad2(r.int(0, 59))}`;
            const isDrug = item.type === '101' || item.type === '102';
            const cnt = r.chance(0.04) ? 0.5 : r.chance(0.7) ? 1 : r.int(2, 6);
            // 药品单价最多 6 位小数，医疗服务项目两位
            const pricMicro = isDrug ? r.int(10_000, 300_000_000) : r.int(1, 60_000) * 10_000;
            const pric = pricMicro / 1_000_000;
            const sumamt = money2(cnt * pricMicro);
            total += sumamt;
            const seq = String(k + 1).padStart(3, '0');
            const line = {
                rx_id: `${mdtrtId}-${seq}`,
                rxno: `${mdtrtId}-RX${rxNo}`,
                long_drord_flag: inpatient && r.chance(0.4) ? '1' : '0',
                hilist_type: item.type,
                chrg_type: item.type === '101' ? '09' : item.type === '102' ? '10' : item.type === '301' ? '08' : r.pick(['02', '03', '04', '05', '07']),
                drord_bhvr: '0',
                hilist_code: item.code,
                hilist_name: item.name,
                hilist_lv: r.pick(['1', '2', '3']),
                hosplist_code: `Y${item.code.slice(-8)}`,
                hosplist_name: item.name,
                cnt,
                pric,
                sumamt,
                drord_begn_date: time,
                drord_dept_codg: r.pick(DEPTS),
                drord_dr_codg: `D${hospital.id.slice(-4)}${r.int(10, 99)}`,
                drord_dr_profttl: r.pick(PROFTTL),
                curr_drord_flag: r.chance(0.03) ? '0' : '1',
                fee_ocur_time: time,
                feedetl_sn: `${mdtrtId}-F${seq}`
            };
            if (isDrug) {
                line.hilist_dosform = r.pick(DOSFORM);
                line.spec = `${r.int(1, 500)}mg*${r.int(6, 48)}片`;
                if (r.chance(0.3)) line.prd_days = r.int(1, 30);
                if (r.chance(0.2)) {
                    if (province && recentCodes.length > 0 && r.chance(0.01)) line.drug_trac_codg = r.pick(recentCodes);
                    else {
                        line.drug_trac_codg = `8${r.digits(19)}`;
                        if (province) {
                            if (recentCodes.length < 5000) recentCodes.push(line.drug_trac_codg);
                            else recentCodes[r.int(0, 4999)] = line.drug_trac_codg;
                        }
                    }
                }
            } else if (item.type === '201' && r.chance(0.5)) {
                const cap = pricMicro + r.int(-5, 20) * 10_000;
                line.lv1_hosp_item_pric = money2(cap * 0.8);
                line.lv2_hosp_item_pric = money2(cap * 0.9);
                line.lv3_hosp_item_pric = money2(cap);
            }
            if (inpatient && r.chance(0.3)) line.drord_stop_date = dateText(Math.min(admDay + los, day + r.int(0, 5)));
            if (r.chance(0.1)) line.ownpay_amt = money2(cnt * pricMicro * 0.1);
            orders.push(line);
            // 约 2% 退费：冲销刚才那条（带原流水号）
            if (r.chance(0.02)) {
                orders.push({
                    ...line,
                    rx_id: `${mdtrtId}-${seq}R`,
                    cnt: -cnt,
                    sumamt: -sumamt,
                    feedetl_sn: `${mdtrtId}-F${seq}R`,
                    init_feedetl_sn: line.feedetl_sn
                });
                total -= sumamt;
            }
        }
        const enc = {
            mdtrt_id: mdtrtId,
            medins_id: hospital.id,
            medins_name: hospital.name,
            medins_admdvs: hospital.admdvs,
            medins_type: hospital.type,
            medins_lv: hospital.lv,
            adm_date: `${dateText(admDay)} ${pad2(Math.floor(admMinute / 60))}:${pad2(admMinute % 60)}:00`,
            med_type: medType,
            insutype: patn.insutype,
            matn_stas: '0',
            medfee_sumamt: Math.round(total * 100) / 100,
            dr_codg: `D${hospital.id.slice(-4)}01`,
            adm_dept_codg: r.pick(DEPTS),
            fsi_diagnose_dtos: diagnoses,
            fsi_operation_dtos: operations,
            fsi_order_dtos: orders
        };
        if (inpatient) {
            enc.dscg_date = dateText(admDay + los);
            enc.dscg_dept_codg = enc.adm_dept_codg;
            enc.dscg_main_dise_codg = diagnoses[0].dise_codg;
            enc.dscg_main_dise_name = diagnoses[0].dise_name;
        }
        return enc;
    };

    return {
        next() {
            const i = index++;
            const admDay = START + r.int(0, 540);
            const child = r.chance(0.15);
            const age = child ? r.int(0, 17) : r.int(18, 92);
            // 省级数据里同一患者多次就诊：出生日期按数据起点算，早于每一次入院
            let brdy = (province ? START : admDay) - age * 365 - r.int(0, 364);
            const u = r.next();
            let patn = {
                id: `P${String(i).padStart(8, '0')}`,
                gend: u < 0.48 ? '1' : u < 0.96 ? '2' : u < 0.98 ? '0' : null,
                insutype: r.chance(0.55) ? '310' : r.chance(0.93) ? '390' : '510'
            };
            if (province) {
                // 同一患者的属性固定（第一次出现时定下），出生日期也是
                const k = r.int(0, patientPool - 1);
                const known = patients.get(k);
                if (known) ({ patn, brdy } = known);
                else patients.set(k, { patn: { ...patn, id: `P${String(k).padStart(8, '0')}` }, brdy });
                ({ patn, brdy } = patients.get(k));
            }
            const hospital = r.pick(hospitals);
            const inpatient = r.chance(0.4);
            const currentId = `M${String(i).padStart(8, '0')}`;
            const encounters = [encounter(patn, currentId, hospital, admDay, inpatient, r.int(12, 28))];
            if (r.chance(0.3)) {
                const n = r.int(1, 2);
                for (let h = 0; h < n; h++) {
                    const back = r.int(3, 365);
                    encounters.push(encounter(patn, `${currentId}H${h + 1}`, r.chance(0.5) ? hospital : r.pick(hospitals), admDay - back, r.chance(0.4), r.int(5, 12)));
                }
            }
            const patient = {
                patn_id: patn.id,
                patn_name: `患者${i}`,
                ...(patn.gend === null ? {} : { gend: patn.gend }),
                brdy: dateText(brdy),
                poolarea: hospital.admdvs,
                curr_mdtrt_id: currentId,
                fsi_encounter_dtos: encounters
            };
            return { syscode: 'BENCH', task_id: `T${String(i).padStart(8, '0')}`, patient_dtos: [patient] };
        }
    };
}

/**
 * 确保缓存目录里有 count 条理赔的 NDJSON（没有就生成）。返回文件路径、大小与是否新生成。
 */
export function ensureClaimsFile(kb, { count, seed, cacheDir, province = false }) {
    mkdirSync(cacheDir, { recursive: true });
    const file = join(cacheDir, `claims-v${CLAIMS_VERSION}-s${seed}-n${count}-${kb.id}${province ? '-province' : ''}.ndjson`);
    if (existsSync(file)) return { file, bytes: statSync(file).size, generated: false, ms: 0 };
    // 生成器版本变了：旧版本的缓存不会再用，删掉（10 万条约 1.5 GB）
    for (const name of readdirSync(cacheDir)) {
        if (/^claims-v\d+-/.test(name) && !name.startsWith(`claims-v${CLAIMS_VERSION}-`)) rmSync(join(cacheDir, name), { force: true });
    }
    const t0 = performance.now();
    const pools = claimPools(kb, seed);
    const gen = claimGenerator(pools, seed, { province, count });
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    let batch = [];
    let bytes = 0;
    for (let i = 0; i < count; i++) {
        batch.push(JSON.stringify(gen.next()));
        if (batch.length === 1000 || i === count - 1) {
            const buf = Buffer.from(batch.join('\n') + '\n', 'utf8');
            writeSync(fd, buf);
            bytes += buf.length;
            batch = [];
        }
    }
    closeSync(fd);
    renameSync(tmp, file);
    return { file, bytes, generated: true, ms: performance.now() - t0 };
}

/**
 * 按块读 NDJSON：每次返回至多 perChunk 行（字符串数组），总共至多 limit 行。内存只有一块的大小。
 */
export function* readChunks(file, perChunk, limit = Infinity) {
    const fd = openSync(file, 'r');
    const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
    let carry = Buffer.alloc(0);
    let lines = [];
    let total = 0;
    try {
        for (;;) {
            const n = readSync(fd, buffer, 0, buffer.length, null);
            const data = n === 0 ? carry : Buffer.concat([carry, buffer.subarray(0, n)]);
            let start = 0;
            for (;;) {
                const nl = data.indexOf(10, start);
                if (nl < 0) break;
                if (nl > start) {
                    lines.push(data.toString('utf8', start, nl));
                    total++;
                    if (lines.length === perChunk || total >= limit) {
                        yield lines;
                        lines = [];
                        if (total >= limit) return;
                    }
                }
                start = nl + 1;
            }
            carry = Buffer.from(data.subarray(start));
            if (n === 0) break;
        }
        if (carry.length > 0 && total < limit) lines.push(carry.toString('utf8'));
        if (lines.length > 0) yield lines;
    } finally {
        closeSync(fd);
    }
}
