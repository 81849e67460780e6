/**
 * LSP 单元测试的共用工具：一份带 LSP 的语言服务（无连接），内置库已构建，可设置知识库与项目配置。
 * 与 langium/test 的 expectCompletion / expectHover / expectGoToDefinition … 一起用。
 */
import type { FileSystemNode, FileSystemProvider, LangiumDocument } from 'langium';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { loadKnowledgeBaseFolders } from '../../src/kb/load-folder.js';
import { parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Document } from '../../src/generated/ast.js';
import { ensurePreludeDocument } from '../../src/builtins/load-prelude.js';
import type { KnowledgeBase } from '../../src/kb/types.js';
import { createZhishenServices } from '../../src/lsp/zhishen-lsp-module.js';
import type { ZhishenLspServices, ZhishenSharedLspServices } from '../../src/lsp/zhishen-lsp-module.js';
import { loadSampleKb } from '../kb-fixture.js';

let instance: Promise<{ shared: ZhishenSharedLspServices; Zhishen: ZhishenLspServices }> | undefined;

/** 带 LSP 的服务（每个测试文件一份），已加载内置库与样例知识库。 */
export function lspServices(): Promise<{ shared: ZhishenSharedLspServices; Zhishen: ZhishenLspServices }> {
    instance ??= (async () => {
        const services = createZhishenServices(EmptyFileSystem);
        const prelude = ensurePreludeDocument(services.shared);
        await services.shared.workspace.DocumentBuilder.build([prelude]);
        services.Zhishen.kb.KnowledgeBaseProvider.set(await loadSampleKb());
        return services;
    })();
    return instance;
}

export function setKb(services: ZhishenLspServices, kb: KnowledgeBase | undefined): void {
    services.kb.KnowledgeBaseProvider.set(kb);
}

let counter = 0;

/** 把文本作为一个打开的文档构建（含全部校验），返回文档。 */
export async function open(services: ZhishenLspServices, text: string, name?: string): Promise<LangiumDocument<Document>> {
    const uri = `file:///ws/${name ?? `测试${++counter}.zs`}`;
    // 同时放进 TextDocuments：像编辑器里打开的文件
    services.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'zhishen', 1, text));
    return parseHelper<Document>(services as never)(text, { documentUri: uri, validation: true });
}

export async function close(services: ZhishenLspServices, ...documents: LangiumDocument[]): Promise<void> {
    for (const document of documents) {
        services.shared.workspace.TextDocuments.delete(document.uri.toString());
    }
    await services.shared.workspace.DocumentBuilder.update([], documents.map(d => d.uri));
}

/** 文本中 ▮ 的位置（去掉标记后的文本与偏移）。 */
export function cursor(text: string, marker = '▮'): { text: string; offset: number } {
    const offset = text.indexOf(marker);
    if (offset < 0) throw new Error('文本中没有光标标记 ▮');
    return { text: text.slice(0, offset) + text.slice(offset + marker.length), offset };
}

export function position(document: LangiumDocument, offset: number) {
    return { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) };
}

export function uriOf(name: string): URI {
    return URI.parse(`file:///ws/${name}`);
}

/** 一条完整、无错的规则（测试的底子）。 */
export const RULE = `参数 儿童年龄上限 = 18岁 「儿童用药的年龄上限」

代码集 抗菌药: 药品 = { "XJ01CAA040A001010405611", "XJ01CA"* }

规则 ZS_T1 "药品限儿童使用" {
  分类 药品政策限定类
  级别 明确违规
  环节 事前, 事中, 事后
  依据 「测试依据」

  对每条 明细 m 属于 抗菌药
    当 患者.年龄 >= 儿童年龄上限
    违规 m
    提示 "「{m.名称}」限儿童使用"
}
`;

// ───────────── 内存文件系统 + 工作区（zhishen.json、多个文件） ─────────────


export class MemoryFileSystem implements FileSystemProvider {
    constructor(readonly files: Map<string, string>) {}

    private key(uri: URI): string {
        return uri.path;
    }

    async stat(uri: URI): Promise<FileSystemNode> {
        return this.statSync(uri);
    }

    statSync(uri: URI): FileSystemNode {
        const path = this.key(uri);
        if (this.files.has(path)) return { uri, isFile: true, isDirectory: false };
        if ([...this.files.keys()].some(f => f.startsWith(path.replace(/\/$/, '') + '/'))) return { uri, isFile: false, isDirectory: true };
        throw new Error(`没有 ${path}`);
    }

    async exists(uri: URI): Promise<boolean> {
        return this.existsSync(uri);
    }

    existsSync(uri: URI): boolean {
        try {
            this.statSync(uri);
            return true;
        } catch {
            return false;
        }
    }

    async readBinary(uri: URI): Promise<Uint8Array> {
        return new TextEncoder().encode(this.readFileSync(uri));
    }

    readBinarySync(uri: URI): Uint8Array {
        return new TextEncoder().encode(this.readFileSync(uri));
    }

    async readFile(uri: URI): Promise<string> {
        return this.readFileSync(uri);
    }

    readFileSync(uri: URI): string {
        const text = this.files.get(this.key(uri));
        if (text === undefined) throw new Error(`没有 ${uri.path}`);
        return text;
    }

    async readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return this.readDirectorySync(uri);
    }

    readDirectorySync(uri: URI): FileSystemNode[] {
        const dir = uri.path.replace(/\/$/, '') + '/';
        const children = new Map<string, boolean>();
        for (const path of this.files.keys()) {
            if (!path.startsWith(dir)) continue;
            const rest = path.slice(dir.length);
            const [head, ...tail] = rest.split('/');
            children.set(head, tail.length > 0 || children.get(head) === true);
        }
        return [...children].map(([name, isDirectory]) => ({ uri: uri.with({ path: dir + name }), isFile: !isDirectory, isDirectory }));
    }
}

/** 一个工作区：file:///ws 下的文件（路径 → 文本），启动（读 zhishen.json、加载知识库、构建全部文件）。 */
export async function workspace(files: Record<string, string>) {
    const memory = new MemoryFileSystem(new Map(Object.entries(files).map(([path, text]) => [`/ws/${path}`, text])));
    const services = createZhishenServices({ fileSystemProvider: () => memory }, {
        loadKnowledgeBaseFolders: dirs => loadKnowledgeBaseFolders(dirs.map(d => d.fsPath))
    });
    const manager = services.shared.workspace.WorkspaceManager;
    manager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }] });
    await manager.initialized({});
    await manager.ready;
    await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated);
    return { ...services, memory };
}


/** 删掉内置库以外的全部文档（langium/test 的某些辅助函数不清理自己建的文档）。 */
export async function clearUserDocuments(services: ZhishenLspServices): Promise<void> {
    const uris = services.shared.workspace.LangiumDocuments.all.map(d => d.uri).filter(uri => uri.scheme !== 'zhishen-builtin').toArray();
    for (const uri of uris) services.shared.workspace.TextDocuments.delete(uri.toString());
    if (uris.length > 0) await services.shared.workspace.DocumentBuilder.update([], uris);
}
