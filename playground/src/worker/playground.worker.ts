/**
 * 演练场唯一的 worker：语言服务器与编译运行在同一个线程里，共用一份知识库（只下载、只解析一次）。
 *
 * - 编译运行：主线程发 { id, request }（EngineRequest），按到达顺序逐个处理，回 { id, ok, result | error }；
 *   知识库还在下载时到来的运行请求会等它加载完（见 ui/engine-client.ts）。
 * - 语言服务器：主线程建一个 MessageChannel，把一端以 { zhishenLspPort } 传进来；服务器在这个端口上说 LSP
 *   （ui/lsp.ts 的 Monaco 客户端在另一端）。运行测试、在理赔上运行、构建规则包经编译器的 createEditorRunner，
 *   与命令行 zhishen lsp 是同一个运行器。
 * - 知识库：由编译运行一侧（EngineCore.loadKb）加载，同一个对象交给语言服务器（Project.useKnowledgeBase）。
 */
import { startBrowserServer } from '@zhishen/language/browser-server';
import type { KnowledgeBase } from '@zhishen/language';
import { createEditorRunner } from '@zhishen/compiler';
import type { EngineRequest, EngineResponse, KbSource } from '../lib/protocol.js';
import { EngineCore } from './engine-core.js';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

const core = new EngineCore();
let queue: Promise<unknown> = Promise.resolve();

/** 语言服务器（主线程传来端口之后才有）与它是否已初始化 */
let useKb: ((kb: KnowledgeBase | undefined) => void) | undefined;

function shareKb(): void {
    useKb?.(core.knowledgeBase);
}

async function loadKb(source: KbSource) {
    let info;
    if ('url' in source) {
        const response = await fetch(source.url);
        if (!response.ok) throw new Error(`样例知识库下载失败（HTTP ${response.status}）`);
        const data = (await response.json()) as { name: string; files: Array<{ path: string; text: string }> };
        info = core.loadKb(data.files, data.name);
    } else {
        info = core.loadKb(source.files, source.name);
    }
    shareKb();
    return info;
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
        case 'screenBatch': return core.screenBatch(request);
        case 'whyNot': {
            const { kind: _kind, ...query } = request;
            return core.whyNot(query);
        }
    }
}

function startLanguageServer(port: MessagePort): void {
    const server = startBrowserServer(port, { runner: createEditorRunner() });
    let initialized = false;
    let pending: { kb: KnowledgeBase | undefined } | undefined;
    const project = server.shared.zhishen.Project;
    // 初始化完成之前到的知识库先记下，初始化后再交给服务器（状态通知要在 initialized 之后发）
    useKb = kb => {
        if (initialized) void project.useKnowledgeBase(kb);
        else pending = { kb };
    };
    server.shared.lsp.LanguageServer.onInitialized(() => {
        initialized = true;
        if (pending) void project.useKnowledgeBase(pending.kb);
        pending = undefined;
    });
    if (core.knowledgeBase) useKb(core.knowledgeBase);
}

ctx.addEventListener('message', (event: MessageEvent<{ id: number; request: EngineRequest } | { zhishenLspPort: MessagePort }>) => {
    const data = event.data;
    if ('zhishenLspPort' in data) {
        startLanguageServer(data.zhishenLspPort);
        return;
    }
    const { id, request } = data;
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
