/**
 * zhishen run 的工作线程：加载规则包，逐块审核 NDJSON 行，把整块的输出行（UTF-8）交回主线程。
 * 每开始一行，把“块号、行序号、开始时间”写进与主线程共享的内存：主线程据此（及本线程用掉的 CPU 时间）发现超时的理赔，
 * 结束本线程并换一个新的。
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as runtime from '@zhishen/runtime';
import type { AuditResponse, DeploymentConfig, Phase } from '@zhishen/runtime';
import { loadPackSource } from '../pack-file.js';
import type { PackSource } from '../pack-file.js';
import { loadHistory } from '../history.js';
import { abortedLine, auditLine, emptyStats, forEachText } from './run-lines.js';
import type { AbortReason, DoneMessage, TaskMessage } from './run-pool.js';

export interface WorkerInput {
    /** 规则包文件（zhishen build 的产物），或就地编译得到的 factory 代码 */
    pack: PackSource;
    config?: DeploymentConfig;
    explain?: boolean;
    phase?: Phase;
    /** 历史来源（NDJSON 文件）：每个线程载入一份，请求与它一起求值 */
    history?: string[];
    /** 表格格式：把审核通过的回应对象也交回主线程 */
    table: boolean;
    /** Int32 [0] 当前行序号 + 1（0 = 空闲），[1] 当前块号；Float64 [1] 当前行的开始时间（Date.now） */
    status: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const status = new Int32Array(input.status, 0, 2);
const started = new Float64Array(input.status, 8, 1);

const port = parentPort!;
try {
    const pack = await loadPackSource(input.pack);
    const history = input.history ? await loadHistory(input.history, runtime.createEngine(pack, { config: input.config })) : undefined;
    const engine = runtime.createEngine(pack, { config: input.config, explain: input.explain, phase: input.phase, history });
    const encoder = new TextEncoder();
    port.on('message', (task: TaskMessage) => {
        const stats = emptyStats();
        const responses: AuditResponse[] | undefined = input.table ? [] : undefined;
        const onResponse = responses ? (r: AuditResponse) => responses.push(r) : undefined;
        const aborted = new Map<number, AbortReason>(task.aborted);
        const out: string[] = [];
        status[1] = task.seq;
        forEachText(task.bytes, task.firstLine, (line, index) => {
            const lineNumber = task.firstLine + index;
            const reason = aborted.get(index);
            if (reason) {
                out.push(abortedLine(line, lineNumber, reason, stats));
                return;
            }
            started[0] = Date.now();
            Atomics.store(status, 0, index + 1);
            out.push(auditLine(engine, line, lineNumber, stats, onResponse));
        });
        Atomics.store(status, 0, 0);
        out.push('');
        const text = encoder.encode(out.join('\n'));
        const done: DoneMessage = { type: 'done', seq: task.seq, text, stats, responses };
        port.postMessage(done, [text.buffer]);
    });
    // 本线程在 /proc 里的编号（Linux）：主线程按它读本线程用掉的 CPU 时间，时间预算不受机器忙闲影响
    let tid: string | undefined;
    try {
        tid = readlinkSync('/proc/thread-self').split('/').pop();
    } catch {
        tid = undefined;
    }
    port.postMessage({ type: 'ready', tid });
} catch (error) {
    port.postMessage({ type: 'fatal', message: (error as Error).message });
}
