/**
 * 在子进程里运行 Spark 作业的 Python 部分（spark/zhishen_job，纯标准库：不需要 Spark）。
 * 输入经标准输入传 JSON（孤立的代理项按 JSON.stringify 转义），输出是一行一个 JSON。
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SPARK_DIR = fileURLToPath(new URL('../../spark/', import.meta.url));

export function runPython(args: string[], input: unknown): string[] {
    const result = spawnSync(process.env.PYTHON ?? 'python3', ['-m', 'zhishen_job.cli', ...args], {
        cwd: SPARK_DIR, input: JSON.stringify(input), maxBuffer: 1 << 30, encoding: 'utf8'
    });
    if (result.error) throw new Error(`运行 python3 失败：${result.error.message}（需要 Python ≥ 3.9）`);
    if (result.status !== 0) throw new Error(`Python 退出码 ${result.status}：${result.stderr}`);
    return result.stdout.split('\n').filter(l => l !== '');
}
