/** JSON 语法错误的中文说明：覆盖 V8 的各类错误文本；结果里没有英文，位置换算成行列。 */
import { describe, expect, it } from 'vitest';
import { describeJsonError } from '../src/index.js';

function explain(text: string): string {
    try {
        JSON.parse(text);
    } catch (error) {
        return describeJsonError(error, text);
    }
    throw new Error(`${text} 是有效的 JSON`);
}

describe('describeJsonError', () => {
    it.each([
        ['{"a":1 "b":2}', '第 1 行第 8 列（第 8 个字符）：属性值后面应为逗号或右花括号 }'],
        ['{"a":1,}', '第 1 行第 8 列（第 8 个字符）：应为带双引号的属性名'],
        ['{"a" 1}', '第 1 行第 6 列（第 6 个字符）：属性名后面应为冒号 :'],
        ['{\n  "a": [1, 2\n}', '第 3 行第 1 列（第 16 个字符）：数组元素后面应为逗号或右方括号 ]'],
        ['{"a":"x', '字符串没有结束的双引号'],
        ['{"a":', '第 1 行第 6 列（第 6 个字符）：JSON 不完整'],
        ['{"a":1}{"b":2}', '第 1 行第 8 列（第 8 个字符）：一个完整的 JSON 值后面还有多余的内容'],
        ['{"a":}', '出现了不该出现的字符「}」'],
        ['xyz', '出现了不该出现的字符「x」'],
        ['{"a":"\\q"}', '字符串里有无效的转义']
    ])('%s → %s', (text, expected) => {
        const message = explain(text);
        expect(message).toContain(expected);
        expect(message.replace(/JSON/g, '')).not.toMatch(/[A-Za-z]{4,}/);
    });

    it('没有原文时只给字符序号；不是 SyntaxError 的也不带英文', () => {
        expect(describeJsonError(new SyntaxError("Expected ':' after property name in JSON at position 5"))).toBe('第 6 个字符：属性名后面应为冒号 :');
        expect(describeJsonError(new Error('something odd'))).toBe('语法错误');
    });
});
