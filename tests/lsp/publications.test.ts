/**
 * 协议测试：诊断发布的次数。编辑引入错误后停下 5 秒，每个文档至多发布两次（快速一次、慢速一次），
 * 不会循环重发；发布带文档版本。
 *
 * 回归：慢速校验开头的 DocumentBuilder.update([], []) 会按 Langium 的规则重新链接“有链接错误的文档”，
 * 这次重建又被当成一次编辑去安排慢速校验——只要有一个文件有未知名称，诊断就每 250 ms 重发一遍。
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';
import type { Workspace } from './fixture.js';
import { CLI, createWorkspace } from './fixture.js';

let ws: Workspace;
let client: LspClient;

beforeAll(async () => {
    ws = createWorkspace();
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: ws.dir });
    await client.request('initialize', {
        processId: process.pid,
        rootUri: ws.uri,
        workspaceFolders: [{ uri: ws.uri, name: 'ws' }],
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { workspaceFolders: true } }
    });
    client.notify('initialized', {});
    await client.waitFor(m => m.method === 'zhishen/statusChanged' && (m.params as { kbLoaded: boolean }).kbLoaded);
});

afterAll(async () => {
    await client?.shutdown();
    ws?.dispose();
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function publications(uri: string): Array<{ version?: number; diagnostics: Array<{ code?: string }> }> {
    return client.notifications
        .filter(m => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri)
        .map(m => m.params as { version?: number; diagnostics: Array<{ code?: string }> });
}

const CASES = [
    { name: '未知名称（链接错误）', edit: (text: string) => text.replace('当 患者.年龄 >= 儿童年龄上限', '当 患者.年龄 >= 儿童年令上限'), code: 'ZS0101' },
    { name: '语法错误', edit: (text: string) => text.replace('违规 m', '违规 m +'), code: undefined }
];

test.each(CASES)('编辑引入错误（$name）后停下 5 秒：每个文档至多发布两次，带版本号', async ({ edit, code }) => {
    const uri = ws.fileUri('规则.zs');
    const text = readFileSync(ws.file('规则.zs'), 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'zhishen', version: 1, text } });
    await client.waitForDiagnostics(uri);
    await sleep(1000);
    client.clearNotifications();

    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edit(text) }] });
    await client.waitForDiagnostics(uri, list => list.length > 0 && (!code || list.some(d => d.code === code)));
    await sleep(5000);
    const published = publications(uri);
    expect(published.length, JSON.stringify(published.map(p => p.diagnostics.map(d => d.code)))).toBeLessThanOrEqual(2);
    expect(published.every(p => p.version === 2)).toBe(true);

    // 其他文档（工作区里没打开的规则文件）也不被反复发布
    const others = client.notifications.filter(m => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri !== uri);
    const perUri = new Map<string, number>();
    for (const m of others) perUri.set((m.params as { uri: string }).uri, (perUri.get((m.params as { uri: string }).uri) ?? 0) + 1);
    for (const [other, count] of perUri) expect(count, other).toBeLessThanOrEqual(2);

    client.notify('textDocument/didClose', { textDocument: { uri } });
    await sleep(300);
}, 30_000);
