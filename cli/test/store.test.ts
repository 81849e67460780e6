/**
 * zhishen store load / info：中文输出、计数对得上、坏行带行号、重装不重复、退出码。
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(root, 'cli/bin/zhishen.js');

function store(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [BIN, 'store', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('zhishen store', () => {
    it('load：读取 = 装入 + 重复 + 拒绝，坏行列出行号；再装一次全部是重复；info 给出条数与装载记录', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-store-cli-'));
        const claims = join(root, 'stdlib-rules/claims');
        const lines = readdirSync(claims).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(join(claims, f), 'utf8'))));
        writeFileSync(join(dir, 'day1.ndjson'), [...lines, '{坏行'].join('\n') + '\n');
        const first = store(['load', '--store', 's.duckdb', '--claims', 'day1.ndjson'], dir);
        expect(first.code, first.stderr).toBe(1); // 有拒绝的行
        expect(first.stderr).toContain(`day1.ndjson：读取 ${lines.length + 1}，装入 ${lines.length}，重复 0，拒绝 1`);
        expect(first.stderr).toContain(`day1.ndjson:${lines.length + 1}  ZR0000 不是有效的 JSON：第 2 个字符处期望属性名（带双引号的字符串）或 }`);
        const again = store(['load', '--store', 's.duckdb', '--claims', 'day1.ndjson'], dir);
        expect(again.stderr).toContain(`装入 0，重复 ${lines.length}，拒绝 1`);
        const info = store(['info', '--store', 's.duckdb'], dir);
        expect(info.code, info.stderr).toBe(0);
        // 一个请求可以有几个患者（patient_dtos）：患者数按样例里的实际个数
        const patients = lines.reduce((sum, line) => sum + (JSON.parse(line).patient_dtos as unknown[]).length, 0);
        expect(info.stdout).toContain(`请求 ${lines.length}，患者（被审核的理赔）${patients}`);
        expect(info.stdout).toContain('装载记录（2 次）');
        const json = JSON.parse(store(['info', '--store', 's.duckdb', '--format', 'json'], dir).stdout);
        expect(json.requests).toBe(lines.length);
    });

    it('load --workers：命令行（打包后）的工作线程装出与单线程相同的库；线程数不是正整数时中文错误', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-store-cli-'));
        const claims = join(root, 'stdlib-rules/claims');
        const lines = readdirSync(claims).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(join(claims, f), 'utf8'))));
        writeFileSync(join(dir, 'day1.ndjson'), [...lines, '{坏行', ...lines.slice(0, 2)].join('\n') + '\n');
        const summary = (text: string) => text.split('\n').filter(l => l.includes('day1.ndjson')).map(l => l.replace(/用时 [\d.]+ 秒/, ''));
        const one = store(['load', '--store', 'one.duckdb', '--claims', 'day1.ndjson', '--workers', '1'], dir);
        const two = store(['load', '--store', 'two.duckdb', '--claims', 'day1.ndjson', '--workers', '2'], dir);
        expect(two.code, two.stderr).toBe(1);
        expect(summary(two.stderr)).toEqual(summary(one.stderr));
        expect(two.stderr).toContain(`读取 ${lines.length + 3}，装入 ${lines.length}，重复 2，拒绝 1`);
        const info = (name: string) => ({ ...JSON.parse(store(['info', '--store', name, '--format', 'json'], dir).stdout), path: '', loads: [] });
        expect(info('two.duckdb')).toEqual(info('one.duckdb'));
        const bad = store(['load', '--store', 's.duckdb', '--claims', 'day1.ndjson', '--workers', '0'], dir);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('--workers 应为正整数，而不是「0」');
    });

    it('库不存在、理赔文件不存在：中文错误，退出码 2', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-store-cli-'));
        const info = store(['info', '--store', '没有.duckdb'], dir);
        expect(info.code).toBe(2);
        expect(info.stderr).toContain('理赔库「没有.duckdb」不存在');
        const load = store(['load', '--store', 's.duckdb', '--claims', '没有.ndjson'], dir);
        expect(load.code).toBe(2);
        expect(load.stderr).toContain('读不到理赔文件「没有.ndjson」');
    });
});
