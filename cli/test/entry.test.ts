/**
 * 命令行入口的选择：打包结果只在不比 tsc 输出旧时使用，否则退回 dist/main.js（只跑了 tsc -b 时不会运行旧代码）。
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseEntry, BUILD_INFOS } from '../bin/entry.js';

let root: string | undefined;
afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
    delete process.env.ZHISHEN_NO_BUNDLE;
});

/** 假的仓库：各包的 tsbuildinfo、cli/dist/main.js，可选的打包结果；时间以秒给出。 */
function repo(times: { main?: number; bundle?: number; infos?: number }): string {
    root = mkdtempSync(join(tmpdir(), 'zhishen-entry-'));
    const at = (path: string, seconds: number) => {
        mkdirSync(join(root!, path, '..'), { recursive: true });
        writeFileSync(join(root!, path), '');
        utimesSync(join(root!, path), seconds, seconds);
    };
    if (times.main !== undefined) at('cli/dist/main.js', times.main);
    if (times.bundle !== undefined) at('cli/dist/bundle/main.mjs', times.bundle);
    for (const info of BUILD_INFOS) at(info, times.infos ?? 1000);
    return join(root, 'cli');
}

describe('chooseEntry', () => {
    it('没有构建：undefined', () => {
        expect(chooseEntry(repo({}))).toBeUndefined();
    });
    it('没有打包结果：dist/main.js', () => {
        expect(chooseEntry(repo({ main: 1000 }))).toMatch(/dist[\\/]main\.js$/);
    });
    it('打包结果比 tsc 输出新：用打包结果', () => {
        expect(chooseEntry(repo({ main: 1000, infos: 1000, bundle: 1001 }))).toMatch(/bundle[\\/]main\.mjs$/);
    });
    it('之后又跑了 tsc -b（某个包的 tsbuildinfo 更新）：退回 dist/main.js', () => {
        expect(chooseEntry(repo({ main: 1000, infos: 1002, bundle: 1001 }))).toMatch(/dist[\\/]main\.js$/);
    });
    it('ZHISHEN_NO_BUNDLE 时不用打包结果', () => {
        const cli = repo({ main: 1000, infos: 1000, bundle: 1001 });
        process.env.ZHISHEN_NO_BUNDLE = '1';
        expect(chooseEntry(cli)).toMatch(/dist[\\/]main\.js$/);
    });
});
