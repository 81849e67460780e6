/**
 * SQL 后端 ≡ JS 规则包：同一批请求装进理赔库，SQL 后端筛查的 3101 结果（task_id + result，逐字节）与 JS 引擎逐个请求审核的结果相同。
 * 只比对 SQL 后端支持的规则（JS 的结果里去掉 ZC0301 列出的规则）；差分测试另外断言哪些规则在 SQL 上运行。
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@zhishen/runtime';
import type { DeploymentConfig, Phase, RulePack } from '@zhishen/runtime';
import type { IrPack } from '@zhishen/compiler';
import { ClaimsStore, requestKey, screenStore } from '@zhishen/store';
import type { ScreenOptions, ScreenResult, StoreInfo } from '@zhishen/store';

export interface Comparison {
    /** 比对的请求数（有可装入患者的） */
    requests: number;
    /** SQL 与 JS 都有的结果条数 */
    findings: number;
    /** 不同的请求：请求行号、两边的输出 */
    mismatches: Array<{ line: number; js: string; sql: string }>;
    screen: ScreenResult;
    supported: string[];
    /** 筛查之后库的概况（表完好、条数不变） */
    info: StoreInfo;
}

export async function compareOnStore(ir: IrPack, pack: RulePack, requests: unknown[], options: { config?: DeploymentConfig; phase?: Phase; executor?: ScreenOptions['executor'] } = {}): Promise<Comparison> {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-sql-'));
    const lines = requests.map(r => JSON.stringify(r));
    const file = join(dir, 'claims.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const store = await ClaimsStore.open(':memory:');
    try {
        await store.load([file]);
        const screen = await screenStore(store, { ir, pack, config: options.config, phase: options.phase, executor: options.executor });
        const unsupported = new Set(screen.unsupported.map(u => u.rule));
        const supported = ir.rules.map(r => r.id).filter(id => !unsupported.has(id));
        const sqlByKey = new Map(screen.requests.map(r => [r.request_key, JSON.stringify({ task_id: r.task_id, result: r.result })]));
        // JS 一侧只运行同一组规则：金额去重（F8）与按知识点合并（F7）在一个患者的全部结果上进行，
        // SQL 不能运行的规则若留在 JS 一侧，会从同一明细分走金额，两边就不是同一个规则集了
        const base = options.config ?? { parameters: {}, levelCodes: {}, behaviorCodes: {}, disabled: [] };
        const config: DeploymentConfig = { ...base, disabled: [...base.disabled, ...unsupported] };
        const engine = createEngine(pack, { config, phase: options.phase });
        const comparison: Comparison = { requests: 0, findings: 0, mismatches: [], screen, supported, info: await store.info() };
        const seen = new Set<string>();
        lines.forEach((line, n) => {
            const key = requestKey(line);
            if (seen.has(key)) return; // 重复的请求只装一次
            seen.add(key);
            const output = engine.evaluate(JSON.parse(line));
            if (output.response.result.length === 0 && output.evaluatedPatients === 0) return;
            comparison.requests++;
            const result = output.response.result;
            comparison.findings += result.length;
            const js = JSON.stringify({ task_id: output.response.task_id, result });
            const sql = sqlByKey.get(key) ?? JSON.stringify({ task_id: output.response.task_id, result: [] });
            if (js !== sql) comparison.mismatches.push({ line: n + 1, js, sql });
        });
        return comparison;
    } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
    }
}
