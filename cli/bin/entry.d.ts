/** 参与打包的各包的 tsc 构建信息（相对仓库根目录）。 */
export declare const BUILD_INFOS: string[];
/** 要加载的命令行模块：新的打包结果或 dist/main.js；没有构建时 undefined。 */
export declare function chooseEntry(cliDir: string): string | undefined;
