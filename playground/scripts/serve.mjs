#!/usr/bin/env node
/**
 * 本机静态服务：只监听 127.0.0.1，把 playground/dist/ 当作任意静态主机来提供。
 *   node scripts/serve.mjs [--port 5180] [--dir dist]
 * 端到端测试也用它（startStaticServer）。
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.ttf': 'font/ttf',
    '.woff2': 'font/woff2',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.map': 'application/json; charset=utf-8',
    '.txt': 'text/plain; charset=utf-8'
};

/** 启动静态服务；port 为 0 时随机选一个空闲端口。返回 { url, close() }。 */
export async function startStaticServer(dir, port = 0) {
    const root = resolve(dir);
    const server = createServer(async (req, res) => {
        try {
            const url = new URL(req.url ?? '/', 'http://127.0.0.1');
            let path = decodeURIComponent(url.pathname);
            if (path.endsWith('/')) path += 'index.html';
            const file = normalize(join(root, path));
            if (file !== root && !file.startsWith(root + sep)) {
                res.writeHead(403).end('forbidden');
                return;
            }
            const info = await stat(file).catch(() => null);
            if (!info || !info.isFile()) {
                res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('找不到：' + path);
                return;
            }
            const body = await readFile(file);
            const hashed = /[.-][A-Za-z0-9_-]{8,}\.(js|css|ttf|json)$/.test(file);
            res.writeHead(200, {
                'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
                'Content-Length': body.length,
                'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache'
            });
            res.end(req.method === 'HEAD' ? undefined : body);
        } catch (error) {
            res.writeHead(500).end(String(error));
        }
    });
    await new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(port, '127.0.0.1', ok);
    });
    const address = server.address();
    return {
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise(ok => server.close(() => ok()))
    };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const args = process.argv.slice(2);
    const option = name => {
        const i = args.indexOf(`--${name}`);
        return i >= 0 ? args[i + 1] : undefined;
    };
    const here = fileURLToPath(new URL('..', import.meta.url));
    const dir = resolve(here, option('dir') ?? 'dist');
    const port = Number(option('port') ?? process.env.PORT ?? 5180);
    const exists = await stat(join(dir, 'index.html')).catch(() => null);
    if (!exists) {
        console.error(`没有找到 ${join(dir, 'index.html')}：先运行 npm run build -w playground`);
        process.exit(1);
    }
    const { url } = await startStaticServer(dir, port);
    console.log(`智审演练场：${url}（Ctrl+C 结束）`);
}
