import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// 端到端测试（需要系统软件包：Chromium、neovim、code-server…）：npm run test:e2e
export default mergeConfig(base, defineConfig({
    test: {
        include: ['**/e2e/**/*.e2e.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**'],
        testTimeout: 180_000,
        hookTimeout: 600_000,
        fileParallelism: false
    }
}));
