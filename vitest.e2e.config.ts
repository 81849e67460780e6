import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// 端到端测试（需要系统软件包：Chromium、neovim、code-server…）：npm run test:e2e
const merged = mergeConfig(base, defineConfig({
    test: {
        testTimeout: 180_000,
        hookTimeout: 600_000,
        fileParallelism: false
    }
}));
// include / exclude 直接替换（mergeConfig 会把数组拼接起来，基础配置里排除 *.e2e.test.ts 的那条会把端到端测试也排除掉）
merged.test = { ...merged.test, include: ['**/e2e/**/*.e2e.test.ts'], exclude: ['**/node_modules/**', '**/dist/**'] };
export default merged;
