/**
 * 浏览器 worker 入口（main-browser.ts）：演练场用 Monaco 的 LSP 客户端经 MessagePort 连接它。
 * 这里用 Node 的 MessageChannel 代替 worker：initialize → 用 zhishen/setKnowledgeBase 通知交给知识库 → 状态通知 → 打开文档 → 诊断与编码补全。
 */
import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, expect, test } from 'vitest';
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection } from 'vscode-jsonrpc/browser.js';
import type { CompletionList, PublishDiagnosticsParams } from 'vscode-languageserver';
import { setKnowledgeBaseNotification, startBrowserServer, ZhishenMethods } from '../../src/main-browser.js';
import type { ZhishenStatus } from '../../src/lsp/protocol.js';
import { SAMPLE_KB_DIR } from '../kb-fixture.js';

const channel = new MessageChannel();
afterAll(() => {
    channel.port1.close();
    channel.port2.close();
});

test('MessagePort 上的语言服务器：知识库经通知给出，诊断与编码补全', async () => {
    startBrowserServer(channel.port1 as unknown as MessagePort, { slowValidationDelay: 0 });
    const client = createMessageConnection(new BrowserMessageReader(channel.port2 as unknown as MessagePort), new BrowserMessageWriter(channel.port2 as unknown as MessagePort));
    const statuses: ZhishenStatus[] = [];
    const diagnostics: PublishDiagnosticsParams[] = [];
    client.onNotification(ZhishenMethods.statusChanged, (status: ZhishenStatus) => { statuses.push(status); });
    client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => { diagnostics.push(params); });
    client.listen();

    const result = await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }) as { capabilities: { completionProvider?: unknown } };
    expect(result.capabilities.completionProvider).toBeTruthy();
    await client.sendNotification('initialized', {});

    const { method, params } = setKnowledgeBaseNotification([
        { path: 'catalogues/药品.tsv', text: readFileSync(SAMPLE_KB_DIR + 'catalogues/药品.tsv', 'utf8') }
    ], '演练场知识库');
    await client.sendNotification(method, params);
    await expect.poll(() => statuses.at(-1)?.kbLoaded, { timeout: 20_000 }).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ kbName: '演练场知识库', canRun: false });

    const uri = 'inmemory:///演练场.zs';
    const text = '代码集 抗菌药: 药品 = { "阿莫" }\n规则 R "r" {\n  级别 提醒\n  环节 事后\n  对每条 明细 m 属于 抗菌药\n    当 m.数量 > 上线\n    违规 m\n}\n';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'zhishen', version: 1, text } });
    await expect.poll(() => diagnostics.find(d => decodeURIComponent(d.uri).endsWith('演练场.zs') && d.diagnostics.some(x => x.code === 'ZS0101' && x.message.includes('未知名称「上线」'))), { timeout: 20_000 }).toBeDefined();

    const list = await client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.indexOf('"阿莫"') + 3 } }) as CompletionList;
    expect(list.items.map(i => i.label)).toContain('XJ01CAA040A001010405611 阿莫西林片');

    // 没有编译器：运行测试给出中文说明，不抛异常
    const run = await client.sendRequest(ZhishenMethods.runTests, {}) as { ok: boolean; errors: Array<{ message: string }> };
    expect(run.ok).toBe(false);
    expect(run.errors[0].message).toContain('不能运行规则');
    client.dispose();
});
