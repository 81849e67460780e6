/**
 * 引擎在一行上抛出异常（本不该发生）：错误行是 ZR0017，带这条理赔的编号与中文说明，不带 V8 的英文信息；统计照样对得上。
 */
import { describe, expect, it } from 'vitest';
import type { AuditEngine } from '@zhishen/runtime';
import { auditLine, emptyStats } from '../src/commands/run-lines.js';

const claim = JSON.stringify({ task_id: 'T9', patient_dtos: [{ patn_id: 'P9', curr_mdtrt_id: 'M9', fsi_encounter_dtos: [{ mdtrt_id: 'M9' }] }] });

function throwing(error: Error): AuditEngine {
    return { evaluate: () => { throw error; } } as unknown as AuditEngine;
}

describe('引擎抛出异常的一行', () => {
    for (const [name, error] of [
        ['类型错误', new TypeError("Cannot read properties of undefined (reading 'length')")],
        ['栈溢出', new RangeError('Maximum call stack size exceeded')]
    ] as const) {
        it(`${name}：ZR0017、编号、中文，没有英文信息`, () => {
            const stats = emptyStats();
            const out = JSON.parse(auditLine(throwing(error), claim, 7, stats));
            expect(out.line).toBe(7);
            expect(out.error).toMatchObject({ code: 'ZR0017', task_id: 'T9', patn_id: 'P9', mdtrt_id: 'M9' });
            expect(out.error.message).toMatch(/规则求值失败/);
            expect(out.error.hint).toMatch(/报告/);
            expect(JSON.stringify(out)).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{3,}/); // 没有英文句子
            expect(stats.read).toBe(1);
            expect(stats.rejected).toBe(1);
        });
    }
});
