/**
 * 重复的键（问题 17 的失败开放）：JSON.parse 悄悄只留最后一个；duplicateKeyError 把它变成这条理赔的错误 ZR0019，
 * 写明键、所在对象的路径、第几个字符与编号。快路径（mayHaveDuplicateKeys）不会漏掉任何重复。
 */
import { describe, expect, it } from 'vitest';
import { duplicateKeyError, findDuplicateKey, mayHaveDuplicateKeys } from '../src/index.js';
import { Random } from '../../tests/support/random.js';

const LINE_A = '{"rx_id":"r1","hilist_code":"A","cnt":1}';
const claim = (lines: string, extra = '') =>
    `{"task_id":"T1"${extra},"patient_dtos":[{"patn_id":"P0","fsi_encounter_dtos":[{"mdtrt_id":"M0"}]},{"patn_id":"P1","curr_mdtrt_id":"M1","fsi_encounter_dtos":[{"mdtrt_id":"M1","fsi_order_dtos":[${lines}]}]}]}`;

describe('findDuplicateKey', () => {
    it('没有重复：null（不同对象里的同名键不算重复）', () => {
        expect(findDuplicateKey(claim(`${LINE_A},${LINE_A}`))).toBeNull();
        expect(findDuplicateKey('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}')).toBeNull();
        expect(findDuplicateKey('[]')).toBeNull();
        expect(findDuplicateKey('"a"')).toBeNull();
    });

    const cases: Array<[string, string, string, string]> = [
        ['明细里的编码写了两次', claim(`${LINE_A},{"rx_id":"r2","hilist_code":"A","hilist_code":"B"}`), 'hilist_code', 'patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1]'],
        ['两份明细列表', claim(LINE_A).replace('"fsi_order_dtos":[', '"fsi_order_dtos":[],"fsi_order_dtos":['), 'fsi_order_dtos', 'patient_dtos[1].fsi_encounter_dtos[0]'],
        ['顶层的键', claim(LINE_A, ',"task_id":"T2"'), 'task_id', ''],
        ['转义写法相同的键', '{"a\\u0062":1,"ab":2}', 'ab', ''],
        ['空白与换行隔开的键、嵌套数组里的对象', '{ "x" : [ [ 1 , { "k" : 1 } ] , [ { "k" : 1 ,\n "k" : 2 } ] ] }', 'k', 'x[1][0]'],
        ['字符串值里有引号、冒号与反斜杠', '{"n":"a\\":\\\\","m":{"v":"\\"","v":"x"}}', 'v', 'm']
    ];
    for (const [name, text, key, objectPath] of cases) {
        it(name, () => {
            expect(() => JSON.parse(text)).not.toThrow();
            const dup = findDuplicateKey(text)!;
            expect(dup).toMatchObject({ key, objectPath, path: objectPath ? `${objectPath}.${key}` : key });
            expect(dup.firstOffset).toBeLessThan(dup.offset);
            expect(text[dup.offset]).toBe('"');
            expect(JSON.parse(text.slice(dup.offset, dup.offset + dup.length))).toBe(key);
            expect(mayHaveDuplicateKeys(text, JSON.parse(text))).toBe(true);
        });
    }

    it('线性：100 万层嵌套、50 万个键不递归、不超时', () => {
        const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
        expect(findDuplicateKey(deep)).toBeNull();
        const wide = `{${Array.from({ length: 500_000 }, (_, i) => `"k${i}":${i}`).join(',')},"k7":0}`;
        expect(findDuplicateKey(wide)).toMatchObject({ key: 'k7', objectPath: '' });
    });
});

describe('duplicateKeyError', () => {
    it('ZR0019：中文，写明键、路径、第几个字符与第一次出现的位置，带所在患者的编号', () => {
        const text = claim(`${LINE_A},{"rx_id":"r2","hilist_code":"A","hilist_code":"B"}`);
        const error = duplicateKeyError(text, JSON.parse(text))!;
        const second = text.lastIndexOf('"hilist_code"') + 1;
        const first = text.lastIndexOf('"hilist_code"', second - 2) + 1;
        expect(error).toEqual({
            code: 'ZR0019',
            path: 'patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1].hilist_code',
            message: `第 ${second} 个字符处的键「hilist_code」在 patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1] 里已经出现过（第 ${first} 个字符）：JSON 解析只会留下后一个值，前一个就像不存在，这条理赔不按被覆盖的内容审核`,
            hint: expect.stringContaining('每个键只写一次'),
            task_id: 'T1', patn_id: 'P1', mdtrt_id: 'M1'
        });
    });

    it('多行的文本给出行列；报文里的理赔（claimAt）从那里读编号', () => {
        const text = `{"infno":"3101","input":{"data":{\n"task_id":"T9",\n"patient_dtos":[{"patn_id":"P9","patn_id":"P8"}]}}}`;
        const error = duplicateKeyError(text, JSON.parse(text), 'input.data')!;
        expect(error.path).toBe('input.data.patient_dtos[0].patn_id');
        expect(error.message).toMatch(/^第 3 行第 33 列（第 \d+ 个字符）处的键「patn_id」/);
        expect(error).toMatchObject({ task_id: 'T9', patn_id: 'P8' });
    });

    it('没有重复的理赔：null，字符串值里碰巧有 ": 也是 null', () => {
        for (const text of [claim(LINE_A), claim('{"rx_id":"r1","hilist_name":"\\":\\"","memo":"a\\" : b"}'), '{"a":":"}', '[1,2]', '3']) {
            expect(duplicateKeyError(text, JSON.parse(text)), text).toBeNull();
        }
    });

    it('快路径不漏：随机的 JSON（键可能重复、值里有引号冒号）上 mayHaveDuplicateKeys 为假时一定没有重复', () => {
        const r = new Random(17);
        const keys = ['a', 'b', 'a\\u0062', 'ab', ':', '\\":', ' '];
        const strings = ['""', '":"', '"\\":"', '"\\\\"', '"x: y"', '" : "'];
        const value = (depth: number): string => {
            const k = r.int(0, depth > 3 ? 2 : 4);
            if (k === 0) return r.pick(strings);
            if (k === 1) return String(r.int(-5, 5));
            if (k === 2) return r.pick(['true', 'null']);
            if (k === 3) return `[${Array.from({ length: r.int(0, 3) }, () => value(depth + 1)).join(r.pick([',', ' , ']))}]`;
            return `{${Array.from({ length: r.int(0, 4) }, () => `"${r.pick(keys)}"${r.pick([':', ' :', ':\n'])}${value(depth + 1)}`).join(',')}}`;
        };
        let duplicates = 0;
        for (let n = 0; n < 3000; n++) {
            const text = value(0);
            const parsed = JSON.parse(text);
            const dup = findDuplicateKey(text);
            if (dup) duplicates++;
            if (!mayHaveDuplicateKeys(text, parsed)) expect(dup, text).toBeNull();
            expect(duplicateKeyError(text, parsed) !== null, text).toBe(dup !== null);
        }
        expect(duplicates).toBeGreaterThan(100);
    });
});
