import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (pkg: string) => fileURLToPath(new URL(`./${pkg}/src/`, import.meta.url));

// 测试直接运行 TypeScript 源码：@zhishen/* 指向各包的 src/（构建产物只给 CLI 与发布用）。
export default defineConfig({
    resolve: {
        alias: [
            { find: /^@zhishen\/language\/kb-node$/, replacement: src('language') + 'kb/load-folder.ts' },
            { find: /^@zhishen\/language\/lsp$/, replacement: src('language') + 'lsp/index.ts' },
            { find: /^@zhishen\/language$/, replacement: src('language') + 'index.ts' },
            { find: /^@zhishen\/runtime$/, replacement: src('runtime') + 'index.ts' },
            { find: /^@zhishen\/compiler$/, replacement: src('compiler') + 'index.ts' },
            { find: /^@zhishen\/store$/, replacement: src('store') + 'index.ts' }
        ]
    },
    test: {
        include: ['*/test/**/*.test.ts', 'tests/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**', '**/*.e2e.test.ts', '**/*.spark.test.ts'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        pool: 'forks'
    }
});
