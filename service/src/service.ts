/**
 * zhishen serve 的 HTTP 服务（fastify）。
 *   POST /fsi/api/rsfComIfsService/callService   国家格式，infno 选交易 3101 / 3102 / 3103
 *   POST /3101、/3102、/3103                     同样的报文（infno 可省）
 *   POST /audit                                  内部调用：请求体就是 input.data，应答就是 zhishen run 的 3101 结果
 *   POST /admin/reload、/admin/encounters        热加载规则包 / 部署配置；载入已结算的就诊（历史）
 *   GET  /healthz、/readyz、/metrics、/metrics/rules(.json)
 * 求值在 worker 池里（pool.ts），请求超出时间预算时结束那个 worker；热加载先建好新池子再原子地换上，旧池子做完手上的请求再关。
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ClaimError, Phase } from '@zhishen/runtime';
import { brokenJsonMessage, describeJsonError, duplicateKeyError, idsText, invalidTextIn } from '@zhishen/runtime';
import { AJV_OPTIONS, CALL_SERVICE_SCHEMA, CLAIM_DATA, describeValidation, replyJson, shortcutSchema, TRANSACTIONS } from './envelope.js';
import type { AjvError, Envelope, Infno } from './envelope.js';
import { addStoredHistory, SettleError, settledEncounters } from './history.js';
import { ServiceMetrics } from './metrics.js';
import type { ErrorKind } from './metrics.js';
import { BudgetExceeded, Cancelled, InvalidClaim, Overloaded, WorkerFailed, WorkerPool } from './pool.js';
import type { Result } from './pool.js';
import type { ClaimPayload, ClaimText, PackInfo } from './protocol.js';
import { rulesPage } from './rules-page.js';
import { localDay, Store, StoreError } from './store.js';
import type { StoredEncounter } from './store.js';

export interface ServiceOptions {
    /** 规则包文件（zhishen build 的产物） */
    pack: string;
    /** 部署配置文件 */
    config?: string;
    /** 库文件（就诊历史、结果、3103 反馈、规则指标）；省略时在内存里 */
    store?: string;
    /** 求值 worker 数；默认 CPU 数 − 1（至少 1） */
    workers?: number;
    /** 每个请求的时间预算（毫秒），默认 2000 */
    timeoutMs?: number;
    /** 排队等待求值的请求数上限（超出答 503 繁忙），默认 256 */
    maxQueue?: number;
    /** 请求体上限（字节），默认 16 MB */
    bodyLimit?: number;
    /** 整个请求（含请求体）须在多久内收完（毫秒），默认 30 秒；慢客户端超时得到 408 */
    requestTimeoutMs?: number;
    /** 设了就要求 X-API-Key 或 Authorization: Bearer（/healthz、/readyz、/metrics 除外） */
    apiKey?: string;
    /** 请求没有 trig_scen 时运行的环节 */
    phase?: Phase;
    /** 每个患者最多从库里取几次已结算的就诊作历史，默认 100 */
    historyLimit?: number;
    /** pino 日志：false 关闭；默认 info 级写到标准输出 */
    logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
    /** 计数写库的间隔（毫秒），默认 500 */
    flushMs?: number;
    /** worker 脚本（测试用；默认本包 dist/worker.js） */
    workerUrl?: URL;
}

export class ServiceError extends Error {}

interface Active {
    pool: WorkerPool;
    info: PackInfo;
    names: Map<string, string>;
    pack: string;
    config?: string;
    loadedAt: string;
}

/** 应答状态：报文体总是国家格式（infcode），HTTP 状态码给网关与监控看 */
class Failure extends Error {
    constructor(readonly status: number, readonly kind: ErrorKind, message: string) {
        super(message);
    }
}

const CALL_SERVICE = '/fsi/api/rsfComIfsService/callService';
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function readConfigFile(file: string | undefined): unknown {
    if (!file) return undefined;
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch {
        throw new ServiceError(`读不到部署配置「${file}」`);
    }
    try {
        return JSON.parse(text);
    } catch {
        throw new ServiceError(`部署配置「${file}」${brokenJsonMessage(text)}`);
    }
}

/**
 * 快速的解析：原文里没有 __proto__、constructor，也没有 \\u 转义时，JSON.parse 不可能得到原型污染的键，
 * 省去 secure-json-parse 对整段文本的两次正则扫描（18 KB 的报文约 30 µs）；否则（或语法错误时）返回 undefined，交给默认解析器，
 * 结果与错误都与它相同。
 */
function quickParse(text: string): { value: unknown } | undefined {
    if (text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')) return undefined;
    try {
        return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
    } catch {
        return undefined;
    }
}

/** 路由的 config：审核接口的重复键检查在送进 worker 时做 */
interface RouteConfig {
    deferDuplicateKeys?: boolean;
}
const DEFERRED: { config: RouteConfig } = { config: { deferDuplicateKeys: true } };

/**
 * 重复的键：JSON.parse 只留后一个，前一个（可能正是违规的明细）会悄悄丢失——整个请求被拒，写明键、路径与理赔的编号。
 * 理赔在报文的 input.data 里时从那里读编号。
 */
function duplicateKeyFailure(text: string, parsed: unknown): Failure | null {
    const claimAt = isObject(parsed) && isObject(parsed.input) && isObject(parsed.input.data) ? 'input.data' : '';
    const duplicate = duplicateKeyError(text, parsed, claimAt);
    return duplicate ? claimFailure(duplicate) : null;
}

function claimFailure(error: ClaimError): Failure {
    const who = idsText(error);
    return new Failure(400, 'claim', `${claimErrorText(error)}${who ? `（${who}）` : ''}`);
}

function claimErrorText(e: ClaimError): string {
    return `${e.path ? `${e.path}：` : ''}${e.message}${e.hint ? `（${e.hint}）` : ''}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Service {
    readonly app: FastifyInstance;
    readonly store: Store;
    readonly metrics = new ServiceMetrics();
    private active!: Active;
    private reloading = false;
    /** 停止的两个阶段：draining 排空（照常处理、应答后断开连接），closing 不再处理新请求 */
    private draining = false;
    private closing = false;
    private closed?: Promise<void>;
    private readonly apiKeyHash?: Buffer;
    /** 收到、应答、客户端没等到应答就断开的请求数（停止时核对：收到 = 应答 + 断开，没有丢失、没有重复应答） */
    readonly counts = { received: 0, answered: 0, aborted: 0 };

    private constructor(private readonly options: ServiceOptions, store: Store) {
        this.store = store;
        if (options.apiKey) this.apiKeyHash = createHash('sha256').update(options.apiKey).digest();
        const logger = options.logger === false ? false
            : { level: (typeof options.logger === 'object' && options.logger.level) || 'info', ...(typeof options.logger === 'object' && options.logger.stream ? { stream: options.logger.stream } : {}) };
        this.app = Fastify({
            logger,
            bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
            requestTimeout: options.requestTimeoutMs ?? 30_000,
            // Node 只认创建服务器时给的 requestTimeout，且默认每 30 秒才检查一次：两样都在这里给，慢客户端按时得到 408
            http: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor((options.requestTimeoutMs ?? 30_000) / 4))) },
            // 每个请求的日志行由本服务写（带 msgid、infno、infcode），不要 fastify 自己的两行
            logController: new LogController({ disableRequestLogging: true }),
            return503OnClosing: false,
            forceCloseConnections: 'idle',
            ajv: { customOptions: { ...AJV_OPTIONS } }
        });
        // 请求体在主线程解析（防原型污染同 fastify 的默认解析器）；留下原文，语法错误时用它中文说明出错的行列
        const parseJson = this.app.getDefaultJsonParser('error', 'error');
        this.app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
            const t = request as Timed;
            const text = body as string;
            t.rawBody = text;
            const parsed = quickParse(text);
            if (parsed === undefined) parseJson(request, text, (error, value) => (error ? done(error, undefined) : checked(value)));
            else checked(parsed.value);
            function checked(value: unknown) {
                // 审核的接口把这项检查留到送进 worker 时（见 evaluate）：worker 解析原文时顺便查，主线程省一遍扫描
                if ((request.routeOptions.config as RouteConfig | undefined)?.deferDuplicateKeys) return done(null, value);
                const duplicate = duplicateKeyFailure(text, value);
                if (duplicate) return done(duplicate, undefined);
                done(null, value);
            }
        });
        this.routes();
    }

    static async start(options: ServiceOptions): Promise<Service> {
        let store: Store;
        try {
            store = new Store(options.store, { flushMs: options.flushMs });
        } catch (error) {
            throw new ServiceError((error as Error).message);
        }
        const service = new Service(options, store);
        try {
            service.active = await service.load(options.pack, options.config);
        } catch (error) {
            store.close();
            throw error;
        }
        service.metrics.workers.set(service.active.pool.size);
        return service;
    }

    get pack(): PackInfo {
        return this.active.info;
    }

    private async load(pack: string, config: string | undefined): Promise<Active> {
        const raw = readConfigFile(config);
        let pool: WorkerPool;
        try {
            pool = await WorkerPool.start({
                packFile: pack, config: raw, phase: this.options.phase, maxQueue: this.options.maxQueue,
                size: this.options.workers ?? Math.max(1, availableParallelism() - 1), workerUrl: this.options.workerUrl
            });
        } catch (error) {
            throw new ServiceError(`规则包「${pack}」${config ? `（部署配置「${config}」）` : ''}加载失败：${(error as Error).message}`);
        }
        return { pool, info: pool.info, names: new Map(pool.info.rules.map(r => [r.id, r.name])), pack, config, loadedAt: new Date().toISOString() };
    }

    /**
     * 热加载：新规则包 / 部署配置先在新池子里全部加载好，再原子地换上；旧池子做完手上的请求后关闭。
     * 加载失败（规则包坏、配置不符）时抛 ServiceError，旧规则包继续服务。省略的参数沿用当前的。
     */
    async reload(next: { pack?: string; config?: string | null } = {}): Promise<PackInfo> {
        if (this.draining) throw new ServiceError('服务正在停止，不能热加载');
        if (this.reloading) throw new ServiceError('上一次热加载还没有完成，请稍后再试');
        this.reloading = true;
        try {
            const pack = next.pack ?? this.active.pack;
            const config = next.config === null ? undefined : next.config ?? this.active.config;
            let loaded: Active;
            try {
                loaded = await this.load(pack, config);
            } catch (error) {
                this.metrics.reloads.inc({ result: 'refused' });
                this.app.log.error({ pack, config, err: (error as Error).message }, '热加载被拒绝，继续使用原规则包');
                throw error;
            }
            const previous = this.active;
            this.active = loaded;
            this.metrics.reloads.inc({ result: 'ok' });
            this.metrics.workers.set(loaded.pool.size);
            this.app.log.info({ pack, config, packId: loaded.info.id, rules: loaded.info.ruleCount }, '规则包已切换');
            void previous.pool.close();
            return loaded.info;
        } finally {
            this.reloading = false;
        }
    }

    async listen(port: number, host: string): Promise<string> {
        return this.app.listen({ port, host });
    }

    /**
     * 优雅停止。先“排空”graceMs：readyz 答 503（负载均衡摘掉本实例），请求照常处理，但每个应答都带 Connection: close，
     * 保持连接的客户端改连别处；然后关闭监听，做完已收到的请求，关闭 worker 与库。
     * 不排空就关闭时，已连上、请求还没收完的连接会被 Node 当作空闲连接断开（客户端看到 ECONNRESET，可以安全重试）。
     */
    async close(options: { graceMs?: number } = {}): Promise<void> {
        if (this.draining) return this.closed;
        this.draining = true;
        this.closed = (async () => {
            if (options.graceMs && options.graceMs > 0) await new Promise(resolve => setTimeout(resolve, options.graceMs));
            this.closing = true;
            await this.app.close();
            await this.active.pool.close();
            this.store.close();
        })();
        return this.closed;
    }


    private authorized(request: FastifyRequest): boolean {
        if (!this.apiKeyHash) return true;
        const header = request.headers['x-api-key'];
        const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const given = (Array.isArray(header) ? header[0] : header) ?? bearer;
        if (!given) return false;
        return timingSafeEqual(createHash('sha256').update(given).digest(), this.apiKeyHash);
    }

    private routes(): void {
        const app = this.app;
        app.addHook('onRequest', async (request, reply) => {
            this.counts.received++;
            // 应答写完（onResponse）记为应答；应答流关闭时还没写完记为客户端没等到就断开（超时的客户端、掉线）。每个请求只记一次
            reply.raw.once('close', () => {
                const t = request as Timed;
                if (t.counted || reply.raw.writableFinished) return;
                t.counted = true;
                this.counts.aborted++;
                this.metrics.errors.inc({ kind: 'aborted' });
            });
            (request as Timed).received = new Date();
            (request as Timed).started = performance.now();
            const path = request.url.split('?')[0];
            if (this.closing) {
                // 关掉这条连接：保持连接的客户端不再往这里发，服务器也就不必等它
                reply.header('connection', 'close');
                return this.fail(request, reply, new Failure(503, 'unavailable', '服务正在停止，请改投其他实例或稍后重试'));
            }
            if (!OPEN_PATHS.has(path) && !this.authorized(request)) {
                return this.fail(request, reply, new Failure(401, 'auth', '缺少或错误的 API 密钥：请在请求头 X-API-Key（或 Authorization: Bearer）里给出'));
            }
        });
        app.addHook('onSend', async (_request, reply) => {
            if (this.draining) reply.header('connection', 'close');
        });
        app.addHook('onResponse', async request => {
            const t = request as Timed;
            if (!t.counted) {
                t.counted = true;
                this.counts.answered++;
            }
            if (t.infno) this.metrics.latency.observe({ infno: t.infno }, (performance.now() - t.started) / 1000);
        });
        app.setNotFoundHandler((request, reply) => this.fail(request, reply, new Failure(404, 'request', `没有这个接口：${request.method} ${request.url.split('?')[0]}`)));
        app.setErrorHandler((error: Error & { validation?: AjvError[]; statusCode?: number; code?: string }, request, reply) => {
            if (error instanceof Failure) return this.fail(request, reply, error);
            if (error.validation) return this.fail(request, reply, new Failure(400, 'request', describeValidation(error.validation)));
            switch (error.code) {
                case 'FST_ERR_CTP_BODY_TOO_LARGE': return this.fail(request, reply, new Failure(413, 'request', `请求体超过上限 ${Math.round((this.options.bodyLimit ?? 16 * 1024 * 1024) / 1024 / 1024)} MB：请拆分成多个请求`));
                case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return this.fail(request, reply, new Failure(415, 'request', `不支持的 Content-Type「${request.headers['content-type'] ?? ''}」：请用 application/json`));
                case 'FST_ERR_CTP_EMPTY_JSON_BODY': return this.fail(request, reply, new Failure(400, 'request', '请求体为空：应为 JSON 报文'));
                case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return this.fail(request, reply, new Failure(400, 'request', 'Content-Length 与请求体长度不符'));
            }
            if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
                // 语法没错却被拒：键名 __proto__ / constructor.prototype（原型污染防护）
                const why = describeJsonError((request as Timed).rawBody ?? '') ?? '含有不允许的键 __proto__ 或 constructor.prototype（防原型污染），请去掉这些键';
                return this.fail(request, reply, new Failure(400, 'request', `请求体不是有效的 JSON：${why}`));
            }
            if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
                return this.fail(request, reply, new Failure(error.statusCode, 'request', `请求无效：${error.message}`));
            }
            request.log.error({ err: error, msgid: (request as Timed).msgid }, '内部错误');
            return this.fail(request, reply, new Failure(500, 'internal', '服务内部错误，已记录日志；请把 msgid 告知维护者'));
        });

        app.post(CALL_SERVICE, { schema: { body: CALL_SERVICE_SCHEMA }, ...DEFERRED }, (request, reply) => {
            const body = request.body as Envelope;
            return this.transaction(body.infno as Infno, body, request, reply);
        });
        for (const infno of TRANSACTIONS) {
            app.post(`/${infno}`, { schema: { body: shortcutSchema(infno) }, ...DEFERRED }, (request, reply) => this.transaction(infno, request.body as Envelope, request, reply));
        }
        app.post('/audit', { schema: { body: CLAIM_DATA }, ...DEFERRED }, async (request, reply) => {
            const t = request as Timed;
            t.infno = 'audit';
            const data = request.body as Record<string, unknown>;
            try {
                const { json } = await this.evaluate(data, '', request);
                this.metrics.requests.inc({ infno: 'audit', infcode: '0' });
                return reply.type('application/json; charset=utf-8').send(json);
            } catch (error) {
                return this.fail(request, reply, this.asFailure(error));
            }
        });

        app.post('/admin/reload', async (request, reply) => {
            const body = isObject(request.body) ? request.body : {};
            const pack = typeof body.pack === 'string' ? body.pack : undefined;
            const config = typeof body.config === 'string' ? body.config : body.config === null ? null : undefined;
            try {
                const info = await this.reload({ pack, config });
                return reply.type('application/json; charset=utf-8').send(replyJson(new Date(), undefined, { ok: true, output: JSON.stringify({ pack: info.id, rules: info.ruleCount }) }));
            } catch (error) {
                return this.fail(request, reply, new Failure(error instanceof ServiceError ? 409 : 500, 'request', (error as Error).message));
            }
        });
        app.post('/admin/encounters', async (request, reply) => {
            const items = Array.isArray(request.body) ? request.body : [request.body];
            try {
                const stored = this.settle(items, 'all');
                return reply.type('application/json; charset=utf-8').send(replyJson(new Date(), undefined, { ok: true, output: JSON.stringify({ encounters: stored }) }));
            } catch (error) {
                return this.fail(request, reply, this.asFailure(error));
            }
        });

        app.get('/healthz', async () => ({ status: 'ok' }));
        app.get('/readyz', async (_request, reply) => {
            const pool = this.active.pool;
            const problems: string[] = [];
            if (this.draining) problems.push('服务正在停止');
            if (pool.size === 0) problems.push('没有可用的求值 worker');
            if (this.store.failure) problems.push(`库不可用：${this.store.failure}`);
            const body = {
                status: problems.length === 0 ? 'ready' : 'not_ready', problems,
                pack: { id: this.active.info.id, file: this.active.pack, config: this.active.config ?? null, rules: this.active.info.ruleCount, loaded_at: this.active.loadedAt },
                workers: pool.size, pending: pool.pending, store: this.store.file
            };
            return reply.code(problems.length === 0 ? 200 : 503).send(body);
        });
        app.get('/metrics', async (_request, reply) => {
            this.metrics.pending.set(this.active.pool.pending);
            this.metrics.workerRestarts.set(this.active.pool.replaced);
            return reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
        });
        app.get('/metrics/rules.json', async (request, reply) => {
            try {
                return reply.send(this.store.ruleMetrics({ since: sinceDay(request.query) }));
            } catch (error) {
                return this.fail(request, reply, this.asFailure(error));
            }
        });
        app.get('/metrics/rules', async (request, reply) => {
            const days = daysOf(request.query);
            try {
                const rows = this.store.ruleMetrics({ since: sinceDay(request.query) });
                return reply.type('text/html; charset=utf-8').send(rulesPage(rows, { packId: this.active.info.id, days }));
            } catch (error) {
                return this.fail(request, reply, this.asFailure(error));
            }
        });
    }

    /** 一笔国家格式的交易。 */
    private async transaction(infno: Infno, body: Envelope, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
        const t = request as Timed;
        t.infno = infno;
        t.msgid = body.msgid;
        t.area = body.mdtrtarea_admvs;
        try {
            let output: string;
            let findings = 0;
            if (infno === '3103') {
                const duplicate = duplicateKeyFailure((request as Timed).rawBody ?? '', body);
                if (duplicate) throw duplicate;
                output = this.feedback(body);
            }
            else {
                const result = await this.evaluate(body.input.data, 'input.data', request);
                output = result.json;
                findings = result.findings;
                // 3102 标为已结算（input.settled）：有库时本次就诊进库，之后作为该患者的历史就诊；没有库时与以前一样不保存
                if (infno === '3102' && this.options.store && (body.input.settled === true || body.input.settled === '1' || body.input.settled === 'true')) {
                    try {
                        this.settle([body.input.data], 'current');
                    } catch (error) {
                        // 审核结果照常应答；没存上的结算只影响之后请求的历史（错误计数、日志、readyz 报告）
                        if (!(error instanceof StoreError)) throw error;
                        this.metrics.errors.inc({ kind: 'store' });
                        request.log.error({ msgid: body.msgid, err: error.message }, '结算的就诊未能进库');
                    }
                }
            }
            this.metrics.requests.inc({ infno, infcode: '0' });
            request.log.info({ msgid: body.msgid, infno, infcode: 0, findings, ms: Math.round((performance.now() - t.started) * 10) / 10 }, '应答');
            return reply.type('application/json; charset=utf-8').send(replyJson(t.received, body.mdtrtarea_admvs, { ok: true, output }));
        } catch (error) {
            return this.fail(request, reply, this.asFailure(error));
        }
    }

    /**
     * 审核一个 input.data：补上库里的历史就诊，交给 worker，记下指标。返回 3101 结果的 JSON 文本。
     * at 是 input.data 在请求体里的路径（国家格式的报文 'input.data'，/audit 的请求体就是它 ''）：没有补历史时 worker 收到的是
     * 请求体原文、自己解析出 input.data（送一段文本比结构化克隆整棵对象树省主线程约一成）；补了历史时送改过的对象。
     */
    private async evaluate(data: Record<string, unknown>, at: ClaimText['at'], request: FastifyRequest): Promise<{ json: string; findings: number }> {
        const active = this.active;
        const raw = (request as Timed).rawBody;
        // 无效的 UTF-8（请求体解码成 U+FFFD）：任何字段里都拒绝并写明字段（不悄悄改变 jr_id、编码，也不让字段像缺失一样）
        const invalid = invalidTextIn(raw ?? JSON.stringify(data), data);
        if (invalid) throw new Failure(400, 'claim', claimErrorText(invalid));
        let note: string | undefined;
        let added = 0;
        try {
            if (this.options.store) {
                // 要补历史（改动 data）时重复键在这里查；不补时 worker 解析原文时查
                const duplicate = raw === undefined ? null : duplicateKeyFailure(raw, request.body);
                if (duplicate) throw duplicate;
                added = addStoredHistory(data, this.store, this.options.historyLimit ?? 100);
            }
        } catch (error) {
            if (!(error instanceof StoreError)) throw error;
            this.metrics.errors.inc({ kind: 'store' });
            request.log.error({ msgid: (request as Timed).msgid, err: error.message }, '取历史就诊失败，只用请求携带的就诊');
            note = `库不可用，没有补充已结算的历史就诊，只用了请求携带的就诊（${error.message}）`;
        }
        let result: Result;
        try {
            const claim: ClaimPayload = raw !== undefined && added === 0 ? { text: raw, at, checkDuplicates: !this.options.store } : { data };
            result = await active.pool.run(claim, this.options.timeoutMs ?? 2000, () => request.raw.socket?.destroyed === true);
        } catch (error) {
            if (error instanceof Overloaded) throw new Failure(503, 'overloaded', error.message);
            if (error instanceof Cancelled) throw new Failure(499, 'cancelled', error.message);
            if (error instanceof BudgetExceeded) {
                request.log.warn({ msgid: (request as Timed).msgid, budgetMs: error.budgetMs, running: error.running }, '超出时间预算');
                throw new Failure(504, 'timeout', error.message + (error.running ? '：规则求值过慢（如病态正则遇到长文本），求值线程已重启' : '：服务繁忙'));
            }
            if (error instanceof InvalidClaim) throw claimFailure(error.error);
            if (error instanceof WorkerFailed) throw new Failure(503, 'worker', error.message);
            throw error;
        }
        if (result.rejected) {
            const first = result.errors[0];
            const more = result.errors.length > 1 ? `（另有 ${result.errors.length - 1} 处错误）` : '';
            throw new Failure(400, 'claim', first ? `${claimErrorText(first)}${more}` : '无法审核');
        }
        for (const [, ruleId] of result.findings) this.metrics.findings.inc({ rule_id: ruleId });
        try {
            this.store.recordEvaluation(result.ruleIndices.map(i => active.info.rules[i]), result.evaluatedPatients, result.findings, active.names);
        } catch {
            // 计数只在内存里累计，flush 失败由库记下（readyz 报告）
        }
        let json = result.response;
        if (note) {
            const response = JSON.parse(json) as { zhishen_notes?: string[] };
            response.zhishen_notes = [...(response.zhishen_notes ?? []), note];
            json = JSON.stringify(response);
        }
        return { json, findings: result.findings.length };
    }

    /** 已结算的就诊进库（3102 结算：本次就诊；载入：全部）。返回写入数。 */
    private settle(items: unknown[], which: 'current' | 'all'): number {
        if (!this.options.store) throw new Failure(409, 'request', '没有配置库（zhishen serve --store），已结算的就诊不保存为历史');
        let encounters: StoredEncounter[];
        try {
            encounters = settledEncounters(items, which);
        } catch (error) {
            if (error instanceof SettleError) throw new Failure(400, 'request', error.message);
            throw error;
        }
        return this.store.addEncounters(encounters);
    }

    /** 3103：每个 warn_rslt_id 必须是本服务给出过的 jr_id；全部有效才保存（一个事务）。 */
    private feedback(body: Envelope): string {
        const data = body.input.data as { warn_type: string; warns: Array<{ warn_rslt_id: string; dspo_way: '1' | '2'; dspo_way_rea?: string }> };
        const items = data.warns.map((w, i) => {
            const found = this.store.findingOf(w.warn_rslt_id);
            if (!found) throw new Failure(400, 'request', `字段 input.data.warns[${i}].warn_rslt_id 的值「${w.warn_rslt_id}」不是本服务给出的审核结果（应为 3101 / 3102 结果里的 jr_id）`);
            return { jr_id: w.warn_rslt_id, warn_type: data.warn_type, dspo_way: w.dspo_way, reason: w.dspo_way_rea?.trim() || null, msgid: body.msgid, ...found };
        });
        this.store.addFeedback(items);
        for (const item of items) this.metrics.feedback.inc({ dspo_way: item.dspo_way });
        return JSON.stringify({ stored: items.length });
    }

    private asFailure(error: unknown): Failure {
        if (error instanceof Failure) return error;
        if (error instanceof StoreError) return new Failure(503, 'store', error.message);
        return new Failure(500, 'internal', '服务内部错误，已记录日志；请把 msgid 告知维护者');
    }

    private fail(request: FastifyRequest, reply: FastifyReply, failure: Failure): FastifyReply {
        const t = request as Timed;
        // 报文头校验失败时处理函数没有运行：日志与出参仍用请求里的 msgid、区划
        if (t.msgid === undefined && isObject(request.body)) {
            t.msgid = typeof request.body.msgid === 'string' ? request.body.msgid : undefined;
            t.area = typeof request.body.mdtrtarea_admvs === 'string' ? request.body.mdtrtarea_admvs : undefined;
        }
        this.metrics.errors.inc({ kind: failure.kind });
        if (t.infno) this.metrics.requests.inc({ infno: t.infno, infcode: '-1' });
        if (failure.kind === 'internal') request.log.error({ msgid: t.msgid, err: failure }, '内部错误');
        else request.log.info({ msgid: t.msgid, infno: t.infno, infcode: -1, status: failure.status, err_msg: failure.message }, '应答');
        return reply.code(failure.status).type('application/json; charset=utf-8').send(replyJson(t.received ?? new Date(), t.area, { ok: false, message: failure.message }));
    }
}

interface Timed extends FastifyRequest {
    received: Date;
    /** 请求体原文（JSON） */
    rawBody?: string;
    counted?: boolean;
    started: number;
    infno?: Infno | 'audit';
    msgid?: string;
    area?: string;
}

function daysOf(query: unknown): number {
    const days = Number((query as { days?: string } | undefined)?.days ?? 30);
    return Number.isInteger(days) && days > 0 && days <= 3660 ? days : 30;
}

function sinceDay(query: unknown): string {
    return localDay(new Date(Date.now() - (daysOf(query) - 1) * 86_400_000));
}
