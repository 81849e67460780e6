/** 清单 zhishen-kb.json 与文件分类：每个文件是目录、字典、代码集、知识点还是忽略。 */
import { type NormalizedFile, baseName, error, extName, globMatch, isObject, jsonErrorText, normalizePath, stem, warning } from './files.js';
import { CATALOGUE_KINDS, type CatalogueKind, type KbManifest, type KbProblem, type KnowledgeBase } from './types.js';

export const MANIFEST_FILE = 'zhishen-kb.json';

export type Role = KnowledgeBase['files'][number]['role'];
export type ColumnName = 'code' | 'name' | 'spec' | 'dosform' | 'restriction';

export interface Classified {
    file: NormalizedFile;
    role: Role;
    /** 清单里的配置（有清单时） */
    catalogue?: { kind?: CatalogueKind; columns?: Partial<Record<ColumnName, string>> };
    codeSet?: { name: string; description?: string };
    dictionary?: { name: string; description?: string; fallbackCategory?: string };
    /** 已解析的 JSON（避免解析两次） */
    json?: unknown;
    jsonError?: string;
}

export interface ManifestInfo {
    path: string;
    /** 清单所在目录（'' 为根；否则不带尾部 /） */
    root: string;
    manifest: KbManifest;
}

export function parseManifest(file: NormalizedFile, problems: KbProblem[]): KbManifest | undefined {
    let value: unknown;
    try {
        value = JSON.parse(file.text);
    } catch (e) {
        problems.push(error(file.path, undefined, `清单不是合法的 JSON（${jsonErrorText(e)}），已按约定识别各文件。请修正 JSON 语法。`));
        return undefined;
    }
    if (!isObject(value)) {
        problems.push(error(file.path, undefined, '清单应是一个 JSON 对象（{ "name": …, "catalogues": [ … ] }），已按约定识别各文件。'));
        return undefined;
    }
    const m = value as KbManifest;
    const arrays: Array<keyof KbManifest> = ['catalogues', 'codeSets', 'dictionaries', 'knowledgePoints'];
    for (const key of arrays) {
        if (m[key] !== undefined && !Array.isArray(m[key])) {
            problems.push(error(file.path, undefined, `清单的 ${key} 应是数组，已忽略这一项。`));
            delete (m as Record<string, unknown>)[key];
        }
    }
    // 每一项的形状：不合格的项报告并去掉（清单写错不能让加载器抛异常）
    const keep = <T>(key: keyof KbManifest, what: string, ok: (x: Record<string, unknown>) => boolean): void => {
        const list = m[key] as unknown[] | undefined;
        if (!list) return;
        const good = list.filter((x, i) => {
            if (isObject(x) && ok(x)) return true;
            problems.push(error(file.path, undefined, `清单 ${key} 第 ${i + 1} 项不合格，已忽略。应写成 ${what}。`));
            return false;
        });
        (m as Record<string, unknown>)[key] = good as T[];
    };
    const isStr = (x: unknown): boolean => typeof x === 'string' && x.length > 0;
    keep('catalogues', '{ "file": "catalogues/药品.tsv", "kind": "药品" }', x => isStr(x['file']) && (x['columns'] === undefined || isObject(x['columns'])));
    keep('codeSets', '{ "name": "床位费", "file": "code-sets/床位费.tsv" } 或 { "name": …, "codes": [ … ] }', x => isStr(x['name']) && (x['file'] === undefined || isStr(x['file'])));
    keep('dictionaries', '{ "name": "gend", "file": "dictionaries/gend.tsv" }', x => isStr(x['name']) && isStr(x['file']) && (x['fallbackCategory'] === undefined || typeof x['fallbackCategory'] === 'string'));
    if (m.knowledgePoints) {
        const patterns = m.knowledgePoints as unknown[];
        m.knowledgePoints = patterns.filter((p, i): p is string => {
            if (isStr(p)) return true;
            problems.push(error(file.path, undefined, `清单 knowledgePoints 第 ${i + 1} 项应是文件路径或通配模式字符串（如 "knowledge-points/*.json"），已忽略。`));
            return false;
        });
    }
    if (m.name !== undefined && typeof m.name !== 'string') delete m.name;
    for (const [i, cat] of (m.catalogues ?? []).entries()) {
        if (cat.kind !== undefined && !CATALOGUE_KINDS.includes(cat.kind)) {
            problems.push(error(file.path, undefined, `catalogues 第 ${i + 1} 项（${cat.file}）的 kind “${String(cat.kind)}” 不是目录种类（${CATALOGUE_KINDS.join('、')}），已改为按编码形状判断。`));
            delete cat.kind;
        }
    }
    return m;
}

export function manifestFor(path: string, manifests: readonly ManifestInfo[]): ManifestInfo | undefined {
    for (const m of manifests) {
        if (m.root === '' || path.startsWith(m.root + '/')) return m;
    }
    return undefined;
}

export function relativeTo(path: string, root: string): string {
    return root === '' ? path : path.slice(root.length + 1);
}

export function classify(file: NormalizedFile, m: ManifestInfo | undefined): Classified {
    if (m) {
        const rel = relativeTo(file.path, m.root);
        const man = m.manifest;
        const cat = man.catalogues?.find(c => normalizePath(c.file) === rel);
        if (cat) {
            const c: Classified = { file, role: 'catalogue', catalogue: { kind: cat.kind, columns: cat.columns } };
            if (extName(file.path) === 'json') parseJsonInto(c);
            return c;
        }
        const set = man.codeSets?.find(s => s.file !== undefined && normalizePath(s.file) === rel);
        if (set) return { file, role: 'code-set', codeSet: { name: set.name, description: set.description } };
        const dict = man.dictionaries?.find(d => normalizePath(d.file) === rel);
        if (dict) return { file, role: 'dictionary', dictionary: { name: dict.name, description: dict.description, fallbackCategory: dict.fallbackCategory } };
        if (man.knowledgePoints?.some(p => globMatch(normalizePath(p), rel))) {
            const c: Classified = { file, role: 'knowledge-points' };
            parseJsonInto(c);
            return c;
        }
        const conv = classifyByConvention(file);
        const section: Partial<Record<Role, keyof KbManifest>> = {
            catalogue: 'catalogues', 'code-set': 'codeSets', dictionary: 'dictionaries', 'knowledge-points': 'knowledgePoints'
        };
        const key = section[conv.role];
        if (key !== undefined && man[key] !== undefined) return { file, role: 'ignored' };
        return conv;
    }
    return classifyByConvention(file);
}

export function classifyByConvention(file: NormalizedFile): Classified {
    const base = baseName(file.path);
    const ext = extName(file.path);
    const dirs = file.path.split('/').slice(0, -1).map(d => d.toLowerCase());
    if (/^readme/i.test(base)) return { file, role: 'ignored' };
    const dataExt = ext === 'tsv' || ext === 'csv' || ext === 'txt' || ext === 'json';
    if (dataExt && dirs.some(d => d === 'dictionaries' || d === '字典')) {
        return { file, role: 'dictionary', dictionary: { name: stem(base) } };
    }
    if (dataExt && dirs.some(d => d === 'code-sets' || d === 'codesets' || d === '代码集')) {
        return { file, role: 'code-set', codeSet: { name: stem(base) } };
    }
    if (ext === 'tsv' || ext === 'csv') return { file, role: 'catalogue', catalogue: {} };
    if (ext === 'json') {
        if (base === 'index.json' || /^rule_catalog_/i.test(base) || base === 'package.json') return { file, role: 'ignored' };
        const c: Classified = { file, role: 'ignored' };
        parseJsonInto(c);
        if (c.jsonError !== undefined) return c; // 报错见下方 reportUnparsable
        if (Array.isArray(c.json)) {
            if (c.json.some(x => isObject(x) && 'kp_id' in x)) c.role = 'knowledge-points';
            else if (c.json.length > 0 && c.json.every(x => isObject(x) && 'code' in x)) c.role = 'catalogue';
        }
        if (c.role === 'catalogue') c.catalogue = {};
        if (c.role === 'ignored') delete c.json;
        return c;
    }
    return { file, role: 'ignored' };
}

export function parseJsonInto(c: Classified): void {
    try {
        c.json = JSON.parse(c.file.text);
    } catch (e) {
        c.jsonError = jsonErrorText(e);
    }
}

export function checkManifestReferences(manifests: readonly ManifestInfo[], files: readonly NormalizedFile[], problems: KbProblem[]): void {
    const paths = new Set(files.map(f => f.path));
    for (const m of manifests) {
        const full = (rel: string): string => (m.root === '' ? normalizePath(rel) : m.root + '/' + normalizePath(rel));
        const missing = (what: string, rel: string): void => {
            problems.push(error(m.path, undefined, `清单的 ${what} 列出的文件 ${rel} 不存在。请检查路径（相对清单所在目录，用 / 分隔）或删去这一项。`));
        };
        for (const c of m.manifest.catalogues ?? []) if (!paths.has(full(c.file))) missing('catalogues', c.file);
        for (const s of m.manifest.codeSets ?? []) if (s.file !== undefined && !paths.has(full(s.file))) missing('codeSets', s.file);
        for (const d of m.manifest.dictionaries ?? []) if (!paths.has(full(d.file))) missing('dictionaries', d.file);
        for (const p of m.manifest.knowledgePoints ?? []) {
            const pattern = normalizePath(p);
            const any = files.some(f => manifestFor(f.path, manifests) === m && globMatch(pattern, relativeTo(f.path, m.root)));
            if (!any) problems.push(warning(m.path, undefined, `清单的 knowledgePoints 模式 ${p} 没有匹配到任何文件。请检查路径或通配符（* 匹配一段文件名，** 匹配多级目录）。`));
        }
    }
}
