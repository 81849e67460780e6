#!/usr/bin/env node
/**
 * 端到端的下限：只读、解析、再序列化 NDJSON（单线程，大块读、按 \n 切、成批写），不审核。
 *   node bench/peers/floor.mjs claims.ndjson > out.ndjson
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const fd = openSync(process.argv[2], 'r');
const buffer = Buffer.allocUnsafe(4 << 20);
let carry = Buffer.alloc(0);
for (;;) {
    const n = readSync(fd, buffer, 0, buffer.length, null);
    const data = n === 0 ? carry : Buffer.concat([carry, buffer.subarray(0, n)]);
    const out = [];
    let start = 0;
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
        if (nl > start) out.push(JSON.stringify(JSON.parse(data.toString('utf8', start, nl))));
        start = nl + 1;
    }
    if (n === 0 && start < data.length) out.push(JSON.stringify(JSON.parse(data.toString('utf8', start))));
    if (out.length > 0) writeSync(1, out.join('\n') + '\n');
    carry = Buffer.from(data.subarray(start));
    if (n === 0) break;
}
closeSync(fd);
