/**
 * 规则包的形状：manifest（元数据）+ 数据（字典、知识点行、代码集）+ 每条规则一个 RuleProgram。
 * 编译器生成的 ES 模块默认导出一个 RulePack；参照解释器也产出同样的 RuleProgram —— 引擎不区分两者。
 */
import type { RuntimeDictionaries } from '../claim/normalize.js';
import type { EvalContext } from './context.js';

export type Level = '明确违规' | '高度可疑' | '轻度可疑' | '提醒';
export type Phase = '事前' | '事中' | '事后';

export interface SourceLocation {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export interface ManifestParam {
    name: string;
    /** 值的种类：money / duration / age / quantity / number / text / date / boolean / enum / set */
    type: string;
    /** 编码后的值（与运行时表示相同） */
    value: unknown;
    /** 显示用，如 "18岁" */
    display: string;
    description?: string;
}

export interface ManifestRule {
    id: string;
    name: string;
    category: string | null;
    level: Level;
    phases: Phase[];
    /** 写明的 trig_scen 场景代码（空表示按环节默认：事前 1–5、事中 6–10） */
    scenes: number[];
    /** 适用范围：维度（就医类别 / 机构等级 / 险种类别 / 机构类别）→ 取值 */
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
}

export interface PackManifest {
    format: 'zhishen-pack/1';
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
    /** 行值（知识点字段与按行预先算好的 令）；非模板规则为 null */
    row: Record<string, unknown> | null;
    kp?: KnowledgePointRef;
    /** 作用域的 属于 代码集（用于分派）；没有则为 null */
    codes: { codes?: string[]; prefixes?: string[]; ranges?: Array<[string, string]> } | null;
}

export type ScopeSource = 'lines' | 'history_lines' | 'all_lines' | 'diagnoses' | 'operations' | 'history' | 'prescriptions' | 'expr';

export interface ScopeSpec {
    kind: 'none' | 'each' | 'group';
    source?: ScopeSource;
    /** 元素上用于 属于 匹配的字段（明细 hilist_code、诊断 dise_codg、手术 oprn_code） */
    codeField?: string;
    /** 分组方式：按计费日期、按小时、按自定义键 */
    group?: 'day' | 'hour' | 'key';
    /** 是否按编码分派（属于 的代码集可在编译时确定、来源是明细） */
    dispatch: boolean;
}

export interface StepMeta {
    kind: 'let' | 'when';
    text: string;
    source: SourceLocation;
    /** let：值的种类；when：被观察的子表达式 */
    type?: string;
    observed?: Array<{ text: string; type: string }>;
    /** 在作用域之前（整次就诊）还是之内 */
    phase: 'pre' | 'scope';
}

export interface Tracer {
    let(step: number, value: unknown): void;
    when(step: number, result: unknown, values: unknown[]): void;
}

export interface Hit {
    /** 违规对象：明细、明细列表、就诊、诊断、手术 */
    violation: unknown;
    /** 违规金额（micro）；undefined 表示按违规明细净金额合计 */
    amount?: number | null;
    involved: unknown[];
    message?: string | null;
    evidence?: Array<string | null>;
}

export type Env = Record<string, unknown>;
export type ParamValues = Record<string, unknown>;

export interface RuleProgram {
    scope: ScopeSpec;
    instances: Instance[];
    steps: StepMeta[];
    /** 适用范围（就医类别等）：不满足时整条规则跳过 */
    applies?(ctx: EvalContext): boolean;
    /** 作用域之前的步骤；返回 null 表示条件不成立 */
    prepare(ctx: EvalContext, inst: Instance, P: ParamValues, tr: Tracer | null): Env | null;
    /** 非分派作用域的元素 */
    elements?(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env): unknown[];
    where?(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env, elem: unknown): boolean;
    key?(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env, elem: unknown): unknown;
    check(ctx: EvalContext, inst: Instance, P: ParamValues, env: Env, elem: unknown, tr: Tracer | null): Hit | null;
}

export interface RulePack {
    manifest: PackManifest;
    data: PackData;
    programs: RuleProgram[];
}
