import { describe, expect, it } from 'vitest';
import { CATEGORY_ENUMS, DEFAULT_DICTIONARIES, DICTIONARY_CATEGORY_ENUM, dictionaryCategory } from '../../src/kb/default-dictionaries.js';
import { loadKnowledgeBase } from '../../src/kb/load.js';

const dict = (name: string) => DEFAULT_DICTIONARIES.find(d => d.name === name)!;

describe('内置默认字典', () => {
    it('七个字典，来源为内置默认', () => {
        expect(DEFAULT_DICTIONARIES.map(d => d.name)).toEqual(['gend', 'med_type', 'medins_lv', 'insutype', 'medins_type', 'hilist_type', 'chrg_type']);
        for (const d of DEFAULT_DICTIONARIES) {
            expect(d.source).toBe('内置默认');
            expect(d.description.length).toBeGreaterThan(0);
        }
    });

    it.each(Object.entries(DICTIONARY_CATEGORY_ENUM))('%s 的归类都属于枚举 %s', (name, enumName) => {
        const allowed: readonly string[] = CATEGORY_ENUMS[enumName];
        const d = dict(name);
        for (const entry of d.entries.values()) if (entry.category !== undefined) expect(allowed).toContain(entry.category);
        if (d.fallbackCategory !== undefined) expect(allowed).toContain(d.fallbackCategory);
    });

    it('枚举值', () => {
        expect(CATEGORY_ENUMS).toEqual({
            性别: ['男', '女'],
            就医类别: ['门诊', '急诊', '住院', '购药'],
            机构等级: ['未定级', '一级', '二级', '三级'],
            险种类别: ['职工医保', '居民医保', '工伤保险', '生育保险', '其他险种'],
            机构类别: ['医院', '基层医疗机构', '互联网医院', '定点药店', '其他机构'],
            项目类别: ['西药中成药', '中药饮片', '医疗服务项目', '医用耗材', '其他项目']
        });
    });

    it.each([
        ['gend', '1', '男'], ['gend', '2', '女'], ['gend', '0', undefined], ['gend', '9', undefined], ['gend', '7', undefined],
        ['med_type', '11', '门诊'], ['med_type', '12', '门诊'], ['med_type', '13', '急诊'], ['med_type', '14', '门诊'],
        ['med_type', '21', '住院'], ['med_type', '22', '住院'], ['med_type', '23', '住院'], ['med_type', '24', '住院'],
        ['med_type', '41', '购药'], ['med_type', '51', '门诊'], ['med_type', '52', '住院'], ['med_type', '9901', undefined],
        ['medins_lv', '01', '三级'], ['medins_lv', '04', '三级'], ['medins_lv', '05', '二级'], ['medins_lv', '07', '二级'],
        ['medins_lv', '08', '一级'], ['medins_lv', '10', '一级'], ['medins_lv', '11', '未定级'],
        ['medins_lv', '1', '一级'], ['medins_lv', '2', '二级'], ['medins_lv', '3', '三级'], ['medins_lv', '9', '未定级'], ['medins_lv', 'X', undefined],
        ['insutype', '310', '职工医保'], ['insutype', '320', '职工医保'], ['insutype', '330', '职工医保'], ['insutype', '340', '其他险种'],
        ['insutype', '390', '居民医保'], ['insutype', '392', '居民医保'], ['insutype', '410', '其他险种'], ['insutype', '510', '生育保险'],
        ['insutype', '999', '其他险种'],
        ['medins_type', '1', '医院'], ['medins_type', '2', '定点药店'], ['medins_type', '3', '其他机构'], ['medins_type', '4', '其他机构'], ['medins_type', '8', '其他机构'],
        ['hilist_type', '101', '西药中成药'], ['hilist_type', '102', '中药饮片'], ['hilist_type', '201', '医疗服务项目'], ['hilist_type', '301', '医用耗材'], ['hilist_type', '999', '其他项目'],
        ['chrg_type', '01', undefined], ['no_such_dict', '1', undefined]
    ] as const)('dictionaryCategory(%s, %s) = %s', (name, code, category) => {
        expect(dictionaryCategory(undefined, name, code)).toBe(category);
    });

    it('chrg_type 01–14 的名称', () => {
        const labels = [...dict('chrg_type').entries.values()].map(e => `${e.code}${e.label}`);
        expect(labels).toEqual(['01床位费', '02诊察费', '03检查费', '04化验费', '05治疗费', '06手术费', '07护理费', '08卫生材料费', '09西药费', '10中药饮片费', '11中成药费', '12一般诊疗费', '13挂号费', '14其他费']);
    });

    it('gend 只有男 / 女两个归类：0 / 9 登记了名称但不归类（性别为空）', () => {
        expect(dict('gend').fallbackCategory).toBeUndefined();
        expect(dict('gend').entries.get('0')).toEqual({ code: '0', label: '未知的性别' });
        expect(dict('gend').entries.get('9')).toEqual({ code: '9', label: '未说明的性别' });
    });

    it('med_type 没有兜底归类', () => {
        expect(dict('med_type').fallbackCategory).toBeUndefined();
    });
});

describe('知识库字典覆盖默认', () => {
    it('同名字典文件覆盖同代码、补充新代码，其余默认保留', () => {
        const kb = loadKnowledgeBase([
            { path: 'dictionaries/insutype.tsv', text: 'code\tlabel\tcategory\n390\t居民医保（本地写法）\t居民医保\n999\t工伤保险\t工伤保险\n' },
            { path: 'dictionaries/medins_type.csv', text: 'code,label,category\n1,综合医院,医院\nA1,社区卫生服务中心,基层医疗机构\n' },
            { path: 'dictionaries/local_dict.tsv', text: 'code\tlabel\tcategory\nx\t本地\t\n' }
        ]);
        expect(dictionaryCategory(kb, 'insutype', '999')).toBe('工伤保险');
        expect(kb.dictionaries.get('insutype')!.entries.get('390')!.label).toBe('居民医保（本地写法）');
        expect(dictionaryCategory(kb, 'insutype', '310')).toBe('职工医保');
        expect(dictionaryCategory(kb, 'medins_type', 'A1')).toBe('基层医疗机构');
        expect(kb.dictionaries.get('medins_type')!.entries.get('1')!.label).toBe('综合医院');
        // 不在默认里的新字典
        const local = kb.dictionaries.get('local_dict')!;
        expect(local.entries.get('x')).toEqual({ code: 'x', label: '本地' });
        expect(local.source).toBe('dictionaries/local_dict.tsv');
        expect(kb.problems).toEqual([]);
    });

    it('字典行缺代码：报告行号', () => {
        const kb = loadKnowledgeBase([{ path: 'dictionaries/gend.tsv', text: 'code\tlabel\tcategory\n1\t男性\t男\n\t空代码\t女\n' }]);
        expect(kb.problems).toMatchObject([{ file: 'dictionaries/gend.tsv', row: 3, severity: 'error' }]);
    });
});
