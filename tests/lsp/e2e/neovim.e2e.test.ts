/**
 * 真实的第三方 LSP 客户端：Debian 的 neovim（无界面）+ Lua 脚本（neovim-client.lua）连接 `zhishen lsp --stdio`：
 * 打开规则文件、收到中文诊断、按中文名补全知识库编码、悬停、重命名并应用编辑。
 * 需要系统软件包 neovim（scripts/install-system-deps.sh）。
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Workspace } from '../fixture.js';
import { CLI, createWorkspace } from '../fixture.js';

const SCRIPT = fileURLToPath(new URL('./neovim-client.lua', import.meta.url));

interface Result {
    steps: Array<{ name: string; ok: boolean; error?: string }>;
    diagnostics?: Array<{ message: string; code: string; lnum: number; severity: number }>;
    completion?: Array<{ label: string; detail?: string; newText?: string }>;
    hover?: string;
    lines_after_rename?: string[];
    diagnostics_after?: Array<{ message: string; code: string }>;
    offset_encoding?: string;
}

let ws: Workspace;
let result: Result;

beforeAll(() => {
    const version = execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    console.log(`使用 ${version}`);
    ws = createWorkspace();
    // 一个坏掉的引用（未知名称）与一个等待补全的编码
    const file = ws.file('规则.zs');
    const text = readFileSync(file, 'utf8')
        .replace('当 患者.年龄 >= 儿童年龄上限', '当 患者.年龄 >= 儿童年龄上限 且 患者.年龄 < 儿童年令上限')
        .replace('"XJ01CAA040A001010102699"', '"阿莫"');
    writeFileSync(file, text);
    const out = join(ws.dir, 'nvim-result.json');
    const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${SCRIPT}`], {
        cwd: ws.dir,
        env: { ...process.env, ZS_NODE: process.execPath, ZS_CLI: CLI, ZS_ROOT: ws.dir, ZS_FILE: file, ZS_OUT: out },
        timeout: 120_000,
        encoding: 'utf8'
    });
    try {
        result = JSON.parse(readFileSync(out, 'utf8')) as Result;
    } catch {
        throw new Error(`neovim 没有写出结果（退出码 ${run.status}）：\n${run.stdout}\n${run.stderr}`);
    }
});

afterAll(() => ws?.dispose());

test('每一步都成功', () => {
    expect(result.steps.filter(s => !s.ok)).toEqual([]);
    expect(result.steps.map(s => s.name)).toEqual(['start', 'diagnostics', 'completion', 'hover', 'rename', 'diagnostics after rename', 'stop']);
});

test('收到中文诊断', () => {
    const unknown = result.diagnostics!.find(d => d.code === 'ZS0101')!;
    expect(unknown.message).toContain('未知名称「儿童年令上限」');
    expect(unknown.severity).toBe(1);
});

test('按中文名补全知识库编码', () => {
    const labels = result.completion!.map(i => i.label);
    expect(labels).toContain('XJ01CAA040A001010405611 阿莫西林片');
    expect(labels).toContain('XJ01CAA040A001010102699 阿莫西林胶囊');
    expect(result.completion![0].newText).toMatch(/^XJ01CAA040A0010/);
});

test('悬停显示参数默认值', () => {
    expect(result.hover).toContain('默认值：`18岁`');
});

test('重命名参数并应用：声明、引用、测试里的 设定 都改了', () => {
    const text = result.lines_after_rename!.join('\n');
    expect(text).toContain('参数 年龄上限 = 18岁');
    expect(text).toContain('>= 年龄上限 且');
    expect(text).toContain('设定 年龄上限 = 80岁');
    expect(text).not.toContain('儿童年龄上限');
    // 坏掉的引用不是这个参数的引用，不会被改
    expect(text).toContain('儿童年令上限');
});
