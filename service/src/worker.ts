/**
 * 求值 worker：加载规则包与部署配置、建引擎，然后逐个审核主线程送来的 input.data。
 * 主线程可以随时 terminate 它（单个请求超出时间预算时），池子会换一个新的。
 * 应答里的 3101 结果已序列化成 JSON 文本（主线程直接拼进国家格式的出参，不再解析、序列化一遍）。
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, duplicateKeyError, validateConfig } from '@zhishen/runtime';
import type { AuditEngine, ClaimError } from '@zhishen/runtime';
import { loadPackFile } from './pack-file.js';
import type { ClaimText, FindingRow, PackInfo, WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

const port = parentPort!;
const init = workerData as WorkerInit;

async function start(): Promise<AuditEngine> {
    const pack = await loadPackFile(init.packFile);
    let config;
    if (init.config !== undefined) {
        const checked = validateConfig(init.config, pack.manifest);
        if (checked.errors.length > 0) throw new Error(`部署配置有 ${checked.errors.length} 处错误：${checked.errors.join('；')}`);
        config = checked.config;
    }
    return createEngine(pack, { config, phase: init.phase });
}

/** 请求体原文里的 input.data（主线程已校验过这段文本，见 protocol.ts 的 ClaimText）；有重复的键时是那个错误。 */
function claimOf(message: ClaimText): { data: unknown } | { invalid: ClaimError } {
    // 主线程的解析器去掉了开头的 BOM，这里也一样；重复键的位置按原文（与主线程查时一样）
    const parsed = JSON.parse(message.text.charCodeAt(0) === 0xfeff ? message.text.slice(1) : message.text) as { input: { data: unknown } };
    if (message.checkDuplicates) {
        const duplicate = duplicateKeyError(message.text, parsed, message.at);
        if (duplicate) return { invalid: duplicate };
    }
    return { data: message.at === '' ? parsed : parsed.input.data };
}

/** 每个不同的“本次运行的规则”数组编一个号，只在第一次随应答送出规则下标（引擎按 trig_scen 与 rule_ids 缓存同一数组）。 */
const activeIds = new Map<readonly boolean[], number>();

function serve(engine: AuditEngine): void {
    const rules = engine.pack.rules.map(r => ({ id: r.spec.meta.id, name: r.spec.meta.name }));
    const info: PackInfo = { id: engine.manifest.id, rules, ruleCount: rules.length };
    port.postMessage({ type: 'ready', info } satisfies WorkerReply);
    port.on('message', (message: WorkerRequest) => {
        let reply: WorkerReply;
        try {
            const claim = 'text' in message ? claimOf(message) : { data: message.data };
            if ('invalid' in claim) {
                port.postMessage({ type: 'invalid', id: message.id, error: claim.invalid } satisfies WorkerReply);
                return;
            }
            const output = engine.evaluate(claim.data);
            let active = activeIds.get(output.activeRules);
            let activeRules: number[] | undefined;
            if (active === undefined) {
                if (activeIds.size >= 256) activeIds.clear();
                activeIds.set(output.activeRules, active = activeIds.size + 1);
                activeRules = [];
                output.activeRules.forEach((on, i) => { if (on) activeRules!.push(i); });
            }
            const findings: FindingRow[] = output.response.result.map(r => [r.jr_id, r.rule_id, r.patn_id, r.mdtrt_id, Math.round(r.vola_amt * 100)]);
            reply = {
                type: 'result', id: message.id, rejected: output.rejected, errors: output.errors,
                response: JSON.stringify(output.response), evaluatedPatients: output.evaluatedPatients,
                active, activeRules, findings
            };
        } catch (error) {
            // V8 的英文信息不外露（同 zhishen run 与引擎里的 ZR0017）
            reply = { type: 'error', id: message.id, message: `规则求值失败（${error instanceof RangeError ? '超出求值的深度或大小限制' : '内部错误'}）；这是规则包或引擎的问题，请把这条请求与规则包一起报告` };
        }
        port.postMessage(reply);
    });
}

start().then(serve, (error: Error) => {
    port.postMessage({ type: 'failed', message: error.message } satisfies WorkerReply);
});
