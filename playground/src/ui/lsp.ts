/**
 * 智审语言服务器（Web Worker）↔ Monaco 自带的 LSP 客户端（monaco.lsp.MonacoLspClient）。
 *
 * Monaco 的客户端会把所有模型（包括理赔 JSON）同步给服务器，并把服务器的补全、悬停等注册到所有语言上。
 * 所以在传输层做三件事：
 *   1. 只把 .zs 文档的打开 / 修改 / 关闭发给服务器；
 *   2. 服务器声明的各项能力加上 documentSelector = 智审语言，JSON 里不出现规则补全；
 *   3. 服务器发回的 URI 规范成客户端的写法（未编码、小写），中文文件名的诊断才能对上模型。
 * 知识库：初始化完成后用自定义通知 zhishen/setKnowledgeBase 发给服务器；随附的样例知识库由 worker 自己下载。
 */
import { createTransportToWorker, MonacoLspClient } from 'monaco-lsp-client';
import type { KbFile } from '@zhishen/language';
import { monaco } from './monaco-setup.js';
import type { Message } from '../lib/lsp-messages.js';
import { forwardToServer, normalizeUris, restrictCapabilities, softenCancellation } from '../lib/lsp-messages.js';
import LspWorker from '../worker/lsp.worker?worker';
import { REFERENCE_URL } from './dialogs.js';

export const SET_KB = 'zhishen/setKnowledgeBase';
export const SET_PARAMS = 'zhishen/setParameterOverrides';


export interface LanguageClient {
    /** 服务器已初始化 */
    ready: Promise<void>;
    loadKbFiles(files: KbFile[], name: string): void;
    loadKbUrl(url: string): void;
    /** 参数面板的覆盖：内联提示与悬停显示生效值 */
    setParameterOverrides(overrides: Record<string, Record<string, string>>): void;
    dispose(): void;
}

const clientUri = (uri: string): string => {
    try {
        return monaco.Uri.parse(uri).toString(true).toLowerCase();
    } catch {
        return uri;
    }
};

export function startLanguageClient(onError: (message: string) => void): LanguageClient {
    const worker = new LspWorker({ name: '智审语言服务器' });
    worker.addEventListener('error', event => {
        event.preventDefault();
        onError(`语言服务器出错：${event.message || '未知错误'}`);
    });
    const transport = createTransportToWorker(worker);
    let markReady!: () => void;
    const ready = new Promise<void>(resolve => (markReady = resolve));

    // 调试：网址带 ?lsp-trace 时在控制台打印往来的消息
    const trace = new URLSearchParams(location.search).has('lsp-trace');
    const send = transport.send.bind(transport);
    transport.send = (message => {
        const outgoing = message as unknown as Message;
        // 悬停里内置声明的《语言参考》链接指向演练场的帮助（app.ts 的链接打开器接住它）
        if (outgoing.method === 'initialize' && outgoing.params && typeof outgoing.params === 'object') {
            const params = outgoing.params as { initializationOptions?: Record<string, unknown> };
            params.initializationOptions = { ...(params.initializationOptions ?? {}), referenceUrl: REFERENCE_URL };
        }
        const forward = forwardToServer(outgoing);
        if (trace) console.debug(forward ? '→' : '→（不转发）', JSON.stringify(message).slice(0, 500));
        return forward ? send(message) : Promise.resolve();
    }) as typeof transport.send;
    const setListener = transport.setListener.bind(transport);
    transport.setListener = (listener => {
        setListener(listener && (incoming => {
            if (trace) console.debug('←', JSON.stringify(incoming).slice(0, 500));
            let message = softenCancellation(normalizeUris(incoming, clientUri) as Message);
            const result = message.result as { capabilities?: Record<string, unknown> } | undefined;
            if (result && typeof result === 'object' && result.capabilities) {
                message = { ...message, result: { ...result, capabilities: restrictCapabilities(result.capabilities) } };
                queueMicrotask(markReady);
            }
            listener(message as unknown as Parameters<NonNullable<typeof listener>>[0]);
        }));
    }) as typeof transport.setListener;

    new MonacoLspClient(transport);

    return {
        ready,
        loadKbFiles(files, name) {
            void ready.then(() => send({ jsonrpc: '2.0', method: SET_KB, params: { files, name } } as never));
        },
        loadKbUrl(url) {
            // worker 自己下载（不经主线程），下载完再当作 zhishen/setKnowledgeBase 交给服务器
            void ready.then(() => worker.postMessage({ zhishenKbUrl: url }));
        },
        setParameterOverrides(overrides) {
            void ready.then(() => send({ jsonrpc: '2.0', method: SET_PARAMS, params: { overrides, source: '参数面板' } } as never));
        },
        dispose() {
            worker.terminate();
        }
    };
}
