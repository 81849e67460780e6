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
    /** 同一连接上再筛查一次（不限期间与期间覆盖全部日期各一次）：结果与第一次逐字节相同；之后还能装载（临时表与期间视图已清掉） */
    rescreen: { same: boolean; samePeriod: boolean; reloaded: number };
}

/** 部署配置再停用跨理赔规则（读筛查集合的）：逐个请求的口径，两边比的是同一组规则。 */
export function withoutPopulationRules(pack: RulePack, config?: DeploymentConfig): DeploymentConfig {
    const population = pack.manifest.rules.filter(r => r.population !== undefined).map(r => r.id);
    const base = config ?? { parameters: {}, levelCodes: {}, behaviorCodes: {}, disabled: [] };
    return { ...base, disabled: [...base.disabled, ...population] };
}

export async function compareOnStore(ir: IrPack, pack: RulePack, requests: unknown[], options: { config?: DeploymentConfig; phase?: Phase; executor?: ScreenOptions['executor'] } = {}): Promise<Comparison> {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-sql-'));
    const lines = requests.map(r => JSON.stringify(r));
    const file = join(dir, 'claims.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const store = await ClaimsStore.open(':memory:');
    try {
        await store.load([file]);
        // 跨理赔规则（读筛查集合）逐个请求审核时只看本请求，在库上看全部理赔：两种口径不比，两边都停用；
        // 它们的 SQL ≡ JS 由 population-differential.test.ts 对 createScreening 比对
        const perRequest = withoutPopulationRules(pack, options.config);
        const screen = await screenStore(store, { ir, pack, config: perRequest, phase: options.phase, allClaims: true, executor: options.executor });
        const unsupported = new Set(screen.unsupported.map(u => u.rule));
        const supported = ir.rules.map(r => r.id).filter(id => !unsupported.has(id));
        const sqlByKey = new Map(screen.requests.map(r => [r.request_key, JSON.stringify({ task_id: r.task_id, result: r.result })]));
        // JS 一侧只运行同一组规则：金额去重（F8）与按知识点合并（F7）在一个患者的全部结果上进行，
        // SQL 不能运行的规则若留在 JS 一侧，会从同一明细分走金额，两边就不是同一个规则集了
        const config: DeploymentConfig = { ...perRequest, disabled: [...perRequest.disabled, ...unsupported] };
        const engine = createEngine(pack, { config, phase: options.phase });
        const first = JSON.stringify(screen.requests);
        const again_: ScreenResult['requests'] = [];
        // 再筛查一次，结果分成每批 37 个请求组装：与一次组装逐字节相同
        const batches: number[] = [];
        const again = await screenStore(store, {
            ir, pack, config: perRequest, phase: options.phase, allClaims: true, assembleBatch: 37,
            onRequests: batch => { batches.push(batch.length); again_.push(...batch); }
        });
        again.requests = again_;
        const days = (await store.connection.runAndReadAll('SELECT min(coalesce(adm_date, dscg_date)), max(coalesce(adm_date, dscg_date)) FROM encounters WHERE enc_order = 0')).getRows()[0];
        const period = { from: Number(days[0] ?? 0), to: Number(days[1] ?? 0) };
        const withPeriod = await screenStore(store, { ir, pack, config: perRequest, phase: options.phase, allClaims: true, period });
        const undated = Number((await store.connection.runAndReadAll('SELECT count(*) FROM encounters WHERE enc_order = 0 AND coalesce(adm_date, dscg_date) IS NULL')).getRows()[0][0]);
        const reload = await store.load([file]);
        const rescreen = {
            same: JSON.stringify(again.requests) === first && (screen.requests.length <= 37 || batches.length > 1),
            // 没有日期的理赔在给了期间时不筛查：只有都有日期时期间覆盖全部才等于不限期间
            samePeriod: undated > 0 || JSON.stringify(withPeriod.requests) === first,
            reloaded: reload.files[0].duplicates
        };
        const comparison: Comparison = { requests: 0, findings: 0, mismatches: [], screen, supported, info: await store.info(), rescreen };
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
