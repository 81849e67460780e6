import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// Spark 差分测试（需要 Spark：bash scripts/install-spark.sh）：npm run test:spark。npm test 不包含它
const merged = mergeConfig(base, defineConfig({
    test: {
        testTimeout: 300_000,
        hookTimeout: 1_800_000,
        fileParallelism: false
    }
}));
merged.test = { ...merged.test, include: ['tests/spark/**/*.spark.test.ts'], exclude: ['**/node_modules/**', '**/dist/**'] };
export default merged;
