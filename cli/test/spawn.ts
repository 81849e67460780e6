/** 命令行测试共用：在新进程里运行打包的 zhishen（无颜色），标准规则与样例知识库的路径。 */
import { spawnSync } from 'node:child_process';
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
