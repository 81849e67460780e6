/**
 * 审核引擎：规范化一次 → 按编码分派 → 求值 → 组装 3101 结果（可附解释）。
 *
 * 分派（“不要让每条规则检查每一行”）：创建引擎时，为每个来源（本次明细 / 历史明细 / 全部明细）建立
 * 编码 → (规则, 知识点行) 的 Map，编码族按前缀长度各一个 Map；区间与无 属于 的规则进入“逐条检查”列表。
 * 每条明细只查一次 Map，只遇到提到它的规则。其余规则（诊断、手术、历史就诊、整次就诊）每个患者求值一次。
 */
import { normalizeRequest } from '../claim/normalize.js';
import { linePlan } from '../claim/plan.js';
import type { LinePlan } from '../claim/plan.js';
import type { ClaimError, NClaim, NGroup, NLine, NRequest } from '../claim/types.js';
import { groupLines } from '../claim/normalize.js';
import { CodeMatcher } from '../values/codes.js';
import { decodeValue } from '../contract/encoding.js';
import { LEVELS, phaseOfScene } from '../contract/pack.js';
import type { Env, Hit, Level, ManifestRule, ParamValues, Phase, RulePack, RuleProgram, Tracer } from '../contract/pack.js';
import { DISPATCH_SOURCES, isDispatchSource, recordSpec } from '../contract/records.js';
import type { DispatchSource, SourceName } from '../contract/records.js';
import type { DeploymentConfig } from './config.js';
import { EMPTY_CONFIG } from './config.js';
import type { EvalContext } from './context.js';
import { buildFinding, deduplicateAmounts, mergeFindings } from './findings.js';
import type { Explanation, ExplanationStep, FindingDraft, FindingOptions, JudgeResult } from './findings.js';
import { formatValue } from './format.js';

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
    private readonly enabled: boolean[];
    private readonly activeCache = new Map<string, boolean[]>();
    /** 组装结果用的选项：引擎创建后不变，只算一次（不在每条结果上合并级别代码） */
    private readonly findingOptions: FindingOptions;
    /** 规范化时解析哪些明细可选字段（规则包读到的） */
    private readonly linePlan: LinePlan;
    /** 每条规则是否按知识点合并结果（F7） */
    private readonly merge: boolean[];
    /** 金额去重的次序（F8）：规则编号 → [级别序号, 规则位置] */
    private readonly rankOf = new Map<string, readonly [number, number]>();
    private readonly amountRank = (d: FindingDraft): readonly [number, number] => this.rankOf.get(d.result.rule_id) ?? [LEVELS.length, 0];

    constructor(pack: RulePack, options: EngineOptions = {}) {
        this.pack = pack;
        this.options = options;
        this.config = options.config ?? EMPTY_CONFIG;
        this.linePlan = linePlan(pack.manifest.lineFields);
        const rules = pack.rules.map(r => r.spec.meta);
        const enabledSet = this.config.enabled ? new Set(this.config.enabled) : undefined;
        const disabledSet = new Set(this.config.disabled);
        this.enabled = rules.map(r => (!enabledSet || enabledSet.has(r.id)) && !disabledSet.has(r.id));
        const merged = new Set(this.config.mergeByKnowledgePoint ?? []);
        this.merge = rules.map(r => r.mergeByKnowledgePoint === true || merged.has('*') || merged.has(r.id));
        rules.forEach((r, i) => { if (!this.rankOf.has(r.id)) this.rankOf.set(r.id, [LEVELS.indexOf(r.level), i]); });
        this.findingOptions = {
            packId: pack.manifest.id,
            levelCodes: { ...pack.manifest.levelCodes, ...this.config.levelCodes },
            behaviorCodes: this.config.behaviorCodes
        };
        this.params = rules.map(rule => {
            // 没有原型的对象：参数名可以是 __proto__、constructor 之类（用户写的名称不能碰到 Object.prototype）
            const values: ParamValues = Object.create(null);
            for (const p of rule.params) values[p.name] = decodeValue(p.value);
            const shared = this.config.parameters['*'] ? pickDeclared(this.config.parameters['*'], rule) : {};
            const own = this.config.parameters[rule.id] ?? {};
            Object.assign(values, shared, own);
            this.overridden.push(new Set([...Object.keys(shared), ...Object.keys(own)]));
            return values;
        });
        this.matchers = pack.rules.map(program => program.spec.instances.map(inst => inst.codes ? new CodeMatcher(inst.codes) : null));
        for (const source of DISPATCH_SOURCES) this.dispatch.set(source, { source, exact: new Map(), prefixes: new Map(), prefixList: [], ranges: [], all: [] });
        pack.rules.forEach((program, r) => {
            const scope = program.spec.scope;
            if (scope.kind !== 'none' && scope.dispatch && isDispatchSource(scope.source)) {
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

    /** 审核一个 3101/3102 入参（input.data）。 */
    evaluate(input: unknown): EvaluationOutput {
        const request = normalizeRequest(input, this.pack.data.dictionaries, this.linePlan);
        const findingsByRule = new Map<string, number>();
        const drafts: Emitted[] = [];
        const active = this.activeRules(request);
        const failed: ClaimError[] = [];
        for (const claim of request.claims) {
            const ctx: EvalContext = { claim, request, data: this.pack.data };
            const mine: Emitted[] = [];
            try {
                this.evaluateClaim(ctx, active, (rule, instance, draft) => {
                    mine.push({ patient: claim.patientIndex, rule, instance, draft });
                });
            } catch (error) {
                // 求值出错（如金额超出可精确表示的范围）：这个患者报告一条错误，其他患者照常审核
                failed.push({
                    code: 'ZR0012', path: `patient_dtos[${claim.patientIndex}]`, patn_id: claim.patient.patn_id,
                    message: `审核该患者时出错：${(error as Error).message}`, hint: '检查数量、单价、金额是否异常（超过约 90 亿元无法精确计算）'
                });
                continue;
            }
            for (const d of mine) drafts.push(d);
        }
        // F6 稳定排序：其余相同的（诊断、手术、就诊这类没有明细序号的结果）保持求值顺序，即输入顺序；不按 jr_id（哈希，随规则包变）
        drafts.sort((a, b) => a.patient - b.patient || a.rule - b.rule || a.instance - b.instance || a.draft.order - b.draft.order);
        // 同一 jr_id 只保留一条（同一规则同一违规对象被多个知识点行选中时）
        const seen = new Set<string>();
        const kept: Emitted[] = [];
        for (const d of drafts) {
            if (seen.has(d.draft.result.jr_id)) continue;
            seen.add(d.draft.result.jr_id);
            kept.push(d);
        }
        const result: JudgeResult[] = [];
        for (let start = 0; start < kept.length;) {
            let end = start + 1;
            while (end < kept.length && kept[end].patient === kept[start].patient) end++;
            const patient = this.mergeFindings(kept.slice(start, end));
            deduplicateAmounts(patient.map(e => e.draft), this.amountRank);
            for (const e of patient) {
                result.push(e.draft.result);
                findingsByRule.set(e.draft.result.rule_id, (findingsByRule.get(e.draft.result.rule_id) ?? 0) + 1);
            }
            start = end;
        }
        const response: AuditResponse = { task_id: request.task_id, result };
        const errors = failed.length === 0 ? request.errors : [...request.errors, ...failed].sort((a, b) => patientOf(a) - patientOf(b));
        if (errors.length > 0) response.zhishen_errors = errors;
        let notes: string[] | undefined;
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
            findingsByRule: findingsByRule.size === 0 ? {} : Object.fromEntries(findingsByRule)
        };
    }

    /** F7：一个患者的结果（已按 F6 排序）中，按知识点合并的规则同一实例的结果合成一条。 */
    private mergeFindings(patient: Emitted[]): Emitted[] {
        if (!this.merge.some(Boolean)) return patient;
        const out: Emitted[] = [];
        for (let start = 0; start < patient.length;) {
            let end = start + 1;
            const first = patient[start];
            if (this.merge[first.rule]) while (end < patient.length && patient[end].rule === first.rule && patient[end].instance === first.instance) end++;
            out.push(end - start === 1 ? first : { ...first, draft: mergeFindings(patient.slice(start, end).map(e => e.draft), this.pack.manifest.id) });
            start = end;
        }
        return out;
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
        const ids = request.rule_ids && request.rule_ids.length > 0 ? new Set(request.rule_ids) : undefined;
        const scene = request.trig_scen !== null ? Number(request.trig_scen) : NaN;
        const phase = Number.isInteger(scene) ? phaseOfScene(scene) : this.options.phase;
        return this.pack.rules.map(({ spec: { meta: rule } }, i) => {
            if (!this.enabled[i]) return false;
            if (ids && !ids.has(rule.id)) return false;
            if (phase && !rule.phases.includes(phase)) return false;
            if (Number.isInteger(scene) && rule.scenes.length > 0 && !rule.scenes.includes(scene)) return false;
            return true;
        });
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

    private runScope(ctx: EvalContext, r: number, i: number, dispatched: NLine[] | undefined, emit: Emit): void {
        const program = this.pack.rules[r];
        const inst = program.spec.instances[i];
        const P = this.params[r];
        const coverage = this.options.coverage;
        const tracer: Tracer | null = coverage
            ? { let: step => coverage.step(r, step, true), when: (step, result) => coverage.step(r, step, result) }
            : null;
        const env = program.prepare(ctx, inst, P, tracer);
        if (env === null) return;
        const scope = program.spec.scope;
        if (scope.kind === 'none') {
            const hit = program.check(ctx, inst, P, env, null, tracer);
            if (hit) this.report(ctx, r, i, null, hit, emit);
            return;
        }
        let elements: unknown[] = dispatched ?? (program.elements ? program.elements(ctx, inst, P, env) : sourceElements(ctx.claim, scope.source));
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
        draft.result.zhishen = {
            source: { file: rule.source.file, line: rule.source.line, column: rule.source.column },
            level: rule.level,
            phases: rule.phases,
            category: rule.category,
            ...(inst.kp ? { kp_id: inst.kp.kp_id } : {})
        };
        if (this.options.explain) draft.result.zhishen.explanation = this.explain(ctx, r, i, elem);
        emit(r, i, draft);
    }

    /** 重新求值一次并记录每一步看到的值（规则是纯函数，重算结果相同）。 */
    private explain(ctx: EvalContext, r: number, i: number, elem: unknown): Explanation {
        const program = this.pack.rules[r];
        const rule = program.spec.meta;
        const inst = program.spec.instances[i];
        const P = this.params[r];
        const steps: ExplanationStep[] = [];
        const tracer: Tracer = {
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
        const env = program.prepare(ctx, inst, P, tracer);
        if (env) program.check(ctx, inst, P, env, elem, tracer);
        const params = rule.params.map(p => ({
            name: p.name,
            // 代码集 / 集合参数按元素显示（formatValue 认 set: 前缀）
            value: this.overridden[r].has(p.name) ? withUnit(formatValue(P[p.name], p.type === 'codes' || p.type === 'set' ? 'set:text' : p.type), p.display) : p.display
        }));
        return {
            summary: summarize(rule, elem, program.spec),
            ...(program.spec.scope.text ? { scope: program.spec.scope.text } : {}),
            ...(inst.kp ? { instance: inst.kp } : {}),
            params,
            steps
        };
    }
}

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
    const scope = spec.scope;
    if (elem && typeof elem === 'object' && scope.kind !== 'none') {
        const e = elem as Record<string, unknown>;
        if (scope.kind === 'group') {
            const group = scope.group;
            const key = group === 'day' ? formatValue(e.key, 'date') : group === 'hour' ? formatValue(e.key, 'datetime')
                : scope.keys?.length === 1 ? formatValue(e.key, scope.keys[0]) : String(e.key);
            return `规则 ${rule.id} 对${group === 'day' ? '计费日期' : group === 'hour' ? '计费时段' : '分组'}「${key}」成立`;
        }
        switch (scope.element) {
            case 'line': return `规则 ${rule.id} 对明细 ${String(e.rx_id)}（${String(e.hilist_name ?? e.hilist_code ?? '')}）成立`;
            case 'diagnosis': return `规则 ${rule.id} 对诊断 ${String(e.dise_codg)} 成立`;
            case 'operation': return `规则 ${rule.id} 对手术 ${String(e.oprn_code)}${e.oprn_name ? `（${String(e.oprn_name)}）` : ''} 成立`;
            case 'encounter': return `规则 ${rule.id} 对就诊 ${String(e.mdtrt_id)} 成立`;
            case 'prescription': return `规则 ${rule.id} 对分组「${String(e.key)}」成立`;
        }
    }
    return `规则 ${rule.id} 对本次就诊成立`;
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

interface Emitted {
    patient: number;
    rule: number;
    instance: number;
    draft: FindingDraft;
}

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

function sourceElements(claim: NClaim, source: SourceName | 'expr' | undefined): unknown[] {
    if (source === undefined || source === 'expr') return [];
    const value = claim[source];
    return Array.isArray(value) ? value : [value];
}

export function createEngine(pack: RulePack, options?: EngineOptions): AuditEngine {
    return new AuditEngine(pack, options);
}

export type { Env, Level };
