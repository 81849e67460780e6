/**
 * zhishen screen --engine spark 找不到 Spark 或 Java 时：中文错误写明装什么，退出码 2，不写结果（不需要 Spark 本身）。
 * 另测 zhishen build --target spark 写出的作业文件夹（计划、数据表、驱动程序）。
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(root, 'cli/bin/zhishen.js');
const RULES = join(root, 'stdlib-rules/rules');
const KB = join(root, 'stdlib-rules/sample-kb');
const CLAIMS = join(root, 'stdlib-rules/claims/screening/跨机构行为.ndjson');

function zhishen(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { NO_COLOR: '1', HOME: cwd, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('zhishen screen --engine spark：缺 Spark 或 Java', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-spark-missing-'));
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty);

    it('没有 spark-submit（PATH、SPARK_HOME、虚拟环境都没有）：说明三种装法，退出码 2', () => {
        const r = zhishen(['screen', '--engine', 'spark', '--rules', RULES, '--kb', KB, '--claims', CLAIMS, '-o', 'out.ndjson'], dir,
            { PATH: empty, ZHISHEN_SPARK_VENV: join(dir, 'no-venv') });
        expect(r.code).toBe(2); // 用法与环境错误的退出码
        expect(r.stderr).toContain('找不到 Spark（spark-submit）');
        expect(r.stderr).toContain('SPARK_HOME');
        expect(r.stderr).toContain('scripts/install-spark.sh');
        expect(existsSync(join(dir, 'out.ndjson'))).toBe(false);
    });

    it('有 spark-submit 而没有 Java：说明装 openjdk-17-jre-headless 或设 JAVA_HOME', () => {
        const home = join(dir, 'spark-home');
        mkdirSync(join(home, 'bin'), { recursive: true });
        writeFileSync(join(home, 'bin', 'spark-submit'), '#!/bin/sh\nexit 0\n');
        chmodSync(join(home, 'bin', 'spark-submit'), 0o755);
        const r = zhishen(['screen', '--engine', 'spark', '--rules', RULES, '--kb', KB, '--claims', CLAIMS], dir, { PATH: empty, SPARK_HOME: home });
        expect(r.code).toBe(2); // 用法与环境错误的退出码
        expect(r.stderr).toContain('找不到 Java');
        expect(r.stderr).toContain('openjdk-17-jre-headless');
    });

    it('--master 只用于 spark 引擎', () => {
        const r = zhishen(['screen', '--engine', 'duckdb', '--master', 'local[2]', '--rules', RULES, '--kb', KB, '--claims', CLAIMS], dir, { PATH: process.env.PATH });
        expect(r.code).toBe(2); // 用法与环境错误的退出码
        expect(r.stderr).toContain('--master 只用于 --engine spark');
    });
});

describe('zhishen build --target spark', () => {
    it('作业文件夹：plan.json（Spark 方言、命名参数、理赔表结构）、数据表、driver.py、screen_claims.py 与它的 schema.json / assembly.json', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-spark-build-'));
        const r = zhishen(['build', RULES, '--kb', KB, '--target', 'spark', '-o', 'job'], dir, { PATH: process.env.PATH });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain('已生成 Spark 作业');
        const plan = JSON.parse(readFileSync(join(dir, 'job', 'plan.json'), 'utf8'));
        expect(plan.format).toBe('zhishen-spark-job');
        expect(plan.rules.length).toBeGreaterThan(30);
        expect(plan.unsupported.length).toBe(plan.pack.rules - plan.rules.length);
        for (const rule of plan.rules) {
            // 规则的查询与逐层物化的 令（stages）：方言与宏都已换成 Spark 的，每个命名参数都有地方用
            const texts: string[] = [rule.sql, ...(rule.stages ?? []).map((s: { sql: string }) => s.sql)];
            for (const sql of texts) expect(sql).not.toMatch(/\$\d|HUGEINT|"[a-z_]+"|TEMP MACRO|\bzs_(rdiv|mul|div|date|member|days)\(/);
            for (const name of Object.keys(rule.params)) expect(texts.join('\n')).toContain(`:${name}`);
        }
        expect(plan.store.map((t: { name: string }) => t.name)).toEqual(['requests', 'claims', 'encounters', 'lines', 'diagnoses', 'operations', 'trace_codes']);
        for (const t of plan.tables) expect(existsSync(join(dir, 'job', t.file))).toBe(true);
        expect(existsSync(join(dir, 'job', 'driver.py'))).toBe(true);
        expect(existsSync(join(dir, 'job', 'zhishen_job', 'hits.py'))).toBe(true);
        // 独立运行的筛查入口（spark-submit screen_claims.py --claims …）要的文件都在：入口、理赔表结构、组装数据（事后）
        expect(existsSync(join(dir, 'job', 'screen_claims.py'))).toBe(true);
        expect(r.stderr).toContain('screen_claims.py --claims');
        expect(JSON.parse(readFileSync(join(dir, 'job', 'schema.json'), 'utf8')).format).toBe('zhishen-store-schema/1');
        const assembly = JSON.parse(readFileSync(join(dir, 'job', 'assembly.json'), 'utf8'));
        expect(assembly.format).toBe('zhishen-spark-assembly/1');
        expect(assembly.phase).toBe('事后');
        expect(assembly.rules.length).toBe(plan.pack.rules);
        const bad = zhishen(['build', RULES, '--kb', KB, '--target', 'hive'], dir, { PATH: process.env.PATH });
        expect(bad.code).not.toBe(0);
    }, 120_000);
});
