/**
 * 智审 VS Code 扩展：启动语言服务器（与 `zhishen lsp --stdio` 相同），并提供
 *   - 命令：构建规则包、运行本文件测试、在样例理赔上运行（结果与解释在面板中，点击回到规则）；
 *   - CodeLens 的 ▶ 运行测试 · 解释（服务器给出，命令在这里实现）；
 *   - 测试资源管理器：测试由语言服务器发现（zhishen/listTests），经编译器与运行时运行（zhishen/runTests）；
 *     “运行并收集覆盖率”把规则（触发过）与每个条件（求值过、成立过）显示在编辑器的行号旁（VS Code 的测试覆盖率）；
 *   - 为什么没有触发（zhishen/whyNot）：规则 × 样例理赔 × 对象，结果面板列出停在哪个条件与看到的值；
 *   - 状态栏：知识库是否加载、编码数、规则数；
 *   - 内置库（zhishen-builtin:）的只读文档，供“转到定义”打开。
 */
import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node.js';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node.js';
import type {
    BuildPackResult, CoverageView, EvaluateResult, ListTestsResult, RunTestsParams, RunTestsResult, TestInfo, WhyNotResult, ZhishenStatus
} from '@zhishen/language/lsp';
import type { FindingsModel } from './render.js';
import { claimObjects } from '@zhishen/runtime';
import { renderFindingsHtml } from './render.js';
import { readClaimText } from './claim-text.js';

const METHODS = {
    builtinSource: 'zhishen/builtinSource',
    listTests: 'zhishen/listTests',
    runTests: 'zhishen/runTests',
    evaluate: 'zhishen/evaluate',
    whyNot: 'zhishen/whyNot',
    buildPack: 'zhishen/buildPack',
    status: 'zhishen/status',
    statusChanged: 'zhishen/statusChanged'
} as const;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('智审');
    context.subscriptions.push(output);
    const status = new StatusBar();
    context.subscriptions.push(status);
    const findings = new FindingsPanel(context);
    context.subscriptions.push(findings);

    client = createClient(context);
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider('zhishen-builtin', {
        provideTextDocumentContent: async uri => (await client?.sendRequest<string | null>(METHODS.builtinSource, { uri: uri.toString() })) ?? ''
    }));

    const tests = new TestExplorer(() => client, output);
    context.subscriptions.push(tests);

    context.subscriptions.push(
        vscode.commands.registerCommand('zhishen.buildPack', () => buildPack(output)),
        vscode.commands.registerCommand('zhishen.runFileTests', (uri?: vscode.Uri) => tests.runFile(uri ?? vscode.window.activeTextEditor?.document.uri)),
        vscode.commands.registerCommand('zhishen.runOnClaim', () => runOnClaim(findings)),
        vscode.commands.registerCommand('zhishen.runTests', (args?: { uri?: string; rules?: string[]; tests?: Array<{ uri: string; name: string }> }) => tests.runSelection(args ?? {})),
        vscode.commands.registerCommand('zhishen.explain', (args?: { uri?: string; rule?: string; test?: string }) => explain(args ?? {}, tests, findings)),
        vscode.commands.registerCommand('zhishen.whyNot', (args?: { uri?: string; rule?: string }) => whyNot(args ?? {}, findings)),
        vscode.commands.registerCommand('zhishen.showStatus', () => status.show()),
        vscode.commands.registerCommand('zhishen.restartServer', async () => {
            await client?.restart();
            await tests.refreshAll();
        })
    );

    await client.start();
    client.onNotification(METHODS.statusChanged, (value: ZhishenStatus) => status.update(value));
    status.update(await client.sendRequest<ZhishenStatus>(METHODS.status, {}));
    void tests.refreshAll();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
    const module = context.asAbsolutePath('dist/server.mjs');
    const delay = vscode.workspace.getConfiguration('zhishen').get<number>('slowValidationDelay', 250);
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'zhishen' }, { scheme: 'untitled', language: 'zhishen' }],
        initializationOptions: { clientSnippets: true, slowValidationDelay: delay },
        outputChannelName: '智审语言服务器'
    };
    return new LanguageClient('zhishen', '智审语言服务器', serverOptions, clientOptions);
}

function requireClient(): LanguageClient {
    if (!client) throw new Error('智审语言服务器未启动');
    return client;
}

// ───────────── 状态栏 ─────────────

class StatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('zhishen.status', vscode.StatusBarAlignment.Left, 100);
    private status: ZhishenStatus | undefined;

    constructor() {
        this.item.name = '智审';
        this.item.text = '$(sync~spin) 智审：启动中…';
        this.item.command = 'zhishen.showStatus';
        this.item.show();
    }

    update(status: ZhishenStatus): void {
        this.status = status;
        if (status.kbLoading) {
            this.item.text = `$(sync~spin) 智审：加载知识库… · 规则 ${status.rules} 条`;
        } else if (status.kbLoaded) {
            this.item.text = `$(database) 智审：知识库 ${(status.kbCodes ?? 0).toLocaleString('zh-CN')} 条编码 · 规则 ${status.rules} 条`;
        } else {
            this.item.text = `$(warning) 智审：未加载知识库 · 规则 ${status.rules} 条`;
        }
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown(`**智审语言服务**\n\n`);
        tooltip.appendMarkdown(status.kbLoaded
            ? `- 知识库：${status.kbName}（${status.kbCodes} 条编码，${status.kbTables} 个知识点表）\n`
            : `- 知识库：未加载${status.kbError ? `（${status.kbError}）` : '——在 zhishen.json 中配置 "kb"'}\n`);
        tooltip.appendMarkdown(`- 规则：${status.rules} 条，规则文件 ${status.files} 个\n`);
        tooltip.appendMarkdown(`- 配置：${status.configFile ? vscode.Uri.parse(status.configFile).fsPath : '（没有 zhishen.json）'}\n`);
        this.item.tooltip = tooltip;
        this.item.backgroundColor = status.kbError ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }

    show(): void {
        const status = this.status;
        if (!status) {
            void vscode.window.showInformationMessage('智审语言服务器尚未就绪');
            return;
        }
        const kb = status.kbLoaded ? `知识库「${status.kbName}」：${status.kbCodes} 条编码，${status.kbTables} 个知识点表` : `未加载知识库${status.kbError ? `：${status.kbError}` : '（在 zhishen.json 中配置 "kb"）'}`;
        void vscode.window.showInformationMessage(`${kb}；规则 ${status.rules} 条（${status.files} 个文件）`);
    }

    dispose(): void {
        this.item.dispose();
    }
}

// ───────────── 测试资源管理器 ─────────────

class TestExplorer implements vscode.Disposable {
    private readonly controller = vscode.tests.createTestController('zhishen', '智审规则测试');
    private readonly infos = new Map<string, TestInfo>();
    private readonly disposables: vscode.Disposable[] = [];
    private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

    constructor(private readonly getClient: () => LanguageClient | undefined, private readonly output: vscode.OutputChannel) {
        this.controller.resolveHandler = async item => {
            if (!item) await this.refreshAll();
        };
        this.controller.refreshHandler = () => this.refreshAll();
        this.controller.createRunProfile('运行', vscode.TestRunProfileKind.Run, async (request, token) => { await this.run(request, token); }, true);
        // 覆盖率（测试视图的“运行并显示覆盖率”）：哪些规则触发过、哪些条件求值过 / 成立过，显示在编辑器的行号旁
        const coverage = this.controller.createRunProfile('运行并收集覆盖率', vscode.TestRunProfileKind.Coverage, async (request, token) => { await this.run(request, token, true); }, true);
        coverage.loadDetailedCoverage = async (_run, file) => (file as RuleFileCoverage).details;
        this.disposables.push(
            this.controller,
            vscode.workspace.onDidChangeTextDocument(event => {
                if (event.document.languageId === 'zhishen') this.scheduleRefresh(event.document.uri);
            }),
            vscode.workspace.onDidOpenTextDocument(document => {
                if (document.languageId === 'zhishen') this.scheduleRefresh(document.uri);
            })
        );
        const watcher = vscode.workspace.createFileSystemWatcher('**/*.zs');
        this.disposables.push(watcher, watcher.onDidCreate(() => this.refreshAll()), watcher.onDidDelete(() => this.refreshAll()));
    }

    private scheduleRefresh(uri: vscode.Uri): void {
        const key = uri.toString();
        const timer = this.timers.get(key);
        if (timer) clearTimeout(timer);
        this.timers.set(key, setTimeout(() => {
            this.timers.delete(key);
            void this.refreshFile(uri);
        }, 500));
    }

    async refreshAll(): Promise<void> {
        const c = this.getClient();
        if (!c) return;
        const result = await c.sendRequest<ListTestsResult>(METHODS.listTests, {});
        const byFile = new Map<string, TestInfo[]>();
        for (const test of result.tests) {
            const list = byFile.get(test.uri) ?? [];
            list.push(test);
            byFile.set(test.uri, list);
        }
        this.infos.clear();
        const files: vscode.TestItem[] = [];
        for (const [uri, tests] of byFile) files.push(this.fileItem(uri, tests));
        this.controller.items.replace(files);
    }

    async refreshFile(uri: vscode.Uri): Promise<void> {
        const c = this.getClient();
        if (!c) return;
        const result = await c.sendRequest<ListTestsResult>(METHODS.listTests, { uri: uri.toString() });
        const key = uri.toString();
        for (const [id, info] of this.infos) if (info.uri === key) this.infos.delete(id);
        if (result.tests.length === 0) {
            this.controller.items.delete(key);
            return;
        }
        this.controller.items.add(this.fileItem(result.tests[0].uri, result.tests));
    }

    private fileItem(uri: string, tests: TestInfo[]): vscode.TestItem {
        const fileUri = vscode.Uri.parse(uri);
        const file = this.controller.createTestItem(uri, vscode.workspace.asRelativePath(fileUri), fileUri);
        for (const test of tests) {
            this.infos.set(test.id, test);
            const item = this.controller.createTestItem(test.id, test.name, fileUri);
            item.range = toRange(test.range);
            item.description = test.rules.join('、');
            file.children.add(item);
        }
        return file;
    }

    /** 所有测试项（叶子）。 */
    private leaves(items?: readonly vscode.TestItem[]): vscode.TestItem[] {
        const result: vscode.TestItem[] = [];
        const visit = (item: vscode.TestItem) => {
            if (item.children.size === 0) {
                if (this.infos.has(item.id)) result.push(item);
            } else item.children.forEach(visit);
        };
        if (items) items.forEach(visit);
        else this.controller.items.forEach(visit);
        return result;
    }

    async run(request: vscode.TestRunRequest, token?: vscode.CancellationToken, withCoverage = false): Promise<RunTestsResult | undefined> {
        const c = this.getClient();
        if (!c) return undefined;
        const excluded = new Set((request.exclude ?? []).map(i => i.id));
        const items = this.leaves(request.include).filter(i => !excluded.has(i.id));
        const run = this.controller.createTestRun(request, '智审规则测试');
        for (const item of items) run.started(item);
        try {
            const params: RunTestsParams = { tests: items.map(i => ({ uri: this.infos.get(i.id)!.uri, name: this.infos.get(i.id)!.name })), ...(withCoverage ? { coverage: true } : {}) };
            const result = await c.sendRequest<RunTestsResult>(METHODS.runTests, params, token);
            if (!result.ok) {
                const messages = result.errors.map(e => withLocation(new vscode.TestMessage(e.message), e.uri, e.range));
                for (const item of items) run.errored(item, messages);
                this.output.appendLine(`规则有错误，未能编译：\n${result.errors.map(e => `  ${e.message}`).join('\n')}`);
                return result;
            }
            const seen = new Set<string>();
            for (const outcome of result.results) {
                const item = items.find(i => i.id === outcome.id);
                if (!item) continue;
                seen.add(item.id);
                if (outcome.passed) {
                    run.passed(item, outcome.durationMs);
                    continue;
                }
                const messages: vscode.TestMessage[] = [];
                if (outcome.error) messages.push(withLocation(new vscode.TestMessage(outcome.error), outcome.uri, outcome.range));
                for (const e of outcome.expectations.filter(x => !x.passed)) {
                    messages.push(withLocation(vscode.TestMessage.diff(`期望不满足：${e.text}`, e.expected ?? '', e.actual ?? ''), e.uri, e.range));
                }
                run.failed(item, messages, outcome.durationMs);
            }
            for (const item of items) if (!seen.has(item.id)) run.skipped(item);
            run.appendOutput(`${result.passed} 个通过，${result.failed} 个失败\r\n`);
            if (result.coverage) {
                for (const file of coverageByFile(result.coverage)) run.addCoverage(file);
                const c = result.coverage;
                run.appendOutput(`覆盖率：规则触发 ${c.firedRules}/${c.totalRules}，条件求值 ${c.evaluatedSteps}/${c.totalSteps}，成立过 ${c.passedSteps}/${c.totalSteps}\r\n`);
            }
            return result;
        } catch (error) {
            for (const item of items) run.errored(item, new vscode.TestMessage(`运行失败：${(error as Error).message}`));
            return undefined;
        } finally {
            run.end();
        }
    }

    /** CodeLens / 命令：按文件、规则或测试名选择并运行。 */
    async runSelection(args: { uri?: string; rules?: string[]; tests?: Array<{ uri: string; name: string }> }): Promise<void> {
        if (this.infos.size === 0) await this.refreshAll();
        let ids: string[];
        if (args.tests && args.tests.length > 0) {
            const wanted = new Set(args.tests.map(t => `${t.uri}#${t.name}`));
            ids = [...this.infos.values()].filter(t => wanted.has(`${t.uri}#${t.name}`) || wanted.has(t.id)).map(t => t.id);
        } else if (args.rules && args.rules.length > 0) {
            const rules = new Set(args.rules);
            ids = [...this.infos.values()].filter(t => t.rules.some(r => rules.has(r))).map(t => t.id);
        } else if (args.uri) {
            ids = [...this.infos.values()].filter(t => t.uri === args.uri).map(t => t.id);
        } else {
            ids = [...this.infos.keys()];
        }
        if (ids.length === 0) {
            void vscode.window.showInformationMessage(args.rules ? `没有测试用到规则 ${args.rules.join('、')}：在规则文件中写 测试 "…" { 理赔 … 期望 ${args.rules[0]} … }` : '没有找到测试');
            return;
        }
        const items = this.leaves().filter(i => ids.includes(i.id));
        const result = await this.run(new vscode.TestRunRequest(items));
        if (result?.ok) {
            const summary = `${result.passed} 个通过，${result.failed} 个失败`;
            if (result.failed > 0) void vscode.window.showWarningMessage(`智审测试：${summary}`, '查看结果').then(choice => { if (choice) void vscode.commands.executeCommand('testing.showMostRecentOutput'); });
            else void vscode.window.setStatusBarMessage(`智审测试：${summary}`, 5000);
        } else if (result) {
            void vscode.window.showErrorMessage('规则有错误，未能编译；详见“问题”面板');
        }
    }

    async runFile(uri: vscode.Uri | undefined): Promise<void> {
        if (!uri) {
            void vscode.window.showInformationMessage('先打开一个 .zs 规则文件');
            return;
        }
        await this.refreshFile(uri);
        await this.runSelection({ uri: uri.toString() });
    }

    testsMentioning(rule: string): TestInfo[] {
        return [...this.infos.values()].filter(t => t.rules.includes(rule));
    }

    async ensureLoaded(): Promise<void> {
        if (this.infos.size === 0) await this.refreshAll();
    }

    dispose(): void {
        for (const timer of this.timers.values()) clearTimeout(timer);
        for (const d of this.disposables) d.dispose();
    }
}

/** 一个规则文件的覆盖率：语句 = 规则（触发过）与每一步（求值过）；当 另有一个分支“成立过”。 */
class RuleFileCoverage extends vscode.FileCoverage {
    constructor(uri: vscode.Uri, readonly details: vscode.FileCoverageDetail[]) {
        super(uri, new vscode.TestCoverageCount(0, 0));
        const statements = details as vscode.StatementCoverage[];
        this.statementCoverage = new vscode.TestCoverageCount(statements.filter(d => d.executed).length, statements.length);
        const branches = statements.flatMap(d => d.branches);
        this.branchCoverage = branches.length > 0 ? new vscode.TestCoverageCount(branches.filter(b => b.executed).length, branches.length) : undefined;
    }
}

function coverageByFile(coverage: CoverageView): RuleFileCoverage[] {
    const files = new Map<string, vscode.FileCoverageDetail[]>();
    for (const rule of coverage.rules) {
        if (!rule.uri) continue;
        const details = files.get(rule.uri) ?? [];
        files.set(rule.uri, details);
        details.push(new vscode.StatementCoverage(rule.fired, toRange(rule.range)));
        for (const step of rule.steps) {
            const branches = step.kind === 'when' ? [new vscode.BranchCoverage(step.passed, toRange(step.range), '成立过')] : [];
            details.push(new vscode.StatementCoverage(step.evaluated, toRange(step.range), branches));
        }
    }
    return [...files].map(([uri, details]) => new RuleFileCoverage(vscode.Uri.parse(uri), details));
}

function toRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
    return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function withLocation(message: vscode.TestMessage, uri: string | undefined, range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): vscode.TestMessage {
    if (uri && range) message.location = new vscode.Location(vscode.Uri.parse(uri), toRange(range));
    return message;
}

// ───────────── 审核结果面板 ─────────────

class FindingsPanel implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;

    constructor(private readonly context: vscode.ExtensionContext) {}

    show(model: FindingsModel): void {
        if (!this.panel) {
            this.panel = vscode.window.createWebviewPanel('zhishen.findings', '智审：审核结果', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: true });
            this.panel.onDidDispose(() => { this.panel = undefined; }, undefined, this.context.subscriptions);
            this.panel.webview.onDidReceiveMessage(async (message: { type: string; uri: string; line: number; character: number }) => {
                if (message.type !== 'open' || !message.uri) return;
                const position = new vscode.Position(message.line, message.character);
                const editor = await vscode.window.showTextDocument(vscode.Uri.parse(message.uri), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
                editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
            }, undefined, this.context.subscriptions);
        }
        this.panel.title = `智审：${model.title}`;
        this.panel.webview.html = renderFindingsHtml(model, { nonce: nonce(), cspSource: this.panel.webview.cspSource });
        this.panel.reveal(vscode.ViewColumn.Beside, true);
    }

    dispose(): void {
        this.panel?.dispose();
    }
}

function nonce(): string {
    let text = '';
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (let i = 0; i < 32; i++) text += chars.charAt(Math.floor(Math.random() * chars.length));
    return text;
}

// ───────────── 命令 ─────────────

async function pickClaim(): Promise<{ claim: unknown; label: string } | undefined> {
    const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: '用这份理赔审核',
        title: '选择样例理赔（3101/3102 入参 JSON）',
        filters: { '理赔 JSON': ['json'] }
    });
    const uri = picked?.[0];
    if (!uri) return undefined;
    const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    const label = vscode.workspace.asRelativePath(uri);
    const read = readClaimText(text, label);
    if ('error' in read) {
        void vscode.window.showErrorMessage(read.error);
        return undefined;
    }
    return { claim: read.claim, label };
}

async function runOnClaim(findings: FindingsPanel, rules?: string[]): Promise<void> {
    const picked = await pickClaim();
    if (!picked) return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: '智审：审核中…' },
        () => requireClient().sendRequest<EvaluateResult>(METHODS.evaluate, { claim: picked.claim, rules, label: picked.label }));
    findings.show({
        title: rules ? `解释规则 ${rules.join('、')}` : '在样例理赔上运行',
        subtitle: `理赔：${picked.label}`,
        findings: result.findings,
        errors: result.errors,
        rejected: result.rejected
    });
}

/**
 * 为什么没有触发：规则（CodeLens 给出，否则从光标所在的规则或输入）× 样例理赔 × 对象（从理赔里选明细 / 就诊 / 诊断 / 手术，或全部），
 * 结果面板列出每次尝试停在哪个条件、看到的值。
 */
async function whyNot(args: { uri?: string; rule?: string }, findings: FindingsPanel): Promise<void> {
    const rule = args.rule ?? await vscode.window.showInputBox({ title: '为什么没有触发', prompt: '规则编号', value: ruleAtCursor() ?? '', ignoreFocusOut: true });
    if (!rule) return;
    const picked = await pickClaim();
    if (!picked) return;
    const objects = claimObjects(picked.claim);
    const choice = await vscode.window.showQuickPick([{ label: '作用域里的全部对象', id: '' }, ...objects.map(o => ({ label: o.label, id: o.id }))],
        { title: `为什么 ${rule} 没有触发：选理赔中的对象`, placeHolder: '明细、就诊、诊断或手术' });
    if (!choice) return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: '智审：逐个条件求值…' },
        () => requireClient().sendRequest<WhyNotResult>(METHODS.whyNot, { claim: picked.claim, rule, ...(choice.id ? { target: choice.id } : {}), label: picked.label }));
    findings.show({
        title: `为什么 ${rule} 没有触发`,
        subtitle: `理赔：${picked.label}${choice.id ? ` · 对象：${choice.label}` : ''}`,
        findings: result.report?.findings ?? [],
        errors: result.errors,
        rejected: result.message,
        whyNot: result.report
    });
}

/** 光标所在的规则编号（向上找最近的「规则 编号」）。 */
function ruleAtCursor(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'zhishen') return undefined;
    for (let line = editor.selection.active.line; line >= 0; line--) {
        const match = /^\s*规则\s+(\S+)/.exec(editor.document.lineAt(line).text);
        if (match) return match[1];
    }
    return undefined;
}

async function explain(args: { uri?: string; rule?: string; test?: string }, tests: TestExplorer, findings: FindingsPanel): Promise<void> {
    const c = requireClient();
    if (args.test !== undefined && args.uri) {
        const result = await c.sendRequest<RunTestsResult>(METHODS.runTests, { tests: [{ uri: args.uri, name: args.test }], explain: true });
        findings.show({
            title: `解释测试「${args.test}」`,
            subtitle: '测试理赔的审核结果，以及每个条件看到的值',
            findings: result.results.flatMap(r => r.findings ?? []),
            errors: result.errors,
            tests: result.results
        });
        return;
    }
    if (args.rule) {
        await tests.ensureLoaded();
        if (tests.testsMentioning(args.rule).length > 0) {
            const result = await c.sendRequest<RunTestsResult>(METHODS.runTests, { rules: [args.rule], explain: true });
            findings.show({
                title: `解释规则 ${args.rule}`,
                subtitle: `在用到该规则的 ${result.results.length} 个测试的理赔上运行`,
                findings: result.results.flatMap(r => r.findings ?? []),
                errors: result.errors,
                tests: result.results
            });
            return;
        }
        await runOnClaim(findings, [args.rule]);
    }
}

async function buildPack(output: vscode.OutputChannel): Promise<void> {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: '智审：构建规则包…' },
        () => requireClient().sendRequest<BuildPackResult>(METHODS.buildPack, {}));
    if (!result.ok || !result.code) {
        output.clear();
        output.appendLine('构建失败：');
        for (const error of result.errors) output.appendLine(`  ${error.uri ? `${vscode.Uri.parse(error.uri).fsPath}:${(error.range?.start.line ?? 0) + 1}  ` : ''}${error.message}`);
        output.show(true);
        void vscode.window.showErrorMessage(`构建失败：${result.errors.length} 个错误（详见“输出”面板与“问题”面板）`);
        return;
    }
    const base = result.projectDir ? vscode.Uri.parse(result.projectDir) : vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!base) {
        void vscode.window.showErrorMessage('没有打开的工作区文件夹，无法决定规则包写到哪里');
        return;
    }
    const relative = vscode.workspace.getConfiguration('zhishen').get<string>('build.output', 'out/pack.mjs');
    const target = vscode.Uri.joinPath(base, relative);
    const encoder = new TextEncoder();
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.writeFile(target, encoder.encode(result.code));
    if (result.sourceMap) await vscode.workspace.fs.writeFile(target.with({ path: target.path + '.map' }), encoder.encode(result.sourceMap));
    const manifest = target.with({ path: target.path.replace(/\.m?js$/, '') + '.manifest.json' });
    await vscode.workspace.fs.writeFile(manifest, encoder.encode(JSON.stringify(result.manifest, null, 2) + '\n'));
    const choice = await vscode.window.showInformationMessage(`已生成规则包 ${vscode.workspace.asRelativePath(target)}（规则 ${result.rules} 条）`, '打开 manifest');
    if (choice) await vscode.window.showTextDocument(manifest);
}
