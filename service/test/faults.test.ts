/**
 * 故障与运维：时间预算（卡住的正则）、热加载（坏规则包被拒、负载下换规则包）、库（历史就诊、库不可用）、API 密钥、
 * 慢客户端、负载下优雅停止。每个用例几秒内结束。
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Service } from '../src/service.js';
import { ServiceError } from '../src/service.js';
import { BudgetExceeded, Cancelled, WorkerPool } from '../src/pool.js';
import { buildPack, CALL, claim, envelope, startService, tempDir, WORKER_URL } from './helpers.js';

let dir: string;
let packFile: string;
const running: Service[] = [];

beforeAll(async () => {
    dir = tempDir();
    packFile = await buildPack(dir);
});
afterEach(async () => {
    await Promise.all(running.splice(0).map(s => s.close()));
});

async function start(options: Parameters<typeof startService>[0]): Promise<Service> {
    const service = await startService(options);
    running.push(service);
    return service;
}

async function post(service: Service, url: string, payload: unknown, headers: Record<string, string> = {}) {
    const r = await service.app.inject({ method: 'POST', url, payload: payload as object, headers });
    return { status: r.statusCode, body: r.json() };
}

const SLOW = claim([{ rx: 'S1', code: 'Z', name: 'a'.repeat(40) + '!' }], { patient: 'P-SLOW' });
const NORMAL = claim([{ rx: 'N1', code: 'X001' }]);

describe('时间预算：卡住的求值被中止', () => {
    it('回溯的正则卡住 worker：该请求 504 / infcode -1，worker 换新，其他请求不受影响', async () => {
        const service = await start({ pack: packFile, workers: 2, timeoutMs: 1500 });
        const slow = post(service, CALL, envelope('3101', SLOW));
        await new Promise(r => setTimeout(r, 50));
        // 另一个 worker 照常应答
        const normal = await post(service, CALL, envelope('3101', NORMAL));
        expect(normal.body.infcode).toBe(0);
        const stalled = await slow;
        expect(stalled.status).toBe(504);
        expect(stalled.body.infcode).toBe(-1);
        expect(stalled.body.err_msg).toMatch(/^审核超过时间预算 1500 毫秒，已中止：规则求值过慢/);
        // 换上的新 worker 加载好之后两个位置都能用
        const after = await Promise.all([1, 2, 3, 4].map(() => post(service, CALL, envelope('3101', NORMAL))));
        expect(after.map(r => r.body.infcode)).toEqual([0, 0, 0, 0]);
        expect((await service.app.inject('/metrics')).body).toMatch(/zhishen_errors_total\{kind="timeout"\} 1/);
    });
});

describe('过载', () => {
    it('排队已满时立即答 503 繁忙；排队超过时间预算的答 504（没有求值）', async () => {
        const service = await start({ pack: packFile, workers: 1, timeoutMs: 1500, maxQueue: 1 });
        const slow = post(service, CALL, envelope('3101', SLOW));
        await new Promise(r => setTimeout(r, 50));
        const queued = post(service, CALL, envelope('3101', NORMAL));
        const rejected = await post(service, CALL, envelope('3101', NORMAL));
        expect([rejected.status, rejected.body.infcode, rejected.body.err_msg]).toEqual([503, -1, '服务繁忙：排队等待审核的请求已达上限 1，请稍后重试或改投其他实例']);
        expect((await slow).status).toBe(504);
        const late = await queued;
        expect([late.status, late.body.infcode]).toEqual([504, -1]);
        expect(late.body.err_msg).toBe('排队等待超过时间预算 1500 毫秒，未审核：服务繁忙');
        expect((await post(service, CALL, envelope('3101', NORMAL))).body.infcode).toBe(0);
    });
});

describe('过载：断开的客户端', () => {
    it('请求在轮到求值之前被取消（客户端已断开）：不再求值，以 Cancelled 结束', async () => {
        const pool = await WorkerPool.start({ packFile, size: 1, workerUrl: WORKER_URL });
        try {
            const slow = pool.run({ data: SLOW }, 800);
            let gone = false;
            const queued = pool.run({ data: NORMAL }, 10_000, () => gone);
            gone = true;
            await expect(slow).rejects.toThrow(BudgetExceeded);
            await expect(queued).rejects.toThrow(Cancelled);
            expect((await pool.run({ data: NORMAL }, 10_000)).findings.map(f => f[1])).toEqual(['SV_EXACT']);
        } finally {
            await pool.close();
        }
    });
});

describe('热加载', () => {
    it('坏的规则包被拒绝，旧规则包继续服务；好的规则包与部署配置原子地换上', async () => {
        const service = await start({ pack: packFile });
        const oldId = service.pack.id;
        const bad = join(dir, 'bad.mjs');
        writeFileSync(bad, 'export default 42;\n');
        await expect(service.reload({ pack: bad })).rejects.toThrow(/加载失败：「.*bad\.mjs」不是 zhishen build 生成的规则包/);
        const refused = await post(service, '/admin/reload', { pack: join(dir, 'missing.mjs') });
        expect([refused.status, refused.body.infcode]).toEqual([409, -1]);
        expect(refused.body.err_msg).toMatch(/读不到规则包/);
        expect(service.pack.id).toBe(oldId);
        expect((await post(service, CALL, envelope('3101', NORMAL))).body.output.result.map((r: { rule_id: string }) => r.rule_id)).toEqual(['SV_EXACT']);

        const badConfig = join(dir, 'bad-config.json');
        writeFileSync(badConfig, JSON.stringify({ 停用: ['NO_SUCH_RULE'] }));
        await expect(service.reload({ config: badConfig })).rejects.toThrow(/部署配置有 1 处错误/);

        const config = join(dir, 'config.json');
        writeFileSync(config, JSON.stringify({ 停用: ['SV_EXACT'] }));
        const ok = await post(service, '/admin/reload', { config });
        expect([ok.status, ok.body.infcode, ok.body.output]).toEqual([200, 0, { pack: oldId, rules: 4 }]);
        expect((await post(service, CALL, envelope('3101', NORMAL))).body.output.result).toEqual([]);
        const metrics = (await service.app.inject('/metrics')).body;
        expect(metrics).toMatch(/zhishen_reloads_total\{result="refused"\} 3/);
        expect(metrics).toMatch(/zhishen_reloads_total\{result="ok"\} 1/);
    });

    it('负载下换规则包：每个请求恰好应答一次，都是 infcode 0', async () => {
        // 这里测的是换包，不是背压：排队上限放宽到请求数之上（背压见上面「排队已满」一例）
        const service = await start({ pack: packFile, workers: 2, maxQueue: 1000 });
        const other = await buildPack(dir, 'other.mjs');
        const requests: Array<Promise<{ status: number; body: { infcode: number } }>> = [];
        let swaps: Promise<unknown> = Promise.resolve();
        for (let i = 0; i < 300; i++) {
            requests.push(post(service, CALL, envelope('3101', claim([{ rx: `L${i}`, code: 'X001' }], { patient: `P${i}` }))));
            if (i === 60) swaps = service.reload({ pack: other }).then(() => service.reload({ pack: packFile }));
            if (i % 20 === 0) await new Promise(r => setImmediate(r));
        }
        const answers = await Promise.all(requests);
        await swaps;
        expect(answers.filter(a => a.status !== 200 || a.body.infcode !== 0)).toEqual([]);
        expect(answers.length).toBe(300);
        expect(service.counts.received).toBe(300);
        expect(service.counts.answered).toBe(300);
        expect((await service.app.inject('/metrics')).body).toMatch(/zhishen_reloads_total\{result="ok"\} 2/);
    });
});

describe('库：已结算的就诊作为历史', () => {
    it('3102 标为已结算的就诊进库；同一患者之后的 3101 带上它（历史规则命中，涉及项指向库里的明细）', async () => {
        const store = join(tempDir(), 'store.db');
        const service = await start({ pack: packFile, store });
        const first = await post(service, CALL, envelope('3101', claim([{ rx: 'A1', code: 'Y001' }], { patient: 'P-H', mdtrt: 'M1', date: '2026-01-05' })));
        expect(first.body.output.result).toEqual([]);
        const settled = envelope('3102', claim([{ rx: 'A1', code: 'Y001' }], { patient: 'P-H', mdtrt: 'M1', date: '2026-01-05' }));
        settled.input = { ...settled.input, settled: '1' } as typeof settled.input;
        expect((await post(service, '/3102', settled)).body.infcode).toBe(0);
        // 别的患者不受影响
        expect((await post(service, CALL, envelope('3101', claim([{ rx: 'B1', code: 'Y001' }], { patient: 'P-OTHER', mdtrt: 'M9' })))).body.output.result).toEqual([]);
        const later = await post(service, CALL, envelope('3101', claim([{ rx: 'B1', code: 'Y001' }], { patient: 'P-H', mdtrt: 'M2', date: '2026-02-01' })));
        const hits = later.body.output.result as Array<{ jr_id: string; rule_id: string; mdtrt_id: string; judge_result_detail_dtos: Array<{ rx_id: string; mdtrt_id: string; vola_item_type: string }> }>;
        expect(hits.map(h => h.rule_id)).toEqual(['SV_HISTORY']);
        expect(hits[0].mdtrt_id).toBe('M2');
        expect(hits[0].judge_result_detail_dtos.map(d => [d.rx_id, d.mdtrt_id, d.vola_item_type])).toEqual([['B1', 'M2', '1'], ['A1', 'M1', '2']]);
        // 请求自己带了这次就诊时不重复补
        const carried = await post(service, CALL, envelope('3101', claim([{ rx: 'B1', code: 'Y001' }], { patient: 'P-H', mdtrt: 'M2', date: '2026-02-01', history: [{ mdtrt: 'M1', date: '2026-01-05', lines: [{ rx: 'A1', code: 'Y001' }] }] })));
        expect(carried.body.output).toEqual(later.body.output);
        // 补历史时重复的键在主线程查（worker 收到的是补过的对象，不是原文），不补历史的患者在 worker 查：同样拒绝、同样的说明；3103 也查
        const hidden = (patient: string) => JSON.stringify(envelope('3101', claim([{ rx: 'B1', code: 'Y001' }], { patient, mdtrt: 'M3', date: '2026-02-02' }))).replace('"hilist_code":"Y001"', '"hilist_code":"Y001","hilist_code":"OK01"');
        const feedback = JSON.stringify(envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: hits[0].jr_id, dspo_way: '2' }] })).replace('"dspo_way":"2"', '"dspo_way":"1","dspo_way_rea":"x","dspo_way":"2"');
        expect(feedback).toContain('"dspo_way":"1","dspo_way_rea":"x","dspo_way":"2"');
        for (const payload of [hidden('P-H'), hidden('P-NEW'), feedback]) {
            const r = await service.app.inject({ method: 'POST', url: CALL, payload, headers: { 'content-type': 'application/json' } });
            expect(r.statusCode).toBe(400);
            expect(r.json().err_msg).toMatch(/已经出现过.*每个键只写一次/);
        }
    });

    it('载入接口 /admin/encounters 与重启后仍在的历史（库文件）', async () => {
        const store = join(tempDir(), 'store.db');
        let service = await start({ pack: packFile, store });
        const load = await post(service, '/admin/encounters', [claim([{ rx: 'C1', code: 'Y003' }], { patient: 'P-L', mdtrt: 'L1', date: '2025-12-01' })]);
        expect([load.status, load.body.output]).toEqual([200, { encounters: 1 }]);
        const bad = await post(service, '/admin/encounters', [{ patient_dtos: [{ fsi_encounter_dtos: [] }] }]);
        expect([bad.status, bad.body.err_msg]).toEqual([400, '缺少字段 patient_dtos[0].patn_id']);
        await service.close();
        running.splice(running.indexOf(service), 1);
        service = await start({ pack: packFile, store });
        const r = await post(service, CALL, envelope('3101', claim([{ rx: 'C2', code: 'Y003' }], { patient: 'P-L', mdtrt: 'L2' })));
        expect(r.body.output.result.map((x: { rule_id: string }) => x.rule_id)).toEqual(['SV_HISTORY']);
    });

    it('库不可用：3101 照常应答（注明没有补历史），3103 答 -1，readyz 503；库文件打不开时不启动', async () => {
        const store = join(tempDir(), 'store.db');
        const service = await start({ pack: packFile, store });
        (service.store as unknown as { db: { close(): void } }).db.close();
        const r = await post(service, CALL, envelope('3101', NORMAL));
        expect(r.body.infcode).toBe(0);
        expect(r.body.output.result.map((x: { rule_id: string }) => x.rule_id)).toEqual(['SV_EXACT']);
        expect(r.body.output.zhishen_notes.at(-1)).toMatch(/^库不可用，没有补充已结算的历史就诊/);
        const fb = await post(service, CALL, envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: r.body.output.result[0].jr_id, dspo_way: '2' }] }));
        expect([fb.status, fb.body.infcode]).toEqual([503, -1]);
        expect(fb.body.err_msg).toMatch(/^库「.*store\.db」读写失败/);
        const ready = await service.app.inject('/readyz');
        expect(ready.statusCode).toBe(503);
        expect(ready.json().problems[0]).toMatch(/^库不可用/);
        running.splice(running.indexOf(service), 1);
        await service.close().catch(() => undefined);

        const nowhere = join(dir, 'no-such-dir', 'store.db');
        await expect(startService({ pack: packFile, store: nowhere })).rejects.toThrow(ServiceError);
        await expect(startService({ pack: packFile, store: nowhere })).rejects.toThrow(/^无法打开库/);
        expect(existsSync(nowhere)).toBe(false);
    });
});

describe('API 密钥', () => {
    it('设了密钥：缺少或错误 401，X-API-Key 或 Bearer 通过；/healthz、/readyz、/metrics 不需要', async () => {
        const service = await start({ pack: packFile, apiKey: 'sekret-key-1' });
        const none = await post(service, CALL, envelope('3101', NORMAL));
        expect([none.status, none.body.infcode, none.body.err_msg]).toEqual([401, -1, '缺少或错误的 API 密钥：请在请求头 X-API-Key（或 Authorization: Bearer）里给出']);
        expect((await post(service, CALL, envelope('3101', NORMAL), { 'x-api-key': 'wrong' })).status).toBe(401);
        expect((await post(service, CALL, envelope('3101', NORMAL), { 'x-api-key': 'sekret-key-12' })).status).toBe(401);
        expect((await post(service, CALL, envelope('3101', NORMAL), { 'x-api-key': 'sekret-key-1' })).status).toBe(200);
        expect((await service.app.inject('/healthz')).statusCode).toBe(200);
        expect((await service.app.inject('/metrics')).statusCode).toBe(200);
        expect((await service.app.inject('/metrics/rules')).statusCode).toBe(401);
        const service2 = await start({ pack: packFile, apiKey: 'abc' });
        expect((await post(service2, '/audit', NORMAL, { authorization: 'Bearer abc' })).status).toBe(200);
    });
});

describe('连接层面', () => {
    it('慢客户端：请求体迟迟不到的连接在 requestTimeout 后被答 408 关闭，其他请求照常', async () => {
        const service = await start({ pack: packFile, requestTimeoutMs: 600 });
        const address = await service.listen(0, '127.0.0.1');
        const { port } = new URL(address);
        const socket = connect(port, '127.0.0.1');
        let received = '';
        const closed = new Promise<void>(resolve => socket.on('close', () => resolve()));
        socket.on('data', chunk => { received += chunk.toString(); });
        socket.on('error', () => undefined);
        socket.write(`POST ${CALL} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"infno":`);
        const normal = await fetch(`${address}${CALL}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope('3101', NORMAL)) });
        expect((await normal.json()).infcode).toBe(0);
        const t0 = Date.now();
        await closed;
        expect(Date.now() - t0).toBeLessThan(5000);
        expect(received).toMatch(/^HTTP\/1\.1 408/);
    });

    // 机器忙时排空期可能不够长：排空之后才到的请求答 503（请重试）或连接被拒，但服务收到的每个请求都恰好应答一次
    it('负载下优雅停止：收到的请求都应答、恰好一次；排空期间的请求照常 infcode 0；关闭后的连接被拒绝', async () => {
        const service = await startService({ pack: packFile, workers: 2 });
        const address = await service.listen(0, '127.0.0.1');
        const outcomes = new Map<number, string[]>();
        const send = (i: number) => fetch(`${address}${CALL}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope('3101', claim([{ rx: `G${i}`, code: 'X001' }], { patient: `G${i}` }))) })
            .then(async r => `${r.status}:${(await r.json() as { infcode: number }).infcode}`, (e: Error & { cause?: { code?: string } }) => `refused:${e.cause?.code ?? e.message}`)
            .then(o => { outcomes.set(i, [...(outcomes.get(i) ?? []), o]); });
        const first = Array.from({ length: 40 }, (_, i) => send(i));
        // 等服务收到一部分请求（正在求值或排队）再停
        for (let waited = 0; service.counts.received < 10 && waited < 5000; waited += 2) await new Promise(r => setTimeout(r, 2));
        const accepted = service.counts.received;
        const closing = service.close({ graceMs: 1500 });
        expect((await service.app.inject('/readyz')).statusCode).toBe(503);
        const during = Array.from({ length: 10 }, (_, i) => send(100 + i));
        await Promise.all([...first, ...during]);
        await closing;
        await send(200);
        const answered = [...outcomes].filter(([i]) => i < 200);
        expect(answered.length).toBe(50);
        expect(answered.filter(([, o]) => o.length !== 1)).toEqual([]);
        const kinds = answered.map(([, o]) => o[0]);
        expect(kinds.filter(o => !['200:0', '503:-1', 'refused:ECONNRESET', 'refused:ECONNREFUSED'].includes(o))).toEqual([]);
        expect(kinds.filter(o => o === '200:0').length).toBeGreaterThanOrEqual(accepted);
        expect(outcomes.get(200)).toEqual(['refused:ECONNREFUSED']);
        // 服务收到的 = 应答的 = 客户端收到的应答（另加 readyz 一次）
        expect(service.counts.answered).toBe(service.counts.received);
        expect(service.counts.received).toBe(kinds.filter(o => !o.startsWith('refused')).length + 1);
    });

});
