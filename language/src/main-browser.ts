/**
 * 浏览器 Web Worker 里的语言服务器入口（@zhishen/language/browser-server）。演练场用 Monaco 自带的 LSP 客户端连接它。
 *
 * 在 worker 里：
 *     import { startBrowserServer } from '@zhishen/language/browser-server';
 *     startBrowserServer(self);                       // 或 startBrowserServer(port) 用 MessagePort
 *
 * 主线程（LSP 客户端）：正常的 initialize / didOpen / completion … 之外，用自定义通知把知识库交给服务器
 * （worker 里没有文件系统，不读 zhishen.json）：
 *     client.sendNotification('zhishen/setKnowledgeBase', { files: [{ path: 'catalogues/药品.tsv', text }, …], name: '样例知识库' });
 *     // files 同 loadKnowledgeBase 的输入（相对路径 + 文本）；files 为空数组表示卸载知识库。
 * 服务器加载后发 'zhishen/statusChanged' 通知（ZhishenStatus：kbLoaded、kbCodes、rules …），也可随时请求 'zhishen/status'。
 * 其他自定义消息见 lsp/protocol.ts：
 *     'zhishen/builtinSource'  内置库（zhishen-builtin:///内置库.zs）的文本，“转到定义”到内置字段 / 函数时用；
 *     'zhishen/listTests'      测试块列表；
 *     'zhishen/runTests' / 'zhishen/evaluate' / 'zhishen/buildPack'  需要编译器：把实现了 ZhishenRunner 的对象
 *                              作为 options.runner 传入（演练场在 worker 里用 @zhishen/compiler 实现），否则返回中文错误。
 * 诊断：快速校验随每次编辑发布，知识库与跨文件的慢速校验在停止输入约 250 ms 后补发。
 */
import { EmptyFileSystem } from 'langium';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser.js';
import type { ZhishenRunner } from './lsp/runner.js';
import type { ZhishenServer } from './lsp/server.js';
import { startZhishenServer } from './lsp/server.js';
import type { SetKnowledgeBaseParams } from './lsp/protocol.js';
import { ZhishenMethods } from './lsp/protocol.js';

export interface BrowserServerOptions {
    runner?: ZhishenRunner;
    slowValidationDelay?: number;
}

/** 在 worker（或 MessagePort）上启动语言服务器。 */
export function startBrowserServer(port: MessagePort | DedicatedWorkerGlobalScope = self as unknown as DedicatedWorkerGlobalScope, options: BrowserServerOptions = {}): ZhishenServer {
    const reader = new BrowserMessageReader(port);
    const writer = new BrowserMessageWriter(port);
    const connection = createConnection(reader, writer);
    return startZhishenServer({ connection, fileSystem: EmptyFileSystem, runner: options.runner, slowValidationDelay: options.slowValidationDelay });
}

/** 主线程用：构造“设置知识库”通知（method + params），交给任意 LSP 客户端的 sendNotification。 */
export function setKnowledgeBaseNotification(files: Array<{ path: string; text: string }>, name?: string): { method: string; params: SetKnowledgeBaseParams } {
    return { method: ZhishenMethods.setKnowledgeBase, params: { files, name } };
}

export { ZhishenMethods } from './lsp/protocol.js';
export type * from './lsp/protocol.js';
