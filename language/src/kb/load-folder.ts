/**
 * Node 专用：从文件夹读知识库（递归，跳过隐藏文件 / 目录与 node_modules），交给纯加载器。
 * 浏览器里请自己收集 KbFile[] 调 loadKnowledgeBase。对外是子路径 `@zhishen/language/kb-node`。
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { loadKnowledgeBase } from './load.js';
import { MANIFEST_FILE } from './manifest.js';
import type { KbFile, KnowledgeBase } from './types.js';

/** 不当文本读的文件（仍列入 files，内容记为空）。 */
const BINARY_EXT = new Set(['.xlsx', '.xls', '.pdf', '.zip', '.gz', '.7z', '.rar', '.png', '.jpg', '.jpeg', '.gif', '.doc', '.docx', '.parquet', '.db', '.sqlite']);

/** 读一个知识库文件夹。文件夹不存在时抛 Error（这是调用方的错误，不是坏记录）。 */
export async function loadKnowledgeBaseFolder(dir: string): Promise<KnowledgeBase> {
    return loadKnowledgeBaseFolders([dir]);
}

/**
 * 读多个知识库文件夹并合并（如国家知识库 + 地方字典）。多于一个时，每个文件的路径前加上其文件夹名
 * （重名时加序号），各文件夹的清单 zhishen-kb.json 只管自己的文件夹。
 */
export async function loadKnowledgeBaseFolders(dirs: string[]): Promise<KnowledgeBase> {
    if (dirs.length === 0) throw new Error('没有给出知识库目录。');
    const files: KbFile[] = [];
    const used = new Set<string>();
    const names: string[] = [];
    for (const dir of dirs) {
        const abs = nodePath.resolve(dir);
        await ensureDirectory(abs, dir);
        let prefix = '';
        if (dirs.length > 1) {
            const base = nodePath.basename(abs) || 'kb';
            prefix = base;
            for (let n = 2; used.has(prefix); n++) prefix = `${base}-${n}`;
            used.add(prefix);
        }
        const folderFiles = await collect(abs);
        for (const f of folderFiles) files.push({ path: prefix ? `${prefix}/${f.path}` : f.path, text: f.text });
        names.push(manifestName(folderFiles) ?? nodePath.basename(abs));
    }
    return loadKnowledgeBase(files, { name: names.join(' + ') });
}

async function ensureDirectory(abs: string, given: string): Promise<void> {
    let info;
    try {
        info = await stat(abs);
    } catch {
        throw new Error(`知识库目录不存在：${given}`);
    }
    if (!info.isDirectory()) throw new Error(`知识库路径不是目录：${given}（请给出包含目录、知识点文件的文件夹）`);
}

async function collect(root: string): Promise<KbFile[]> {
    // 先按名称次序列出全部文件，再同时读（线程池里并行；调用者可以在读的同时做别的，如 zhishen check 构造解析器），次序不变
    const found: Array<{ path: string; abs: string | null }> = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true });
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
            if (e.name.startsWith('.') || e.name === 'node_modules') continue;
            const abs = nodePath.join(dir, e.name);
            const relPath = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) {
                await walk(abs, relPath);
            } else if (e.isFile()) {
                const binary = BINARY_EXT.has(nodePath.extname(e.name).toLowerCase());
                found.push({ path: relPath, abs: binary ? null : abs });
            }
        }
    };
    await walk(root, '');
    const texts = await Promise.all(found.map(f => (f.abs === null ? '' : readFile(f.abs, 'utf8'))));
    return found.map((f, i) => ({ path: f.path, text: texts[i] }));
}

function manifestName(files: readonly KbFile[]): string | undefined {
    const manifest = files.find(f => f.path === MANIFEST_FILE);
    if (!manifest) return undefined;
    try {
        const value = JSON.parse(manifest.text.replace(/^\uFEFF/, '')) as { name?: unknown };
        return typeof value.name === 'string' && value.name ? value.name : undefined;
    } catch {
        return undefined;
    }
}
