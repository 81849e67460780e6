/**
 * 仓库自带的样例知识库 stdlib-rules/sample-kb：用清单加载，开箱即用。
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBaseFolder } from '../../src/kb/load-folder.js';
import { DEFAULT_DICTIONARIES } from '../../src/kb/default-dictionaries.js';
import { kbSummary } from '../../src/kb/stats.js';
import type { KbManifest, KnowledgeBase } from '../../src/kb/types.js';

const DIR = fileURLToPath(new URL('../../../stdlib-rules/sample-kb/', import.meta.url));
const NATIONAL = fileURLToPath(new URL('../../../../shared/kb-data/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(DIR, 'zhishen-kb.json'), 'utf8')) as KbManifest;
const dataRows = (rel: string) => readFileSync(join(DIR, rel), 'utf8').split('\n').slice(1).filter(l => l.length > 0);

let kb: KnowledgeBase;
beforeAll(async () => {
    kb = await loadKnowledgeBaseFolder(DIR);
});

describe('样例知识库：清单加载', () => {
    it('名称与清单、没有任何问题', () => {
        expect(kb.name).toBe('智审样例知识库');
        expect(manifest.name).toBe('智审样例知识库');
        expect(manifest.version).toBeTruthy();
        expect(kb.problems).toEqual([]);
    });

    it('清单显式列出每个数据文件，所有文件都按清单的角色载入', () => {
        const roles = new Map(kb.files.map(f => [f.path, f.role]));
        for (const c of manifest.catalogues!) expect(roles.get(c.file)).toBe('catalogue');
        for (const d of manifest.dictionaries!) expect(roles.get(d.file)).toBe('dictionary');
        for (const s of manifest.codeSets!) if (s.file) expect(roles.get(s.file)).toBe('code-set');
        for (const k of manifest.knowledgePoints!) expect(roles.get(k)).toBe('knowledge-points');
        const ignored = kb.files.filter(f => f.role === 'ignored').map(f => f.path);
        expect(ignored).toEqual(['README.md', 'build-sample.mjs']);
    });

    it.each([
        ['catalogues/诊断.tsv', '诊断'],
        ['catalogues/手术.tsv', '手术'],
        ['catalogues/药品.tsv', '药品'],
        ['catalogues/医疗服务项目.tsv', '医疗服务项目'],
        ['catalogues/中药饮片.tsv', '中药饮片']
    ] as const)('%s 全部载入为 %s', (file, kind) => {
        const rows = dataRows(file);
        expect(kb.catalogues.get(kind)!.filter(e => e.source === file)).toHaveLength(rows.length);
        expect(rows.length).toBeGreaterThan(0);
    });

    it('21 个规则类，没有被取代的点', () => {
        expect(kb.kpTables.size).toBe(21);
        expect(kb.supersededCount).toBe(0);
    });

    it('每个知识点编码都在目录里（目录由知识点整理）', () => {
        const s = kbSummary(kb);
        expect(s.catalogues.every(c => c.fromKnowledgePoints === 0)).toBe(true);
        for (const p of [...kb.kpTables.values()].flat()) {
            for (const code of p.med_codes) expect(kb.index.has(code), `${p.kp_id} ${code}`).toBe(true);
        }
    });

    it('演示需要的知识点：急诊监护费×急诊诊查费', () => {
        const pair = kb.kpTables.get('医疗服务项目重复收费')!.find(p => p.med_codes.join() === '001103000010000,001102000030000');
        expect(pair?.item_name).toBe('急诊监护费×急诊诊查费');
        const sex = kb.kpTables.get('药品区分性别使用')!;
        expect(sex.some(p => p.constraint.includes('前列腺'))).toBe(true);
        expect(kb.kpTables.get('医疗服务项目区分性别使用')!.some(p => (p.constraint + p.item_name).includes('子宫'))).toBe(true);
    });

    it('代码集：床位费、护理费（文件）与阿莫西林（内联前缀）', () => {
        const beds = kb.codeSets.get('床位费')!;
        expect(beds.codes).toContain('001109000010000');
        expect(beds.codes).toContain('001109000010100');
        const nursing = kb.codeSets.get('护理费')!;
        expect(nursing.codes).toContain('001201000030000'); // Ⅰ级护理
        for (const code of [...beds.codes, ...nursing.codes]) expect(kb.index.has(code), code).toBe(true);
        expect(kb.codeSets.get('阿莫西林')).toMatchObject({ codes: [], prefixes: ['XJ01CAA040'] });
        expect(kb.index.byPrefix('XJ01CAA040').map(e => e.name)).toEqual(['阿莫西林胶囊', '阿莫西林片']);
    });

    it('字典文件 = 内置默认 + 地方才有的示例代码（medins_type 3 互联网医院、4 基层医疗机构）', () => {
        const local: Record<string, string[]> = { medins_type: ['3', '4'] };
        for (const d of DEFAULT_DICTIONARIES) {
            const loaded = kb.dictionaries.get(d.name)!;
            expect(loaded.source).toBe(`dictionaries/${d.name}.tsv`);
            expect([...loaded.entries.values()].filter(e => !(local[d.name] ?? []).includes(e.code))).toEqual([...d.entries.values()]);
            expect([...loaded.entries.keys()].filter(c => !d.entries.has(c))).toEqual(local[d.name] ?? []);
            expect(loaded.fallbackCategory).toBe(d.fallbackCategory);
            expect(loaded.description).toBe(d.description);
        }
    });

    it('小：总大小不超过约 1.7 MB（1.71：围手术期与编码规则用到的手术操作节、脓毒症诊断）', () => {
        const size = (dir: string): number => readdirSync(dir).reduce((n, name) => {
            const p = join(dir, name);
            return n + (statSync(p).isDirectory() ? size(p) : statSync(p).size);
        }, 0);
        expect(size(DIR)).toBeLessThan(1_710_000);
    });
});

describe('样例知识库：搜索', () => {
    it.each(['amx', 'amxl', '阿莫西林'])('%s → 阿莫西林', (q) => {
        const hits = kb.index.search(q, { limit: 5 });
        expect(hits[0]!.entry.name).toMatch(/^阿莫西林/);
        expect(hits.slice(0, 2).map(h => h.entry.code).sort()).toEqual(['XJ01CAA040A001010102699', 'XJ01CAA040A001010405611']);
    });

    it("2型糖尿病、E11.9、cwf（床位费）", () => {
        expect(kb.index.search('2型糖尿病')[0]!.entry.code).toBe('E11.900');
        expect(kb.index.search('E11.9')[0]!.entry.code).toBe('E11.900');
        expect(kb.index.search('cwf').some(h => h.entry.code === '001109000010000')).toBe(true);
    });

    it('药品条目带限定文字', () => {
        const restricted = kb.catalogues.get('药品')!.filter(e => e.restriction);
        expect(restricted.length).toBeGreaterThan(100);
        expect(restricted.every(e => !/[\t\n]/.test(e.restriction!))).toBe(true);
    });
});

describe.skipIf(!existsSync(NATIONAL))('样例知识库与国家数据一致', () => {
    it('诊断、手术行原样取自国家表', () => {
        const national = new Map<string, string>();
        for (const file of ['icd10-chs.tsv', 'icd9cm3-chs.tsv']) {
            for (const line of readFileSync(join(NATIONAL, file), 'utf8').split('\n').slice(1)) {
                const [code, name] = line.split('\t');
                if (code) national.set(code, name!);
            }
        }
        for (const e of [...kb.catalogues.get('诊断')!, ...kb.catalogues.get('手术')!]) expect(national.get(e.code), e.code).toBe(e.name);
    });

    it('知识点记录原样取自国家数据，且不含被取代的旧点', () => {
        const byId = new Map<string, unknown>();
        const superseded = new Set<string>();
        const liangku = join(NATIONAL, 'liangku');
        for (const f of readdirSync(liangku)) {
            if (!/^(batch_|updates_)/.test(f)) continue;
            for (const r of JSON.parse(readFileSync(join(liangku, f), 'utf8')) as Array<{ kp_id: string; supersedes: string | null }>) {
                byId.set(r.kp_id, r);
                if (r.supersedes) superseded.add(r.supersedes);
            }
        }
        for (const file of manifest.knowledgePoints!) {
            for (const r of JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Array<{ kp_id: string }>) {
                expect(byId.get(r.kp_id)).toEqual(r);
                expect(superseded.has(r.kp_id)).toBe(false);
            }
        }
    });

    it('除两个阿莫西林编码外，目录编码都来自国家数据', () => {
        const nationalCodes = new Set<string>();
        for (const f of readdirSync(join(NATIONAL, 'liangku'))) {
            if (!/^(batch_|updates_)/.test(f)) continue;
            for (const r of JSON.parse(readFileSync(join(NATIONAL, 'liangku', f), 'utf8')) as Array<{ med_codes: string[] }>) {
                for (const c of r.med_codes) nationalCodes.add(c);
            }
        }
        const extra = ['药品', '医疗服务项目', '中药饮片'].flatMap(k => kb.catalogues.get(k as '药品')!).filter(e => !nationalCodes.has(e.code)).map(e => e.code);
        expect(extra.sort()).toEqual(['XJ01CAA040A001010102699', 'XJ01CAA040A001010405611']);
    });
});
