/**
 * 历史来源（zhishen.json 的 历史来源 / zhishen run --history）：读 全体明细 的 事中 规则在没有历史来源时是 ZS0222（中文说明），
 * 配置了历史来源时通过校验，zhishen run 把每个请求与已结算理赔一起求值——追溯码在历史里的另一张理赔结算过就出结果，
 * 历史里没有时不出；历史来源里的坏行是错误（文件与行号）。
 */
import { describe, expect, it } from 'vitest';
import { KB, zhishen } from './spawn.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RULE = `规则 RT0001 "追溯码已在其他理赔结算（实时）" {
  分类 药品监管类
  级别 高度可疑
  环节 事中
  依据 「测试」
  对每条 明细 m 其中 存在(m.追溯码)
    令 此前结算 = 全体明细 其中 就诊号 ≠ m.就诊号 且 相交(追溯码, m.追溯码)
    当 存在(此前结算)
    违规 m
    涉及 此前结算
    提示 "追溯码已在就诊 {此前结算.就诊号} 结算"
}
`;

/** 一个门诊请求：一条带追溯码的药品明细。 */
function request(patient: string, mdtrt: string, day: string, code: string): string {
    return JSON.stringify({
        task_id: `T-${mdtrt}`, trig_scen: '6',
        patient_dtos: [{
            patn_id: patient, gend: '1', brdy: '1970-01-01', curr_mdtrt_id: mdtrt,
            fsi_encounter_dtos: [{
                mdtrt_id: mdtrt, medins_id: 'H1', medins_lv: '08', adm_date: `${day} 09:00:00`, med_type: '11', insutype: '310',
                fsi_diagnose_dtos: [], fsi_order_dtos: [{
                    rx_id: `${mdtrt}-1`, hilist_type: '101', hilist_code: 'XA01', hilist_name: '某药', cnt: 1, pric: 10, sumamt: 10,
                    fee_ocur_time: `${day} 09:30:00`, curr_drord_flag: '1', drug_trac_codg: code
                }]
            }]
        }]
    });
}

describe('历史来源', () => {
    it('没有历史来源：事中读全体明细是 ZS0222；配置了：校验通过，run 与已结算理赔一起求值', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-history-'));
        writeFileSync(join(dir, 'r.zs'), RULE);
        writeFileSync(join(dir, 'settled.ndjson'), [request('P1', 'M1', '2024-03-01', '81234567890123456789'), request('P2', 'M2', '2024-03-02', '80000000000000000001')].join('\n') + '\n');
        writeFileSync(join(dir, 'today.ndjson'), [request('P3', 'M3', '2024-03-05', '81234567890123456789'), request('P4', 'M4', '2024-03-05', '89999999999999999999')].join('\n') + '\n');

        const without = zhishen(['check', 'r.zs', '--kb', KB], dir);
        expect(without.code).not.toBe(0);
        expect(without.stdout + without.stderr).toContain('ZS0222');
        expect(without.stdout + without.stderr).toContain('没有配置历史来源');

        writeFileSync(join(dir, 'zhishen.json'), JSON.stringify({ kb: [KB], 历史来源: ['settled.ndjson'] }));
        const check = zhishen(['check', 'r.zs'], dir);
        expect(check.code, check.stdout + check.stderr).toBe(0);
        const run = zhishen(['run', '--rules', 'r.zs', '--claims', 'today.ndjson', '--workers', '1'], dir);
        expect(run.code, run.stderr).toBe(0);
        const out = run.stdout.trim().split('\n').map(l => JSON.parse(l));
        expect(out.map(o => o.result.map((r: { rule_id: string }) => r.rule_id))).toEqual([['RT0001'], []]);
        expect(out[0].result[0].vola_cont).toContain('M1');
        // 涉及项是历史里那张理赔的明细，写它自己的患者
        expect(out[0].result[0].judge_result_detail_dtos.map((d: { patn_id: string; rx_id: string }) => `${d.patn_id}/${d.rx_id}`)).toEqual(['P3/M3-1', 'P1/M1-1']);
        // 两个线程：每个线程载入一份历史，结果相同
        const two = zhishen(['run', '--rules', 'r.zs', '--claims', 'today.ndjson', '--workers', '2'], dir);
        expect(two.stdout).toBe(run.stdout);

        // --history 覆盖 zhishen.json：换一份没有这个追溯码的历史，就没有结果
        writeFileSync(join(dir, 'other.ndjson'), request('P9', 'M9', '2024-03-01', '85555555555555555555') + '\n');
        const other = zhishen(['run', '--rules', 'r.zs', '--claims', 'today.ndjson', '--history', 'other.ndjson'], dir);
        expect(other.code, other.stderr).toBe(0);
        expect(other.stdout.trim().split('\n').map(l => JSON.parse(l).result.length)).toEqual([0, 0]);

        // 历史来源的坏行：错误写明文件与行号
        writeFileSync(join(dir, 'bad.ndjson'), request('P9', 'M9', '2024-03-01', '8') + '\n{ 坏\n');
        const bad = zhishen(['run', '--rules', 'r.zs', '--claims', 'today.ndjson', '--history', 'bad.ndjson', '--workers', '1'], dir);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toMatch(/bad\.ndjson:2 不是有效的 JSON：第 \d+ 个字符处期望/);
        expect(bad.stderr).not.toMatch(/Unexpected|Expected|position/); // 没有 V8 的英文

        // 历史来源里重复的键（JSON.parse 只留后一个：那张已结算理赔的追溯码被覆盖，本次的重复结算就漏判）：错误写明文件、行号、键的路径与编号
        const hidden = request('P1', 'M1', '2024-03-01', '81234567890123456789').replace('"drug_trac_codg":', '"drug_trac_codg":"81234567890123456789","drug_trac_codg":').replace('"drug_trac_codg":"81234567890123456789"}', '"drug_trac_codg":"80000000000000000009"}');
        writeFileSync(join(dir, 'dup.ndjson'), hidden + '\n');
        const dup = zhishen(['run', '--rules', 'r.zs', '--claims', 'today.ndjson', '--history', 'dup.ndjson', '--workers', '1'], dir);
        expect(dup.code).not.toBe(0);
        expect(dup.stdout).toBe('');
        expect(dup.stderr).toMatch(/dup\.ndjson:1 的 patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\]\.drug_trac_codg：第 \d+ 个字符处的键「drug_trac_codg」.*（task_id T-M1，patn_id P1，mdtrt_id M1）；同一个对象里每个键只写一次/);
        expect(readFileSync(join(dir, 'today.ndjson'), 'utf8')).toContain('M3');
    }, 120_000);
});
