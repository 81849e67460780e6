// 选择命令行的入口：打包结果（dist/bundle/main.mjs，启动快）只在它不比任何一个包的 tsc 输出旧时使用；
// 只跑了 tsc -b（没有重新打包）时打包结果过时，退回 dist/main.js，不会运行旧代码。
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** 参与打包的各包的 tsc 构建信息：tsc -b 重新编译一个包时会改写它。 */
export const BUILD_INFOS = ['language', 'compiler', 'runtime', 'cli'].map(pkg => join(pkg, 'tsconfig.tsbuildinfo'));

/**
 * @param {string} cliDir cli 包目录
 * @returns {string | undefined} 要加载的模块路径；没有构建时 undefined
 */
export function chooseEntry(cliDir) {
    const main = join(cliDir, 'dist/main.js');
    if (!existsSync(main)) return undefined;
    const bundle = join(cliDir, 'dist/bundle/main.mjs');
    if (process.env.ZHISHEN_NO_BUNDLE || !existsSync(bundle)) return main;
    const bundled = statSync(bundle).mtimeMs;
    const root = join(cliDir, '..');
    for (const info of BUILD_INFOS) {
        const path = join(root, info);
        if (existsSync(path) && statSync(path).mtimeMs > bundled) return main;
    }
    return bundled >= statSync(main).mtimeMs ? bundle : main;
}
