/**
 * 主线程 ↔ 编译运行 worker 的消息。全部是可结构化克隆的纯数据。
 */
import type { KbFile, KbSummary, SearchHit } from '@zhishen/language';
import type { CompileDiagnostic, CoverageReport } from '@zhishen/compiler';
import type { ClaimError, JudgeResult, ManifestRule, ScreeningFinding, ScreeningSummary } from '@zhishen/runtime';
import type { JsonProblem } from './json-text.js';

export interface FileDoc {
    /** 工作区内路径，如 stdlib-rules/rules/政策类-药品.zs、examples/claims/同日重复收费.json、未命名.zs */
    path: string;
    text: string;
}

/** 规则编号 → 参数名 → 覆盖值（写法同部署配置，如 "14岁"、"30天"、"100元"） */
export type ParamOverrides = Record<string, Record<string, string>>;

export type KbSource = { url: string } | { files: KbFile[]; name: string };

export type EngineRequest =
    | { kind: 'loadKb'; source: KbSource }
    | { kind: 'searchKb'; query: string; limit?: number }
    | { kind: 'validateClaim'; claim: FileDoc }
    | { kind: 'run'; sources: FileDoc[]; claim: FileDoc | null; claimFiles: FileDoc[]; params: ParamOverrides; phase: PhaseChoice; tests: boolean }
    | ({ kind: 'whyNot' } & WhyNotRequest)
    | { kind: 'screenBatch'; sources: FileDoc[]; batch: FileDoc; params: ParamOverrides };

/** 为什么没有触发：规则（可选对象、知识点）× 理赔文档的第 request 份请求；规则包与参数、环节同“运行” */
export interface WhyNotRequest {
    sources: FileDoc[];
    claim: FileDoc;
    request: number;
    params: ParamOverrides;
    phase: PhaseChoice;
    rule: string;
    target?: string;
    knowledgePoint?: string;
}

/** 运行哪个环节的规则：按请求的 trig_scen（默认）、指定环节、或全部规则 */
export type PhaseChoice = 'auto' | '事前' | '事中' | '事后' | 'all';

export interface KbInfo {
    summary: KbSummary;
    /** 加载耗时（毫秒） */
    ms: number;
}

export interface KbSearchResult {
    query: string;
    hits: Array<Pick<SearchHit, 'match' | 'rank'> & { code: string; name: string; kind: string; spec?: string; restriction?: string; source: string }>;
    total: number;
}

/** 理赔文档中的一个问题（语法、schema、运行时拒绝），带在文档中的位置。 */
export interface ClaimProblem extends JsonProblem {
    severity: 'error' | 'warning';
    /** 第几份请求（NDJSON 的行） */
    request: number;
    /** 请求所在行（1 起） */
    line: number;
    code?: string;
    path?: string;
}

export interface ClaimValidation {
    path: string;
    format: 'json' | 'ndjson';
    requests: number;
    problems: ClaimProblem[];
}

export interface RequestOutcome {
    index: number;
    /** 请求在文档中的起始行（1 起）与偏移 */
    line: number;
    offset: number;
    /** JSON 无法解析：没有运行 */
    parseFailed: boolean;
    rejected: boolean;
    errors: ClaimError[];
    results: JudgeResult[];
    task_id: string | null;
    /** 请求里的触发场景（决定运行哪个环节的规则；演练场选了环节时已去掉） */
    trig_scen: string | null;
    /** 整份 3101 输出（导出用） */
    response: unknown;
}

export interface RuleInfo {
    id: string;
    name: string;
    level: string;
    category: string | null;
    phases: string[];
    source: ManifestRule['source'];
    params: ManifestRule['params'];
    instances: number;
    basis: string;
}

export interface TestExpectationView {
    text: string;
    line: number;
    passed: boolean;
    expected?: string;
    actual?: string;
}

export interface TestView {
    name: string;
    file: string;
    line: number;
    passed: boolean;
    error?: string;
    expectations: TestExpectationView[];
}

export interface RunResult {
    compile: {
        ok: boolean;
        diagnostics: CompileDiagnostic[];
        /** 参数覆盖的错误（对照 manifest） */
        configErrors: string[];
        ms: number;
        cached: boolean;
    };
    /** 规则（参数为默认值，参数面板用） */
    rules: RuleInfo[];
    dropped: Array<{ rule: string; reason: string }>;
    claim: (ClaimValidation & { outcomes: RequestOutcome[] }) | null;
    /** 规则测试；coverage：这些测试覆盖了哪些规则（触发过）与条件（求值过 / 成立过），编辑器行号旁标出 */
    tests: { passed: number; failed: number; results: TestView[]; coverage?: CoverageReport } | null;
    timings: { compileMs: number; runMs: number; testMs: number };
    kbName: string | null;
}

/** 批量筛查（NDJSON 一行一个请求，跨理赔、统计组规则与逐张理赔的规则一起运行）的结果 */
export interface BatchResult {
    ok: boolean;
    /** 没有运行的原因（超过大小上限、规则有错） */
    message?: string;
    /** 读到的非空行 */
    linesRead: number;
    /** 不是 JSON 的行 */
    parseErrors: number;
    summary: ScreeningSummary | null;
    /** 坏行（行号与原因，最多 200 个）；badTotal 为总数 */
    bad: Array<{ line: number; reason: string }>;
    badTotal: number;
    findings: ScreeningFinding[];
    byRule: Record<string, { name: string; count: number; amount: number }>;
    errors: ClaimError[];
    streaming: boolean;
    timings: { compileMs: number; loadMs: number; screenMs: number };
}

export type EngineResponse =
    | { id: number; ok: true; result: unknown }
    | { id: number; ok: false; error: string };
