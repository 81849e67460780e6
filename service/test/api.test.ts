/**
 * 接口测试（fastify inject，进程内）：每个接口、每种错误。结果与 zhishen run 同一引擎（createEngine(pack).evaluate）逐项相同。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@zhishen/runtime';
import type { RulePack } from '@zhishen/runtime';
import Fastify from 'fastify';
import { AJV_OPTIONS, CALL_SERVICE_SCHEMA } from '../src/envelope.js';
import { loadPackFile } from '../src/pack-file.js';
import type { Service } from '../src/service.js';
import { buildPack, CALL, claim, envelope, startService, tempDir } from './helpers.js';

let packFile: string;
let pack: RulePack;
let service: Service;

beforeAll(async () => {
    packFile = await buildPack(tempDir());
    pack = await loadPackFile(packFile);
    service = await startService({ pack: packFile });
});
afterAll(async () => {
    await service?.close();
});

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
    const response = await service.app.inject({ method: 'POST', url, payload: payload as object, headers });
    return { status: response.statusCode, body: response.json(), raw: response.body };
}

/** 与 zhishen run 相同的求值：同一规则包、同一引擎 */
function runLike(data: unknown) {
    return JSON.parse(JSON.stringify(createEngine(pack).evaluate(structuredClone(data)).response));
}

const DATA = claim([{ rx: 'R1', code: 'X001', name: '禁用项目', amount: 12.5 }, { rx: 'R2', code: 'X002', amount: 3 }, { rx: 'R3', code: 'OK01' }]);

describe('3101 / 3102：国家格式报文', () => {
    it('callService 3101：infcode 0，output 与 zhishen run 的结果相同', async () => {
        const { status, body } = await post(CALL, envelope('3101', DATA));
        expect(status).toBe(200);
        expect(body.infcode).toBe(0);
        expect(body.err_msg).toBeNull();
        expect(body.inf_refmsgid).toMatch(/^110000\d{17}\d{4}\d{3}$/);
        expect(body.refmsg_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(body.respond_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(body.output).toEqual(runLike(DATA));
        expect(body.output.result.map((r: { rule_id: string }) => r.rule_id)).toContain('SV_EXACT');
    });

    it('快捷入口 /3101、/3102 与 callService 结果相同；infno 可省，给了要与路径一致', async () => {
        const viaCall = (await post(CALL, envelope('3102', DATA))).body.output;
        expect((await post('/3102', envelope(undefined, DATA))).body.output).toEqual(viaCall);
        expect((await post('/3101', envelope('3101', DATA))).body.output).toEqual(runLike(DATA));
        const wrong = await post('/3101', envelope('3102', DATA));
        expect([wrong.status, wrong.body.infcode, wrong.body.err_msg]).toEqual([400, -1, '字段 infno 的值无效，可选：3101（3101 事前分析、3102 事中分析、3103 反馈）']);
    });

    it('input.data 里的值不被报文校验改动：结果与 zhishen run 读同一个对象相同（数字 task_id、数字 trig_scen、rule_ids 混着数字）', async () => {
        const odd = claim([{ rx: 'R1', code: 'X001' }, { rx: 'R2', code: 'X002' }], { rule_ids: ['SV_EXACT', 7], trig_scen: 6 });
        (odd as Record<string, unknown>).task_id = 12345;
        for (const url of [CALL, '/3101']) {
            const { status, body } = await post(url, envelope(url === CALL ? '3101' : undefined, odd));
            expect([status, body.infcode]).toEqual([200, 0]);
            expect(body.output).toEqual(runLike(odd));
        }
        const bare = await post('/audit', odd);
        expect(bare.body).toEqual(runLike(odd));
        // 校验之后的对象与发来的相同（同样的 ajv 选项与 schema）：原来的 schema 把数字 task_id 转成 "12345"、true 转成 "true"
        const echo = Fastify({ ajv: { customOptions: { ...AJV_OPTIONS } } });
        echo.post('/', { schema: { body: CALL_SERVICE_SCHEMA } }, async request => request.body);
        const sent = envelope('3101', { ...odd, syscode: true, rule_ids: ['SV_EXACT', 7, false, null] });
        expect((await echo.inject({ method: 'POST', url: '/', payload: sent })).json()).toEqual(sent);
        await echo.close();
    });

    it('trig_scen 选环节：事前场景（1）不运行只在事中的规则，事中场景（6）运行', async () => {
        const rules = async (scene: string) => (await post(CALL, envelope('3101', claim([{ rx: 'R1', code: 'X002' }], { trig_scen: scene })))).body.output.result.map((r: { rule_id: string }) => r.rule_id);
        expect(await rules('1')).toEqual([]);
        expect(await rules('6')).toEqual(['SV_MIDDLE']);
    });

    it('rule_ids 只运行列出的规则', async () => {
        const only = claim([{ rx: 'R1', code: 'X001' }, { rx: 'R2', code: 'X002' }], { rule_ids: ['SV_MIDDLE'], trig_scen: '6' });
        const { body } = await post(CALL, envelope('3102', only));
        expect(body.output.result.map((r: { rule_id: string }) => r.rule_id)).toEqual(['SV_MIDDLE']);
        expect(body.output).toEqual(runLike(only));
    });

    it('内部调用 /audit：请求体就是 input.data，应答就是 3101 结果', async () => {
        const { status, body } = await post('/audit', DATA);
        expect(status).toBe(200);
        expect(body).toEqual(runLike(DATA));
    });

    it('worker 收到的是请求体原文：开头的 BOM、缩进与换行、\\u 转义的中文都与 zhishen run 读同一个对象的结果相同', async () => {
        const escaped = (text: string) => text.replace(/[\u4e00-\u9fff]/g, c => `\\u${c.charCodeAt(0).toString(16)}`);
        for (const [url, payload] of [[CALL, envelope('3101', DATA)], ['/3101', envelope('3101', DATA)], ['/audit', DATA]] as const) {
            for (const text of [`\uFEFF${JSON.stringify(payload)}`, JSON.stringify(payload, null, 2).replace(/\n/g, '\r\n'), escaped(JSON.stringify(payload))]) {
                const response = await service.app.inject({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json' } });
                expect(response.statusCode).toBe(200);
                const body = response.json();
                expect(url === '/audit' ? body : body.output).toEqual(runLike(DATA));
            }
        }
    });

    it('数字写的 msgid、trig_scen 照收（按字符串）', async () => {
        const { body } = await post(CALL, { ...envelope('3101', claim([{ rx: 'R1', code: 'X002' }], { trig_scen: '6' })), msgid: 12345 });
        expect(body.infcode).toBe(0);
    });
});

describe('错误：infcode -1，中文 err_msg 点出字段，没有堆栈', () => {
    const cases: Array<[string, string, unknown, number, string | RegExp]> = [
        ['缺 msgid', CALL, (() => { const e: Record<string, unknown> = envelope('3101', DATA); delete e.msgid; return e; })(), 400, '缺少字段 msgid'],
        ['缺 fixmedins_code', CALL, (() => { const e: Record<string, unknown> = envelope('3101', DATA); delete e.fixmedins_code; return e; })(), 400, '缺少字段 fixmedins_code'],
        ['infno 不认识', CALL, envelope('9999', DATA), 400, /^字段 infno 的值无效，可选：3101、3102、3103/],
        ['缺 input', CALL, { ...envelope('3101', DATA), input: undefined }, 400, '缺少字段 input'],
        ['input.data 不是对象', CALL, envelope('3101', [1, 2]), 400, '字段 input.data 应为对象'],
        ['没有患者', CALL, envelope('3101', { patient_dtos: [] }), 400, '字段 input.data.patient_dtos 至少要有 1 项（至少一个患者）'],
        ['缺 patient_dtos', '/3101', envelope(undefined, { syscode: 'X' }), 400, '缺少字段 input.data.patient_dtos（至少一个患者）'],
        ['rule_ids 类型不对', CALL, envelope('3101', { ...DATA, rule_ids: { a: 1 } }), 400, '字段 input.data.rule_ids 应为字符串数组或以逗号分隔的字符串'],
        ['规范化拒绝（缺 patn_id）：err_msg 带路径', CALL, envelope('3101', { patient_dtos: [{ fsi_encounter_dtos: [] }] }), 400, /^patient_dtos\[0\]\.patn_id：/],
        ['内部调用同样校验', '/audit', { patient_dtos: 'x' }, 400, '字段 patient_dtos 应为数组（至少一个患者）'],
        ['无效的 UTF-8（任何字段里的 U+FFFD）：err_msg 带路径', CALL, envelope('3101', (() => { const d = JSON.parse(JSON.stringify(DATA)); d.patient_dtos[0].patn_name = '张\uFFFD'; return d; })()), 400, /^patient_dtos\[0\]\.patn_name：.*U\+FFFD.*UTF-8/],
        ['3103 缺 warns', CALL, envelope('3103', { warn_type: '1' }), 400, '缺少字段 input.data.warns'],
        ['3103 dspo_way 不认识', CALL, envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: 'x', dspo_way: '3' }] }), 400, '字段 input.data.warns[0].dspo_way 的值无效，可选：1、2（1 继续执行（须填 dspo_way_rea）、2 返回修改）'],
        ['3103 继续执行没有理由', CALL, envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: 'x', dspo_way: '1' }] }), 400, '缺少字段 input.data.warns[0].dspo_way_rea（dspo_way 为 1（继续执行）时必须写明理由）'],
        ['3103 继续执行理由是空白', CALL, envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: 'x', dspo_way: '1', dspo_way_rea: '  ' }] }), 400, '字段 input.data.warns[0].dspo_way_rea 不能为空（dspo_way 为 1（继续执行）时必须写明理由）'],
        ['3103 jr_id 不是本服务给出的', '/3103', envelope(undefined, { warn_type: '1', warns: [{ warn_rslt_id: 'nope', dspo_way: '2' }] }), 400, /warns\[0\]\.warn_rslt_id 的值「nope」不是本服务给出的审核结果/]
    ];
    it.each(cases)('%s', async (_name, url, payload, status, message) => {
        const r = await post(url, payload);
        expect(r.status).toBe(status);
        expect(r.body.infcode).toBe(-1);
        expect(r.body.output).toBeNull();
        if (typeof message === 'string') expect(r.body.err_msg).toBe(message);
        else expect(r.body.err_msg).toMatch(message);
        expect(r.raw).not.toMatch(/\s+at\s+\S+\s+\(|\.ts:\d+|node:internal/);
    });

    it('转义写的 U+FFFD（\\ufffd，上游已把坏字节换掉）同样拒绝，err_msg 带路径；与 zhishen run 一致', async () => {
        const data = JSON.parse(JSON.stringify(DATA));
        data.patient_dtos[0].fsi_encounter_dtos[0].medins_name = '测试\uFFFD医院';
        for (const [url, payload] of [[CALL, envelope('3101', data)], ['/audit', data]] as const) {
            const text = JSON.stringify(payload).replace('\uFFFD', '\\uFFFD');
            expect(text).not.toContain('\uFFFD');
            const response = await service.app.inject({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json' } });
            expect(response.statusCode).toBe(400);
            expect(response.json().err_msg).toMatch(/^patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.medins_name：.*U\+FFFD/);
        }
    });

    it('不是 JSON 的请求体：400，说明不是有效的 JSON', async () => {
        const r = await service.app.inject({ method: 'POST', url: CALL, payload: '{"infno": "3101", ', headers: { 'content-type': 'application/json' } });
        expect(r.statusCode).toBe(400);
        expect(r.json().err_msg).toMatch(/^请求体不是有效的 JSON/);
        expect(r.json().infcode).toBe(-1);
        // 中文说明出错的位置与原因，没有 V8 的英文
        const bad = await service.app.inject({ method: 'POST', url: CALL, payload: '{"infno": "3101",\n "msgid": 1 "x": 2}', headers: { 'content-type': 'application/json' } });
        expect(bad.json().err_msg).toBe('请求体不是有效的 JSON：第 2 行第 13 列（第 31 个字符）处期望逗号 , 或 }，实际是「"」');
        const poisoned = await service.app.inject({ method: 'POST', url: CALL, payload: '{"infno": "3101", "__proto__": {"x": 1}}', headers: { 'content-type': 'application/json' } });
        expect([poisoned.statusCode, poisoned.json().err_msg]).toEqual([400, '请求体不是有效的 JSON：含有不允许的键 __proto__ 或 constructor.prototype（防原型污染），请去掉这些键']);
    });

    it('重复的键（JSON.parse 只留后一个，违规的编码被覆盖）：400，err_msg 写明键的路径、第几个字符与理赔的编号；callService、快捷入口与 /audit 都拒绝', async () => {
        const raw = JSON.stringify(envelope('3101', DATA));
        const hidden = raw.replace('"hilist_code":"X001"', '"hilist_code":"X001","hilist_code":"OK01"');
        expect(hidden).not.toBe(raw);
        // 没有这项检查时：后一个值 OK01 生效，SV_EXACT 的违规悄悄消失
        expect(JSON.stringify(runLike(JSON.parse(hidden).input.data))).not.toContain('SV_EXACT');
        for (const [url, payload] of [[CALL, hidden], ['/3101', hidden], ['/audit', JSON.stringify(JSON.parse(hidden).input.data).replace('"hilist_code":"OK01"', '"hilist_code":"X001","hilist_code":"OK01"')]] as const) {
            const r = await service.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
            expect(r.statusCode, url).toBe(400);
            expect(r.json().infcode).toBe(-1);
            expect(r.json().output).toBeNull();
            const at = url === '/audit' ? '' : 'input.data.';
            expect(r.json().err_msg).toMatch(new RegExp(`^${at.replace('.', '\\.')}patient_dtos\\[0\\]\\.fsi_encounter_dtos\\[0\\]\\.fsi_order_dtos\\[0\\]\\.hilist_code：第 \\d+ 个字符处的键「hilist_code」.*已经出现过.*每个键只写一次.*（task_id T1，patn_id P001，mdtrt_id M-NOW）$`));
        }
        const twoLists = raw.replace('"fsi_order_dtos":[', '"fsi_order_dtos":[],"fsi_order_dtos":[');
        const r = await service.app.inject({ method: 'POST', url: CALL, payload: twoLists, headers: { 'content-type': 'application/json' } });
        expect([r.statusCode, r.json().err_msg]).toEqual([400, expect.stringMatching(/^input\.data\.patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos：.*「fsi_order_dtos」/)]);
        // 之后的请求照常审核
        expect((await post(CALL, envelope('3101', DATA))).body.output).toEqual(runLike(DATA));
    });

    it('空请求体、错误的 Content-Type、不存在的接口', async () => {
        const empty = await service.app.inject({ method: 'POST', url: CALL, payload: '', headers: { 'content-type': 'application/json' } });
        expect([empty.statusCode, empty.json().err_msg]).toEqual([400, '请求体为空：应为 JSON 报文']);
        const xml = await service.app.inject({ method: 'POST', url: CALL, payload: '<a/>', headers: { 'content-type': 'application/xml' } });
        expect([xml.statusCode, xml.json().err_msg]).toEqual([415, '不支持的 Content-Type「application/xml」：请用 application/json']);
        const missing = await service.app.inject({ method: 'POST', url: '/3104', payload: {} });
        expect([missing.statusCode, missing.json().infcode, missing.json().err_msg]).toEqual([404, -1, '没有这个接口：POST /3104']);
    });

    it('50 MB 的请求体：413，服务照常应答下一个请求', async () => {
        const huge = JSON.stringify(envelope('3101', { ...DATA, padding: 'x'.repeat(50 * 1024 * 1024) }));
        const r = await service.app.inject({ method: 'POST', url: CALL, payload: huge, headers: { 'content-type': 'application/json' } });
        expect(r.statusCode).toBe(413);
        expect(r.json().err_msg).toBe('请求体超过上限 16 MB：请拆分成多个请求');
        expect((await post(CALL, envelope('3101', DATA))).body.infcode).toBe(0);
    });
});

describe('3103 反馈与规则指标', () => {
    it('3103 的 warn_rslt_id 是 3101 结果的 jr_id：保存，规则指标里按规则计采纳 / 质疑；重复反馈覆盖', async () => {
        const data = claim([{ rx: 'F1', code: 'X001', amount: 20 }, { rx: 'F2', code: 'X001', amount: 30 }], { patient: 'P-FB', mdtrt: 'M-FB' });
        const results = (await post(CALL, envelope('3101', data))).body.output.result as Array<{ jr_id: string; rule_id: string }>;
        expect(results.length).toBe(2);
        const before = service.store.ruleMetrics().find(r => r.rule_id === 'SV_EXACT')!;
        const fb = await post(CALL, envelope('3103', { warn_type: '1', warns: [
            { warn_rslt_id: results[0].jr_id, dspo_way: '2' },
            { warn_rslt_id: results[1].jr_id, dspo_way: 1, dspo_way_rea: '患者病情需要，已签知情同意书' }
        ] }));
        expect([fb.status, fb.body.infcode, fb.body.output]).toEqual([200, 0, { stored: 2 }]);
        let row = service.store.ruleMetrics().find(r => r.rule_id === 'SV_EXACT')!;
        expect([row.accepted - before.accepted, row.contested - before.contested]).toEqual([1, 1]);
        // 同一结果再次反馈（改为返回修改）：覆盖，不重复计数
        await post('/3103', envelope(undefined, { warn_type: '1', warns: [{ warn_rslt_id: results[1].jr_id, dspo_way: '2' }] }));
        row = service.store.ruleMetrics().find(r => r.rule_id === 'SV_EXACT')!;
        expect([row.accepted - before.accepted, row.contested - before.contested]).toEqual([2, 0]);
        expect(row.rule_name).toBe('禁用项目（测试用）');
        expect(row.hits).toBeGreaterThanOrEqual(2);
        expect(row.evaluations).toBeGreaterThanOrEqual(row.hits - 1);
    });

    it('每条规则每天：求值次数（运行了该规则的患者数）、命中、金额', async () => {
        const day = (id: string) => service.store.ruleMetrics().find(r => r.rule_id === id) ?? { evaluations: 0, hits: 0, amount: 0 };
        const exact = day('SV_EXACT');
        const middle = day('SV_MIDDLE');
        await post(CALL, envelope('3101', claim([{ rx: 'A1', code: 'X001', amount: 7.25 }], { trig_scen: '1' })));
        const exactAfter = day('SV_EXACT');
        const middleAfter = day('SV_MIDDLE');
        expect([exactAfter.evaluations - exact.evaluations, exactAfter.hits - exact.hits, Math.round((exactAfter.amount - exact.amount) * 100)]).toEqual([1, 1, 725]);
        // 事前场景不运行只在事中的规则：不计求值
        expect(middleAfter.evaluations - middle.evaluations).toBe(0);
    });

    it('GET /metrics/rules：HTML 表格与图，不引用外部资源；/metrics/rules.json 是同样的数据', async () => {
        const page = await service.app.inject({ method: 'GET', url: '/metrics/rules' });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        expect(page.body).toContain('<svg');
        expect(page.body).toContain('SV_EXACT');
        expect(page.body).toContain('禁用项目（测试用）');
        expect(page.body).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
        const json = await service.app.inject({ method: 'GET', url: '/metrics/rules.json?days=7' });
        expect(json.json()).toEqual(service.store.ruleMetrics({ since: json.json().at(-1).day }));
    });
});

describe('运维接口', () => {
    it('/healthz、/readyz', async () => {
        expect((await service.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
        const ready = await service.app.inject('/readyz');
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toMatchObject({ status: 'ready', workers: 1, pack: { id: pack.manifest.id, rules: 4 } });
    });

    it('/metrics：请求数、延迟直方图、各规则结果数、错误', async () => {
        const text = (await service.app.inject('/metrics')).body;
        expect(text).toMatch(/zhishen_requests_total\{infno="3101",infcode="0"\} \d+/);
        expect(text).toMatch(/zhishen_requests_total\{infno="3101",infcode="-1"\} \d+/);
        expect(text).toMatch(/zhishen_request_duration_seconds_bucket\{le="0.01",infno="3101"\} \d+/);
        expect(text).toMatch(/zhishen_findings_total\{rule_id="SV_EXACT"\} \d+/);
        expect(text).toMatch(/zhishen_errors_total\{kind="request"\} \d+/);
        expect(text).toMatch(/zhishen_feedback_total\{dspo_way="2"\} \d+/);
        expect(text).toMatch(/zhishen_process_resident_memory_bytes \d+/);
    });

    it('没有库（--store）时不保存已结算的就诊：载入接口答 -1，3102 的 settled 不影响之后的审核', async () => {
        const load = await post('/admin/encounters', claim([{ rx: 'H1', code: 'Y001' }]));
        expect([load.status, load.body.err_msg]).toEqual([409, '没有配置库（zhishen serve --store），已结算的就诊不保存为历史']);
        const settled = envelope('3102', claim([{ rx: 'N1', code: 'Y002' }], { patient: 'P-NS', mdtrt: 'M1' }));
        settled.input = { ...settled.input, settled: true } as typeof settled.input;
        expect((await post(CALL, settled)).body.infcode).toBe(0);
        const next = await post(CALL, envelope('3101', claim([{ rx: 'N2', code: 'Y002' }], { patient: 'P-NS', mdtrt: 'M2' })));
        expect(next.body.output.result).toEqual([]);
    });
});
