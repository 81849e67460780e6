/**
 * zhishen screen --engine duckdb：同一批理赔、同一组规则（SQL 上能运行的那些；其余在两边都停用），输出与 --engine js 逐行相同；
 * SQL 不能运行的规则在汇总里逐条列出；--store 持久、再筛查不重复装载；不支持的组合给中文错误。
 */
import { describe, expect, it } from 'vitest';
import { KB, RULES, root, zhishen } from './spawn.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('zhishen screen --engine duckdb', () => {
    it('与 js 引擎（同一组规则）逐行相同；不能在 SQL 上运行的规则列在汇总里；--store 再筛查不重复装载', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-duckdb-'));
        const claims = join(root, 'stdlib-rules/claims');
        const lines = readdirSync(claims).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(join(claims, f), 'utf8'))));
        writeFileSync(join(dir, 'claims.ndjson'), lines.join('\n') + '\n');
        // 标准规则都在 SQL 上运行；另加一条 SQL 后端还不能运行的（拆分 的结果是集合），看汇总怎么列出
        writeFileSync(join(dir, 'split.zs'), '规则 ZT0001 "名称里有顿号分隔的多个药名" {\n  分类 药品监管类\n  级别 提醒\n  环节 事后\n  依据 「测试」\n  对每条 明细 m\n    当 计数(拆分(m.名称, "、")) > 1\n    违规 m\n}\n');

        const sql = zhishen(['screen', '--engine', 'duckdb', '--store', 's.duckdb', '--rules', RULES, 'split.zs', '--kb', KB, '--claims', 'claims.ndjson', '-o', 'sql.ndjson'], dir);
        expect(sql.code, sql.stderr).toBe(0);
        const unsupported = [...sql.stderr.matchAll(/^ {2}([A-Z][A-Z0-9]+)：/gm)].map(m => m[1]);
        expect(sql.stderr).toContain('有 1 条规则 SQL 后端还不能运行');
        expect(sql.stderr).toContain('ZT0001：拆分词语依赖理赔数据');
        // 标准规则（含跨理赔规则与经宿主函数的药理分类、符合适应症）都在 SQL 上运行
        expect(unsupported).toEqual(['ZT0001']);
        expect(sql.stderr).toContain(`读取 ${lines.length}，装入 ${lines.length}，重复 0，拒绝 0`);

        // js 一侧停用同一组规则（金额去重在一个患者的全部结果上进行，规则集相同才可比）
        writeFileSync(join(dir, 'config.json'), JSON.stringify({ 停用: unsupported }));
        const js = zhishen(['screen', '--rules', RULES, 'split.zs', '--kb', KB, '--claims', 'claims.ndjson', '--config', 'config.json', '-o', 'js.ndjson'], dir);
        expect(js.code, js.stderr).toBe(0);
        const sqlOut = readFileSync(join(dir, 'sql.ndjson'), 'utf8');
        const jsOut = readFileSync(join(dir, 'js.ndjson'), 'utf8');
        expect(sqlOut.split('\n').length).toBeGreaterThan(5);
        expect(sqlOut).toBe(jsOut);

        // 再筛查同一文件：库里已有，全部是重复，结果不变
        const again = zhishen(['screen', '--engine', 'duckdb', '--store', 's.duckdb', '--rules', RULES, 'split.zs', '--kb', KB, '--claims', 'claims.ndjson', '-o', 'again.ndjson'], dir);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stderr).toContain(`装入 0，重复 ${lines.length}`);
        expect(readFileSync(join(dir, 'again.ndjson'), 'utf8')).toBe(sqlOut);
    }, 240_000);

    it('读不出的行、无效的 UTF-8（本身或转义的 U+FFFD，规则不读的字段里也算）、重复的键：两个引擎拒绝同样的行、同样的原因，其余输出逐字节相同', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-bad-'));
        writeFileSync(join(dir, 'rules.zs'), readFileSync(join(root, 'examples/语言导览.zs'), 'utf8'));
        const good = JSON.stringify(JSON.parse(readFileSync(join(root, 'examples/claims/同日重复收费.json'), 'utf8')));
        const variant = (task: string, mdtrt: string) => good.replace('"T-20240302-001"', `"${task}"`).replaceAll('"M100"', `"${mdtrt}"`);
        const lines = [
            good,
            variant('T-FFFD', 'M201').replace('"hilist_name":"', '"hilist_name":"\uFFFD'),
            variant('T-ESC', 'M202').replace('"hilist_name":"', '"hilist_name":"\\ufffd'),
            variant('T-DUP', 'M203').replace('"hilist_code":"', '"hilist_code":"X","hilist_code":"'),
            '{"task_id": "T-BROKEN", ',
            variant('T-OK', 'M204')
        ];
        writeFileSync(join(dir, 'claims.ndjson'), lines.join('\n') + '\n');
        const args = ['--rules', 'rules.zs', '--kb', KB, '--claims', 'claims.ndjson', '--config', 'config.json'];
        writeFileSync(join(dir, 'config.json'), JSON.stringify({ 停用: ['ZS_DEMO_009'] })); // SQL 不能运行的规则两边都停用
        const js = zhishen(['screen', ...args, '-o', 'js.ndjson'], dir);
        const sql = zhishen(['screen', '--engine', 'duckdb', ...args, '-o', 'sql.ndjson'], dir);
        expect(js.code, js.stderr).toBe(0);
        expect(sql.code, sql.stderr).toBe(0);
        expect(readFileSync(join(dir, 'sql.ndjson'), 'utf8')).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
        const tasks = new Set(readFileSync(join(dir, 'js.ndjson'), 'utf8').trim().split('\n').map(l => JSON.parse(l).task_id));
        expect([...tasks].sort()).toEqual(['T-20240302-001', 'T-OK']);
        for (const [line, code] of [[2, 'ZR0018'], [3, 'ZR0018'], [4, 'ZR0019']] as const) {
            expect(sql.stderr).toMatch(new RegExp(`claims\\.ndjson:${line}：${code} `));
            expect(js.stderr).toMatch(new RegExp(`claims\\.ndjson:${line}：`));
        }
        expect(js.stderr).toContain('理赔 6 张：载入 2，拒绝 4');
        expect(sql.stderr).toContain('读取 6，装入 2，重复 0，拒绝 4');
    }, 120_000);

    it('--from / --to：两个引擎筛查同一批理赔（本次就诊入院日期在期间内，含两端），输出逐行相同；期间外的理赔计数', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-duckdb-'));
        const claims = join(root, 'stdlib-rules/claims');
        const lines = readdirSync(claims).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(join(claims, f), 'utf8'))));
        writeFileSync(join(dir, 'claims.ndjson'), lines.join('\n') + '\n');
        const period = ['--from', '2024-03-20', '--to', '2024-07-01'];
        const sql = zhishen(['screen', '--engine', 'duckdb', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', ...period, '-o', 'sql.ndjson'], dir);
        expect(sql.code, sql.stderr).toBe(0);
        const unsupported = [...sql.stderr.matchAll(/^ {2}([A-Z][A-Z0-9]+)：/gm)].map(m => m[1]);
        writeFileSync(join(dir, 'config.json'), JSON.stringify({ 停用: unsupported }));
        const js = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '--config', 'config.json', ...period, '-o', 'js.ndjson'], dir);
        expect(js.code, js.stderr).toBe(0);
        const all = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '--config', 'config.json', '-o', 'all.ndjson'], dir);
        const sqlOut = readFileSync(join(dir, 'sql.ndjson'), 'utf8');
        expect(sqlOut).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
        // 期间起作用：结果少于不限期间，且只来自期间内的就诊（03-20 与 07-01 两端都算）
        const allOut = readFileSync(join(dir, 'all.ndjson'), 'utf8');
        expect(sqlOut.length).toBeGreaterThan(0);
        expect(sqlOut.length).toBeLessThan(allOut.length);
        const tasks = new Set(sqlOut.trim().split('\n').map(l => JSON.parse(l).task_id));
        const taskOf = (file: string) => JSON.parse(readFileSync(join(claims, file), 'utf8')).task_id;
        expect(tasks.has(taskOf('01-脑梗死住院.json'))).toBe(false); // 03-01 入院
        expect(tasks.has(taskOf('14-康复住院.json'))).toBe(true); // 07-01 入院（期间最后一天）
        // 期间内 8 个请求的 8 张理赔与 18 号请求 8 个患者中 03-20 入院的 1 个；其余 16 张不在期间内
        expect(sql.stderr).toMatch(/筛查期间内的理赔 9 张.*另有 16 张不在期间内/);
        expect(js.stderr).toContain('拒绝：不在筛查期间内 16 张');

        const reversed = zhishen(['screen', '--engine', 'duckdb', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '--from', '2024-07-01', '--to', '2024-03-01'], dir);
        expect(reversed.code).toBe(2);
        expect(reversed.stderr).toContain('晚于');
    }, 240_000);

    it('--explain：duckdb 引擎的每条结果带的解释与 js 引擎的逐字节相同（有结果的请求从源文件取回原文重新求值）；源文件改了报错', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-duckdb-'));
        const claims = join(root, 'stdlib-rules/claims');
        const lines = readdirSync(claims).filter(f => f.endsWith('.json')).sort().map(f => JSON.stringify(JSON.parse(readFileSync(join(claims, f), 'utf8'))));
        // 第 2 行是空行：行号照实记，取回原文时按行号找
        writeFileSync(join(dir, 'claims.ndjson'), [lines[0], '', ...lines.slice(1)].join('\n') + '\n');
        const sql = zhishen(['screen', '--engine', 'duckdb', '--store', 's.duckdb', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '--explain', '-o', 'sql.ndjson'], dir);
        expect(sql.code, sql.stderr).toBe(0);
        const unsupported = [...sql.stderr.matchAll(/^ {2}([A-Z][A-Z0-9]+)：/gm)].map(m => m[1]);
        writeFileSync(join(dir, 'config.json'), JSON.stringify({ 停用: unsupported }));
        const js = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '--config', 'config.json', '--explain', '-o', 'js.ndjson'], dir);
        expect(js.code, js.stderr).toBe(0);
        const sqlOut = readFileSync(join(dir, 'sql.ndjson'), 'utf8');
        const findings = sqlOut.trim().split('\n').map(l => JSON.parse(l));
        expect(findings.length).toBeGreaterThan(5);
        expect(findings.every(f => typeof f.zhishen?.explanation === 'object' && f.zhishen.explanation !== null)).toBe(true);
        expect(sqlOut).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
        expect(sql.stderr).toContain(`解释：${findings.length} 条结果`);

        // 源文件在装载之后改了：不能从原文重新求值，中文错误
        writeFileSync(join(dir, 'claims.ndjson'), [lines[1], '', ...lines.slice(1)].join('\n') + '\n');
        const changed = zhishen(['screen', '--engine', 'duckdb', '--store', 's.duckdb', '--rules', RULES, '--kb', KB, '--claims', 'claims.ndjson', '--explain', '-o', 'x.ndjson'], dir);
        expect(changed.code).not.toBe(0);
        expect(changed.stderr).toMatch(/第 \d+ 行与装载时不同/);
    }, 240_000);

    it('筛查样例（跨机构行为、机构药占比）：两个引擎都用全部标准规则、不停用任何规则，输出逐字节相同（duckdb 引擎用两个装载线程）', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-duckdb-'));
        const samples = ['跨机构行为.ndjson', '机构药占比.ndjson'].map(f => join(root, 'stdlib-rules/claims/screening', f));
        const sql = zhishen(['screen', '--engine', 'duckdb', '--workers', '2', '--rules', RULES, '--kb', KB, '--claims', ...samples, '-o', 'sql.ndjson'], dir);
        expect(sql.code, sql.stderr).toBe(0);
        const js = zhishen(['screen', '--rules', RULES, '--kb', KB, '--claims', ...samples, '-o', 'js.ndjson'], dir);
        expect(js.code, js.stderr).toBe(0);
        const sqlOut = readFileSync(join(dir, 'sql.ndjson'), 'utf8');
        const rules = new Set(sqlOut.trim().split('\n').map(l => (JSON.parse(l) as { rule_id: string }).rule_id));
        for (const id of ['ZSP0002', 'ZSP0003', 'ZSP0004', 'ZSP0005', 'ZSP0006', 'ZSP0101']) expect(rules, id).toContain(id);
        expect(sqlOut).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
    }, 240_000);

    it('规则包与 duckdb 引擎：中文错误说明怎么改', () => {
        const dir = mkdtempSync(join(tmpdir(), 'zhishen-screen-duckdb-'));
        writeFileSync(join(dir, 'c.ndjson'), '{}\n');
        writeFileSync(join(dir, 'p.mjs'), '');
        const pack = zhishen(['screen', '--engine', 'duckdb', '--pack', 'p.mjs', '--claims', 'c.ndjson'], dir);
        expect(pack.code).toBe(2);
        expect(pack.stderr).toContain('duckdb 引擎要从规则源码生成 SQL');
        const master = zhishen(['screen', '--master', 'local[2]', '--rules', RULES, '--kb', KB, '--claims', 'c.ndjson'], dir);
        expect(master.code).toBe(2);
        expect(master.stderr).toContain('--master 只用于 --engine spark');
    }, 120_000);
});
