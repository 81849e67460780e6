/**
 * 理赔库：装入的行就是运行时规范化的结果（同一份定义）；计数对得上；重装不重复；持久化；Parquet 导出再导入。
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_LINE_PLAN, normalizeRequest } from '@zhishen/runtime';
import { ClaimsStore, requestKey, table } from '@zhishen/store';
import { ClaimGenerator } from '../../tests/support/claim-generator.js';
import { Random } from '../../tests/support/random.js';

const CLAIMS_DIR = fileURLToPath(new URL('../../stdlib-rules/claims/', import.meta.url));

const dirs: string[] = [];
function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-store-'));
    dirs.push(dir);
    return dir;
}
afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** 随附的样例请求（每个文件一个），一行一个。 */
function sampleLines(): string[] {
    return readdirSync(CLAIMS_DIR).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(CLAIMS_DIR + f, 'utf8'))));
}

function generatedLines(n: number, seed = 7): string[] {
    const generator = new ClaimGenerator(new Random(seed), {
        ruleLineCodes: ['XA01', 'XB02', '001109000010000'], ruleDiagnosisCodes: ['O80', 'N40'], drugs: ['XD1', 'XD2'], services: ['S1', 'S2'],
        herbs: ['T1'], consumables: ['C1'], diagnoses: ['I10', 'E11.9'], operations: ['65.0']
    });
    return Array.from({ length: n }, () => JSON.stringify(generator.request()));
}

async function count(store: ClaimsStore, sql: string): Promise<number> {
    return Number((await store.connection.runAndReadAll(sql)).getRows()[0][0]);
}

describe('理赔库装载', () => {
    it('无效的 UTF-8 在任何字段里都拒绝（ZR0018，写明字段），读不出的 JSON 带编号、是中文', async () => {
        const dir = tempDir();
        const good = sampleLines()[0];
        const corrupted = Buffer.from(good.replace('"patn_name":"', '"patn_name":"@'));
        corrupted[corrupted.indexOf('@')] = 0xfe;
        const broken = good.replace(/"task_id":"[^"]*"/, '"task_id":"BROKEN"').slice(0, -4);
        const file = join(dir, 'utf8.ndjson');
        writeFileSync(file, Buffer.concat([corrupted, Buffer.from('\n' + good + '\n' + broken + '\n')]));
        const store = await ClaimsStore.open(join(dir, 's.duckdb'));
        try {
            const result = await store.load([file]);
            expect(result.files[0]).toMatchObject({ read: 3, loaded: 1, rejected: 2 });
            expect(result.errors.map(e => [e.line, e.code, e.path])).toEqual([[1, 'ZR0018', 'patient_dtos[0].patn_name'], [3, 'ZR0000', undefined]]);
            expect(result.errors[1].message).toMatch(/^不是有效的 JSON：第 \d+ 个字符处期望.*（task_id BROKEN，/);
        } finally {
            await store.close();
        }
    });

    it('重复的键（JSON.parse 只留后一个）：这一行拒绝（ZR0019，写明键的路径与编号），其余照常装入，读取 = 装入 + 重复 + 拒绝', async () => {
        const dir = tempDir();
        const good = sampleLines();
        const twice = good[0].replace('"hilist_code":', '"hilist_code":"X0000","hilist_code":');
        const lists = good[1].replace('"fsi_order_dtos":[', '"fsi_order_dtos":[],"fsi_order_dtos":[');
        expect(twice).not.toBe(good[0]);
        expect(lists).not.toBe(good[1]);
        const file = join(dir, 'dup.ndjson');
        writeFileSync(file, [twice, ...good.slice(2), lists].join('\n') + '\n');
        const store = await ClaimsStore.open(join(dir, 's.duckdb'));
        try {
            const result = await store.load([file]);
            const report = result.files[0];
            expect(report).toMatchObject({ read: good.length, loaded: good.length - 2, rejected: 2 });
            expect(report.read).toBe(report.loaded + report.duplicates + report.rejected);
            expect(result.errors.map(e => [e.line, e.code])).toEqual([[1, 'ZR0019'], [good.length, 'ZR0019']]);
            expect(result.errors[0].path).toMatch(/^patient_dtos\[0\]\.fsi_encounter_dtos\[\d+\]\.fsi_order_dtos\[0\]\.hilist_code$/);
            expect(result.errors[1].path).toMatch(/\.fsi_order_dtos$/);
            const task = (JSON.parse(good[0]) as { task_id: string }).task_id;
            expect(result.errors[0].message).toContain(`task_id ${task}`);
            expect(result.errors[0].message).toContain('每个键只写一次');
        } finally {
            await store.close();
        }
    });

    it('读取 = 装入 + 重复 + 拒绝；坏行报告行号并跳过；重装同一文件不重复', async () => {
        const dir = tempDir();
        const good = sampleLines();
        const file = join(dir, 'day1.ndjson');
        const bad = ['{ 不是 JSON', '', JSON.stringify({ patient_dtos: 'x' })];
        writeFileSync(file, [good[0], bad[0], ...good.slice(1), bad[1], bad[2], good[0]].join('\n') + '\n');
        const store = await ClaimsStore.open(join(dir, 's.duckdb'));
        try {
            const first = await store.load([file]);
            const report = first.files[0];
            expect(report.read).toBe(good.length + bad.length + 1);
            expect(report.loaded).toBe(good.length);
            expect(report.duplicates).toBe(1); // 同一文件里出现两次的请求
            expect(report.rejected).toBe(bad.length);
            expect(report.read).toBe(report.loaded + report.duplicates + report.rejected);
            expect(first.errors.map(e => [e.line, e.code])).toEqual([[2, 'ZR0000'], [good.length + 2, 'ZR0000'], [good.length + 3, 'ZR0002']]);
            expect(first.errors[0].message).toContain('不是有效的 JSON');

            const before = await store.info();
            const again = await store.load([file]);
            expect(again.files[0].loaded).toBe(0);
            expect(again.files[0].duplicates).toBe(good.length + 1);
            const after = await store.info();
            expect({ ...after, loads: [] }).toEqual({ ...before, loads: [] });
            expect(after.loads.map(l => l.batch)).toEqual([1, 2]);
            expect(after.requests).toBe(good.length);
        } finally {
            store.close();
        }
    });

    it('表里的行就是运行时规范化的结果（冲销后的净数量、计费日期、序号、年龄、住院天数）', async () => {
        const dir = tempDir();
        const lines = generatedLines(60);
        const file = join(dir, 'gen.ndjson');
        writeFileSync(file, lines.join('\n'));
        const store = await ClaimsStore.open(':memory:');
        try {
            const result = await store.load([file]);
            const columns = table('lines').columns.filter(c => c.prop);
            let checkedLines = 0;
            let checkedRequests = 0;
            for (const line of lines) {
                const request = normalizeRequest(JSON.parse(line), {}, FULL_LINE_PLAN);
                if (request.claims.length === 0) continue;
                checkedRequests++;
                const key = requestKey(line);
                for (const claim of request.claims) {
                    const ck = `${key}:${claim.patientIndex}`;
                    const rows = (await store.connection.runAndReadAll(
                        `SELECT ${columns.map(c => `"${c.name}"`).join(', ')} FROM lines WHERE claim_key = $1 ORDER BY seq`, [ck]
                    )).getRowsJS();
                    const expected = claim.all_lines.map(l => columns.map(c => {
                        const v = (l as unknown as Record<string, unknown>)[c.prop!] ?? null;
                        return typeof v === 'number' && c.type === 'BIGINT' ? BigInt(v) : v;
                    }));
                    expect(rows).toEqual(expected);
                    checkedLines += rows.length;
                    const patient = (await store.connection.runAndReadAll('SELECT age, brdy, curr_mdtrt_id FROM claims WHERE claim_key = $1', [ck])).getRowsJS()[0];
                    expect(patient).toEqual([claim.patient.age, claim.patient.brdy, claim.encounter.mdtrt_id]);
                    const encounters = (await store.connection.runAndReadAll('SELECT mdtrt_id, los FROM encounters WHERE claim_key = $1 ORDER BY enc_order', [ck])).getRowsJS();
                    expect(encounters).toEqual([claim.encounter, ...claim.history].map(e => [e.mdtrt_id, e.los === null ? null : BigInt(e.los)]));
                    const traces = await count(store, `SELECT count(*) FROM trace_codes WHERE claim_key = '${ck}'`);
                    expect(traces).toBe(claim.all_lines.reduce((n, l) => n + (l.drug_trac_codg?.length ?? 0), 0));
                }
            }
            expect(checkedRequests).toBe(result.files[0].loaded);
            expect(checkedLines).toBeGreaterThan(200);
            // 生成器带退费：库里的明细是冲销之后的（没有负数量的退费行）
            expect(await count(store, 'SELECT count(*) FROM lines WHERE cnt <= 0')).toBe(0);
        } finally {
            store.close();
        }
    });

    it('难写的文本原样进库（引号、逗号、换行、反斜杠、\\N、空串、中文、表情），列表按元素还原；没有尾换行、CRLF、BOM 也行', async () => {
        const dir = tempDir();
        const tricky = ['a"b,c', 'x\ny\r\nz', 'C:\\path\\N', '\\N', '', '中文，"引号"', '😀 表情', 'tab\there', '"'];
        const request = JSON.parse(sampleLines()[0]) as { patient_dtos: Array<{ fsi_encounter_dtos: Array<{ fsi_order_dtos: Array<Record<string, unknown>> }> }> };
        const orders = request.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos;
        tricky.forEach((text, i) => {
            orders[i % orders.length].hilist_name = text;
        });
        orders[0].drug_trac_codg = tricky.filter(t => t !== '').join(',');
        const line = JSON.stringify(request);
        const file = join(dir, 'tricky.ndjson');
        writeFileSync(file, '\uFEFF' + line + '\r\n' + JSON.stringify(JSON.parse(sampleLines()[1])));
        const store = await ClaimsStore.open(':memory:');
        try {
            const result = await store.load([file]);
            expect(result.files[0]).toMatchObject({ read: 2, loaded: 2, rejected: 0 });
            const claim = normalizeRequest(JSON.parse(line), {}, FULL_LINE_PLAN).claims[0];
            const ck = `${requestKey(line)}:0`;
            const rows = (await store.connection.runAndReadAll('SELECT hilist_name, drug_trac_codg FROM lines WHERE claim_key = $1 ORDER BY seq', [ck])).getRowsJS();
            expect(rows).toEqual(claim.all_lines.map(l => [l.hilist_name, l.drug_trac_codg]));
            expect(claim.all_lines.some(l => l.hilist_name === 'a"b,c')).toBe(true);
            const codes = (await store.connection.runAndReadAll('SELECT code FROM trace_codes WHERE claim_key = $1 ORDER BY seq, pos', [ck])).getRowsJS().map(r => r[0]);
            expect(codes).toEqual(claim.all_lines.flatMap(l => l.drug_trac_codg ?? []));
            expect(codes.length).toBeGreaterThan(3);
        } finally {
            store.close();
        }
    });

    it('一个文件一个事务：装载中途出错时库里没有这个文件的半截，计数也没有记', async () => {
        const dir = tempDir();
        const good = join(dir, 'good.ndjson');
        writeFileSync(good, sampleLines().slice(0, 3).join('\n'));
        const store = await ClaimsStore.open(':memory:');
        try {
            await store.load([good]);
            const before = await store.info();
            await expect(store.load([join(dir, 'missing.ndjson')])).rejects.toThrow(/读不到理赔文件/);
            // 读到第 500 行时失败（进度回调抛出）：此前的行已分批写进表（每 64 KB 一批），整个文件回滚
            const big = join(dir, 'big.ndjson');
            writeFileSync(big, generatedLines(520, 3).join('\n'));
            await expect(store.load([big], {
                batchBytes: 64 * 1024,
                onProgress: p => {
                    if (p.read >= 500) throw new Error('中途失败');
                }
            })).rejects.toThrow('中途失败');
            const after = await store.info();
            expect(after.requests).toBe(before.requests);
            expect(after.lines).toBe(before.lines);
            expect(after.loads.length).toBe(before.loads.length);
            // 再装一次这个文件是完整的
            const again = await store.load([big]);
            expect(again.files[0].loaded + again.files[0].rejected).toBe(520);
            expect((await store.info()).requests).toBe(before.requests + again.files[0].loaded);
        } finally {
            store.close();
        }
    });

    it('工作线程装载与单线程逐字节相同：各表的行、计数、坏行报告的次序（空行、重复、坏 JSON、重复的键、无效 UTF-8、部分患者、大于一块的行）', async () => {
        const dir = tempDir();
        const good = generatedLines(700, 5);
        const sample = JSON.parse(sampleLines()[0]) as { task_id: string; patient_dtos: Array<Record<string, unknown> & { fsi_encounter_dtos: Array<{ fsi_order_dtos: unknown[] }> }> };
        // 一个请求两个患者，第二个没有就诊：装入第一个，报告第二个
        const partial = JSON.stringify({ ...sample, task_id: 'PARTIAL', patient_dtos: [sample.patient_dtos[0], { patn_id: 'P-BAD' }] });
        // 大于一块（1 MB）的一行：同一张理赔的明细复制多遍（明细号各不相同）
        const orders = sample.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos as Array<Record<string, unknown>>;
        const many = Array.from({ length: Math.ceil(1_500_000 / JSON.stringify(orders).length) }, (_, k) => orders.map(o => ({ ...o, rx_id: `${String(o.rx_id)}-${k}` }))).flat();
        const huge = JSON.stringify({ ...sample, task_id: 'HUGE', patient_dtos: [{ ...sample.patient_dtos[0], fsi_encounter_dtos: [{ ...sample.patient_dtos[0].fsi_encounter_dtos[0], fsi_order_dtos: many }] }] });
        expect(huge.length).toBeGreaterThan(1024 * 1024);
        const dupKey = good[3].replace('"patient_dtos":[', '"patient_dtos":[],"patient_dtos":[');
        expect(dupKey).not.toBe(good[3]);
        const rows: Array<string | Buffer> = [...good.slice(0, 300), '', '{ 坏', dupKey, good[10], partial, huge, '{ 坏', ...good.slice(300, 600), huge, '', ...good.slice(600)];
        const corrupted = Buffer.from(good[20].replace('"patn_name":"', '"patn_name":"@'));
        expect(corrupted.includes('@')).toBe(true);
        corrupted[corrupted.indexOf('@')] = 0xff;
        rows.splice(450, 0, corrupted);
        const file = join(dir, 'mixed.ndjson');
        writeFileSync(file, Buffer.concat(rows.map(r => Buffer.concat([typeof r === 'string' ? Buffer.from(r) : r, Buffer.from('\n')]))));
        const dump = async (workers: number) => {
            const store = await ClaimsStore.open(':memory:');
            try {
                const first = await store.load([file], { workers, batchBytes: 256 * 1024 });
                const again = await store.load([file], { workers });
                const tables: Record<string, string> = {};
                for (const name of ['requests', 'claims', 'encounters', 'lines', 'diagnoses', 'operations', 'trace_codes']) {
                    const all = (await store.connection.runAndReadAll(`SELECT * FROM ${name} ORDER BY ALL`)).getRowsJS();
                    tables[name] = JSON.stringify(all, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
                }
                const strip = (r: typeof first) => ({ ...r, files: r.files.map(f => ({ ...f, ms: 0 })) });
                return { first: strip(first), again: strip(again), tables };
            } finally {
                store.close();
            }
        };
        const one = await dump(1);
        const report = one.first.files[0];
        expect(report.read).toBe(rows.length);
        expect(report.read).toBe(report.loaded + report.duplicates + report.rejected);
        // 放进去的坏行（行号 = 下标 + 1；生成的理赔自己也有被拒绝的患者）按行号的次序报告
        const injected = [[301, 'ZR0000'], [302, 'ZR0000'], [303, 'ZR0019'], [305, 'ZR0005'], [307, 'ZR0000'], [451, 'ZR0018'], [610, 'ZR0000']];
        const lines = new Set(injected.map(([line]) => line));
        expect(one.first.errors.filter(e => lines.has(e.line)).map(e => [e.line, e.code])).toEqual(injected);
        expect(one.first.errors.map(e => e.line)).toEqual([...one.first.errors.map(e => e.line)].sort((a, b) => a - b));
        expect(report.duplicates).toBeGreaterThanOrEqual(2); // 第 304 行（第 11 行的请求）与第 609 行（大的那行）
        expect(one.again.files[0]).toMatchObject({ loaded: 0, duplicates: report.loaded + report.duplicates });
        expect(JSON.parse(one.tables.lines).length).toBeGreaterThan(many.length);
        for (const workers of [2, 3]) {
            const parallel = await dump(workers);
            expect(parallel.first).toEqual(one.first);
            expect(parallel.again).toEqual(one.again);
            for (const name of Object.keys(one.tables)) expect(parallel.tables[name], name).toBe(one.tables[name]);
        }
    });

    it('工作线程装载中途出错（进度回调抛出）时同样回滚整个文件', async () => {
        const dir = tempDir();
        const big = join(dir, 'big.ndjson');
        writeFileSync(big, generatedLines(1200, 9).join('\n'));
        const store = await ClaimsStore.open(':memory:');
        try {
            await expect(store.load([big], {
                workers: 2, batchBytes: 64 * 1024,
                onProgress: p => {
                    if (p.read >= 1000) throw new Error('中途失败');
                }
            })).rejects.toThrow('中途失败');
            const info = await store.info();
            expect([info.requests, info.lines, info.loads.length]).toEqual([0, 0, 0]);
            const again = await store.load([big], { workers: 2 });
            expect(again.files[0].loaded + again.files[0].rejected).toBe(1200);
            expect((await store.info()).requests).toBe(again.files[0].loaded);
        } finally {
            store.close();
        }
    });

    it('持久化到文件；新文件追加；Parquet 导出后导入另一个库，再导入不重复', async () => {
        const dir = tempDir();
        const day1 = join(dir, 'd1.ndjson');
        const day2 = join(dir, 'd2.ndjson');
        const lines = generatedLines(40, 11);
        writeFileSync(day1, lines.slice(0, 25).join('\n'));
        writeFileSync(day2, lines.slice(20).join('\n')); // 与第一天重叠 5 行
        const path = join(dir, 's.duckdb');
        let store = await ClaimsStore.open(path);
        const r1 = await store.load([day1]);
        store.close();
        store = await ClaimsStore.open(path);
        const r2 = await store.load([day2]);
        const info = await store.info();
        expect(r2.files[0].duplicates).toBeGreaterThanOrEqual(5 - r1.files[0].rejected);
        expect(info.requests).toBe(r1.files[0].loaded + r2.files[0].loaded);
        expect(info.claims).toBe(r1.files[0].claims + r2.files[0].claims);
        const parquet = join(dir, 'pq');
        const { mkdirSync } = await import('node:fs');
        mkdirSync(parquet);
        await store.exportParquet(parquet);
        store.close();

        const other = await ClaimsStore.open(':memory:');
        try {
            expect(await other.importParquet(parquet)).toBe(info.requests);
            expect(await other.importParquet(parquet)).toBe(0);
            const copied = await other.info();
            expect({ ...copied, path: '', loads: [] }).toEqual({ ...info, path: '', loads: [] });
        } finally {
            other.close();
        }
    });

    it('表结构由契约的记录推出：字典归类与限价不存（由 SQL 后端按规则包的字典算）', () => {
        const names = table('encounters').columns.map(c => c.name);
        expect(names).toContain('medins_lv');
        expect(names).not.toContain('medins_grade');
        expect(table('lines').columns.map(c => c.name)).not.toContain('price_cap');
        expect(table('claims').columns.map(c => c.name)).not.toContain('gend');
    });
});
