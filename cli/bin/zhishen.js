#!/usr/bin/env node
// 智审命令行入口：加载构建产物（有新的打包结果时用它，启动快）。未构建时给出中文提示而不是堆栈。
import { fileURLToPath } from 'node:url';
import { chooseEntry } from './entry.js';

const entry = chooseEntry(fileURLToPath(new URL('..', import.meta.url)));
if (!entry) {
    console.error('智审命令行尚未构建：请在仓库根目录运行 npm run build（npm ci 会自动构建）。');
    process.exit(2);
}
const { run } = await import(entry);
process.exitCode = await run(process.argv);
