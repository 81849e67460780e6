/**
 * 在子进程里运行 Spark 作业的 Python 部分（spark/zhishen_job，纯标准库：不需要 Spark）。
 * 输入经标准输入传 JSON（孤立的代理项按 JSON.stringify 转义），输出是一行一个 JSON。
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { root } from '../store-sql/corpus.js';

export const SPARK_DIR = fileURLToPath(new URL('../../spark/', import.meta.url));

export function runPython(args: string[], input: unknown): string[] {
    const result = spawnSync(process.env.PYTHON ?? 'python3', ['-m', 'zhishen_job.cli', ...args], {
        cwd: SPARK_DIR, input: JSON.stringify(input), maxBuffer: 1 << 30, encoding: 'utf8'
    });
    if (result.error) throw new Error(`运行 python3 失败：${result.error.message}（需要 Python ≥ 3.9）`);
    if (result.status !== 0) throw new Error(`Python 退出码 ${result.status}：${result.stderr}`);
    return result.stdout.split('\n').filter(l => l !== '');
}

/** 随附样例请求（一个文件一个，写成一行）与筛查样例（NDJSON 的原始行，不重新序列化：数字的写法等原样进入规范化）。 */
export function sampleLines(): string[] {
    const dir = root + 'stdlib-rules/claims/';
    const lines = readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(dir + f, 'utf8'))));
    for (const f of readdirSync(dir + 'screening').sort()) lines.push(...readFileSync(dir + 'screening/' + f, 'utf8').split('\n').filter(l => l.trim() !== ''));
    return lines;
}
