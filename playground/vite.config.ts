import { defineConfig } from 'vite';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zhishenSamples } from './build/samples-plugin.js';
import { trimMonaco } from './build/trim-monaco.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const monacoRoot = findPackage('monaco-editor');

/** node_modules 里的包目录（npm 工作区会把依赖提升到仓库根）。monaco-editor 的 exports 不含 package.json，不能用 require.resolve。 */
function findPackage(name: string): string {
    for (let dir = fileURLToPath(new URL('.', import.meta.url)); ; dir = dirname(dir)) {
        const candidate = join(dir, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) return candidate;
        if (dirname(dir) === dir) throw new Error(`找不到 ${name}：请先 npm install`);
    }
}

// 静态站点：base './'，任何静态主机的任何子路径都能部署（dist/ 整个拷走即可）。
export default defineConfig({
    base: './',
    plugins: [zhishenSamples({ repo }), trimMonaco()],
    resolve: {
        alias: [
            // Monaco 自带的 LSP 客户端不在 monaco-editor 的 exports 里；从包根直接引用（不引入 monaco-editor 的总入口，免得打包全部语言）
            { find: /^monaco-lsp-client$/, replacement: join(monacoRoot, 'esm/external/monaco-lsp-client/out/index.js') }
        ]
    },
    worker: { format: 'es' },
    build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: true,
        chunkSizeWarningLimit: 4096,
        reportCompressedSize: false
    },
    server: { host: '127.0.0.1', fs: { allow: [repo] } },
    preview: { host: '127.0.0.1' }
});
