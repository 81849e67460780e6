/**
 * 差分测试的语料（SQL ≡ JS 与 Spark ≡ DuckDB 共用）：标准规则与随附样例请求、事后筛查的样例切片、求值用例（tests/eval）的测试块。
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '@zhishen/language';
import type { TestSpec } from '@zhishen/compiler';
import { parseClaimFile } from '@zhishen/compiler';
import type { DeploymentConfig } from '@zhishen/runtime';
import { collectTestsOf } from '../../compiler/test/helpers.js';
import { loadSampleKb } from '../../language/test/kb-fixture.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function stdlibFiles(): Record<string, string> {
    const dir = root + 'stdlib-rules/rules/';
    return Object.fromEntries(readdirSync(dir).filter(f => f.endsWith('.zs')).sort().map(f => [f, readFileSync(dir + f, 'utf8')]));
}

export function sampleRequests(): unknown[] {
    const dir = root + 'stdlib-rules/claims/';
    return readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(f => JSON.parse(readFileSync(dir + f, 'utf8')));
}

/** 事后筛查的样例切片（stdlib-rules/claims/screening/*.ndjson）：文件名 → 请求 */
export function screeningSlices(): Array<{ name: string; requests: unknown[] }> {
    const dir = root + 'stdlib-rules/claims/screening/';
    return readdirSync(dir).filter(f => f.endsWith('.ndjson')).sort()
        .map(f => ({ name: f, requests: readFileSync(dir + f, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l)) }));
}

export const EVAL_CASES_DIR = root + 'tests/eval/cases/';

export function evalCaseFiles(): string[] {
    return readdirSync(EVAL_CASES_DIR).filter(f => f.endsWith('.zs')).sort();
}

export interface EvalCase {
    text: string;
    kb?: KnowledgeBase;
    rawConfig?: unknown;
    /** 不带“设定”的测试块合成一组；带“设定”（改参数）的按它的参数各成一组（部署配置的 '*'，与 tests/eval 相同） */
    groups: Array<{ config?: DeploymentConfig; claims: unknown[] }>;
}

export async function evalCase(file: string): Promise<EvalCase> {
    const text = readFileSync(EVAL_CASES_DIR + file, 'utf8');
    const kb = text.startsWith('// kb: sample') ? await loadSampleKb() : undefined;
    const configFile = EVAL_CASES_DIR + file.replace(/\.zs$/, '.config.json');
    const rawConfig = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : undefined;
    const tests = await collectTestsOf({ [file]: text }, kb);
    const plain = tests.filter(t => t.claim && Object.keys(t.parameters).length === 0);
    const groups: EvalCase['groups'] = [{ claims: plain.flatMap(t => claimsOf(EVAL_CASES_DIR, t)) }];
    for (const t of tests.filter(t => t.claim && Object.keys(t.parameters).length > 0)) {
        groups.push({ config: { parameters: { '*': t.parameters }, levelCodes: {}, behaviorCodes: {}, disabled: [] }, claims: claimsOf(EVAL_CASES_DIR, t) });
    }
    return { text, kb, rawConfig, groups };
}

/** 测试块的全部理赔（多个 理赔、.ndjson 文件一行一个入参）：每份入参在库里各是一个请求。 */
function claimsOf(dir: string, test: TestSpec): unknown[] {
    const refs = test.claims.length > 0 ? test.claims : test.claim ? [test.claim] : [];
    return refs.flatMap(ref => {
        const value = 'inline' in ref ? ref.inline : parseClaimFile(ref.file, readFileSync(dir + ref.file, 'utf8'));
        return Array.isArray(value) && /\.(ndjson|jsonl)$/i.test('file' in ref ? ref.file : '') ? value : [value];
    });
}
