/**
 * 代码集：精确编码、编码族（前缀）、类目区间；编码从不因长度或格式被拒绝，只是不匹配。
 */
import { describe, expect, it } from 'vitest';
import { CodeMatcher, isCodeMatcher } from '../src/values/codes.js';

describe('CodeMatcher', () => {
    it('精确编码：各种长度与写法', () => {
        const codes = ['XN05CCS273S003010101587', 'ZA01AAX0256010100839', '001103000010000', 'C01010101001000000000000000', 'T000700200', 'I10.x00x002', 'A01.000x005+J17.0*', 'E11.900', '36.0601', '本院-001'];
        const m = new CodeMatcher({ codes });
        for (const code of codes) expect(m.has(code), code).toBe(true);
        for (const code of ['XN05CCS273S00301010158', 'I10.x00x00', 'A01.000x005', 'E11.9', 'e11.900', ' E11.900', '', '本院']) expect(m.has(code), code).toBe(false);
    });

    it('编码族（前缀）：前缀本身、更长的编码；更短或不同的不匹配', () => {
        const m = new CodeMatcher({ prefixes: ['XJ01', '0011090000101', 'A01.000x005+'] });
        expect(m.has('XJ01')).toBe(true);
        expect(m.has('XJ01CAA040A001010100102')).toBe(true);
        expect(m.has('XJ0')).toBe(false);
        expect(m.has('XJ02CAA040A001010100102')).toBe(false);
        expect(m.has('001109000010100')).toBe(true);
        expect(m.has('001109000010000')).toBe(false);
        expect(m.has('A01.000x005+J17.0*')).toBe(true);
        expect(m.has('A01.000x005')).toBe(false);
    });

    it('类目区间：按下端的长度截取比较，两端都包含', () => {
        const m = new CodeMatcher({ ranges: [['N40', 'N51'], ['C60', 'C63']] });
        for (const code of ['N40', 'N40.x00', 'N45.900x001', 'N49.9', 'N51', 'N51.801', 'C60.000', 'C61.x00', 'C63.9']) expect(m.has(code), code).toBe(true);
        for (const code of ['N39.9', 'N52', 'N52.0', 'C59', 'C64.x00', 'O00', 'n45', 'M40', '']) expect(m.has(code), code).toBe(false);
    });

    it('区间：上端比下端长或短', () => {
        const m = new CodeMatcher({ ranges: [['O00', 'O99.9'], ['A01.0', 'A02']] });
        expect(m.has('O99.900')).toBe(true);
        expect(m.has('O00.000')).toBe(true);
        expect(m.has('A01.000x005+J17.0*')).toBe(true);
        expect(m.has('A02.100')).toBe(true);
        expect(m.has('A01')).toBe(false);
        expect(m.has('A03.0')).toBe(false);
    });

    it('非文本与空串不匹配', () => {
        const m = new CodeMatcher({ codes: ['1', 'true'], prefixes: [''], ranges: [['0', '9']] });
        for (const value of [1, true, null, undefined, {}, ['1'], '']) expect(m.has(value), JSON.stringify(value)).toBe(false);
    });

    it('union、size、toData', () => {
        const a = new CodeMatcher({ codes: ['B', 'A'], prefixes: ['XJ01', 'XJ01'] });
        const b = new CodeMatcher({ codes: ['A', 'C'], ranges: [['N40', 'N51']] });
        const u = CodeMatcher.union(a, b);
        expect(u.has('C')).toBe(true);
        expect(u.has('XJ01X')).toBe(true);
        expect(u.has('N45')).toBe(true);
        expect(a.size).toBe(3); // 前缀去重
        expect(u.toData()).toEqual({ codes: ['A', 'B', 'C'], prefixes: ['XJ01'], ranges: [['N40', 'N51']] });
        expect(new CodeMatcher(u.toData()).toData()).toEqual(u.toData());
        expect(isCodeMatcher(u)).toBe(true);
        expect(isCodeMatcher(u.toData())).toBe(false);
    });
});
