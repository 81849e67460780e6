/** 库与规则指标页（不启动服务）：计数累计与写入、反馈覆盖、过期结果的清理、页面转义用户文本。 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { localDay, Store } from '../src/store.js';
import { rulesPage, totalsByRule } from '../src/rules-page.js';
import { addStoredHistory, settledEncounters } from '../src/history.js';

const names = new Map([['R1', '规则一'], ['R2', '规则二']]);

describe('库', () => {
    it('求值、命中、金额按规则按天累计；flush 之前的计数也能查到；反馈按 jr_id 覆盖', () => {
        const store = new Store(undefined, { flushMs: 0 });
        const today = localDay();
        const rules = [{ id: 'R1', name: '规则一' }, { id: 'R2', name: '规则二' }];
        store.recordEvaluation(rules, 2, [['J1', 'R1', 'P', 'M', 1050], ['J2', 'R1', 'P', 'M', 5]], names, today);
        store.recordEvaluation(rules.slice(1), 1, [], names, today);
        store.addFeedback([{ jr_id: 'J1', rule_id: 'R1', day: today, warn_type: '1', dspo_way: '1', reason: '理由', msgid: 'm' }]);
        store.addFeedback([{ jr_id: 'J1', rule_id: 'R1', day: today, warn_type: '1', dspo_way: '2', reason: null, msgid: 'm' }]);
        expect(store.ruleMetrics()).toEqual([
            { day: today, rule_id: 'R1', rule_name: '规则一', evaluations: 2, hits: 2, amount: 10.55, accepted: 1, contested: 0 },
            { day: today, rule_id: 'R2', rule_name: '规则二', evaluations: 3, hits: 0, amount: 0, accepted: 0, contested: 0 }
        ]);
        expect(store.findingOf('J2')).toEqual({ rule_id: 'R1', day: today });
        store.close();
    });

    it('结果攒够一批（512 条）就在下一轮事件循环写库，不等定时器（一次写几千条会让主线程上的请求等几十毫秒）', async () => {
        const file = join(mkdtempSync(join(tmpdir(), 'zhishen-store-')), 'store.db');
        const store = new Store(file, { flushMs: 60_000 });
        const reader = new Database(file, { readonly: true });
        const rows = () => (reader.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n;
        const tick = () => new Promise(resolve => setImmediate(resolve));
        const batch = (from: number, n: number) => Array.from({ length: n }, (_, i): [string, string, string, string, number] => [`J${from + i}`, 'R1', 'P', 'M', 1]);
        store.recordEvaluation([], 0, batch(0, 300), names);
        await tick();
        expect(rows()).toBe(0); // 不够一批：等定时器
        store.recordEvaluation([], 0, batch(300, 300), names);
        await tick();
        expect(rows()).toBe(600);
        reader.close();
        store.close();
    });

    it('过期的结果被清理（3103 只能引用保留期内的结果）', () => {
        const store = new Store(undefined, { flushMs: 0, retentionDays: 3 });
        store.recordEvaluation([], 0, [['OLD', 'R1', 'P', 'M', 1]], names, '2000-01-01');
        store.recordEvaluation([], 0, [['NEW', 'R1', 'P', 'M', 1]], names, localDay());
        store.flush();
        expect(store.findingOf('OLD')).toBeUndefined();
        expect(store.findingOf('NEW')).toEqual({ rule_id: 'R1', day: localDay() });
        store.close();
    });

    it('历史就诊：只补请求里没有的；只有一次就诊、没写 curr_mdtrt_id 时补上它', () => {
        const store = new Store(undefined, { flushMs: 0 });
        const data = (mdtrt: string, current?: string) => ({ patient_dtos: [{ patn_id: 'P', ...(current ? { curr_mdtrt_id: current } : {}), fsi_encounter_dtos: [{ mdtrt_id: mdtrt, adm_date: '2026-01-01' }] }] });
        store.addEncounters(settledEncounters([data('A'), data('B')], 'all'));
        const request = data('C') as { patient_dtos: Array<{ curr_mdtrt_id?: string; fsi_encounter_dtos: Array<{ mdtrt_id: string }> }> };
        expect(addStoredHistory(request, store, 10)).toBe(2);
        expect(request.patient_dtos[0].curr_mdtrt_id).toBe('C');
        expect(request.patient_dtos[0].fsi_encounter_dtos.map(e => e.mdtrt_id)).toEqual(['C', 'A', 'B']);
        const again = data('A', 'A') as typeof request;
        expect(addStoredHistory(again, store, 10)).toBe(1);
        expect(again.patient_dtos[0].fsi_encounter_dtos.map(e => e.mdtrt_id)).toEqual(['A', 'B']);
        expect(settledEncounters([{ patient_dtos: [{ patn_id: 'P', curr_mdtrt_id: 'X', fsi_encounter_dtos: [{ mdtrt_id: 'X' }, { mdtrt_id: 'Y' }] }] }], 'current').map(e => e.mdtrt_id)).toEqual(['X']);
        store.close();
    });
});

describe('规则指标页', () => {
    it('规则名称等文本经转义，不成为标记；按规则合计', () => {
        const rows = [
            { day: '2026-03-02', rule_id: 'R<1>', rule_name: '<script>alert(1)</script>', evaluations: 4, hits: 2, amount: 3.5, accepted: 1, contested: 1 },
            { day: '2026-03-01', rule_id: 'R<1>', rule_name: '<script>alert(1)</script>', evaluations: 6, hits: 1, amount: 1.25, accepted: 0, contested: 0 }
        ];
        const page = rulesPage(rows, { packId: 'p"x', days: 30 });
        expect(page).not.toContain('<script>');
        expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(page).toContain('R&lt;1&gt;');
        expect(totalsByRule(rows)).toEqual([{ rule_id: 'R<1>', rule_name: '<script>alert(1)</script>', days: 2, evaluations: 10, hits: 3, amount: 4.75, accepted: 1, contested: 1 }]);
    });
});
