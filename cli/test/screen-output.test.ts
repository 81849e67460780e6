/**
 * zhishen screen 的输出故障（问题 17-9，zhishen run 早已处理）：读的一方关闭管道（| head -1）时安静地结束（不是 Unhandled 'error' event
 * EPIPE 的堆栈）；写到 /dev/full（磁盘满）时中文信息、退出码 74；-o 的目录不存在时中文信息。js 与 duckdb 两个引擎都一样。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KB, root, zhishenInto } from './spawn.js';

const good = JSON.stringify(JSON.parse(readFileSync(join(root, 'examples/claims/同日重复收费.json'), 'utf8')));
const run = zhishenInto;

describe('zhishen screen 的输出故障', { timeout: 180_000 }, () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-out-'));
        cpSync(join(root, 'examples/语言导览.zs'), join(dir, 'rules.zs'));
        // 3,000 张理赔、每张一条结果：输出远大于管道的缓冲
        const lines = Array.from({ length: 3000 }, (_, i) => good.replace('"T-20240302-001"', `"T${i}"`).replaceAll('"M100"', `"M${i}"`));
        writeFileSync(join(dir, 'many.ndjson'), lines.join('\n') + '\n');
    });

    for (const engine of ['js', 'duckdb']) {
        const args = ['screen', '--engine', engine, '--rules', 'rules.zs', '--kb', KB, '--claims', 'many.ndjson'];

        it(`${engine}：读的一方关闭管道（| head -1）：安静地结束，退出码 0`, async () => {
            const r = await run(args, dir, 'pipe-first-line');
            expect(JSON.parse(r.first).rule_id).toBe('ZS_DEMO_003');
            expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
            expect(r.code).toBe(0);
        });

        it(`${engine}：写到 /dev/full（标准输出与 -o）：中文信息、退出码 74；-o 的目录不存在：中文信息`, async () => {
            if (!existsSync('/dev/full')) return;
            const fd = openSync('/dev/full', 'w');
            try {
                const r = await run(args, dir, fd);
                expect(r.code).toBe(74);
                expect(r.stderr).toContain('写输出失败：磁盘已满（ENOSPC）');
                expect(r.stderr).not.toMatch(/at |Error|Unhandled/);
            } finally {
                closeSync(fd);
            }
            const o = await run([...args, '-o', '/dev/full'], dir, 'pipe-first-line');
            expect(o.code).toBe(74);
            expect(o.stderr).toContain('写输出失败：磁盘已满（ENOSPC）');
            const missing = await run([...args, '-o', join(dir, '没有的目录/out.ndjson')], dir, 'pipe-first-line');
            expect(missing.code).not.toBe(0);
            expect(missing.stderr).toContain('打不开输出文件');
            expect(missing.stderr).not.toMatch(/ENOENT|at |Unhandled/);
        });
    }
});
