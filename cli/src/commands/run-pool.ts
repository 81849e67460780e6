/**
 * zhishen run 与 zhishen screen（js 引擎、逐张求值时）的工作线程池：块按提交顺序交回（调用者按顺序等待），每个线程最多同时领 2 块（不空等主线程）。
 * 每条理赔有时间预算（该线程用掉的 CPU 时间）：线程在共享内存里记下正在审核哪一行；超过预算的，主线程结束该线程、换一个新的，
 * 该行在重新提交的块里输出超时错误行（其余行照常重新审核，结果确定，与未超时时相同）。线程异常退出（如内存不足）同样处理。
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AuditResponse } from '@zhishen/runtime';
import type { Chunk, LineStats } from './run-lines.js';
import type { WorkerInput } from './run-worker.js';

export type AbortReason = { kind: 'timeout'; ms: number } | { kind: 'crash'; message: string };

export interface TaskMessage {
    seq: number;
    bytes: Uint8Array;
    firstLine: number;
    /** 不按字节切分的输入（Parquet 的一行一个请求）：各行的文本与行号；有它时 bytes 为空 */
    texts?: string[];
    lineNumbers?: number[];
    /** 块内行序号 → 不再审核、直接输出错误行的原因 */
    aborted: Array<[number, AbortReason]>;
}

export interface DoneMessage {
    type: 'done';
    seq: number;
    /** 整块的输出行，UTF-8，每行以 \n 结尾 */
    text: Uint8Array;
    stats: LineStats;
    responses?: AuditResponse[];
}

/** 工作线程交回的一块：至少有块号（线程池按它核对顺序）；其余内容由各命令的工作线程定义。 */
export interface DoneBase {
    type: 'done';
    seq: number;
}

type WorkerMessage<D extends DoneBase> = D | { type: 'ready'; tid?: string } | { type: 'fatal'; message: string };

interface Task<D extends DoneBase> {
    chunk: Chunk;
    aborted: Array<[number, AbortReason]>;
    resolve(done: D): void;
    reject(error: Error): void;
}

interface Slot<D extends DoneBase> {
    worker: Worker;
    status: Int32Array;
    started: Float64Array;
    tasks: Array<Task<D>>;
    ready: boolean;
    dead: boolean;
    error?: string;
    /** 线程在 /proc/self/task 下的编号（Linux）；没有时按墙钟计时 */
    tid?: string;
    /** 正在计时的一行：块号、行序号、第一次看到它时线程已用的 CPU 毫秒 */
    watch?: { seq: number; index: number; cpu: number };
}

export interface PoolOptions<I> {
    size: number;
    url: URL;
    /** 交给每个工作线程的 workerData（线程池另加 status：共享内存里的当前行） */
    input: I;
    /** 每条理赔的时间预算（毫秒），0 = 不限 */
    budget: number;
}

/** 线程池不能继续（规则包在工作线程里加载失败、线程反复崩溃）。 */
export class PoolFailed extends Error {}

const PER_WORKER = 2;
const MAX_RESTARTS_WITHOUT_PROGRESS = 3;

export class WorkerPool<D extends DoneBase = DoneMessage, I = Omit<WorkerInput, 'status'>> {
    private readonly slots: Array<Slot<D>> = [];
    private readonly queue: Array<Task<D>> = [];
    private readonly timer?: ReturnType<typeof setInterval>;
    private failed?: Error;
    private restarts = 0;
    /** 超时与崩溃中止的行数 */
    aborted = 0;

    constructor(private readonly options: PoolOptions<I>) {
        if (options.budget > 0) {
            this.timer = setInterval(() => this.checkBudgets(), Math.max(5, Math.min(100, options.budget / 4)));
            this.timer.unref();
        }
    }

    run(chunk: Chunk): Promise<D> {
        if (this.failed) return Promise.reject(this.failed);
        return new Promise((resolve, reject) => {
            this.queue.push({ chunk, aborted: [], resolve, reject });
            this.pump();
        });
    }

    async close(): Promise<void> {
        if (this.timer) clearInterval(this.timer);
        const slots = this.slots.splice(0);
        for (const slot of slots) slot.dead = true;
        await Promise.all(slots.map(slot => slot.worker.terminate()));
    }

    private pump(): void {
        while (this.queue.length > 0) {
            // 先给空闲的线程；都忙且未满额时再起一个（小输入只起一个线程）；否则排给手上最少的线程
            let slot = this.slots.find(s => s.tasks.length === 0);
            if (!slot && this.slots.length < this.options.size) slot = this.spawn();
            slot ??= this.slots.filter(s => s.tasks.length < PER_WORKER).sort((a, b) => a.tasks.length - b.tasks.length)[0];
            if (!slot) return;
            const task = this.queue.shift()!;
            slot.tasks.push(task);
            const { seq, bytes, firstLine, texts, lineNumbers } = task.chunk;
            const message: TaskMessage = { seq, bytes, firstLine, aborted: task.aborted, ...(texts ? { texts, lineNumbers } : {}) };
            slot.worker.postMessage(message);
        }
    }

    private spawn(): Slot<D> {
        const status = new SharedArrayBuffer(16);
        const worker = new Worker(this.options.url, { workerData: { ...this.options.input, status } });
        const slot: Slot<D> = { worker, status: new Int32Array(status, 0, 2), started: new Float64Array(status, 8, 1), tasks: [], ready: false, dead: false };
        worker.on('message', (message: WorkerMessage<D>) => {
            if (slot.dead) return;
            if (message.type === 'ready') {
                slot.ready = true;
                slot.tid = message.tid;
            }
            else if (message.type === 'fatal') this.fail(new PoolFailed(message.message));
            else {
                const task = slot.tasks.shift();
                if (!task || task.chunk.seq !== message.seq) return this.fail(new PoolFailed(`工作线程交回的块 ${message.seq} 与提交的顺序不符`));
                this.restarts = 0;
                task.resolve(message);
                this.pump();
            }
        });
        worker.on('error', error => {
            slot.error = error.message;
        });
        worker.on('exit', code => {
            if (slot.dead) return;
            this.replace(slot, { kind: 'crash', message: slot.error ?? `退出码 ${code}` });
        });
        this.slots.push(slot);
        return slot;
    }

    /** 结束一个线程，它手上的块放回队首（正在审核的那一行标记为中止），再起一个新线程。 */
    private replace(slot: Slot<D>, reason: AbortReason): void {
        slot.dead = true;
        this.slots.splice(this.slots.indexOf(slot), 1);
        void slot.worker.terminate();
        const index = Atomics.load(slot.status, 0) - 1;
        const current = slot.tasks.find(t => t.chunk.seq === slot.status[1]);
        if (index >= 0 && current && slot.ready) {
            current.aborted.push([index, reason]);
            this.aborted++;
        } else if (!slot.ready || ++this.restarts > MAX_RESTARTS_WITHOUT_PROGRESS) {
            const why = reason.kind === 'crash' ? reason.message : '超时';
            return this.fail(new PoolFailed(slot.ready ? `工作线程反复异常退出（${why}）` : `工作线程未能启动（${why}）`));
        }
        this.queue.unshift(...slot.tasks);
        slot.tasks = [];
        this.pump();
    }

    /**
     * 时间预算按线程实际用掉的 CPU 时间计（Linux 读 /proc/self/task/<tid>/stat），机器很忙、线程分不到 CPU 时不会误判；
     * 读不到时按墙钟。CPU 时间从主线程第一次看到这一行时算起（少算至多一个检查间隔，只会更宽松）。
     */
    private checkBudgets(): void {
        const now = Date.now();
        for (const slot of [...this.slots]) {
            if (slot.dead || slot.tasks.length === 0) continue;
            // 先读行序号再读开始时间：线程先写时间后写序号，读到的时间不会早于这一行的开始
            const index = Atomics.load(slot.status, 0);
            if (index === 0) {
                slot.watch = undefined;
                continue;
            }
            const cpu = slot.tid === undefined ? undefined : threadCpuMs(slot.tid);
            let used: number;
            if (cpu === undefined) used = now - slot.started[0];
            else {
                const seq = slot.status[1];
                if (!slot.watch || slot.watch.seq !== seq || slot.watch.index !== index) slot.watch = { seq, index, cpu };
                used = cpu - slot.watch.cpu;
            }
            if (used > this.options.budget) this.replace(slot, { kind: 'timeout', ms: this.options.budget });
        }
    }

    private fail(error: Error): void {
        if (this.failed) return;
        this.failed = error;
        const tasks = [...this.queue.splice(0), ...this.slots.flatMap(s => s.tasks.splice(0))];
        for (const task of tasks) task.reject(error);
        void this.close();
    }
}

/** 线程已用的 CPU 毫秒（用户 + 系统；/proc 的时钟滴答按 100 Hz）；读不到时 undefined。 */
function threadCpuMs(tid: string): number | undefined {
    try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
        // 第 2 个字段（线程名）带括号、可能有空格：从最后一个 ')' 之后数，utime、stime 是其后的第 12、13 个
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        return Number.isFinite(ticks) ? ticks * 10 : undefined;
    } catch {
        return undefined;
    }
}
