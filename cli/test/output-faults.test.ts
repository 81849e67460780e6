/**
 * 其余命令写标准输出的故障（问题 17，zhishen run / screen 另有 run-batch、screen-output 两组测试）：
 * 读的一方关闭管道（| head）时不是 Node 的 Unhandled 'error' event 堆栈，退出码是命令本来的；写到 /dev/full（磁盘满）时
 * 中文信息、退出码 74，不是悄悄丢掉输出、以 0 或 1 结束。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KB, zhishenInto } from './spawn.js';

describe('各命令的输出故障', { timeout: 120_000 }, () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'zhishen-out-faults-'));
        // 300 条缺了内容的规则：900 个错误，JSON 输出远大于管道的缓冲
        writeFileSync(join(dir, 'bad.zs'), Array.from({ length: 300 }, (_, i) => `规则 R${i} 「测${i}」 {\n}\n`).join(''));
    });

    const commands: Array<[string, string[], number]> = [
        ['check --format json（有错误：退出码 1）', ['check', 'bad.zs', '--format', 'json'], 1],
        ['check 文本输出', ['check', 'bad.zs'], 1],
        ['kb search', ['kb', 'search', '药', '--kb', KB, '--limit', '500'], 0],
        ['--help', ['--help'], 0]
    ];

    for (const [name, args, code] of commands) {
        it(`${name}：读的一方关闭管道，安静地结束，退出码照旧`, async () => {
            const r = await zhishenInto(args, dir, 'pipe-first-line');
            expect(r.first.length).toBeGreaterThan(0);
            expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at |写输出失败/);
            expect(r.code).toBe(code);
        });

        it(`${name}：写到 /dev/full，中文信息、退出码 74`, async () => {
            if (!existsSync('/dev/full')) return;
            const fd = openSync('/dev/full', 'w');
            try {
                const r = await zhishenInto(args, dir, fd);
                expect(r.stderr).toContain('写输出失败：磁盘已满（ENOSPC）');
                expect(r.stderr).not.toMatch(/at |Error|Unhandled/);
                expect(r.code).toBe(74);
            } finally {
                closeSync(fd);
            }
        });
    }
});
