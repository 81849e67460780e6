/**
 * 协议测试与端到端测试的工作区：把 fixtures/ 复制到临时目录，写 zhishen.json（样例知识库、参数覆盖）。
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO, 'cli/bin/zhishen.js');
export const SAMPLE_KB = join(REPO, 'stdlib-rules/sample-kb');
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface Workspace {
    dir: string;
    uri: string;
    file(name: string): string;
    fileUri(name: string): string;
    dispose(): void;
}

export function createWorkspace(options: { overrides?: Record<string, Record<string, string>>; kb?: string[] } = {}): Workspace {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-lsp-'));
    cpSync(FIXTURES, dir, { recursive: true });
    const config: Record<string, unknown> = { kb: options.kb ?? [SAMPLE_KB] };
    if (options.overrides) config['参数'] = options.overrides;
    writeFileSync(join(dir, 'zhishen.json'), JSON.stringify(config, null, 2));
    return {
        dir,
        uri: pathToFileURL(dir).href,
        file: name => join(dir, name),
        fileUri: name => pathToFileURL(join(dir, name)).href,
        dispose: () => rmSync(dir, { recursive: true, force: true })
    };
}
