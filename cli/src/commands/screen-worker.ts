/**
 * zhishen screen（js 引擎、逐张求值）的工作线程：加载规则包，逐块载入、求值 NDJSON 行（或 Parquet 的一批请求），
 * 把整块的结果行（UTF-8）与每一行的汇总增量、进入集合的就诊号交回主线程。跨块的查重由主线程按输入顺序做
 * （Screening.claim）；块内的重复在这里拒掉（每块开始时 forgetClaims）。
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as runtime from '@zhishen/runtime';
import type { DeploymentConfig } from '@zhishen/runtime';
import { loadPackSource } from '../pack-file.js';
import type { PackSource } from '../pack-file.js';
import { forEachText } from './run-lines.js';
import type { AbortReason, DoneBase, TaskMessage } from './run-pool.js';
import type { LoadedLine, ScreenDelta } from './screen-lines.js';
import { abortedScreenLine, deltaOf, findingsText, loadLine } from './screen-lines.js';

export interface ScreenWorkerInput {
    /** 规则包文件（zhishen build 的产物），或就地编译得到的 factory 代码 */
    pack: PackSource;
    config?: DeploymentConfig;
    explain?: boolean;
    from?: string;
    to?: string;
    /** Int32 [0] 当前行序号 + 1（0 = 空闲），[1] 当前块号（线程池据此找出崩溃时正在载入的一行） */
    status: SharedArrayBuffer;
}

/** 块里的一行（空行不算）：行序号、载入结果、汇总增量，及它的结果行在 text 里的结束位置（字节）。 */
export interface ScreenedLine {
    index: number;
    line: LoadedLine;
    delta: ScreenDelta;
    end: number;
}

export interface ScreenDone extends DoneBase {
    lines: ScreenedLine[];
    /** 整块的结果行，UTF-8，每行一条结果、以 \n 结尾 */
    text: Uint8Array;
}

const input = workerData as ScreenWorkerInput;
const port = parentPort;

if (port) {
    const status = new Int32Array(input.status, 0, 2);
    try {
        const pack = await loadPackSource(input.pack);
        const screening = runtime.createScreening(pack, { config: input.config, explain: input.explain, from: input.from, to: input.to });
        if (!screening.streaming) throw new Error('有规则读筛查集合：不能分线程筛查');
        const encoder = new TextEncoder();
        port.on('message', (task: TaskMessage) => {
            const aborted = new Map<number, AbortReason>(task.aborted);
            const lines: ScreenedLine[] = [];
            const out: string[] = [];
            let end = 0;
            status[1] = task.seq;
            screening.forgetClaims();
            const visit = (text: string, index: number) => {
                const lineNumber = task.lineNumbers ? task.lineNumbers[index] : task.firstLine + index;
                const reason = aborted.get(index);
                if (reason) {
                    lines.push({ index, ...abortedScreenLine(reason), end });
                    return;
                }
                Atomics.store(status, 0, index + 1);
                // 按文本交来的块是 Parquet 的请求（空值是坏行），按字节的是 NDJSON
                const line = loadLine(screening, text, lineNumber, task.texts !== undefined);
                if (!line) return;
                const taken = screening.take();
                const json = findingsText(taken.result.findings);
                out.push(json);
                end += Buffer.byteLength(json);
                lines.push({ index, line, delta: deltaOf(taken), end });
            };
            if (task.texts) task.texts.forEach(visit);
            else forEachText(task.bytes, task.firstLine, visit);
            Atomics.store(status, 0, 0);
            const text = encoder.encode(out.join(''));
            const done: ScreenDone = { type: 'done', seq: task.seq, lines, text };
            port.postMessage(done, [text.buffer]);
        });
        port.postMessage({ type: 'ready' });
    } catch (error) {
        port.postMessage({ type: 'fatal', message: (error as Error).message });
    }
}
