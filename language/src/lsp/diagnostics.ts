/**
 * 诊断的发布与慢速校验的调度。
 *
 * 每次编辑：Langium 重建改动的文档，只跑 'built-in' 与 'fast' 校验，立即发布。
 * 慢速校验（'slow'：跨文件重名、知识库编码与知识点表）在编辑停下 slowDelay 毫秒后对刚重建的文档补跑，
 * 结果并入同一文档的诊断再发布一次。为免打字时慢速诊断闪烁，快速结果发布时带上上一次的慢速诊断
 * ——只保留所在行文本未变的那些（改了哪一行，那一行的旧慢速诊断就先撤下，等下一轮慢速校验）。
 * 内置库文档不发布诊断。
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Connection } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { DocumentState } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { isPreludeUri } from '../builtins/load-prelude.js';
import { ALL_CATEGORIES } from './workspace.js';

interface SlowResult {
    diagnostics: Diagnostic[];
    /** 每条慢速诊断起始行的文本（用于判断快速发布时能否沿用） */
    lines: string[];
}

export class DiagnosticsPublisher {
    /** 编辑停下多久后跑慢速校验（毫秒） */
    slowDelay = 250;
    private readonly slow = new Map<string, SlowResult>();
    /** 每个文档最近一次发布的诊断（快速修复据此找回客户端丢掉的 code / data） */
    private readonly lastPublished = new Map<string, Diagnostic[]>();
    private readonly pending = new Map<string, LangiumDocument>();
    private timer: ReturnType<typeof setTimeout> | undefined;
    private slowRun: Map<string, number> | undefined;
    /** 快速构建进行中（从 onUpdate 到 Validated） */
    private building = false;
    private connection: Connection | undefined;
    /** 测试与基准用：每次发布后回调 */
    onPublish: ((uri: string, diagnostics: Diagnostic[], pass: 'fast' | 'slow') => void) | undefined;

    constructor(private readonly shared: LangiumSharedServices) {}

    attach(connection: Connection | undefined): void {
        this.connection = connection;
        const builder = this.shared.workspace.DocumentBuilder;
        builder.onUpdate((_changed, deleted) => {
            for (const uri of deleted) {
                const key = uri.toString();
                this.slow.delete(key);
                this.pending.delete(key);
                this.send(key, [], 'fast', undefined);
            }
        });
        builder.onDocumentPhase(DocumentState.Validated, document => this.publish(document));
        builder.onUpdate(() => { this.building = true; });
        builder.onBuildPhase(DocumentState.Validated, documents => {
            this.building = false;
            if (this.slowRun) return;
            for (const document of documents) {
                if (!isPreludeUri(document.uri)) this.pending.set(document.uri.toString(), document);
            }
            this.schedule();
        });
    }

    private schedule(): void {
        if (this.timer) clearTimeout(this.timer);
        if (this.pending.size === 0) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.runSlow();
        }, this.slowDelay);
    }

    /** 知识库或配置变了：旧的慢速诊断作废 */
    clearSlow(): void {
        this.slow.clear();
    }

    /** 立即补跑慢速校验（测试用；正常情况下由计时器触发）。 */
    async flushSlow(): Promise<void> {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        await this.runSlow();
    }

    private async runSlow(): Promise<void> {
        // 还有编辑没发出、或快速构建还在进行：推迟，不去打断它
        const updates = this.shared.lsp.DocumentUpdateHandler as { hasPending?: () => boolean };
        if (updates.hasPending?.() || this.building) {
            this.schedule();
            return;
        }
        const documents = [...this.pending.values()].filter(d => this.shared.workspace.LangiumDocuments.hasDocument(d.uri));
        this.pending.clear();
        if (documents.length === 0) return;
        const lock = this.shared.workspace.WorkspaceLock;
        const builder = this.shared.workspace.DocumentBuilder;
        await lock.write(async token => {
            // 这次写操作可能打断了一次尚未完成的快速构建（锁的写操作会取消前一个）：先把它补完。
            // 只在确有未完成的文档时才调 update：Langium 的 update 总会重新链接有链接错误的文档，
            // 这次重建又会安排慢速校验——只要有一个未知名称，诊断就每 slowDelay 毫秒重发一遍（问题 16）。
            if (this.shared.workspace.LangiumDocuments.all.some(d => d.state < DocumentState.Validated)) {
                await builder.update([], [], token);
            }
            const current = documents
                .map(d => this.shared.workspace.LangiumDocuments.getDocument(d.uri))
                .filter((d): d is LangiumDocument => !!d && d.state >= DocumentState.Validated);
            if (current.length === 0) return;
            this.slowRun = new Map(current.map(d => [d.uri.toString(), d.diagnostics?.length ?? 0]));
            try {
                await builder.build(current, { validation: { categories: ALL_CATEGORIES } }, token);
            } catch {
                // 被新的编辑取消：新的构建会重新安排慢速校验
                for (const document of current) {
                    if (document.state < DocumentState.Validated) continue;
                    this.pending.set(document.uri.toString(), document);
                }
            } finally {
                this.slowRun = undefined;
            }
        }).catch(() => undefined);
        if (this.pending.size > 0) this.schedule();
    }

    /**
     * 诊断依据的编辑器版本：打开的文档给出版本号；语法树已落后于编辑器（又有修改在路上）时为 null——这批诊断过时了，
     * 不发布（下一次重建会发布）。TextDocument 是就地更新的，所以比较解析时的全文而不是读版本号。
     */
    private versionOf(document: LangiumDocument): number | undefined | null {
        const open = this.shared.workspace.TextDocuments?.get(document.uri.toString());
        if (!open) return undefined;
        return document.parseResult.value.$cstNode?.root.fullText === open.getText() ? open.version : null;
    }

    private publish(document: LangiumDocument): void {
        if (isPreludeUri(document.uri)) return;
        const version = this.versionOf(document);
        if (version === null) return;
        const key = document.uri.toString();
        const diagnostics = document.diagnostics ?? [];
        const text = document.textDocument.getText();
        if (this.slowRun?.has(key)) {
            const fastCount = this.slowRun.get(key)!;
            const slowDiagnostics = diagnostics.slice(fastCount);
            const lines = lineTexts(text, slowDiagnostics);
            this.slow.set(key, { diagnostics: slowDiagnostics, lines });
            this.send(key, diagnostics, 'slow', version);
            return;
        }
        // 快速结果：沿用行文本未变的旧慢速诊断
        const previous = this.slow.get(key);
        let carried: Diagnostic[] = [];
        if (previous && previous.diagnostics.length > 0) {
            const now = lineTexts(text, previous.diagnostics);
            carried = previous.diagnostics.filter((_, i) => now[i] !== undefined && now[i] === previous.lines[i]);
        }
        this.send(key, carried.length > 0 ? [...diagnostics, ...carried] : diagnostics, 'fast', version);
    }

    /** 发布；version 是诊断所依据的文档版本（客户端据此丢弃过时的诊断） */
    /** 最近一次发布给客户端的诊断 */
    published(uri: string): readonly Diagnostic[] {
        return this.lastPublished.get(uri) ?? [];
    }

    private send(uri: string, diagnostics: Diagnostic[], pass: 'fast' | 'slow', version: number | undefined): void {
        if (diagnostics.length > 0) this.lastPublished.set(uri, diagnostics);
        else this.lastPublished.delete(uri);
        this.connection?.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
        this.onPublish?.(uri, diagnostics, pass);
    }
}

function lineTexts(text: string, diagnostics: Diagnostic[]): string[] {
    if (diagnostics.length === 0) return [];
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    return diagnostics.map(d => {
        const line = d.range.start.line;
        if (line >= starts.length) return undefined as unknown as string;
        const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
        return text.slice(starts[line], end);
    });
}
