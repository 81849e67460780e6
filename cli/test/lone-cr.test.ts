/**
 * 行内单独的 \r 不是换行（问题 17-6）：zhishen run 早已在字节上只认 \n 切行；zhishen screen（js 引擎）、历史来源（run --history）与
 * zhishen history load 曾用 readline，它在单独的 \r 处断行——两行输入读成三行、一条好的理赔被当作坏行。现在都用 textLines。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textLines } from '../src/text-lines.js';
import { KB, root, zhishen } from './spawn.js';

const good = JSON.stringify(JSON.parse(readFileSync(join(root, 'examples/claims/同日重复收费.json'), 'utf8')));
/** JSON 允许 \r 作为记号之间的空白 */
const withCr = good.replace('"patient_dtos":', '\r"patient_dtos":').replace('"patn_id":', '\r"patn_id":');
const other = good.replace(/"T-20240302-001"/, '"T-OTHER"').replaceAll('"M100"', '"M200"');

async function collect(text: string | Buffer): Promise<Array<[number, string]>> {
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-lines-'));
    writeFileSync(join(dir, 'f.ndjson'), text);
    const out: Array<[number, string]> = [];
    for await (const { lineNumber, text: line } of textLines(join(dir, 'f.ndjson'))) out.push([lineNumber, line]);
    return out;
}

describe('textLines', () => {
    it('只认 \\n；CRLF 的 \\r 去掉，行内单独的 \\r 留下；开头的 BOM 去掉；空行计行号；结尾没有 \\n 的最后一行', async () => {
        expect(await collect('\uFEFFa\r\nb\rc\n\nd')).toEqual([[1, 'a'], [2, 'b\rc'], [3, ''], [4, 'd']]);
        expect(await collect('a\n')).toEqual([[1, 'a']]);
        expect(await collect('')).toEqual([]);
        expect(await collect('x\r\r\n')).toEqual([[1, 'x\r']]);
    });

    it('跨过读块边界（1 MB）的长行与多字节字符完整', async () => {
        const long = '甲'.repeat(600_000); // 1.8 MB 的 UTF-8
        expect(await collect(`${long}\r\n短\n${long}`)).toEqual([[1, long], [2, '短'], [3, long]]);
    });
});

describe('行内单独的 \\r 不是换行', () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'zhishen-lone-cr-'));
        cpSync(join(root, 'examples/语言导览.zs'), join(dir, 'rules.zs'));
        const built = zhishen(['build', 'rules.zs', '--kb', KB, '-o', 'pack.mjs'], dir);
        expect(built.code, built.stdout + built.stderr).toBe(0);
        writeFileSync(join(dir, 'cr.ndjson'), `${withCr}\n${other}\r\n`);
    }, 120_000);

    it('zhishen screen（js 引擎）：2 行读成 2 个请求，都载入', () => {
        const r = zhishen(['screen', '--pack', 'pack.mjs', '--claims', 'cr.ndjson', '-o', 'out.ndjson'], dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain('读取 2 行：请求 2，不是 JSON 的坏行 0');
        expect(r.stderr).toContain('理赔 2 张：载入 2，拒绝 0');
    });

    it('zhishen run --history：历史来源里带单独 \\r 的行照常读入（不是“不是有效的 JSON”）', () => {
        const r = zhishen(['run', '--pack', 'pack.mjs', '--claims', 'cr.ndjson', '--history', 'cr.ndjson', '--workers', '1'], dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.trim().split('\n')).toHaveLength(2);
        expect(r.stderr).toContain('读取 2，审核 2，拒绝 0');
    });

    it('zhishen history load：2 行载入 2 次就诊', () => {
        const r = zhishen(['history', 'load', '--store', join(dir, 'history.db'), '--claims', 'cr.ndjson'], dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain('已载入 2 次已结算的就诊（2 行）');
    });
});
