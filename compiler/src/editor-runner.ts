/**
 * 编辑器的运行器（ZhishenRunner）：语言服务器的 zhishen/runTests（测试资源管理器、CodeLens）、zhishen/evaluate（在样例理赔上运行，
 * 带解释）、zhishen/buildPack（构建规则包）都经编译会话 openSession 实现。语言包不依赖编译器，所以由宿主注入：
 * 为什么没有触发（zhishen/whyNot）同样在这里。命令行的 `zhishen lsp`（Node）与演练场的语言服务器 worker（浏览器）用的是这同一个运行器。
 * 编译用一份独立的核心语言服务（编译会替换其中的全部文档，不能与编辑器的工作区共用）。不做 IO：理赔文件经 input.readFile 读。
 */
import { URI, UriUtils } from 'langium';
import type { ZhishenServices } from '@zhishen/language';
import { createZhishenCoreServices } from '@zhishen/language';
import type {
    DiagnosticView, EvaluateParams, EvaluateResult, FindingView, LspRange, RunTestsParams,
    RunTestsResult, RunnerInput, TestOutcome, ZhishenRunner, BuildPackParams, BuildPackResult, CoverageView, ExplanationStepView, WhyNotParams, WhyNotResult
} from '@zhishen/language/lsp';
import type { AuditResponse, ExplanationStep, JudgeResult } from '@zhishen/runtime';
import { createEngine, validateConfig, WHY_NOT_OUTCOME_LABELS } from '@zhishen/runtime';
import type { CompileDiagnostic } from './diagnostics.js';
import type { CompileOutput } from './pipeline.js';
import type { Session } from './session.js';
import { openSession } from './session.js';
import { parseClaimFile } from './testing/tests.js';
import type { CoverageReport } from './testing/tests.js';

interface Compiled {
    session: Session;
    output: CompileOutput;
    root: string;
    /** 相对 root 的文件名 → 源 URI */
    files: Map<string, string>;
    errors: DiagnosticView[];
}

export function createEditorRunner(): ZhishenRunner {
    let services: ZhishenServices | undefined;
    let queue: Promise<unknown> = Promise.resolve();
    /** 编译服务只有一份：请求排队执行 */
    const serial = <T>(run: () => Promise<T>): Promise<T> => {
        const next = queue.then(run, run);
        queue = next.catch(() => undefined);
        return next;
    };

    const compileSources = async (input: RunnerInput, options: { config?: boolean; format?: 'factory' | 'esm'; runtime?: string } = {}): Promise<Compiled> => {
        services ??= createZhishenCoreServices().Zhishen;
        const root = commonRoot(input.sources.map(s => URI.parse(s.uri).path));
        const files = new Map<string, string>();
        for (const source of input.sources) files.set(relativeFile(URI.parse(source.uri).path, root), source.uri);
        const session = await openSession({
            services,
            sources: input.sources,
            kb: input.kb,
            config: options.config ? input.deploymentConfig : undefined,
            root,
            emit: { format: options.format ?? 'factory', runtimeImport: options.runtime }
        });
        const output = session.compile();
        const errors = output.diagnostics.filter(d => d.severity === 'error').map(d => diagnosticView(d, files));
        if (!output.ok && errors.length === 0) errors.push({ message: '规则有错误，未能编译' });
        return { session, output, root, files, errors };
    };

    const locate = (compiled: Compiled, file: string): string | undefined => compiled.files.get(file) ?? [...compiled.files.entries()].find(([f]) => f.endsWith('/' + file) || file.endsWith('/' + f))?.[1];

    return {
        runTests: (input, params: RunTestsParams) => serial(async (): Promise<RunTestsResult> => {
            const compiled = await compileSources(input);
            const pack = compiled.session.pack();
            if (!compiled.output.ok || !pack) return { ok: false, errors: compiled.errors, results: [], passed: 0, failed: 0 };
            let tests = compiled.session.tests;
            if (params.tests && params.tests.length > 0) {
                const wanted = new Set(params.tests.map(t => `${normalizeUri(t.uri)}#${t.name}`));
                tests = tests.filter(t => wanted.has(`${normalizeUri(t.location.uri)}#${t.name}`));
            } else if (params.uri) {
                const uri = normalizeUri(params.uri);
                tests = tests.filter(t => normalizeUri(t.location.uri) === uri);
            }
            if (params.rules && params.rules.length > 0) {
                const rules = new Set(params.rules);
                tests = tests.filter(t => t.expectations.some(e => e.rule !== undefined && rules.has(e.rule)));
            }
            const readClaim = (testUri: string, file: string): unknown => {
                const uri = UriUtils.resolvePath(UriUtils.dirname(URI.parse(testUri)), file).toString();
                const text = input.readFile(uri);
                try {
                    return parseClaimFile(file, text);
                } catch (error) {
                    throw new Error(`理赔文件「${file}」${(error as Error).message}`);
                }
            };
            // 要解释时测试运行本身带解释（多份理赔的测试是一次筛查，结果只有这样才对得上）
            const report = compiled.session.runTests({ pack, tests, readClaimFile: readClaim, explain: params.explain, coverage: params.coverage })!;
            const results: TestOutcome[] = report.results.map(result => {
                const uri = result.test.location.uri;
                const outcome: TestOutcome = {
                    id: `${normalizeUri(uri)}#${result.test.name}`,
                    uri,
                    name: result.test.name,
                    range: lineRange(result.test.location.line, result.test.location.column),
                    passed: result.passed,
                    error: result.error,
                    durationMs: Math.round(result.durationMs),
                    expectations: result.expectations.map(e => ({
                        text: e.expectation.text,
                        passed: e.passed,
                        expected: e.expected,
                        actual: e.actual,
                        uri: e.expectation.location.uri,
                        range: lineRange(e.expectation.location.line, e.expectation.location.column, e.expectation.text.length)
                    }))
                };
                if (params.explain) outcome.findings = result.response ? findingsOf(result.response, compiled, locate, params.rules) : [];
                return outcome;
            });
            const coverage = report.coverage ? coverageView(report.coverage, compiled, locate) : undefined;
            return { ok: true, errors: [], results, passed: report.passed, failed: report.failed, ...(coverage ? { coverage } : {}) };
        }),

        evaluate: (input, params: EvaluateParams) => serial(async (): Promise<EvaluateResult> => {
            // 参数覆盖在运行时给引擎（解释里显示覆盖后的值），不在编译时绑定
            const compiled = await compileSources(input);
            const pack = compiled.session.pack();
            if (!compiled.output.ok || !pack) return { ok: false, errors: compiled.errors, findings: [] };
            const checked = input.deploymentConfig ? validateConfig(input.deploymentConfig, pack.manifest) : undefined;
            if (checked && checked.errors.length > 0) {
                return { ok: false, errors: checked.errors.map(message => ({ message: `部署配置（zhishen.json）：${message}` })), findings: [] };
            }
            const engine = createEngine(pack, { config: checked?.config, explain: true });
            const output = engine.evaluate(params.claim);
            if (output.rejected) {
                return { ok: true, errors: [], findings: [], rejected: output.errors.map(e => `${e.path} ${e.message}`).join('；') || '理赔无法审核', response: output.response };
            }
            return { ok: true, errors: [], findings: findingsOf(output.response, compiled, locate, params.rules), response: output.response };
        }),

        whyNot: (input, params: WhyNotParams) => serial(async (): Promise<WhyNotResult> => {
            // 与 evaluate 同一份规则包与部署配置：引擎的 whyNot 沿审核的同一条路径求值（runtime/src/engine/why-not.ts）
            const compiled = await compileSources(input);
            const pack = compiled.session.pack();
            if (!compiled.output.ok || !pack) return { ok: false, errors: compiled.errors };
            const checked = input.deploymentConfig ? validateConfig(input.deploymentConfig, pack.manifest) : undefined;
            if (checked && checked.errors.length > 0) {
                return { ok: false, errors: checked.errors.map(message => ({ message: `部署配置（zhishen.json）：${message}` })) };
            }
            const engine = createEngine(pack, { config: checked?.config, explain: true });
            const result = engine.whyNot(params.claim, { rule: params.rule, ...(params.target ? { target: params.target } : {}), ...(params.knowledgePoint ? { knowledgePoint: params.knowledgePoint } : {}) });
            if (!result.ok) return { ok: false, errors: [], message: result.message };
            const report = result.report;
            const uri = locate(compiled, report.rule.source.file);
            return {
                ok: true, errors: [],
                report: {
                    ruleId: report.rule.id, ruleName: report.rule.name, uri, range: lineRange(report.rule.source.line, report.rule.source.column),
                    fired: report.fired, verdict: report.verdict, blockers: report.blockers, params: report.params, scope: report.scope,
                    attempts: report.attempts.map(a => ({
                        ...(a.knowledgePoint ? { knowledgePoint: a.knowledgePoint } : {}),
                        element: a.element, patient: a.patient, outcome: a.outcome, outcomeLabel: WHY_NOT_OUTCOME_LABELS[a.outcome], reason: a.reason,
                        steps: a.steps.map(step => stepView(step, uri)), ...(a.failedStep !== undefined ? { failedStep: a.failedStep } : {})
                    })),
                    omitted: report.omitted,
                    findings: report.findings.map(f => findingView(f, compiled, locate))
                }
            };
        }),

        buildPack: (input, params: BuildPackParams) => serial(async (): Promise<BuildPackResult> => {
            const compiled = await compileSources(input, { config: true, format: 'esm', runtime: params.runtime });
            if (!compiled.output.ok || !compiled.output.result) return { ok: false, errors: compiled.errors, projectDir: input.projectDir };
            const result = compiled.output.result;
            return { ok: true, errors: [], code: result.code, manifest: result.manifest, sourceMap: result.sourceMap, rules: result.manifest.rules.length, projectDir: input.projectDir };
        })
    };
}

function findingsOf(response: AuditResponse, compiled: Compiled, locate: (c: Compiled, file: string) => string | undefined, rules?: string[]): FindingView[] {
    const wanted = rules && rules.length > 0 ? new Set(rules) : undefined;
    return response.result.filter(r => !wanted || wanted.has(r.rule_id)).map(r => findingView(r, compiled, locate));
}

function findingView(result: JudgeResult, compiled: Compiled, locate: (c: Compiled, file: string) => string | undefined): FindingView {
    const extension = result.zhishen;
    const uri = extension ? locate(compiled, extension.source.file) : undefined;
    const explanation = extension?.explanation;
    return {
        ruleId: result.rule_id,
        ruleName: result.rule_name,
        message: result.vola_cont,
        amount: result.vola_amt,
        level: extension?.level ?? result.sev_deg,
        evidence: result.vola_evid,
        violating: result.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id),
        involved: result.judge_result_detail_dtos.filter(d => d.vola_item_type === '2').map(d => d.rx_id),
        uri,
        range: extension ? lineRange(extension.source.line, extension.source.column) : undefined,
        summary: explanation?.summary,
        params: explanation?.params ?? [],
        knowledgePoint: explanation?.instance,
        steps: (explanation?.steps ?? []).map(step => stepView(step, uri))
    };
}

/** 求值的一步 → 编辑器的视图（位置换成 LSP 的 0 起行列）：解释与“为什么没有触发”共用。 */
function stepView(step: ExplanationStep, uri: string | undefined): ExplanationStepView {
    return {
        kind: step.kind,
        text: step.text,
        result: step.result,
        value: step.value,
        values: step.values,
        uri,
        range: { start: { line: step.line - 1, character: step.column - 1 }, end: { line: step.endLine - 1, character: step.endColumn - 1 } }
    };
}

/** 覆盖率 → 编辑器的视图（位置换成 LSP 的 0 起行列、源文件换成 URI）。 */
function coverageView(coverage: CoverageReport, compiled: Compiled, locate: (c: Compiled, file: string) => string | undefined): CoverageView {
    const { rules, ...totals } = coverage;
    return {
        ...totals,
        rules: rules.map(rule => {
            const uri = locate(compiled, rule.source.file);
            return {
                ruleId: rule.id, ruleName: rule.name, uri, range: lineRange(rule.source.line, rule.source.column), fired: rule.fired,
                steps: rule.steps.map(step => ({
                    kind: step.kind, text: step.text, uri, evaluated: step.evaluated, passed: step.passed,
                    range: { start: { line: step.line - 1, character: step.column - 1 }, end: { line: step.endLine - 1, character: step.endColumn - 1 } }
                }))
            };
        })
    };
}

function diagnosticView(d: CompileDiagnostic, files: Map<string, string>): DiagnosticView {
    const uri = files.get(d.file);
    return {
        message: d.hint ? `${d.message}\n提示：${d.hint}` : d.message,
        code: d.code,
        uri,
        range: d.line > 0 ? { start: { line: d.line - 1, character: Math.max(0, d.column - 1) }, end: { line: Math.max(0, d.endLine - 1), character: Math.max(0, d.endColumn - 1) } } : undefined
    };
}

function lineRange(line: number, column: number, length = 0): LspRange {
    const l = Math.max(0, line - 1);
    const c = Math.max(0, column - 1);
    return { start: { line: l, character: c }, end: { line: l, character: c + length } };
}

function normalizeUri(uri: string): string {
    return URI.parse(uri).toString();
}

/** 多个 URI 路径的公共目录（与编译器 manifest 中的相对文件名一致）。 */
function commonRoot(paths: string[]): string {
    if (paths.length === 0) return '/';
    let root = paths[0].replace(/\/[^/]*$/, '');
    for (const path of paths) {
        while (root && !path.startsWith(root + '/')) root = root.replace(/\/[^/]*$/, '');
    }
    return root || '/';
}

function relativeFile(path: string, root: string): string {
    return root && path.startsWith(root) ? path.slice(root.length).replace(/^\/+/, '') : path.split('/').pop() ?? path;
}

