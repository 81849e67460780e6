/**
 * 事后全量筛查（JS 运行时）：把一批 3101 入参载入内存中的筛查集合，再对整个集合运行规则包——逐张理赔的规则（含读
 * 全体就诊 / 全体明细 的跨理赔规则）与统计组规则（机构 / 医师 / 患者级、同级比较）。不做 IO：宿主（zhishen screen、
 * 规则测试、演练场）逐条交入参，取回结果。语义见 contract/semantics.ts P1–P6；SQL 后端对同一 IR 给出同样的结果。
 *
 *   const screening = createScreening(pack, { from: '2024-01-01', to: '2024-12-31' });
 *   for (const input of requests) screening.add(input);
 *   for (const finding of screening.run().findings) …   // 每条：3101 result[] 元素 + task_id
 */
import type { ClaimError, NRequest } from '../claim/types.js';
import type { RulePack } from '../contract/pack.js';
import { parseDateTime } from '../values/dates.js';
import { idsText } from '../claim/broken-json.js';
import { parseClaimText } from '../claim/claim-text.js';
import { INPUT_ERRORS } from '../contract/errors.js';
import type { EngineOptions } from './engine.js';
import { AuditEngine, ruleEnabled, ruleSelector } from './engine.js';
import { EMPTY_CONFIG } from './config.js';
import type { JudgeResult } from './findings.js';
import { Population } from './population.js';
import type { ScreeningPeriod } from './population.js';

/** 环节默认 事后（请求里的 trig_scen 不用）；phase 显式给 undefined 时运行全部规则（规则测试）。 */
export interface ScreeningOptions extends EngineOptions {
    /** 筛查期间（含两端，YYYY-MM-DD）：只收本次入院日期（缺失取出院日期）在期间内的理赔 */
    from?: string;
    to?: string;
}

/** 一条筛查结果：3101 result[] 元素加上它所在请求的 task_id（统计组结果的 task_id 为空）。 */
export type ScreeningFinding = { task_id: string | null } & JudgeResult;

/** 一个入参载入的结果。 */
export interface AddResult {
    /** 进入筛查集合的理赔（患者）数 */
    loaded: number;
    /** 没有进入的理赔及原因（编码与中文信息） */
    rejected: Array<{ code: string; message: string; path: string; patn_id?: string }>;
    /** 进入筛查集合的理赔的本次就诊号（载入顺序）：分线程筛查时主线程据此按输入顺序查重（claim） */
    kept: string[];
}

export interface ScreeningSummary {
    /** 交来的入参个数 */
    requests: number;
    /** 入参中的理赔（患者）数 = loaded + rejected 的合计 */
    claims: number;
    loaded: number;
    rejected: number;
    /** 未载入的原因（中文）→ 理赔数 */
    reasons: Record<string, number>;
}

export interface ScreeningResult {
    findings: ScreeningFinding[];
    /** 规则编号 → 结果数与违规金额（元） */
    byRule: Record<string, { name: string; count: number; amount: number }>;
    /** 求值出错的理赔（同 zhishen run 的 ZR0012） */
    errors: ClaimError[];
}

const DUPLICATE = { code: 'ZR0040', message: '重复的理赔：就诊号已在筛查集合中' };
const OUT_OF_PERIOD = { code: 'ZR0041', message: '不在筛查期间内' };

/**
 * 内存里留什么：要运行的规则里有读筛查集合的（跨理赔、统计组）时，整个集合——每张理赔规范化后的请求（本次与历史就诊、明细）
 * 都留到 run()；没有时逐张理赔在 add() 里就求值（streaming），只留结果与去重用的就诊号，内存不随理赔数增长（结果除外）。
 * 两种方式的结果逐字节相同（同一个引擎、同样按载入顺序求值）。
 */
export class Screening {
    readonly engine: AuditEngine;
    readonly population: Population;
    /** 没有要运行的规则读筛查集合：add() 时逐张求值，不留理赔 */
    readonly streaming: boolean;
    private readonly requests: NRequest[] = [];
    private readonly summaryData: ScreeningSummary = { requests: 0, claims: 0, loaded: 0, rejected: 0, reasons: {} };
    /** streaming 时：已求值的结果与去重用的就诊号 */
    private readonly streamed: ScreeningResult = { findings: [], byRule: {}, errors: [] };
    private readonly seen = new Set<string>();
    private readonly names: Map<string, string>;

    constructor(pack: RulePack, options: ScreeningOptions = {}) {
        const engineOptions = { phase: '事后' as const, ...options };
        this.engine = new AuditEngine(pack, engineOptions);
        this.population = new Population(screeningPeriod(options));
        const enabled = ruleEnabled(options.config ?? EMPTY_CONFIG);
        const runs = ruleSelector({ trig_scen: null, rule_ids: null }, engineOptions.phase);
        this.streaming = !pack.rules.some(({ spec: { meta } }) => meta.population !== undefined && enabled(meta) && runs(meta));
        this.names = new Map(this.engine.manifest.rules.map(r => [r.id, r.name]));
    }

    /** 载入一个 3101 入参（input.data）。坏的患者、重复的就诊、期间外的理赔不进入集合，原因在返回值与汇总里。 */
    add(input: unknown): AddResult {
        const request = this.engine.normalize(input);
        const summary = this.summaryData;
        summary.requests++;
        const result: AddResult = { loaded: 0, rejected: [], kept: [] };
        const reject = (reason: { code: string; message: string; path: string; patn_id?: string }) => {
            result.rejected.push(reason);
            summary.rejected++;
            summary.claims++;
            summary.reasons[reason.message] = (summary.reasons[reason.message] ?? 0) + 1;
        };
        for (const error of request.errors) {
            // 请求层面的错误（不是对象、没有患者）算一张理赔；患者的错误各算一张
            if (!error.path.startsWith('patient_dtos[') && request.claims.length > 0) continue;
            reject({ code: error.code, message: error.message, path: error.path, ...(error.patn_id ? { patn_id: error.patn_id } : {}) });
        }
        const period = this.population.period;
        const kept = request.claims.filter(claim => {
            const path = `patient_dtos[${claim.patientIndex}]`;
            if (!inPeriod(claim.encounter.adm_date ?? claim.encounter.dscg_date, period)) {
                reject({ ...OUT_OF_PERIOD, path, patn_id: claim.patient.patn_id });
                return false;
            }
            const added = this.streaming ? !this.seen.has(claim.encounter.mdtrt_id) && !!this.seen.add(claim.encounter.mdtrt_id) : this.population.add(claim);
            if (!added) {
                reject({ ...DUPLICATE, path, patn_id: claim.patient.patn_id });
                return false;
            }
            return true;
        });
        if (kept.length > 0) {
            // 筛查是事后：不按请求原来的 trig_scen（结算时的场景）选规则，按筛查的环节（默认 事后）
            const screened = { ...request, trig_scen: null, claims: kept, errors: [] };
            if (this.streaming) this.evaluate(screened, undefined, this.streamed);
            else this.requests.push(screened);
            result.loaded = kept.length;
            result.kept = kept.map(claim => claim.encounter.mdtrt_id);
            summary.loaded += kept.length;
            summary.claims += kept.length;
        }
        return result;
    }

    /**
     * 一个整个不能载入的请求（如 JSON 里有重复的键，addLine 读出时发现）：与 add() 里被拒的请求一样计数（请求、理赔、拒绝各一），
     * 汇总的原因是 reason（同类的错误归到一处，不按每条的位置分开）。
     */
    rejectRequest(reason: string): void {
        const summary = this.summaryData;
        summary.requests++;
        summary.claims++;
        summary.rejected++;
        summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
    }

    /**
     * 分线程筛查（streaming，zhishen screen --workers）：工作线程各自载入、求值一段输入，主线程按输入顺序用这个方法确认
     * 每一行载入的就诊号。都没有见过时记下、返回 true（工作线程的结果就是单线程时的结果）；有见过的返回 false，这一行由主线程
     * 重新载入（add 会把重复的理赔拒掉）。单线程与分线程的结果因此逐字节相同。
     */
    claim(ids: readonly string[]): boolean {
        if (!this.streaming) throw new Error('内部错误：只有逐张求值的筛查可以分线程');
        for (const id of ids) if (this.seen.has(id)) return false;
        for (const id of ids) this.seen.add(id);
        return true;
    }

    /**
     * 工作线程：忘掉已载入的就诊号。每块输入开始时调用——跨块的查重由主线程做（claim）；块内的重复在这里拒掉，
     * 因为同一块里更早的行在输入里也更早（线程换人重做一块时，它之前做过的更晚的块不能影响这一块）。
     */
    forgetClaims(): void {
        this.seen.clear();
    }

    /** streaming：取出上次 take() 以来的结果与汇总（增量），并清零。分线程筛查按行取出、交给主线程按顺序合并。 */
    take(): { summary: ScreeningSummary; result: ScreeningResult } {
        if (!this.streaming) throw new Error('内部错误：只有逐张求值的筛查可以按行取出结果');
        const taken = { summary: this.summary, result: { ...this.streamed } };
        Object.assign(this.summaryData, { requests: 0, claims: 0, loaded: 0, rejected: 0, reasons: {} });
        Object.assign(this.streamed, { findings: [], byRule: {}, errors: [] });
        return taken;
    }

    get summary(): ScreeningSummary {
        return { ...this.summaryData, reasons: { ...this.summaryData.reasons } };
    }

    /** 对整个筛查集合求值：逐张理赔（载入顺序），然后统计组规则。onProgress 每求值一个入参调用一次。 */
    run(onProgress?: (done: number, total: number) => void): ScreeningResult {
        if (this.streaming) {
            onProgress?.(this.summaryData.requests, this.summaryData.requests);
            return this.streamed;
        }
        const result: ScreeningResult = { findings: [], byRule: {}, errors: [] };
        const population = this.engine.usesPopulation ? this.population : undefined;
        this.requests.forEach((request, i) => {
            this.evaluate(request, population, result);
            onProgress?.(i + 1, this.requests.length);
        });
        for (const r of this.engine.evaluateSet(this.population)) this.record(result, null, r);
        return result;
    }

    private evaluate(request: NRequest, population: Population | undefined, into: ScreeningResult): void {
        const output = this.engine.evaluateRequest(request, population);
        for (const r of output.response.result) this.record(into, request.task_id, r);
        into.errors.push(...output.errors);
    }

    private record(into: ScreeningResult, taskId: string | null, r: JudgeResult): void {
        into.findings.push({ task_id: taskId, ...r });
        const entry = into.byRule[r.rule_id] ??= { name: this.names.get(r.rule_id) ?? r.rule_id, count: 0, amount: 0 };
        entry.count++;
        entry.amount = (Math.round(entry.amount * 100) + Math.round(r.vola_amt * 100)) / 100;
    }
}

/**
 * 筛查期间（--from / --to，含两端）。定义只有这一份，JS 筛查与理赔库（SQL）筛查共用：
 *   - 被筛查的理赔 = 本次就诊的入院日期（缺失时取出院日期）在期间内的理赔；两者都缺失的理赔在给了期间时不筛查；
 *   - 筛查集合（全体就诊 / 全体明细）只由被筛查的理赔组成（P1）：期间外的理赔既不出结果，也不作为别人的跨理赔数据；
 *   - 被筛查理赔自带的历史就诊（fsi_encounter_dtos 里的其他就诊）照常是它的历史，不论日期。
 */
export function screeningPeriod(options: { from?: string; to?: string }): ScreeningPeriod {
    const period = { from: dayOf(options.from, '--from'), to: dayOf(options.to, '--to') };
    if (period.from !== null && period.to !== null && period.from > period.to) {
        throw new Error(`--from ${options.from} 晚于 --to ${options.to}：筛查期间是空的，把两个日期对调`);
    }
    return period;
}

/** 本次就诊的日期（天数）是否在筛查期间内；没有给期间时都在。 */
export function inPeriod(day: number | null, period: ScreeningPeriod): boolean {
    if (period.from === null && period.to === null) return true;
    return day !== null && (period.from === null || day >= period.from) && (period.to === null || day <= period.to);
}

function dayOf(text: string | undefined, option: string): number | null {
    if (text === undefined || text === '') return null;
    const parsed = parseDateTime(text);
    if (!parsed) throw new Error(`${option} 的值「${text}」不是日期，写成 2024-01-01`);
    return parsed.day;
}

export function createScreening(pack: RulePack, options?: ScreeningOptions): Screening {
    return new Screening(pack, options);
}

/** 一行理赔（NDJSON 的一行）载入筛查的结果：不是 JSON 时 parseError；坏行原因（期间外的不算坏行，只计数）。 */
export interface LineResult {
    parseError: boolean;
    reasons: string[];
    /** 进入筛查集合的理赔的本次就诊号（AddResult.kept） */
    kept: string[];
}

/**
 * 把一行文本载入筛查（zhishen screen 与演练场的批量筛查共用，坏行的说法一致）：空行返回 null（不是理赔）；
 * 不是 JSON 的行报出能认出的编号；被拒绝的理赔写明路径、原因与患者编号，其余行照常载入。
 */
export function addLine(screening: Screening, text: string): LineResult | null {
    if (text.trim() === '') return null;
    // 读不出的 JSON（坏行）、无效的 UTF-8、重复的键（被拒绝的请求）：parseClaimText，与 zhishen run、store load（--engine duckdb）同一套
    const read = parseClaimText(text);
    if (!read.ok) {
        if (read.syntax) return { parseError: true, reasons: [read.error.message], kept: [] };
        screening.rejectRequest(INPUT_ERRORS[read.error.code as 'ZR0018' | 'ZR0019']);
        const who = idsText(read.error);
        return { parseError: false, reasons: [`${read.error.path} ${read.error.message}${who ? `（${who}）` : ''}${read.error.hint ? `；${read.error.hint}` : ''}`], kept: [] };
    }
    const result = screening.add(read.request);
    const reasons: string[] = [];
    for (const r of result.rejected) {
        if (r.code !== OUT_OF_PERIOD.code) reasons.push(`${r.path ? `${r.path} ` : ''}${r.message}${r.patn_id ? `（患者 ${r.patn_id}）` : ''}`);
    }
    return { parseError: false, reasons, kept: result.kept };
}
