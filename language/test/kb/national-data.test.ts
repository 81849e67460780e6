/**
 * 国家数据 ../shared/kb-data 原样加载（没有清单，按约定）。数据在仓库外：不存在时跳过。
 * 期望值是对数据本身的清点（见 kb-data/README.md）：
 *   - 诊断 33,304、手术 13,686；
 *   - 知识点读到 3,899 条（17 批 3,488 + 更新 411）；其中 1 条坏记录：batch_01 第 872 项是表格的说明行
 *     （“说明：性别不清、两性畸形…”，med_codes 为空）；
 *   - 更新文件里 397 条 supersedes 都指向已有的旧点 → 取代 397；
 *   - 有效 = 3,899 − 1（坏记录）− 397 = 3,501；21 个规则类。
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBaseFolder } from '../../src/kb/load-folder.js';
import { kbSummary } from '../../src/kb/stats.js';
import { guessCodeKind } from '../../src/kb/code-shape.js';
import type { KnowledgeBase } from '../../src/kb/types.js';

const DIR = fileURLToPath(new URL('../../../../shared/kb-data/', import.meta.url));

/** 有效知识点（取代之后）各规则类的数量：清点自数据 */
const ACTIVE_BY_CLASS: Record<string, number> = {
    医疗服务项目重复收费: 900,
    药品限适应症: 510,
    药品区分性别使用: 484,
    医疗服务项目区分性别使用: 390,
    手术项目未按规定折价收费: 378,
    药品儿童专用: 271,
    中药饮片单方使用不予支付: 116,
    药品限二线使用: 110,
    医疗服务项目限定频次: 67,
    药品限医疗机构级别: 62,
    药品限就医方式: 42,
    中药饮片单复方均不予支付: 37,
    医疗服务项目儿童专用: 30,
    药品限支付疗程: 30,
    超互联网医院药品支付范围: 22,
    医疗服务项目周期超频次: 14,
    药品限儿童使用: 14,
    医疗服务项目限支付疗程: 11,
    药品限工伤保险: 9,
    药品限生育保险: 3,
    医疗服务项目限年龄: 1
};

describe.skipIf(!existsSync(DIR))('国家数据 ../shared/kb-data', () => {
    let kb: KnowledgeBase;
    beforeAll(async () => {
        kb = await loadKnowledgeBaseFolder(DIR);
    });

    it('文件角色：2 个目录、18 个知识点文件、其余忽略', () => {
        const roles = Object.fromEntries(kb.files.map(f => [f.path, f.role]));
        expect(roles['icd10-chs.tsv']).toBe('catalogue');
        expect(roles['icd9cm3-chs.tsv']).toBe('catalogue');
        expect(roles['liangku/updates_2026-01.json']).toBe('knowledge-points');
        for (let b = 1; b <= 17; b++) expect(roles[`liangku/batch_${String(b).padStart(2, '0')}.json`]).toBe('knowledge-points');
        expect(roles['liangku/index.json']).toBe('ignored');
        expect(roles['liangku/rule_catalog_2022_79.json']).toBe('ignored');
        expect(roles['liangku/rule_catalog_2025_88.json']).toBe('ignored');
        expect(roles['README.md']).toBe('ignored');
    });

    it('目录条数', () => {
        expect(kb.catalogues.get('诊断')).toHaveLength(33_304);
        expect(kb.catalogues.get('手术')).toHaveLength(13_686);
        const s = kbSummary(kb);
        expect(s.catalogues.find(c => c.kind === '诊断')!.fromFiles).toBe(33_304);
        // 知识点推得：全部来自知识点，约 2 万个编码（药品为主）
        const derived = s.catalogues.reduce((n, c) => n + c.fromKnowledgePoints, 0);
        expect(derived).toBe(19_743);
        expect(s.catalogues.find(c => c.kind === '中药饮片')!.entries).toBe(153);
    });

    it('知识点：读到 3,899，取代 397，坏记录 1，有效 3,501，21 类', () => {
        const s = kbSummary(kb).knowledgePoints;
        expect(s.read).toBe(3_899);
        expect(s.superseded).toBe(397);
        expect(kb.supersededCount).toBe(397);
        expect(s.skipped).toBe(1);
        expect(s.active).toBe(s.read - s.superseded - 1);
        expect(s.active).toBe(3_501);
        expect(kb.kpTables.size).toBe(21);
        expect(Object.fromEntries([...kb.kpTables].map(([k, v]) => [k, v.length]))).toEqual(ACTIVE_BY_CLASS);
    });

    it('唯一的问题是那条说明行（batch_01 第 872 项）', () => {
        expect(kb.problems).toHaveLength(1);
        expect(kb.problems[0]).toMatchObject({ file: 'liangku/batch_01.json', row: 872, severity: 'error' });
        expect(kb.problems[0]!.message).toContain('KP-03e96cd241d2f1ae');
        expect(kb.problems[0]!.message).toContain('med_codes 为空');
    });

    it('被取代的旧点不在表里，取代它的新点在', () => {
        const sex = kb.kpTables.get('药品区分性别使用')!;
        const ids = new Set(sex.map(p => p.kp_id));
        expect(ids.has('KP-9d2200dd87d22a1a')).toBe(true);
        expect(ids.has('KP-630264b3f1586762')).toBe(false);
        const all = [...kb.kpTables.values()].flat();
        const active = new Set(all.map(p => p.kp_id));
        for (const p of all) if (p.supersedes) expect(active.has(p.supersedes)).toBe(false);
    });

    it('规则类内保持文件顺序：批次在前，更新在后', () => {
        const sex = kb.kpTables.get('药品区分性别使用')!;
        const files = sex.map(p => p.source.file);
        const firstUpdate = files.indexOf('liangku/updates_2026-01.json');
        expect(firstUpdate).toBeGreaterThan(0);
        expect(files.slice(firstUpdate).every(f => f === 'liangku/updates_2026-01.json')).toBe(true);
        const repeat = kb.kpTables.get('医疗服务项目重复收费')!;
        expect(repeat[0]!.med_codes).toEqual(['001103000010000', '001102000030000']);
    });

    it('编码形状：全部诊断、手术、知识点编码都能按形状归类', () => {
        for (const e of kb.catalogues.get('诊断')!) expect(guessCodeKind(e.code), e.code).toBe('诊断');
        for (const e of kb.catalogues.get('手术')!) expect(guessCodeKind(e.code), e.code).toBe('手术');
        for (const p of [...kb.kpTables.values()].flat()) {
            for (const code of p.med_codes) expect(guessCodeKind(code), code).toBeDefined();
        }
    });

    it("search('2型糖尿病')：E11.900 排第一", () => {
        const hits = kb.index.search('2型糖尿病', { limit: 10 });
        expect(hits[0]!.entry.code).toBe('E11.900');
        expect(hits[0]!.entry.name).toBe('2型糖尿病');
    });

    it("search('E11.')：编码前缀，按编码排序", () => {
        const hits = kb.index.search('E11.', { limit: 20 });
        expect(hits).toHaveLength(20);
        expect(hits.every(h => h.entry.code.startsWith('E11.') && h.match === 'prefix')).toBe(true);
        const codes = hits.map(h => h.entry.code);
        expect(codes).toEqual([...codes].sort());
        expect(kb.index.search('E11.9')[0]!.entry.code).toBe('E11.900');
    });

    it('拼音首字母与高血压', () => {
        expect(kb.index.search('gxy')[0]!.entry.name).toBe('高血压');
        expect(kb.index.search('高血压')[0]!.entry.code).toBe('I10.x00x002');
    });

    it('知识点推得的条目：编码、名称、种类', () => {
        expect(kb.index.get('001103000010000')[0]).toMatchObject({ name: '急诊监护费', kind: '医疗服务项目' });
        expect(kb.index.get('T000700200')[0]).toMatchObject({ name: '丁香', kind: '中药饮片' });
        expect(kb.index.search('急诊监护费')[0]!.entry.code).toBe('001103000010000');
    });

    it('nearest：打错的编码给出建议', () => {
        expect(kb.index.nearest('E11.9O0').map(e => e.code)).toContain('E11.900');
        expect(kb.index.nearest('36.06O1')[0]!.code).toBe('36.0601');
        expect(kb.index.nearest('001103000O10000')[0]!.code).toBe('001103000010000');
    });
});
