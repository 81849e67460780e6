/**
 * 求值 worker 池：每个 worker 一次只审核一个请求，请求在主线程排队。
 * 时间预算：请求进队时起算；排队时到期 → 不再求值；求值时到期 → terminate 该 worker（病态正则之类卡住的求值停不下来，
 * 只能结束线程），这个请求以 BudgetExceeded 结束，池子启动一个新 worker 顶上，队里的其他请求照常处理。
 * 新池子（热加载）先等所有 worker 加载好规则包；有一个失败就整体失败，旧池子继续服务。
 */
import { Worker } from 'node:worker_threads';
import type { ClaimError } from '@zhishen/runtime';
import type { ClaimPayload, EvaluationReply, PackInfo, WorkerInit, WorkerReply } from './protocol.js';

export class BudgetExceeded extends Error {
    constructor(readonly budgetMs: number, readonly running: boolean) {
        super(running ? `审核超过时间预算 ${budgetMs} 毫秒，已中止` : `排队等待超过时间预算 ${budgetMs} 毫秒，未审核`);
    }
}

export class WorkerFailed extends Error {}

/** 排队的请求已达上限：立即答“繁忙”，比排到超时再答好（客户端可以改投别的实例） */
export class Overloaded extends Error {
    constructor(readonly limit: number) {
        super(`服务繁忙：排队等待审核的请求已达上限 ${limit}，请稍后重试或改投其他实例`);
    }
}

/** 请求体有 worker 查出的问题（重复的键）：请求无效，不是服务的故障 */
export class InvalidClaim extends Error {
    constructor(readonly error: ClaimError) {
        super(error.message);
    }
}

/** 客户端在轮到求值之前已断开：不再求值（过载时不把算力花在没人等的请求上） */
export class Cancelled extends Error {}

export interface PoolOptions extends WorkerInit {
    size: number;
    /** 排队（不含正在求值的）请求数上限，默认 256 */
    maxQueue?: number;
    /** worker 脚本（默认本包 dist 里的 worker.js） */
    workerUrl?: URL;
}

interface Task {
    id: number;
    claim: ClaimPayload;
    budgetMs: number;
    cancelled?: () => boolean;
    resolve(reply: Result): void;
    reject(error: Error): void;
    timer?: NodeJS.Timeout;
    slot?: Slot;
    done: boolean;
}

export interface Result extends EvaluationReply {
    /** 本次运行的规则下标 */
    ruleIndices: number[];
}

interface Slot {
    worker: Worker;
    ready: boolean;
    task?: Task;
    /** 运行规则组编号 → 规则下标（每个 worker 各自编号） */
    active: Map<number, number[]>;
}

const DEFAULT_WORKER = new URL('./worker.js', import.meta.url);

export class WorkerPool {
    private readonly slots: Slot[] = [];
    private readonly queue: Task[] = [];
    private nextId = 1;
    private closing = false;
    private drained?: () => void;
    /** 因超时而被换掉的 worker 数 */
    replaced = 0;

    private constructor(private readonly options: PoolOptions, readonly info: PackInfo) {}

    /** 启动池子：所有 worker 都加载好规则包才返回；任一失败则结束已启动的 worker 并抛出 WorkerFailed（中文原因）。 */
    static async start(options: PoolOptions): Promise<WorkerPool> {
        const starting = Array.from({ length: Math.max(1, options.size) }, () => spawn(options));
        const settled = await Promise.allSettled(starting.map(s => s.ready));
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (failed) {
            await Promise.all(starting.map(s => s.worker.terminate()));
            throw failed.reason as Error;
        }
        const pool = new WorkerPool(options, (settled[0] as PromiseFulfilledResult<PackInfo>).value);
        for (const s of starting) pool.adopt(s.worker);
        return pool;
    }

    get size(): number {
        return this.slots.length;
    }

    /** 排队 + 正在求值的请求数 */
    get pending(): number {
        return this.queue.length + this.slots.filter(s => s.task).length;
    }

    /** 审核一个 input.data（对象，或请求体原文与它在其中的路径）。cancelled() 为真（客户端已断开）时，轮到它也不再求值。 */
    run(claim: ClaimPayload, budgetMs: number, cancelled?: () => boolean): Promise<Result> {
        if (this.closing) return Promise.reject(new WorkerFailed('规则包正在切换，池子已关闭'));
        const limit = this.options.maxQueue ?? 256;
        if (this.queue.length >= limit) return Promise.reject(new Overloaded(limit));
        return new Promise<Result>((resolve, reject) => {
            const task: Task = { id: this.nextId++, claim, budgetMs, cancelled, resolve, reject, done: false };
            task.timer = setTimeout(() => this.expire(task), budgetMs);
            this.queue.push(task);
            this.pump();
        });
    }

    /** 不再接受新请求；队里与正在求值的请求完成后结束所有 worker。 */
    async close(): Promise<void> {
        this.closing = true;
        if (this.pending > 0) await new Promise<void>(resolve => { this.drained = resolve; });
        for (const slot of this.slots) slot.worker.removeAllListeners();
        await Promise.all(this.slots.map(s => s.worker.terminate()));
        this.slots.length = 0;
    }

    private adopt(worker: Worker): Slot {
        const slot: Slot = { worker, ready: true, active: new Map() };
        this.slots.push(slot);
        worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
        worker.on('error', error => this.onExit(slot, new WorkerFailed(`求值线程出错：${error.message}`)));
        worker.on('exit', () => this.onExit(slot, new WorkerFailed('求值线程意外退出')));
        return slot;
    }

    private pump(): void {
        for (const slot of this.slots) {
            if (!slot.ready || slot.task) continue;
            let task = this.queue.shift();
            while (task?.cancelled?.()) {
                this.finish(task);
                task.reject(new Cancelled('客户端已断开，未审核'));
                task = this.queue.shift();
            }
            if (!task) break;
            slot.task = task;
            task.slot = slot;
            slot.worker.postMessage({ id: task.id, ...task.claim });
        }
        if (this.closing && this.drained && this.pending === 0) this.drained();
    }

    private finish(task: Task): void {
        task.done = true;
        clearTimeout(task.timer);
        if (task.slot && task.slot.task === task) task.slot.task = undefined;
    }

    private onReply(slot: Slot, reply: WorkerReply): void {
        const task = slot.task;
        if (!task || (reply.type !== 'result' && reply.type !== 'error' && reply.type !== 'invalid') || reply.id !== task.id) return;
        this.finish(task);
        if (reply.type === 'error') task.reject(new WorkerFailed(`审核时出错：${reply.message}`));
        else if (reply.type === 'invalid') task.reject(new InvalidClaim(reply.error));
        else {
            if (reply.activeRules) slot.active.set(reply.active, reply.activeRules);
            task.resolve({ ...reply, ruleIndices: slot.active.get(reply.active) ?? [] });
        }
        this.pump();
    }

    private expire(task: Task): void {
        if (task.done) return;
        const slot = task.slot;
        this.finish(task);
        if (!slot) {
            this.queue.splice(this.queue.indexOf(task), 1);
            task.reject(new BudgetExceeded(task.budgetMs, false));
            this.pump();
            return;
        }
        task.reject(new BudgetExceeded(task.budgetMs, true));
        this.replace(slot);
    }

    private onExit(slot: Slot, error: Error): void {
        if (!this.slots.includes(slot) || !slot.ready) return;
        const task = slot.task;
        if (task && !task.done) {
            this.finish(task);
            task.reject(error);
        }
        this.replace(slot);
    }

    /** 结束一个 worker，启动新的顶替（加载规则包期间这个位置不接任务）。 */
    private replace(slot: Slot): void {
        slot.ready = false;
        slot.task = undefined;
        this.replaced++;
        slot.worker.removeAllListeners();
        void slot.worker.terminate();
        const index = this.slots.indexOf(slot);
        if (this.closing) {
            this.slots.splice(index, 1);
            this.pump();
            return;
        }
        const next = spawn(this.options);
        next.ready.then(() => {
            this.slots.splice(this.slots.indexOf(slot), 1);
            this.adopt(next.worker);
            this.pump();
        }, () => {
            // 同一规则包刚才加载成功过，这里失败多半是资源问题：这个位置空着，其余 worker 继续服务
            this.slots.splice(this.slots.indexOf(slot), 1);
            this.pump();
        });
    }
}

function spawn(options: PoolOptions): { worker: Worker; ready: Promise<PackInfo> } {
    const init: WorkerInit = { packFile: options.packFile, config: options.config, phase: options.phase };
    const worker = new Worker(options.workerUrl ?? DEFAULT_WORKER, { workerData: init });
    const ready = new Promise<PackInfo>((resolve, reject) => {
        const onMessage = (reply: WorkerReply) => {
            cleanup();
            if (reply.type === 'ready') resolve(reply.info);
            else reject(new WorkerFailed(reply.type === 'failed' ? reply.message : '求值线程没有按约定启动'));
        };
        const onError = (error: Error) => { cleanup(); reject(new WorkerFailed(`求值线程启动失败：${error.message}`)); };
        const onExit = (code: number) => { cleanup(); reject(new WorkerFailed(`求值线程启动时退出（${code}）`)); };
        const cleanup = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
    });
    return { worker, ready };
}
