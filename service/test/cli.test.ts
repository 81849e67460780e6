/**
 * 命令行端到端（构建好的 zhishen；npm test 会先构建）：zhishen serve 答国家格式 3101，结果与 zhishen run 相同；
 * 对其 jr_id 的 3103 反馈存进库、出现在 zhishen metrics 里；SIGHUP 热加载（坏规则包被拒）；负载下 SIGTERM 没有丢失、
 * 没有重复应答；短时浸泡（几秒持续负载，零错误，RSS 不持续增长）；zhishen history load 载入历史。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CALL, claim, envelope, FIXTURES, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../cli/bin/zhishen.js', import.meta.url));
let dir: string;
let packFile: string;

function zhishen(args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Server {
    child: ChildProcess;
    url: string;
    stderr(): string;
    exited: Promise<number | null>;
}

async function serve(args: string[]): Promise<Server> {
    const child = spawn(process.execPath, [BIN, 'serve', '--pack', packFile, '--port', '0', '--log-level', 'warn', ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', chunk => {
            stderr += chunk.toString();
            const m = /智审服务已启动：(http:\/\/[^（\s]+)/.exec(stderr);
            if (m) resolve(m[1]);
        });
        void exited.then(code => reject(new Error(`zhishen serve 退出（${code}）：${stderr}`)));
    });
    return { child, url, stderr: () => stderr, exited };
}

async function call(url: string, body: unknown): Promise<{ status: number; body: { infcode: number; err_msg: string | null; output: any } }> {
    const r = await fetch(`${url}${CALL}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() as any };
}

const waitFor = async (check: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; !check() && Date.now() < end;) await new Promise(r => setTimeout(r, 20));
};

beforeAll(() => {
    dir = tempDir();
    packFile = join(dir, 'pack.mjs');
    const built = zhishen(['build', join(FIXTURES, 'rules.zs'), '-o', packFile]);
    expect(built.code, built.stderr).toBe(0);
});

describe('zhishen serve', () => {
    let server: Server | undefined;
    afterAll(() => { server?.child.kill('SIGKILL'); });

    it('国家格式 3101 → infcode 0，结果与 zhishen run 相同；3103 反馈进库，出现在 zhishen metrics', async () => {
        const store = join(dir, 'store.db');
        server = await serve(['--store', store]);
        const data = claim([{ rx: 'R1', code: 'X001', name: '禁用项目', amount: 88.8 }, { rx: 'R2', code: 'OK' }], { patient: 'P-CLI' });
        const claimFile = join(dir, 'claim.json');
        writeFileSync(claimFile, JSON.stringify(data));
        const run = zhishen(['run', '--pack', packFile, '--claims', claimFile]);
        expect(run.code, run.stderr).toBe(0);
        const answer = await call(server.url, envelope('3101', data));
        expect([answer.status, answer.body.infcode, answer.body.err_msg]).toEqual([200, 0, null]);
        expect(answer.body.output).toEqual(JSON.parse(run.stdout));
        const finding = answer.body.output.result[0];
        expect(finding.rule_id).toBe('SV_EXACT');

        const feedback = await call(server.url, envelope('3103', { warn_type: '1', warns: [{ warn_rslt_id: finding.jr_id, dspo_way: '2' }] }));
        expect([feedback.body.infcode, feedback.body.output]).toEqual([0, { stored: 1 }]);

        // SIGHUP：规则包文件换成坏的 → 拒绝，继续用原规则包；换回好的 → 重新加载
        copyFileSync(packFile, join(dir, 'pack.good.mjs'));
        writeFileSync(packFile, 'export default 1;\n');
        server.child.kill('SIGHUP');
        await waitFor(() => server!.stderr().includes('重新加载失败'));
        expect(server.stderr()).toMatch(/重新加载失败，继续使用原规则包：规则包「.*pack\.mjs」加载失败/);
        expect((await call(server.url, envelope('3101', data))).body.output).toEqual(JSON.parse(run.stdout));
        copyFileSync(join(dir, 'pack.good.mjs'), packFile);
        server.child.kill('SIGHUP');
        await waitFor(() => server!.stderr().includes('已重新加载规则包'));

        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        expect(server.stderr()).toMatch(/已停止：收到 (\d+) 个请求，应答 \1 个/);
        server = undefined;

        const metrics = zhishen(['metrics', '--store', store]);
        expect(metrics.code, metrics.stderr).toBe(0);
        expect(metrics.stdout).toContain('规则指标');
        const row = metrics.stdout.split('\n').find(l => l.includes('SV_EXACT') && /^\d{4}-/.test(l))!;
        expect(row).toContain('禁用项目（测试用）');
        const json = JSON.parse(zhishen(['metrics', '--store', store, '--format', 'json']).stdout);
        expect(json.find((r: { rule_id: string }) => r.rule_id === 'SV_EXACT')).toMatchObject({ evaluations: 2, hits: 2, amount: 177.6, accepted: 1, contested: 0 });
        expect(zhishen(['metrics', '--store', join(dir, 'none.db')]).stderr).toMatch(/库文件「.*none\.db」不存在/);
    });

    it('负载下 SIGTERM：服务收到的请求都应答、恰好一次；短时浸泡零错误、RSS 不持续增长', async () => {
        server = await serve(['--workers', '1', '--drain', '500']);
        const url = server.url;
        const rss = async () => Number(/zhishen_process_resident_memory_bytes (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())![1]);
        // 浸泡：10 个并发客户端持续 3 秒
        const errors: string[] = [];
        let done = 0;
        const soak = async (until: number) => {
            while (Date.now() < until) {
                const r = await call(url, envelope('3101', claim([{ rx: `S${done}`, code: 'X001' }, { rx: 'Z-2', code: 'Y' }], { patient: `S${done % 50}` })));
                if (r.status !== 200 || r.body.infcode !== 0) errors.push(`${r.status} ${r.body.err_msg}`);
                done++;
            }
        };
        await Promise.all(Array.from({ length: 10 }, () => soak(Date.now() + 1000)));
        const warm = await rss();
        await Promise.all(Array.from({ length: 10 }, () => soak(Date.now() + 3000)));
        const end = await rss();
        expect(errors).toEqual([]);
        expect(done).toBeGreaterThan(100);
        expect(end / warm).toBeLessThan(1.5);

        // 负载下 SIGTERM
        const outcomes: string[] = [];
        let stop = false;
        const client = async (c: number) => {
            for (let i = 0; !stop; i++) {
                const outcome = await call(url, envelope('3101', claim([{ rx: `T${c}-${i}`, code: 'X001' }]))).then(r => `${r.status}:${r.body.infcode}`, (e: Error & { cause?: { code?: string } }) => `refused:${e.cause?.code ?? e.message}`);
                outcomes.push(outcome);
                if (outcome.startsWith('refused')) return;
            }
        };
        const clients = Array.from({ length: 10 }, (_, c) => client(c));
        await waitFor(() => outcomes.length >= 50);
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        stop = true;
        await Promise.all(clients);
        const m = /已停止：收到 (\d+) 个请求，应答 (\d+) 个/.exec(server.stderr())!;
        expect(m[1]).toBe(m[2]);
        expect(outcomes.filter(o => !['200:0', '503:-1'].includes(o) && !o.startsWith('refused'))).toEqual([]);
        // 服务收到的请求 = 浸泡 + 两次 /metrics + 负载阶段客户端收到的应答
        const answered = outcomes.filter(o => !o.startsWith('refused')).length;
        expect(Number(m[1])).toBe(done + 2 + answered);
        server = undefined;
    });

    it('启动失败说清原因：选项无效、规则包读不到、库打不开（退出码 2，没有堆栈）', () => {
        const bad = zhishen(['serve', '--pack', packFile, '--timeout', '0']);
        expect([bad.code, bad.stderr.trim()]).toEqual([2, '错误：选项 --timeout 应为不小于 1 的整数，收到「0」']);
        const missing = zhishen(['serve', '--pack', join(dir, 'missing.mjs')]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/^错误：规则包「.*missing\.mjs」加载失败：读不到规则包/);
        const store = zhishen(['serve', '--pack', packFile, '--store', join(dir, 'no-dir', 'x.db')]);
        expect(store.code).toBe(2);
        expect(store.stderr).toMatch(/^错误：无法打开库「.*x\.db」/);
        for (const r of [bad, missing, store]) expect(r.stderr).not.toMatch(/\s+at\s+/);
    });

    it('zhishen history load 把已结算的理赔载入库，之后的审核带上这些历史就诊', async () => {
        const store = join(dir, 'history.db');
        const settled = join(dir, 'settled.ndjson');
        writeFileSync(settled, [claim([{ rx: 'H1', code: 'Y009' }], { patient: 'P-LOAD', mdtrt: 'OLD1', date: '2025-11-01' }), claim([{ rx: 'H2', code: 'Y010' }], { patient: 'P-LOAD', mdtrt: 'OLD2', date: '2025-12-01' })].map(c => JSON.stringify(c)).join('\n') + '\n');
        const loaded = zhishen(['history', 'load', '--store', store, '--claims', settled]);
        expect(loaded.code, loaded.stderr).toBe(0);
        expect(loaded.stderr).toContain('已载入 2 次已结算的就诊（2 行）');
        writeFileSync(join(dir, 'bad.ndjson'), '{"patient_dtos":[{}]}\n');
        expect(zhishen(['history', 'load', '--store', store, '--claims', join(dir, 'bad.ndjson')]).stderr).toContain('缺少字段 patient_dtos[0].patn_id');
        // 读不出的行：中文说明第几个字符（没有 V8 的英文）；重复的键（JSON.parse 只留后一个，历史就诊会悄悄变样）：写明行号、键的路径与编号
        writeFileSync(join(dir, 'broken.ndjson'), '{"patient_dtos": [}\n');
        const broken = zhishen(['history', 'load', '--store', store, '--claims', join(dir, 'broken.ndjson')]);
        expect(broken.stderr).toMatch(/第 1 行不是有效的 JSON：第 \d+ 个字符处期望/);
        expect(broken.stderr).not.toMatch(/Unexpected|position/);
        const twice = JSON.stringify(claim([{ rx: 'H3', code: 'Y011' }], { patient: 'P-DUP', mdtrt: 'OLD3' })).replace('"hilist_code":', '"hilist_code":"Y009","hilist_code":');
        writeFileSync(join(dir, 'dup.ndjson'), twice + '\n');
        const dup = zhishen(['history', 'load', '--store', store, '--claims', join(dir, 'dup.ndjson')]);
        expect(dup.code).not.toBe(0);
        expect(dup.stderr).toMatch(/第 1 行的 patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\]\.hilist_code：第 \d+ 个字符处的键「hilist_code」.*（task_id T1，patn_id P-DUP，mdtrt_id OLD3）/);
        // 旧名字 zhishen load：说清改成了哪两个命令，不做任何事
        const old = zhishen(['load', '--store', store, '--claims', settled]);
        expect(old.code).not.toBe(0);
        expect(old.stderr).toContain('zhishen load 已改名：实时服务的就诊历史用 zhishen history load');
        expect(old.stderr).toContain('zhishen store load');
        server = await serve(['--store', store]);
        const answer = await call(server.url, envelope('3101', claim([{ rx: 'N1', code: 'Y010' }], { patient: 'P-LOAD', mdtrt: 'NEW' })));
        expect(answer.body.output.result.map((r: { rule_id: string }) => r.rule_id)).toEqual(['SV_HISTORY']);
        server.child.kill('SIGTERM');
        await server.exited;
        server = undefined;
    });
});
