/**
 * 契约 · 规则包的形状：编译器的每个后端产出它，引擎只认它。
 *
 *   RulePack = { manifest, data, rules: RuleProgram[] }
 *   RuleProgram = { spec: RuleSpec（数据：元数据、适用范围、作用域、实例、步骤、结果的种类）} + 求值函数（prepare / where / key / check …）
 *
 * 一条规则的全部描述都在它的 RuleSpec 里；manifest.rules 就是各规则的 spec.meta（manifestOf）。生成的 ES 模块把 spec 存成
 * JSON 数据、函数生成代码；参照解释器直接从 IR 给出同样的 spec 与函数——引擎不区分两者（ARCHITECTURE.md 不变式 4）。
 * 值在数据中的编码见 encoding.ts，记录与来源见 records.ts，运算见 ops.ts，结果组装等语义见 semantics.ts。
 */
import type { RuntimeDictionaries } from '../claim/normalize.js';
import type { EvalContext } from '../engine/context.js';
import type { InvolvedKind, RecordKind, SourceName, TargetKind } from './records.js';

export const PACK_FORMAT = 'zhishen-pack/2';

export type Level = '明确违规' | '高度可疑' | '轻度可疑' | '提醒';
export type Phase = '事前' | '事中' | '事后';

export const LEVELS: readonly Level[] = ['明确违规', '高度可疑', '轻度可疑', '提醒'];
export const PHASES: readonly Phase[] = ['事前', '事中', '事后'];

/** 默认的级别 → sev_deg 代码（部署配置可改）。 */
export const DEFAULT_LEVEL_CODES: Readonly<Record<Level, string>> = { 明确违规: '1', 高度可疑: '2', 轻度可疑: '3', 提醒: '4' };

/** trig_scen 场景代码所属的环节：1–5 事前、6–10 事中。 */
export function phaseOfScene(scene: number): Phase | undefined {
    return scene >= 1 && scene <= 5 ? '事前' : scene >= 6 && scene <= 10 ? '事中' : undefined;
}

export interface SourceLocation {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export interface ManifestParam {
    name: string;
    /** 值的种类：money / duration / age / quantity / number / text / date / boolean / enum / set / codes */
    type: string;
    /** 编码后的值（encoding.ts） */
    value: unknown;
    /** 显示用，如 "18岁" */
    display: string;
    description?: string;
}

/** 一条规则的元数据（manifest.rules 的一项）。 */
export interface ManifestRule {
    id: string;
    name: string;
    category: string | null;
    level: Level;
    phases: Phase[];
    /** 写明的 trig_scen 场景代码（空表示按环节默认：事前 1–5、事中 6–10） */
    scenes: number[];
    /** 适用范围：维度（就医类别 / 机构等级 / 险种类别 / 机构类别）→ 取值（显示用；求值用 RuleSpec.applies） */
    applies: Record<string, string[]>;
    basis: string;
    notes: string[];
    source: SourceLocation;
    params: ManifestParam[];
    template?: string;
    table?: string;
    /** 知识点行：生效数 / 未生效数（及原因汇总） */
    instances: number;
    inactive: number;
    inactiveReasons?: Record<string, number>;
    /** 同一知识点在一次就诊只出一条结果（构建时部署配置「按知识点合并」；semantics.ts F7） */
    mergeByKnowledgePoint?: true;
    /**
     * 跨理赔（事后）：claims = 逐张理赔求值、读筛查集合（全体就诊 / 全体明细）；set = 对整个筛查集合求值一次（统计组规则）。
     * 没有的规则只看本次请求。
     */
    population?: 'claims' | 'set';
}

export interface PackManifest {
    format: typeof PACK_FORMAT;
    /** 内容哈希：规则、参数、知识库数据都相同 → 相同 id */
    id: string;
    name: string;
    compiler: string;
    kb: { name: string; id: string } | null;
    rules: ManifestRule[];
    /** 编译时删去的规则（永远不会触发）及原因 */
    dropped: Array<{ rule: string; reason: string }>;
    /** 默认的级别 → sev_deg 代码（部署配置可改） */
    levelCodes: Record<Level, string>;
    /** 规则读到的明细可选字段（claim/plan.ts）：规范化只解析这些；没有时解析全部 */
    lineFields?: string[];
    /** 规则读到的整块来源（claim/plan.ts 的 OPTIONAL_SOURCES：history、diagnoses、operations）：规范化只建这些；没有时全部 */
    sources?: string[];
}

/** 规则包中的共享数据。 */
export interface PackData {
    dictionaries: RuntimeDictionaries;
    /** 诊断编码 → 名称（只在规则用到 诊断名称(…) 时打包） */
    diagnosisNames?: Record<string, string>;
    /** 字典 → 代码 → 名称（用于 字典名称(…) 与显示） */
    dictionaryLabels?: Record<string, Record<string, string>>;
}

export interface KnowledgePointRef {
    kp_id: string;
    item_name: string;
    constraint: string;
}

export interface Instance {
    /** 行值（知识点字段与按行预先算好的 令，encoding.ts 的编码）；非模板规则为 null */
    row: Record<string, unknown> | null;
    kp?: KnowledgePointRef;
    /** 作用域的 属于 代码集（用于分派）；没有则为 null */
    codes: { codes?: string[]; prefixes?: string[]; ranges?: Array<[string, string]> } | null;
}

/** 适用范围的一个维度：本次就诊的属性取值在 values 中（属性由内置库里该维度枚举所在的字段决定）。 */
export interface AppliesTest {
    field: string;
    values: string[];
}

export interface ScopeSpec {
    kind: 'none' | 'each' | 'group';
    /** 元素来源：内置来源（records.ts SOURCES），或由规则的表达式给出（expr，见 RuleProgram.elements） */
    source?: SourceName | 'expr';
    /** 元素的记录种类；属于 按它的编码属性匹配 */
    element?: RecordKind;
    /** 按自定义键分组时各键的显示类型（format.ts）：分组键的显示（提示中的 {g.键}、解释）按它，不显示内部值 */
    keys?: string[];
    /** 分组方式：按计费日期、按小时、按自定义键；cohort：筛查集合中的就诊按键分成统计组 */
    group?: 'day' | 'hour' | 'key' | 'cohort';
    /**
     * 统计组的键各读就诊的哪个属性（medins_id / dr_codg / adm_dept_codg / patn_id …；不是直接读属性的键为 null）：
     * 结果据此写 medins_id、dr_codg 等（机构级、医师级、科室级、患者级）。
     */
    keyProps?: Array<string | null>;
    /** 作用域子句的源码（对每条 … 属于 … 其中 …）：解释里写明是哪个范围、哪个 其中 选中了这个元素 */
    text?: string;
    /** 是否按编码分派（属于 的代码集可在编译时确定、来源是明细） */
    dispatch: boolean;
}

export interface StepMeta {
    kind: 'let' | 'when';
    text: string;
    source: SourceLocation;
    /** let：值的显示类型；when：被观察的子表达式 */
    type?: string;
    observed?: Array<{ text: string; type: string }>;
    /** 在作用域之前（整次就诊）还是之内 */
    phase: 'pre' | 'scope';
}

/** 结果的种类：违规对象是什么、每个涉及表达式给出什么（结果组装据此处理，不看对象的形状）。 */
export interface OutcomeSpec {
    violation: TargetKind;
    involved: InvolvedKind[];
    /** 指标子句：统计量的名称（源码文本）与两个值的显示类型（Hit.statistic） */
    statistic?: { name: string; display: string; peerName?: string };
}

/** 一条规则的数据部分。 */
export interface RuleSpec {
    meta: ManifestRule;
    applies: AppliesTest[];
    scope: ScopeSpec;
    instances: Instance[];
    steps: StepMeta[];
    outcome: OutcomeSpec;
}

export interface Tracer {
    let(step: number, value: unknown): void;
    when(step: number, result: unknown, values: unknown[]): void;
}

export interface Hit {
    /** 违规对象（种类见 RuleSpec.outcome.violation） */
    violation: unknown;
    /** 违规金额（micro）；undefined 表示按违规明细净金额合计 */
    amount?: number | null;
    /** 涉及对象（种类见 RuleSpec.outcome.involved，一一对应） */
    involved: unknown[];
    message?: string | null;
    evidence?: Array<string | null>;
    /** 指标子句的值：统计量与对比的同级值（显示类型见 OutcomeSpec.statistic） */
    statistic?: { value: unknown; peer: unknown };
}

export type Env = Record<string, unknown>;
export type ParamValues = Record<string, unknown>;

/** 一条规则的求值函数。 */
export interface RuleCode {
    /** 作用域之前的步骤；返回 null 表示条件不成立 */
    prepare(ctx: EvalContext, inst: Instance, P: ParamValues, tr: Tracer | null): Env | null;
    /** 来源为 expr 时的元素 */
    elements?(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env): unknown[];
    where?(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env, elem: unknown): boolean;
    key?(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env, elem: unknown): unknown;
    check(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env, elem: unknown, tr: Tracer | null): Hit | null;
}

export interface RuleProgram extends RuleCode {
    spec: RuleSpec;
}

export interface RulePack {
    manifest: PackManifest;
    data: PackData;
    rules: RuleProgram[];
}

/** 规则包的头（manifest 中规则以外的部分）。 */
export type PackHeader = Omit<PackManifest, 'rules'>;

/** manifest = 头 + 各规则的 spec.meta。 */
export function manifestOf(header: PackHeader, specs: readonly RuleSpec[]): PackManifest {
    const { format, id, name, compiler, kb, dropped, levelCodes, lineFields, sources } = header;
    return { format, id, name, compiler, kb, rules: specs.map(s => s.meta), dropped, levelCodes, ...(lineFields ? { lineFields } : {}), ...(sources ? { sources } : {}) };
}
