/**
 * 智审语言服务器（Web Worker）↔ Monaco 自带的 LSP 客户端（monaco.lsp.MonacoLspClient）。
 *
 * Monaco 的客户端会把所有模型（包括理赔 JSON）同步给服务器，并把服务器的补全、悬停等注册到所有语言上。
 * 所以在传输层做三件事：
 *   1. 只把 .zs 文档的打开 / 修改 / 关闭发给服务器；
 *   2. 服务器声明的各项能力加上 documentSelector = 智审语言，JSON 里不出现规则补全；
 *   3. 服务器发回的 URI 规范成客户端的写法（未编码、小写），中文文件名的诊断才能对上模型。
 * 服务器与编译运行在同一个 worker 里（worker/playground.worker.ts）：这里建一个 MessageChannel，把一端传给 worker，
 * LSP 在这条通道上往来。知识库由编译运行一侧加载一次，worker 把同一个对象交给服务器，这里不用再发。
 */
import { createTransportToWorker, MonacoLspClient } from 'monaco-lsp-client';
import { monaco } from './monaco-setup.js';
import type { Message } from '../lib/lsp-messages.js';
import { forwardToServer, normalizeUris, restrictCapabilities, softenCancellation } from '../lib/lsp-messages.js';
import { REFERENCE_URL } from './dialogs.js';

export const SET_PARAMS = 'zhishen/setParameterOverrides';


export interface LanguageClient {
    /** 服务器已初始化 */
    ready: Promise<void>;
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

export function startLanguageClient(worker: Worker): LanguageClient {
    const channel = new MessageChannel();
    worker.postMessage({ zhishenLspPort: channel.port2 }, [channel.port2]);
    // MessagePort 与 Worker 一样有 postMessage / addEventListener('message')；用 addEventListener 时要 start()
    const transport = createTransportToWorker(channel.port1 as unknown as Worker);
    channel.port1.start();
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
        setParameterOverrides(overrides) {
            void ready.then(() => send({ jsonrpc: '2.0', method: SET_PARAMS, params: { overrides, source: '参数面板' } } as never));
        },
        dispose() {
            channel.port1.close();
        }
    };
}
