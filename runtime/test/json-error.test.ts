/** describeJsonError：多行文本（配置文件、请求体）的行列与第几个字符；有效 JSON 返回 null；说明里没有英文。 */
import { describe, expect, it } from 'vitest';
import { brokenJsonMessage, describeJsonError } from '../src/index.js';

describe('describeJsonError', () => {
    it.each([
        ['{"a":1 "b":2}', '第 8 个字符处期望逗号 , 或 }，实际是「"」'],
        ['{\n  "a": [1, 2\n}', '第 3 行第 1 列（第 16 个字符）处期望逗号 , 或 ]，实际是「}」'],
        ['{"infno": "3101",\n "msgid": 1 "x": 2}', '第 2 行第 13 列（第 31 个字符）处期望逗号 , 或 }，实际是「"」'],
        ['{\n"名称": "甲",\n"b" 1}', '第 3 行第 5 列（第 18 个字符）处期望冒号 :，实际是「1」']
    ])('%s', (text, expected) => {
        expect(() => JSON.parse(text)).toThrow();
        const message = describeJsonError(text)!;
        expect(message).toBe(expected);
        expect(message).not.toMatch(/[A-Za-z]{4,}/);
    });

    it('有效的 JSON（如因 __proto__ 被拒的）返回 null；单行文本不写行列', () => {
        expect(describeJsonError('{"__proto__": {}}')).toBeNull();
        expect(brokenJsonMessage('{"a":}')).toBe('不是有效的 JSON：第 6 个字符处期望值（对象、数组、带双引号的字符串、数字、true、false 或 null），实际是「}」');
    });
});
