/**
 * 协议测试：把 `zhishen lsp --stdio` 作为子进程启动，按 LSP 线上格式（Content-Length + JSON-RPC）对话：
 * initialize、initialized、didOpen、中文诊断、中文药名补全知识库编码、悬停、重命名、格式化、
 * 自定义消息（状态、测试列表、运行测试、在样例理赔上运行、构建规则包、内置库文本），shutdown / exit。
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';
import type { Workspace } from './fixture.js';
import { CLI, createWorkspace } from './fixture.js';

let ws: Workspace;
let client: LspClient;
let initializeResult: { capabilities: Record<string, unknown> };
let ruleUri: string;
let ruleText: string;

beforeAll(async () => {
    ws = createWorkspace({ overrides: { '*': { '儿童年龄上限': '14岁' } } });
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: ws.dir });
    initializeResult = await client.request('initialize', {
        processId: process.pid,
        rootUri: ws.uri,
        workspaceFolders: [{ uri: ws.uri, name: 'ws' }],
        capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } }, workspace: { workspaceFolders: true } },
        initializationOptions: { slowValidationDelay: 50 }
    });
    client.notify('initialized', {});
    ruleUri = ws.fileUri('规则.zs');
    ruleText = readFileSync(ws.file('规则.zs'), 'utf8');
    // 知识库加载完成
    await client.waitFor(m => m.method === 'zhishen/statusChanged' && (m.params as { kbLoaded: boolean }).kbLoaded);
});

afterAll(async () => {
    await client?.shutdown();
    ws?.dispose();
});

describe('initialize', () => {
    test('声明能力：补全（引号触发）、悬停、定义、引用、重命名、格式化、语义高亮、签名帮助、内联提示、代码操作、CodeLens', () => {
        const caps = initializeResult.capabilities;
        expect((caps.completionProvider as { triggerCharacters: string[] }).triggerCharacters).toEqual(expect.arrayContaining(['.', '"']));
        for (const key of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'documentFormattingProvider', 'foldingRangeProvider', 'codeActionProvider', 'workspaceSymbolProvider']) {
            expect(caps[key], key).toBeTruthy();
        }
        expect(caps.renameProvider).toEqual({ prepareProvider: true });
        expect(caps.semanticTokensProvider).toBeTruthy();
        expect(caps.signatureHelpProvider).toBeTruthy();
        expect(caps.inlayHintProvider).toBeTruthy();
        expect(caps.codeLensProvider).toBeTruthy();
    });

    test('状态：知识库已加载、规则数', async () => {
        const status = await client.request<Record<string, unknown>>('zhishen/status', {});
        expect(status).toMatchObject({ kbLoaded: true, kbName: '智审样例知识库', rules: 1, canRun: true });
    });
});

describe('编辑', () => {
    test('坏文件：发布中文诊断（未知名称，附最接近的名称）', async () => {
        const broken = ruleText.replace('当 患者.年龄 >= 儿童年龄上限', '当 患者.年龄 >= 儿童年令上限');
        client.notify('textDocument/didOpen', { textDocument: { uri: ruleUri, languageId: 'zhishen', version: 1, text: broken } });
        const diagnostics = await client.waitForDiagnostics(ruleUri, list => list.some(d => d.code === 'ZS0101'));
        const unknown = diagnostics.find(d => d.code === 'ZS0101')!;
        expect(unknown.message).toContain('未知名称「儿童年令上限」');
        expect(unknown.message).toContain('儿童年龄上限');
        expect(unknown.severity).toBe(1);
        expect(unknown.range).toMatchObject({ start: { line: broken.split('\n').findIndex(l => l.includes('儿童年令上限')) } });
    });

    test('改好之后诊断清空', async () => {
        client.clearNotifications();
        client.notify('textDocument/didChange', { textDocument: { uri: ruleUri, version: 2 }, contentChanges: [{ text: ruleText }] });
        const diagnostics = await client.waitForDiagnostics(ruleUri, list => list.every(d => d.severity !== 1));
        expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
    });

    test('补全：输入中文药名“阿莫”得到阿莫西林的编码', async () => {
        const text = ruleText.replace('"XJ01CAA040A001010102699"', '"阿莫"');
        client.notify('textDocument/didChange', { textDocument: { uri: ruleUri, version: 3 }, contentChanges: [{ text }] });
        const lines = text.split('\n');
        const line = lines.findIndex(l => l.includes('"阿莫"'));
        const character = lines[line].indexOf('"阿莫"') + 3;
        const list = await client.request<{ isIncomplete: boolean; items: Array<{ label: string; detail?: string; textEdit?: { newText: string } }> }>('textDocument/completion', {
            textDocument: { uri: ruleUri }, position: { line, character }
        });
        expect(list.isIncomplete).toBe(true);
        const labels = list.items.map(i => i.label);
        expect(labels).toContain('XJ01CAA040A001010405611 阿莫西林片');
        expect(labels).toContain('XJ01CAA040A001010102699 阿莫西林胶囊');
        expect(list.items[0].textEdit?.newText).toMatch(/^XJ01CAA040A0010/);
        // 拼音首字母：amx → 阿莫西林
        const pinyinText = ruleText.replace('"XJ01CAA040A001010102699"', '"amx"');
        client.notify('textDocument/didChange', { textDocument: { uri: ruleUri, version: 4 }, contentChanges: [{ text: pinyinText }] });
        const pinyinLine = pinyinText.split('\n')[line];
        const byPinyin = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', {
            textDocument: { uri: ruleUri }, position: { line, character: pinyinLine.indexOf('"amx"') + 4 }
        });
        expect(byPinyin.items[0].label).toContain('阿莫西林');
        client.notify('textDocument/didChange', { textDocument: { uri: ruleUri, version: 5 }, contentChanges: [{ text: ruleText }] });
    });

    test('悬停：参数显示默认值与 zhishen.json 的覆盖值', async () => {
        const lines = ruleText.split('\n');
        const line = lines.findIndex(l => l.includes('>= 儿童年龄上限'));
        const hover = await client.request<{ contents: { kind: string; value: string } }>('textDocument/hover', {
            textDocument: { uri: ruleUri }, position: { line, character: lines[line].indexOf('儿童年龄上限') + 2 }
        });
        expect(hover.contents.kind).toBe('markdown');
        expect(hover.contents.value).toContain('默认值：`18岁`');
        expect(hover.contents.value).toContain('覆盖：`14岁`');
    });

    test('悬停：编码显示目录条目', async () => {
        const lines = ruleText.split('\n');
        const line = lines.findIndex(l => l.includes('XJ01CAA040A001010405611'));
        const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
            textDocument: { uri: ruleUri }, position: { line, character: lines[line].indexOf('XJ01CAA040A001010405611') + 3 }
        });
        expect(hover.contents.value).toContain('阿莫西林片');
    });

    test('重命名参数：声明、引用与测试里的 设定', async () => {
        const lines = ruleText.split('\n');
        const line = lines.findIndex(l => l.startsWith('参数 儿童年龄上限'));
        const position = { line, character: 4 };
        const range = await client.request<{ start: { line: number } }>('textDocument/prepareRename', { textDocument: { uri: ruleUri }, position });
        expect(range.start.line).toBe(line);
        const edit = await client.request<{ changes: Record<string, Array<{ newText: string }>> }>('textDocument/rename', {
            textDocument: { uri: ruleUri }, position, newName: '年龄上限'
        });
        const edits = Object.values(edit.changes).flat();
        expect(edits).toHaveLength(3);
        expect(edits.every(e => e.newText === '年龄上限')).toBe(true);
    });

    test('重命名内置名称：中文错误', async () => {
        const lines = ruleText.split('\n');
        const line = lines.findIndex(l => l.includes('当 患者.年龄'));
        await expect(client.request('textDocument/prepareRename', { textDocument: { uri: ruleUri }, position: { line, character: lines[line].indexOf('年龄') } }))
            .rejects.toThrow(/不能重命名/);
    });

    test('格式化：已格式化的文件没有编辑', async () => {
        const edits = await client.request<unknown[]>('textDocument/formatting', { textDocument: { uri: ruleUri }, options: { tabSize: 2, insertSpaces: true } });
        expect(edits).toEqual([]);
    });
});

describe('自定义消息', () => {
    test('内置库文本', async () => {
        const text = await client.request<string>('zhishen/builtinSource', { uri: 'zhishen-builtin:///内置库.zs' });
        expect(text).toContain('记录 明细');
    });

    test('测试列表与运行测试（编译器 + 运行时）', async () => {
        const { tests } = await client.request<{ tests: Array<{ name: string; rules: string[] }> }>('zhishen/listTests', {});
        expect(tests.map(t => t.name)).toEqual(['成人使用限儿童药品', '儿童使用不违规']);
        const result = await client.request<{ ok: boolean; passed: number; failed: number; results: Array<{ name: string; passed: boolean }> }>('zhishen/runTests', {});
        expect(result).toMatchObject({ ok: true, passed: 2, failed: 0 });
    });

    test('运行失败的测试：期望与实际', async () => {
        const failing = ruleText.replace('金额 25元', '金额 30元');
        client.notify('textDocument/didChange', { textDocument: { uri: ruleUri, version: 6 }, contentChanges: [{ text: failing }] });
        const result = await client.request<{ failed: number; results: Array<{ passed: boolean; expectations: Array<{ passed: boolean; expected?: string; actual?: string }> }> }>('zhishen/runTests', {
            tests: [{ uri: ruleUri, name: '成人使用限儿童药品' }]
        });
        expect(result.failed).toBe(1);
        const expectation = result.results[0].expectations.find(e => !e.passed)!;
        expect(expectation.expected).toContain('30');
        expect(expectation.actual).toContain('25');
        client.notify('textDocument/didChange', { textDocument: { uri: ruleUri, version: 7 }, contentChanges: [{ text: ruleText }] });
    });

    test('在样例理赔上运行：结果带解释与规则位置（参数覆盖生效）', async () => {
        const claim = JSON.parse(readFileSync(ws.file('claims/成人.json'), 'utf8'));
        const result = await client.request<{ ok: boolean; findings: Array<{ ruleId: string; amount: number; uri: string; range: { start: { line: number } }; params: Array<{ name: string; value: string }>; steps: Array<{ text: string; result?: boolean | null }> }> }>('zhishen/evaluate', { claim });
        expect(result.ok).toBe(true);
        expect(result.findings).toHaveLength(1);
        const finding = result.findings[0];
        expect(finding).toMatchObject({ ruleId: 'ZS_LSP_001', amount: 25, uri: ruleUri });
        expect(finding.range.start.line).toBe(ruleText.split('\n').findIndex(l => l.startsWith('规则 ZS_LSP_001')));
        expect(finding.params).toEqual([{ name: '儿童年龄上限', value: '14岁' }]);
        expect(finding.steps.some(s => s.text.includes('患者.年龄') && s.result === true)).toBe(true);
    });

    test('运行测试并收集覆盖率：规则触发过、条件求值过 / 成立过，带源码位置', async () => {
        type Coverage = { firedRules: number; totalRules: number; rules: Array<{ ruleId: string; uri: string; fired: boolean; range: { start: { line: number } }; steps: Array<{ kind: string; text: string; evaluated: boolean; passed: boolean; uri: string; range: { start: { line: number } } }> }> };
        const all = await client.request<{ ok: boolean; coverage?: Coverage }>('zhishen/runTests', { coverage: true });
        expect(all.ok).toBe(true);
        const rule = all.coverage!.rules.find(r => r.ruleId === 'ZS_LSP_001')!;
        expect(rule).toMatchObject({ uri: ruleUri, fired: true });
        expect(rule.range.start.line).toBe(ruleText.split('\n').findIndex(l => l.startsWith('规则 ZS_LSP_001')));
        expect(rule.steps).toEqual([expect.objectContaining({ kind: 'when', text: '患者.年龄 >= 儿童年龄上限', evaluated: true, passed: true, uri: ruleUri })]);
        expect(rule.steps[0].range.start.line).toBe(ruleText.split('\n').findIndex(l => l.includes('当 患者.年龄 >= 儿童年龄上限')));
        // 只运行“儿童使用不违规”：条件求值过但没有成立过，规则没有触发
        const one = await client.request<{ coverage?: Coverage }>('zhishen/runTests', { tests: [{ uri: ruleUri, name: '儿童使用不违规' }], coverage: true });
        const only = one.coverage!.rules.find(r => r.ruleId === 'ZS_LSP_001')!;
        expect(only.fired).toBe(false);
        expect(only.steps.map(s => [s.evaluated, s.passed])).toEqual([[true, false]]);
        const plain = await client.request<{ coverage?: Coverage }>('zhishen/runTests', {});
        expect(plain.coverage).toBeUndefined();
    });

    test('为什么没触发：儿童理赔上规则不触发 → 不成立的条件、看到的值（参数覆盖生效）与源码位置；不认识的规则中文说明', async () => {
        const claim = JSON.parse(readFileSync(ws.file('claims/成人.json'), 'utf8'));
        claim.patient_dtos[0].brdy = '2015-05-01';
        type View = { ok: boolean; message?: string; report?: { fired: boolean; verdict: string; uri: string; params: Array<{ name: string; value: string }>; attempts: Array<{ outcome: string; outcomeLabel: string; reason: string; failedStep?: number; steps: Array<{ text: string; result?: boolean | null; uri: string; range: { start: { line: number } } }> }> } };
        const result = await client.request<View>('zhishen/whyNot', { claim, rule: 'ZS_LSP_001', target: 'R1' });
        expect(result.ok).toBe(true);
        const report = result.report!;
        expect(report.fired).toBe(false);
        expect(report.uri).toBe(ruleUri);
        expect(report.params).toEqual([{ name: '儿童年龄上限', value: '14岁' }]);
        expect(report.attempts.map(a => [a.outcome, a.outcomeLabel])).toEqual([['failed', '条件不成立']]);
        expect(report.attempts[0].reason).toMatch(/「当 患者\.年龄 >= 儿童年龄上限」不成立：患者\.年龄 = \d+岁，儿童年龄上限 = 14岁/);
        const step = report.attempts[0].steps[report.attempts[0].failedStep!];
        expect(step.uri).toBe(ruleUri);
        expect(step.range.start.line).toBe(ruleText.split('\n').findIndex(l => l.includes('当 患者.年龄 >= 儿童年龄上限')));
        const unknown = await client.request<View>('zhishen/whyNot', { claim, rule: 'ZS_LSP_00' });
        expect(unknown.ok).toBe(false);
        expect(unknown.message).toContain('规则包里没有规则「ZS_LSP_00」');
    });

    test('构建规则包', async () => {
        const result = await client.request<{ ok: boolean; code: string; rules: number }>('zhishen/buildPack', {});
        expect(result.ok).toBe(true);
        expect(result.rules).toBe(1);
        expect(result.code).toContain('export default');
    });
});

describe('退出', () => {
    test('shutdown + exit：进程以 0 退出', async () => {
        const code = await client.shutdown();
        expect(code).toBe(0);
    });
});
