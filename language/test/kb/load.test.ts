import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import { globMatch } from '../../src/kb/files.js';
import { DEFAULT_DICTIONARIES, dictionaryCategory } from '../../src/kb/default-dictionaries.js';
import type { KbFile, KnowledgeBase } from '../../src/kb/types.js';

/** 一条国家结构的知识点 */
function kp(id: string, ruleClass: string, codes: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        kp_id: id,
        rule_class: ruleClass,
        gz_code: 'GZ10000102012000',
        level1: '政策类',
        level2: '医疗服务项目政策限定类',
        med_code: codes[0] ?? null,
        med_codes: codes,
        med_code_count: codes.length,
        item_name: '项目',
        constraint: '',
        detect_logic: '',
        batch: 1,
        batch_tag: 'batch_01',
        published_at: null,
        supersedes: null,
        source: { announcement_url: null, attachment_file: '附件.xlsx', row: 1, pdf_page: null },
        ...extra
    };
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const problemsOf = (kb: KnowledgeBase, file: string) => kb.problems.filter(p => p.file === file);
const roleOf = (kb: KnowledgeBase, path: string) => kb.files.find(f => f.path === path)?.role;

describe('约定优于配置（没有清单）', () => {
    const files: KbFile[] = [
        { path: 'icd10-chs.tsv', text: 'code\tname\nE11.900\t2型糖尿病\nI10.x00x002\t高血压\n' },
        { path: 'icd9cm3-chs.tsv', text: 'code\tname\n36.0601\t冠状动脉药物涂层支架置入术\n' },
        { path: '药品目录.csv', text: 'code,name,spec\nXJ01CAA040A001010102699,阿莫西林胶囊,0.25g\n' },
        { path: 'mixed.tsv', text: 'code\tname\nT000700200\t丁香\n001102000030000\t急诊诊查费\nC01010102300000004600000001\t某耗材\n' },
        { path: 'liangku/batch_01.json', text: json([kp('KP-1', '医疗服务项目重复收费', ['001103000010000', '001102000030000'], { item_name: '急诊监护费×急诊诊查费', constraint: '含监护、床位、诊查、护理', detect_logic: '项目A和项目B同时收费' })]) },
        { path: 'liangku/index.json', text: json({ meta: {}, batches: [] }) },
        { path: 'liangku/rule_catalog_2025_88.json', text: json({ meta: {}, rules: [] }) },
        { path: 'README.md', text: '# 说明' },
        { path: 'dictionaries/gend.tsv', text: 'code\tlabel\tcategory\nF\t女（旧代码）\t女\n3\t第三种写法\t\n' },
        { path: 'code-sets/床位费.tsv', text: 'code\n001109000010000\n0011090000101*\n' },
        { path: 'other.txt', text: 'hello' }
    ];
    const kb = loadKnowledgeBase(files);

    it('按文件名与位置定角色', () => {
        expect(roleOf(kb, 'icd10-chs.tsv')).toBe('catalogue');
        expect(roleOf(kb, 'icd9cm3-chs.tsv')).toBe('catalogue');
        expect(roleOf(kb, '药品目录.csv')).toBe('catalogue');
        expect(roleOf(kb, 'liangku/batch_01.json')).toBe('knowledge-points');
        expect(roleOf(kb, 'liangku/index.json')).toBe('ignored');
        expect(roleOf(kb, 'liangku/rule_catalog_2025_88.json')).toBe('ignored');
        expect(roleOf(kb, 'README.md')).toBe('ignored');
        expect(roleOf(kb, 'other.txt')).toBe('ignored');
        expect(roleOf(kb, 'dictionaries/gend.tsv')).toBe('dictionary');
        expect(roleOf(kb, 'code-sets/床位费.tsv')).toBe('code-set');
        expect(kb.files.map(f => f.path)).toEqual([...kb.files.map(f => f.path)].sort());
        expect(kb.problems).toEqual([]);
    });

    it('目录种类：文件名优先，否则按每行编码形状', () => {
        expect(kb.catalogues.get('诊断')!.map(x => x.code)).toEqual(['E11.900', 'I10.x00x002']);
        expect(kb.catalogues.get('手术')!.map(x => x.code)).toEqual(['36.0601']);
        const drug = kb.index.get('XJ01CAA040A001010102699')[0]!;
        expect(drug).toMatchObject({ kind: '药品', name: '阿莫西林胶囊', spec: '0.25g', source: '药品目录.csv' });
        expect(kb.index.get('T000700200')[0]!.kind).toBe('中药饮片');
        expect(kb.index.get('C01010102300000004600000001')[0]!.kind).toBe('医用耗材');
        expect(kb.index.get('001102000030000').map(x => x.source)).toEqual(['mixed.tsv']);
    });

    it('知识点推得目录条目：A×B 名称拆给两个编码；目录文件里已有的编码不再推', () => {
        const derived = kb.index.get('001103000010000');
        expect(derived).toEqual([{ code: '001103000010000', name: '急诊监护费', kind: '医疗服务项目', source: 'liangku/batch_01.json' }]);
        // 001102000030000 已在 mixed.tsv 中：不重复
        expect(kb.index.get('001102000030000')).toHaveLength(1);
    });

    it('名称默认为知识库；可指定', () => {
        expect(kb.name).toBe('知识库');
        expect(loadKnowledgeBase(files, { name: '国家知识库' }).name).toBe('国家知识库');
    });

    it('字典：文件补充默认，默认条目保留', () => {
        const gend = kb.dictionaries.get('gend')!;
        expect(gend.source).toBe('dictionaries/gend.tsv');
        expect(gend.entries.get('3')).toEqual({ code: '3', label: '第三种写法' });
        expect(gend.entries.get('F')).toEqual({ code: 'F', label: '女（旧代码）', category: '女' });
        expect(gend.entries.get('1')!.category).toBe('男');
        expect(gend.fallbackCategory).toBeUndefined();
        // 内置默认未被修改
        expect(DEFAULT_DICTIONARIES.find(d => d.name === 'gend')!.entries.has('3')).toBe(false);
        expect(kb.dictionaries.get('med_type')!.source).toBe('内置默认');
    });

    it('代码集：表头跳过，* 结尾为前缀', () => {
        expect(kb.codeSets.get('床位费')).toEqual({ name: '床位费', description: '', codes: ['001109000010000'], prefixes: ['0011090000101'], source: 'code-sets/床位费.tsv' });
    });
});

describe('知识点：取代、分组、校验', () => {
    const batch = [
        kp('KP-A', '药品限儿童使用', ['XN05CDM084X001010102000'], { item_name: '咪达唑仑口服溶液', constraint: '限儿童。' }),
        kp('KP-B', '药品区分性别使用', ['XL02BBA326A001010102180'], { item_name: '阿帕他胺片', constraint: '限前列腺癌。' }),
        kp('KP-C', '药品限儿童使用', ['XN05CCS273S003010101587'], { item_name: '水合氯醛灌肠剂' }),
        { rule_class: '药品限儿童使用', med_codes: ['X'], item_name: '没有 kp_id' },
        kp('KP-E', '医疗服务项目区分性别使用', [], { item_name: '说明：性别不清…' }),
        { kp_id: 'KP-F', med_codes: ['001102000030000'] },
        kp('KP-G', '药品限儿童使用', 'not-an-array' as unknown as string[]),
        'not an object',
        kp('KP-A', '药品限儿童使用', ['XN05CDM084X001010102000'])
    ];
    const updates = [
        kp('KP-B2', '药品区分性别使用', ['XL02BBA326A001010102180', 'XL02BBA326A001010178537'], { item_name: '阿帕他胺片', constraint: '限转移性激素敏感性前列腺癌(mHSPC)患者。', supersedes: 'KP-B', published_at: '2026-01-28' })
    ];
    const files: KbFile[] = [
        // 故意打乱顺序：加载器按路径排序（批次在前、更新在后）
        { path: 'liangku/updates_2026-01.json', text: json(updates) },
        { path: 'liangku/batch_02.json', text: json([kp('KP-H', '药品限儿童使用', ['XH01ACY367B002010104870'])]) },
        { path: 'liangku/batch_01.json', text: json(batch) },
        { path: 'liangku/batch_03.json', text: '[{"kp_id": "KP-X", ' }
    ];
    const kb = loadKnowledgeBase(files);

    it('被取代的旧点不在表里，计入 supersededCount', () => {
        expect(kb.supersededCount).toBe(1);
        const sex = kb.kpTables.get('药品区分性别使用')!;
        expect(sex.map(p => p.kp_id)).toEqual(['KP-B2']);
        expect(sex[0]!.published_at).toBe('2026-01-28');
        expect(sex[0]!.supersedes).toBe('KP-B');
    });

    it('按规则类分组，保持文件顺序（batch_01 → batch_02 → updates）', () => {
        expect([...kb.kpTables.keys()]).toEqual(['药品限儿童使用', '药品区分性别使用']);
        expect(kb.kpTables.get('药品限儿童使用')!.map(p => p.kp_id)).toEqual(['KP-A', 'KP-C', 'KP-H']);
    });

    it('保留国家字段；source 为知识库内位置，原出处在 origin', () => {
        const a = kb.kpTables.get('药品限儿童使用')![0]!;
        expect(a).toMatchObject({
            kp_id: 'KP-A', rule_class: '药品限儿童使用', gz_code: 'GZ10000102012000', level1: '政策类', level2: '医疗服务项目政策限定类',
            med_codes: ['XN05CDM084X001010102000'], item_name: '咪达唑仑口服溶液', constraint: '限儿童。', batch_tag: 'batch_01', supersedes: null,
            source: { file: 'liangku/batch_01.json', row: 1 },
            origin: { attachment_file: '附件.xlsx', row: 1, announcement_url: null, pdf_page: null }
        });
    });

    it('坏记录逐条报告（文件 + 序号）并跳过，从不抛异常', () => {
        const p = problemsOf(kb, 'liangku/batch_01.json');
        expect(p.map(x => [x.row, x.severity])).toEqual([
            [4, 'error'], // 没有 kp_id
            [5, 'error'], // med_codes 为空
            [6, 'error'], // 没有 rule_class
            [7, 'error'], // med_codes 不是数组
            [8, 'error'], // 不是对象
            [9, 'warning'] // kp_id 重复
        ]);
        expect(p[0]!.message).toContain('batch_01.json 第 4 项');
        expect(p[0]!.message).toContain('缺少 kp_id');
        expect(p[1]!.message).toContain('KP-E');
        expect(p[1]!.message).toContain('med_codes 为空');
        expect(p[1]!.message).toContain('请');
        expect(p[2]!.message).toContain('缺少 rule_class');
        expect(p[5]!.message).toContain('重复');
    });

    it('不是合法 JSON 的文件：一条问题，整文件跳过', () => {
        const p = problemsOf(kb, 'liangku/batch_03.json');
        expect(p).toHaveLength(1);
        expect(p[0]!.row).toBeUndefined();
        expect(p[0]!.severity).toBe('error');
        expect(p[0]!.message).toContain('不是合法的 JSON');
        expect(roleOf(kb, 'liangku/batch_03.json')).toBe('ignored');
    });

    it('files.records 为读到的记录数', () => {
        expect(kb.files.find(f => f.path === 'liangku/batch_01.json')!.records).toBe(batch.length);
    });

    it('知识点推得的目录条目：限定文字成为 restriction；被取代的点不推', () => {
        const drug = kb.index.get('XL02BBA326A001010178537')[0]!;
        expect(drug).toMatchObject({ name: '阿帕他胺片', kind: '药品', restriction: '限转移性激素敏感性前列腺癌(mHSPC)患者。', source: 'liangku/updates_2026-01.json' });
        expect(kb.index.get('XL02BBA326A001010102180')[0]!.restriction).toBe('限转移性激素敏感性前列腺癌(mHSPC)患者。');
        expect(kb.index.get('XN05CCS273S003010101587')[0]!.restriction).toBeUndefined();
    });
});

describe('表格：坏行、引号、BOM、CRLF', () => {
    it('编码为空的行报告行号（含表头的文件行号）并跳过', () => {
        const kb = loadKnowledgeBase([{ path: 'icd10.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n\t没有编码\n\nI10.x00x002\t高血压\n' }]);
        expect(kb.catalogues.get('诊断')!.map(x => x.code)).toEqual(['E11.900', 'I10.x00x002']);
        expect(kb.problems).toHaveLength(1);
        expect(kb.problems[0]).toMatchObject({ file: 'icd10.tsv', row: 3, severity: 'error' });
        expect(kb.problems[0]!.message).toContain('icd10.tsv 第 3 行');
        expect(kb.problems[0]!.message).toContain('编码为空');
        expect(kb.files[0]!.records).toBe(3);
    });

    it('CSV：带引号的逗号、引号内换行（后续行号仍准确）、BOM、CRLF', () => {
        const text = '\uFEFFcode,name,restriction\r\n' +
            'XJ01CAA040A001010102699,"阿莫西林胶囊, 0.25g","限""儿童""\r\n使用"\r\n' +
            ',缺编码,\r\n' +
            'XJ01CAA040A001010405611,阿莫西林片,\r\n';
        const kb = loadKnowledgeBase([{ path: '药品.csv', text }]);
        const drugs = kb.catalogues.get('药品')!;
        expect(drugs.map(d => [d.code, d.name])).toEqual([
            ['XJ01CAA040A001010102699', '阿莫西林胶囊, 0.25g'],
            ['XJ01CAA040A001010405611', '阿莫西林片']
        ]);
        expect(drugs[0]!.restriction).toBe('限"儿童"\r\n使用');
        expect(kb.problems.map(p => [p.row, p.severity])).toEqual([[4, 'error']]);
    });

    it('TSV 带 BOM 与 CRLF', () => {
        const kb = loadKnowledgeBase([{ path: '诊断.tsv', text: '\uFEFFcode\tname\r\nE11.900\t2型糖尿病\r\n\t\r\n' }]);
        expect(kb.catalogues.get('诊断')!).toEqual([{ code: 'E11.900', name: '2型糖尿病', kind: '诊断', source: '诊断.tsv' }]);
        expect(kb.problems).toEqual([]); // 全空的行当空行
    });

    it('中文表头与列顺序', () => {
        const kb = loadKnowledgeBase([{ path: '服务项目.csv', text: '名称,编码,备注\n急诊诊查费,001102000030000,含挂号\n' }]);
        expect(kb.index.get('001102000030000')[0]).toMatchObject({ name: '急诊诊查费', kind: '医疗服务项目', restriction: '含挂号' });
    });

    it('没有种类信息且形状猜不出：警告并跳过', () => {
        const kb = loadKnowledgeBase([{ path: 'local.tsv', text: 'code\tname\nH12345\t本地项目\nE11.900\t2型糖尿病\n' }]);
        expect(kb.index.has('H12345')).toBe(false);
        expect(kb.index.has('E11.900')).toBe(true);
        expect(kb.problems).toMatchObject([{ file: 'local.tsv', row: 2, severity: 'warning' }]);
    });

    it('同种类重复编码：警告，保留第一条', () => {
        const kb = loadKnowledgeBase([
            { path: 'a/诊断.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' },
            { path: 'b/诊断.tsv', text: 'code\tname\nE11.900\t另一个名字\n' }
        ]);
        expect(kb.index.get('E11.900')).toHaveLength(1);
        expect(kb.index.get('E11.900')[0]!.name).toBe('2型糖尿病');
        expect(kb.problems).toMatchObject([{ file: 'b/诊断.tsv', row: 2, severity: 'warning' }]);
    });

    it('JSON 目录（对象数组）', () => {
        const kb = loadKnowledgeBase([{ path: 'catalogue.json', text: json([{ code: '001102000030000', name: '急诊诊查费' }, { code: '', name: '空' }]) }]);
        expect(kb.index.get('001102000030000')[0]!.kind).toBe('医疗服务项目');
        expect(kb.problems).toMatchObject([{ file: 'catalogue.json', row: 2, severity: 'error' }]);
    });
});

describe('清单 zhishen-kb.json', () => {
    const manifest = {
        name: '测试知识库',
        catalogues: [{ file: 'cat/items.tsv', kind: '医疗服务项目', columns: { code: '项目代码', name: '项目名称' } }],
        codeSets: [
            { name: '床位费', file: 'sets/beds.txt', description: '床位' },
            { name: '内联', codes: ['XJ01CA*', 'A01.000x005+J17.0*', 'E11.900'] }
        ],
        dictionaries: [{ name: 'medins_lv', file: 'dict/lv.tsv', description: '本地机构等级', fallbackCategory: '一级' }],
        knowledgePoints: ['kp/*.json']
    };
    const files: KbFile[] = [
        { path: 'zhishen-kb.json', text: json(manifest) },
        { path: 'cat/items.tsv', text: '序号\t项目代码\t项目名称\n1\t001102000030000\t急诊诊查费\n' },
        { path: 'cat/unlisted.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' },
        { path: 'sets/beds.txt', text: '# 床位费\n001109000010000\n\n0011090000101*\n' },
        { path: 'dict/lv.tsv', text: 'code\tlabel\tcategory\nA\t三甲\t三级\nB\t乙\t不存在的归类\n' },
        { path: 'kp/one.json', text: json([kp('KP-1', '医疗服务项目限年龄', ['003402000320000'], { item_name: '职业功能训练', constraint: '限法定就业年龄段患者' })]) },
        { path: 'kp/sub/two.json', text: json([kp('KP-2', '医疗服务项目限年龄', ['003402000320001'])]) },
        { path: 'README.md', text: '说明' }
    ];
    const kb = loadKnowledgeBase(files);

    it('名称与清单角色', () => {
        expect(kb.name).toBe('测试知识库');
        expect(roleOf(kb, 'zhishen-kb.json')).toBe('manifest');
        expect(roleOf(kb, 'cat/items.tsv')).toBe('catalogue');
        expect(roleOf(kb, 'cat/unlisted.tsv')).toBe('ignored'); // 清单写了 catalogues，未列出的目录文件不读
        expect(roleOf(kb, 'kp/one.json')).toBe('knowledge-points');
        expect(roleOf(kb, 'kp/sub/two.json')).toBe('ignored'); // * 不跨目录
    });

    it('列映射', () => {
        expect(kb.index.get('001102000030000')[0]).toMatchObject({ name: '急诊诊查费', kind: '医疗服务项目', source: 'cat/items.tsv' });
        expect(kb.index.has('E11.900')).toBe(false);
    });

    it('代码集：文件（注释、空行）与内联（前缀；剑号星号组合码不是前缀）', () => {
        expect(kb.codeSets.get('床位费')).toMatchObject({ description: '床位', codes: ['001109000010000'], prefixes: ['0011090000101'] });
        expect(kb.codeSets.get('内联')).toMatchObject({ codes: ['A01.000x005+J17.0*', 'E11.900'], prefixes: ['XJ01CA'], source: 'zhishen-kb.json' });
    });

    it('字典：覆盖默认、清单的说明与兜底归类、非法归类警告', () => {
        const lv = kb.dictionaries.get('medins_lv')!;
        expect(lv.description).toBe('本地机构等级');
        expect(lv.fallbackCategory).toBe('一级');
        expect(lv.entries.get('A')).toEqual({ code: 'A', label: '三甲', category: '三级' });
        expect(lv.entries.get('B')).toEqual({ code: 'B', label: '乙' });
        expect(lv.entries.get('02')!.category).toBe('三级'); // 默认条目仍在
        expect(dictionaryCategory(kb, 'medins_lv', 'A')).toBe('三级');
        expect(dictionaryCategory(kb, 'medins_lv', 'ZZ')).toBe('一级');
        expect(problemsOf(kb, 'dict/lv.tsv')).toMatchObject([{ row: 3, severity: 'warning' }]);
    });

    it('知识点推得的服务项目带限定文字', () => {
        expect(kb.index.get('003402000320000')[0]).toMatchObject({ name: '职业功能训练', restriction: '限法定就业年龄段患者', source: 'kp/one.json' });
    });

    it('清单列出的文件不存在：报告', () => {
        const broken = loadKnowledgeBase([
            { path: 'zhishen-kb.json', text: json({ catalogues: [{ file: 'missing.tsv', kind: '诊断' }], knowledgePoints: ['nothing/*.json'] }) }
        ]);
        expect(broken.problems.map(p => p.severity)).toEqual(['error', 'warning']);
        expect(broken.problems[0]!.message).toContain('missing.tsv');
    });

    it('清单列出的 JSON 目录不是合法 JSON：一条问题，其余照常', () => {
        const kb2 = loadKnowledgeBase([
            { path: 'zhishen-kb.json', text: json({ catalogues: [{ file: 'drugs.json', kind: '药品' }, { file: 'dx.tsv', kind: '诊断' }] }) },
            { path: 'drugs.json', text: '[{"code": "XJ01' },
            { path: 'dx.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' }
        ]);
        expect(kb2.problems).toMatchObject([{ file: 'drugs.json', severity: 'error' }]);
        expect(kb2.problems[0]!.row).toBeUndefined();
        expect(kb2.index.has('E11.900')).toBe(true);
    });

    it('清单项写错（缺 file、类型不对）：报告并忽略该项，从不抛异常', () => {
        const kb2 = loadKnowledgeBase([
            {
                path: 'zhishen-kb.json', text: json({
                    name: 42,
                    catalogues: [{ kind: '诊断' }, 'x', { file: 'dx.tsv', kind: '病' }],
                    codeSets: [{ file: 'a.txt' }],
                    dictionaries: [{ name: 'gend' }],
                    knowledgePoints: [1, 'kp.json']
                })
            },
            { path: 'dx.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' },
            { path: 'kp.json', text: json([kp('KP-1', '类', ['001102000030000'])]) }
        ]);
        expect(kb2.name).toBe('知识库');
        expect(kb2.problems.filter(p => p.file === 'zhishen-kb.json')).toHaveLength(6);
        expect(kb2.index.get('E11.900')[0]!.kind).toBe('诊断'); // kind 不对 → 按形状
        expect(kb2.kpTables.get('类')).toHaveLength(1);
    });

    it('清单不是合法 JSON：报告后按约定加载', () => {
        const fallback = loadKnowledgeBase([
            { path: 'zhishen-kb.json', text: '{ name: ' },
            { path: '诊断.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' }
        ]);
        expect(fallback.problems).toMatchObject([{ file: 'zhishen-kb.json', severity: 'error' }]);
        expect(fallback.index.has('E11.900')).toBe(true);
    });

    it('子目录里的清单只管自己的文件夹（多个知识库合并）', () => {
        const merged = loadKnowledgeBase([
            { path: 'local/zhishen-kb.json', text: json({ name: '地方', dictionaries: [{ name: 'insutype', file: 'insutype.tsv' }] }) },
            { path: 'local/insutype.tsv', text: 'code\tlabel\tcategory\n999\t工伤保险\t工伤保险\n' },
            { path: 'national/icd10.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' }
        ]);
        expect(merged.name).toBe('地方');
        expect(merged.problems).toEqual([]);
        expect(dictionaryCategory(merged, 'insutype', '999')).toBe('工伤保险');
        expect(merged.index.has('E11.900')).toBe(true);
    });
});

describe('内容 id', () => {
    const files: KbFile[] = [
        { path: 'a/诊断.tsv', text: 'code\tname\nE11.900\t2型糖尿病\n' },
        { path: 'b.json', text: json([kp('KP-1', '类', ['001102000030000'])]) }
    ];

    it('相同内容 → 相同 id，与文件顺序无关', () => {
        const a = loadKnowledgeBase(files).id;
        expect(a).toMatch(/^kb-[0-9a-f]{16}$/);
        expect(loadKnowledgeBase([...files].reverse()).id).toBe(a);
        expect(loadKnowledgeBase(files.map(f => ({ ...f, path: f.path.replace('a/', './a/') }))).id).toBe(a);
    });

    it('内容或路径一变，id 就变', () => {
        const a = loadKnowledgeBase(files).id;
        expect(loadKnowledgeBase([{ ...files[0]!, text: files[0]!.text + 'I10\t高血压\n' }, files[1]!]).id).not.toBe(a);
        expect(loadKnowledgeBase([{ ...files[0]!, path: 'c/诊断.tsv' }, files[1]!]).id).not.toBe(a);
    });
});

describe('globMatch', () => {
    it.each([
        ['kp/*.json', 'kp/a.json', true],
        ['kp/*.json', 'kp/sub/a.json', false],
        ['kp/**/*.json', 'kp/sub/a.json', true],
        ['kp/**/*.json', 'kp/a.json', true],
        ['batch_?.json', 'batch_1.json', true],
        ['knowledge-points/药品限儿童使用.json', 'knowledge-points/药品限儿童使用.json', true],
        ['*.json', 'a.tsv', false]
    ] as const)('%s ~ %s → %s', (pattern, path, expected) => {
        expect(globMatch(pattern, path)).toBe(expected);
    });
});

describe('空知识库', () => {
    it('没有文件也能加载：只有默认字典', () => {
        const kb = loadKnowledgeBase([]);
        expect(kb.index.size).toBe(0);
        expect(kb.kpTables.size).toBe(0);
        expect([...kb.dictionaries.keys()]).toEqual(DEFAULT_DICTIONARIES.map(d => d.name));
        expect(kb.problems).toEqual([]);
    });
});
