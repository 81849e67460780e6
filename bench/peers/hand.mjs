/**
 * 对照组：三条规则手写成普通 JS（一位好工程师会怎么写：知识点按编码建 Map，逐条明细查表）。
 *   identical：与智审逐字节相同的 3101 输出（退费冲销、按计费时间排序、三值逻辑、提示与依据、jr_id、notes）；
 *   findings：只求结果（规则、知识点、违规明细），不组装输出。
 * 知识点的限定性别、年龄上下限按标准规则里同样的正则从知识点文字推出（建表时一次）。
 * jr_id 用运行时的 fnv1a64（输出契约的一部分，手写版也要同一个哈希才能逐字节相同）。
 */
import { fnv1a64, LEVELS } from '../../runtime/dist/index.js';

const DAY_MS = 86_400_000;
const MALE = new Set(['1', '男', '男性', 'M']);
const FEMALE = new Set(['2', '女', '女性', 'F']);

/** 知识点 → 推出的限定：与 stdlib-rules 的模板「性别不符」「超出儿童年龄」同样的正则。 */
function sexOfPoint(kp) {
    const text = `${kp.item_name ?? ''}：${kp.constraint ?? ''}`;
    const male = /男性|男子|男用/.test(text);
    const female = /女性|妇女|育龄|女用/.test(text);
    const maleWord = /前列腺|睾丸|阴茎|阴囊|精索|精囊|输精管|附睾|勃起|遗精|阳痿|早泄|精子|雄激素/.test(text);
    const femaleWord = /子宫|卵巢|月经|痛经|经期|闭经|阴道|外阴|宫颈|妊娠|孕|产后|产妇|分娩|哺乳|绝经|更年期|带下|白带|盆腔|输卵管|妇科|胎|恶露|崩漏|乳汁|下乳|奶汁|宫缩|流产|引产|经血|经行|经前|雌激素/.test(text);
    if (male && !female) return '男';
    if (female && !male) return '女';
    if (maleWord && !femaleWord) return '男';
    if (femaleWord && !maleWord) return '女';
    return null;
}

function number(text, pattern) {
    const m = pattern.exec(text ?? '');
    return m ? Number(m[1]) : null;
}

function childLimits(kp) {
    const c = kp.constraint ?? '';
    const limited = /^\s*限/.test(c);
    const from = limited ? number(c, /(\d+)\s*岁?\s*(?:至|-|－|～|~|到)\s*\d+\s*岁/) : null;
    const to = limited ? number(c, /\d+\s*岁?\s*(?:至|-|－|～|~|到)\s*(\d+)\s*岁/) : null;
    const toExclusive = /\d+\s*岁?\s*(?:至|-|－|～|~|到)\s*\d+\s*岁以下/.test(c);
    const onlyFrom = limited ? number(c, /(\d+)\s*岁及(?:\d+岁)?以上/) : null;
    const group = /(新生儿|婴幼儿|婴儿)专用/.exec(`${kp.item_name ?? ''}：${c}`)?.[1] ?? null;
    const lower = from ?? onlyFrom;
    const upper = to !== null ? (toExclusive ? to : to + 1) : group === '婴儿' ? 1 : group === '婴幼儿' ? 3 : null;
    return { lower, upper: upper ?? 18, newborn: group === '新生儿' };
}

/**
 * 金额去重（语义 F8）：一个患者的结果按 级别 → 规则位置 → jr_id 依次从每条违规明细的剩余额度（净金额，到分）里取金额；
 * 取少了的结果改写违规项与结果的 vola_amt，去重前的金额写进 zhishen.rule_amt。这里每条结果只有一条违规明细。
 */
function deduplicateAmounts(drafts, rules) {
    const byPatient = new Map();
    for (const d of drafts) if (d.result.vola_amt_stas !== '0') push(byPatient, d.p, d);
    const rank = d => LEVELS.indexOf(rules[d.r].level);
    for (const list of byPatient.values()) {
        if (list.length > 1) list.sort((a, b) => rank(a) - rank(b) || a.r - b.r || (a.result.jr_id < b.result.jr_id ? -1 : a.result.jr_id > b.result.jr_id ? 1 : 0));
        const remaining = new Map();
        for (const d of list) {
            const amount = Math.round(d.result.vola_amt * 100);
            const left = remaining.get(d.line) ?? Math.max(0, Math.round(fen(d.line.sum) * 100));
            const taken = Math.min(amount, left);
            remaining.set(d.line, left - taken);
            if (taken === amount) continue;
            d.result.judge_result_detail_dtos[0].vola_amt = taken / 100;
            d.result.zhishen.rule_amt = d.result.vola_amt;
            d.result.vola_amt = taken / 100;
        }
    }
}

export function push(map, key, value) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** 建表：编码 → [知识点与推出的限定]。rules 是规则包 manifest 的三条规则（名称、依据、级别等元数据）。 */
export function handTables(kpTables, rules) {
    const [sexRule, dupRule, childRule] = rules;
    const sex = new Map();
    const child = new Map();
    const dup = new Map();
    // 每个知识点推出的限定（其他引擎一行一个知识点时也用它）；codes 是该知识点要查的明细编码
    const points = { sex: [], child: [], dup: [] };
    (kpTables.get(sexRule.table) ?? []).forEach((kp, i) => {
        const limit = sexOfPoint(kp);
        if (limit) points.sex.push({ kp, i, sex: limit, codes: [...new Set(kp.med_codes)] });
    });
    (kpTables.get(childRule.table) ?? []).forEach((kp, i) => {
        points.child.push({ kp, i, ...childLimits(kp), codes: [...new Set(kp.med_codes)] });
    });
    (kpTables.get(dupRule.table) ?? []).forEach((kp, i) => {
        const [a, ...rest] = kp.med_codes;
        if (!rest.includes(a)) points.dup.push({ kp, i, a, codes: [...new Set(rest)] });
    });
    for (const [kind, map] of [['sex', sex], ['child', child], ['dup', dup]]) for (const row of points[kind]) for (const code of row.codes) push(map, code, row);
    return { sex, child, dup, rules, points };
}

const micro = x => (typeof x === 'number' ? Math.round(x * 1e6) : typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x)) ? Math.round(Number(x) * 1e6) : null);
const str = x => (typeof x === 'string' ? (x === '' ? null : x) : typeof x === 'number' ? String(x) : null);
const codeOf = x => {
    const t = str(x);
    return t === null || t.trim() === '' ? null : t.trim();
};

/** 'YYYY-MM-DD[ HH:MM[:SS]]' → { day, minute }（自 1970-01-01 起的天数 / 分钟数）。 */
export function parseTime(x) {
    if (typeof x !== 'string') return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(x);
    if (!m) return null;
    const day = Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS;
    return { day, minute: day * 1440 + (m[4] ? +m[4] * 60 + +m[5] : 0), y: +m[1], mo: +m[2], d: +m[3] };
}

export function ageAt(birth, day) {
    if (!birth || day === null) return null;
    const at = new Date(day * DAY_MS);
    const y = at.getUTCFullYear(), mo = at.getUTCMonth() + 1, d = at.getUTCDate();
    let age = y - birth.y;
    if (mo < birth.mo || (mo === birth.mo && d < birth.d)) age -= 1;
    return age;
}

/** 本次就诊的明细：解析、退费冲销、按计费时间排序，序号 seq。 */
export function currentLines(encounter, notes) {
    const adm = parseTime(encounter.adm_date);
    const raw = Array.isArray(encounter.fsi_order_dtos) ? encounter.fsi_order_dtos : [];
    let lines = raw.map((o, index) => {
        const cnt = micro(o.cnt) ?? 0;
        const pric = micro(o.pric);
        const sum = micro(o.sumamt) ?? (pric !== null ? Math.round((cnt * pric) / 1e6) : 0);
        const t = parseTime(o.fee_ocur_time) ?? parseTime(o.drord_begn_date) ?? adm;
        return {
            rx: str(o.rx_id), code: codeOf(o.hilist_code), name: str(o.hilist_name), cnt, sum,
            billed: !(o.curr_drord_flag === '0' || o.curr_drord_flag === 0),
            time: t ? t.minute : null, day: t ? t.day : null, sn: str(o.feedetl_sn), init: str(o.init_feedetl_sn), index, seq: 0
        };
    });
    if (lines.some(l => l.cnt < 0 || l.sum < 0)) {
        const bySn = new Map();
        for (const l of lines) if (l.sn && l.cnt > 0) bySn.set(l.sn, l);
        const refunds = lines.filter(l => l.cnt < 0 || (l.cnt === 0 && l.sum < 0));
        const netted = new Set();
        for (const r of refunds) {
            let target = r.init ? bySn.get(r.init) : undefined;
            if (!target) {
                for (const l of lines) {
                    if (l === r || l.cnt <= 0 || l.code !== r.code) continue;
                    if (r.time !== null && l.time !== null && l.time > r.time) continue;
                    if (!target || (l.time ?? 0) >= (target.time ?? 0)) target = l;
                }
            }
            if (!target) {
                notes?.push(`退费明细 ${r.rx}（${r.name ?? r.code ?? ''}）找不到对应的原明细，已忽略`);
                continue;
            }
            target.cnt += r.cnt;
            target.sum += r.sum;
            netted.add(target);
        }
        const refundSet = new Set(refunds);
        lines = lines.filter(l => !refundSet.has(l) && !(netted.has(l) && l.cnt <= 0));
    }
    lines.sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.index - b.index);
    lines.forEach((l, i) => { l.seq = i; });
    return lines;
}

export function currentEncounter(patient) {
    const list = Array.isArray(patient.fsi_encounter_dtos) ? patient.fsi_encounter_dtos : [];
    const id = str(patient.curr_mdtrt_id);
    return id === null ? (list.length === 1 ? list[0] : undefined) : list.find(e => str(e.mdtrt_id) === id);
}

/** 逐条明细查三张表，回调每个命中：(规则序号, 表项, 明细, 涉及明细, 患者上下文)。 */
export function sexOf(patient) {
    const g = codeOf(patient.gend);
    return g === null ? null : MALE.has(g) ? '男' : FEMALE.has(g) ? '女' : null;
}

function scan(tables, patient, lines, emit) {
    const sex = sexOf(patient);
    const birth = parseTime(patient.brdy);
    let byDay;
    for (const line of lines) {
        if (line.code === null) continue;
        const sexRows = tables.sex.get(line.code);
        if (sexRows && sex !== null) for (const row of sexRows) if (row.sex !== sex) emit(0, row, line, null, sex, null);
        const childRows = tables.child.get(line.code);
        if (childRows) {
            const age = ageAt(birth, line.day);
            for (const row of childRows) {
                // 三值逻辑：出生日期或计费日期缺失时为未知，“或”的另一边成立才算命中
                const over = row.newborn ? (birth && line.day !== null ? line.day - birth.day >= 28 : null) : age === null ? null : age >= row.upper;
                const under = row.lower === null ? false : age === null ? null : age < row.lower;
                if (over === true || under === true) emit(2, row, line, null, null, age);
            }
        }
        const dupRows = tables.dup.get(line.code);
        if (dupRows && line.day !== null) {
            if (!byDay) {
                byDay = new Map();
                for (const l of lines) if (l.code !== null && l.day !== null) push(byDay, `${l.code}|${l.day}`, l);
            }
            for (const row of dupRows) {
                const sameDay = byDay.get(`${row.a}|${line.day}`);
                if (sameDay) emit(1, row, line, sameDay, null, null);
            }
        }
    }
}

/** 只求结果：[规则编号, 知识点, rx_id]（本次计费的明细）。 */
export function handFindings(tables, input) {
    const out = [];
    for (const patient of input.patient_dtos ?? []) {
        const encounter = currentEncounter(patient);
        if (!encounter) continue;
        const lines = currentLines(encounter, null);
        scan(tables, patient, lines, (r, row, line) => {
            if (line.billed) out.push([tables.rules[r].id, row.kp.kp_id, line.rx]);
        });
    }
    return out;
}

const fen = m => {
    const q = Math.trunc(m / 10_000);
    const r = m - q * 10_000;
    return (Math.abs(r) * 2 >= 10_000 ? q + (m < 0 ? -1 : 1) : q) / 100 + 0;
};
const shown = v => (v === null || v === undefined ? '（空）' : String(v));

/** 与智审逐字节相同的 3101 输出（JSON 文本）。 */
export function handResponse(tables, input, packId, levelCodes) {
    const drafts = [];
    const notes = [];
    const patients = Array.isArray(input.patient_dtos) ? input.patient_dtos : [];
    patients.forEach((patient, p) => {
        const encounter = currentEncounter(patient);
        if (!encounter) return;
        const patn = str(patient.patn_id);
        const mdtrt = str(encounter.mdtrt_id);
        const mine = [];
        const g = codeOf(patient.gend);
        if (g !== null && !MALE.has(g) && !FEMALE.has(g)) mine.push(`gend 的代码「${g}」在字典中没有归类（未登记，或登记为未知）：性别按未知处理，性别类规则未判（本地代码请在知识库 dictionaries/gend.tsv 登记并归类）`);
        const lines = currentLines(encounter, mine);
        scan(tables, patient, lines, (r, row, line, sameDay, sex, age) => {
            if (!line.billed) return;
            const rule = tables.rules[r];
            const kp = row.kp;
            let message;
            let involved = [];
            if (r === 0) message = `「${shown(line.name)}」限${row.sex}性使用，患者为${sex}性`;
            else if (r === 2) message = `「${shown(line.name)}」限定年龄（下限 ${shown(row.lower)} 岁、上限 ${row.upper}岁，不含上限；新生儿专用为出生后 28天 内），患者计费时 ${age === null ? '（空）' : `${age}岁`}`;
            else {
                let min = null;
                for (const l of sameDay) if (l.name !== null && (min === null || l.name < min)) min = l.name;
                message = `「${shown(line.name)}」与「${shown(min)}」同日收费，后者内涵已包含前者（${shown(kp.item_name)}）`;
                involved = sameDay.filter(l => l !== line).sort((a, b) => a.seq - b.seq);
            }
            const jr = fnv1a64(`${packId}|${rule.id}|${kp.kp_id}|${patn}|${mdtrt}|${line.rx}`);
            const total = line.sum < 0 ? 0 : line.sum;
            const details = [{ jrd_id: `${jr}-1`, patn_id: patn, mdtrt_id: mdtrt, rx_id: line.rx, vola_item_type: '1', vola_amt: fen(total) }];
            involved.forEach((l, i) => details.push({ jrd_id: `${jr}-${i + 2}`, patn_id: patn, mdtrt_id: mdtrt, rx_id: l.rx, vola_item_type: '2', vola_amt: 0 }));
            const evidence = [rule.basis];
            if (typeof kp.constraint === 'string' && kp.constraint.trim() && kp.constraint !== rule.basis) evidence.push(kp.constraint);
            drafts.push({
                p, r, i: row.i, seq: line.seq, line,
                result: {
                    jr_id: jr, rule_id: rule.id, rule_name: rule.name, vola_cont: message, patn_id: patn, mdtrt_id: mdtrt,
                    vola_amt: fen(total), vola_amt_stas: line.sum < 0 ? '0' : '1', sev_deg: levelCodes[rule.level] ?? '', vola_evid: evidence.join('；'), vola_bhvr_type: '',
                    judge_result_detail_dtos: details,
                    zhishen: { source: { file: rule.source.file, line: rule.source.line, column: rule.source.column }, level: rule.level, phases: rule.phases, category: rule.category, kp_id: kp.kp_id }
                }
            });
        });
        for (const n of mine) notes.push(`${patn}：${n}`);
    });
    drafts.sort((a, b) => a.p - b.p || a.r - b.r || a.i - b.i || a.seq - b.seq);
    const seen = new Set();
    const result = [];
    const kept = [];
    for (const d of drafts) {
        if (seen.has(d.result.jr_id)) continue;
        seen.add(d.result.jr_id);
        kept.push(d);
        result.push(d.result);
    }
    deduplicateAmounts(kept, tables.rules);
    const response = { task_id: str(input.task_id), result };
    if (notes.length > 0) response.zhishen_notes = notes;
    return JSON.stringify(response);
}
