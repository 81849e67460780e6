import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import { kbSummary } from '../../src/kb/stats.js';

describe('kbSummary', () => {
    const kb = loadKnowledgeBase([
        { path: 'icd10.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n\t缺编码\n' },
        {
            path: 'kp/batch_01.json', text: JSON.stringify([
                { kp_id: 'KP-1', rule_class: '药品限儿童使用', med_codes: ['XN05CCS273S003010101587'], item_name: '水合氯醛灌肠剂' },
                { kp_id: 'KP-2', rule_class: '医疗服务项目重复收费', med_codes: ['001103000010000', '001102000030000'], item_name: '急诊监护费×急诊诊查费' },
                { kp_id: 'KP-3', rule_class: '药品限儿童使用', med_codes: [] }
            ])
        },
        { path: 'kp/updates.json', text: JSON.stringify([{ kp_id: 'KP-1b', rule_class: '药品限儿童使用', med_codes: ['XN05CCS273S003010101587'], item_name: '水合氯醛灌肠剂', supersedes: 'KP-1' }]) },
        { path: 'code-sets/床位费.tsv', text: '001109000010000\n0011090000101*\n' },
        { path: 'README.md', text: '' }
    ], { name: '小知识库' });
    const s = kbSummary(kb);

    it('目录：按种类，区分文件与知识点推得', () => {
        expect(s.name).toBe('小知识库');
        expect(s.id).toBe(kb.id);
        expect(s.catalogues.map(c => c.kind)).toEqual(['药品', '中药饮片', '医疗服务项目', '医用耗材', '诊断', '手术']);
        expect(s.catalogues.find(c => c.kind === '诊断')).toEqual({ kind: '诊断', entries: 1, fromFiles: 1, fromKnowledgePoints: 0 });
        expect(s.catalogues.find(c => c.kind === '医疗服务项目')).toEqual({ kind: '医疗服务项目', entries: 2, fromFiles: 0, fromKnowledgePoints: 2 });
        expect(s.catalogues.find(c => c.kind === '药品')).toEqual({ kind: '药品', entries: 1, fromFiles: 0, fromKnowledgePoints: 1 });
        expect(s.catalogueEntries).toBe(4);
    });

    it('知识点：读到、载入、跳过、被取代、有效、各规则类', () => {
        expect(s.knowledgePoints).toEqual({
            read: 4,
            loaded: 3,
            skipped: 1,
            superseded: 1,
            active: 2,
            // 规则类按第一个有效知识点出现的顺序（KP-1 被取代，药品限儿童使用 首次出现在 updates）
            byRuleClass: [
                { ruleClass: '医疗服务项目重复收费', count: 1 },
                { ruleClass: '药品限儿童使用', count: 1 }
            ]
        });
    });

    it('字典、代码集、文件、问题', () => {
        expect(s.dictionaries.map(d => d.name)).toEqual(['gend', 'med_type', 'medins_lv', 'insutype', 'medins_type', 'hilist_type', 'chrg_type']);
        expect(s.dictionaries[0]).toMatchObject({ name: 'gend', entries: 10, source: '内置默认' });
        expect(s.dictionaries[0]!.fallbackCategory).toBeUndefined();
        expect(s.dictionaries[1]!.fallbackCategory).toBeUndefined();
        expect(s.codeSets).toEqual([{ name: '床位费', description: '', codes: 1, prefixes: 1, source: 'code-sets/床位费.tsv' }]);
        expect(s.files).toEqual({ total: 5, byRole: { catalogue: 1, 'knowledge-points': 2, dictionary: 0, 'code-set': 1, manifest: 0, ignored: 1 } });
        expect(s.problems.errors).toBe(2);
        expect(s.problems.warnings).toBe(0);
        expect(s.problems.list.map(p => `${p.file}:${p.row}`)).toEqual(['icd10.tsv:3', 'kp/batch_01.json:3']);
    });

    it('是纯数据（可 JSON 序列化）', () => {
        expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    });
});
