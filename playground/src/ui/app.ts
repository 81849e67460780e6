/**
 * 演练场应用：布局、编辑器、面板、运行、分享。状态见 lib/state.ts；编译与审核在 worker 中（engine-client.ts），
 * 编辑器的诊断 / 补全 / 悬停 / 格式化来自同一个 worker 里的语言服务器（lsp.ts）。
 */
import type { KbFile } from '@zhishen/language';
import { claimSamples, ruleSamples, sampleKb } from 'virtual:zhishen-samples';
import { batchDialog } from './batch-panel.js';
import { findingsCsv, findingsJson } from '../lib/export.js';
import type { FindingRow, FindingsDiff } from '../lib/findings.js';
import { diffFindings, findingRows, formatCents } from '../lib/findings.js';
import { claimSummary, locateClaimItem as locate, positionAt } from '../lib/json-text.js';
import { kbFilesFromPicked } from '../lib/kb-files.js';
import type { ClaimProblem, FileDoc, KbInfo, PhaseChoice, RunResult } from '../lib/protocol.js';
import { decodeState, encodeState } from '../lib/share.js';
import type { AppState, Samples } from '../lib/state.js';
import { baseName, defaultState, uniquePath } from '../lib/state.js';
import { clear, debounce, download, h, tabKeyboard } from './dom.js';
import { EngineClient } from './engine-client.js';
import type { LanguageClient } from './lsp.js';
import { startLanguageClient } from './lsp.js';
import { renderKbPanel } from './kb-panel.js';
import { buildLayout } from './layout.js';
import { claimDecorations, coverageDecorations, ruleDecorations } from './highlights.js';
import { monaco, setupMonaco, ZHISHEN } from './monaco-setup.js';
import type { ResultsCallbacks } from './results-view.js';
import { renderExplanation, renderFindings, renderProblems, renderTests } from './results-view.js';
import { WhyNotPanel } from './why-not-panel.js';
import type { WhyNotInputs } from './why-not-panel.js';
import { helpDialog, REFERENCE_URL, shareDialog, showReference } from './dialogs.js';
import { renderParamsPanel } from './params-panel.js';

type Editor = monaco.editor.IStandaloneCodeEditor;
type Model = monaco.editor.ITextModel;

const SAMPLES: Samples = { rules: ruleSamples, claims: claimSamples };
const EDITOR_FONT = "'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'WenQuanYi Micro Hei Mono', 'WenQuanYi Micro Hei', 'Noto Sans Mono CJK SC', monospace";


declare global {
    interface Window {
        /** 端到端测试与基准读取的钩子（只读信息） */
        __zhishen?: { ready: boolean; runs: number; editorReadyMs?: number; lastRun?: RunResult; kb?: KbInfo; lspReady: boolean; lspReadyMs?: number; firstRunMs?: number; state?: () => AppState };
    }
}

export async function startApp(root: HTMLElement): Promise<void> {
    setupMonaco();
    const app = new App(root);
    await app.start();
}

class App {
    private state: AppState;
    private readonly engine: EngineClient;
    private lsp: LanguageClient | null = null;
    private ruleEditor!: Editor;
    private claimEditor!: Editor;
    private readonly ruleModels = new Map<string, Model>();
    private readonly claimModels = new Map<string, Model>();
    private readonly closedRuleModels = new Map<string, Model>();
    private readonly viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
    private lastRun: RunResult | null = null;
    private rows: FindingRow[] = [];
    private previous: { claim: string; rows: FindingRow[] } | null = null;
    private diff: FindingsDiff | null = null;
    private selected: FindingRow | null = null;
    private claimProblems: ClaimProblem[] = [];
    private kbInfo: KbInfo | null = null;
    private kbError: string | null = null;
    private runTests = true;
    private running = false;
    private runAgain = false;
    private ruleDecorations: monaco.editor.IEditorDecorationsCollection | null = null;
    private claimDecorations: monaco.editor.IEditorDecorationsCollection | null = null;
    private readonly hook: NonNullable<Window['__zhishen']> = (window.__zhishen = { ready: false, runs: 0, lspReady: false });
    private readonly el: Record<string, HTMLElement> = {};
    private readonly warnings: string[] = [];
    /** 上次运行的输入（规则、理赔、参数、环节）；现在的输入与它不同时结果标为“过时” */
    private runSignature: string | null = null;
    /** 上次发给语言服务器的参数覆盖 */
    private sentParams = '';
    private whyNot!: WhyNotPanel;
    /** 每个规则文件上覆盖率装饰的 id */
    private readonly coverageIds = new Map<string, string[]>();

    constructor(private readonly root: HTMLElement) {
        let state: AppState | undefined;
        try {
            const decoded = decodeState(location.hash, SAMPLES);
            if (decoded) {
                state = decoded.state;
                this.warnings.push(...decoded.warnings);
            }
        } catch (error) {
            this.warnings.push((error as Error).message);
        }
        this.state = state ?? defaultState(SAMPLES);
        this.engine = new EngineClient(message => this.fatal(message));
        this.hook.state = () => {
            this.syncRuleFiles();
            this.syncClaimFiles();
            return JSON.parse(JSON.stringify(this.state)) as AppState;
        };
    }

    // ───────────────────────────── 启动 ─────────────────────────────

    async start(): Promise<void> {
        this.buildLayout();
        this.createEditors();
        this.hook.editorReadyMs = performance.now();
        performance.mark('zhishen:editor-ready');
        this.root.removeAttribute('aria-busy');
        this.renderAll();
        this.startLanguageServer();
        const kbUrl = new URL(sampleKb.file, document.baseURI).href;
        this.setStatus('正在加载样例知识库…');
        try {
            this.kbInfo = await this.engine.loadKb({ url: kbUrl });
            this.hook.kb = this.kbInfo;
        } catch (error) {
            this.kbError = (error as Error).message;
        }
        this.renderKbPanel();
        this.hook.ready = true;
        await this.run();
    }

    private startLanguageServer(): void {
        // 悬停里的《语言参考》链接：在帮助里打开那一节，不离开页面
        monaco.editor.registerLinkOpener({
            open: uri => {
                const href = uri.toString(true);
                if (!href.startsWith(REFERENCE_URL)) return false;
                showReference(this.el.help as HTMLDialogElement, decodeURIComponent(uri.fragment));
                return true;
            }
        });
        try {
            this.lsp = startLanguageClient(this.engine.worker);
            void this.lsp.ready.then(() => {
                this.hook.lspReady = true;
                this.hook.lspReadyMs = performance.now();
                this.pushParams();
            });
        } catch (error) {
            this.notify(`语言服务器没有启动：${(error as Error).message}。仍可运行规则，错误会在运行后显示。`, 'error');
        }
    }

    private fatal(message: string): void {
        this.notify(`${message}。请刷新页面。`, 'error');
        this.running = false;
        this.updateRunButton();
    }

    private batch: HTMLDialogElement | null = null;

    /** 批量筛查：用当前的规则（与参数面板的覆盖）在整批 NDJSON 上运行（batch-panel.ts） */
    private openBatch(): void {
        if (!this.batch) {
            this.batch = batchDialog({
                samples: claimSamples.filter(s => s.path.includes('/screening/') && s.path.endsWith('.ndjson')).map(s => ({ path: s.path, text: s.text })),
                screen: batch => this.engine.screenBatch({ sources: this.state.rules, batch, params: this.state.params })
            });
            this.root.append(this.batch);
        }
        this.batch.showModal();
    }

    // ───────────────────────────── 布局 ─────────────────────────────

    private buildLayout(): void {
        const el = buildLayout(this.root, { phase: this.state.phase, runTests: this.runTests }, {
            run: () => void this.run(),
            phase: phase => { this.state.phase = phase; this.saveToUrl(); void this.run(); },
            runTests: on => { this.runTests = on; },
            share: () => this.openShare(),
            batch: () => this.openBatch(),
            exportJson: () => this.exportJson(),
            exportCsv: () => this.exportCsv(),
            newRuleFile: () => this.newRuleFile(),
            loadRuleSample: select => this.loadRuleSample(select),
            openRuleFiles: input => void this.openRuleFiles(input),
            format: () => void this.ruleEditor.getAction('editor.action.formatDocument')?.run(),
            newClaim: () => this.newClaim(),
            loadClaimSample: select => this.loadClaimSample(select),
            openClaimFiles: input => void this.openClaimFiles(input),
            sideTab: id => this.showSideTab(id),
            resultTab: id => this.showResultTab(id)
        });
        Object.assign(this.el, el);
        this.whyNot = new WhyNotPanel(this.el.whyNot, this.engine, () => this.whyNotInputs(), (file, line, column, endLine, endColumn) => this.revealRule(file, line, column, endLine, endColumn));
        for (const w of this.warnings) this.notify(w, 'warn');
    }

    /** “为什么没有触发”用的输入：与“运行”相同的规则、当前理赔、参数与环节 */
    private whyNotInputs(): WhyNotInputs {
        this.syncRuleFiles();
        this.syncClaimFiles();
        const ok = this.lastRun?.compile.ok && this.lastRun.compile.configErrors.length === 0;
        return {
            sources: this.state.rules,
            claim: this.state.claims.find(c => c.path === this.state.activeClaim) ?? null,
            params: this.state.params,
            phase: this.state.phase,
            rules: ok ? this.lastRun!.rules : [],
            signature: this.inputSignature()
        };
    }

    private showSideTab(id: string): void {
        for (const name of ['claims', 'kb', 'params']) {
            const tab = document.getElementById(`tab-${name}`)!;
            tab.setAttribute('aria-selected', String(name === id));
            tab.tabIndex = name === id ? 0 : -1;
            document.getElementById(`panel-${name}`)!.hidden = name !== id;
        }
        if (id === 'claims') this.claimEditor.layout();
        if (id === 'kb') (this.el.kbPanel.querySelector('input[type=search]') as HTMLInputElement | null)?.focus();
    }

    private showResultTab(id: string): void {
        for (const name of ['findings', 'whynot', 'tests', 'problems']) {
            const tab = document.getElementById(`tab-${name}`)!;
            tab.setAttribute('aria-selected', String(name === id));
            tab.tabIndex = name === id ? 0 : -1;
            document.getElementById(`panel-${name}`)!.hidden = name !== id;
        }
        if (id === 'whynot') this.whyNot.render();
    }

    // ───────────────────────────── 编辑器 ─────────────────────────────

    private createEditors(): void {
        const common: monaco.editor.IStandaloneEditorConstructionOptions = {
            automaticLayout: true,
            minimap: { enabled: false },
            fontFamily: EDITOR_FONT,
            fontSize: 14,
            lineHeight: 22,
            scrollBeyondLastLine: false,
            renderWhitespace: 'none',
            unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
            tabSize: 2,
            fixedOverflowWidgets: true,
            accessibilitySupport: 'auto',
            ariaLabel: '',
            wordBasedSuggestions: 'off',
            quickSuggestions: { other: true, comments: false, strings: true },
            stickyScroll: { enabled: false }
        };
        this.ruleEditor = monaco.editor.create(document.getElementById('rule-editor')!, { ...common, ariaLabel: '规则编辑器', language: ZHISHEN, glyphMargin: false });
        this.claimEditor = monaco.editor.create(document.getElementById('claim-editor')!, { ...common, ariaLabel: '理赔编辑器', language: 'json', fontSize: 13, lineHeight: 20, folding: true });
        for (const editor of [this.ruleEditor, this.claimEditor]) {
            editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void this.run());
        }
        for (const file of this.state.rules) this.ensureRuleModel(file);
        for (const file of this.state.claims) this.ensureClaimModel(file);
        this.activateRule(this.state.activeRule ?? this.state.rules[0]?.path ?? null);
        this.activateClaim(this.state.activeClaim ?? this.state.claims[0]?.path ?? null);
    }

    private ensureRuleModel(file: FileDoc): Model {
        let model = this.ruleModels.get(file.path);
        const closed = this.closedRuleModels.get(file.path);
        if (!model && closed) {
            this.closedRuleModels.delete(file.path);
            closed.setValue(file.text);
            this.ruleModels.set(file.path, closed);
            return closed;
        }
        if (!model) {
            model = monaco.editor.createModel(file.text, ZHISHEN, monaco.Uri.file('/' + file.path));
            model.onDidChangeContent(() => this.onRulesChanged());
            this.ruleModels.set(file.path, model);
        }
        return model;
    }

    private ensureClaimModel(file: FileDoc): Model {
        let model = this.claimModels.get(file.path);
        if (!model) {
            model = monaco.editor.createModel(file.text, 'json', monaco.Uri.file('/' + file.path));
            model.onDidChangeContent(() => this.onClaimChanged());
            this.claimModels.set(file.path, model);
        }
        return model;
    }

    private readonly onRulesChanged = debounce(() => this.saveToUrl(), 600);
    private readonly onClaimChanged = debounce(() => {
        this.saveToUrl();
        void this.validateClaim();
    }, 400);

    private activateRule(path: string | null): void {
        const current = this.ruleEditor.getModel();
        if (current) this.viewStates.set(current.uri.toString(), this.ruleEditor.saveViewState());
        this.state.activeRule = path;
        const model = path ? this.ruleModels.get(path) ?? null : null;
        this.ruleEditor.setModel(model);
        if (model) this.ruleEditor.restoreViewState(this.viewStates.get(model.uri.toString()) ?? null);
        this.ruleDecorations = null;
        this.renderRuleTabs();
        this.saveToUrl();
    }

    private activateClaim(path: string | null): void {
        const current = this.claimEditor.getModel();
        if (current) this.viewStates.set(current.uri.toString(), this.claimEditor.saveViewState());
        this.state.activeClaim = path;
        const model = path ? this.claimModels.get(path) ?? null : null;
        this.claimEditor.setModel(model);
        if (model) this.claimEditor.restoreViewState(this.viewStates.get(model.uri.toString()) ?? null);
        this.claimDecorations = null;
        this.renderClaimTabs();
        this.saveToUrl();
        void this.validateClaim();
    }

    private renderRuleTabs(): void {
        const tabs = this.el.ruleTabs;
        clear(tabs);
        for (const file of this.state.rules) {
            const active = file.path === this.state.activeRule;
            tabs.append(h('div.file-tab', { class: active ? 'active' : '' },
                h('button.tab-label', {
                    type: 'button', role: 'tab', 'aria-selected': String(active), tabindex: active ? 0 : -1, title: file.path,
                    on: { click: () => this.activateRule(file.path) }
                }, baseName(file.path)),
                h('button.tab-close', { type: 'button', 'aria-label': `关闭 ${baseName(file.path)}`, title: '关闭', on: { click: () => this.closeRule(file.path) } }, '×')));
        }
        if (this.state.rules.length === 0) tabs.append(h('span.muted', null, '没有打开的规则文件'));
        // 示例下拉
        const select = this.el.ruleSample as HTMLSelectElement;
        const open = new Set(this.state.rules.map(r => r.path));
        const groups = new Map<string, typeof ruleSamples>();
        for (const s of ruleSamples) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
        clear(select, h('option', { value: '' }, '载入示例…'),
            [...groups].map(([group, list]) => h('optgroup', { label: group },
                list.length > 1 ? h('option', { value: `group:${group}` }, `全部${group}（${list.length} 个文件）`) : null,
                list.map(s => h('option', { value: s.path, disabled: open.has(s.path) }, `${baseName(s.path)}${open.has(s.path) ? '（已打开）' : ''}`)))));
        this.syncRuleFiles();
    }

    private renderClaimTabs(): void {
        const tabs = this.el.claimTabs;
        clear(tabs);
        for (const file of this.state.claims) {
            const active = file.path === this.state.activeClaim;
            const sample = claimSamples.find(s => s.path === file.path);
            tabs.append(h('div.file-tab', { class: active ? 'active' : '' },
                h('button.tab-label', {
                    type: 'button', role: 'tab', 'aria-selected': String(active), tabindex: active ? 0 : -1, title: file.path,
                    on: { click: () => this.activateClaim(file.path) }
                }, sample?.title ?? baseName(file.path)),
                h('button.tab-close', { type: 'button', 'aria-label': `关闭 ${baseName(file.path)}`, title: '关闭', on: { click: () => this.closeClaim(file.path) } }, '×')));
        }
        const select = this.el.claimSample as HTMLSelectElement;
        const groups = new Map<string, typeof claimSamples>();
        for (const s of claimSamples) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
        clear(select, h('option', { value: '' }, '选择样例理赔…'),
            [...groups].map(([group, list]) => h('optgroup', { label: group }, list.map(s => {
                const info = claimSummary(s.text);
                return h('option', { value: s.path, selected: s.path === this.state.activeClaim }, `${s.title}${info ? `（${info.patients} 人，${info.lines} 条明细）` : ''}`);
            }))));
        if (!this.state.activeClaim || !claimSamples.some(s => s.path === this.state.activeClaim)) select.value = '';
        this.syncClaimFiles();
    }

    /** 模型 → 状态中的文件文本 */
    private syncRuleFiles(): void {
        for (const file of this.state.rules) file.text = this.ruleModels.get(file.path)?.getValue() ?? file.text;
    }

    private syncClaimFiles(): void {
        for (const file of this.state.claims) file.text = this.claimModels.get(file.path)?.getValue() ?? file.text;
    }

    private newRuleFile(): void {
        const path = uniquePath(this.state.rules.map(r => r.path), '我的规则.zs');
        const text = '';
        this.state.rules.push({ path, text });
        this.ensureRuleModel({ path, text });
        this.activateRule(path);
        this.ruleEditor.focus();
    }

    private loadRuleSample(select: HTMLSelectElement): void {
        const value = select.value;
        select.value = '';
        if (!value) return;
        const wanted = value.startsWith('group:') ? ruleSamples.filter(s => s.group === value.slice(6)) : ruleSamples.filter(s => s.path === value);
        if (wanted.length === 0) return;
        // 标准规则与语言导览有同名的代码集与参数，不能一起编译：打开另一组的示例时，关掉这一组的示例文件（自己的文件保留）
        const group = wanted[0].group;
        const otherGroup = this.state.rules.filter(r => ruleSamples.some(s => s.path === r.path && s.group !== group));
        if (otherGroup.length > 0) {
            const modified = otherGroup.filter(r => (this.ruleModels.get(r.path)?.getValue() ?? r.text) !== ruleSamples.find(s => s.path === r.path)!.text);
            if (modified.length > 0 && !window.confirm(`打开「${group}」会关闭另一组示例文件（两组有同名的代码集与参数，不能一起编译）。其中 ${modified.map(m => baseName(m.path)).join('、')} 已修改，修改会丢失。继续吗？`)) return;
            for (const file of otherGroup) this.closeRule(file.path);
            this.setStatus(`已打开「${group}」，关闭了另一组示例文件（${otherGroup.map(f => baseName(f.path)).join('、')}）`);
        }
        let last: string | null = null;
        for (const sample of wanted) {
            if (!this.state.rules.some(r => r.path === sample.path)) {
                this.state.rules.push({ path: sample.path, text: sample.text });
                this.ensureRuleModel(sample);
            }
            last = sample.path;
        }
        if (last) this.activateRule(wanted[0].path);
    }

    private async openRuleFiles(input: HTMLInputElement): Promise<void> {
        const files = [...(input.files ?? [])];
        input.value = '';
        let first: string | null = null;
        for (const file of files) {
            const text = await file.text();
            const path = uniquePath(this.state.rules.map(r => r.path), file.name.endsWith('.zs') ? file.name : `${file.name}.zs`);
            this.state.rules.push({ path, text });
            this.ensureRuleModel({ path, text });
            first ??= path;
        }
        if (first) this.activateRule(first);
    }

    private closeRule(path: string): void {
        const index = this.state.rules.findIndex(r => r.path === path);
        if (index < 0) return;
        this.state.rules.splice(index, 1);
        // 不销毁模型：清空后留着（语言服务器随之看到一个空文件）。浏览器里的服务器没有文件系统，
        // 关闭的文档若被销毁，它在重新构建（如换知识库）时会去“磁盘”上重读而报错。
        const model = this.ruleModels.get(path);
        if (model) {
            model.setValue('');
            monaco.editor.setModelMarkers(model, 'zhishen-compile', []);
            this.closedRuleModels.set(path, model);
        }
        this.ruleModels.delete(path);
        if (this.state.activeRule === path) this.activateRule(this.state.rules[Math.min(index, this.state.rules.length - 1)]?.path ?? null);
        else this.renderRuleTabs();
        this.saveToUrl();
    }

    private loadClaimSample(select: HTMLSelectElement): void {
        const sample = claimSamples.find(s => s.path === select.value);
        if (!sample) return;
        if (!this.state.claims.some(c => c.path === sample.path)) {
            this.state.claims.push({ path: sample.path, text: sample.text });
            this.ensureClaimModel(sample);
        }
        this.activateClaim(sample.path);
    }

    private async openClaimFiles(input: HTMLInputElement): Promise<void> {
        const files = [...(input.files ?? [])];
        input.value = '';
        let first: string | null = null;
        for (const file of files) {
            let text = await file.text();
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
            const path = uniquePath(this.state.claims.map(c => c.path), `上传/${file.name}`);
            this.state.claims.push({ path, text });
            this.ensureClaimModel({ path, text });
            first ??= path;
        }
        if (first) this.activateClaim(first);
    }

    private newClaim(): void {
        const path = uniquePath(this.state.claims.map(c => c.path), '粘贴的理赔.json');
        this.state.claims.push({ path, text: '' });
        this.ensureClaimModel({ path, text: '' });
        this.activateClaim(path);
        this.claimEditor.focus();
    }

    private closeClaim(path: string): void {
        const index = this.state.claims.findIndex(c => c.path === path);
        if (index < 0) return;
        this.state.claims.splice(index, 1);
        this.claimModels.get(path)?.dispose();
        this.claimModels.delete(path);
        if (this.state.activeClaim === path) this.activateClaim(this.state.claims[Math.min(index, this.state.claims.length - 1)]?.path ?? null);
        else this.renderClaimTabs();
        this.saveToUrl();
    }

    // ───────────────────────────── 理赔校验 ─────────────────────────────

    private validationSeq = 0;

    private async validateClaim(): Promise<void> {
        const model = this.claimEditor.getModel();
        const path = this.state.activeClaim;
        if (!model || !path) {
            this.claimProblems = [];
            clear(this.el.claimStatus, h('span.muted', null, '没有理赔：从上面选一份样例，或“＋ 粘贴”。'));
            return;
        }
        const seq = ++this.validationSeq;
        let validation;
        try {
            validation = await this.engine.validateClaim({ path, text: model.getValue() });
        } catch {
            return;
        }
        if (seq !== this.validationSeq || model.isDisposed()) return;
        this.setClaimProblems(model, validation.problems);
        const errors = validation.problems.filter(p => p.severity === 'error').length;
        clear(this.el.claimStatus,
            h('span', null, `${validation.format === 'ndjson' ? 'NDJSON' : 'JSON'} · ${validation.requests} 份请求`),
            errors > 0
                ? h('button.linklike.bad', { type: 'button', on: { click: () => this.revealClaimProblem(validation.problems[0]) } }, ` · ${errors} 处问题：${validation.problems[0].message}`)
                : h('span.good', null, ' · 格式正确'));
        this.renderProblemsPanel();
    }

    private setClaimProblems(model: Model, problems: ClaimProblem[]): void {
        this.claimProblems = problems;
        const text = model.getValue();
        monaco.editor.setModelMarkers(model, 'zhishen-claim', problems.map(p => {
            const start = positionAt(text, p.range.offset);
            const end = positionAt(text, p.range.offset + p.range.length);
            return {
                severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
                message: p.hint ? `${p.message}\n提示：${p.hint}` : p.message,
                code: p.code,
                source: '智审',
                startLineNumber: start.line, startColumn: start.column, endLineNumber: end.line, endColumn: end.column
            };
        }));
    }

    // ───────────────────────────── 运行 ─────────────────────────────

    private updateRunButton(): void {
        const button = this.el.run as HTMLButtonElement;
        button.textContent = this.running ? '⏳ 运行中…' : '▶ 运行';
        button.setAttribute('aria-busy', String(this.running));
    }

    async run(): Promise<void> {
        if (this.running) {
            this.runAgain = true;
            return;
        }
        this.running = true;
        this.updateRunButton();
        this.setStatus('正在编译并审核…');
        this.syncRuleFiles();
        this.syncClaimFiles();
        const signature = this.inputSignature();
        const claim = this.state.claims.find(c => c.path === this.state.activeClaim) ?? null;
        const claimFiles = [...claimSamples.map(s => ({ path: s.path, text: s.text }))];
        for (const c of this.state.claims) {
            const i = claimFiles.findIndex(f => f.path === c.path);
            if (i >= 0) claimFiles[i] = c;
            else claimFiles.push(c);
        }
        try {
            const result = await this.engine.run({ sources: this.state.rules, claim, claimFiles, params: this.state.params, phase: this.state.phase, tests: this.runTests });
            this.runSignature = signature;
            this.applyRun(result, claim?.path ?? null);
            this.markStale();
        } catch (error) {
            this.notify(`运行失败：${(error as Error).message}`, 'error');
            this.setStatus('运行失败');
        } finally {
            this.running = false;
            this.updateRunButton();
            this.hook.firstRunMs ??= performance.now();
            this.hook.runs++;
        }
        if (this.runAgain) {
            this.runAgain = false;
            await this.run();
        }
    }

    private applyRun(result: RunResult, claimPath: string | null): void {
        this.lastRun = result;
        this.hook.lastRun = result;
        const rows = result.claim ? findingRows(result.claim.outcomes) : [];
        const comparable = result.compile.ok && result.compile.configErrors.length === 0 && result.claim !== null;
        if (comparable) {
            this.diff = this.previous && this.previous.claim === claimPath ? diffFindings(this.previous.rows, rows) : null;
            this.previous = { claim: claimPath ?? '', rows };
        }
        this.rows = rows;
        this.selected = this.selected ? rows.find(r => r.key === this.selected!.key) ?? null : null;

        // 编译诊断：语言服务器已在编辑时标出 ZS 错误；这里标编译阶段（ZC）才发现的，以及没有语言服务器时的全部
        for (const [path, model] of this.ruleModels) {
            const diagnostics = result.compile.diagnostics.filter(d => d.file === path && (!this.hook.lspReady || !d.code.startsWith('ZS')));
            monaco.editor.setModelMarkers(model, 'zhishen-compile', diagnostics.map(d => ({
                severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
                message: d.hint ? `${d.message}\n提示：${d.hint}` : d.message,
                code: d.code,
                source: '智审编译',
                startLineNumber: d.line, startColumn: d.column, endLineNumber: d.endLine, endColumn: Math.max(d.endColumn, d.column + 1)
            })));
        }
        const claimModel = claimPath ? this.claimModels.get(claimPath) : undefined;
        if (claimModel && result.claim) this.setClaimProblems(claimModel, result.claim.problems);
        // 规则测试的覆盖率：标在每个规则文件的行号旁（装饰在模型上，切换文件标签也在）
        for (const [path, model] of this.ruleModels) {
            const coverage = result.tests?.coverage;
            this.coverageIds.set(path, model.deltaDecorations(this.coverageIds.get(path) ?? [], coverage ? coverageDecorations(coverage, path) : []));
        }
        this.renderResults();
        this.renderParamsPanel();
        const errors = result.compile.diagnostics.filter(d => d.severity === 'error').length;
        if (!result.compile.ok) {
            this.setStatus(`规则有 ${errors} 处错误，没有运行`);
            this.showResultTab('problems');
        } else if (result.compile.configErrors.length > 0) {
            this.setStatus('参数有误，没有运行');
            this.showResultTab('problems');
        } else {
            const total = rows.reduce((s, r) => s + r.cents, 0);
            this.setStatus(`运行完成：${rows.length} 条结果，违规金额 ${formatCents(total)} 元${result.tests && result.tests.results.length ? `；规则测试 ${result.tests.passed} 通过 / ${result.tests.failed} 失败` : ''}`);
            this.showResultTab('findings');
        }
        if (this.selected) this.highlightFinding(this.selected, false);
        else this.clearHighlights();
    }

    private renderAll(): void {
        this.renderKbPanel();
        this.renderParamsPanel();
        this.renderResults();
    }

    private readonly callbacks: ResultsCallbacks = {
        selectFinding: row => this.selectFinding(row),
        revealRule: (file, line, column, endLine, endColumn) => this.revealRule(file, line, column, endLine, endColumn),
        revealClaimItem: (row, rxId, mdtrtId) => this.revealClaimItem(row, rxId, mdtrtId),
        revealClaimProblem: problem => this.revealClaimProblem(problem)
    };

    private renderResults(): void {
        const run = this.lastRun;
        if (!run) {
            clear(this.el.findings, h('p.empty', null, '正在准备……加载完成后会自动运行一次。'));
            renderExplanation(this.el.explain, null, this.callbacks);
            clear(this.el.tests, h('p.empty', null, '还没有运行。'));
            clear(this.el.problems, h('p.empty', null, '还没有运行。'));
            return;
        }
        if (!run.compile.ok || run.compile.configErrors.length > 0) {
            const errors = run.compile.diagnostics.filter(d => d.severity === 'error');
            clear(this.el.findings, h('div.alert', { role: 'alert' },
                h('strong', null, run.compile.configErrors.length > 0 ? '参数写得不对，没有运行。' : `规则有 ${errors.length} 处错误，没有运行。`),
                ' 详见 ', h('button.linklike', { type: 'button', on: { click: () => this.showResultTab('problems') } }, '“问题”'),
                errors[0] ? h('div', null, `${errors[0].file}:${errors[0].line}：${errors[0].message}`) : null,
                run.compile.configErrors[0] ? h('div', null, run.compile.configErrors[0]) : null));
        } else {
            renderFindings(this.el.findings, run, this.rows, this.diff, this.selected, this.callbacks, this.state.phase);
        }
        renderExplanation(this.el.explain, this.selected, this.callbacks);
        renderTests(this.el.tests, run.tests, run.compile.ok, this.callbacks);
        if (!this.el.whyNot.hidden) this.whyNot.render();
        this.renderProblemsPanel();
        document.getElementById('count-findings')!.textContent = run.compile.ok ? ` ${this.rows.length}` : '';
        const testCount = document.getElementById('count-tests')!;
        testCount.textContent = run.tests && run.tests.results.length ? ` ${run.tests.passed}/${run.tests.results.length}` : '';
        testCount.className = `count ${run.tests && run.tests.failed > 0 ? 'bad' : ''}`;
    }

    private renderProblemsPanel(): void {
        const extra: string[] = [];
        if (this.kbError) extra.push(`知识库：${this.kbError}`);
        const count = renderProblems(this.el.problems, this.lastRun, this.claimProblems, extra, this.callbacks);
        const badge = document.getElementById('count-problems')!;
        badge.textContent = count ? ` ${count}` : '';
        badge.className = `count ${count ? 'bad' : ''}`;
    }

    // ───────────────────────────── 选中结果：高亮与解释 ─────────────────────────────

    private selectFinding(row: FindingRow): void {
        this.selected = row;
        const trs = [...this.el.findings.querySelectorAll('tbody tr')];
        for (const tr of trs) {
            const on = tr === trs[row.index];
            tr.classList.toggle('selected', on);
            if (on) tr.setAttribute('aria-current', 'true');
            else tr.removeAttribute('aria-current');
        }
        renderExplanation(this.el.explain, row, this.callbacks);
        this.highlightFinding(row, true);
        this.setStatus(`已选中 ${row.ruleId}：${row.message}`);
    }

    private highlightFinding(row: FindingRow, reveal: boolean): void {
        // 规则：规则开头一行 + 解释里的每个条件
        const source = row.source;
        if (source && this.ruleModels.has(source.file)) {
            if (this.state.activeRule !== source.file) this.activateRule(source.file);
            const { decorations, lastLine } = ruleDecorations(row, source.line);
            this.ruleDecorations?.clear();
            this.ruleDecorations = this.ruleEditor.createDecorationsCollection(decorations);
            if (reveal) this.ruleEditor.revealLinesInCenterIfOutsideViewport(source.line, lastLine);
        }
        this.highlightClaim(row, reveal);
    }

    private highlightClaim(row: FindingRow, reveal: boolean, focus?: { rxId: string | null; mdtrtId?: string }): void {
        const claimPath = this.previous?.claim;
        if (!claimPath || !this.claimModels.has(claimPath)) return;
        if (this.state.activeClaim !== claimPath) this.activateClaim(claimPath);
        this.showSideTab('claims');
        const model = this.claimModels.get(claimPath)!;
        const text = model.getValue();
        const outcome = this.lastRun?.claim?.outcomes.find(o => o.index === row.request);
        const offset = outcome?.offset ?? 0;
        const requestText = outcome && this.lastRun?.claim?.format === 'ndjson' ? text.slice(offset, text.indexOf('\n', offset) < 0 ? undefined : text.indexOf('\n', offset)) : text;
        const { decorations, first } = claimDecorations(model, requestText, offset, row, focus);
        this.claimDecorations?.clear();
        this.claimDecorations = this.claimEditor.createDecorationsCollection(decorations);
        const target = first ?? decorations[0]?.range;
        if (reveal && target) this.claimEditor.revealRangeInCenterIfOutsideViewport(target);
    }

    private clearHighlights(): void {
        this.ruleDecorations?.clear();
        this.claimDecorations?.clear();
    }

    private revealRule(file: string, line: number, column = 1, endLine?: number, endColumn?: number): void {
        if (!this.ruleModels.has(file)) {
            const sample = ruleSamples.find(s => s.path === file);
            if (!sample) {
                this.notify(`找不到规则文件「${file}」`, 'warn');
                return;
            }
            this.state.rules.push({ path: sample.path, text: sample.text });
            this.ensureRuleModel(sample);
        }
        if (this.state.activeRule !== file) this.activateRule(file);
        const range = new monaco.Range(line, column, endLine ?? line, endColumn ?? column);
        this.ruleEditor.revealRangeInCenterIfOutsideViewport(range);
        this.ruleEditor.setSelection(range);
        this.ruleEditor.focus();
    }

    private revealClaimItem(row: FindingRow, rxId: string | null, mdtrtId?: string): void {
        if (this.selected?.key !== row.key) {
            this.selected = row;
            renderExplanation(this.el.explain, row, this.callbacks);
            this.highlightFinding(row, false);
        }
        this.highlightClaim(row, true, { rxId, mdtrtId });
    }

    private revealClaimProblem(problem: ClaimProblem): void {
        const path = this.state.activeClaim;
        if (!path) return;
        this.showSideTab('claims');
        const model = this.claimModels.get(path)!;
        const s = model.getPositionAt(problem.range.offset);
        const e = model.getPositionAt(problem.range.offset + problem.range.length);
        const range = new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column);
        this.claimEditor.revealRangeInCenterIfOutsideViewport(range);
        this.claimEditor.setSelection(range);
        this.claimEditor.focus();
    }

    // ───────────────────────────── 知识库面板 ─────────────────────────────

    private renderKbPanel(): void {
        renderKbPanel(this.el.kbPanel, { info: this.kbInfo?.summary, error: this.kbError, sample: this.state.kb.kind === 'sample' }, {
            search: (query, limit) => this.engine.searchKb(query, limit),
            insert: text => this.insertIntoRule(text),
            pick: input => void this.loadKbPicked(input),
            restoreSample: () => void this.restoreSampleKb()
        });
    }

    private insertIntoRule(text: string): void {
        const selection = this.ruleEditor.getSelection();
        if (!selection || !this.ruleEditor.getModel()) {
            this.notify('先打开一个规则文件，再插入编码', 'warn');
            return;
        }
        this.ruleEditor.executeEdits('知识库', [{ range: selection, text, forceMoveMarkers: true }]);
        this.ruleEditor.focus();
    }

    private async loadKbPicked(input: HTMLInputElement): Promise<void> {
        const picked = await Promise.all([...(input.files ?? [])].map(async f => ({ name: f.name, relativePath: (f as File & { webkitRelativePath?: string }).webkitRelativePath ?? '', text: await f.text() })));
        input.value = '';
        if (picked.length === 0) return;
        const { files, name } = kbFilesFromPicked(picked);
        if (files.length === 0) {
            this.notify('选中的文件里没有知识库数据（TSV / CSV / JSON）', 'warn');
            return;
        }
        await this.loadKb(files, name);
    }

    private async loadKb(files: KbFile[], name: string): Promise<void> {
        this.setStatus(`正在加载知识库「${name}」…`);
        try {
            this.kbInfo = await this.engine.loadKb({ files, name });
            this.kbError = null;
            this.state.kb = { kind: 'custom', name };
            this.hook.kb = this.kbInfo;
            this.setStatus(`已加载知识库「${this.kbInfo.summary.name}」：${this.kbInfo.summary.catalogueEntries} 个编码`);
        } catch (error) {
            this.kbError = `知识库加载失败：${(error as Error).message}`;
            this.notify(this.kbError, 'error');
        }
        this.renderKbPanel();
        this.saveToUrl();
        void this.run();
    }

    private async restoreSampleKb(): Promise<void> {
        const url = new URL(sampleKb.file, document.baseURI).href;
        this.kbInfo = await this.engine.loadKb({ url });
        this.kbError = null;
        this.state.kb = { kind: 'sample' };
        this.renderKbPanel();
        this.saveToUrl();
        void this.run();
    }

    // ───────────────────────────── 参数面板 ─────────────────────────────

    private renderParamsPanel(): void {
        renderParamsPanel(this.el.paramsPanel, this.lastRun, this.state.params, {
            change: (params, rerun) => {
                this.state.params = params;
                this.saveToUrl();
                if (rerun) {
                    this.renderParamsPanel();
                    void this.run();
                }
            }
        });
    }

    // ───────────────────────────── 分享与导出 ─────────────────────────────

    private readonly saveToUrl = debounce(() => {
        this.syncRuleFiles();
        this.syncClaimFiles();
        const hash = '#' + encodeState(this.state, SAMPLES);
        if (location.hash !== hash) history.replaceState(null, '', hash);
        this.pushParams();
        this.markStale();
    }, 300);

    /** 参数面板的覆盖交给语言服务器：内联提示与悬停显示生效值（与运行时相同） */
    private pushParams(): void {
        const text = JSON.stringify(this.state.params);
        if (!this.lsp || !this.hook.lspReady || text === this.sentParams) return;
        this.sentParams = text;
        this.lsp.setParameterOverrides(this.state.params);
    }

    private inputSignature(): string {
        const claim = this.state.claims.find(c => c.path === this.state.activeClaim) ?? null;
        return JSON.stringify([this.state.rules.map(r => [r.path, r.text]), claim && [claim.path, claim.text], this.state.params, this.state.phase]);
    }

    /** 规则（关掉、改了）、理赔、参数或环节与上次运行不同：结果区标为过时，并给出重新运行的按钮 */
    private markStale(): void {
        const stale = this.runSignature !== null && this.inputSignature() !== this.runSignature;
        this.el.results.classList.toggle('stale', stale);
        this.el.stale.hidden = !stale;
    }

    private openShare(): void {
        this.saveToUrl.flush();
        this.syncRuleFiles();
        this.syncClaimFiles();
        const url = new URL(location.href);
        url.hash = encodeState(this.state, SAMPLES);
        (this.el.shareUrl as HTMLInputElement).value = url.href;
        const length = url.href.length;
        this.el.shareCopied.textContent = `${length.toLocaleString('zh-CN')} 个字符${length > 60_000 ? '：链接很长（上传的大文件都在里面），有的聊天工具会截断，建议改用较小的理赔' : ''}`;
        (this.el.shareDialog as HTMLDialogElement).showModal();
        (this.el.shareUrl as HTMLInputElement).select();
    }

    private exportJson(): void {
        const claim = this.lastRun?.claim;
        if (!claim) {
            this.notify('还没有审核结果可以导出：先运行一次', 'warn');
            return;
        }
        download(`审核结果-${baseName(claim.path).replace(/\.(nd)?json$/i, '')}.json`, findingsJson(claim.outcomes, claim.path), 'application/json');
    }

    private exportCsv(): void {
        const claim = this.lastRun?.claim;
        if (!claim) {
            this.notify('还没有审核结果可以导出：先运行一次', 'warn');
            return;
        }
        download(`审核结果-${baseName(claim.path).replace(/\.(nd)?json$/i, '')}.csv`, findingsCsv(this.rows), 'text/csv;charset=utf-8');
    }

    // ───────────────────────────── 提示 ─────────────────────────────

    private setStatus(text: string): void {
        this.el.status.textContent = text;
    }

    private notify(message: string, kind: 'warn' | 'error'): void {
        const notice = this.el.notice;
        if (!notice) return;
        notice.hidden = false;
        notice.append(h('div.notice-item', { class: kind },
            h('span', null, message),
            h('button.small', { type: 'button', 'aria-label': '关闭提示', on: { click: (e: MouseEvent) => {
                (e.target as HTMLElement).parentElement!.remove();
                if (!notice.childElementCount) notice.hidden = true;
            } } }, '×')));
    }
}

