/**
 * 演练场的批量筛查（worker 的 screenBatch）与命令行 zhishen screen --engine js 在随附的筛查样例上逐字节相同
 * （统计组——机构、医师层级——的结果也在内）；坏行报出行号，其余照常筛查；超过大小上限时说明原因不运行。
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineCore, MAX_BATCH_BYTES } from '../src/worker/engine-core.js';
import { REPO, samples } from './helpers.js';

// 与命令行 --rules stdlib-rules/rules 同一工作区根（结果里的源文件路径、规则包编号相对于它）
const standard = () => samples().rules.filter(r => r.group === '标准规则').map(r => ({ path: r.path.replace('stdlib-rules/rules/', ''), text: r.text }));
const batch = (name: string) => samples().claims.find(c => c.path === `stdlib-rules/claims/screening/${name}`)!;

function cliScreen(file: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'zs-batch-'));
    const out = join(dir, 'out.ndjson');
    execFileSync(process.execPath, [join(REPO, 'cli/bin/zhishen.js'), 'screen', '--engine', 'js', '--rules', join(REPO, 'stdlib-rules/rules'), '--kb', join(REPO, 'stdlib-rules/sample-kb'), '--claims', file, '-o', out], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(out, 'utf8');
}

describe('演练场批量筛查', () => {
    const core = new EngineCore();
    beforeAll(() => {
        // 与命令行 --kb stdlib-rules/sample-kb 读到的文件相同（含说明文件：知识库编号按全部文件计，进入规则包编号与结果编号）
        const dir = join(REPO, 'stdlib-rules/sample-kb');
        const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
            .filter(e => e.isFile())
            .map(e => join(e.parentPath, e.name).slice(dir.length + 1))
            .filter(p => !p.split('/').some(part => part.startsWith('.')))
            .sort((a, b) => {
                const x = a.split('/'), y = b.split('/');
                for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
                return x.length - y.length;
            })
            .map(p => ({ path: p, text: readFileSync(join(dir, p), 'utf8') }));
        core.loadKb(files, samples().kb.name);
    });

    for (const name of ['机构药占比.ndjson', '跨机构行为.ndjson']) {
        it(`${name}：结果与 zhishen screen --engine js 逐字节相同（含统计组结果）`, async () => {
            const sample = batch(name);
            const result = await core.screenBatch({ sources: standard(), batch: sample, params: {} });
            expect(result.ok).toBe(true);
            const text = result.findings.map(f => JSON.stringify(f) + '\n').join('');
            expect(text).toBe(cliScreen(join(REPO, sample.path)));
            expect(result.findings.length).toBeGreaterThan(0);
            expect(result.linesRead).toBe(sample.text.trimEnd().split('\n').length);
            if (name === '机构药占比.ndjson') {
                const cohort = result.findings.filter(f => f.population);
                expect(cohort.some(f => f.population!.level === '机构' && f.population!.statistic)).toBe(true);
                expect(cohort.some(f => f.population!.level === '医师')).toBe(true);
            }
        }, 60_000);
    }

    it('坏行报出行号与能认出的编号，其余照常筛查，与命令行一致', async () => {
        const lines = batch('机构药占比.ndjson').text.trimEnd().split('\n');
        const broken = [lines[0], '{"patn_id": "P坏", "mdtrt_id": ', '', ...lines.slice(1)].join('\n') + '\n';
        const result = await core.screenBatch({ sources: standard(), batch: { path: 'x.ndjson', text: broken }, params: {} });
        expect(result.parseErrors).toBe(1);
        expect(result.bad).toHaveLength(1);
        expect(result.bad[0].line).toBe(2);
        expect(result.bad[0].reason).toContain('不是有效的 JSON');
        expect(result.linesRead).toBe(lines.length + 1);
        const dir = mkdtempSync(join(tmpdir(), 'zs-batch-'));
        writeFileSync(join(dir, 'broken.ndjson'), broken);
        expect(result.findings.map(f => JSON.stringify(f) + '\n').join('')).toBe(cliScreen(join(dir, 'broken.ndjson')));
    }, 60_000);

    it('重复的键（JSON.parse 只留后一个）：这一行是坏行（ZR0019 的说明，带编号），不载入；请求 = 载入 + 拒绝，与命令行一致', async () => {
        const lines = batch('机构药占比.ndjson').text.trimEnd().split('\n');
        const twice = lines[1].replace('"hilist_code":', '"hilist_code":"X0000","hilist_code":');
        expect(twice).not.toBe(lines[1]);
        const text = [lines[0], twice, ...lines.slice(2)].join('\n') + '\n';
        const result = await core.screenBatch({ sources: standard(), batch: { path: 'x.ndjson', text }, params: {} });
        expect(result.parseErrors).toBe(0);
        expect(result.bad.map(b => b.line)).toEqual([2]);
        expect(result.bad[0].reason).toMatch(/\.hilist_code 第 \d+ 个字符处的键「hilist_code」.*已经出现过.*每个键只写一次/);
        expect(result.summary?.requests).toBe(lines.length);
        expect(result.summary?.reasons['同一个对象里有重复的键（解析只留后一个值，前一个会悄悄丢失）']).toBe(1);
        const dir = mkdtempSync(join(tmpdir(), 'zs-batch-'));
        writeFileSync(join(dir, 'dup.ndjson'), text);
        expect(result.findings.map(f => JSON.stringify(f) + '\n').join('')).toBe(cliScreen(join(dir, 'dup.ndjson')));
    }, 60_000);

    it(`超过 ${MAX_BATCH_BYTES / 1024 / 1024} MB 时不运行，说明用命令行`, async () => {
        const result = await core.screenBatch({ sources: standard(), batch: { path: 'big.ndjson', text: 'x'.repeat(MAX_BATCH_BYTES + 1) }, params: {} });
        expect(result.ok).toBe(false);
        expect(result.message).toContain('zhishen screen');
    });
});
