/**
 * Monaco LSP 客户端与智审语言服务器之间的消息整理（纯函数，见 ui/lsp.ts 的说明）。
 */
export type Message = Record<string, unknown>;

export const ZHISHEN_LANGUAGE = 'zhishen';

function isRuleUri(uri: unknown): boolean {
    return typeof uri === 'string' && /\.zs$/i.test(uri);
}

/** 要不要转发给服务器：非 .zs 文档的同步与请求都拦下。 */
export function forwardToServer(message: Message): boolean {
    const method = message.method;
    if (typeof method !== 'string' || !method.startsWith('textDocument/')) return true;
    const params = message.params as { textDocument?: { uri?: unknown; languageId?: unknown } } | undefined;
    const uri = params?.textDocument?.uri;
    if (method === 'textDocument/didOpen' && params?.textDocument?.languageId !== undefined && params.textDocument.languageId !== ZHISHEN_LANGUAGE) return false;
    return uri === undefined || isRuleUri(uri);
}

/** 服务器能力：每个 *Provider 只作用于智审语言。 */
export function restrictCapabilities(capabilities: Record<string, unknown>): Record<string, unknown> {
    const selector = [{ language: ZHISHEN_LANGUAGE }];
    const result: Record<string, unknown> = { ...capabilities };
    for (const [key, value] of Object.entries(capabilities)) {
        if (!key.endsWith('Provider') || value === false || value === undefined || value === null) continue;
        result[key] = value === true ? { documentSelector: selector } : { ...(value as object), documentSelector: selector };
    }
    return result;
}

/** URI 规范成 Monaco 客户端的键：Uri.toString(true).toLowerCase()。 */
export function normalizeUris(value: unknown, normalize: (uri: string) => string): unknown {
    if (Array.isArray(value)) return value.map(v => normalizeUris(v, normalize));
    if (value && typeof value === 'object') {
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value)) {
            out[key] = (key === 'uri' || key === 'targetUri') && typeof v === 'string' ? normalize(v) : normalizeUris(v, normalize);
        }
        // WorkspaceEdit.changes 的键是 URI
        if (key(value, 'changes') && out.changes && typeof out.changes === 'object' && !Array.isArray(out.changes)) {
            out.changes = Object.fromEntries(Object.entries(out.changes as Record<string, unknown>).map(([k, v]) => [normalize(k), v]));
        }
        return out;
    }
    return value;
}

/**
 * 服务器取消的请求（文档还没构建好、内容已变：-32800 / -32801 / -32802）当作“没有结果”。
 * Monaco 的客户端对错误响应会抛出未处理的异常，而这类取消是正常的竞态。
 */
export function softenCancellation(message: Message): Message {
    const error = message.error as { code?: number } | undefined;
    if (error && typeof error.code === 'number' && error.code <= -32800 && error.code >= -32803 && 'id' in message) {
        return { jsonrpc: '2.0', id: message.id, result: null };
    }
    return message;
}

function key(value: object, name: string): boolean {
    return Object.prototype.hasOwnProperty.call(value, name);
}

