/** 命令行测试共用：在新进程里运行打包的 zhishen（无颜色），标准规则与样例知识库的路径。 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(root, 'cli/bin/zhishen.js');
export const RULES = join(root, 'stdlib-rules/rules');
export const KB = join(root, 'stdlib-rules/sample-kb');

export function zhishen(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * 在新进程里运行，标准输出接到 stdout：'pipe-first-line' 像 `| head -1`（读到第一块就关掉管道），或一个文件描述符（如 /dev/full）。
 */
export function zhishenInto(args: string[], cwd: string, stdout: 'pipe-first-line' | number): Promise<{ code: number | null; stderr: string; first: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, stdio: ['ignore', stdout === 'pipe-first-line' ? 'pipe' : stdout, 'pipe'] });
        let first = '';
        const err: Buffer[] = [];
        child.stdout?.on('data', (chunk: Buffer) => {
            if (first) return;
            first = chunk.toString('utf8').split('\n')[0];
            child.stdout!.destroy();
        });
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', reject);
        child.on('close', code => resolve({ code, stderr: Buffer.concat(err).toString('utf8'), first }));
    });
}
