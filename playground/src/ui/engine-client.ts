/**
 * 演练场 worker（worker/playground.worker.ts）的编译运行客户端：请求 → Promise。worker 崩溃时给出中文错误。
 * 语言服务器在同一个 worker 里（ui/lsp.ts 经 MessageChannel 连接），两者共用一份知识库。
 */
import type { WhyNotResult } from '@zhishen/runtime';
import type { BatchResult, ClaimValidation, EngineRequest, EngineResponse, FileDoc, KbInfo, KbSearchResult, KbSource, ParamOverrides, PhaseChoice, RunResult, WhyNotRequest } from '../lib/protocol.js';
import PlaygroundWorker from '../worker/playground.worker?worker';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

export class EngineClient {
    /** 语言服务器也在这个 worker 里：startLanguageClient(engine.worker, …) */
    readonly worker: Worker;
    private nextId = 1;
    private readonly pending = new Map<number, Pending>();

    constructor(private readonly onCrash: (message: string) => void) {
        this.worker = this.spawn();
    }

    private spawn(): Worker {
        const worker = new PlaygroundWorker({ name: '智审（语言服务 + 编译运行）' });
        worker.addEventListener('message', (event: MessageEvent<EngineResponse>) => {
            const reply = event.data;
            const entry = this.pending.get(reply.id);
            if (!entry) return;
            this.pending.delete(reply.id);
            if (reply.ok) entry.resolve(reply.result);
            else entry.reject(new Error(reply.error));
        });
        worker.addEventListener('error', event => {
            event.preventDefault();
            const message = `演练场 worker 出错：${event.message || '未知错误'}`;
            for (const entry of this.pending.values()) entry.reject(new Error(message));
            this.pending.clear();
            this.onCrash(message);
        });
        return worker;
    }

    private call<T>(request: EngineRequest): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
            this.worker.postMessage({ id, request });
        });
    }

    loadKb(source: KbSource): Promise<KbInfo> {
        return this.call({ kind: 'loadKb', source });
    }

    searchKb(query: string, limit = 60): Promise<KbSearchResult> {
        return this.call({ kind: 'searchKb', query, limit });
    }

    validateClaim(claim: FileDoc): Promise<ClaimValidation> {
        return this.call({ kind: 'validateClaim', claim });
    }

    whyNot(request: WhyNotRequest): Promise<WhyNotResult> {
        return this.call({ kind: 'whyNot', ...request });
    }

    screenBatch(request: { sources: FileDoc[]; batch: FileDoc; params: ParamOverrides }): Promise<BatchResult> {
        return this.call({ kind: 'screenBatch', ...request });
    }

    run(request: { sources: FileDoc[]; claim: FileDoc | null; claimFiles: FileDoc[]; params: ParamOverrides; phase: PhaseChoice; tests: boolean }): Promise<RunResult> {
        return this.call({ kind: 'run', ...request });
    }
}
