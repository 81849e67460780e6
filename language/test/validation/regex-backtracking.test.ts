/**
 * ZS0507 的形状判断：嵌套的无上限量词报出，其余（有上限、字符类里的括号与量词、转义）不报。
 */
import { describe, expect, it } from 'vitest';
import { nestedQuantifier } from '../../src/validation/logic-checks.js';

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
