/**
 * zhishen serve：实时服务（@zhishen/service）。SIGHUP 重新加载同一路径的规则包与部署配置（先换文件再发信号）；
 * SIGTERM / SIGINT 优雅停止：先排空 --drain 毫秒（readyz 答 503，请求照常处理、应答后断开连接），再关闭监听、做完已收到的请求后退出。
 * zhishen metrics：从库里打印每条规则每天的求值、命中、金额与 3103 处理。
 * zhishen history load：把已结算的理赔（.json / .ndjson，每行一个 input.data）载入库，作为之后请求的历史就诊。
 */
import { existsSync, readFileSync } from 'node:fs';
import pc from 'picocolors';
import stringWidth from 'string-width';
import type { Phase } from '@zhishen/runtime';
import { claimTextMessage, parseClaimText } from '@zhishen/runtime';
import { UserError } from '../errors.js';
import { textLines } from '../text-lines.js';

export interface ServeOptions {
    pack: string;
    config?: string;
    store?: string;
    port: string;
    host: string;
    workers?: string;
    timeout: string;
    bodyLimit: string;
    apiKeyFile?: string;
    phase?: Phase;
    logLevel: string;
    drain: string;
}

function positive(value: string | undefined, option: string, min = 0): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UserError(`选项 ${option} 应为${min > 0 ? `不小于 ${min} 的` : '非负'}整数，收到「${value}」`);
    return n;
}

export async function serveCommand(options: ServeOptions): Promise<number> {
    const { Service, ServiceError } = await import('@zhishen/service');
    let apiKey = process.env.ZHISHEN_API_KEY || undefined;
    if (options.apiKeyFile) {
        try {
            apiKey = readFileSync(options.apiKeyFile, 'utf8').trim();
        } catch {
            throw new UserError(`读不到 API 密钥文件「${options.apiKeyFile}」`);
        }
        if (!apiKey) throw new UserError(`API 密钥文件「${options.apiKeyFile}」是空的`);
    }
    let service;
    try {
        service = await Service.start({
            pack: options.pack, config: options.config, store: options.store, phase: options.phase, apiKey,
            workers: positive(options.workers, '--workers', 1), timeoutMs: positive(options.timeout, '--timeout', 1),
            bodyLimit: (positive(options.bodyLimit, '--body-limit', 1) ?? 16) * 1024 * 1024,
            logger: { level: options.logLevel }
        });
    } catch (error) {
        if (error instanceof ServiceError) throw new UserError(error.message);
        throw error;
    }
    const port = positive(options.port, '--port') ?? 3101;
    try {
        await service.listen(port, options.host);
    } catch (error) {
        await service.close();
        throw new UserError(`无法监听 ${options.host}:${port}：${(error as Error).message}`);
    }
    const address = service.app.server.address();
    const where = typeof address === 'object' && address ? `${address.address}:${address.port}` : `${options.host}:${port}`;
    process.stderr.write(`智审服务已启动：http://${where}（规则包 ${service.pack.id}，${service.pack.ruleCount} 条规则${options.store ? `，库 ${options.store}` : '，库在内存里'}${apiKey ? '，要求 API 密钥' : ''}）\n`);
    process.on('SIGHUP', () => {
        service.reload().then(
            info => process.stderr.write(`已重新加载规则包 ${info.id}（${info.ruleCount} 条规则）\n`),
            (error: Error) => process.stderr.write(`${pc.red('重新加载失败')}，继续使用原规则包：${error.message}\n`)
        );
    });
    await new Promise<void>(resolve => {
        const stop = (signal: string) => {
            process.stderr.write(`收到 ${signal}，停止接受新请求，做完已收到的请求后退出……\n`);
            service.close({ graceMs: positive(options.drain, '--drain') }).then(resolve, resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
    });
    const { received, answered, aborted } = service.counts;
    process.stderr.write(`已停止：收到 ${received} 个请求，应答 ${answered} 个${aborted > 0 ? `，客户端没等到应答就断开 ${aborted} 个` : ''}\n`);
    return 0;
}

export interface MetricsOptions {
    store: string;
    days: string;
    format: 'text' | 'json';
}

export async function metricsCommand(options: MetricsOptions): Promise<number> {
    if (!existsSync(options.store)) throw new UserError(`库文件「${options.store}」不存在（zhishen serve --store 创建它）`);
    const { Store, localDay, totalsByRule, rate } = await import('@zhishen/service');
    const days = positive(options.days, '--days') || 30;
    const store = openStore(Store, options.store);
    let rows;
    try {
        rows = store.ruleMetrics({ since: localDay(new Date(Date.now() - (days - 1) * 86_400_000)) });
    } finally {
        store.close();
    }
    if (options.format === 'json') {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return 0;
    }
    if (rows.length === 0) {
        process.stdout.write(`最近 ${days} 天没有规则指标。\n`);
        return 0;
    }
    const header = ['日期', '规则', '名称', '求值', '命中', '命中率', '金额（元）', '返回修改', '继续执行', '采纳率'];
    const body = rows.map(r => [r.day, r.rule_id, r.rule_name, String(r.evaluations), String(r.hits), rate(r.hits, r.evaluations), r.amount.toFixed(2), String(r.accepted), String(r.contested), rate(r.accepted, r.accepted + r.contested)]);
    const totals = totalsByRule(rows).map(t => [`${t.days} 天`, t.rule_id, t.rule_name, String(t.evaluations), String(t.hits), rate(t.hits, t.evaluations), t.amount.toFixed(2), String(t.accepted), String(t.contested), rate(t.accepted, t.accepted + t.contested)]);
    process.stdout.write(`${pc.bold(`规则指标（最近 ${days} 天，逐日）`)}\n${table(header, body)}\n\n${pc.bold('按规则合计')}\n${table(header, totals)}\n`);
    return 0;
}

export interface LoadOptions {
    store: string;
    claims: string;
}

export async function loadCommand(options: LoadOptions): Promise<number> {
    if (!existsSync(options.claims)) throw new UserError(`读不到理赔文件「${options.claims}」`);
    const { Store } = await import('@zhishen/service');
    const { settledEncounters } = await import('@zhishen/service');
    const store = openStore(Store, options.store);
    let encounters = 0;
    let lines = 0;
    try {
        const items: unknown[] = [];
        const flush = () => {
            encounters += store.addEncounters(settledEncounters(items.splice(0), 'all'));
        };
        if (options.claims.endsWith('.json')) {
            items.push(parseJson(readFileSync(options.claims, 'utf8').replace(/^\uFEFF/, ''), options.claims, 1));
            lines = 1;
        } else {
            // 只认 \n 断行（行内单独的 \r 不是换行），与 zhishen run 相同
            for await (const { lineNumber, text: raw } of textLines(options.claims)) {
                lines = lineNumber;
                if (raw.trim() === '') continue;
                items.push(parseJson(raw, options.claims, lines));
                if (items.length >= 500) flush();
            }
        }
        flush();
    } finally {
        store.close();
    }
    process.stderr.write(`已载入 ${encounters} 次已结算的就诊（${lines} 行）到「${options.store}」\n`);
    return 0;
}

function parseJson(text: string, file: string, line: number): unknown {
    // 读不出的 JSON、无效的 UTF-8、重复的键（库里的历史就诊会悄悄变样，之后的审核按被覆盖的内容判）：停下，写明位置
    const read = parseClaimText(text);
    if (!read.ok) throw new UserError(`「${file}」第 ${line} 行${read.syntax ? read.error.message : `的 ${claimTextMessage(read.error)}`}`);
    return read.request;
}

function openStore<T>(StoreClass: new (file: string, options: { flushMs: number }) => T, file: string): T {
    try {
        return new StoreClass(file, { flushMs: 0 });
    } catch (error) {
        throw new UserError((error as Error).message);
    }
}

function table(header: string[], rows: string[][]): string {
    const all = [header, ...rows];
    const widths = header.map((_, i) => Math.max(...all.map(r => stringWidth(r[i]))));
    const numeric = (i: number) => i >= 3;
    return all.map((row, index) => {
        const line = row.map((cell, i) => {
            const padding = ' '.repeat(widths[i] - stringWidth(cell));
            return numeric(i) ? padding + cell : cell + padding;
        }).join('  ').trimEnd();
        return index === 0 ? pc.bold(line) : line;
    }).join('\n');
}
