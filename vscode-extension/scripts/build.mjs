#!/usr/bin/env node
/**
 * 构建 VS Code 扩展（离线）：
 *   1. 从 Langium 语法生成 TextMate 语法（syntaxes/zhishen.tmLanguage.json）；
 *   2. 从语言服务器的代码片段生成 snippets/zhishen.code-snippets；
 *   3. esbuild 打包：dist/extension.cjs（扩展，CommonJS，vscode 为外部模块）与 dist/server.mjs（语言服务器 + 编译器 + 运行时，ES 模块）。
 * 需要先在仓库根目录 npm run build（TypeScript 编译到各包的 dist）。
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pinyin } from 'pinyin-pro';
import { SNIPPETS } from '@zhishen/language/lsp';
import { generateTmLanguage } from './generate-tmlanguage.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = path => root + path;

// 1. TextMate 语法
writeFileSync(at('syntaxes/zhishen.tmLanguage.json'), JSON.stringify(generateTmLanguage(), null, 2) + '\n');

// 2. 代码片段（前缀：中文名与拼音首字母，如 规则 / gzzt）
const snippets = {};
for (const snippet of SNIPPETS) {
    const plain = snippet.label.replace(/[（(].*$/, '').replace(/\s*….*$/, '').trim();
    const initials = pinyin(snippet.label.replace(/[^\u4e00-\u9fff]/g, ''), { pattern: 'first', toneType: 'none', type: 'array' }).join('');
    snippets[snippet.label] = {
        prefix: [...new Set([snippet.label, plain, initials].filter(Boolean))],
        body: snippet.body.split('\n'),
        description: snippet.detail
    };
}
mkdirSync(at('snippets'), { recursive: true });
writeFileSync(at('snippets/zhishen.code-snippets'), JSON.stringify(snippets, null, 2) + '\n');

// 3. 打包
const common = { bundle: true, platform: 'node', target: 'node18', sourcemap: false, logLevel: 'warning', legalComments: 'none' };
await build({
    ...common,
    entryPoints: [at('src/extension.ts')],
    outfile: at('dist/extension.cjs'),
    format: 'cjs',
    external: ['vscode']
});
await build({
    ...common,
    entryPoints: [at('src/server.ts')],
    outfile: at('dist/server.mjs'),
    format: 'esm',
    // 打进 ES 模块的 CommonJS 依赖（vscode-languageserver 等）要用 require 加载 Node 内置模块
    banner: { js: "import { createRequire as __zhishenCreateRequire } from 'node:module'; const require = __zhishenCreateRequire(import.meta.url);" }
});
console.log('已构建 vscode-extension/dist/extension.cjs 与 dist/server.mjs');
