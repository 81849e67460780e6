/**
 * 用户加载的知识库（选一个文件夹，或几个文件）→ 纯加载器的 KbFile[]。
 * 文件夹：路径去掉最外层文件夹名（webkitRelativePath 以它开头），与 zhishen kb 读文件夹的相对路径一致。
 */
import type { KbFile } from '@zhishen/language';

/** 不当文本读的文件（与 Node 的文件夹加载器一致） */
const BINARY = /\.(xlsx|xls|pdf|zip|gz|7z|rar|png|jpe?g|gif|docx?|parquet|db|sqlite)$/i;

export interface PickedFile {
    /** 文件名 */
    name: string;
    /** 选文件夹时的相对路径（含最外层文件夹名）；选文件时为空 */
    relativePath: string;
    text: string;
}

export function isKbTextFile(name: string): boolean {
    return !BINARY.test(name) && !name.split('/').some(part => part.startsWith('.') || part === 'node_modules');
}

export function kbFilesFromPicked(picked: readonly PickedFile[]): { files: KbFile[]; name: string } {
    const withPaths = picked.map(p => ({ path: (p.relativePath || p.name).replace(/\\/g, '/'), text: p.text })).filter(f => isKbTextFile(f.path));
    const tops = new Set(withPaths.map(f => (f.path.includes('/') ? f.path.split('/')[0] : '')));
    const folder = tops.size === 1 ? [...tops][0] : '';
    const files = withPaths.map(f => ({ path: folder ? f.path.slice(folder.length + 1) : f.path, text: f.text }));
    let name = folder || (files.length === 1 ? files[0].path : `${files.length} 个知识库文件`);
    const manifest = files.find(f => f.path === 'zhishen-kb.json');
    if (manifest) {
        try {
            const parsed = JSON.parse(manifest.text) as { name?: unknown };
            if (typeof parsed.name === 'string' && parsed.name.trim()) name = parsed.name;
        } catch {
            // 清单坏了：加载器会报告
        }
    }
    return { files, name };
}
