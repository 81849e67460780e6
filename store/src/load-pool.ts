/**
 * 装载的工作线程池：JSON 解析、规范化与拼 CSV（每张理赔约 0.5 ms，装载里最重的一段）分给几个线程，主线程只读文件、
 * 算内容哈希、判断重复、写表。结果按提交次序交回（调用者按次序处理），所以坏行的报告次序、计数与单线程逐字节相同。
 *
 * 每个线程最多同时领 PER_WORKER 块：线程不空等主线程，内存里在途的只有 线程数 × PER_WORKER 块。
 * 线程出错或退出时，在途的块都以错误结束（装载回滚这个文件），池不再接新块。
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LineOutcome } from './load-line.js';

export interface LoadTask {
    seq: number;
    file: string;
    batch: number;
    /** 各行的字节首尾相接（transfer 给线程，不复制） */
    data: ArrayBuffer;
    /** 第 i 行是 data[offsets[i], offsets[i + 1]) */
    offsets: number[];
    keys: string[];
    lines: number[];
}

export interface LoadReply {
    seq: number;
    outcomes: LineOutcome[];
}

interface Pending {
    resolve(outcomes: LineOutcome[]): void;
    reject(error: Error): void;
}

interface Slot {
    worker: Worker;
    pending: Map<number, Pending>;
}

export const PER_WORKER = 2;

export class LoadPool {
    private readonly slots: Slot[] = [];
    private seq = 0;
    private failure?: Error;

    constructor(readonly size: number) {
        const url = loadWorkerUrl();
        for (let i = 0; i < size; i++) {
            const slot: Slot = { worker: new Worker(url), pending: new Map() };
            slot.worker.on('message', (reply: LoadReply) => {
                const p = slot.pending.get(reply.seq);
                slot.pending.delete(reply.seq);
                p?.resolve(reply.outcomes);
            });
            slot.worker.on('error', error => this.fail(slot, `装载的工作线程出错：${error.message}`));
            slot.worker.on('exit', code => this.fail(slot, `装载的工作线程意外退出（退出码 ${code}）`));
            this.slots.push(slot);
        }
    }

    /** 交给在途最少的线程；data 被转移（调用后不能再用）。 */
    submit(task: Omit<LoadTask, 'seq'>): Promise<LineOutcome[]> {
        if (this.failure) return Promise.reject(this.failure);
        const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        const seq = ++this.seq;
        const promise = new Promise<LineOutcome[]>((resolve, reject) => {
            slot.pending.set(seq, { resolve, reject });
            slot.worker.postMessage({ ...task, seq } satisfies LoadTask, [task.data]);
        });
        // 调用者按次序等：排在后面的块先失败时，它的拒绝要到轮到它才被处理，不算“未处理的拒绝”
        promise.catch(() => undefined);
        return promise;
    }

    private fail(slot: Slot, message: string): void {
        const error = new Error(message);
        this.failure ??= error;
        for (const p of slot.pending.values()) p.reject(error);
        slot.pending.clear();
    }

    async close(): Promise<void> {
        this.failure ??= new Error('装载的线程池已关闭');
        await Promise.all(this.slots.map(s => {
            s.worker.removeAllListeners('exit');
            return s.worker.terminate();
        }));
    }
}

/**
 * 工作线程的文件：构建后与本文件同在 dist/；测试从 src/ 运行本文件时用构建好的 dist/load-worker.js；
 * 命令行把本包打进自己的 bundle 时（import.meta.url 在 cli/dist/bundle 下）经包名解析到 node_modules 里的本包。
 */
function loadWorkerUrl(): URL {
    const here = import.meta.url;
    for (const candidate of [new URL('./load-worker.js', here), new URL('../dist/load-worker.js', here)]) {
        if (existsSync(fileURLToPath(candidate))) return candidate;
    }
    return pathToFileURL(createRequire(here).resolve('@zhishen/store/load-worker'));
}
