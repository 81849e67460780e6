/**
 * 命中 → 3101 输出的一条审核结果（result[i]）。
 *
 * 不变式（ARCHITECTURE.md「违规项只含本次计费明细」）：违规项只能是本次就诊、本次计费（curr_drord_flag ≠ 0）的明细
 * （筛查时：被审核的这张理赔的，其他理赔的明细只作涉及项）；
 * 既往医嘱与历史就诊的明细即使被规则选中，也只作为涉及项输出。违规明细全部被移走时，不产生结果。
 * 金额：未写 金额 时为违规明细净金额之和；写了 金额 时总额按它，并从最后一条明细往前分摊到各明细
 * （总额为正时分到 0 的改为涉及项；总额为 0 表示只提示不扣款，违规项照列、金额为 0）。
 * 一个患者的全部结果组装之后：按知识点合并（F7，mergeFindings）与金额去重（F8，deduplicateAmounts），规格见 contract/semantics.ts。
 */
import type { NClaim, NCohort, NDiagnosis, NEncounter, NLine, NOperation } from '../claim/types.js';
import { exactSum, ExactRangeError, formatDecimal, isExact, moneyToNumber, roundToFen } from '../values/decimal.js';
import { formatValue } from './format.js';
import type { Hit, Instance, Level, ManifestRule, RuleSpec } from '../contract/pack.js';
import { LEVELS } from '../contract/pack.js';
import type { DeploymentConfig } from './config.js';
import type { TargetKind } from '../contract/records.js';
import type { EvalContext } from './context.js';
import { fnv1a64, fnv1a64From, fnvState, type FnvState } from './hash.js';
import { escapePart, jrIdInput, targetKey as keyOf } from '../contract/semantics.js';

export interface JudgeDetail {
    jrd_id: string;
    patn_id: string;
    mdtrt_id: string;
    rx_id: string;
    /** 1 违规项 / 2 涉及项 */
    vola_item_type: '1' | '2';
    vola_amt: number;
}

export interface ExplanationStep {
    kind: 'let' | 'when';
    text: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    result?: boolean | null;
    value?: string;
    values?: Array<{ expr: string; value: string }>;
}

export interface Explanation {
    summary: string;
    /** 作用域子句（含 属于 与 其中 的筛选条件）的源码 */
    scope?: string;
    instance?: { kp_id: string; item_name: string; constraint: string };
    params: Array<{ name: string; value: string }>;
    steps: ExplanationStep[];
}

export interface ZhishenExtension {
    source: { file: string; line: number; column: number };
    level: Level;
    phases: string[];
    category: string | null;
    kp_id?: string;
    /** 本规则自身的金额（去重前，元）：只在金额去重（semantics.ts F8）减少了 vola_amt 时写出 */
    rule_amt?: number;
    /** 按知识点合并（F7）时合并的结果条数 */
    merged?: number;
    explanation?: Explanation;
}

/**
 * 统计组（机构 / 医师 / 科室 / 患者级）结果在 3101 result[] 元素上多出的字段（契约 semantics.ts P5）。
 * patn_id、mdtrt_id 在患者级结果中是该患者 / 空串；组内就诊全部作为涉及项列在 judge_result_detail_dtos。
 */
export interface PopulationFields {
    /** 结果的层级：机构 / 医师 / 科室 / 患者 / 分组（键不是这几种属性时） */
    level: '机构' | '医师' | '科室' | '患者' | '分组';
    /** 统计组的键（一个值，或多个键时的数组） */
    key: unknown;
    medins_id?: string;
    dr_codg?: string;
    dept_codg?: string;
    /** 统计期间：筛查期间（--from / --to）；未给时为组内就诊的最早与最晚日期 */
    period: { from: string | null; to: string | null };
    /** 组内理赔数 */
    claims: number;
    /** 指标子句：统计量名称、值、对比的同级值（数值按显示类型格式化的文本与数） */
    statistic?: { name: string; value: number | string | null; text: string; peer_name?: string; peer_value: number | string | null; peer_text: string };
}

export interface JudgeResult {
    jr_id: string;
    rule_id: string;
    rule_name: string;
    vola_cont: string;
    patn_id: string;
    mdtrt_id: string;
    vola_amt: number;
    /** 1 正常 / 0 异常（金额无法计算时为 0） */
    vola_amt_stas: '1' | '0';
    sev_deg: string;
    vola_evid: string;
    vola_bhvr_type: string;
    judge_result_detail_dtos: JudgeDetail[];
    /** 统计组结果（机构 / 医师级 …）才有 */
    medins_id?: string;
    dr_codg?: string;
    population?: PopulationFields;
    zhishen?: ZhishenExtension;
}

export interface FindingOptions {
    packId: string;
    levelCodes: Record<Level, string>;
    behaviorCodes: Record<string, string>;
}

/** 结果组装的编码选项：规则包的级别编码由部署配置覆盖，违规行为编码取自部署配置（引擎与理赔库筛查共用）。 */
export function findingOptions(manifest: { id: string; levelCodes: Record<Level, string> }, config: DeploymentConfig): FindingOptions {
    return { packId: manifest.id, levelCodes: { ...manifest.levelCodes, ...config.levelCodes }, behaviorCodes: config.behaviorCodes };
}

/** 明细种类的值（一条、一组或嵌套的组）里的全部明细。种类由规则包给出（RuleSpec.outcome），这里不看形状猜。 */
function collectLines(value: unknown, into: NLine[]): void {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) for (const v of value) collectLines(v, into);
    else if (value instanceof Set) for (const v of value) collectLines(v, into);
    else if (typeof value === 'object') into.push(value as NLine);
}

/** 就诊种类的值（一次或一组）里的全部就诊。 */
function collectEncounters(value: unknown, into: NEncounter[]): void {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) for (const v of value) collectEncounters(v, into);
    else if (typeof value === 'object') into.push(value as NEncounter);
}

/** 违规明细是否可以作为违规项：本次就诊、本次计费。 */
function billedNow(line: NLine): boolean {
    return line.is_current_encounter && line.curr_drord_flag;
}

export interface FindingDraft {
    result: JudgeResult;
    /** 排序键：违规明细的最小序号 */
    order: number;
    /** 本规则的总额（micro） */
    total: number;
    /** 违规项：明细与本规则给它的金额（micro，已到分）；与 judge_result_detail_dtos 的前 violations.length 项一一对应 */
    violations: Array<{ line: NLine; amount: number }>;
    /** 涉及的明细（按序号、去重，不含违规项）与就诊 mdtrt_id（按出现顺序、去重） */
    involvedLines: NLine[];
    involvedEncounters: string[];
    /** 筛查集合中其他患者的涉及明细（按明细对象）/ 涉及就诊（按 mdtrt_id）→ 它的 patn_id（结果明细写这个患者，semantics.ts P1） */
    owners?: Map<NLine | string, string>;
}

/**
 * jr_id 前缀（规则包 id、规则、知识点，各自转义后以「|」连接，semantics.ts jrIdInput）之后的 FNV 状态，按实例缓存：
 * 一个实例的每条结果只哈希其余三段（患者、本次就诊、违规对象）。规则包 id 与规则编号也存下，换了（同一实例交给另一个规则包 id）就重算。
 */
const PREFIXES = new WeakMap<Instance, { packId: string; ruleId: string; state: FnvState }>();

function jrIdOf(packId: string, ruleId: string, inst: Instance, patnId: string, mdtrtId: string, target: string): string {
    let prefix = PREFIXES.get(inst);
    if (prefix === undefined || prefix.packId !== packId || prefix.ruleId !== ruleId) {
        const kpId = inst.kp?.kp_id ?? '';
        prefix = { packId, ruleId, state: fnvState(`${escapePart(packId, '|')}|${escapePart(ruleId, '|')}|${escapePart(kpId, '|')}|`) };
        PREFIXES.set(inst, prefix);
    }
    return fnv1a64From(prefix.state, `${escapePart(patnId, '|')}|${escapePart(mdtrtId, '|')}|${escapePart(target, '|')}`);
}

/** 违规对象的键（明细）：各 rx_id 以「,」连接（同 semantics.ts targetKey.lines，不经中间数组） */
function linesKey(lines: readonly NLine[]): string {
    if (lines.length === 1) return escapePart(lines[0].rx_id, ',');
    let key = '';
    for (let i = 0; i < lines.length; i++) key += (i === 0 ? '' : ',') + escapePart(lines[i].rx_id, ',');
    return key;
}

const NO_LINES: NLine[] = [];

/** 一张理赔自己的明细（按对象），筛查时判断违规明细是不是这张理赔的；按理赔缓存，每张理赔只建一次（逐条结果去建是明细数 × 结果数）。 */
const OWN_LINES = new WeakMap<NClaim, Set<NLine>>();
function ownLines(claim: NClaim): Set<NLine> {
    let own = OWN_LINES.get(claim);
    if (own === undefined) OWN_LINES.set(claim, (own = new Set(claim.lines)));
    return own;
}

export function buildFinding(ctx: EvalContext, spec: RuleSpec, inst: Instance, hit: Hit, options: FindingOptions): FindingDraft | null {
    const rule = spec.meta;
    const claim = ctx.claim;
    const patnId = claim.patient.patn_id;
    const mdtrtId = claim.encounter.mdtrt_id;
    const target = hit.violation;
    const kind: TargetKind = spec.outcome.violation;
    let violating: NLine[];
    let demoted: NLine[];
    let lineTarget: boolean;
    if (kind === 'line' && target !== null && target !== undefined) {
        const line = target as NLine;
        // 最常见的情形（对每条明细的规则违规一条明细）：不走通用的收集、去重与排序
        if (!billedNow(line) || (ctx.population && !ownLines(claim).has(line))) return null;
        lineTarget = true;
        violating = [line];
        demoted = NO_LINES;
    } else if (kind === 'lines') {
        const selected: NLine[] = [];
        collectLines(target, selected);
        lineTarget = selected.length > 0 || Array.isArray(target);
        // 筛查集合里其他理赔的明细（也是它们各自的本次计费）只能是涉及项：按对象判断是不是这张理赔的明细（就诊号可能重复）
        const mine = ctx.population ? ownLines(claim) : undefined;
        const own = mine ? (l: NLine) => billedNow(l) && mine.has(l) : billedNow;
        violating = uniqueBySeq(selected.filter(own));
        demoted = violating.length === selected.length ? NO_LINES : selected.filter(l => !own(l));
        if (lineTarget && violating.length === 0) return null;
    } else {
        // 就诊、诊断、手术（或取不到的明细）：没有违规明细，金额由 金额 子句给出
        lineTarget = false;
        violating = NO_LINES;
        demoted = NO_LINES;
    }

    // 金额
    let stas: '1' | '0' = '1';
    let total: number;
    if (hit.amount === undefined) {
        total = 0;
        for (let i = 0; i < violating.length; i++) total += violating[i].sumamt;
        if (!isExact(total)) {
            // 超出可精确表示的范围：不输出漂移了的总额（曾差 13 元多），金额状态为异常
            try {
                total = exactSum(violating.map(l => l.sumamt));
            } catch (error) {
                if (!(error instanceof ExactRangeError)) throw error;
                total = 0;
                stas = '0';
            }
        }
    } else if (hit.amount === null) {
        total = 0;
        stas = '0';
    } else {
        total = hit.amount;
    }
    if (total < 0) {
        total = 0;
        stas = '0';
    }
    const allocation = allocate(violating, total, hit.amount === undefined);

    // 目标标识（jr_id 的一部分）
    let targetKey: string;
    if (lineTarget) targetKey = linesKey(violating);
    else if (target === null || target === undefined || typeof target !== 'object') targetKey = keyOf.none();
    else if (kind === 'diagnosis') targetKey = keyOf.diagnosis((target as NDiagnosis).dise_id, (target as NDiagnosis).dise_codg);
    else if (kind === 'operation') targetKey = keyOf.operation((target as NOperation).setl_list_oprn_id, (target as NOperation).oprn_code);
    else if (kind === 'encounter') targetKey = keyOf.encounter((target as NEncounter).mdtrt_id);
    else targetKey = keyOf.none();
    const jrId = jrIdOf(options.packId, rule.id, inst, patnId, mdtrtId, targetKey);

    const violations: FindingDraft['violations'] = [];
    // 指定了正的总额（到分）时，分不到金额的明细作为涉及项；总额为 0（只提示、不扣款）时全部仍是违规项
    const dropEmpty = hit.amount !== undefined && roundToFen(total) > 0;
    for (let i = 0; i < violating.length; i++) {
        const amount = allocation[i];
        if (amount <= 0 && dropEmpty) continue;
        violations.push({ line: violating[i], amount });
    }
    // 违规项是否全是 violating（多数情形）：是则违规项集合就是 violating，不另建集合
    const allViolating = violations.length === violating.length;
    let seen: Set<NLine> | undefined;
    const isViolation = (l: NLine): boolean => {
        if (violations.length <= 4) {
            for (let i = 0; i < violations.length; i++) if (violations[i].line === l) return true;
            return false;
        }
        seen ??= new Set(violations.map(v => v.line));
        return seen.has(l);
    };
    // 筛查集合中其他理赔的明细与就诊：结果明细写它们各自的患者（只在涉及项里出现，F1）
    const population = ctx.population;
    let involvedLines: NLine[] = demoted.length === 0 && allViolating ? NO_LINES : [...demoted, ...violating.filter(l => !isViolation(l))];
    let involvedEncounters: NEncounter[] = NO_ENCOUNTERS;
    const involvedKinds = spec.outcome.involved;
    for (let k = 0; k < hit.involved.length; k++) {
        const item = hit.involved[k];
        const involvedKind = involvedKinds[k];
        if (involvedKind === 'encounters') {
            if (involvedEncounters === NO_ENCOUNTERS) involvedEncounters = [];
            collectEncounters(item, involvedEncounters);
        } else if (involvedKind === 'lines') {
            if (involvedLines === NO_LINES) involvedLines = [];
            collectLines(item, involvedLines);
        }
    }
    const draft: FindingDraft = {
        result: undefined as unknown as JudgeResult,
        order: violating.length > 0 ? violating[0].seq : 0,
        total,
        violations,
        involvedLines: involvedLines.length === 0 ? NO_LINES : uniqueBySeq(involvedLines).filter(l => !isViolation(l)),
        involvedEncounters: involvedEncounters.length === 0 ? [] : uniqueIds(involvedEncounters)
    };
    if (population) {
        const owners = new Map<NLine | string, string>();
        for (const line of draft.involvedLines) {
            const owner = population.patientOfLine(line);
            if (owner !== undefined && owner !== patnId) owners.set(line, owner);
        }
        for (const e of involvedEncounters) if (e.patn_id && e.patn_id !== patnId) owners.set(e.mdtrt_id, e.patn_id);
        if (owners.size > 0) draft.owners = owners;
    }

    // 依据：规则的依据 + 命中时的依据，去掉空的与重复的（保持先后）
    let evidence: string;
    if (!hit.evidence || hit.evidence.length === 0) evidence = usable(rule.basis) ? rule.basis as string : '';
    else {
        const parts: string[] = [];
        const addEvidence = (e: unknown) => {
            if (usable(e) && !parts.includes(e)) parts.push(e);
        };
        addEvidence(rule.basis);
        for (const e of hit.evidence) addEvidence(e);
        evidence = parts.join('；');
    }
    const message = hit.message && hit.message.trim() ? hit.message : defaultMessage(rule, violating, kind, target);
    draft.result = {
        jr_id: jrId,
        rule_id: rule.id,
        rule_name: rule.name,
        vola_cont: message,
        patn_id: patnId,
        mdtrt_id: mdtrtId,
        vola_amt: moneyToNumber(total),
        vola_amt_stas: stas,
        sev_deg: options.levelCodes[rule.level] ?? '',
        vola_evid: evidence,
        vola_bhvr_type: (rule.category && Object.prototype.hasOwnProperty.call(options.behaviorCodes, rule.category) && options.behaviorCodes[rule.category]) || '',
        judge_result_detail_dtos: detailsOf(jrId, patnId, draft)
    };
    return draft;
}

const NO_ENCOUNTERS: NEncounter[] = [];

/** 依据里能用的一条：非空白的文本 */
function usable(e: unknown): e is string {
    return typeof e === 'string' && e.trim().length > 0;
}

/** 就诊的 mdtrt_id，按出现顺序去重 */
function uniqueIds(encounters: readonly NEncounter[]): string[] {
    if (encounters.length === 1) return [encounters[0].mdtrt_id];
    return [...new Set(encounters.map(e => e.mdtrt_id))];
}

/** 结果明细（F3）：违规项（按序号）、涉及明细、涉及就诊；jrd_id = jr_id-序号。 */
function detailsOf(jrId: string, patnId: string, draft: FindingDraft): JudgeDetail[] {
    const details: JudgeDetail[] = [];
    const violations = draft.violations;
    for (let i = 0; i < violations.length; i++) {
        const { line, amount } = violations[i];
        details.push({ jrd_id: `${jrId}-${details.length + 1}`, patn_id: patnId, mdtrt_id: line.mdtrt_id, rx_id: line.rx_id, vola_item_type: '1', vola_amt: moneyToNumber(amount) });
    }
    const owners = draft.owners;
    for (const line of draft.involvedLines) {
        details.push({ jrd_id: `${jrId}-${details.length + 1}`, patn_id: owners?.get(line) ?? patnId, mdtrt_id: line.mdtrt_id, rx_id: line.rx_id, vola_item_type: '2', vola_amt: 0 });
    }
    for (const mdtrtId of draft.involvedEncounters) {
        details.push({ jrd_id: `${jrId}-${details.length + 1}`, patn_id: owners?.get(mdtrtId) ?? patnId, mdtrt_id: mdtrtId, rx_id: '', vola_item_type: '2', vola_amt: 0 });
    }
    return details;
}

/**
 * F7 合并：同一规则、同一知识点（非模板规则即同一规则）在同一患者本次就诊的几条结果合成一条（部署配置「按知识点合并」）。
 * 违规项为各结果违规项的并集（同一明细的金额相加），涉及项同理；金额为各结果之和；jr_id 的违规对象键为 K（semantics.ts）；
 * 提示取第一条并注明合并条数；依据取并集；解释取第一条。drafts 已按 F6 排好序。
 */
export function mergeFindings(drafts: FindingDraft[], packId: string): FindingDraft {
    if (drafts.length === 1) return drafts[0];
    const first = drafts[0].result;
    const amounts = new Map<NLine, number>();
    const involved = new Set<NLine>();
    const encounters = new Set<string>();
    let total = 0;
    let stas: '1' | '0' = '1';
    const evidence: string[] = [];
    for (const d of drafts) {
        for (const v of d.violations) amounts.set(v.line, (amounts.get(v.line) ?? 0) + v.amount);
        for (const l of d.involvedLines) involved.add(l);
        for (const e of d.involvedEncounters) encounters.add(e);
        total += d.total;
        if (d.result.vola_amt_stas === '0') stas = '0';
        for (const e of d.result.vola_evid.split('；')) if (e && !evidence.includes(e)) evidence.push(e);
    }
    const violations = [...amounts].map(([line, amount]) => ({ line, amount })).sort((a, b) => a.line.seq - b.line.seq);
    const merged: FindingDraft = {
        result: undefined as unknown as JudgeResult,
        order: Math.min(...drafts.map(d => d.order)),
        total,
        violations,
        involvedLines: uniqueBySeq([...involved].filter(l => !amounts.has(l))),
        involvedEncounters: [...encounters]
    };
    const owners = new Map<NLine | string, string>();
    for (const d of drafts) if (d.owners) for (const [k, v] of d.owners) owners.set(k, v);
    if (owners.size > 0) merged.owners = owners;
    const jrId = fnv1a64(jrIdInput({ packId, ruleId: first.rule_id, kpId: first.zhishen?.kp_id ?? '', patnId: first.patn_id, mdtrtId: first.mdtrt_id, target: keyOf.merged() }));
    merged.result = {
        ...first,
        jr_id: jrId,
        vola_cont: `${first.vola_cont}（同一知识点本次就诊共 ${drafts.length} 条，已合并）`,
        vola_amt: moneyToNumber(total),
        vola_amt_stas: stas,
        vola_evid: evidence.join('；'),
        judge_result_detail_dtos: [],
        ...(first.zhishen ? { zhishen: { ...first.zhishen, merged: drafts.length } } : {})
    };
    merged.result.judge_result_detail_dtos = detailsOf(jrId, first.patn_id, merged);
    return merged;
}

/**
 * F8 金额去重：一个患者的全部结果按 级别（明确违规、高度可疑、轻度可疑、提醒）→ 规则在包中的位置 → jr_id 的次序，
 * 依次从每条违规明细的剩余额度（初始为明细净金额，到分）中取本规则给它的金额，取不到的部分不计。违规项的 vola_amt 为取到的金额，
 * 结果的 vola_amt 为其违规项之和；本规则自身的金额（去重前）在 zhishen.rule_amt（只在两者不同时写出）。没有违规明细的结果
 * （诊断、手术、就诊级）不受影响。rank 给出 [级别序号, 规则位置]。
 */
export function deduplicateAmounts(drafts: FindingDraft[], rank: (d: FindingDraft) => readonly [number, number]): void {
    const keyed: Ranked[] = [];
    for (const d of drafts) if (d.violations.length > 0) keyed.push({ d, r: rank(d) });
    deduplicateRanked(keyed);
}

interface Ranked { d: FindingDraft; r: readonly [number, number] }

function deduplicateRanked(keyed: Ranked[]): void {
    if (keyed.length === 0) return;
    if (keyed.length > 1) keyed.sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || (a.d.result.jr_id < b.d.result.jr_id ? -1 : a.d.result.jr_id > b.d.result.jr_id ? 1 : 0));
    const remaining = new Map<NLine, number>();
    for (const { d } of keyed) {
        // 金额算不出的结果（vola_amt_stas 0，语义 F2）不参与分配，也不改它
        if (d.result.vola_amt_stas === '0') continue;
        let sum = 0;
        let changed = false;
        const violations = d.violations;
        const takens: number[] = new Array<number>(violations.length);
        for (let k = 0; k < violations.length; k++) {
            const v = violations[k];
            const left = remaining.get(v.line) ?? Math.max(0, roundToFen(v.line.sumamt));
            const taken = Math.min(v.amount, left);
            remaining.set(v.line, left - taken);
            takens[k] = taken;
            sum += taken;
            if (taken !== v.amount) {
                changed = true;
                d.result.judge_result_detail_dtos[k].vola_amt = moneyToNumber(taken);
            }
        }
        if (!changed) continue;
        // 逐条之和超出安全整数时按 BigInt 精确重算（同 F2 的合计）
        if (!isExact(sum)) sum = exactSum(takens);
        const ruleAmount = d.result.vola_amt;
        d.result.vola_amt = moneyToNumber(sum);
        if (d.result.zhishen && ruleAmount !== d.result.vola_amt) d.result.zhishen.rule_amt = ruleAmount;
    }
}

function uniqueBySeq(lines: NLine[]): NLine[] {
    if (lines.length <= 1) return lines;
    return [...new Set(lines)].sort((a, b) => a.seq - b.seq);
}

/**
 * 把总额分摊到违规明细：默认各自净金额；指定总额时从后往前分摊，余额记在最后一条。
 * 结果按分取整：累计额四舍五入到分后逐条相减，各明细之和恰好等于总额（到分）。
 */
function allocate(lines: readonly NLine[], total: number, ownAmounts: boolean): number[] {
    const n = lines.length;
    const result: number[] = new Array<number>(n);
    if (ownAmounts) {
        for (let i = 0; i < n; i++) result[i] = lines[i].sumamt;
    } else {
        let remaining = total;
        for (let i = n - 1; i >= 0; i--) {
            const share = Math.max(0, Math.min(remaining, lines[i].sumamt));
            result[i] = share;
            remaining -= share;
        }
        if (remaining > 0 && n > 0) result[n - 1] = result[n - 1] + remaining;
    }
    let cumulative = 0;
    let previous = 0;
    for (let i = 0; i < n; i++) {
        cumulative += result[i];
        const rounded = roundToFen(cumulative);
        result[i] = rounded - previous;
        previous = rounded;
    }
    return result;
}

function defaultMessage(rule: ManifestRule, lines: NLine[], kind: TargetKind, target: unknown): string {
    if (lines.length > 0) {
        let names = '';
        for (let i = 0; i < lines.length && i < 3; i++) {
            const l = lines[i];
            names += `${i === 0 ? '' : '、'}「${l.hilist_name ?? l.hilist_code ?? l.rx_id}」`;
        }
        return `${rule.name}：${names}${lines.length > 3 ? ` 等 ${lines.length} 条` : ''}`;
    }
    if (target && typeof target === 'object') {
        if (kind === 'diagnosis') {
            const d = target as NDiagnosis;
            return `${rule.name}：诊断「${d.dise_name ?? d.dise_codg ?? ''}」`;
        }
        if (kind === 'operation') {
            const o = target as NOperation;
            return `${rule.name}：手术「${o.oprn_name ?? o.oprn_code ?? ''}」`;
        }
    }
    return rule.name;
}


/** 结果的扩展字段 zhishen：规则的源码位置、级别、环节、分类、知识点（解释另加）。 */
export function zhishenExtension(rule: ManifestRule, inst: Instance): ZhishenExtension {
    const extension: ZhishenExtension = {
        source: { file: rule.source.file, line: rule.source.line, column: rule.source.column },
        level: rule.level,
        phases: rule.phases,
        category: rule.category
    };
    // 直接赋值而不是展开一个临时对象（键的次序相同：kp_id 在 category 之后）
    if (inst.kp) extension.kp_id = inst.kp.kp_id;
    return extension;
}

/** 一个请求的结果草稿：患者在请求中的位置、规则在包中的位置、实例、违规明细最小序号（FindingDraft.order）。 */
/** 一条规则实例在一个患者上的一条结果草稿，带排序所需的位置（患者在请求中的位置、规则在包中的位置、实例）。 */
export interface EmittedDraft {
    patient: number;
    rule: number;
    instance: number;
    draft: FindingDraft;
}

/** 结果组装的规则包级选项：哪些规则按知识点合并（F7），金额去重的次序（F8）。由 assemblyOptions 从规则包与部署配置得出。 */
export interface AssemblyOptions {
    packId: string;
    /** 规则位置 → 是否按知识点合并 */
    merge: readonly boolean[];
    /** F8 的次序：规则位置 → [级别序号, 规则位置] */
    rank: readonly (readonly [number, number])[];
}

export function assemblyOptions(packId: string, rules: readonly ManifestRule[], config: DeploymentConfig): AssemblyOptions {
    const merged = new Set(config.mergeByKnowledgePoint ?? []);
    const firstIndex = new Map<string, number>();
    rules.forEach((r, i) => { if (!firstIndex.has(r.id)) firstIndex.set(r.id, i); });
    return {
        packId,
        merge: rules.map(r => r.mergeByKnowledgePoint === true || merged.has('*') || merged.has(r.id)),
        // 同一编号的规则（不同文件里的同名规则不允许，这里只为稳妥）按第一次出现的位置
        rank: rules.map(r => [LEVELS.indexOf(r.level), firstIndex.get(r.id)!] as const)
    };
}

/**
 * 结果组装（每个后端同一份代码）：F6 按 患者、规则、实例、违规明细最小序号 稳定排序（其余相同的——诊断、手术、就诊这类没有
 * 明细序号的结果——保持求值顺序，即输入顺序；不按 jr_id：哈希随规则包变），同一 jr_id 只保留第一条（同一规则同一违规对象被
 * 多个知识点行选中时）；再逐个患者 F7 按知识点合并、F8 金额去重。会就地排序 emitted。
 */
export function assembleFindings(emitted: EmittedDraft[], options: AssemblyOptions): JudgeResult[] {
    if (emitted.length > 1) emitted.sort((a, b) => a.patient - b.patient || a.rule - b.rule || a.instance - b.instance || a.draft.order - b.draft.order);
    let kept: EmittedDraft[] = emitted;
    if (emitted.length > 1) {
        const seen = new Set<string>();
        kept = [];
        for (const e of emitted) {
            if (seen.has(e.draft.result.jr_id)) continue;
            seen.add(e.draft.result.jr_id);
            kept.push(e);
        }
    }
    const anyMerge = options.merge.some(Boolean);
    const result: JudgeResult[] = [];
    const fallback = [LEVELS.length, 0] as const;
    for (let start = 0; start < kept.length;) {
        let end = start + 1;
        while (end < kept.length && kept[end].patient === kept[start].patient) end++;
        const slice = start === 0 && end === kept.length ? kept : kept.slice(start, end);
        const patient = anyMerge ? mergePatient(slice, options) : slice;
        const keyed: Ranked[] = [];
        for (const e of patient) if (e.draft.violations.length > 0) keyed.push({ d: e.draft, r: options.rank[e.rule] ?? fallback });
        deduplicateRanked(keyed);
        for (const e of patient) result.push(e.draft.result);
        start = end;
    }
    return result;
}

/** F7：同一规则、同一实例的相邻结果（已按 F6 排序）合成一条。 */
function mergePatient(patient: EmittedDraft[], options: AssemblyOptions): EmittedDraft[] {
    const out: EmittedDraft[] = [];
    for (let start = 0; start < patient.length;) {
        let end = start + 1;
        const first = patient[start];
        if (options.merge[first.rule]) while (end < patient.length && patient[end].rule === first.rule && patient[end].instance === first.instance) end++;
        out.push(end - start === 1 ? first : { ...first, draft: mergeFindings(patient.slice(start, end).map(e => e.draft), options.packId) });
        start = end;
    }
    return out;
}

// ───────────── 统计组结果（对每组 全体就诊 g 按 …） ─────────────

const LEVEL_OF_KEY: Readonly<Record<string, { level: PopulationFields['level']; field?: 'medins_id' | 'dr_codg' | 'dept_codg' }>> = {
    medins_id: { level: '机构', field: 'medins_id' },
    dr_codg: { level: '医师', field: 'dr_codg' },
    adm_dept_codg: { level: '科室', field: 'dept_codg' },
    dscg_dept_codg: { level: '科室', field: 'dept_codg' },
    patn_id: { level: '患者' }
};

/** 统计量的数值（金额 / 数值 / 数量为十进制数，其余为显示文本）。 */
function statisticNumber(value: unknown, display: string): number | string | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && (display === 'money' || display === 'number' || display === 'quantity')) return Number(formatDecimal(value));
    return formatValue(value, display);
}

/**
 * 统计组命中 → 一条结果（契约 semantics.ts P5）：3101 result[] 元素的字段 + medins_id / dr_codg + population（层级、键、期间、
 * 组内理赔数、指标与同级值）。组内每次就诊是一条涉及项；金额只在写了 金额 时有（默认 0：统计指标是疑点，不直接扣款）。
 * jr_id 的违规对象键为 G:键（JSON）；患者级结果的 patn_id 是键里的患者。
 */
export function buildCohortFinding(spec: RuleSpec, inst: Instance, hit: Hit, options: FindingOptions, period: PopulationFields['period']): FindingDraft | null {
    const rule = spec.meta;
    const cohort = hit.violation as NCohort | null;
    if (!cohort || typeof cohort !== 'object' || !Array.isArray(cohort.encounters)) return null;
    const props = spec.scope.keyProps ?? [];
    // 多个键时统计组的键是各键值数组的 JSON（与明细分组相同，E2）
    const keys = props.length > 1 && typeof cohort.key === 'string' ? JSON.parse(cohort.key) as unknown[] : [cohort.key];
    const population: PopulationFields = { level: '分组', key: props.length > 1 ? keys : cohort.key, period, claims: cohort.encounters.length };
    let patnId = '';
    props.forEach((prop, i) => {
        const info = prop ? LEVEL_OF_KEY[prop] : undefined;
        const value = keys[i];
        if (!info || typeof value !== 'string') return;
        if (population.level === '分组') population.level = info.level;
        if (info.field) population[info.field] = value;
        if (info.level === '患者') patnId = value;
    });
    let stas: '1' | '0' = '1';
    let total = 0;
    if (hit.amount === null) stas = '0';
    else if (hit.amount !== undefined) total = hit.amount;
    if (total < 0) {
        total = 0;
        stas = '0';
    }
    const statistic = spec.outcome.statistic;
    if (statistic && hit.statistic) {
        population.statistic = {
            name: statistic.name,
            value: statisticNumber(hit.statistic.value, statistic.display),
            text: formatValue(hit.statistic.value, statistic.display),
            ...(statistic.peerName ? { peer_name: statistic.peerName } : {}),
            peer_value: statisticNumber(hit.statistic.peer, statistic.display),
            peer_text: formatValue(hit.statistic.peer, statistic.display)
        };
    }
    const jrId = fnv1a64(jrIdInput({ packId: options.packId, ruleId: rule.id, kpId: inst.kp?.kp_id ?? '', patnId, mdtrtId: '', target: keyOf.cohort(JSON.stringify(population.key)) }));
    const details: JudgeDetail[] = cohort.encounters.map((e, i) => ({
        jrd_id: `${jrId}-${i + 1}`, patn_id: e.patn_id, mdtrt_id: e.mdtrt_id, rx_id: '', vola_item_type: '2', vola_amt: 0
    }));
    const evidence: string[] = [];
    for (const e of [rule.basis, ...(hit.evidence ?? [])]) if (typeof e === 'string' && e.trim().length > 0 && !evidence.includes(e)) evidence.push(e);
    const name = population.medins_id ?? population.dr_codg ?? population.dept_codg ?? (patnId || JSON.stringify(cohort.key));
    const result: JudgeResult = {
        jr_id: jrId,
        rule_id: rule.id,
        rule_name: rule.name,
        vola_cont: hit.message && hit.message.trim() ? hit.message : `${rule.name}：${population.level}「${name}」`,
        patn_id: patnId,
        mdtrt_id: '',
        vola_amt: moneyToNumber(total),
        vola_amt_stas: stas,
        sev_deg: options.levelCodes[rule.level] ?? '',
        vola_evid: evidence.join('；'),
        vola_bhvr_type: (rule.category && Object.prototype.hasOwnProperty.call(options.behaviorCodes, rule.category) && options.behaviorCodes[rule.category]) || '',
        judge_result_detail_dtos: details,
        ...(population.medins_id ? { medins_id: population.medins_id } : {}),
        ...(population.dr_codg ? { dr_codg: population.dr_codg } : {}),
        population
    };
    return { result, order: 0, total, violations: [], involvedLines: [], involvedEncounters: cohort.encounters.map(e => e.mdtrt_id) };
}
