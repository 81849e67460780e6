/**
 * 把一组规则源文件（连同内置库）装入语言服务并构建（解析 → 索引 → 链接 → 校验）。
 * 纯内存：调用方负责读文件（CLI 读磁盘，浏览器读编辑器内容）。
 */
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { Document } from '../generated/ast.js';
import { ensurePreludeDocument, isPreludeUri } from '../builtins/load-prelude.js';
import type { ZhishenServices } from '../zhishen-module.js';

export interface SourceFile {
    /** 文件 URI（file:///… 或 inmemory:///…）或绝对路径 */
    uri: string;
    text: string;
}

export interface BuildOptions {
    /** 是否运行校验（默认是） */
    validation?: boolean;
}

export function toUri(pathOrUri: string): URI {
    return /^[a-zA-Z][\w+.-]*:\/\//.test(pathOrUri) ? URI.parse(pathOrUri) : URI.file(pathOrUri);
}

/** 替换工作区中的全部用户文档并构建；返回与 files 同序的文档。 */
export async function buildSources(services: ZhishenServices, files: SourceFile[], options: BuildOptions = {}): Promise<Array<LangiumDocument<Document>>> {
    const shared = services.shared;
    const documents = shared.workspace.LangiumDocuments;
    const prelude = ensurePreludeDocument(shared);
    for (const existing of documents.all.toArray()) {
        if (isPreludeUri(existing.uri)) continue;
        documents.deleteDocument(existing.uri);
        // 索引里的导出名称与引用也要删掉，否则下一次构建还能看到上一批文档的全局名称
        shared.workspace.IndexManager.remove(existing.uri);
    }
    const created = files.map(file => {
        const document = shared.workspace.LangiumDocumentFactory.fromString<Document>(file.text, toUri(file.uri));
        documents.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build([prelude, ...created], { validation: options.validation ?? true });
    return created;
}
