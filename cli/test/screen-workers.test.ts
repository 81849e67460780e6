/**
 * zhishen screen --engine js 分线程（逐张求值时）：--workers 1、2、3 的输出逐字节相同，汇总相同（只差线程数与用时），且与
 * 运行时的 Screening 在同一进程里逐行载入的结果相同。输入特意让工作线程自己的查重不够：同一个就诊号出现在相隔几块的两行
 * （不同的线程）、同一块里、两个患者的请求里只有一个重复、跨文件；另有坏 JSON、空行、CRLF、BOM、无效的 UTF-8、重复的键、
 * 期间外的理赔、Parquet。工作线程载入某一行时异常退出：这一行按被拒的请求计（中文原因与行号），其余照常。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { addLine, createScreening } from '@zhishen/runtime';
import { loadPackFile } from '@zhishen/service/pack-file';
import { KB, root, zhishen } from './spawn.js';
import { RUNAWAY_RULE, runawayPack } from '../../tests/support/runaway-pack.js';

const CLAIM = JSON.parse(readFileSync(join(root, 'examples/claims/同日重复收费.json'), 'utf8'));

/** 一张理赔：任务号、就诊号、入院日期；patients 给两个时是两个患者的请求（第二个患者的就诊号另给） */
function claim(task: string, mdtrt: string, options: { second?: string; day?: string; name?: string } = {}): string {
    const c = structuredClone(CLAIM);
    c.task_id = task;
    const patient = c.patient_dtos[0];
    const setMdtrt = (p: typeof patient, id: string) => {
        p.curr_mdtrt_id = id;
        p.fsi_encounter_dtos[0].mdtrt_id = id;
        if (options.day) p.fsi_encounter_dtos[0].adm_date = `${options.day} 08:10:00`;
    };
    setMdtrt(patient, mdtrt);
    if (options.name) patient.fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name = options.name;
    if (options.second) {
        const other = structuredClone(patient);
        other.patn_id = 'P003';
        setMdtrt(other, options.second);
        c.patient_dtos.push(other);
    }
    return JSON.stringify(c);
}

/** 汇总里与线程数、用时有关的行去掉之后应当相同 */
const stable = (stderr: string) => stderr.split('\n').filter(l => !/完成：|用时|逐张求值|结果写入/.test(l)).join('\n');

describe('zhishen screen --engine js 分线程', { timeout: 240_000 }, () => {
    let dir: string;
    const files = ['second.ndjson', 'main.ndjson'];
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-workers-'));
        writeFileSync(join(dir, 'rules.zs'), readFileSync(join(root, 'examples/语言导览.zs')));
        // 约 6 MB、6 块以上：相隔 2,500 行的重复在不同的块里，多半由不同的线程载入
        const lines: Buffer[] = [];
        for (let i = 0; i < 5000; i++) {
            let line: string;
            if (i % 7 === 3 && i >= 2500) line = claim(`T${i}`, `M${i - 2500}`);                     // 与前几块里的一行重复
            else if (i % 11 === 5 && i >= 3) line = claim(`T${i}`, `M${i - 3}`);                      // 多半在同一块里重复
            else if (i % 13 === 6 && i >= 2000) line = claim(`T${i}`, `M${i - 2000}`, { second: `N${i}` }); // 两个患者，只有第一个重复
            else if (i % 17 === 8) line = claim(`T${i}`, `M${i}`, { second: `M${i}` });               // 同一请求里两次同一就诊号
            else if (i % 19 === 9) line = claim(`T${i}`, `M${i}`, { day: '2023-06-30' });             // 期间外（--from 2024-01-01 时）
            else line = claim(`T${i}`, `M${i}`);
            if (i % 97 === 50) line = `{"task_id": "坏${i}", `;
            if (i % 89 === 40) line = line.replace('"syscode":"DEMO"', '"syscode":"DEMO","syscode":"X"'); // 重复的键
            let bytes = Buffer.from(line);
            if (i % 83 === 30) bytes = Buffer.concat([bytes.subarray(0, 40), Buffer.from([0xff, 0xfe]), bytes.subarray(40)]); // 无效的 UTF-8
            if (i % 71 === 20) bytes = Buffer.concat([bytes, Buffer.from('\r')]); // CRLF
            lines.push(bytes);
            if (i % 101 === 60) lines.push(Buffer.alloc(0)); // 空行
        }
        writeFileSync(join(dir, 'main.ndjson'), Buffer.concat([Buffer.from('\ufeff'), ...lines.flatMap(l => [l, Buffer.from('\n')])]));
        // 另一个文件（排在前面）：行号从 1 起；与 main.ndjson 重复的就诊号
        writeFileSync(join(dir, 'second.ndjson'), [claim('S1', 'M10'), 'not json', claim('S3', 'Z3'), claim('S4', 'Z3'), claim('S5', 'M4999')].join('\n'));
        const built = zhishen(['build', 'rules.zs', '--kb', KB, '-o', 'pack.mjs'], dir);
        expect(built.code, built.stderr).toBe(0);
    });

    it('--workers 1、2、3 与运行时的 Screening：输出逐字节相同，汇总相同；重复的就诊号按输入顺序拒掉', async () => {
        // 第二遍另加期间与 --explain（解释随结果在线程里算好）
        for (const period of [[], ['--from', '2024-01-01', '--to', '2024-12-31', '--explain']]) {
            const runs = ['1', '2', '3'].map(workers => {
                const r = zhishen(['screen', '--pack', 'pack.mjs', '--claims', ...files, ...period, '--workers', workers, '-o', `out-${workers}.ndjson`], dir);
                expect(r.code, r.stderr).toBe(0);
                return { workers, stderr: r.stderr, out: readFileSync(join(dir, `out-${workers}.ndjson`), 'utf8') };
            });
            expect(runs[1].stderr).toContain('2 个工作线程');
            for (const r of runs.slice(1)) {
                expect(r.out, `--workers ${r.workers}`).toBe(runs[0].out);
                expect(stable(r.stderr), `--workers ${r.workers}`).toBe(stable(runs[0].stderr));
            }

            // 参照：同一个规则包，在本进程里逐行载入（同样只认 \n、去掉 CRLF 的 \r 与文件开头的 BOM）
            const pack = await loadPackFile(join(dir, 'pack.mjs'));
            const screening = createScreening(pack, period.length ? { from: '2024-01-01', to: '2024-12-31', explain: true } : {});
            let bad = 0;
            for (const file of files) {
                const text = readFileSync(join(dir, file)).toString('utf8').replace(/^\uFEFF/, '');
                for (const line of text.split('\n')) {
                    const r = addLine(screening, line.endsWith('\r') ? line.slice(0, -1) : line);
                    if (r) bad += r.reasons.length;
                }
            }
            const expected = screening.run().findings.map(f => JSON.stringify(f) + '\n').join('');
            expect(runs[0].out).toBe(expected);
            const summary = screening.summary;
            expect(runs[0].stderr).toContain(`载入 ${summary.loaded}，`);
            expect(summary.reasons['重复的理赔：就诊号已在筛查集合中']).toBeGreaterThan(900);
            expect(runs[0].stderr).toContain(`拒绝：重复的理赔：就诊号已在筛查集合中 ${summary.reasons['重复的理赔：就诊号已在筛查集合中']} 张`);
            if (period.length) expect(runs[0].stderr).toContain(`拒绝：不在筛查期间内 ${summary.reasons['不在筛查期间内']} 张`);
            expect(runs[0].stderr).toContain(`…… 另有 ${bad - 10} 个坏行`);
            expect(runs[0].stderr).toContain('second.ndjson:2：不是有效的 JSON');
            // 两个患者的请求里只有第一个重复：第二个照常出结果
            expect(runs[0].out).toMatch(/"mdtrt_id":"N\d+"/);
            if (period.length) expect(runs[0].out).toContain('"explanation"');
        }
    });

    it('就地编译（--rules）与 Parquet：分线程的结果与单线程相同；有规则读筛查集合时提示 --workers 不起作用', async () => {
        const rows = readFileSync(join(dir, 'second.ndjson'), 'utf8').split('\n');
        writeFileSync(join(dir, 'rows.ndjson'), [...rows, ''].map(r => JSON.stringify({ request: r === '' ? null : r })).join('\n') + '\n');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        await connection.run(`COPY (SELECT request FROM read_json('${join(dir, 'rows.ndjson')}', columns = {'request': 'VARCHAR'})) TO '${join(dir, 'rows.parquet')}' (FORMAT parquet)`);
        connection.closeSync();
        instance.closeSync();
        const args = ['screen', '--rules', 'rules.zs', '--kb', KB, '--claims', 'rows.parquet', 'main.ndjson'];
        const one = zhishen([...args, '--workers', '1', '-o', 'r1.ndjson'], dir);
        const two = zhishen([...args, '--workers', '2', '-o', 'r2.ndjson'], dir);
        expect(one.code, one.stderr).toBe(0);
        expect(two.code, two.stderr).toBe(0);
        expect(readFileSync(join(dir, 'r2.ndjson'), 'utf8')).toBe(readFileSync(join(dir, 'r1.ndjson'), 'utf8'));
        expect(stable(two.stderr)).toBe(stable(one.stderr));
        expect(one.stderr).toContain('rows.parquet:6：空值');
        expect(one.stderr).toContain('rows.parquet:2：不是有效的 JSON');

        const population = zhishen(['screen', '--rules', join(root, 'stdlib-rules/rules'), '--kb', KB, '--claims', 'second.ndjson', '--workers', '2'], dir);
        expect(population.code, population.stderr).toBe(0);
        expect(population.stderr).toContain('整个集合在一个线程里载入与求值，--workers 2 不起作用');
        // 省略 --workers：小于 4 MB 的输入在主线程上（不起线程），大的分线程
        const small = zhishen(['screen', '--pack', 'pack.mjs', '--claims', 'second.ndjson'], dir);
        expect(small.code, small.stderr).toBe(0);
        expect(small.stderr).not.toContain('工作线程');
        const large = zhishen(['screen', '--pack', 'pack.mjs', '--claims', 'main.ndjson', '-o', 'large.ndjson'], dir);
        if (availableParallelism() > 1) expect(large.stderr).toContain(`${availableParallelism()} 个工作线程`);
        const badWorkers = zhishen([...args, '--workers', '0'], dir);
        expect(badWorkers.code).toBe(2);
        expect(badWorkers.stderr).toContain('--workers');
    });

    it('工作线程载入某一行时异常退出：这一行按被拒的请求计（原因与行号），其余照常，计数对得上', () => {
        writeFileSync(join(dir, 'crash.zs'), RUNAWAY_RULE);
        const built = zhishen(['build', 'crash.zs', '-o', 'crash.mjs'], dir);
        expect(built.code, built.stderr).toBe(0);
        // 与超时测试同一个改法（tests/support/runaway-pack.ts），这里把“空转”换成“结束本线程”
        const code = runawayPack(readFileSync(join(dir, 'crash.mjs'), 'utf8')).replace('const t = Date.now(); while (Date.now() - t < 60000);', 'process.exit(7);');
        expect(code).toContain('process.exit(7)');
        writeFileSync(join(dir, 'crash.mjs'), code);
        const lines = Array.from({ length: 40 }, (_, i) => claim(`C${i}`, `K${i}`, { name: i === 17 ? 'a'.repeat(25) + 'b' : i % 3 === 0 ? 'aaa' : '急诊' }));
        writeFileSync(join(dir, 'crash.ndjson'), lines.join('\n') + '\n');
        const r = zhishen(['screen', '--pack', 'crash.mjs', '--claims', 'crash.ndjson', '--workers', '2', '-o', 'crash-out.ndjson'], dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain('crash.ndjson:18：载入时工作线程异常退出（退出码 7）');
        expect(r.stderr).toContain('理赔 40 张：载入 39，拒绝 1');
        expect(r.stderr).toContain('拒绝：载入时工作线程异常退出 1 张');
        const out = readFileSync(join(dir, 'crash-out.ndjson'), 'utf8').trim().split('\n').map(l => JSON.parse(l) as { task_id: string });
        expect(out.map(f => f.task_id)).toEqual(lines.map((_, i) => `C${i}`).filter((_, i) => i % 3 === 0));
    });
});
