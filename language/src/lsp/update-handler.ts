/**
 * 文档更新：编辑后稍等片刻（默认 10 ms，大文件 50 ms）再重建，合并连续的修改，
 * 也让紧跟在修改后面的请求（字符串里的编码补全）先得到应答——大文件的一次重建要几百毫秒，且会占住事件循环。
 *
 * 其他请求必须基于最新文本：Langium 的每个请求处理器都先调用 DocumentBuilder.waitUntil，
 * 这里把它包一层——先发出积攒的更新，再等到文档按当前版本重新解析，然后才等所需的状态。
 * 语法树是否跟上了编辑器：比较语法树根上保存的解析全文与编辑器里的文本（TextDocument 是就地更新的，不能比对象或版本号）。
 */
import type { LangiumDocument, URI } from 'langium';
import { DocumentState, URI as Uri } from 'langium';
import type { TextDocument } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { LangiumSharedServices } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';

export class ZhishenDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    /** 修改后等多久再重建（毫秒）；大文件（超过 largeLines 行）等 largeDelay，连续输入时少重建几次 */
    delay = 10;
    largeDelay = 50;
    largeLines = 2000;
    private readonly pending = new Map<string, URI>();
    private timer: ReturnType<typeof setTimeout> | undefined;
    private versionWaiters: Array<{ uri: string; resolve: () => void }> = [];
    /** 已发出、但还没重新解析的文档（文本可能与旧语法树相同：照样会被重置、重新链接） */
    private readonly inFlight = new Set<string>();

    constructor(private readonly shared: LangiumSharedServices) {
        super(shared);
        // 文档每解析完一次，看看有没有请求在等它追上编辑器里的文本
        shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Parsed, document => {
            const key = document.uri.toString();
            this.inFlight.delete(key);
            this.versionWaiters = this.versionWaiters.filter(w => {
                if (w.uri === key && this.isCurrent(document)) {
                    w.resolve();
                    return false;
                }
                return true;
            });
        });
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const uri = Uri.parse(change.document.uri);
        this.pending.set(uri.toString(), uri);
        if (this.timer) clearTimeout(this.timer);
        const large = change.document.lineCount > this.largeLines;
        this.timer = setTimeout(() => this.flush(), large ? this.largeDelay : this.delay);
    }

    /** 有还没发出的修改 */
    hasPending(): boolean {
        return this.timer !== undefined;
    }

    /** 立即发出积攒的更新。 */
    flush(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        const uris = [...this.pending.values()];
        this.pending.clear();
        for (const uri of uris) this.inFlight.add(uri.toString());
        if (uris.length > 0) this.fireDocumentUpdate(uris, []);
    }

    /** 语法树是否依据编辑器中的当前文本（语法树根上存着解析时的全文；没打开的文件总是最新的）。 */
    isCurrent(document: LangiumDocument): boolean {
        const open = this.shared.workspace.TextDocuments.get(document.uri.toString());
        return !open || document.parseResult.value.$cstNode?.root.fullText === open.getText();
    }

    /** 发出积攒的更新，并等到 uri（给出时）按编辑器的当前版本重新解析（最多 timeoutMs）。 */
    async catchUp(uri?: URI, timeoutMs = 10_000): Promise<void> {
        if (this.timer) this.flush();
        if (!uri) {
            // 等整个工作区：每个打开的文档都要追上
            const open = this.shared.workspace.TextDocuments.keys().map(key => Uri.parse(key));
            await Promise.all(open.map(u => this.catchUp(u, timeoutMs)));
            return;
        }
        const key = uri.toString();
        const document = this.shared.workspace.LangiumDocuments.getDocument(uri);
        if (!document || (!this.inFlight.has(key) && this.isCurrent(document))) return;
        await new Promise<void>(resolve => {
            const timer = setTimeout(resolve, timeoutMs);
            this.versionWaiters.push({ uri: key, resolve: () => { clearTimeout(timer); resolve(); } });
        });
    }
}

/** 包一层 DocumentBuilder.waitUntil：请求处理器等状态之前先 catchUp。 */
export function flushBeforeWaiting(shared: LangiumSharedServices): void {
    const builder = shared.workspace.DocumentBuilder;
    const original = builder.waitUntil.bind(builder) as (...args: unknown[]) => Promise<unknown>;
    (builder as unknown as { waitUntil: (...args: unknown[]) => Promise<unknown> }).waitUntil = async (...args: unknown[]) => {
        const handler = shared.lsp.DocumentUpdateHandler;
        if (handler instanceof ZhishenDocumentUpdateHandler) {
            const uri = args[1] instanceof Uri ? args[1] as URI : undefined;
            await handler.catchUp(uri);
            // 追上之后，整个工作区的状态要等这次重建：让 update() 先把状态置为“已修改”
            if (!uri) await new Promise(resolve => setTimeout(resolve, 0));
        }
        return original(...args);
    };
}
