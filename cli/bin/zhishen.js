#!/usr/bin/env node
// 智审命令行入口：加载构建产物。未构建时给出中文提示而不是堆栈。
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
    console.error('智审命令行尚未构建：请在仓库根目录运行 npm run build（npm ci 会自动构建）。');
    process.exit(2);
}
const { run } = await import(main);
process.exitCode = await run(process.argv);
