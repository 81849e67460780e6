/**
 * ZS0507 的形状判断：嵌套的无上限量词报出，其余（有上限、字符类里的括号与量词、转义）不报。
 */
import { describe, expect, it } from 'vitest';
import { nestedQuantifier, overlappingAlternation, repeatedWildcard } from '../../src/validation/logic-checks.js';

const cases: Array<[pattern: string, expected: string | undefined]> = [
    ['(a+)+', '(a+)+'],
    ['^(\\d+,)+$', '(\\d+,)+'],
    ['(x*y)*z', '(x*y)*'],
    ['(?:a|b+){2,}', '(?:a|b+){2,}'],
    ['(a+)+?', '(a+)+?'],
    ['((a+)b)+', '((a+)b)+'],
    ['(a(b+))*', '(a(b+))*'],
    ['((ab)+c)+', '((ab)+c)+'],
    ['支付不超过(\\d+)天', undefined],
    ['(\\d+,){1,10}', undefined],
    ['(a+)?', undefined],
    ['(a+){3}', undefined],
    ['(ab)+', undefined],
    ['a+b*c+', undefined],
    ['[(+]+(a)', undefined],
    ['\\(a+\\)+', undefined],
    ['(a)+(b+)', undefined],
    ['限(二|三)级及以上', undefined]
];

describe('嵌套的无上限量词', () => {
    it.each(cases)('%s → %s', (pattern, expected) => {
        expect(new RegExp(pattern, 'u')).toBeInstanceOf(RegExp);
        expect(nestedQuantifier(pattern)).toBe(expected);
    });
});

// 问题 17-7：nestedQuantifier 看不出的两种灾难性回溯
const overlapping: Array<[string, string | undefined]> = [
    ['^(a|a)*$', '(a|a)*'],
    ['(a|aa)+', '(a|aa)+'],
    ['(|x)*', '(|x)*'],
    ['(?:片|片剂){2,}', '(?:片|片剂){2,}'],
    ['(片|粒)+', undefined],
    ['(a|a)', undefined],
    ['(a|a){3}', undefined]
];
const wildcard: Array<[string, string | undefined]> = [
    ['^(.*a){25}$', '(.*a){25}'],
    ['(.+x)+', '(.+x)+'],
    ['(.*a){2}', undefined],
    ['([^a]*a){25}', undefined],
    ['(\\.*a){25}', undefined]
];

describe('重复组里重叠的分支', () => {
    it.each(overlapping)('%s → %s', (pattern, expected) => {
        expect(overlappingAlternation(pattern)).toBe(expected);
    });
});

describe('多次重复的 .*', () => {
    it.each(wildcard)('%s → %s', (pattern, expected) => {
        expect(repeatedWildcard(pattern)).toBe(expected);
    });
});
