/**
 * Spark 作业的命中行文件读回（readHits）：按规则分组、保持每条规则内的行序、没有命中的规则是空列表，
 * 大于一个读块（4 MB）的文件与跨块的行照样读对——不把整个文件读进一个字符串。
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlProgram } from '@zhishen/compiler';
import { hitRows, readHits } from '@zhishen/store';

const dirs: string[] = [];
afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function hitsFile(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-hits-'));
    dirs.push(dir);
    const file = join(dir, 'hits.ndjson');
    writeFileSync(file, text);
    return file;
}

/** readHits 只读规则的编号与次序 */
function programOf(ids: string[]): SqlProgram {
    return { rules: ids.map(id => ({ id })) } as unknown as SqlProgram;
}

describe('readHits', () => {
    it('按规则分组、规则内保持文件里的行序；没有命中的规则是空列表；空行跳过；耗时表带到每条规则上', async () => {
        const file = hitsFile([
            '{"rule":"B","ck":"c1","v":[3]}',
            '',
            '{"rule":"A","ck":"c2","v":[1],"p0":"中文，含\\"引号\\""}',
            '{"rule":"B","ck":"c0","v":[1,2]}',
            ''
        ].join('\n'));
        const rules = await readHits(file, programOf(['A', 'B', 'C']), new Map([['B', 12]]));
        expect(rules.map(r => [r.plan.id, r.index, r.ms])).toEqual([['A', 0, 0], ['B', 1, 12], ['C', 2, 0]]);
        expect(rules[0].rows).toEqual([{ ck: 'c2', v: [1], p0: '中文，含"引号"' }]);
        expect(rules[1].rows).toEqual([{ ck: 'c1', v: [3] }, { ck: 'c0', v: [1, 2] }]);
        expect(rules[2].rows).toEqual([]);
    });

    it('大于一个读块的文件：行数与内容都对，跨块的行（含多字节的中文）完整', async () => {
        const n = 60_000;
        const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ rule: i % 3 === 0 ? 'A' : 'B', ck: `理赔-${i}`, pad: '医保'.repeat(20) }));
        const file = hitsFile(lines.join('\n') + '\n');
        const rules = await readHits(file, programOf(['A', 'B']));
        expect(rules[0].rows.length + rules[1].rows.length).toBe(n);
        expect(rules[0].rows.length).toBe(n / 3);
        expect(rules[0].rows.every((r, k) => r.ck === `理赔-${3 * k}` && r.pad === '医保'.repeat(20))).toBe(true);
        expect(rules[1].rows.at(-1)).toEqual({ ck: `理赔-${n - 1}`, pad: '医保'.repeat(20) });
    });

    it('hitRows 按文件次序逐行产出 {规则, 命中行}，不带 rule 字段，空行与末尾没有换行的最后一行都照样处理', async () => {
        const file = hitsFile('{"rule":"B","ck":"c1"}\n\n{"rule":"A","ck":"c2","v":[1]}\n{"rule":"B","ck":"c3"}');
        const seen: Array<{ rule: string; row: Record<string, unknown> }> = [];
        for await (const hit of hitRows(file)) seen.push(hit);
        expect(seen).toEqual([
            { rule: 'B', row: { ck: 'c1' } },
            { rule: 'A', row: { ck: 'c2', v: [1] } },
            { rule: 'B', row: { ck: 'c3' } }
        ]);
    });
});
