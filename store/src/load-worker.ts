/**
 * 装载的工作线程：收到一块行（字节连在一个 ArrayBuffer 里，另有各行的键与行号），逐行 loadLine，按原次序交回结果。
 * 不碰数据库、不判断重复：那些在主线程（load-pool.ts）。
 */
import { parentPort } from 'node:worker_threads';
import { loadLine } from './load-line.js';
import type { LoadReply, LoadTask } from './load-pool.js';

const port = parentPort;
if (!port) throw new Error('load-worker.js 只能作为装载的工作线程运行');
port.on('message', (task: LoadTask) => {
    const data = new Uint8Array(task.data);
    const where = { file: task.file, line: 0, batch: task.batch };
    const outcomes = task.keys.map((key, i) => {
        where.line = task.lines[i];
        return loadLine(data.subarray(task.offsets[i], task.offsets[i + 1]), key, where);
    });
    const reply: LoadReply = { seq: task.seq, outcomes };
    port.postMessage(reply);
});
