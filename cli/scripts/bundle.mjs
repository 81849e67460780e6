#!/usr/bin/env node
/**
 * 把命令行打成少数几个 ES 模块（cli/dist/bundle/）：tsc 的输出加上依赖有近 900 个模块文件（chevrotain 带来 640 个
 * lodash-es 小文件），每次启动逐个解析、打开、编译，约占 zhishen check 墙钟的四分之一。按命令拆块（splitting），
 * 命令仍按需加载：check 不加载语言服务器与运行时。
 * 由根目录的 npm run build 在 tsc -b 之后运行；bin/zhishen.js 只在打包结果比 tsc 输出新时才用它（见 bin/entry.js）。
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = fileURLToPath(new URL('..', import.meta.url));
const outdir = cli + 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
    // run 与 screen 的工作线程是单独的入口（new Worker 按文件加载），与 main 共用代码块
    entryPoints: { main: cli + 'dist/main.js', 'run-worker': cli + 'dist/commands/run-worker.js', 'screen-worker': cli + 'dist/commands/screen-worker.js' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    // 不打包：DuckDB 与 better-sqlite3 是原生模块；实时服务的求值 worker 是单独的文件（store / serve / metrics / load 按需从 node_modules 加载）；
    // 运行时也不打包：zhishen build 生成的规则包从 node_modules 导入 @zhishen/runtime，命令行必须与它是同一个模块实例——
    // 否则命令行解码出的代码集（参数、部署配置）是另一份 CodeMatcher 类，规则包里的 instanceof 不认，属于 永远不成立
    external: ['@duckdb/node-api', '@zhishen/service', '@zhishen/runtime'],
    logLevel: 'warning',
    // 打进 ES 模块的 CommonJS 依赖（vscode-languageserver、commander…）用 require 加载 Node 内置模块
    banner: { js: "import { createRequire as __zhishenCreateRequire } from 'node:module'; const require = __zhishenCreateRequire(import.meta.url);" }
});
