/**
 * 读不出来的 NDJSON 行：中文说明第几个字符、期望什么（不外露 V8 的英文），坏文本里能读出的编号带上。
 * 校验器与 JSON.parse 对“是否有效”逐条一致（随机变异的理赔文本上差分）。
 */
import { describe, expect, it } from 'vitest';
import { brokenJsonMessage, jsonSyntaxProblem, salvageClaimIds } from '../src/index.js';

const CLAIM = JSON.stringify({
    task_id: 'T-1', trig_scen: '6',
    patient_dtos: [{ patn_id: 'P-9', curr_mdtrt_id: 'M-2', fsi_encounter_dtos: [{ mdtrt_id: 'M-1' }, { mdtrt_id: 'M-2', fsi_order_dtos: [{ rx_id: 'r1', hilist_code: 'X', cnt: 1.5, pric: -2e3, name: '阿莫西林\u2028"引号"' }] }] }]
});

describe('jsonSyntaxProblem：位置与期望', () => {
    const cases: Array<[string, number, string, string]> = [
        ['{"a":1,}', 8, '属性名（带双引号的字符串；最后一个属性后面不能有逗号）', '「}」'],
        ['{"a" 1}', 6, '冒号 :', '「1」'],
        ['{"a":1', 7, '逗号 , 或 }（还有 1 层括号没有闭合）', '行尾'],
        ['[1,2', 5, '逗号 , 或 ]（还有 1 层括号没有闭合）', '行尾'],
        ['[1 2]', 4, '逗号 , 或 ]', '「2」'],
        ['{a:1}', 2, '属性名（带双引号的字符串）或 }', '「a」'],
        ["{'a':1}", 2, '属性名（带双引号的字符串）或 }', "「'」"],
        ['{"a":01}', 7, '小数点、逗号或括号（数字不能以 0 开头）', '「1」'],
        ['{"a":1.}', 8, '小数点后的数字', '「}」'],
        ['{"a":1e}', 8, '指数的数字', '「}」'],
        ['{"a":-}', 7, '数字', '「}」'],
        ['{"a":tru}', 6, '值（对象、数组、带双引号的字符串、数字、true、false 或 null）', '「t」'],
        ['{"a":"x\\q"}', 8, '转义 \\" \\\\ \\/ \\b \\f \\n \\r \\t 或 \\uXXXX', '转义「\\q」'],
        ['{"a":"\\u12"}', 7, '\\u 后面跟 4 位十六进制数', '不完整的 \\u 转义'],
        ['{"a":"x\ty"}', 8, '字符串里的字符（换行、制表符等控制字符要写成 \\n、\\t 之类的转义）', '控制字符 U+0009'],
        ['{"a":"abc', 10, '字符串结束的双引号 "', '行尾'],
        ['{"a":1} {"b":2}', 9, '行尾（一行只能有一个 JSON 值）', '「{」'],
        ['', 1, '值（对象、数组、带双引号的字符串、数字、true、false 或 null）', '行尾'],
        ['[', 2, '值（对象、数组、带双引号的字符串、数字、true、false 或 null）或 ]', '行尾'],
        // 按 Unicode 字符计位置：「𠀀」是一个字符（两个 UTF-16 单元）
        ['{"名𠀀":1,,}', 9, '属性名（带双引号的字符串；最后一个属性后面不能有逗号）', '「,」'],
        ['{"a":"\uFFFD"x}', 9, '逗号 , 或 }', '「x」'],
        ['{"a":\uFFFD}', 6, '值（对象、数组、带双引号的字符串、数字、true、false 或 null）', '无效的 UTF-8 字节（显示为 U+FFFD）']
    ];
    for (const [text, character, expected, found] of cases) {
        it(JSON.stringify(text), () => {
            expect(() => JSON.parse(text)).toThrow();
            expect(jsonSyntaxProblem(text)).toEqual({ character, expected, found });
            const message = brokenJsonMessage(text);
            expect(message).toBe(`不是有效的 JSON：第 ${character} 个字符处期望${expected}，实际是${found}`);
            expect(message).not.toMatch(/Unexpected|JSON at position|SyntaxError|token/);
        });
    }

    it('有效的 JSON 没有问题', () => {
        for (const text of [CLAIM, '1', ' "x" ', 'null', '[]', '{}', '[[[]]]', '{"a":[1,{"b":null}]}', '-0.5e+10', '"\\u00e9\\n"']) {
            expect(jsonSyntaxProblem(text), text).toBeNull();
        }
    });

    it('与 JSON.parse 一致：随机变异的理赔文本（删、插、改一个字符）', () => {
        let seed = 1717;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '1', '-', '.', 'e', 't', 'n', ' ', '\t', 'x', '\u0001', '名'];
        let invalid = 0;
        for (let i = 0; i < 5_000; i++) {
            const at = Math.floor(next() * CLAIM.length);
            const ch = alphabet[Math.floor(next() * alphabet.length)];
            const kind = Math.floor(next() * 3);
            const text = kind === 0 ? CLAIM.slice(0, at) + CLAIM.slice(at + 1) : kind === 1 ? CLAIM.slice(0, at) + ch + CLAIM.slice(at) : CLAIM.slice(0, at) + ch + CLAIM.slice(at + 1);
            let valid = true;
            try {
                JSON.parse(text);
            } catch {
                valid = false;
                invalid++;
            }
            expect(jsonSyntaxProblem(text) === null, text).toBe(valid);
        }
        expect(invalid).toBeGreaterThan(2_000);
    });

    it('线性时间：100 万层未闭合的括号、100 万字符的字符串', () => {
        const start = performance.now();
        expect(jsonSyntaxProblem('['.repeat(1_000_000))?.found).toBe('行尾');
        expect(jsonSyntaxProblem('"' + 'a'.repeat(1_000_000))?.expected).toBe('字符串结束的双引号 "');
        expect(performance.now() - start).toBeLessThan(2_000);
    });
});

describe('salvageClaimIds：从坏文本里读编号', () => {
    it('本次就诊取 curr_mdtrt_id；截断的理赔也能读出', () => {
        expect(salvageClaimIds(CLAIM.slice(0, -5))).toEqual({ task_id: 'T-1', patn_id: 'P-9', mdtrt_id: 'M-2' });
        expect(salvageClaimIds(CLAIM.replace('"cnt":1.5', '"cnt":1.5.5'))).toEqual({ task_id: 'T-1', patn_id: 'P-9', mdtrt_id: 'M-2' });
    });
    it('没有 curr_mdtrt_id 时取第一个 mdtrt_id；数字编号；转义', () => {
        expect(salvageClaimIds('{"task_id": 42, "patient_dtos":[{"patn_id":"P\\u0031","fsi_encounter_dtos":[{"mdtrt_id":"M-1"},{"mdtrt_id":"M-2"}')).toEqual({ task_id: '42', patn_id: 'P1', mdtrt_id: 'M-1' });
    });
    it('读不出的不编造：空值、非字符串、超长、没有这些键', () => {
        expect(salvageClaimIds('{"task_id":"","patn_id":null,"mdtrt_id":{"x":1}')).toEqual({});
        expect(salvageClaimIds(`{"task_id":"${'x'.repeat(300)}"`)).toEqual({});
        expect(salvageClaimIds('not json at all')).toEqual({});
    });
});
