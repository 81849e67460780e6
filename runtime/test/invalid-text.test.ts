/**
 * 无效的 UTF-8（U+FFFD）在理赔的任何位置——值或键、任何深度——都是 ZR0018，写明字段与能读出的编号。
 */
import { describe, expect, it } from 'vitest';
import { invalidTextError, invalidTextIn } from '../src/index.js';

const claim = () => ({
    task_id: 'T1',
    patient_dtos: [
        { patn_id: 'P0', curr_mdtrt_id: 'M0', fsi_encounter_dtos: [{ mdtrt_id: 'M0', fsi_order_dtos: [{ rx_id: 'r0', hilist_code: 'A', hilist_name: '药' }] }] },
        { patn_id: 'P1', fsi_encounter_dtos: [{ mdtrt_id: 'M1', fsi_order_dtos: [{ rx_id: 'r1', hilist_code: 'B', hilist_name: '针', cnt: 1 }, { rx_id: 'r2', hilist_code: 'C' }] }] }
    ]
});

describe('invalidTextError', () => {
    it('干净的理赔没有错误', () => {
        expect(invalidTextError(claim())).toBeNull();
        expect(invalidTextError(null)).toBeNull();
        expect(invalidTextError('x')).toBeNull();
    });

    const cases: Array<[string, (c: ReturnType<typeof claim>) => void, string, boolean, Record<string, string>]> = [
        ['名称（不是标识）', c => { c.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name = '针\uFFFD剂'; }, 'patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name', false, { task_id: 'T1', patn_id: 'P1', mdtrt_id: 'M1' }],
        ['编码', c => { c.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_code = 'A\uFFFD'; }, 'patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_code', false, { task_id: 'T1', patn_id: 'P0', mdtrt_id: 'M0' }],
        ['键名（字段会像缺失一样）', c => { const line = c.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1] as Record<string, unknown>; line['hilist_c\uFFFDde'] = line.hilist_code; delete line.hilist_code; }, 'patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[1].hilist_c\uFFFDde', true, { task_id: 'T1', patn_id: 'P1', mdtrt_id: 'M1' }],
        ['请求级', c => { (c as Record<string, unknown>).syscode = '\uFFFD'; }, 'syscode', false, { task_id: 'T1', patn_id: 'P0', mdtrt_id: 'M0' }],
        ['患者标识本身坏了：不拿坏的标识当编号', c => { c.patient_dtos[0].patn_id = 'P\uFFFD'; }, 'patient_dtos[0].patn_id', false, { task_id: 'T1', mdtrt_id: 'M0' }]
    ];
    for (const [name, mutate, path, inKey, ids] of cases) {
        it(name, () => {
            const c = claim();
            mutate(c);
            const error = invalidTextError(c)!;
            expect(error).not.toBeNull();
            expect(error.code).toBe('ZR0018');
            expect(error.path).toBe(path);
            expect(error.message).toContain(inKey ? '字段名' : '的值');
            expect(error.message).toContain('UTF-8');
            const { task_id, patn_id, mdtrt_id } = error;
            expect(Object.fromEntries(Object.entries({ task_id, patn_id, mdtrt_id }).filter(([, v]) => v !== undefined))).toEqual(ids);
        });
    }

    it('第一个出现的位置（按文本次序）；不递归，很深的嵌套也不栈溢出', () => {
        const c = claim();
        c.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name = '\uFFFD';
        c.patient_dtos[1].patn_id = '\uFFFD';
        expect(invalidTextError(c)!.path).toBe('patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name');
        let deep: unknown = '\uFFFD';
        for (let i = 0; i < 100_000; i++) deep = [deep];
        expect(invalidTextError({ x: deep })!.code).toBe('ZR0018');
    });
});

describe('invalidTextIn：先看原文，再遍历', () => {
    const withName = () => { const c = claim(); c.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name = '针\uFFFD剂'; return c; };
    it('原文里有 U+FFFD 本身，或任意大小写的转义 \\ufffd：与 invalidTextError 相同', () => {
        const c = withName();
        const literal = JSON.stringify(c);
        expect(invalidTextIn(literal, c)).toEqual(invalidTextError(c));
        for (const escape of ['\\ufffd', '\\uFFFD', '\\uFfFd']) {
            const text = literal.replace('\uFFFD', escape);
            expect(text).not.toContain('\uFFFD');
            expect(JSON.parse(text)).toEqual(c);
            expect(invalidTextIn(text, JSON.parse(text))?.path).toBe('patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[0].hilist_name');
        }
    });
    it('原文里没有：不遍历也知道没有（其他转义、转义的反斜杠后跟 ufffd 的误报只多遍历一次）', () => {
        const c = claim();
        expect(invalidTextIn(JSON.stringify(c), c)).toBeNull();
        const other = { ...c, syscode: '\u836f\\ufffd' };
        const text = JSON.stringify(other);
        expect(text).toContain('\\\\ufffd');
        expect(invalidTextIn(text, JSON.parse(text))).toBeNull();
    });
});
