import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBaseFolder, loadKnowledgeBaseFolders } from '../../src/kb/load-folder.js';

let root: string;

function write(rel: string, text: string): void {
    const path = join(root, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
}

beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'zhishen-kb-'));
    write('national/icd10.tsv', 'code\tname\nE11.900\t2型糖尿病\n');
    write('national/sub/kp.json', JSON.stringify([{ kp_id: 'KP-1', rule_class: '药品限儿童使用', med_codes: ['XN05CCS273S003010101587'], item_name: '水合氯醛灌肠剂' }]));
    write('national/.hidden/secret.tsv', 'code\tname\nE10.900\t1型糖尿病\n');
    write('national/.DS_Store', 'x');
    write('national/node_modules/pkg/data.tsv', 'code\tname\nI10\t高血压\n');
    write('national/attachment.xlsx', 'PK binary');
    write('local/zhishen-kb.json', JSON.stringify({ name: '某市知识库', dictionaries: [{ name: 'insutype', file: 'insutype.tsv' }] }));
    write('local/insutype.tsv', 'code\tlabel\tcategory\n999\t工伤保险\t工伤保险\n');
    write('national2/national/icd9.tsv', 'code\tname\n36.0601\t冠状动脉药物涂层支架置入术\n');
});

afterAll(() => {
    rmSync(root, { recursive: true, force: true });
});

describe('loadKnowledgeBaseFolder', () => {
    it('递归读取，跳过隐藏文件 / 目录与 node_modules；名称为文件夹名', async () => {
        const kb = await loadKnowledgeBaseFolder(join(root, 'national'));
        expect(kb.name).toBe('national');
        expect(kb.files.map(f => f.path)).toEqual(['attachment.xlsx', 'icd10.tsv', 'sub/kp.json']);
        expect(kb.index.has('E11.900')).toBe(true);
        expect(kb.index.has('E10.900')).toBe(false);
        expect(kb.index.has('I10')).toBe(false);
        expect(kb.kpTables.get('药品限儿童使用')).toHaveLength(1);
        expect(kb.problems).toEqual([]);
    });

    it('有清单时名称取清单的 name', async () => {
        const kb = await loadKnowledgeBaseFolder(join(root, 'local'));
        expect(kb.name).toBe('某市知识库');
    });

    it('目录不存在：抛出中文错误', async () => {
        const missing = join(root, 'no-such-dir');
        await expect(loadKnowledgeBaseFolder(missing)).rejects.toThrow(`知识库目录不存在：${missing}`);
    });

    it('路径是文件而不是目录：抛错', async () => {
        await expect(loadKnowledgeBaseFolder(join(root, 'local/insutype.tsv'))).rejects.toThrow('不是目录');
    });

    it('同一内容两次加载 id 相同', async () => {
        const a = await loadKnowledgeBaseFolder(join(root, 'national'));
        const b = await loadKnowledgeBaseFolder(join(root, 'national'));
        expect(a.id).toBe(b.id);
    });
});

describe('loadKnowledgeBaseFolders', () => {
    it('合并多个文件夹，路径前加文件夹名，各清单只管自己的文件夹', async () => {
        const kb = await loadKnowledgeBaseFolders([join(root, 'national'), join(root, 'local')]);
        expect(kb.files.map(f => f.path)).toEqual(['local/insutype.tsv', 'local/zhishen-kb.json', 'national/attachment.xlsx', 'national/icd10.tsv', 'national/sub/kp.json']);
        expect(kb.name).toBe('national + 某市知识库');
        expect(kb.index.has('E11.900')).toBe(true);
        expect(kb.dictionaries.get('insutype')!.entries.get('999')!.category).toBe('工伤保险');
        expect(kb.problems).toEqual([]);
    });

    it('文件夹同名时加序号区分', async () => {
        const kb = await loadKnowledgeBaseFolders([join(root, 'national'), join(root, 'national2/national')]);
        expect(kb.files.map(f => f.path)).toContain('national-2/icd9.tsv');
        expect(kb.index.has('36.0601')).toBe(true);
    });

    it('任何一个不存在都抛错', async () => {
        await expect(loadKnowledgeBaseFolders([join(root, 'national'), join(root, 'nope')])).rejects.toThrow('知识库目录不存在');
    });
});
