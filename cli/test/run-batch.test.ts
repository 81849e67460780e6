/**
 * zhishen run 的 NDJSON 批处理：字节切行（行内单独的 \r 不是换行）、工作线程池（--workers 1 与 2 逐字节相同、行号跨块正确）、
 * 每条理赔的时间预算（回溯失控的正则：一行错误行、批次继续）、输出故障（管道关闭安静退出；磁盘满中文信息、非零退出、不留半行）。
 * 启动构建好的 CLI（npm test 会先构建）。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunksOf, forEachLine } from '../src/commands/run-lines.js';
import { RUNAWAY_RULE, runawayPack } from '../../tests/support/runaway-pack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(root, 'cli/bin/zhishen.js');
const SAMPLE_KB = join(root, 'stdlib-rules/sample-kb');
const CLAIM = JSON.parse(readFileSync(join(root, 'examples/claims/同日重复收费.json'), 'utf8'));
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined };

interface Result {
    code: number | null;
    stdout: string;
    stderr: string;
}

function zhishen(args: string[], cwd: string, stdout: 'pipe' | number = 'pipe'): Promise<Result> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', stdout, 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', reject);
        child.on('close', code => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
}

// 失控的规则（RUNAWAY_RULE）：先用无害的 ^(a+)$ 构建，再把规则包里的这次匹配换成失控的求值（名称是 30 个 a 加一个 b 时空转，
// tests/support/runaway-pack.ts）。时间预算是检查之外的一道防线（旧版本构建的规则包、引擎的缺陷）。

const claim = (task: string, name?: string) => {
    const c = structuredClone(CLAIM);
    c.task_id = task;
    if (name) c.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name = name;
    return JSON.stringify(c);
};

let dir: string;
beforeAll(async () => {
    expect(existsSync(BIN), '先构建：npm run build').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'zhishen-run-'));
    cpSync(join(root, 'examples/语言导览.zs'), join(dir, 'rules.zs'));
    writeFileSync(join(dir, 'slow.zs'), RUNAWAY_RULE);
    const [tour, slow] = await Promise.all([
        zhishen(['build', 'rules.zs', '--kb', SAMPLE_KB, '-o', 'pack.mjs'], dir),
        zhishen(['build', 'slow.zs', '-o', 'slow.mjs'], dir)
    ]);
    expect(tour.code, tour.stderr).toBe(0);
    expect(slow.code, slow.stderr).toBe(0);
    const slowCode = readFileSync(join(dir, 'slow.mjs'), 'utf8');
    expect(slowCode).toContain('^(a+)$');
    writeFileSync(join(dir, 'slow.mjs'), runawayPack(slowCode));
    // 约 2.6 MB：三块以上（每块约 1 MB），坏行散在各块里
    const lines: string[] = [];
    for (let i = 0; i < 1800; i++) lines.push(i % 97 === 5 ? 'not json' : i % 101 === 7 ? '' : claim(`T-${i}`));
    writeFileSync(join(dir, 'batch.ndjson'), lines.join('\n') + '\n');
});

describe('字节切行', () => {
    const split = (text: string) => {
        const bytes = Buffer.from(text);
        const lines: string[] = [];
        forEachLine(bytes, (start, end) => lines.push(bytes.toString('utf8', start, end)));
        return lines;
    };
    it.each([
        ['a\nb\n', ['a', 'b']],
        ['a\nb', ['a', 'b']],
        ['a\r\nb\r\n', ['a', 'b']],
        ['a\rb\nc', ['a\rb', 'c']],
        ['\n\n', ['', '']],
        ['a\r\r\n', ['a\r']],
        ['', []]
    ])('%j → %j', (text, lines) => {
        expect(split(text)).toEqual(lines);
    });

    it('块在任意位置断开：行的内容、行号与整体切分相同', async () => {
        const text = ['{"a":"长一点的中文行"}', '', 'x\ry', '{"b":2}\r', 'last'].join('\n');
        const whole = split(text);
        for (const size of [1, 2, 3, 5, 8, 13]) {
            const bytes = Buffer.from(text);
            async function* pieces() {
                for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
            }
            for (const target of [1, 4, 16, 1000]) {
                const got: Array<[number, string]> = [];
                for await (const chunk of chunksOf(pieces(), target)) {
                    const b = Buffer.from(chunk.bytes);
                    const count = forEachLine(b, (start, end, index) => got.push([chunk.firstLine + index, b.toString('utf8', start, end)]));
                    expect(count).toBe(chunk.lines);
                }
                expect(got).toEqual(whole.map((line, i) => [i + 1, line]));
            }
        }
    });
});

// 每个用例起数个命令行进程，并发运行；忙的共享机器上单个用例可能接近一分钟
describe.concurrent('zhishen run NDJSON', { timeout: 180_000 }, () => {
    it('行内单独的 \\r 不是换行：2 行输入 2 行输出，两条都审核', async () => {
        const c = claim('T-CR');
        // JSON 允许 \r 作为记号之间的空白
        const withCr = c.replace('"patient_dtos":', '\r"patient_dtos":');
        writeFileSync(join(dir, 'cr.ndjson'), withCr + '\n' + c + '\r\n');
        const r = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'cr.ndjson'], dir);
        expect(r.code, r.stderr).toBe(0);
        const out = r.stdout.split('\n');
        expect(out).toHaveLength(3);
        expect(out[2]).toBe('');
        expect(out[0]).toBe(out[1]);
        expect(JSON.parse(out[0]).task_id).toBe('T-CR');
        expect(r.stderr).toContain('读取 2，审核 2，拒绝 0');
    });

    it('--workers 1 与 --workers 2 逐字节相同；多块时每行一行输出、错误行的行号正确', async () => {
        const [one, two] = await Promise.all([
            zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson', '--workers', '1'], dir),
            zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson', '--workers', '2'], dir)
        ]);
        expect(one.code, one.stderr).toBe(0);
        expect(two.code, two.stderr).toBe(0);
        expect(two.stdout).toBe(one.stdout);
        const input = readFileSync(join(dir, 'batch.ndjson'), 'utf8').split('\n').slice(0, -1);
        const output = one.stdout.split('\n').slice(0, -1);
        expect(output).toHaveLength(input.length);
        output.forEach((line, i) => {
            const parsed = JSON.parse(line);
            if (input[i] === '' || input[i] === 'not json') expect(parsed.line, `第 ${i + 1} 行`).toBe(i + 1);
            else expect(parsed.task_id, `第 ${i + 1} 行`).toBe(`T-${i}`);
        });
        expect(one.stderr).toContain(`读取 ${input.length}，`);
    });

    it('--rules 就地编译：工作线程用编译出的代码，输出与 --pack 相同；--workers / --claim-timeout 写错时中文提示、退出码 2', async () => {
        writeFileSync(join(dir, 'small.ndjson'), [claim('T-A'), 'not json', claim('T-B')].join('\n') + '\n');
        const [fromPack, fromRules, badWorkers, badTimeout] = await Promise.all([
            zhishen(['run', '--pack', 'pack.mjs', '--claims', 'small.ndjson', '--workers', '2'], dir),
            zhishen(['run', '--rules', 'rules.zs', '--kb', SAMPLE_KB, '--claims', 'small.ndjson', '--workers', '2'], dir),
            zhishen(['run', '--pack', 'pack.mjs', '--claims', 'small.ndjson', '--workers', '0'], dir),
            zhishen(['run', '--pack', 'pack.mjs', '--claims', 'small.ndjson', '--claim-timeout', '-5'], dir)
        ]);
        expect(fromRules.code, fromRules.stderr).toBe(0);
        expect(fromRules.stdout).toBe(fromPack.stdout);
        expect(fromRules.stdout.split('\n')).toHaveLength(4);
        expect(badWorkers.code).toBe(2);
        expect(badWorkers.stderr).toContain('--workers 应为正整数，而不是「0」');
        expect(badTimeout.code).toBe(2);
        expect(badTimeout.stderr).toContain('--claim-timeout 应为非负整数');
    });

    it('超过时间预算的理赔：一行中文错误行（带编号与行号），其余照常，批次继续', async () => {
        const lines = [claim('T-1'), claim('T-SLOW', 'a'.repeat(30) + 'b'), claim('T-3'), claim('T-SLOW2', 'a'.repeat(31) + 'b'), claim('T-5')];
        writeFileSync(join(dir, 'slow.ndjson'), lines.join('\n') + '\n');
        const runs = await Promise.all(['1', '2'].map(workers => zhishen(['run', '--pack', 'slow.mjs', '--claims', 'slow.ndjson', '--claim-timeout', '300', '--workers', workers], dir)));
        for (const r of runs) {
            expect(r.code, r.stderr).toBe(0);
            const out = r.stdout.split('\n').slice(0, -1).map(l => JSON.parse(l));
            expect(out.map(o => o.task_id ?? o.error.code)).toEqual(['T-1', 'ZR0090', 'T-3', 'ZR0090', 'T-5']);
            expect(out[1]).toMatchObject({ line: 2, error: { task_id: 'T-SLOW', patn_id: 'P002', mdtrt_id: 'M100' } });
            expect(out[1].error.message).toContain('第 2 行（task_id T-SLOW，patn_id P002，mdtrt_id M100）审核用掉 300 毫秒（CPU 时间）');
            expect(out[3]).toMatchObject({ line: 4, error: { task_id: 'T-SLOW2' } });
            expect(r.stderr).toContain('其中 2 条超时');
        }
    });

    it('读的一方关闭管道（| head -1）：安静地结束，退出码 0', async () => {
        const result = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve, reject) => {
            const child = spawn(process.execPath, [BIN, 'run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson'], { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
            let first = '';
            const err: Buffer[] = [];
            child.stdout.on('data', (chunk: Buffer) => {
                if (first) return;
                first = chunk.toString('utf8').split('\n')[0];
                child.stdout.destroy();
            });
            child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
            child.on('error', reject);
            child.on('close', code => resolve({ code, stderr: Buffer.concat(err).toString('utf8'), first }));
        });
        expect(JSON.parse(result.first).task_id).toBe('T-0');
        expect(result.stderr).not.toMatch(/EPIPE|Unhandled|错误/);
        expect(result.code).toBe(0);
    });

    it('写到 /dev/full（磁盘满）：中文信息、退出码 74', async () => {
        const fd = openSync('/dev/full', 'w');
        try {
            const r = await zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson'], dir, fd);
            expect(r.code).toBe(74);
            expect(r.stderr).toContain('写输出失败：磁盘已满（ENOSPC）');
            expect(r.stderr).not.toMatch(/at |Error/);
        } finally {
            closeSync(fd);
        }
    });

    it('文件写到一半写不进去（ulimit -f）：不留半行，已写的行都完整', async () => {
        const out = join(dir, 'partial.ndjson');
        const script = `trap '' XFSZ; ulimit -f 64; exec "${process.execPath}" "${BIN}" run --pack pack.mjs --claims batch.ndjson --workers 1 > "${out}"`;
        const r = await new Promise<Result>((resolve, reject) => {
            const child = spawn('bash', ['-c', script], { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
            const err: Buffer[] = [];
            child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
            child.on('error', reject);
            child.on('close', code => resolve({ code, stdout: '', stderr: Buffer.concat(err).toString('utf8') }));
        });
        expect(r.code, r.stderr).toBe(74);
        const text = readFileSync(out, 'utf8');
        expect(text.length).toBeGreaterThan(0);
        expect(text.endsWith('\n')).toBe(true);
        const written = text.split('\n').slice(0, -1);
        for (const line of written) JSON.parse(line);
        expect(r.stderr).toContain(`已完整写出 ${written.length} 行；最后一行不完整的部分已删去`);
    });
});
