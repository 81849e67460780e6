/**
 * 审核引擎：规范化一次 → 按编码分派 → 求值 → 组装 3101 结果（可附解释）。
 *
 * 分派（“不要让每条规则检查每一行”）：创建引擎时，为每个来源（本次明细 / 历史明细 / 全部明细）建立
 * 编码 → (规则, 知识点行) 的 Map，编码族按前缀长度各一个 Map；区间与无 属于 的规则进入“逐条检查”列表。
 * 每条明细只查一次 Map，只遇到提到它的规则。其余规则（诊断、手术、历史就诊、整次就诊）每个患者求值一次。
 */
import { normalizeRequest } from '../claim/normalize.js';
import { linePlan, sourcePlan } from '../claim/plan.js';
import type { LinePlan, SourcePlan } from '../claim/plan.js';
import type { ClaimError, NClaim, NEncounter, NGroup, NLine, NRequest } from '../claim/types.js';
import { groupLines } from '../claim/normalize.js';
import { CodeMatcher } from '../values/codes.js';
import { decodeValue } from '../contract/encoding.js';
import { LEVELS, phaseOfScene } from '../contract/pack.js';
import type { Env, Hit, Instance, Level, ManifestRule, ParamValues, Phase, RulePack, RuleProgram, Tracer } from '../contract/pack.js';
import { DISPATCH_SOURCES, isDispatchSource, recordSpec } from '../contract/records.js';
import type { DispatchSource, SourceName } from '../contract/records.js';
import type { DeploymentConfig } from './config.js';
import { EMPTY_CONFIG } from './config.js';
import type { EvalContext } from './context.js';
import { assembleFindings, assemblyOptions, buildCohortFinding, buildFinding, findingOptions, zhishenExtension } from './findings.js';
import type { AssemblyOptions, EmittedDraft, Explanation, ExplanationStep, FindingDraft, FindingOptions, JudgeResult, PopulationFields } from './findings.js';
import { groupEncounters, Population } from './population.js';
import { formatDate } from '../values/dates.js';
import { formatValue } from './format.js';
import { ExactRangeError } from '../values/decimal.js';
import { failedStepReason, matchesKnowledgePoint, matchesTarget, verdictOf } from './why-not.js';
import type { WhyNotAttempt, WhyNotOutcome, WhyNotQuery, WhyNotReport } from './why-not.js';

/** 覆盖率收集（zhishen test --coverage）：记录每条规则的每个步骤求值过、成立过。 */
export interface CoverageCollector {
    step(rule: number, step: number, result: unknown): void;
    fired(rule: number): void;
}

export interface EngineOptions {
    config?: DeploymentConfig;
    /** 收集覆盖率（每次求值都带跟踪，较慢，只用于测试） */
    coverage?: CoverageCollector;
    /** 每条结果附带解释（各条件看到的值）；默认否 */
    explain?: boolean;
    /** 请求没有 trig_scen 时按此环节选规则；都没有时运行全部规则 */
    phase?: Phase;
    /**
     * 历史来源（实时审核）：已结算理赔的筛查集合。给出时每个请求的筛查集合 = 历史 + 本请求的理赔（Population.fork），
     * 读 全体就诊 / 全体明细 的规则看得到其他患者、其他机构的已结算理赔；不给时筛查集合就是本请求。
     */
    history?: Population;
}

export interface AuditResponse {
    task_id: string | null;
    result: JudgeResult[];
    /** 扩展：部分患者无法审核时的错误（全部成功时省略） */
    zhishen_errors?: ClaimError[];
    /** 扩展：规范化提示（如找不到原明细的退费） */
    zhishen_notes?: string[];
}

export interface EvaluationOutput {
    response: AuditResponse;
    /** 整个请求无法审核（不是对象、没有患者、所有患者都有错误） */
    rejected: boolean;
    errors: ClaimError[];
    patients: number;
    evaluatedPatients: number;
    findingsByRule: Record<string, number>;
    /** 本次请求运行的规则（下标同 pack.rules；按 trig_scen 与 rule_ids 缓存的同一数组，只读）：服务据此计每条规则的求值次数 */
    activeRules: readonly boolean[];
}

interface DispatchEntry {
    rule: number;
    instance: number;
}

interface DispatchIndex {
    source: DispatchSource;
    exact: Map<string, DispatchEntry[]>;
    prefixes: Map<number, Map<string, DispatchEntry[]>>;
    /** prefixes 的数组形式（按长度），每条明细都要遍历，不在热路径上用 Map 迭代器 */
    prefixList: Array<{ length: number; byPrefix: Map<string, DispatchEntry[]> }>;
    /** 带区间的代码集：逐条检查 */
    ranges: Array<DispatchEntry & { matcher: CodeMatcher }>;
    /** 没有 属于：每条明细都进入 */
    all: DispatchEntry[];
}

export class AuditEngine {
    readonly pack: RulePack;
    private readonly options: EngineOptions;
    private readonly config: DeploymentConfig;
    private readonly params: ParamValues[];
    /** 每条规则被部署配置覆盖了的参数名（解释里显示覆盖后的值，其余显示源码原文） */
    private readonly overridden: Array<Set<string>> = [];
    private readonly matchers: Array<Array<CodeMatcher | null>>;
    private readonly dispatch = new Map<DispatchSource, DispatchIndex>();
    /** 有分派项的明细来源（多数规则包只有本次明细一个） */
    private readonly dispatchSources: DispatchIndex[] = [];
    /** 每个患者内“规则是否适用”的备忘：0 未算，1 适用，-1 不适用；算过的下标记在 appliesTouched，患者结束时清零 */
    private appliesMemo: Int8Array;
    private readonly appliesTouched: number[] = [];
    private readonly claimLevel: number[] = [];
    /** 统计组规则（对整个筛查集合求值一次，契约 pack.ts ManifestRule.population = set） */
    private readonly setLevel: number[] = [];
    /** 规则包读到筛查集合（全体就诊 / 全体明细，或有统计组规则） */
    readonly usesPopulation: boolean;
    private readonly enabled: boolean[];
    private readonly activeCache = new Map<string, boolean[]>();
    /** 组装结果用的选项：引擎创建后不变，只算一次（不在每条结果上合并级别代码） */
    private readonly findingOptions: FindingOptions;
    /** 规范化时解析哪些明细可选字段（规则包读到的） */
    private readonly linePlan: LinePlan;
    /** 规范化哪些整块的来源（历史就诊、诊断、手术操作；规则包读到的） */
    private readonly sourcePlan: SourcePlan;
    /** 规则包里的规则编号（检查请求的 rule_ids 时才建） */
    private ruleIds: Set<string> | undefined;
    /** 结果组装：按知识点合并（F7）与金额去重（F8）的次序 */
    private readonly assembly: AssemblyOptions;

    constructor(pack: RulePack, options: EngineOptions = {}) {
        this.pack = pack;
        this.options = options;
        this.config = options.config ?? EMPTY_CONFIG;
        this.linePlan = linePlan(pack.manifest.lineFields);
        const rules = pack.rules.map(r => r.spec.meta);
        this.enabled = rules.map(ruleEnabled(this.config));
        this.assembly = assemblyOptions(pack.manifest.id, rules, this.config);
        this.findingOptions = findingOptions(pack.manifest, this.config);
        this.params = rules.map(rule => {
            const { values, overridden } = ruleParams(rule, this.config);
            this.overridden.push(overridden);
            return values;
        });
        this.matchers = pack.rules.map(program => program.spec.instances.map(inst => inst.codes ? new CodeMatcher(inst.codes) : null));
        for (const source of DISPATCH_SOURCES) this.dispatch.set(source, { source, exact: new Map(), prefixes: new Map(), prefixList: [], ranges: [], all: [] });
        this.usesPopulation = rules.some(r => r.population !== undefined);
        this.sourcePlan = sourcePlan(pack.manifest.sources, this.usesPopulation);
        pack.rules.forEach((program, r) => {
            const scope = program.spec.scope;
            if (scope.kind === 'group' && scope.group === 'cohort') {
                this.setLevel.push(r);
            } else if (scope.kind !== 'none' && scope.dispatch && isDispatchSource(scope.source)) {
                const index = this.dispatch.get(scope.source)!;
                program.spec.instances.forEach((inst, i) => {
                    const entry = { rule: r, instance: i };
                    if (!inst.codes) {
                        index.all.push(entry);
                        return;
                    }
                    for (const code of inst.codes.codes ?? []) push(index.exact, code, entry);
                    for (const prefix of inst.codes.prefixes ?? []) {
                        let byPrefix = index.prefixes.get(prefix.length);
                        if (!byPrefix) index.prefixes.set(prefix.length, byPrefix = new Map());
                        push(byPrefix, prefix, entry);
                    }
                    if ((inst.codes.ranges ?? []).length > 0) index.ranges.push({ ...entry, matcher: new CodeMatcher({ ranges: inst.codes.ranges }) });
                });
            } else {
                this.claimLevel.push(r);
            }
        });
        for (const index of this.dispatch.values()) {
            index.prefixList = [...index.prefixes].map(([length, byPrefix]) => ({ length, byPrefix }));
            if (index.exact.size > 0 || index.prefixes.size > 0 || index.ranges.length > 0 || index.all.length > 0) this.dispatchSources.push(index);
        }
        this.appliesMemo = new Int8Array(rules.length);
    }

    get manifest() {
        return this.pack.manifest;
    }

    /** 审核一个 3101/3102 入参（input.data）。规则包读到筛查集合时，集合就是这个请求本身（统计组规则的结果排在后面）。 */
    evaluate(input: unknown): EvaluationOutput {
        const request = this.normalize(input);
        if (!this.usesPopulation) return this.evaluateRequest(request);
        const population = this.options.history ? this.options.history.fork(request.claims) : new Population();
        if (!this.options.history) for (const claim of request.claims) population.add(claim);
        const output = this.evaluateRequest(request, population);
        const set = this.evaluateSet(population);
        if (set.length > 0) {
            output.response.result.push(...set);
            const counts: Record<string, number> = { ...output.findingsByRule };
            for (const r of set) counts[r.rule_id] = (counts[r.rule_id] ?? 0) + 1;
            output.findingsByRule = counts;
        }
        return output;
    }

    /** 规范化一个入参（筛查先规范化全部理赔、建成筛查集合，再逐张求值）。 */
    normalize(input: unknown): NRequest {
        return normalizeRequest(input, this.pack.data.dictionaries, this.linePlan, this.sourcePlan);
    }

    /** 审核一个已规范化的请求；population 为筛查集合（读到它的规则用）。统计组规则不在这里（evaluateSet）。 */
    evaluateRequest(request: NRequest, population?: Population): EvaluationOutput {
        const findingsByRule = new Map<string, number>();
        const drafts: Emitted[] = [];
        const active = this.activeRules(request);
        const failed: ClaimError[] = [];
        for (const claim of request.claims) {
            const ctx: EvalContext = population ? { claim, request, data: this.pack.data, population } : { claim, request, data: this.pack.data };
            const mine: Emitted[] = [];
            try {
                this.evaluateClaim(ctx, active, (rule, instance, draft) => {
                    mine.push({ patient: claim.patientIndex, rule, instance, draft });
                });
            } catch (error) {
                // 求值出错（如金额超出可精确表示的范围）：这个患者报告一条错误，其他患者照常审核。
                // 信息只用中文：运行时自己的错误（ExactRangeError）照录，其余（V8 的英文信息，如栈溢出）不外露
                const range = error instanceof ExactRangeError;
                failed.push({
                    code: range ? 'ZR0012' : 'ZR0017', path: `patient_dtos[${claim.patientIndex}]`,
                    ...(request.task_id !== null ? { task_id: request.task_id } : {}),
                    patn_id: claim.patient.patn_id, mdtrt_id: claim.encounter.mdtrt_id,
                    message: range ? `审核该患者时出错：${(error as Error).message}` : `审核该患者时规则求值失败（${error instanceof RangeError ? '超出求值的深度或大小限制' : '内部错误'}）`,
                    hint: range ? '检查数量、单价、金额是否异常（超过约 90 亿元无法精确计算）' : '这是规则包或引擎的问题，请把这条理赔与规则包一起报告；其他患者照常审核'
                });
                continue;
            }
            for (const d of mine) drafts.push(d);
        }
        const result = assembleFindings(drafts, this.assembly);
        for (const r of result) findingsByRule.set(r.rule_id, (findingsByRule.get(r.rule_id) ?? 0) + 1);
        const response: AuditResponse = { task_id: request.task_id, result };
        const errors = failed.length === 0 ? request.errors : [...request.errors, ...failed].sort((a, b) => patientOf(a) - patientOf(b));
        if (errors.length > 0) response.zhishen_errors = errors;
        let notes: string[] | undefined;
        if (request.rule_ids && request.rule_ids.length > 0) {
            // 不认识的规则编号：说明它被忽略了（否则上游以为审核过，其实这条规则不存在或拼错了）
            this.ruleIds ??= new Set(this.pack.rules.map(r => r.spec.meta.id));
            const unknown = request.rule_ids.filter(id => !this.ruleIds!.has(id));
            if (unknown.length > 0) (notes ??= []).push(`rule_ids 中的${unknown.slice(0, 10).map(id => `「${id.length > 40 ? id.slice(0, 40) + '…' : id}」`).join('、')}${unknown.length > 10 ? ` 等 ${unknown.length} 个` : ''}不是本规则包的规则编号，已忽略`);
        }
        for (const c of request.claims) for (const n of c.notes) (notes ??= []).push(`${c.patient.patn_id}：${n}`);
        if (notes) response.zhishen_notes = notes;
        const patients = request.claims.length + request.errors.filter(e => e.path.startsWith('patient_dtos[')).length;
        const evaluatedPatients = request.claims.length - failed.length;
        return {
            response,
            rejected: evaluatedPatients === 0 && errors.length > 0,
            errors,
            patients,
            evaluatedPatients,
            findingsByRule: findingsByRule.size === 0 ? {} : Object.fromEntries(findingsByRule),
            activeRules: active
        };
    }

    /**
     * 统计组规则：对整个筛查集合各求值一次（契约 semantics.ts P3–P6）。适用范围按每次就诊判断（不适用的就诊不进入统计组）；
     * 环节按引擎选项（筛查没有 trig_scen）。返回的结果按规则、实例、统计组的顺序。
     */
    evaluateSet(population: Population): JudgeResult[] {
        const results: JudgeResult[] = [];
        if (this.setLevel.length === 0) return results;
        const period = this.periodOf(population);
        const seen = new Set<string>();
        const request: NRequest = { syscode: null, task_id: null, trig_scen: null, rule_ids: null, claims: [], errors: [] };
        const active = this.activeRules(request);
        for (const r of this.setLevel) {
            if (!active[r]) continue;
            const program = this.pack.rules[r];
            const encounters = population.population_encounters.filter(e => applies(program, e as unknown as Record<string, unknown>));
            for (let i = 0; i < program.spec.instances.length; i++) {
                // 统计组规则没有“本次”患者（编译器保证不读 claim）
                const ctx: EvalContext = { claim: null as unknown as NClaim, request, data: this.pack.data, population };
                const inst = program.spec.instances[i];
                const P = this.params[r];
                const tracer = this.tracerFor(r);
                const env = program.prepare(ctx, inst, P, tracer);
                if (env === null) continue;
                let elements: NEncounter[] = encounters;
                if (program.where) elements = elements.filter(e => program.where!(ctx, inst, P, env, e));
                const cohorts = groupEncounters(elements, e => program.key ? program.key(ctx, inst, P, env, e) : null, { tuple: (program.spec.scope.keys?.length ?? 0) > 1 });
                ctx.cohorts = cohorts;
                for (const cohort of cohorts) {
                    const hit = program.check(ctx, inst, P, env, cohort, tracer);
                    if (!hit) continue;
                    const draft = buildCohortFinding(program.spec, inst, hit, this.findingOptions, period);
                    if (!draft || seen.has(draft.result.jr_id)) continue;
                    seen.add(draft.result.jr_id);
                    this.options.coverage?.fired(r);
                    draft.result.zhishen = zhishenExtension(program.spec.meta, inst);
                    if (this.options.explain) draft.result.zhishen.explanation = this.explain(ctx, r, i, cohort);
                    results.push(draft.result);
                }
            }
        }
        return results;
    }

    /** 统计期间：筛查期间；未给时为集合中就诊的最早入院日期与最晚出院（缺失取入院）日期。 */
    private periodOf(population: Population): PopulationFields['period'] {
        let from = population.period.from;
        let to = population.period.to;
        if (from === null || to === null) {
            let min: number | null = null;
            let max: number | null = null;
            for (const e of population.population_encounters) {
                const start = e.adm_date ?? e.dscg_date;
                const end = e.dscg_date ?? e.adm_date;
                if (start !== null && (min === null || start < min)) min = start;
                if (end !== null && (max === null || end > max)) max = end;
            }
            from ??= min;
            to ??= max;
        }
        return { from: from === null ? null : formatDate(from), to: to === null ? null : formatDate(to) };
    }

    /** 本次请求要运行的规则：启用、rule_ids、环节（trig_scen 或选项）。结果只取决于 trig_scen 与 rule_ids，按它们缓存——
        否则每个请求都要把全部规则过一遍（5,000 条规则时比规则求值本身还贵）。返回的数组只读。 */
    private activeRules(request: NRequest): boolean[] {
        const key = JSON.stringify([request.trig_scen, request.rule_ids && request.rule_ids.length > 0 ? request.rule_ids : null]);
        let active = this.activeCache.get(key);
        if (!active) {
            if (this.activeCache.size >= 64) this.activeCache.clear();
            active = this.computeActiveRules(request);
            this.activeCache.set(key, active);
        }
        return active;
    }

    private computeActiveRules(request: NRequest): boolean[] {
        const runs = ruleSelector(request, this.options.phase);
        return this.pack.rules.map(({ spec: { meta: rule } }, i) => this.enabled[i] && runs(rule));
    }

    private evaluateClaim(ctx: EvalContext, active: boolean[], emit: Emit): void {
        const claim = ctx.claim;
        const programs = this.pack.rules;
        const memo = this.appliesMemo;
        const touched = this.appliesTouched;
        const encounter = claim.encounter as unknown as Record<string, unknown>;
        const ruleApplies = (r: number): boolean => {
            const known = memo[r];
            if (known !== 0) return known === 1;
            const ok = active[r] && applies(programs[r], encounter);
            memo[r] = ok ? 1 : -1;
            touched.push(r);
            return ok;
        };
        try {
            // 1. 按编码分派：收集每个 (规则, 行) 命中的明细（按序号）
            const buckets = new Map<number, Bucket>();
            for (const index of this.dispatchSources) {
                const lines = claim[index.source];
                const { exact, prefixList, ranges, all } = index;
                for (let n = 0; n < lines.length; n++) {
                    const line = lines[n];
                    const code = line.hilist_code;
                    if (code !== null) {
                        const hits = exact.get(code);
                        if (hits !== undefined) for (let h = 0; h < hits.length; h++) addToBucket(buckets, hits[h], line, ruleApplies);
                        for (let p = 0; p < prefixList.length; p++) {
                            const { length, byPrefix } = prefixList[p];
                            if (code.length < length) continue;
                            const byCode = byPrefix.get(code.slice(0, length));
                            if (byCode !== undefined) for (let h = 0; h < byCode.length; h++) addToBucket(buckets, byCode[h], line, ruleApplies);
                        }
                        for (let h = 0; h < ranges.length; h++) if (ranges[h].matcher.has(code)) addToBucket(buckets, ranges[h], line, ruleApplies);
                    }
                    for (let h = 0; h < all.length; h++) addToBucket(buckets, all[h], line, ruleApplies);
                }
            }
            if (buckets.size > 0) {
                const ordered = [...buckets.values()];
                if (ordered.length > 1) ordered.sort((a, b) => a.rule - b.rule || a.instance - b.instance);
                for (const bucket of ordered) this.runScope(ctx, bucket.rule, bucket.instance, bucket.lines, emit);
            }

            // 2. 整次就诊级的规则（诊断、手术、历史就诊、无作用域……）
            for (const r of this.claimLevel) {
                if (!ruleApplies(r)) continue;
                const program = programs[r];
                for (let i = 0; i < program.spec.instances.length; i++) this.runScope(ctx, r, i, undefined, emit);
            }
        } finally {
            for (const r of touched) memo[r] = 0;
            touched.length = 0;
        }
    }

    /** 覆盖率收集（zhishen test --coverage）时给规则 r 的步骤记录器；不收集时为空。 */
    private tracerFor(r: number): Tracer | null {
        const coverage = this.options.coverage;
        return coverage ? { let: step => coverage.step(r, step, true), when: (step, result) => coverage.step(r, step, result) } : null;
    }

    private runScope(ctx: EvalContext, r: number, i: number, dispatched: NLine[] | undefined, emit: Emit): void {
        const program = this.pack.rules[r];
        const inst = program.spec.instances[i];
        const P = this.params[r];
        const tracer = this.tracerFor(r);
        const env = program.prepare(ctx, inst, P, tracer);
        if (env === null) return;
        const scope = program.spec.scope;
        if (scope.kind === 'none') {
            const hit = program.check(ctx, inst, P, env, null, tracer);
            if (hit) this.report(ctx, r, i, null, hit, emit);
            return;
        }
        let elements: unknown[] = dispatched ?? (program.elements ? program.elements(ctx, inst, P, env) : sourceElements(ctx, scope.source));
        if (!dispatched) {
            const matcher = this.matchers[r][i];
            const field = scope.element ? recordSpec(scope.element).code : undefined;
            if (matcher && field) {
                elements = elements.filter(e => matcher.has((e as Record<string, unknown>)[field]));
            }
        }
        if (program.where) elements = elements.filter(e => program.where!(ctx, inst, P, env, e));
        if (scope.kind === 'group') {
            const groups: NGroup[] = scope.group === 'day' ? groupLines(elements as NLine[], l => l.fee_date)
                : scope.group === 'hour' ? groupLines(elements as NLine[], l => l.fee_hour)
                    : keyGroups(elements as NLine[], l => program.key!(ctx, inst, P, env, l), scope.keys);
            for (const group of groups) {
                const hit = program.check(ctx, inst, P, env, group, tracer);
                if (hit) this.report(ctx, r, i, group, hit, emit);
            }
            return;
        }
        for (const elem of elements) {
            const hit = program.check(ctx, inst, P, env, elem, tracer);
            if (hit) this.report(ctx, r, i, elem, hit, emit);
        }
    }

    /** 命中 → 一条结果（带来源位置、级别、知识点；要求解释时重算一次记下每步的值）。 */
    private report(ctx: EvalContext, r: number, i: number, elem: unknown, hit: Hit, emit: Emit): void {
        const spec = this.pack.rules[r].spec;
        const rule = spec.meta;
        const inst = spec.instances[i];
        const draft = buildFinding(ctx, spec, inst, hit, this.findingOptions);
        if (!draft) return;
        this.options.coverage?.fired(r);
        draft.result.zhishen = zhishenExtension(rule, inst);
        if (this.options.explain) draft.result.zhishen.explanation = this.explain(ctx, r, i, elem);
        emit(r, i, draft);
    }

    /** 记下规则 r 每一步看到的值的跟踪器（解释与“为什么没有触发”共用）。 */
    private recorder(r: number, steps: ExplanationStep[]): Tracer {
        const program = this.pack.rules[r];
        return {
            let: (step, value) => {
                const meta = program.spec.steps[step];
                steps.push({ kind: 'let', text: meta.text, ...position(meta.source), value: formatValue(value, meta.type ?? 'text') });
            },
            when: (step, result, values) => {
                const meta = program.spec.steps[step];
                steps.push({
                    kind: 'when', text: meta.text, ...position(meta.source), result: result as boolean | null,
                    values: (meta.observed ?? []).map((o, k) => ({ expr: o.text, value: formatValue(values[k], o.type) }))
                });
            }
        };
    }

    /** 规则 r 的参数（被部署配置覆盖的显示覆盖后的值，其余显示源码原文）。 */
    private shownParams(r: number): Array<{ name: string; value: string }> {
        const P = this.params[r];
        return this.pack.rules[r].spec.meta.params.map(p => ({
            name: p.name,
            // 代码集 / 集合参数按元素显示（formatValue 认 set: 前缀）
            value: this.overridden[r].has(p.name) ? withUnit(formatValue(P[p.name], p.type === 'codes' || p.type === 'set' ? 'set:text' : p.type), p.display) : p.display
        }));
    }

    /** 重新求值一次并记录每一步看到的值（规则是纯函数，重算结果相同）。 */
    private explain(ctx: EvalContext, r: number, i: number, elem: unknown): Explanation {
        const program = this.pack.rules[r];
        const rule = program.spec.meta;
        const inst = program.spec.instances[i];
        const P = this.params[r];
        const steps: ExplanationStep[] = [];
        const tracer = this.recorder(r, steps);
        const env = program.prepare(ctx, inst, P, tracer);
        if (env) program.check(ctx, inst, P, env, elem, tracer);
        return {
            summary: summarize(rule, elem, program.spec),
            ...(program.spec.scope.text ? { scope: program.spec.scope.text } : {}),
            ...(inst.kp ? { instance: inst.kp } : {}),
            params: this.shownParams(r),
            steps
        };
    }

    /**
     * “为什么没有触发”（why-not.ts）：对规则 query.rule 与理赔中的对象，沿审核的同一条路径（启用与环节 → 适用范围 →
     * 作用域前的 当 → 代码集 → 其中 → 作用域内的 当 → 结果组装）逐步求值，列出每次尝试停在哪一步、看到什么值。
     * 求值函数与审核相同；是否触发以 evaluate 的实际结果为准。
     */
    whyNot(input: unknown, query: WhyNotQuery): WhyNotResult {
        const r = this.pack.rules.findIndex(p => p.spec.meta.id === query.rule);
        if (r < 0) {
            const ids = this.pack.rules.map(p => p.spec.meta.id);
            const near = ids.filter(id => id.includes(query.rule) || query.rule.includes(id)).slice(0, 5);
            return { ok: false, message: `规则包里没有规则「${query.rule}」${near.length > 0 ? `，是不是 ${near.join('、')}？` : `（共 ${ids.length} 条规则${ids.length > 0 ? `，如 ${ids.slice(0, 3).join('、')}` : ''}）`}` };
        }
        const program = this.pack.rules[r];
        const spec = program.spec;
        const rule = spec.meta;
        const output = this.evaluate(input);
        if (output.rejected) return { ok: false, message: `理赔无法审核：${output.errors.map(e => `${e.path} ${e.message}`).join('；') || '没有可审核的患者'}` };
        const request = this.normalize(input);
        const limit = query.limit ?? 20;
        const attempts: WhyNotAttempt[] = [];
        const counts: Partial<Record<WhyNotOutcome, number>> = {};
        let omitted = 0;
        const add = (attempt: WhyNotAttempt) => {
            counts[attempt.outcome] = (counts[attempt.outcome] ?? 0) + 1;
            if (attempts.length < limit) attempts.push(attempt);
            else omitted++;
        };
        const target = query.target;
        const instances = spec.instances.map((inst, i) => ({ inst, i }))
            .filter(({ inst }) => query.knowledgePoint === undefined || matchesKnowledgePoint(inst.kp, query.knowledgePoint));
        const blockers = this.blockersOf(r, request);
        if (query.knowledgePoint !== undefined && instances.length === 0) {
            blockers.push(spec.instances.some(inst => inst.kp)
                ? `规则的 ${spec.instances.length} 个知识点行中没有「${query.knowledgePoint}」（按 kp_id 或名称查找）`
                : `规则 ${rule.id} 不是知识点模板规则，没有知识点「${query.knowledgePoint}」`);
        }
        const P = this.params[r];
        const failure = (steps: ExplanationStep[]): { outcome: 'failed' | 'unknown'; reason: string; failedStep: number } => {
            const k = steps.length - 1;
            const step = steps[k];
            return { outcome: step.result === false ? 'failed' : 'unknown', reason: failedStepReason(step), failedStep: k };
        };
        /** 对一个对象求值作用域内的步骤（check），结局写成一次尝试 */
        const tryElement = (ctx: EvalContext, inst: Instance, env: Env, pre: ExplanationStep[], elem: unknown, patient: string | null) => {
            const steps = [...pre];
            const hit = program.check(ctx, inst, P, env, elem, this.recorder(r, steps));
            const base = { ...(inst.kp ? { knowledgePoint: inst.kp } : {}), element: elementLabel(elem, spec), patient, steps };
            if (!hit) {
                add({ ...base, ...failure(steps) });
                return;
            }
            const built = spec.scope.group === 'cohort' ? true : buildFinding(ctx, spec, inst, hit, this.findingOptions) !== null;
            add(built
                ? { ...base, outcome: 'fired', reason: `条件都成立：${summarize(rule, elem, spec)}` }
                : { ...base, outcome: 'no-finding', reason: '条件都成立，但违规对象不是本次计费的明细（既往医嘱、历史就诊与其他患者的明细只能是涉及项），不产出结果' });
        };
        const population = this.usesPopulation ? new Population() : undefined;
        if (population) for (const claim of request.claims) population.add(claim);
        if (blockers.length === 0 && spec.scope.kind === 'group' && spec.scope.group === 'cohort') {
            // 统计组规则：对整个筛查集合（这个请求）求值一次
            const ctx: EvalContext = { claim: null as unknown as NClaim, request, data: this.pack.data, population };
            const all = population!.population_encounters;
            const encounters = all.filter(e => applies(program, e as unknown as Record<string, unknown>));
            if (target) {
                for (const e of all) {
                    if (e.mdtrt_id === target && !encounters.includes(e)) {
                        add({ element: `就诊 ${target}`, patient: null, outcome: 'filtered', reason: `就诊 ${target} 不在规则的适用范围内（${this.appliesText(r, e as unknown as Record<string, unknown>)}），不进入统计组`, steps: [] });
                    }
                }
            }
            for (const { inst } of instances) {
                const pre: ExplanationStep[] = [];
                const env = program.prepare(ctx, inst, P, this.recorder(r, pre));
                if (env === null) {
                    add({ ...(inst.kp ? { knowledgePoint: inst.kp } : {}), element: '筛查集合', patient: null, ...failure(pre), outcome: 'pre-failed', steps: pre });
                    continue;
                }
                let elements: NEncounter[] = encounters;
                if (program.where) {
                    const kept = elements.filter(e => program.where!(ctx, inst, P, env, e));
                    if (target) for (const e of elements) if (e.mdtrt_id === target && !kept.includes(e)) add(filteredAttempt(inst, `就诊 ${target}`, null, spec, pre));
                    elements = kept;
                }
                const cohorts = groupEncounters(elements, e => program.key ? program.key(ctx, inst, P, env, e) : null, { tuple: (spec.scope.keys?.length ?? 0) > 1 });
                ctx.cohorts = cohorts;
                for (const cohort of cohorts) {
                    if (target && !matchesTarget(cohort, target)) continue;
                    tryElement(ctx, inst, env, pre, cohort, null);
                }
            }
        } else if (blockers.length === 0) {
            const holding = target ? request.claims.filter(c => claimHolds(c, target)) : [];
            const claims = holding.length > 0 ? holding : request.claims;
            for (const claim of claims) {
                const patient = claim.patient.patn_id;
                const encounter = claim.encounter as unknown as Record<string, unknown>;
                if (!applies(program, encounter)) {
                    add({ element: '本次就诊', patient, outcome: 'pre-failed', reason: `适用范围不含本次就诊：${this.appliesText(r, encounter)}`, steps: [] });
                    continue;
                }
                const ctx: EvalContext = population ? { claim, request, data: this.pack.data, population } : { claim, request, data: this.pack.data };
                const scope = spec.scope;
                /** 编码不在任何知识点行的代码集里的目标对象（最后各汇总成一次尝试） */
                const outside = new Map<unknown, number>();
                let accepted = new Set<unknown>();
                for (const { inst, i } of instances) {
                    const pre: ExplanationStep[] = [];
                    const env = program.prepare(ctx, inst, P, this.recorder(r, pre));
                    if (env === null) {
                        add({ ...(inst.kp ? { knowledgePoint: inst.kp } : {}), element: '本次就诊', patient, ...failure(pre), outcome: 'pre-failed', steps: pre });
                        continue;
                    }
                    if (scope.kind === 'none') {
                        tryElement(ctx, inst, env, pre, null, patient);
                        continue;
                    }
                    let elements: unknown[] = program.elements ? program.elements(ctx, inst, P, env) : sourceElements(ctx, scope.source);
                    const matcher = this.matchers[r][i];
                    const field = scope.element ? recordSpec(scope.element).code : undefined;
                    if (matcher && field) {
                        const kept: unknown[] = [];
                        for (const e of elements) {
                            if (matcher.has((e as Record<string, unknown>)[field])) {
                                kept.push(e);
                                accepted.add(e);
                            } else if (target && matchesTarget(e, target)) {
                                outside.set(e, (outside.get(e) ?? 0) + 1);
                            }
                        }
                        elements = kept;
                    }
                    if (program.where) {
                        const kept: unknown[] = [];
                        for (const e of elements) {
                            if (program.where(ctx, inst, P, env, e)) kept.push(e);
                            else if (!target || matchesTarget(e, target)) add(filteredAttempt(inst, elementLabel(e, { ...spec, scope: { ...scope, kind: 'each' } }), patient, spec, pre));
                        }
                        elements = kept;
                    }
                    if (scope.kind === 'group') {
                        const groups: NGroup[] = scope.group === 'day' ? groupLines(elements as NLine[], l => l.fee_date)
                            : scope.group === 'hour' ? groupLines(elements as NLine[], l => l.fee_hour)
                                : keyGroups(elements as NLine[], l => program.key!(ctx, inst, P, env, l), scope.keys);
                        for (const group of groups) if (!target || matchesTarget(group, target)) tryElement(ctx, inst, env, pre, group, patient);
                        continue;
                    }
                    for (const elem of elements) if (!target || matchesTarget(elem, target)) tryElement(ctx, inst, env, pre, elem, patient);
                }
                for (const [elem, n] of outside) {
                    if (accepted.has(elem)) continue;
                    const e = elem as Record<string, unknown>;
                    const code = String(e[recordSpec(scope.element!).code ?? 'hilist_code'] ?? '（空）');
                    const where = spec.instances.some(x => x.kp) ? ` ${n} 个知识点行中任何一个的代码集` : '规则 属于 的代码集';
                    add({ element: elementLabel(elem, { ...spec, scope: { ...scope, kind: 'each' } }), patient, outcome: 'not-in-codes', reason: `编码 ${code} 不属于${where}${scope.text ? `（${scope.text}）` : ''}`, steps: [] });
                }
                accepted = new Set();
            }
        }
        const mine = output.response.result.filter(f => f.rule_id === rule.id
            && (query.knowledgePoint === undefined || instances.some(({ inst }) => inst.kp && inst.kp.kp_id === f.zhishen?.kp_id))
            && (!target || findingTouches(f, target)));
        // 触发 = 对象是结果的违规对象（违规项、违规就诊、统计组的机构 / 医师）；只作为涉及项出现的另计
        const violating = target ? mine.filter(f => findingTouches(f, target, true)) : mine;
        const partial = {
            rule: { id: rule.id, name: rule.name, source: rule.source },
            fired: violating.length > 0,
            involvedIn: mine.length - violating.length,
            blockers,
            params: this.shownParams(r),
            ...(spec.scope.text ? { scope: spec.scope.text } : {}),
            attempts, omitted, counts,
            findings: mine
        };
        return { ok: true, report: { ...partial, verdict: verdictOf(partial, query) } };
    }

    /** 规则层面不运行的原因：部署配置停用、请求的 rule_ids、环节（trig_scen 或 --phase）、场景代码（与 ruleSelector 同一判断，逐项写明）。 */
    private blockersOf(r: number, request: NRequest): string[] {
        const rule = this.pack.rules[r].spec.meta;
        const blockers: string[] = [];
        if (!this.enabled[r]) blockers.push('部署配置停用了这条规则（zhishen.json 的 enabled / disabled）');
        if (request.rule_ids && request.rule_ids.length > 0 && !request.rule_ids.includes(rule.id)) blockers.push(`请求的 rule_ids 不含这条规则（只运行 ${request.rule_ids.slice(0, 5).join('、')}${request.rule_ids.length > 5 ? ' 等' : ''}）`);
        const scene = request.trig_scen !== null ? Number(request.trig_scen) : NaN;
        const phase = Number.isInteger(scene) ? phaseOfScene(scene) : this.options.phase;
        if (phase && !rule.phases.includes(phase)) blockers.push(`${Number.isInteger(scene) ? `请求的 trig_scen = ${request.trig_scen}（${phase}）` : `环节选为 ${phase}`}，规则只在 ${rule.phases.join('、')} 运行`);
        if (Number.isInteger(scene) && rule.scenes.length > 0 && !rule.scenes.includes(scene)) blockers.push(`请求的 trig_scen = ${request.trig_scen}，规则只在场景 ${rule.scenes.join('、')} 运行`);
        if (blockers.length === 0 && !ruleSelector(request, this.options.phase)(rule)) blockers.push('请求不运行这条规则');
        return blockers;
    }

    /** 适用范围不成立的维度：取值与允许的值。 */
    private appliesText(r: number, encounter: Record<string, unknown>): string {
        const program = this.pack.rules[r];
        const dimensions = Object.entries(program.spec.meta.applies);
        return program.spec.applies.flatMap((test, k) => {
            const value = encounter[test.field];
            if (typeof value === 'string' && test.values.includes(value)) return [];
            const [dimension, shown] = dimensions[k] ?? [test.field, test.values];
            return [`${dimension}为${typeof value === 'string' ? `「${value}」` : '空'}，规则只适用于 ${shown.join('、')}`];
        }).join('；') || '不适用';
    }
}

/** 作用域 其中 没有选中对象（where 的值不单独跟踪：写明是哪一句作用域子句）。 */
function filteredAttempt(inst: Instance, element: string, patient: string | null, spec: RuleProgram['spec'], pre: ExplanationStep[]): WhyNotAttempt {
    return {
        ...(inst.kp ? { knowledgePoint: inst.kp } : {}), element, patient, outcome: 'filtered',
        reason: `作用域的 其中 条件没有选中它${spec.scope.text ? `：${spec.scope.text}` : ''}`, steps: [...pre]
    };
}

/** 理赔里有这个对象（本次或历史的明细、就诊、诊断、手术）。 */
function claimHolds(claim: NClaim, target: string): boolean {
    return claim.encounter.mdtrt_id === target || claim.history.some(e => e.mdtrt_id === target)
        || claim.all_lines.some(l => l.rx_id === target) || claim.lines.some(l => l.rx_id === target)
        || claim.diagnoses.some(d => d.dise_codg === target) || claim.operations.some(o => o.oprn_code === target);
}

/** 结果涉及这个对象（违规项或涉及项的明细号、就诊号，统计组的机构 / 医师）；asViolation 时只算违规对象。 */
function findingTouches(result: JudgeResult, target: string, asViolation = false): boolean {
    if (result.mdtrt_id === target) return true;
    if (result.judge_result_detail_dtos.some(d => (d.rx_id === target || (!d.rx_id && d.mdtrt_id === target)) && (!asViolation || d.vola_item_type === '1'))) return true;
    const r = result as unknown as Record<string, unknown>;
    return r.medins_id === target || r.dr_codg === target;
}

export type WhyNotResult = { ok: true; report: WhyNotReport & { findings: JudgeResult[] } } | { ok: false; message: string };

/** 部署配置覆盖的数量参数按类型显示时没有单位（“6”）：补上源码默认值的单位（“6次”），阈值总带单位。 */
function withUnit(value: string, display: string): string {
    const unit = /[^\d.\s-]+$/u.exec(display.split('（')[0].trim())?.[0];
    return unit && /[\d.]$/.test(value) ? value + unit : value;
}

/** 错误所属患者在请求中的位置（请求层面的错误排在最前）。 */
function patientOf(error: ClaimError): number {
    const match = /^patient_dtos\[(\d+)\]/.exec(error.path);
    return match ? Number(match[1]) : -1;
}

function position(source: { line: number; column: number; endLine: number; endColumn: number }) {
    return { line: source.line, column: source.column, endLine: source.endLine, endColumn: source.endColumn };
}

function summarize(rule: ManifestRule, elem: unknown, spec: RuleProgram['spec']): string {
    // 以编码结尾的对象（诊断、手术、就诊）与「成立」之间空一格
    const spaced = elem !== null && typeof elem === 'object' && spec.scope.kind === 'each' && (spec.scope.element === 'diagnosis' || spec.scope.element === 'operation' || spec.scope.element === 'encounter');
    return `规则 ${rule.id} 对${elementLabel(elem, spec)}${spaced ? ' ' : ''}成立`;
}

/** 作用域对象的中文名：明细 L3（名称）、诊断 I10、计费日期「2024-03-01」、统计组「…」、本次就诊。 */
function elementLabel(elem: unknown, spec: RuleProgram['spec']): string {
    const scope = spec.scope;
    if (elem && typeof elem === 'object' && scope.kind !== 'none') {
        const e = elem as Record<string, unknown>;
        if (scope.kind === 'group') {
            const group = scope.group;
            const key = group === 'day' ? formatValue(e.key, 'date') : group === 'hour' ? formatValue(e.key, 'datetime')
                : group !== 'cohort' && scope.keys?.length === 1 ? formatValue(e.key, scope.keys[0]) : String(e.key);
            return `${group === 'day' ? '计费日期' : group === 'hour' ? '计费时段' : group === 'cohort' ? '统计组' : '分组'}「${key}」`;
        }
        switch (scope.element) {
            case 'line': return `明细 ${String(e.rx_id)}（${String(e.hilist_name ?? e.hilist_code ?? '')}）`;
            case 'diagnosis': return `诊断 ${String(e.dise_codg)}`;
            case 'operation': return `手术 ${String(e.oprn_code)}${e.oprn_name ? `（${String(e.oprn_name)}）` : ''}`;
            case 'encounter': return `就诊 ${String(e.mdtrt_id)}`;
            case 'prescription': return `分组「${String(e.key)}」`;
        }
    }
    return '本次就诊';
}

function pickDeclared(values: Record<string, unknown>, rule: ManifestRule): Record<string, unknown> {
    const result: Record<string, unknown> = Object.create(null);
    for (const p of rule.params) if (Object.prototype.hasOwnProperty.call(values, p.name)) result[p.name] = values[p.name];
    return result;
}

/** 适用范围：本次就诊在每个维度上的取值都在允许的值中（取值缺失 = 不适用）。 */
function applies(program: RuleProgram, encounter: Record<string, unknown>): boolean {
    for (const test of program.spec.applies) {
        const value = encounter[test.field];
        if (typeof value !== 'string' || !test.values.includes(value)) return false;
    }
    return true;
}

function push(map: Map<string, DispatchEntry[]>, key: string, entry: DispatchEntry): void {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
}

type Emit = (rule: number, instance: number, draft: FindingDraft) => void;

type Emitted = EmittedDraft;

interface Bucket {
    rule: number;
    instance: number;
    lines: NLine[];
}

function addToBucket(buckets: Map<number, Bucket>, entry: DispatchEntry, line: NLine, applies: (r: number) => boolean): void {
    if (!applies(entry.rule)) return;
    const key = entry.rule * 1_000_000 + entry.instance;
    const bucket = buckets.get(key);
    if (bucket) {
        if (bucket.lines[bucket.lines.length - 1] !== line) bucket.lines.push(line);
    } else {
        buckets.set(key, { rule: entry.rule, instance: entry.instance, lines: [line] });
    }
}

/**
 * 按自定义键分组（E2）：按值分组（groupLines，多个键为 tuple）；多个键时分组的 键 是各键按显示类型写出、以「、」连接的文本（提示里的 {g.键}），
 * 不把内部值（日期的日序号、数组）写进提示。
 */
function keyGroups(lines: NLine[], key: (line: NLine) => unknown, types: string[] | undefined): NGroup[] {
    const tuple = types !== undefined && types.length > 1;
    const groups = groupLines(lines, key, { tuple });
    if (tuple) {
        for (const g of groups) {
            if (Array.isArray(g.key)) g.key = g.key.map((v, i) => formatValue(v, types[i] ?? 'text')).join('、');
        }
    }
    return groups;
}

function sourceElements(ctx: EvalContext, source: SourceName | 'expr' | undefined): unknown[] {
    if (source === undefined || source === 'expr') return [];
    if (source === 'population_encounters' || source === 'population_lines') return ctx.population ? ctx.population[source] : [];
    const value = ctx.claim[source];
    return Array.isArray(value) ? value : [value];
}

/** 规则的参数值：manifest 的默认值，再用部署配置（'*' 与本规则）覆盖；overridden 为被覆盖的参数名。 */
export function ruleParams(rule: ManifestRule, config: DeploymentConfig): { values: ParamValues; overridden: Set<string> } {
    // 没有原型的对象：参数名可以是 __proto__、constructor 之类（用户写的名称不能碰到 Object.prototype）
    const values: ParamValues = Object.create(null);
    for (const p of rule.params) values[p.name] = decodeValue(p.value);
    const shared = config.parameters['*'] ? pickDeclared(config.parameters['*'], rule) : {};
    const own = config.parameters[rule.id] ?? {};
    Object.assign(values, shared, own);
    return { values, overridden: new Set([...Object.keys(shared), ...Object.keys(own)]) };
}

/** E1：一个请求运行哪些规则（rule_ids、环节：trig_scen 或 phase、写明的场景代码）；启用 / 停用另由部署配置决定。 */
export function ruleSelector(request: Pick<NRequest, 'rule_ids' | 'trig_scen'>, phase?: Phase): (rule: ManifestRule) => boolean {
    const ids = request.rule_ids && request.rule_ids.length > 0 ? new Set(request.rule_ids) : undefined;
    const scene = request.trig_scen !== null ? Number(request.trig_scen) : NaN;
    const active = Number.isInteger(scene) ? phaseOfScene(scene) : phase;
    return rule => {
        if (ids && !ids.has(rule.id)) return false;
        if (active && !rule.phases.includes(active)) return false;
        if (Number.isInteger(scene) && rule.scenes.length > 0 && !rule.scenes.includes(scene)) return false;
        return true;
    };
}

/** 部署配置启用的规则。 */
export function ruleEnabled(config: DeploymentConfig): (rule: ManifestRule) => boolean {
    const enabledSet = config.enabled ? new Set(config.enabled) : undefined;
    const disabledSet = new Set(config.disabled);
    return rule => (!enabledSet || enabledSet.has(rule.id)) && !disabledSet.has(rule.id);
}

export function createEngine(pack: RulePack, options?: EngineOptions): AuditEngine {
    return new AuditEngine(pack, options);
}

export type { Env, Level };
