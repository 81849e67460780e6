/**
 * 差分测试：Spark 作业的 Python 规范化（spark/zhishen_job/normalize.py）与理赔库装载（store 的 requestRows，
 * 即运行时的 normalizeRequest + rows.ts 的摊平）逐字节相同——同样的行、同样的错误（ZR 编码、路径、中文信息、标识）、同样的键。
 * 理赔：求值用例（tests/eval）、随附样例与筛查样例（stdlib-rules/claims）、生成的理赔、模糊测试的攻击性理赔与手写的坏行。
 * 不需要 Spark：python3 子进程。
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRow, requestKey, requestRows, storeSchema } from '@zhishen/store';
import { request } from '../../runtime/test/claims.js';
import { base, mutate } from '../support/hostile-claims.js';
import { ClaimGenerator } from '../support/claim-generator.js';
import { Random, seedFromEnv } from '../support/random.js';
import { evalCase, evalCaseFiles } from '../store-sql/corpus.js';
import { runPython, sampleLines } from './python.js';

const SEED = seedFromEnv(20261203);

/** store.ts loadFile 对一行的处理（不写库）：与 Python 的 load_line 输出同形。JSON 读不出时只比编码（V8 与 Python 的措辞不同）。 */
function jsOutcomes(lines: string[]): string[] {
    const known = new Set<string>();
    return lines.map((raw, n) => {
        const lineNo = n + 1;
        // 与 store.ts 的装载相同：按字节去掉文件开头的 BOM 与首尾的 ASCII 空白，键是这些字节的哈希
        const text = (lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
        if (text === '') return JSON.stringify({ kind: 'rejected', error: { code: 'ZR0000', message: '空行', path: '' } });
        const key = requestKey(Buffer.from(text, 'utf8'));
        if (known.has(key)) return JSON.stringify({ kind: 'duplicate' });
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            return 'JSON';
        }
        const rows = requestRows(key, parsed, { file: 'claims.ndjson', line: lineNo, batch: 0 });
        if ('errors' in rows) {
            const first = rows.errors[0];
            const error = { ...first, message: rows.errors.length > 1 ? `${first.message}（另有 ${rows.errors.length - 1} 处错误）` : first.message };
            return JSON.stringify({ kind: 'rejected', error });
        }
        known.add(key);
        return JSON.stringify({ kind: 'loaded', key, rows: rows.rows, errors: rows.request.errors });
    });
}

/** Python 的表行是值数组（交给 Spark 建 DataFrame）；JS 的是 CSV 文本（交给 DuckDB 的 read_csv）：按同一写法编码后比较。 */
function pythonRowsAsCsv(outcome: string): string {
    const parsed = JSON.parse(outcome) as { kind: string; rows?: Record<string, unknown[][]> };
    if (parsed.kind !== 'loaded' || !parsed.rows) return outcome;
    for (const [name, rows] of Object.entries(parsed.rows)) (parsed.rows as Record<string, unknown[]>)[name] = rows.map(r => csvRow(r));
    return JSON.stringify(parsed);
}

function compare(lines: string[]): { loaded: number; rejected: number; rows: number; mismatches: Array<{ line: number; js: string; py: string }> } {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-py-'));
    try {
        const schema = join(dir, 'schema.json');
        writeFileSync(schema, JSON.stringify(storeSchema()));
        const py = runPython(['rows', schema], { lines, file: 'claims.ndjson' });
        const js = jsOutcomes(lines);
        expect(py.length).toBe(js.length);
        const mismatches: Array<{ line: number; js: string; py: string }> = [];
        let loaded = 0;
        let rejected = 0;
        let rows = 0;
        js.forEach((j, n) => {
            const p = pythonRowsAsCsv(py[n]);
            if (j === 'JSON') {
                const parsed = JSON.parse(p) as { kind: string; error?: { code: string; message: string } };
                if (parsed.kind !== 'rejected' || parsed.error?.code !== 'ZR0000' || !parsed.error.message.startsWith('不是有效的 JSON')) mismatches.push({ line: n + 1, js: j, py: p });
                rejected++;
                return;
            }
            if (j !== p) mismatches.push({ line: n + 1, js: j.slice(0, 3000), py: p.slice(0, 3000) });
            const kind = (JSON.parse(j) as { kind: string; rows?: Record<string, unknown[]> });
            if (kind.kind === 'loaded') {
                loaded++;
                rows += Object.values(kind.rows!).reduce((s, t) => s + t.length, 0);
            } else if (kind.kind === 'rejected') rejected++;
        });
        return { loaded, rejected, rows, mismatches };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** 手写的坏行与边界：空行、BOM、不是 JSON、NaN 字面量、不是对象、行分隔符、孤立的代理项、重复行、数字键的对象…… */
const HANDWRITTEN: string[] = [
    '\uFEFF{"patient_dtos":[]}', '', '   ', '{', 'NaN', '[1,2]', '"文本"', '{"patient_dtos":{}}', '{"task_id":{"2":1,"b":2,"1":3},"patient_dtos":[]}',
    '{"task_id":"T\u2028X","patient_dtos":[{"patn_id":"P\\ud800","fsi_encounter_dtos":[{"mdtrt_id":"E1","fsi_order_dtos":[{"rx_id":"R1","cnt":1e400}]}]}]}',
    '{"patient_dtos":[{"patn_id":"P1","fsi_encounter_dtos":[{"mdtrt_id":"E1","adm_date":"2024-03-01T23:30:00-02:00","fsi_order_dtos":[{"rx_id":"R1","cnt":"\u3000 3 ","pric":"1.234567","fee_ocur_time":"2024/3/1 7:05"}]}]}]}',
    '{"patient_dtos":[{"patn_id":"P1","fsi_encounter_dtos":[{"mdtrt_id":"E1","fsi_order_dtos":[{"rx_id":"R1","cnt":9007199254,"pric":9007199254}]}]}]}',
    '{"patient_dtos":[{"patn_id":"P1","fsi_encounter_dtos":[{"mdtrt_id":"E1","fsi_order_dtos":[{"rx_id":"R1","rxno":"X","sumamt":9007199254},{"rx_id":"R2","rxno":"X","sumamt":9007199254}]}]}]}',
    '{"patient_dtos":[{"patn_id":"P1","curr_mdtrt_id":"E1","fsi_encounter_dtos":[{"mdtrt_id":"E1","adm_date":"2024-01-02"},{"mdtrt_id":"E1","adm_date":"2024-01-01","fsi_order_dtos":[{"rx_id":"R9","cnt":1,"pric":2}]}]}]}',
    '{"patient_dtos":[{"patn_id":12.50,"fsi_encounter_dtos":[{"mdtrt_id":1e21,"brdy":"2030-01-01","fsi_order_dtos":[{"rx_id":true,"cnt":-0,"prd_days":"2.5","drug_trac_codg":"A,—; 0 ,B，NULL n/a"}]}]}]}',
    '{"rule_ids":" A，B  C ","trig_scen":"0x3","patient_dtos":[{"patn_id":" ","fsi_encounter_dtos":[]},{"patn_id":"P2","brdy":"1960-02-29","fsi_encounter_dtos":[{"mdtrt_id":"E","adm_date":"2023-02-28","fsi_order_dtos":"[{}]"}]}]}',
    '{"patient_dtos":[{"patn_id":"P1","fsi_encounter_dtos":[{"mdtrt_id":"E1","fsi_order_dtos":[{"rx_id":"A","hilist_code":"X","cnt":2,"pric":5,"fee_ocur_time":"2024-03-01 10:00"},{"rx_id":"B","hilist_code":"X","cnt":-3,"pric":5,"fee_ocur_time":"2024-03-01 11:00"},{"rx_id":"C","hilist_code":"Y","cnt":0,"sumamt":-4},{"rx_id":"D","cnt":-1,"init_feedetl_sn":"nope","hilist_name":"' + '长'.repeat(70) + '"}]}]}]}'
];

describe('Python 规范化 ≡ 理赔库装载（requestRows）', () => {
    it('求值用例的理赔、随附样例与筛查样例', async () => {
        const lines: string[] = [];
        for (const file of evalCaseFiles()) for (const group of (await evalCase(file)).groups) for (const c of group.claims) lines.push(JSON.stringify(c));
        lines.push(...sampleLines());
        const result = compare(lines);
        console.log(`Python 规范化（样例）：${lines.length} 行，装入 ${result.loaded}，拒绝 ${result.rejected}，表行 ${result.rows}`);
        expect(result.mismatches.slice(0, 3)).toEqual([]);
        expect(result.loaded).toBeGreaterThan(1000);
    }, 120_000);

    it(`生成的 500 个请求（种子 ${SEED}）`, () => {
        const random = new Random(SEED);
        const generator = new ClaimGenerator(random, {
            ruleLineCodes: ['XJ01CA01', '001102000010000', 'T000100'], ruleDiagnosisCodes: ['E11.900'], drugs: ['XJ01CA01', 'XA02BC01'],
            services: ['001102000010000', '250101001'], herbs: ['T000100'], consumables: ['C0001'], diagnoses: ['I10.x00', 'E11.900', 'O80.000'],
            operations: ['65.2100']
        });
        const lines = Array.from({ length: 500 }, () => JSON.stringify(generator.request()));
        const result = compare(lines);
        expect(result.mismatches.slice(0, 3)).toEqual([]);
        expect(result.loaded).toBeGreaterThan(450);
    }, 120_000);

    it(`攻击性的理赔（模糊测试的变异，种子 ${SEED}）与手写的坏行`, () => {
        const r = new Random(SEED);
        const lines: string[] = [...HANDWRITTEN, HANDWRITTEN[10]];
        for (let n = 0; n < 600; n++) {
            const input = request(Array.from({ length: r.int(1, 3) }, (_, k) => base(r, k)));
            for (let m = r.int(1, 4); m > 0; m--) mutate(r, input);
            lines.push(JSON.stringify(input));
        }
        const result = compare(lines);
        console.log(`Python 规范化（攻击性）：${lines.length} 行，装入 ${result.loaded}，拒绝 ${result.rejected}，表行 ${result.rows}`);
        expect(result.mismatches.slice(0, 3)).toEqual([]);
        expect(result.rejected).toBeGreaterThan(20);
        expect(result.loaded).toBeGreaterThan(100);
    }, 120_000);
});
