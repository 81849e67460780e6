/**
 * 数据驱动的求值用例：cases/*.zs 中写规则与 测试 块（语言自己的测试语法）。
 *
 * 每个用例文件：编译（首行 `// kb: sample` 时用样例知识库；同名 .config.json 为部署配置），
 * 用 runTests 在两个后端（生成的规则包、参照解释器）各跑一遍全部测试块：期望必须全部满足，两个后端的输出逐字节相同。
 * 每个测试块的理赔再带解释（--explain）审核一次：两个后端、两次运行逐字节相同，每条结果都有解释；输出（去掉解释）与快照
 * cases/<文件>.expect.json 比对（jr_id 按出现顺序换成 #1、#2…，与规则包 id 无关）。重写快照：UPDATE_EXPECT=1 npx vitest run tests/eval
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseClaimFile, runTests } from '@zhishen/compiler';
import type { TestReport, TestSpec } from '@zhishen/compiler';
import { createEngine, createScreening } from '@zhishen/runtime';
import type { DeploymentConfig, RulePack } from '@zhishen/runtime';
import { bothBackends, collectTestsOf, compileText } from '../../compiler/test/helpers.js';
import type { Backends } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';
import { normalizeIds } from '../support/normalize-ids.js';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const files = readdirSync(casesDir).filter(f => f.endsWith('.zs')).sort();
const update = !!process.env.UPDATE_EXPECT;

interface Prepared {
    backends: Backends;
    tests: TestSpec[];
    compiled: TestReport;
    interpreted: TestReport;
    code: string;
    codeAgain: string;
}

/** 理赔文件：.json 一个入参；.ndjson 一行一个（一次筛查）。 */
function readClaim(file: string): unknown {
    return parseClaimFile(file, readFileSync(casesDir + file, 'utf8'));
}

async function prepare(file: string): Promise<Prepared> {
    const text = readFileSync(casesDir + file, 'utf8');
    const kb = text.startsWith('// kb: sample') ? await loadSampleKb() : undefined;
    const configFile = casesDir + file.replace(/\.zs$/, '.config.json');
    const rawConfig = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : undefined;
    const sources = { [file]: text };
    const backends = await bothBackends(sources, { kb, rawConfig });
    const again = await compileText(sources, { kb, rawConfig });
    const tests = await collectTestsOf(sources, kb);
    const options = { readClaimFile: (_uri: string, claimFile: string) => readClaim(claimFile) };
    return {
        backends,
        tests,
        compiled: runTests(backends.compiled, tests, options),
        interpreted: runTests(backends.interpreted, tests, options),
        code: withoutMapUrl(backends.output.result!.code),
        codeAgain: withoutMapUrl(again.result!.code)
    };
}

/** 测试工具给每个规则包不同的文件名，只有 sourceMappingURL 一行因此不同。 */
function withoutMapUrl(code: string): string {
    return code.replace(/\/\/# sourceMappingURL=.*\n$/, '');
}

function withoutExplanation(response: { result?: Array<{ zhishen?: Record<string, unknown> }> }): unknown {
    for (const finding of response.result ?? []) if (finding.zhishen) delete finding.zhishen.explanation;
    return response;
}

function claimsOf(test: TestSpec): unknown[] {
    return test.claims.flatMap(ref => {
        if ('inline' in ref) return [ref.inline];
        const value = readClaim(ref.file);
        return Array.isArray(value) ? value : [value];
    });
}

/** 带解释地审核测试块的理赔：一份 → 引擎；多份 → 一次筛查（与 runTests 相同）。 */
function audit(pack: RulePack, test: TestSpec, options: { explain: boolean; config: DeploymentConfig }): string {
    const claims = claimsOf(test);
    if (claims.length === 1) return JSON.stringify(createEngine(pack, options).evaluate(claims[0]).response);
    const screening = createScreening(pack, { ...options, phase: undefined });
    for (const claim of claims) screening.add(claim);
    return JSON.stringify({ task_id: null, result: screening.run().findings.map(({ task_id: _task, ...r }) => r) });
}

function configOf(test: TestSpec): DeploymentConfig {
    return { parameters: { '*': test.parameters }, levelCodes: {}, behaviorCodes: {}, disabled: [] };
}

function failureText(report: TestReport, index: number): string {
    const result = report.results[index];
    const lines = [result.error ?? ''];
    for (const e of result.expectations) if (!e.passed) lines.push(`${e.expectation.text}\n  期望：${e.expected}\n  实际：${e.actual}`);
    return lines.filter(Boolean).join('\n');
}

for (const file of files) {
    describe(file, async () => {
        let prepared: Prepared | undefined;
        let failure: unknown;
        try {
            prepared = await prepare(file);
        } catch (error) {
            failure = error;
        }
        const snapshotFile = casesDir + file.replace(/\.zs$/, '.expect.json');
        const snapshot: Record<string, unknown> = !update && existsSync(snapshotFile) ? JSON.parse(readFileSync(snapshotFile, 'utf8')) : {};
        const fresh: Record<string, unknown> = {};

        it('编译：没有错误；再编译一次生成的代码逐字节相同', () => {
            if (failure) throw failure;
            const p = prepared!;
            expect(p.backends.output.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
            expect(p.tests.length, '用例文件里应有 测试 块').toBeGreaterThan(0);
            expect(p.codeAgain).toBe(p.code);
        });

        const names = prepared?.tests.map(t => t.name) ?? [];
        names.forEach((name, index) => {
            it(name, () => {
                const p = prepared!;
                const test = p.tests[index];
                // 期望（两个后端）
                expect(p.compiled.results[index].passed, `规则包：\n${failureText(p.compiled, index)}`).toBe(true);
                expect(p.interpreted.results[index].passed, `解释器：\n${failureText(p.interpreted, index)}`).toBe(true);
                expect(JSON.stringify(p.interpreted.results[index].response)).toBe(JSON.stringify(p.compiled.results[index].response));
                // 带解释：两个后端、两次运行逐字节相同
                const options = { explain: true, config: configOf(test) };
                const a = audit(p.backends.compiled, test, options);
                const b = audit(p.backends.interpreted, test, options);
                const c = audit(p.backends.compiled, test, options);
                expect(b, '参照解释器与规则包的输出（带解释）不同').toBe(a);
                expect(c, '同一输入两次运行的输出不同').toBe(a);
                // 每条结果都带解释，条件记录了看到的值
                const response = JSON.parse(a) as { result: Array<{ zhishen?: { explanation?: { summary: string; steps: Array<{ kind: string; values?: unknown[]; value?: string }> } } }> };
                for (const finding of response.result) {
                    const explanation = finding.zhishen?.explanation;
                    expect(explanation, '结果缺少解释').toBeDefined();
                    expect(explanation!.summary).toMatch(/成立/);
                    for (const step of explanation!.steps) {
                        if (step.kind === 'when') expect(step.values, `条件「${JSON.stringify(step)}」没有记录看到的值`).toBeDefined();
                        else expect(typeof step.value).toBe('string');
                    }
                }
                // 快照（不含解释：解释的措辞另有用例；这里只锁定 3101 输出与扩展字段）
                const normalized = normalizeIds(withoutExplanation(JSON.parse(a)));
                fresh[name] = normalized;
                if (!update) {
                    expect(name in snapshot, `没有快照：UPDATE_EXPECT=1 npx vitest run tests/eval 生成 ${file.replace(/\.zs$/, '.expect.json')}`).toBe(true);
                    expect(normalized, '输出与快照不同；确认变化是有意的之后用 UPDATE_EXPECT=1 重写快照').toEqual(snapshot[name]);
                }
            });
        });

        if (update) {
            it('写快照', () => {
                writeFileSync(snapshotFile, JSON.stringify(fresh, null, 2) + '\n');
            });
        }
    });
}
