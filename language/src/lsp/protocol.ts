/**
 * 智审语言服务器在标准 LSP 之外的自定义消息（VS Code 扩展、演练场、其他编辑器共用）。
 * 只有类型与方法名，没有实现：客户端可以 `import type` 而不把服务器打进包里。
 *
 * 客户端 → 服务器（请求）：
 *   zhishen/builtinSource   内置库（zhishen-builtin:///内置库.zs）的只读文本，供“转到定义”打开
 *   zhishen/listTests       工作区（或一个文件）中的 测试 块及其位置（测试资源管理器、CodeLens）
 *   zhishen/runTests        运行测试（编译工作区 → 规则包 → 运行时），返回期望与实际
 *   zhishen/evaluate        用当前规则审核一份理赔（3101 入参），结果带解释与规则源码位置
 *   zhishen/whyNot          为什么没有触发：一条规则（可选对象、知识点）在一份理赔上，逐个条件停在哪一步、看到的值
 *   zhishen/buildPack       编译工作区为规则包（代码 + manifest + source map），由客户端写文件
 *   zhishen/status          当前状态（知识库、规则数），同 zhishen/statusChanged
 * 客户端 → 服务器（通知）：
 *   zhishen/setKnowledgeBase 直接给出知识库文件（浏览器 worker 没有文件系统时用）
 *   zhishen/setParameterOverrides 编辑器自己的参数覆盖（演练场的“参数”面板），优先于 zhishen.json；内联提示与悬停按它显示生效值
 * 服务器 → 客户端（通知）：
 *   zhishen/statusChanged    知识库加载完成 / 配置重读 / 规则数变化
 */

export const BUILTIN_SCHEME = 'zhishen-builtin';

export const ZhishenMethods = {
    builtinSource: 'zhishen/builtinSource',
    listTests: 'zhishen/listTests',
    runTests: 'zhishen/runTests',
    evaluate: 'zhishen/evaluate',
    whyNot: 'zhishen/whyNot',
    buildPack: 'zhishen/buildPack',
    status: 'zhishen/status',
    setKnowledgeBase: 'zhishen/setKnowledgeBase',
    setParameterOverrides: 'zhishen/setParameterOverrides',
    statusChanged: 'zhishen/statusChanged'
} as const;

/** 编辑器命令（CodeLens 引用它们；VS Code 扩展实现，其他客户端可忽略）。 */
export const ZhishenCommands = {
    runTests: 'zhishen.runTests',
    explain: 'zhishen.explain',
    buildPack: 'zhishen.buildPack',
    runFileTests: 'zhishen.runFileTests',
    runOnClaim: 'zhishen.runOnClaim',
    whyNot: 'zhishen.whyNot'
} as const;

export interface LspRange {
    start: { line: number; character: number };
    end: { line: number; character: number };
}

export interface BuiltinSourceParams {
    uri: string;
}

export interface ListTestsParams {
    /** 只列出这个文件的测试；省略时列出整个工作区 */
    uri?: string;
}

export interface TestInfo {
    /** 稳定标识：`文件URI#测试名` */
    id: string;
    uri: string;
    name: string;
    range: LspRange;
    /** 测试中 期望 引用的规则编号 */
    rules: string[];
}

export interface ListTestsResult {
    tests: TestInfo[];
}

export interface TestSelector {
    uri: string;
    name: string;
}

export interface RunTestsParams {
    /** 要运行的测试；省略时运行 uri 文件中的全部测试，uri 也省略时运行整个工作区 */
    tests?: TestSelector[];
    uri?: string;
    /** 只运行期望中提到这些规则的测试 */
    rules?: string[];
    /** 同时给出每个测试理赔的审核结果与解释（“解释”面板） */
    explain?: boolean;
    /** 同时收集覆盖率（哪些规则触发过、哪些条件求值过 / 成立过；同 zhishen test --coverage） */
    coverage?: boolean;
}

/** 覆盖率的一步（令 / 当）：源码位置、求值过、成立过。 */
export interface CoverageStepView {
    kind: 'let' | 'when';
    text: string;
    uri?: string;
    range: LspRange;
    evaluated: boolean;
    passed: boolean;
}

export interface RuleCoverageView {
    ruleId: string;
    ruleName: string;
    uri?: string;
    range: LspRange;
    fired: boolean;
    steps: CoverageStepView[];
}

export interface CoverageView {
    rules: RuleCoverageView[];
    firedRules: number;
    totalRules: number;
    evaluatedSteps: number;
    passedSteps: number;
    totalSteps: number;
}

export interface ExpectationOutcome {
    text: string;
    passed: boolean;
    expected?: string;
    actual?: string;
    uri: string;
    range: LspRange;
}

export interface TestOutcome {
    id: string;
    uri: string;
    name: string;
    range: LspRange;
    passed: boolean;
    /** 无法运行的原因（理赔文件读不到等） */
    error?: string;
    durationMs: number;
    expectations: ExpectationOutcome[];
    /** 该测试理赔的审核结果（带解释），供“解释”面板 */
    findings?: FindingView[];
}

export interface RunTestsResult {
    ok: boolean;
    /** 编译失败时的诊断（中文） */
    errors: DiagnosticView[];
    results: TestOutcome[];
    passed: number;
    failed: number;
    /** 要求覆盖率时：这次运行的测试覆盖了哪些规则与条件 */
    coverage?: CoverageView;
}

export interface DiagnosticView {
    message: string;
    code?: string;
    uri?: string;
    range?: LspRange;
}

export interface EvaluateParams {
    /** 3101/3102 入参（input.data 对象） */
    claim: unknown;
    /** 只保留这些规则的结果（省略为全部） */
    rules?: string[];
    /** 理赔来源（显示用） */
    label?: string;
}

export interface ExplanationStepView {
    kind: 'let' | 'when';
    text: string;
    result?: boolean | null;
    value?: string;
    values?: Array<{ expr: string; value: string }>;
    uri?: string;
    range?: LspRange;
}

export interface FindingView {
    ruleId: string;
    ruleName: string;
    message: string;
    amount: number;
    level: string;
    evidence: string;
    /** 违规项 / 涉及项的明细编号 */
    violating: string[];
    involved: string[];
    /** 规则的源码位置 */
    uri?: string;
    range?: LspRange;
    summary?: string;
    params: Array<{ name: string; value: string }>;
    knowledgePoint?: { kp_id: string; item_name: string; constraint: string };
    steps: ExplanationStepView[];
}

export interface EvaluateResult {
    ok: boolean;
    errors: DiagnosticView[];
    /** 理赔被拒绝（形状不对、没有患者…）的原因 */
    rejected?: string;
    findings: FindingView[];
    /** 原样的 3101 输出 */
    response?: unknown;
}

export interface WhyNotParams {
    /** 3101/3102 入参（input.data 对象） */
    claim: unknown;
    rule: string;
    /** 明细号、就诊号、诊断 / 手术编码、分组键；省略时看作用域里的全部对象 */
    target?: string;
    /** kp_id 或知识点名称 */
    knowledgePoint?: string;
    label?: string;
}

/** 一次尝试（知识点行 × 作用域对象）：结局、一句话原因、到不成立那一步为止的求值记录。 */
export interface WhyNotAttemptView {
    knowledgePoint?: { kp_id: string; item_name: string; constraint: string };
    element: string;
    patient: string | null;
    /** fired / no-finding / failed / unknown / pre-failed / not-in-codes / filtered（运行时 why-not.ts） */
    outcome: string;
    /** 结局的中文 */
    outcomeLabel: string;
    reason: string;
    steps: ExplanationStepView[];
    failedStep?: number;
}

export interface WhyNotReportView {
    ruleId: string;
    ruleName: string;
    uri?: string;
    range?: LspRange;
    fired: boolean;
    verdict: string;
    blockers: string[];
    params: Array<{ name: string; value: string }>;
    scope?: string;
    attempts: WhyNotAttemptView[];
    omitted: number;
    /** 这条规则涉及所选对象的结果（带解释） */
    findings: FindingView[];
}

export interface WhyNotResult {
    ok: boolean;
    errors: DiagnosticView[];
    /** 不认识的规则、无法审核的理赔（中文） */
    message?: string;
    report?: WhyNotReportView;
}

export interface BuildPackParams {
    /** 规则包导入运行时所用的说明符（默认 @zhishen/runtime） */
    runtime?: string;
}

export interface BuildPackResult {
    ok: boolean;
    errors: DiagnosticView[];
    code?: string;
    manifest?: unknown;
    sourceMap?: string;
    rules?: number;
    /** zhishen.json 所在目录（客户端据此决定输出位置） */
    projectDir?: string;
}

export interface ZhishenStatus {
    /** 知识库是否已加载 */
    kbLoaded: boolean;
    /** 正在加载知识库 */
    kbLoading: boolean;
    kbName?: string;
    /** 目录条目数 */
    kbCodes?: number;
    /** 知识点表数 */
    kbTables?: number;
    /** 加载知识库的错误（中文） */
    kbError?: string;
    /** 工作区中的规则数 */
    rules: number;
    /** 工作区中的规则文件数 */
    files: number;
    /** 生效的配置文件（zhishen.json） */
    configFile?: string;
    /** 是否能运行测试 / 审核（宿主提供了编译器） */
    canRun: boolean;
}

export interface SetKnowledgeBaseParams {
    /** 知识库文件：相对路径 + 文本（同 loadKnowledgeBase 的输入）；空数组表示卸载 */
    files: Array<{ path: string; text: string }>;
    name?: string;
}

export interface SetParameterOverridesParams {
    /** 规则编号（或 "*"）→ 参数名 → 原样的覆盖值（如 "6岁"）；空对象为清除 */
    overrides: Record<string, Record<string, unknown>>;
    /** 显示的出处（默认“参数面板”） */
    source?: string;
}
