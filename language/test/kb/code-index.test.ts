import { describe, expect, it } from 'vitest';
import { boundedLevenshtein, buildCodeIndex, SEARCH_RANK } from '../../src/kb/code-index.js';
import type { CatalogueEntry, CatalogueKind } from '../../src/kb/types.js';

const e = (code: string, name: string, kind: CatalogueKind, source = 't.tsv'): CatalogueEntry => ({ code, name, kind, source });

const ENTRIES: CatalogueEntry[] = [
    e('E11.900', '2型糖尿病', '诊断'),
    e('E11.901', '2型糖尿病伴血糖控制不佳', '诊断'),
    e('E11.503', '2型糖尿病足病', '诊断'),
    e('E10.900', '1型糖尿病', '诊断'),
    e('O24.400', '妊娠期糖尿病', '诊断'),
    e('I10.x00x002', '高血压', '诊断'),
    e('I10.x03', '高血压1级', '诊断'),
    e('36.0601', '冠状动脉药物涂层支架置入术', '手术'),
    e('36.0602', '冠状动脉裸支架置入术', '手术'),
    e('XJ01CAA040A001010102699', '阿莫西林胶囊', '药品'),
    e('XJ01CAA040A001010405611', '阿莫西林片', '药品'),
    e('XH01ACY367B002010104870', '怡培生长激素注射液', '药品'),
    e('XL03AXX234B001010100568', '重组人干扰素注射液', '药品'),
    e('ZA04CAE0023010100166', '儿童清肺口服液', '药品'),
    e('001103000010000', '急诊监护费', '医疗服务项目'),
    e('001102000030000', '急诊诊查费', '医疗服务项目'),
    e('001109000010000', '普通病房床位费', '医疗服务项目'),
    e('001109000010100', '普通病房床位费(单人间)', '医疗服务项目'),
    e('T000700200', '丁香', '中药饮片'),
    // 同一编码出现在两个目录来源
    e('001109000010000', '普通病房床位费', '医疗服务项目', 'kp.json')
];

const index = buildCodeIndex(ENTRIES);
const codes = (hits: Array<{ entry: CatalogueEntry }>) => hits.map(h => h.entry.code);

describe('精确查找', () => {
    it('size 计入每个来源', () => {
        expect(index.size).toBe(ENTRIES.length);
    });

    it.each(ENTRIES.map(x => [x.code, x.kind] as const))('get/has %s', (code, kind) => {
        expect(index.has(code)).toBe(true);
        expect(index.get(code).some(x => x.kind === kind)).toBe(true);
    });

    it('同一编码的多个来源都返回', () => {
        expect(index.get('001109000010000')).toHaveLength(2);
    });

    it('未知编码', () => {
        expect(index.has('E11.999')).toBe(false);
        expect(index.get('E11.999')).toEqual([]);
        expect(index.has('e11.900')).toBe(false); // 精确查找区分大小写
    });
});

describe('byPrefix', () => {
    it('按编码排序', () => {
        expect(index.byPrefix('E11').map(x => x.code)).toEqual(['E11.503', 'E11.900', 'E11.901']);
    });

    it('limit 与 kinds', () => {
        expect(index.byPrefix('E1', { limit: 2 })).toHaveLength(2);
        expect(index.byPrefix('0011', { kinds: ['诊断'] })).toEqual([]);
        expect(index.byPrefix('XJ01CAA040').map(x => x.name)).toEqual(['阿莫西林胶囊', '阿莫西林片']);
    });

    it('区分大小写（i10.x 不等于 I10.x）', () => {
        expect(index.byPrefix('I10.x').length).toBe(2);
        expect(index.byPrefix('I10.X')).toEqual([]);
    });

    it('空前缀列出全部', () => {
        expect(index.byPrefix('')).toHaveLength(ENTRIES.length);
    });
});

describe('search', () => {
    it('中文名称：完全相同排第一，其次以查询开头，再按名称长短', () => {
        const hits = index.search('2型糖尿病');
        expect(hits[0]!.entry.code).toBe('E11.900');
        expect(hits[0]!.match).toBe('name');
        expect(hits[0]!.rank).toBe(SEARCH_RANK.exactName);
        expect(codes(hits)).toEqual(['E11.900', 'E11.503', 'E11.901']);
    });

    it('名称包含', () => {
        const hits = index.search('糖尿病');
        expect(codes(hits)).toContain('O24.400');
        // 以“糖尿病”开头的没有；按名称长短排：1型糖尿病 与 2型糖尿病 在前
        expect(codes(hits).slice(0, 2).sort()).toEqual(['E10.900', 'E11.900']);
    });

    it('编码：精确在前，再按编码顺序的前缀', () => {
        const hits = index.search('E11.9');
        expect(codes(hits)).toEqual(['E11.900', 'E11.901']);
        expect(hits.every(h => h.match === 'prefix')).toBe(true);
        const exact = index.search('E11.900');
        expect(exact[0]!.match).toBe('exact');
        expect(exact[0]!.rank).toBe(SEARCH_RANK.exactCode);
    });

    it('编码查询不分大小写', () => {
        expect(codes(index.search('e11.9'))).toEqual(['E11.900', 'E11.901']);
        expect(codes(index.search('i10.X00'))).toEqual(['I10.x00x002']);
    });

    it.each(['amx', 'amxl', 'amxljn'])('拼音首字母 %s → 阿莫西林', (q) => {
        const hits = index.search(q);
        expect(hits[0]!.entry.name).toMatch(/^阿莫西林/);
        expect(hits[0]!.match).toBe('pinyin');
    });

    it('拼音：以查询开头的在前，包含的在后', () => {
        const hits = index.search('tnb');
        expect(hits.length).toBeGreaterThan(0);
        // “糖尿病”在名称中间（2型糖尿病 → 2xtnb），都是包含
        expect(hits.every(h => h.rank === SEARCH_RANK.pinyinContains)).toBe(true);
        expect(index.search('jzjhf')[0]!.entry.code).toBe('001103000010000');
    });

    it('多音字：其他读音也能找到，排在默认读音之后', () => {
        // “重组”的“重”默认读 zhong；按 chong 打 czr 也要找到
        const hits = index.search('czr');
        expect(hits.map(h => h.entry.name)).toContain('重组人干扰素注射液');
        const zzr = index.search('zzr');
        expect(zzr[0]!.entry.name).toBe('重组人干扰素注射液');
    });

    it('大写字母查询先当编码；没有编码命中再试拼音', () => {
        expect(codes(index.search('XJ01'))).toEqual(['XJ01CAA040A001010102699', 'XJ01CAA040A001010405611']);
        expect(index.search('AMX')[0]!.entry.name).toMatch(/^阿莫西林/);
    });

    it('全小写字母：拼音优先，编码前缀排最后', () => {
        const hits = index.search('xj');
        // 没有名称首字母含 xj 的条目时，仍能按编码前缀找到
        expect(codes(hits)).toContain('XJ01CAA040A001010102699');
        expect(hits.find(h => h.entry.code === 'XJ01CAA040A001010102699')!.rank).toBe(SEARCH_RANK.codePrefixLate);
    });

    it('limit 与 kinds', () => {
        expect(index.search('糖尿病', { limit: 2 })).toHaveLength(2);
        expect(index.search('急诊', { kinds: ['诊断'] })).toEqual([]);
        expect(codes(index.search('00110', { kinds: ['医疗服务项目'], limit: 3 }))).toEqual(['001102000030000', '001103000010000', '001109000010000']);
    });

    it('一个条目只出现一次（编码与名称都命中）', () => {
        const hits = index.search('1');
        const keys = hits.map(h => `${h.entry.code}|${h.entry.source}`);
        expect(new Set(keys).size).toBe(keys.length);
    });

    it('空查询', () => {
        expect(index.search('')).toEqual([]);
        expect(index.search('   ')).toEqual([]);
        expect(index.search('没有这个名称')).toEqual([]);
    });
});

describe('nearest（你是否想要）', () => {
    it.each([
        ['E11.901x', 'E11.901'],
        ['E11.9O0', 'E11.900'],
        ['001103000O10000', '001103000010000'],
        ['001103000010001', '001103000010000'],
        ['36.06O1', '36.0601'],
        ['XJ01CAA040A001010102698', 'XJ01CAA040A001010102699'],
        ['F11.900', 'E11.900'], // 首字符就错：公共前缀为 0 时放宽到全部编码
        ['e11.900', 'E11.900'] // 只差大小写
    ])('%s → %s', (typo, expected) => {
        const near = index.nearest(typo);
        expect(near[0]?.code).toBe(expected);
        expect(near.length).toBeLessThanOrEqual(3);
    });

    it('已知编码本身不作为建议；kinds 过滤；limit', () => {
        expect(index.nearest('E11.900').map(x => x.code)).not.toContain('E11.900');
        expect(index.nearest('001103000O10000', { kinds: ['诊断'] })).toEqual([]);
        expect(index.nearest('E11.90', { limit: 1 })).toHaveLength(1);
    });

    it('差得太远不建议', () => {
        expect(index.nearest('ZZZZZZZZZ')).toEqual([]);
    });
});

describe('boundedLevenshtein', () => {
    it.each([
        ['abc', 'abc', 3, 0],
        ['abc', 'abd', 3, 1],
        ['abc', 'ab', 3, 1],
        ['kitten', 'sitting', 3, 3],
        ['kitten', 'sitting', 2, 3], // 超过上界返回 max + 1
        ['a', 'abcdef', 3, 4]
    ] as const)('%s ~ %s (≤%i) = %i', (a, b, max, d) => {
        expect(boundedLevenshtein(a, b, max)).toBe(d);
    });
});

describe('空索引', () => {
    const empty = buildCodeIndex([]);
    it('各方法都安全', () => {
        expect(empty.size).toBe(0);
        expect(empty.search('x')).toEqual([]);
        expect(empty.nearest('E11.900')).toEqual([]);
        expect(empty.byPrefix('E')).toEqual([]);
    });
});
