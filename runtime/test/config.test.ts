/**
 * 部署配置：对照 manifest 校验（未知规则、未知参数、单位不对 → 中文错误），参数值按类型解析。
 */
import { describe, expect, it } from 'vitest';
import { parseParamValue, validateConfig } from '../src/engine/config.js';
import { decodeValue } from '../src/contract/encoding.js';
import type { ManifestParam, ManifestRule, PackManifest } from '../src/contract/pack.js';
import { CodeMatcher } from '../src/values/codes.js';
import { daysFromCivil, MINUTES_PER_DAY } from '../src/values/dates.js';

const M = 1_000_000;
const CHINESE = /[\u4e00-\u9fff]/;

function rule(id: string, params: ManifestParam[]): ManifestRule {
    return {
        id, name: id, category: '测试', level: '明确违规', phases: ['事后'], scenes: [], applies: {}, basis: '', notes: [],
        source: { file: 'x.zs', line: 1, column: 1, endLine: 1, endColumn: 1 }, params, instances: 1, inactive: 0
    };
}

const manifest: PackManifest = {
    format: 'zhishen-pack/2', id: 'test', name: 'test', compiler: 'test', kb: null, dropped: [],
    levelCodes: { 明确违规: '1', 高度可疑: '2', 轻度可疑: '3', 提醒: '4' },
    rules: [
        rule('R1', [
            { name: '年龄上限', type: 'age', value: 18, display: '18岁' },
            { name: '间隔', type: 'duration', value: 15 * MINUTES_PER_DAY, display: '15天' },
            { name: '金额上限', type: 'money', value: 100 * M, display: '100元' }
        ]),
        rule('R2', [
            { name: '次数', type: 'quantity', value: 3 * M, display: '3次' },
            { name: '年龄上限', type: 'age', value: 14, display: '14岁' }
        ])
    ]
};

describe('validateConfig', () => {
    it('正确的配置：中文键与英文键', () => {
        const raw = {
            参数: { '*': { 年龄上限: '16岁' }, R1: { 间隔: '30天', 金额上限: 50.5 } },
            级别代码: { 明确违规: 'A', 提醒: 9 },
            违规行为代码: { 测试: '01' },
            停用: ['R2'],
            说明: '某统筹区'
        };
        const { config, errors } = validateConfig(raw, manifest);
        expect(errors).toEqual([]);
        expect(config.parameters).toEqual({ '*': { 年龄上限: 16 }, R1: { 间隔: 30 * MINUTES_PER_DAY, 金额上限: 50.5 * M } });
        expect(config.levelCodes).toEqual({ 明确违规: 'A', 提醒: '9' });
        expect(config.behaviorCodes).toEqual({ 测试: '01' });
        expect(config.disabled).toEqual(['R2']);
        expect(config.enabled).toBeUndefined();
        const english = validateConfig({ parameters: { R2: { 次数: '5次' } }, levelCodes: { 高度可疑: 'B' }, behaviorCodes: {}, enabled: ['R1'], disabled: [], description: '' }, manifest);
        expect(english.errors).toEqual([]);
        expect(english.config.parameters).toEqual({ R2: { 次数: 5 * M } });
        expect(english.config.enabled).toEqual(['R1']);
        expect(validateConfig({ 按知识点合并: ['R2'] }, manifest).config.mergeByKnowledgePoint).toEqual(['R2']);
        expect(validateConfig({ mergeByKnowledgePoint: ['*'] }, manifest).config.mergeByKnowledgePoint).toEqual(['*']);
    });

    const bad: Array<[string, unknown, RegExp]> = [
        ['不是对象', [], /JSON 对象/],
        ['不是对象（null）', null, /JSON 对象/],
        ['未知的配置项', { 参数表: {} }, /未知的配置项「参数表」/],
        ['参数中的未知规则', { 参数: { R9: { 年龄上限: '16岁' } } }, /规则「R9」不在规则包中/],
        ['未知参数', { 参数: { R1: { 次数: '5次' } } }, /规则「R1」都没有参数「次数」/],
        ['所有规则都没有的参数', { 参数: { '*': { 阈值: 1 } } }, /任何规则都没有参数「阈值」/],
        ['单位不对：金额写成天', { 参数: { R1: { 金额上限: '15天' } } }, /参数「金额上限」（规则 R1）：单位「天」不对，应写成如「100元」/],
        ['单位不对：年龄写成天', { 参数: { '*': { 年龄上限: '6天' } } }, /单位「天」不对/],
        ['单位不对：时长写成岁', { 参数: { R1: { 间隔: '3岁' } } }, /单位「岁」不对，应写成如「15天」/],
        ['不是数值', { 参数: { R1: { 金额上限: '一百元' } } }, /「一百元」不是数值/],
        ['数值类型不对', { 参数: { R1: { 金额上限: true } } }, /应写成如「100元」/],
        // 超出范围不是「不是数值」（问题 17-3），并写明上限
        ['金额超出范围', { 参数: { R1: { 金额上限: '100000000000元' } } }, /「100000000000元」超出可表示的范围（绝对值不超过 9007199254\.740991）/],
        ['金额超出范围（JSON 数字）', { 参数: { R1: { 金额上限: 1e300 } } }, /超出可表示的范围/],
        ['金额要舍入', { 参数: { R1: { 金额上限: '0.00000001元' } } }, /需要舍入才能表示（最多 6 位小数）/],
        ['年龄不是整岁', { 参数: { '*': { 年龄上限: '6.5岁' } } }, /需要舍入才能表示（年龄是整岁）/],
        ['参数不是对象', { 参数: { R1: 5 } }, /应是对象/],
        ['参数整体不是对象', { 参数: 5 }, /「参数」应是对象/],
        ['未知级别', { 级别代码: { 严重: '1' } }, /「严重」不是审核级别/],
        ['级别代码不是对象', { 级别代码: 5 }, /应是对象/],
        ['违规行为代码不是对象', { 违规行为代码: 'x' }, /应是对象/],
        ['启用中的未知规则', { 启用: ['R1', 'R9'] }, /「启用」中的规则「R9」不在规则包中/],
        ['停用不是数组', { 停用: 'R1' }, /「停用」应是规则编号的数组/],
        ['按知识点合并中的未知规则', { 按知识点合并: ['R9'] }, /「按知识点合并」中的规则「R9」不在规则包中/]
    ];
    for (const [name, raw, pattern] of bad) {
        it(`错误：${name}`, () => {
            const { errors } = validateConfig(raw, manifest);
            expect(errors.length, JSON.stringify(errors)).toBeGreaterThan(0);
            expect(errors.join('\n')).toMatch(pattern);
            for (const e of errors) expect(e).toMatch(CHINESE);
        });
    }

    it('出错的项不生效，其余照常', () => {
        const { config, errors } = validateConfig({ 参数: { R1: { 金额上限: '15天', 间隔: '7天' } }, 启用: ['R1', 'R9'] }, manifest);
        expect(errors).toHaveLength(2);
        expect(config.parameters.R1).toEqual({ 间隔: 7 * MINUTES_PER_DAY });
        expect(config.enabled).toEqual(['R1']);
    });
});

describe('parseParamValue', () => {
    const value = (type: string, display: string, raw: unknown) => parseParamValue({ type, display }, raw);
    it('数量类', () => {
        expect(value('money', '100元', '12.34元')).toEqual({ value: 12_340_000 });
        expect(value('money', '100元', ' 0.1 ')).toEqual({ value: 100_000 });
        expect(value('money', '100元', -5)).toEqual({ value: -5 * M });
        expect(value('duration', '15天', '12小时')).toEqual({ value: 720 });
        expect(value('duration', '15天', 2)).toEqual({ value: 2 * MINUTES_PER_DAY });
        expect(value('age', '18岁', '6岁')).toEqual({ value: 6 });
        expect(value('quantity', '3次', '4个')).toEqual({ value: 4 * M });
        expect(value('number', '0.5', '50%')).toEqual({ value: 500_000 });
        expect(value('number', '0.5', 0.25)).toEqual({ value: 250_000 });
    });

    it('其他类型', () => {
        expect(value('text', '"甲"', '乙')).toEqual({ value: '乙' });
        expect(value('text', '"甲"', 1)).toEqual({ error: '应是文本' });
        expect(value('boolean', '真', false)).toEqual({ value: false });
        expect(value('boolean', '真', 'false')).toHaveProperty('error');
        expect(value('date', '2024-01-01', '2024-07-01')).toEqual({ value: daysFromCivil(2024, 7, 1) });
        expect(value('date', '2024-01-01', '2024-02-30')).toHaveProperty('error');
        const codes = value('codes', '{…}', ['XJ01*', 'E11.900']) as { value: CodeMatcher };
        expect(codes.value).toBeInstanceOf(CodeMatcher);
        expect(codes.value.has('XJ01ABC')).toBe(true);
        expect(codes.value.has('E11.900')).toBe(true);
        expect(codes.value.has('E11.9')).toBe(false);
        expect(value('codes', '{…}', 'XJ01*')).toHaveProperty('error');
        expect(value('set', '{…}', ['a', 1])).toEqual({ value: new Set(['a', '1']) });
    });

    it('decodeValue：manifest 中的集合与代码集', () => {
        expect(decodeValue({ $set: ['a', 'b'] })).toEqual(new Set(['a', 'b']));
        const m = decodeValue({ $codes: { codes: ['A'], prefixes: ['B'] } }) as CodeMatcher;
        expect(m.has('BX')).toBe(true);
        expect(decodeValue(5)).toBe(5);
        expect(decodeValue([1])).toEqual([1]);
        expect(decodeValue(null)).toBeNull();
    });
});
