/**
 * 文档更新：编辑后稍等片刻（默认 10 ms）再重建，合并连续的修改，
 * 也让紧跟在修改后面的请求（字符串里的编码补全）先得到应答——大文件的一次重建要几百毫秒，且会占住事件循环。
 */
import type { URI } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { LangiumSharedServices } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'langium';
import { URI as Uri } from 'langium';

export class ZhishenDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    /** 修改后等多久再重建（毫秒）；大文件（超过 largeLines 行）等 largeDelay，连续输入时少重建几次 */
    delay = 10;
    largeDelay = 50;
    largeLines = 2000;
    private readonly pending = new Map<string, URI>();
    private timer: ReturnType<typeof setTimeout> | undefined;
    private waiters: Array<() => void> = [];

    constructor(services: LangiumSharedServices) {
        super(services);
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const uri = Uri.parse(change.document.uri);
        this.pending.set(uri.toString(), uri);
        if (this.timer) clearTimeout(this.timer);
        const large = change.document.lineCount > this.largeLines;
        this.timer = setTimeout(() => this.flush(), large ? this.largeDelay : this.delay);
    }

    /** 立即发出积攒的更新。 */
    flush(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        const uris = [...this.pending.values()];
        this.pending.clear();
        if (uris.length > 0) this.fireDocumentUpdate(uris, []);
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve of waiters) resolve();
    }

    /** 有积攒的更新时，等它发出。 */
    settled(): Promise<void> {
        if (!this.timer) return Promise.resolve();
        return new Promise(resolve => this.waiters.push(resolve));
    }
}
