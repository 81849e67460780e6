/**
 * 测试用的最小 LSP 客户端：启动语言服务器进程，按 LSP 基本协议（Content-Length 头 + JSON-RPC 2.0）收发消息。
 * 不依赖 vscode-languageclient：协议测试要验证的就是线上的字节。
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';

export interface Message {
    jsonrpc: '2.0';
    id?: number | string;
    method?: string;
    params?: unknown;
    result?: unknown;
    error?: { code: number; message: string };
}

export class LspClient {
    readonly process: ChildProcessWithoutNullStreams;
    private buffer = Buffer.alloc(0);
    private nextId = 1;
    private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    readonly notifications: Message[] = [];
    private readonly waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
    stderr = '';
    /** 服务器发来的请求（如 client/registerCapability、workspace/configuration）的应答 */
    onServerRequest: (message: Message) => unknown = () => null;

    constructor(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
        this.process = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'pipe' });
        this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
        this.process.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString('utf8'); });
    }

    private receive(chunk: Buffer): void {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        for (;;) {
            const headerEnd = this.buffer.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const header = this.buffer.subarray(0, headerEnd).toString('ascii');
            const match = /Content-Length:\s*(\d+)/i.exec(header);
            if (!match) throw new Error(`坏的 LSP 头：${header}`);
            const length = Number(match[1]);
            const start = headerEnd + 4;
            if (this.buffer.length < start + length) return;
            const body = this.buffer.subarray(start, start + length).toString('utf8');
            this.buffer = this.buffer.subarray(start + length);
            this.dispatch(JSON.parse(body) as Message);
        }
    }

    private dispatch(message: Message): void {
        if (message.id !== undefined && message.method === undefined) {
            const pending = this.pending.get(Number(message.id));
            if (!pending) return;
            this.pending.delete(Number(message.id));
            if (message.error) pending.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
            else pending.resolve(message.result);
            return;
        }
        if (message.id !== undefined && message.method) {
            // 服务器 → 客户端的请求
            this.write({ jsonrpc: '2.0', id: message.id, result: this.onServerRequest(message) ?? null });
            return;
        }
        this.notifications.push(message);
        for (let i = this.waiters.length - 1; i >= 0; i--) {
            if (this.waiters[i].match(message)) {
                this.waiters[i].resolve(message);
                this.waiters.splice(i, 1);
            }
        }
    }

    private write(message: Message): void {
        const body = Buffer.from(JSON.stringify(message), 'utf8');
        this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    }

    request<T = unknown>(method: string, params: unknown, timeoutMs = 30_000): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(new Error(`${method} 超时（${timeoutMs} ms）\n${this.stderr}`));
            }, timeoutMs);
            this.pending.set(id, {
                resolve: value => { clearTimeout(timer); resolve(value as T); },
                reject: error => { clearTimeout(timer); reject(error); }
            });
            this.write({ jsonrpc: '2.0', id, method, params });
        });
    }

    notify(method: string, params: unknown): void {
        this.write({ jsonrpc: '2.0', method, params });
    }

    /** 等一条满足条件的通知（已经收到的也算）。 */
    waitFor(match: (m: Message) => boolean, timeoutMs = 30_000): Promise<Message> {
        const existing = this.notifications.find(match);
        if (existing) return Promise.resolve(existing);
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                const recent = this.notifications.slice(-5).map(n => `${n.method} ${JSON.stringify(n.params).slice(0, 300)}`).join('\n');
                reject(new Error(`等待通知超时（${timeoutMs} ms）\n最近的通知：\n${recent}\n${this.stderr}`));
            }, timeoutMs);
            this.waiters.push({ match, resolve: m => { clearTimeout(timer); resolve(m); } });
        });
    }

    /** 等某个文件的下一次诊断（满足条件的）。 */
    waitForDiagnostics(uri: string, match: (diagnostics: Array<{ message: string; code?: string; severity?: number; range: unknown }>) => boolean = () => true, timeoutMs = 30_000) {
        return this.waitFor(m => m.method === 'textDocument/publishDiagnostics'
            && (m.params as { uri: string }).uri === uri
            && match((m.params as { diagnostics: Array<{ message: string; code?: string; severity?: number; range: unknown }> }).diagnostics), timeoutMs)
            .then(m => (m.params as { diagnostics: Array<{ message: string; code?: string; severity?: number; range: { start: { line: number } } }> }).diagnostics);
    }

    clearNotifications(): void {
        this.notifications.length = 0;
    }

    async shutdown(): Promise<number | null> {
        try {
            await this.request('shutdown', null, 10_000);
            this.notify('exit', null);
        } catch {
            this.process.kill();
        }
        return new Promise(resolve => {
            if (this.process.exitCode !== null) return resolve(this.process.exitCode);
            const timer = setTimeout(() => { this.process.kill(); resolve(null); }, 5000);
            this.process.on('exit', code => { clearTimeout(timer); resolve(code); });
        });
    }
}
