/**
 * 编译运行 worker：主线程只管界面，编译、审核、规则测试、知识库加载与搜索、理赔校验都在这里。
 * 请求按到达顺序逐个处理（知识库还在下载时到来的运行请求会等它加载完）。
 */
import type { EngineRequest, EngineResponse, KbSource } from '../lib/protocol.js';
import { EngineCore } from './engine-core.js';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

const core = new EngineCore();
let queue: Promise<unknown> = Promise.resolve();

async function loadKb(source: KbSource) {
    if ('url' in source) {
        const response = await fetch(source.url);
        if (!response.ok) throw new Error(`样例知识库下载失败（HTTP ${response.status}）`);
        const data = (await response.json()) as { name: string; files: Array<{ path: string; text: string }> };
        return core.loadKb(data.files, data.name);
    }
    return core.loadKb(source.files, source.name);
}

async function handle(request: EngineRequest): Promise<unknown> {
    switch (request.kind) {
        case 'loadKb': return loadKb(request.source);
        case 'searchKb': return core.searchKb(request.query, request.limit);
        case 'validateClaim': {
            const { values: _values, ...validation } = core.validateClaim(request.claim);
            return validation;
        }
        case 'run': return core.run(request);
    }
}

ctx.addEventListener('message', (event: MessageEvent<{ id: number; request: EngineRequest }>) => {
    const { id, request } = event.data;
    queue = queue.then(async () => {
        let reply: EngineResponse;
        try {
            reply = { id, ok: true, result: await handle(request) };
        } catch (error) {
            reply = { id, ok: false, error: (error as Error)?.message ?? String(error) };
        }
        ctx.postMessage(reply);
    });
});
