/**
 * 编译运行 worker 的全部逻辑（不碰 DOM、不碰 postMessage，Node 下可直接测试）：
 * 知识库加载与搜索、理赔校验、编译（编译会话 openSession，带缓存）、审核（带解释）、规则测试。
 */
import type { KbFile, KnowledgeBase, ZhishenServices } from '@zhishen/language';
import { createZhishenCoreServices, kbSummary, loadKnowledgeBase, toUri } from '@zhishen/language';
import type { CompileDiagnostic, CompileOutput, Session, TestSpec } from '@zhishen/compiler';
import { openSession, parseClaimFile } from '@zhishen/compiler';
import type { ManifestRule, Phase, RulePack, WhyNotResult } from '@zhishen/runtime';
import { addLine, contentHash, createEngine, createScreening, duplicateKeyError, findDuplicateKey, invalidTextIn } from '@zhishen/runtime';
import schemaJson from '@zhishen/runtime/schema/3101-input.schema.json';
import { detectFormat, jsonSyntaxProblems, locatePath, parseJsonPath, positionAt, splitRequests } from '../lib/json-text.js';
import type { BatchResult, ClaimProblem, ClaimValidation, FileDoc, KbInfo, KbSearchResult, ParamOverrides, PhaseChoice, RequestOutcome, RuleInfo, RunResult, TestView } from '../lib/protocol.js';
import { configFromOverrides } from '../lib/params.js';
import type { Schema } from '../lib/schema-validate.js';
import { SchemaValidator } from '../lib/schema-validate.js';
import { resolvePath } from '../lib/state.js';

declare const performance: { now(): number };

interface Compiled {
    session: Session;
    output: CompileOutput;
    pack?: RulePack;
    tests: TestSpec[];
    /** 测试 URI → 工作区路径 */
    uriToPath: Map<string, string>;
}

const MAX_CACHE = 6;
/** 批量筛查的上限：演练场在浏览器里整批读进内存，再大的批量用命令行 */
export const MAX_BATCH_BYTES = 50 * 1024 * 1024;
const MAX_BAD_LINES = 200;

function utf8Length(text: string): number {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
    }
    return n;
}

export function uriOf(path: string): string {
    return toUri('/' + path).toString();
}

function ruleInfo(rule: ManifestRule): RuleInfo {
    return {
        id: rule.id,
        name: rule.name,
        level: rule.level,
        category: rule.category,
        phases: rule.phases,
        source: rule.source,
        params: rule.params,
        instances: rule.instances,
        basis: rule.basis
    };
}

export class EngineCore {
    private readonly services: ZhishenServices = createZhishenCoreServices().Zhishen;
    private readonly validator = new SchemaValidator(schemaJson as Schema);
    private readonly cache = new Map<string, Compiled>();
    private kb: KnowledgeBase | undefined;

    /** 当前知识库（演练场的 worker 把同一个对象交给语言服务器） */
    get knowledgeBase(): KnowledgeBase | undefined {
        return this.kb;
    }

    get kbName(): string | null {
        return this.kb?.name ?? null;
    }

    loadKb(files: KbFile[], name?: string): KbInfo {
        const started = performance.now();
        this.kb = loadKnowledgeBase(files, name ? { name } : {});
        this.cache.clear();
        return { summary: kbSummary(this.kb), ms: performance.now() - started };
    }

    clearKb(): void {
        this.kb = undefined;
        this.cache.clear();
    }

    searchKb(query: string, limit = 50): KbSearchResult {
        const q = query.trim();
        if (!this.kb || !q) return { query, hits: [], total: 0 };
        const hits = this.kb.index.search(q, { limit });
        return {
            query,
            total: hits.length,
            hits: hits.map(h => ({
                match: h.match,
                rank: h.rank,
                code: h.entry.code,
                name: h.entry.name,
                kind: h.entry.kind,
                spec: h.entry.spec,
                restriction: h.entry.restriction,
                source: h.entry.source
            }))
        };
    }

    /** 校验理赔文档：JSON 语法（中文）+ 3101 schema。返回问题与解析好的请求。 */
    validateClaim(doc: FileDoc): ClaimValidation & { values: Array<{ index: number; line: number; offset: number; value?: unknown }> } {
        const format = detectFormat(doc.path, doc.text);
        const requests = splitRequests(doc.text, format);
        const problems: ClaimProblem[] = [];
        const values: Array<{ index: number; line: number; offset: number; value?: unknown }> = [];
        if (requests.length === 0 || !doc.text.trim()) {
            problems.push({ severity: 'error', request: 0, line: 1, range: { offset: 0, length: 1 }, message: '理赔是空的：粘贴一份 3101 入参 JSON，或从样例中选一份' });
        }
        for (const request of requests) {
            const syntax = jsonSyntaxProblems(request.text, request.offset);
            if (syntax.length > 0) {
                for (const p of syntax) problems.push({ ...p, severity: 'error', request: request.index, line: positionAt(doc.text, p.range.offset).line });
                values.push({ index: request.index, line: request.line, offset: request.offset });
                continue;
            }
            const value = JSON.parse(request.text) as unknown;
            // 无效的 UTF-8（任何位置的 U+FFFD 或它的转义）：与命令行、服务一样拒绝这份请求（ZR0018），标出那个键或值
            const invalid = invalidTextIn(request.text, value);
            if (invalid) {
                const range = locatePath(request.text, parseJsonPath(invalid.path), request.offset) ?? { offset: request.offset, length: 1 };
                problems.push({ severity: 'error', request: request.index, line: positionAt(doc.text, range.offset).line, range, code: invalid.code, path: invalid.path, message: `${invalid.message}（${invalid.hint}）` });
                values.push({ index: request.index, line: request.line, offset: request.offset });
                continue;
            }
            // 重复的键：JSON.parse 只留后一个，前一个会悄悄丢失——与命令行、服务一样拒绝这份请求（ZR0019），标出第二次出现的键
            const duplicate = duplicateKeyError(request.text, value);
            if (duplicate) {
                const at = findDuplicateKey(request.text)!;
                const range = { offset: request.offset + at.offset, length: at.length };
                problems.push({ severity: 'error', request: request.index, line: positionAt(doc.text, range.offset).line, range, code: duplicate.code, path: duplicate.path, message: `${duplicate.message}（${duplicate.hint}）` });
                values.push({ index: request.index, line: request.line, offset: request.offset });
                continue;
            }
            values.push({ index: request.index, line: request.line, offset: request.offset, value });
            for (const issue of this.validator.validate(value).slice(0, 50)) {
                const range = locatePath(request.text, issue.path, request.offset) ?? { offset: request.offset, length: 1 };
                problems.push({ severity: 'error', request: request.index, line: positionAt(doc.text, range.offset).line, range, message: issue.message, path: issue.path.join('.') });
            }
        }
        return { path: doc.path, format, requests: requests.length, problems, values };
    }

    private async compileCached(sources: FileDoc[], rawConfig: unknown, withTests: boolean): Promise<Compiled & { cached: boolean }> {
        const key = contentHash(JSON.stringify([this.kb?.id ?? '', sources.map(s => [s.path, s.text]), rawConfig ?? null, withTests]));
        const hit = this.cache.get(key);
        if (hit) {
            this.cache.delete(key);
            this.cache.set(key, hit);
            return { ...hit, cached: true };
        }
        const session = await openSession({
            services: this.services,
            sources: sources.map(s => ({ uri: uriOf(s.path), text: s.text })),
            kb: this.kb,
            config: rawConfig,
            root: '/'
        });
        const output = session.compile();
        const uriToPath = new Map(sources.map(s => [uriOf(s.path), s.path]));
        const tests = withTests && output.ok ? session.tests : [];
        const compiled: Compiled = { session, output, pack: session.pack(), tests, uriToPath };
        this.cache.set(key, compiled);
        while (this.cache.size > MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
        return { ...compiled, cached: false };
    }

    /** 参数面板的覆盖：对得上的项编进部署配置重新编译（缓存）；覆盖写错时返回错误。 */
    private async configuredPack(pack: RulePack, sources: FileDoc[], params: ParamOverrides): Promise<{ pack: RulePack; errors?: undefined } | { pack?: undefined; errors: { config: string[]; diagnostics?: CompileDiagnostic[] } }> {
        const config = configFromOverrides(filterOverrides(params, pack.manifest.rules));
        if (!config) return { pack };
        const configured = await this.compileCached(sources, config, false);
        const configErrors = configured.output.diagnostics.filter(d => d.code === 'ZC0201').map(d => d.message.replace(/^部署配置：/, ''));
        if (!configured.pack) return { errors: { config: configErrors, ...(configErrors.length === 0 ? { diagnostics: configured.output.diagnostics } : {}) } };
        return { pack: configured.pack };
    }

    /**
     * 为什么没有触发：同一份规则包（含参数面板的覆盖）、同一环节，对理赔文档的第 request 份请求运行引擎的 whyNot
     * （与审核同一次求值，runtime/src/engine/why-not.ts）。
     */
    async whyNot(request: { sources: FileDoc[]; claim: FileDoc; request: number; params: ParamOverrides; phase: PhaseChoice; rule: string; target?: string; knowledgePoint?: string }): Promise<WhyNotResult> {
        const base = await this.compileCached(request.sources, undefined, false);
        if (!base.pack) return { ok: false, message: '规则有错误，没有编译：先修正“问题”中的错误' };
        const configured = await this.configuredPack(base.pack, request.sources, request.params);
        if (!configured.pack) return { ok: false, message: `参数写得不对：${configured.errors.config[0] ?? '编译失败'}` };
        const validation = this.validateClaim(request.claim);
        const item = validation.values.find(v => v.index === request.request) ?? validation.values[0];
        if (!item || item.value === undefined) return { ok: false, message: '这份理赔的 JSON 格式有错，先修正（见“问题”）' };
        const engine = createEngine(configured.pack, { explain: true, phase: enginePhase(request.phase) });
        const target = request.target?.trim();
        const kp = request.knowledgePoint?.trim();
        return engine.whyNot(withPhase(item.value, request.phase), { rule: request.rule, ...(target ? { target } : {}), ...(kp ? { knowledgePoint: kp } : {}) });
    }

    async run(request: { sources: FileDoc[]; claim: FileDoc | null; claimFiles: FileDoc[]; params: ParamOverrides; phase: PhaseChoice; tests: boolean }): Promise<RunResult> {
        const t0 = performance.now();
        const base = await this.compileCached(request.sources, undefined, request.tests);
        const result: RunResult = {
            compile: { ok: base.output.ok, diagnostics: base.output.diagnostics, configErrors: [], ms: performance.now() - t0, cached: base.cached },
            rules: base.pack ? base.pack.manifest.rules.map(ruleInfo) : [],
            dropped: base.pack?.manifest.dropped ?? [],
            claim: null,
            tests: null,
            timings: { compileMs: 0, runMs: 0, testMs: 0 },
            kbName: this.kbName
        };
        if (!base.pack) {
            result.timings.compileMs = performance.now() - t0;
            return result;
        }

        // 参数覆盖：只保留对得上规则与参数的项（对不上的由面板提示），重新编译（仅当 条件可能用到参数）
        const configured = await this.configuredPack(base.pack, request.sources, request.params);
        if (configured.errors) {
            result.compile.configErrors = configured.errors.config;
            if (configured.errors.diagnostics) result.compile.diagnostics = configured.errors.diagnostics;
            result.compile.ok = configured.errors.config.length === 0 ? false : result.compile.ok;
            result.timings.compileMs = performance.now() - t0;
            return result;
        }
        const pack = configured.pack;
        result.compile.ms = performance.now() - t0;
        result.timings.compileMs = result.compile.ms;

        if (request.claim) {
            const t1 = performance.now();
            const validation = this.validateClaim(request.claim);
            const engine = createEngine(pack, { explain: true, phase: enginePhase(request.phase) });
            const outcomes: RequestOutcome[] = [];
            for (const item of validation.values) {
                if (item.value === undefined) {
                    outcomes.push({ index: item.index, line: item.line, offset: item.offset, parseFailed: true, rejected: true, errors: [], results: [], task_id: null, trig_scen: null, response: null });
                    continue;
                }
                const input = withPhase(item.value, request.phase);
                const output = engine.evaluate(input);
                outcomes.push({
                    index: item.index,
                    line: item.line,
                    offset: item.offset,
                    parseFailed: false,
                    rejected: output.rejected,
                    errors: output.errors,
                    results: output.response.result,
                    task_id: output.response.task_id,
                    trig_scen: sceneOf(input),
                    response: output.response
                });
                // 运行时拒绝的原因（带 JSON 路径）也标到理赔编辑器上；与 schema 问题同位置的只留运行时的
                const requestText = request.claim.text.slice(item.offset, item.offset + (splitLength(request.claim.text, item.offset, validation.format)));
                for (const error of output.errors) {
                    const range = locatePath(requestText, parseJsonPath(error.path), item.offset) ?? { offset: item.offset, length: 1 };
                    const problems = validation.problems;
                    for (let i = problems.length - 1; i >= 0; i--) {
                        if (problems[i].request === item.index && problems[i].range.offset === range.offset) problems.splice(i, 1);
                    }
                    problems.push({
                        severity: output.rejected ? 'error' : 'warning',
                        request: item.index,
                        line: positionAt(request.claim.text, range.offset).line,
                        range,
                        message: error.message,
                        hint: error.hint,
                        code: error.code,
                        path: error.path
                    });
                }
            }
            const { values: _values, ...rest } = validation;
            result.claim = { ...rest, outcomes };
            result.timings.runMs = performance.now() - t1;
        }

        if (request.tests && base.tests.length > 0) {
            const t2 = performance.now();
            const claimFiles = new Map(request.claimFiles.map(f => [f.path, f.text]));
            const report = base.session.runTests({
                pack: base.pack,
                tests: base.tests,
                coverage: true,
                readClaimFile: (testUri, file) => {
                    const from = base.uriToPath.get(testUri) ?? '';
                    const path = resolvePath(from, file);
                    const text = claimFiles.get(path);
                    if (text === undefined) throw new Error(`找不到理赔文件「${path}」：演练场里只有随附的样例理赔与已打开的理赔`);
                    try {
                        // 与 zhishen test 同一个读法：中文说明读不出的位置，重复的键是错误
                        return parseClaimFile(path, text);
                    } catch (error) {
                        throw new Error(`理赔文件「${path}」${(error as Error).message}`);
                    }
                }
            })!;
            const views: TestView[] = report.results.map(r => ({
                name: r.test.name,
                file: base.uriToPath.get(r.test.location.uri) ?? r.test.location.uri,
                line: r.test.location.line,
                passed: r.passed,
                error: r.error?.replace(/^运行出错：/, ''),
                expectations: r.expectations.map(e => ({ text: e.expectation.text, line: e.expectation.location.line, passed: e.passed, expected: e.expected, actual: e.actual }))
            }));
            result.tests = { passed: report.passed, failed: report.failed, results: views, ...(report.coverage ? { coverage: report.coverage } : {}) };
            result.timings.testMs = performance.now() - t2;
        } else if (request.tests) {
            result.tests = { passed: 0, failed: 0, results: [] };
        }
        return result;
    }
    /**
     * 批量筛查（事后全量）：NDJSON 一行一个请求，逐行载入运行时的筛查（runtime/src/engine/screening.ts 的 addLine，
     * 与 zhishen screen --engine js 同一份代码、同样的坏行说法），坏行报出行号后照常往下；载入完后跨理赔、统计组规则
     * 与逐张理赔的规则一起运行。结果与 CLI 逐字节相同。
     */
    async screenBatch(request: { sources: FileDoc[]; batch: FileDoc; params: ParamOverrides }): Promise<BatchResult> {
        const t0 = performance.now();
        const bytes = utf8Length(request.batch.text);
        const empty = { linesRead: 0, parseErrors: 0, summary: null, bad: [], badTotal: 0, findings: [], byRule: {}, errors: [], streaming: false, timings: { compileMs: 0, loadMs: 0, screenMs: 0 } };
        if (bytes > MAX_BATCH_BYTES) return { ...empty, ok: false, message: `批量文件 ${(bytes / 1024 / 1024).toFixed(1)} MB，超过演练场的上限 ${MAX_BATCH_BYTES / 1024 / 1024} MB：更大的批量请用命令行 zhishen screen 筛查` };
        const base = await this.compileCached(request.sources, undefined, false);
        if (!base.pack) return { ...empty, ok: false, message: '规则有错误，没有编译：先修正“问题”中的错误' };
        const configured = await this.configuredPack(base.pack, request.sources, request.params);
        if (!configured.pack) return { ...empty, ok: false, message: `参数写得不对：${configured.errors.config[0] ?? '编译失败'}` };
        const t1 = performance.now();
        let screening;
        try {
            screening = createScreening(configured.pack);
        } catch (error) {
            return { ...empty, ok: false, message: (error as Error).message };
        }
        const bad: BatchResult['bad'] = [];
        let badTotal = 0;
        let linesRead = 0;
        let parseErrors = 0;
        const text = request.batch.text;
        let lineNumber = 0;
        for (let start = 0; start <= text.length;) {
            const nl = text.indexOf('\n', start);
            const end = nl < 0 ? text.length : nl;
            let line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
            lineNumber++;
            if (lineNumber === 1) line = line.replace(/^\uFEFF/, '');
            start = end + 1;
            if (nl < 0 && line === '') break;
            const added = addLine(screening, line);
            if (!added) continue;
            linesRead++;
            if (added.parseError) parseErrors++;
            for (const reason of added.reasons) {
                badTotal++;
                if (bad.length < MAX_BAD_LINES) bad.push({ line: lineNumber, reason });
            }
            if (nl < 0) break;
        }
        const t2 = performance.now();
        const result = screening.run();
        const t3 = performance.now();
        return {
            ok: true,
            linesRead,
            parseErrors,
            summary: screening.summary,
            bad,
            badTotal,
            findings: result.findings,
            byRule: result.byRule,
            errors: result.errors,
            streaming: screening.streaming,
            timings: { compileMs: t1 - t0, loadMs: t2 - t1, screenMs: t3 - t2 }
        };
    }
}

/** 演练场选了环节（不是“按请求的 trig_scen”）时去掉请求里的 trig_scen。 */
function withPhase(input: unknown, phase: PhaseChoice): unknown {
    if (phase === 'auto' || !input || typeof input !== 'object' || Array.isArray(input)) return input;
    const { trig_scen: _ignored, ...rest } = input as Record<string, unknown>;
    return rest;
}

function enginePhase(phase: PhaseChoice): Phase | undefined {
    return phase === '事前' || phase === '事中' || phase === '事后' ? phase : undefined;
}

function sceneOf(input: unknown): string | null {
    const scene = input && typeof input === 'object' ? (input as { trig_scen?: unknown }).trig_scen : undefined;
    return scene === undefined || scene === null || scene === '' ? null : String(scene);
}

function splitLength(text: string, offset: number, format: 'json' | 'ndjson'): number {
    if (format === 'json') return text.length;
    const nl = text.indexOf('\n', offset);
    return (nl < 0 ? text.length : nl) - offset;
}

/** 只保留规则包里有的规则与参数。 */
export function filterOverrides(params: ParamOverrides, rules: readonly ManifestRule[]): ParamOverrides {
    const result: ParamOverrides = {};
    for (const [ruleId, values] of Object.entries(params)) {
        const rule = rules.find(r => r.id === ruleId);
        if (!rule) continue;
        for (const [name, value] of Object.entries(values)) {
            if (!rule.params.some(p => p.name === name) || !value.trim()) continue;
            (result[ruleId] ??= {})[name] = value.trim();
        }
    }
    return result;
}

export type { CompileDiagnostic };
