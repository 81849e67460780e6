/**
 * 把内置库（prelude）放进 Langium 文档集合。语言服务、CLI、浏览器 worker 都经此加载，保证同一份声明。
 */
import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import { URI } from 'langium';
import { PRELUDE_TEXT, PRELUDE_URI } from './prelude.js';

export function isPreludeUri(uri: URI | string): boolean {
    return uri.toString() === URI.parse(PRELUDE_URI).toString();
}

/** 若尚未加载则创建内置库文档并返回它（调用者负责构建）。 */
export function ensurePreludeDocument(shared: LangiumSharedCoreServices): LangiumDocument {
    const documents = shared.workspace.LangiumDocuments;
    const uri = URI.parse(PRELUDE_URI);
    if (documents.hasDocument(uri)) {
        return documents.getDocument(uri)!;
    }
    const document = shared.workspace.LangiumDocumentFactory.fromString(PRELUDE_TEXT, uri);
    documents.addDocument(document);
    return document;
}
