/**
 * 智审语言服务器 worker（@zhishen/language/browser-server）：诊断、补全（含知识库编码）、悬停、格式化、代码操作…
 * 由主线程的 Monaco LSP 客户端通过 postMessage 连接（见 ui/lsp.ts）。
 *
 * 演练场的附加约定（不经过 LSP 连接）：主线程发 { zhishenKbUrl } 时，worker 自己下载随附的样例知识库，
 * 再以 zhishen/setKnowledgeBase 通知的形式交给服务器——知识库不经主线程、不占主线程内存。
 */
import { startBrowserServer, ZhishenMethods } from '@zhishen/language/browser-server';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

// 先于服务器的消息读取器注册，拦下演练场自己的消息
ctx.addEventListener('message', event => {
    const data = event.data as { zhishenKbUrl?: unknown } | null;
    if (!data || typeof data !== 'object' || typeof data.zhishenKbUrl !== 'string') return;
    event.stopImmediatePropagation();
    const url = data.zhishenKbUrl;
    void fetch(url)
        .then(response => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response.json() as Promise<{ name: string; files: Array<{ path: string; text: string }> }>;
        })
        .then(kb => {
            const notification = { jsonrpc: '2.0', method: ZhishenMethods.setKnowledgeBase, params: { files: kb.files, name: kb.name } };
            ctx.dispatchEvent(new MessageEvent('message', { data: notification }));
        })
        .catch(error => {
            ctx.postMessage({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 1, message: `样例知识库下载失败：${(error as Error).message}` } });
        });
});

startBrowserServer(ctx);
