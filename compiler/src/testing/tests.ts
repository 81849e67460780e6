/**
 * 规则测试（.zs 中的 测试 块）：收集、运行、比对、覆盖率。CLI、VS Code 测试面板、演练场共用。
 * 宿主负责读取理赔文件（CLI 读磁盘，浏览器读内存），这里只做纯计算。
 */
import type { LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { Document, Expectation, JsonValue, TestCase, ZhishenServices } from '@zhishen/language';
import { isClaimSource, isExpectation, isJsonArray, isJsonKeyword, isJsonNumber, isJsonObject, isTestCase, isTestParameter } from '@zhishen/language';
import type { AuditResponse, JudgeResult, RulePack, SourceLocation } from '@zhishen/runtime';
import { brokenJsonMessage, createEngine, createScreening, decimal, duplicateKeyError } from '@zhishen/runtime';
import { Lowerer } from '../lower/lower.js';
import { evaluateConstant } from '../backends/interpret/evaluate.js';
import type { CompileTimeContext } from '../backends/interpret/evaluate.js';

export interface TestLocation {
    uri: string;
    line: number;
    column: number;
}

export interface ExpectationSpec {
    kind: 'none' | 'not-fired' | 'fired';
    rule?: string;
    count?: number;
    lines?: string[];
    /** 金额（元，两位小数的数值） */
    amount?: number;
    involved?: string[];
    text: string;
    location: TestLocation;
}

export interface TestSpec {
    name: string;
    location: TestLocation;
    /** 第一份理赔（内联，已转成 JS 值；或相对本文件的理赔文件路径） */
    claim?: ClaimRef;
    /**
     * 全部理赔（一个测试可写多个 理赔，理赔文件也可以是 .ndjson 一行一个入参）：多于一个入参时作为一次筛查运行
     * （筛查集合 = 这些理赔，跨理赔与统计组规则看得到彼此），结果是全部理赔的结果。
     */
    claims: ClaimRef[];
    /** 设定：参数名 → 运行时值 */
    parameters: Record<string, unknown>;
    expectations: ExpectationSpec[];
}

export type ClaimRef = { inline: unknown } | { file: string };

export interface ExpectationResult {
    expectation: ExpectationSpec;
    passed: boolean;
    /** 失败时：期望与实际的中文描述 */
    expected?: string;
    actual?: string;
}

export interface TestResult {
    test: TestSpec;
    passed: boolean;
    /** 无法运行的原因（理赔文件读不到、理赔被拒绝等） */
    error?: string;
    expectations: ExpectationResult[];
    response?: AuditResponse;
    durationMs: number;
}

export interface CoverageReport {
    /** 每条规则：源码位置、是否触发过；每一步（令 / 当）的源码位置、求值过、成立过（令 求值即成立） */
    rules: Array<{
        id: string; name: string; source: SourceLocation; fired: boolean;
        steps: Array<{ kind: 'let' | 'when'; text: string; line: number; column: number; endLine: number; endColumn: number; evaluated: boolean; passed: boolean }>;
    }>;
    firedRules: number;
    totalRules: number;
    evaluatedSteps: number;
    passedSteps: number;
    totalSteps: number;
}

export interface TestReport {
    results: TestResult[];
    passed: number;
    failed: number;
    coverage?: CoverageReport;
}

/** 从文档中收集测试。 */
export function collectTests(services: ZhishenServices, documents: Array<LangiumDocument<Document>>): TestSpec[] {
    const tests: TestSpec[] = [];
    for (const document of documents) {
        for (const element of document.parseResult.value.elements) {
            if (isTestCase(element)) tests.push(testSpec(services, element));
        }
    }
    return tests;
}

function location(node: { $cstNode?: { range: { start: { line: number; character: number } } } }, uri: string): TestLocation {
    const start = node.$cstNode?.range.start;
    return { uri, line: (start?.line ?? 0) + 1, column: (start?.character ?? 0) + 1 };
}

function testSpec(services: ZhishenServices, test: TestCase): TestSpec {
    const uri = AstUtils.getDocument(test).uri.toString();
    // 没有原型的对象：参数名可以是 __proto__ 之类
    const spec: TestSpec = { name: test.name ?? '', location: location(test, uri), claims: [], parameters: Object.create(null), expectations: [] };
    const lowerer = new Lowerer({ services, documents: [] });
    const compileTime = { matchers: lowerer.matchers };
    for (const item of test.items) {
        if (isClaimSource(item)) {
            const ref: ClaimRef = item.json ? { inline: jsonValue(item.json) } : { file: item.file ?? '' };
            spec.claim ??= ref;
            spec.claims.push(ref);
        } else if (isTestParameter(item) && item.target?.ref && item.value) {
            spec.parameters[item.target.ref.name] = evaluateConstant(lowerer.expr(item.value), compileTime);
        } else if (isExpectation(item)) {
            spec.expectations.push(expectationSpec(item, uri, lowerer, compileTime));
        }
    }
    return spec;
}

function expectationSpec(e: Expectation, uri: string, lowerer: Lowerer, compileTime: CompileTimeContext): ExpectationSpec {
    const text = e.$cstNode?.text.replace(/\s+/g, ' ') ?? '';
    const loc = location(e, uri);
    if (e.noFindings) return { kind: 'none', text, location: loc };
    const rule = e.rule?.$refText ?? '';
    if (e.notFired) return { kind: 'not-fired', rule, text, location: loc };
    const spec: ExpectationSpec = { kind: 'fired', rule, text, location: loc };
    if (e.count !== undefined) spec.count = Number(e.count);
    if (e.lines.length > 0) spec.lines = [...e.lines];
    if (e.involved.length > 0) spec.involved = [...e.involved];
    if (e.amount) {
        const micro = evaluateConstant(lowerer.expr(e.amount), compileTime) as number;
        spec.amount = Number(decimal.formatMoney(micro));
    }
    return spec;
}

/** JSON 语法树 → JS 值（数字按原文，保留精度）。 */
export function jsonValue(node: JsonValue): unknown {
    if (isJsonObject(node)) {
        const result: Record<string, unknown> = {};
        for (const member of node.members) if (member.key !== undefined && member.value) result[member.key] = jsonValue(member.value);
        return result;
    }
    if (isJsonArray(node)) return node.values.map(jsonValue);
    if (isJsonNumber(node)) return Number((node.negative ? '-' : '') + node.value);
    if (isJsonKeyword(node)) return node.value === 'true' ? true : node.value === 'false' ? false : null;
    return (node as { value?: string }).value ?? null;
}

/**
 * 理赔文件的内容 → 入参：.ndjson / .jsonl 一行一个（空行跳过）返回数组，其余按一个 JSON 入参。
 * JSON 错误带行号抛出（宿主把它报告给用户）。
 */
export function parseClaimFile(file: string, text: string): unknown {
    const body = text.replace(/^\uFEFF/, '');
    if (!/\.(ndjson|jsonl)$/i.test(file)) return parseClaim(body, '');
    const inputs: unknown[] = [];
    body.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        inputs.push(parseClaim(line, `第 ${i + 1} 行`));
    });
    return inputs;
}

/**
 * 一份理赔的文本 → 值。读不出时中文说明第几个字符、期望什么（不是 V8 的英文）；同一对象里重复的键（JSON.parse 只留后一个，
 * 测试会按被覆盖的内容通过或失败）也是错误。抛出的 SyntaxError 的信息是完整的一句（「第 3 行不是有效的 JSON：…」），调用方在前面加文件名。
 */
function parseClaim(text: string, where: string): unknown {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new SyntaxError(`${where}${brokenJsonMessage(text)}`);
    }
    const duplicate = duplicateKeyError(text, value);
    if (duplicate) throw new SyntaxError(`${where}${where ? '的 ' : ''}${duplicate.path}：${duplicate.message}（${duplicate.hint}）`);
    return value;
}

export interface RunTestsOptions {
    /** 读取理赔文件：路径相对于测试所在文档。.ndjson 文件返回入参的数组（一行一个） */
    readClaimFile(testUri: string, file: string): unknown;
    coverage?: boolean;
    /** 结果附带解释（编辑器里“运行测试 · 解释”） */
    explain?: boolean;
}

/** 运行测试：每个测试用一个引擎（带该测试的参数设定），比对期望。 */
export function runTests(pack: RulePack, tests: TestSpec[], options: RunTestsOptions): TestReport {
    const stepHits = pack.rules.map(p => p.spec.steps.map(() => ({ evaluated: false, passed: false })));
    const fired = pack.rules.map(() => false);
    const coverage = options.coverage ? {
        step: (rule: number, step: number, result: unknown) => {
            const hit = stepHits[rule]?.[step];
            if (!hit) return;
            hit.evaluated = true;
            if (result === true) hit.passed = true;
        },
        fired: (rule: number) => { fired[rule] = true; }
    } : undefined;
    const results: TestResult[] = [];
    for (const test of tests) {
        const started = now();
        const result: TestResult = { test, passed: false, expectations: [], durationMs: 0 };
        try {
            const refs = test.claims.length > 0 ? test.claims : test.claim ? [test.claim] : [];
            if (refs.length === 0) throw new TestSetupError('测试没有理赔');
            const inputs = refs.flatMap(ref => {
                const value = 'inline' in ref ? ref.inline : options.readClaimFile(test.location.uri, ref.file);
                return 'file' in ref && Array.isArray(value) ? value : [value];
            });
            const config = { parameters: { '*': test.parameters }, levelCodes: {}, behaviorCodes: {}, disabled: [] };
            let response: AuditResponse;
            if (inputs.length === 1) {
                const output = createEngine(pack, { config, coverage, explain: options.explain }).evaluate(inputs[0]);
                if (output.rejected) throw new TestSetupError(`理赔无法审核：${output.errors.map(e => `${e.path} ${e.message}`).join('；')}`);
                response = output.response;
            } else {
                // 多份理赔：一次筛查（测试不按环节筛选规则，与单份理赔相同）
                const screening = createScreening(pack, { config, coverage, explain: options.explain, phase: undefined });
                const rejected = inputs.flatMap((input, i) => screening.add(input).rejected.map(r => `第 ${i + 1} 份 ${r.path} ${r.message}`));
                if (rejected.length > 0) throw new TestSetupError(`理赔无法审核：${rejected.join('；')}`);
                response = { task_id: null, result: screening.run().findings.map(({ task_id: _task, ...r }) => r) };
            }
            result.response = response;
            result.expectations = test.expectations.map(e => check(e, response.result));
            result.passed = result.expectations.length > 0 && result.expectations.every(e => e.passed);
            if (result.expectations.length === 0) result.error = '测试没有期望';
        } catch (error) {
            result.error = error instanceof TestSetupError ? error.message : `运行出错：${(error as Error).message}`;
        }
        result.durationMs = now() - started;
        results.push(result);
    }
    const report: TestReport = { results, passed: results.filter(r => r.passed).length, failed: results.filter(r => !r.passed).length };
    if (options.coverage) {
        const rules = pack.rules.map(({ spec }, i) => ({
            id: spec.meta.id,
            name: spec.meta.name,
            source: spec.meta.source,
            fired: fired[i],
            steps: spec.steps.map((step, k) => ({
                kind: step.kind, text: step.text, line: step.source.line, column: step.source.column, endLine: step.source.endLine, endColumn: step.source.endColumn,
                evaluated: stepHits[i][k].evaluated, passed: stepHits[i][k].passed
            }))
        }));
        const steps = rules.flatMap(r => r.steps);
        report.coverage = {
            rules,
            firedRules: rules.filter(r => r.fired).length,
            totalRules: rules.length,
            evaluatedSteps: steps.filter(s => s.evaluated).length,
            passedSteps: steps.filter(s => s.passed).length,
            totalSteps: steps.length
        };
    }
    return report;
}

class TestSetupError extends Error {}

function now(): number {
    return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

declare const performance: { now(): number } | undefined;

function describe(result: JudgeResult): string {
    const lines = result.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id);
    const involved = result.judge_result_detail_dtos.filter(d => d.vola_item_type === '2').map(d => d.rx_id || d.mdtrt_id);
    return `${result.rule_id} 违规项 [${lines.join(', ')}] 金额 ${result.vola_amt.toFixed(2)}元${involved.length ? ` 涉及项 [${involved.join(', ')}]` : ''}`;
}

function sameSet(a: string[], b: string[]): boolean {
    const x = [...new Set(a)].sort();
    const y = [...new Set(b)].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function check(expectation: ExpectationSpec, results: JudgeResult[]): ExpectationResult {
    const actualAll = results.length === 0 ? '（没有审核结果）' : results.map(describe).join('\n');
    if (expectation.kind === 'none') {
        return results.length === 0 ? { expectation, passed: true } : { expectation, passed: false, expected: '没有审核结果', actual: actualAll };
    }
    const mine = results.filter(r => r.rule_id === expectation.rule);
    if (expectation.kind === 'not-fired') {
        return mine.length === 0 ? { expectation, passed: true } : { expectation, passed: false, expected: `${expectation.rule} 不触发`, actual: mine.map(describe).join('\n') };
    }
    const expectedText = [
        expectation.rule,
        expectation.count !== undefined ? `次数 ${expectation.count}` : '',
        expectation.lines ? `违规项 [${expectation.lines.join(', ')}]` : '',
        expectation.amount !== undefined ? `金额 ${expectation.amount.toFixed(2)}元` : '',
        expectation.involved ? `涉及项 [${expectation.involved.join(', ')}]` : ''
    ].filter(Boolean).join(' ');
    const actual = mine.length === 0 ? `${expectation.rule} 没有触发${results.length ? `（其他结果：\n${actualAll}）` : ''}` : mine.map(describe).join('\n');
    if (expectation.count !== undefined && mine.length !== expectation.count) {
        return { expectation, passed: false, expected: expectedText, actual: `${actual}\n（共 ${mine.length} 条）` };
    }
    if (mine.length === 0) return { expectation, passed: false, expected: expectedText, actual };
    const matches = (r: JudgeResult) => {
        const lines = r.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id);
        const involved = r.judge_result_detail_dtos.filter(d => d.vola_item_type === '2').map(d => d.rx_id || d.mdtrt_id);
        if (expectation.lines && !sameSet(lines, expectation.lines)) return false;
        if (expectation.involved && !sameSet(involved, expectation.involved)) return false;
        if (expectation.amount !== undefined && Math.round(r.vola_amt * 100) !== Math.round(expectation.amount * 100)) return false;
        return true;
    };
    return mine.some(matches) ? { expectation, passed: true } : { expectation, passed: false, expected: expectedText, actual };
}
