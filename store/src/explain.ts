/**
 * 理赔库筛查的 --explain：解释（各条件看到的值）由 JS 规则包求值时记录，SQL 不记录中间值。所以只对有结果的请求，
 * 从装载时的源文件按行号取回原文（核对内容哈希，文件变了就报错），用同一个规则包以 explain 求值——与 JS 筛查同一种
 * 选规则方式（环节 事后、不看请求的 trig_scen）——再按 (rule_id, jr_id) 把解释接到 SQL 的结果上。SQL 结果与 JS 结果
 * 逐字节相同（tests/store-sql），所以解释就是 engine js 给的那一份。
 *
 * 统计组规则（对整个筛查集合）与读筛查集合的规则的结果没有解释：重新求值要整个集合（汇总里报告个数）。
 */
import { AuditEngine, Population } from '@zhishen/runtime';
import type { DeploymentConfig, NRequest, RulePack, ZhishenExtension } from '@zhishen/runtime';
import type { ClaimsStore } from './store.js';
import type { ScreenedRequest } from './screen.js';

export interface ExplainResult {
    /** 接上了解释的结果数 */
    explained: number;
    /** 没有解释的结果（统计组、跨理赔规则） */
    missing: number;
}

export async function explainFindings(store: ClaimsStore, requests: readonly ScreenedRequest[], pack: RulePack, config?: DeploymentConfig): Promise<ExplainResult> {
    const engine = new AuditEngine(pack, { phase: '事后', explain: true, config });
    const populationRules = new Set(pack.manifest.rules.filter(r => r.population !== undefined).map(r => r.id));
    const byKey = new Map(requests.map(r => [r.request_key, r]));
    const result: ExplainResult = { explained: 0, missing: 0 };
    for await (const { key, text } of store.requestTexts(requests.map(r => ({ request_key: r.request_key, file: r.file, line_no: r.line_no })))) {
        const request = engine.normalize(JSON.parse(text));
        const output = engine.evaluateRequest({ ...request, trig_scen: null }, engine.usesPopulation ? singleRequestPopulation(request) : undefined);
        const explained = new Map<string, ZhishenExtension>();
        for (const r of output.response.result) {
            if (!populationRules.has(r.rule_id) && r.zhishen?.explanation) explained.set(`${r.rule_id}\u0000${r.jr_id}`, r.zhishen);
        }
        for (const finding of byKey.get(key)!.result) {
            const js = explained.get(`${finding.rule_id}\u0000${finding.jr_id}`);
            if (js && finding.zhishen) {
                finding.zhishen = withExplanation(finding.zhishen, js);
                result.explained++;
            } else {
                result.missing++;
            }
        }
    }
    return result;
}

/**
 * 把 JS 结果的解释放进 SQL 结果的扩展字段，键的次序同 JS（解释在结果组装之前写入，之后组装加的键如 rule_amt 在它后面）；
 * 其余的值都用 SQL 自己的（金额去重 F8 取决于同时运行的规则集，两边可能不同，解释不受影响）。
 */
function withExplanation(own: ZhishenExtension, js: ZhishenExtension): ZhishenExtension {
    const out: Record<string, unknown> = {};
    const mine = own as unknown as Record<string, unknown>;
    for (const key of Object.keys(js)) {
        if (key === 'explanation') out.explanation = js.explanation;
        else if (key in mine) out[key] = mine[key];
    }
    for (const key of Object.keys(mine)) if (!(key in out)) out[key] = mine[key];
    return out as unknown as ZhishenExtension;
}

/** 单个请求审核时筛查集合就是该请求（与 engine.evaluate 相同）。 */
function singleRequestPopulation(request: NRequest): Population {
    const population = new Population();
    for (const claim of request.claims) population.add(claim);
    return population;
}
