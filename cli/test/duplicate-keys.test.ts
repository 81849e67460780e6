/**
 * 重复的键（问题 17 的失败开放）：一行理赔里同一个对象写了两次 "hilist_code"（或两份 "fsi_order_dtos"），JSON.parse 只留后一个，
 * 前一个就像不存在。zhishen run（NDJSON 与单个 .json）与 zhishen screen（js 引擎）都把它当作这条理赔的错误 ZR0019：
 * 中文，写明键的路径与能读出的编号；批次继续，计数对得上。（理赔库装载见 store/test/store.test.ts，服务见 service/test/api.test.ts。）
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KB, root, zhishen } from './spawn.js';

const good = JSON.stringify(JSON.parse(readFileSync(join(root, 'examples/claims/同日重复收费.json'), 'utf8')));
const TASK = (JSON.parse(good) as { task_id: string }).task_id;
/** 第一条明细的编码写了两次（前一个值被覆盖） */
const twice = good.replace('"hilist_code":', '"hilist_code":"X0000","hilist_code":');
/** 第一个就诊有两份明细列表（前一份被覆盖） */
const lists = good.replace(`"task_id":"${TASK}"`, '"task_id":"L2"').replace('"fsi_order_dtos":[', '"fsi_order_dtos":[],"fsi_order_dtos":[');
const other = good.replace(`"task_id":"${TASK}"`, '"task_id":"OK2"').replaceAll('"M100"', '"M200"');

let dir: string;
beforeAll(() => {
    expect(twice).not.toBe(good);
    expect(lists).not.toContain(`"task_id":"${TASK}"`);
    dir = mkdtempSync(join(tmpdir(), 'zhishen-dup-keys-'));
    cpSync(join(root, 'examples/语言导览.zs'), join(dir, 'rules.zs'));
    const built = zhishen(['build', 'rules.zs', '--kb', KB, '-o', 'pack.mjs'], dir);
    expect(built.code, built.stdout + built.stderr).toBe(0);
}, 120_000);

const PATH = /^patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\]\.hilist_code$/;

describe('重复的键', () => {
    it('zhishen run（NDJSON）：这一行是 ZR0019 错误行（中文、路径、编号、怎么改），其余行照常审核，一行输入一行输出', () => {
        writeFileSync(join(dir, 'batch.ndjson'), [good, twice, lists, other].join('\n') + '\n');
        const r = zhishen(['run', '--pack', 'pack.mjs', '--claims', 'batch.ndjson'], dir);
        expect(r.code, r.stderr).toBe(0);
        const out = r.stdout.trim().split('\n').map(line => JSON.parse(line));
        expect(out).toHaveLength(4);
        expect(out[0].task_id).toBe(TASK);
        expect(out[3].task_id).toBe('OK2');
        expect(out[1]).toMatchObject({ line: 2, error: { code: 'ZR0019', task_id: TASK, patn_id: 'P002', mdtrt_id: 'M100' } });
        expect(out[1].error.path).toMatch(PATH);
        expect(out[1].error.message).toMatch(/^第 \d+ 个字符处的键「hilist_code」在 patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\] 里已经出现过（第 \d+ 个字符）/);
        expect(out[1].error.hint).toContain('每个键只写一次');
        expect(out[2]).toMatchObject({ line: 3, error: { code: 'ZR0019', task_id: 'L2', path: 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos' } });
        expect(r.stderr).toContain('读取 4，审核 2，拒绝 2');
    });

    it('zhishen run（单个 .json）：错误 ZR0019，退出码 1，不按被覆盖的内容审核', () => {
        writeFileSync(join(dir, 'dup.json'), twice);
        const r = zhishen(['run', '--pack', 'pack.mjs', '--claims', 'dup.json'], dir);
        expect(r.code).toBe(1);
        const out = JSON.parse(r.stdout);
        expect(out.error).toMatchObject({ code: 'ZR0019', task_id: TASK });
        expect(out.error.path).toMatch(PATH);
        expect(out.result).toBeUndefined();
    });

    it('zhishen screen（js 引擎）：这一行是坏行（写明行号、路径、编号），不载入；请求 = 载入 + 拒绝', () => {
        writeFileSync(join(dir, 'screen.ndjson'), [twice, other].join('\n') + '\n');
        const r = zhishen(['screen', '--pack', 'pack.mjs', '--claims', 'screen.ndjson', '-o', 'screen-out.ndjson'], dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain('读取 2 行：请求 2，不是 JSON 的坏行 0');
        expect(r.stderr).toContain('理赔 2 张：载入 1，拒绝 1');
        expect(r.stderr).toContain('拒绝：同一个对象里有重复的键');
        expect(r.stderr).toMatch(/screen\.ndjson:1：patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\]\.hilist_code 第 \d+ 个字符处的键「hilist_code」.*（task_id T-20240302-001，patn_id P002，mdtrt_id M100）/);
        const findings = readFileSync(join(dir, 'screen-out.ndjson'), 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l));
        expect(findings.every(f => f.mdtrt_id === 'M200')).toBe(true);
    });
});
