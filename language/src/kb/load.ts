/**
 * 纯加载器：知识库文件（路径 + 文本）→ KnowledgeBase。不做任何 IO，浏览器 worker 与 Node 共用。
 *
 * 两种组织方式：
 *   1. 有清单 zhishen-kb.json（KbManifest）：目录、代码集、字典、知识点文件都在清单里写明。
 *      清单写了某一类（如 dictionaries）时，这一类只认清单列出的文件；清单没写的类仍按约定识别。
 *   2. 没有清单（约定优于配置；国家数据 ../shared/kb-data 就这样加载）：
 *      - *.tsv / *.csv（有表头，第一列编码、第二列名称）→ 目录；种类看文件名（icd10/诊断 → 诊断 …），
 *        看不出就按每行编码的形状猜；
 *      - 元素带 kp_id 的 JSON 数组 → 知识点表；
 *      - dictionaries/（或 字典/）下的文件 → 字典，字典名 = 文件名；
 *      - code-sets/（或 代码集/）下的文件 → 代码集，名 = 文件名；
 *      - index.json、rule_catalog_*.json、README* 及其他 → 忽略（仍列在 files 里）。
 *
 * 坏记录（没有 kp_id、没有 rule_class、med_codes 为空、编码为空的行、不是合法 JSON 的文件）
 * 记入 problems（文件 + 行号 + 怎么改），跳过它，其余照常加载；从不抛异常。
 */
import Papa from 'papaparse';
import { guessCodeKind } from './code-shape.js';
import { buildCodeIndex } from './code-index.js';
import { CATEGORY_ENUMS, DEFAULT_DICTIONARIES, DICTIONARY_CATEGORY_ENUM, cloneDictionary } from './default-dictionaries.js';
import {
    CATALOGUE_KINDS,
    type CatalogueEntry,
    type CatalogueKind,
    type Dictionary,
    type KbCodeSet,
    type KbFile,
    type KbManifest,
    type KbProblem,
    type KnowledgeBase,
    type KnowledgePoint
} from './types.js';

export const MANIFEST_FILE = 'zhishen-kb.json';

export interface LoadKnowledgeBaseOptions {
    /** 知识库名称；不给则用清单的 name，再不然为“知识库” */
    name?: string;
}

type Role = KnowledgeBase['files'][number]['role'];
type ColumnName = 'code' | 'name' | 'spec' | 'dosform' | 'restriction';

interface Classified {
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

interface NormalizedFile {
    path: string;
    /** 去掉 UTF-8 BOM 的文本 */
    text: string;
    /** 原文（算 id 用） */
    raw: string;
}

interface ManifestInfo {
    path: string;
    /** 清单所在目录（'' 为根；否则不带尾部 /） */
    root: string;
    manifest: KbManifest;
}

// ---------------------------------------------------------------------------------------------
// 入口
// ---------------------------------------------------------------------------------------------

export function loadKnowledgeBase(files: KbFile[], options: LoadKnowledgeBaseOptions = {}): KnowledgeBase {
    const problems: KbProblem[] = [];
    const normalized: NormalizedFile[] = files
        .map(f => ({ path: normalizePath(f.path), raw: f.text, text: stripBom(f.text) }))
        .sort((a, b) => compareStrings(a.path, b.path));
    const id = contentId(normalized);

    // 1. 清单
    const manifests: ManifestInfo[] = [];
    const fileRoles: KnowledgeBase['files'] = [];
    for (const file of normalized) {
        if (baseName(file.path) !== MANIFEST_FILE) continue;
        const manifest = parseManifest(file, problems);
        fileRoles.push({ path: file.path, role: 'manifest', records: manifest ? 1 : 0 });
        if (manifest) manifests.push({ path: file.path, root: dirName(file.path), manifest });
    }
    // 更深的清单优先（多个知识库文件夹合并时，每个文件夹各有清单）
    manifests.sort((a, b) => b.root.length - a.root.length);

    // 2. 给每个文件定角色
    const classified: Classified[] = [];
    for (const file of normalized) {
        if (baseName(file.path) === MANIFEST_FILE) continue;
        classified.push(classify(file, manifestFor(file.path, manifests)));
    }
    checkManifestReferences(manifests, normalized, problems);
    for (const c of classified) {
        if (c.role === 'ignored' && c.jsonError !== undefined) {
            problems.push(error(c.file.path, undefined, `不是合法的 JSON（${c.jsonError}），整个文件已跳过。请修正 JSON 语法后重新加载。`));
        }
    }

    // 3. 目录文件
    const catalogueEntries = new Map<CatalogueKind, CatalogueEntry[]>(CATALOGUE_KINDS.map(k => [k, []]));
    // 每个种类：编码 → 首次出现的那一行（条目的 source 即文件）
    const firstSeen = new Map<CatalogueKind, Map<string, { entry: CatalogueEntry; row: number }>>(CATALOGUE_KINDS.map(k => [k, new Map()]));
    const catalogueCodes = new Set<string>();
    const records = new Map<Classified, number>();
    for (const c of classified) {
        if (c.role !== 'catalogue') continue;
        const entries = c.json !== undefined || c.jsonError !== undefined
            ? readJsonCatalogue(c, problems)
            : readTableCatalogue(c, problems);
        for (const item of entries.rows) {
            const { entry, row } = item;
            const seen = firstSeen.get(entry.kind)!;
            const first = seen.get(entry.code);
            if (first !== undefined) {
                problems.push(warning(c.file.path, row, `编码 ${entry.code}（${entry.kind}）重复，已保留 ${first.entry.source} 第 ${first.row} 行的那一条。请删除重复的行。`));
                continue;
            }
            seen.set(entry.code, item);
            catalogueEntries.get(entry.kind)!.push(entry);
            catalogueCodes.add(entry.code);
        }
        records.set(c, entries.read);
    }

    // 4. 字典（内置默认 + 知识库文件覆盖 / 补充）
    const dictionaries = new Map<string, Dictionary>(DEFAULT_DICTIONARIES.map(d => [d.name, cloneDictionary(d)]));
    for (const c of classified) {
        if (c.role !== 'dictionary') continue;
        records.set(c, readDictionary(c, dictionaries, problems));
    }

    // 5. 代码集（清单内联的 + 文件）
    const codeSets = new Map<string, KbCodeSet>();
    for (const m of manifests) {
        for (const [i, spec] of (m.manifest.codeSets ?? []).entries()) {
            if (spec.file !== undefined) continue;
            if (!Array.isArray(spec.codes)) {
                problems.push(error(m.path, undefined, `codeSets 第 ${i + 1} 项“${spec.name}”既没有 file 也没有 codes。请写 "codes": ["编码", "前缀*"] 或 "file": "code-sets/${spec.name}.tsv"。`));
                continue;
            }
            addCodes(codeSets, spec.name, spec.description ?? '', m.path, spec.codes.filter((x): x is string => typeof x === 'string'));
        }
    }
    for (const c of classified) {
        if (c.role !== 'code-set') continue;
        records.set(c, readCodeSet(c, codeSets, problems));
    }

    // 6. 知识点
    const kpFiles = classified.filter(c => c.role === 'knowledge-points');
    const loaded: KnowledgePoint[] = [];
    const byId = new Map<string, KnowledgePoint>();
    for (const c of kpFiles) {
        records.set(c, readKnowledgePoints(c, loaded, byId, problems));
    }
    const superseded = new Set<string>();
    for (const kp of loaded) {
        if (kp.supersedes && kp.supersedes !== kp.kp_id && byId.has(kp.supersedes)) superseded.add(kp.supersedes);
    }
    const kpTables = new Map<string, KnowledgePoint[]>();
    for (const kp of loaded) {
        if (superseded.has(kp.kp_id)) continue;
        const table = kpTables.get(kp.rule_class);
        if (table) table.push(kp);
        else kpTables.set(kp.rule_class, [kp]);
    }

    // 7. 知识点推得的目录条目（目录文件里已有的编码不再推）
    deriveFromKnowledgePoints(kpTables, catalogueCodes, catalogueEntries);

    // 8. 文件清单、索引
    for (const c of classified) fileRoles.push({ path: c.file.path, role: c.role, records: records.get(c) ?? 0 });
    fileRoles.sort((a, b) => compareStrings(a.path, b.path));
    const allEntries: CatalogueEntry[] = [];
    for (const kind of CATALOGUE_KINDS) for (const e of catalogueEntries.get(kind)!) allEntries.push(e); // 不用 push(...)：目录可能有几十万条

    const name = options.name ?? manifests.slice().sort((a, b) => a.root.length - b.root.length).map(m => m.manifest.name).find(n => typeof n === 'string' && n.length > 0) ?? '知识库';
    return {
        name,
        id,
        catalogues: catalogueEntries,
        kpTables,
        supersededCount: superseded.size,
        codeSets,
        dictionaries,
        problems,
        index: buildCodeIndex(allEntries),
        files: fileRoles
    };
}

// ---------------------------------------------------------------------------------------------
// 清单与分类
// ---------------------------------------------------------------------------------------------

function parseManifest(file: NormalizedFile, problems: KbProblem[]): KbManifest | undefined {
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

function manifestFor(path: string, manifests: readonly ManifestInfo[]): ManifestInfo | undefined {
    for (const m of manifests) {
        if (m.root === '' || path.startsWith(m.root + '/')) return m;
    }
    return undefined;
}

function relativeTo(path: string, root: string): string {
    return root === '' ? path : path.slice(root.length + 1);
}

function classify(file: NormalizedFile, m: ManifestInfo | undefined): Classified {
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

function classifyByConvention(file: NormalizedFile): Classified {
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

function parseJsonInto(c: Classified): void {
    try {
        c.json = JSON.parse(c.file.text);
    } catch (e) {
        c.jsonError = jsonErrorText(e);
    }
}

function checkManifestReferences(manifests: readonly ManifestInfo[], files: readonly NormalizedFile[], problems: KbProblem[]): void {
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

// ---------------------------------------------------------------------------------------------
// 目录
// ---------------------------------------------------------------------------------------------

const COLUMN_ALIASES: Record<ColumnName, readonly string[]> = {
    code: ['code', '编码', '代码', '医保编码', '医保目录编码', '目录编码', '项目编码', '药品编码', '耗材编码', '诊断编码', '疾病编码', '手术编码', '手术操作编码', 'hilist_code', 'med_code'],
    name: ['name', '名称', '项目名称', '药品名称', '通用名', '耗材名称', '诊断名称', '疾病名称', '手术名称', '手术操作名称', 'item_name', 'hilist_name'],
    spec: ['spec', '规格'],
    dosform: ['dosform', '剂型'],
    restriction: ['restriction', '限定支付范围', '限定', '限制', '支付限制', '备注', 'constraint', 'hilist_memo']
};

interface CatalogueRows {
    /** 读到的数据行数（不含表头与空行） */
    read: number;
    rows: Array<{ entry: CatalogueEntry; row: number }>;
}

/** 文件名 → 目录种类（icd10/诊断 → 诊断，icd9/手术 → 手术，饮片/herb → 中药饮片，药品/drug → 药品 …） */
export function kindFromFileName(path: string): CatalogueKind | undefined {
    const b = stem(baseName(path)).toLowerCase();
    if (/icd-?10|诊断|疾病|diagnos/.test(b)) return '诊断';
    if (/icd-?9|手术|操作|oprn|procedure|operation/.test(b)) return '手术';
    if (/饮片|herb/.test(b)) return '中药饮片';
    if (/药品|西药|中成药|drug|medicine/.test(b)) return '药品';
    if (/服务|service/.test(b)) return '医疗服务项目';
    if (/耗材|consumable/.test(b)) return '医用耗材';
    return undefined;
}

function readTableCatalogue(c: Classified, problems: KbProblem[]): CatalogueRows {
    const path = c.file.path;
    const out: CatalogueRows = { read: 0, rows: [] };
    const table = parseTable(c.file.text, extName(path) === 'csv' ? ',' : '\t', path, problems);
    if (table.length === 0) return out;
    const fileKind = c.catalogue?.kind ?? kindFromFileName(path);
    const { columns, dataStart } = resolveColumns(table[0]!.cells, c.catalogue?.columns, path, problems);
    for (let r = dataStart; r < table.length; r++) {
        const { cells, line } = table[r]!;
        out.read++;
        const code = (cells[columns.code] ?? '').trim();
        if (code.length === 0) {
            problems.push(error(path, line, '编码为空，已跳过这一行。请补上编码或删除这一行。'));
            continue;
        }
        const kind = fileKind ?? guessCodeKind(code);
        if (!kind) {
            problems.push(warning(path, line, `无法从编码 ${code} 的形状判断目录种类，已跳过。请在文件名里写明种类（如 药品.tsv、诊断.tsv）或在清单 catalogues 里给出 kind。`));
            continue;
        }
        const entry: CatalogueEntry = { code, name: cell(cells, columns.name), kind, source: path };
        const spec = cell(cells, columns.spec);
        if (spec) entry.spec = spec;
        const dosform = cell(cells, columns.dosform);
        if (dosform) entry.dosform = dosform;
        const restriction = cell(cells, columns.restriction);
        if (restriction) entry.restriction = restriction;
        out.rows.push({ entry, row: line });
    }
    return out;
}

function cell(cells: readonly string[], index: number | undefined): string {
    return index === undefined ? '' : (cells[index] ?? '').trim();
}

function resolveColumns(
    header: readonly string[],
    mapping: Partial<Record<ColumnName, string>> | undefined,
    path: string,
    problems: KbProblem[]
): { columns: Partial<Record<ColumnName, number>> & { code: number }; dataStart: number } {
    const norm = header.map(h => h.trim().toLowerCase());
    const found: Partial<Record<ColumnName, number>> = {};
    for (const col of Object.keys(COLUMN_ALIASES) as ColumnName[]) {
        const wanted = mapping?.[col];
        if (wanted !== undefined) {
            const i = norm.indexOf(wanted.trim().toLowerCase());
            if (i >= 0) found[col] = i;
            else problems.push(error(path, 1, `清单为列 ${col} 指定的表头“${wanted}”不在表头（${header.join('、')}）中，已按常用表头名识别。请修正清单的 columns。`));
            if (i >= 0) continue;
        }
        const i = norm.findIndex(h => COLUMN_ALIASES[col].includes(h));
        if (i >= 0) found[col] = i;
    }
    if (found.code !== undefined) {
        return { columns: { ...found, code: found.code, name: found.name ?? (found.code === 0 ? 1 : 0) }, dataStart: 1 };
    }
    // 表头不认识：第一列编码、第二列名称。第一行若本身像编码，则它是数据（没有表头）。
    const firstLooksLikeCode = guessCodeKind(header[0] ?? '') !== undefined;
    return { columns: { ...found, code: 0, name: found.name ?? 1 }, dataStart: firstLooksLikeCode ? 0 : 1 };
}

function readJsonCatalogue(c: Classified, problems: KbProblem[]): CatalogueRows {
    const path = c.file.path;
    const out: CatalogueRows = { read: 0, rows: [] };
    if (c.jsonError !== undefined) {
        problems.push(error(path, undefined, `不是合法的 JSON（${c.jsonError}），整个文件已跳过。请修正 JSON 语法。`));
        return out;
    }
    if (!Array.isArray(c.json)) {
        problems.push(error(path, undefined, '目录 JSON 应是对象数组（[{ "code": …, "name": … }]），整个文件已跳过。'));
        return out;
    }
    const fileKind = c.catalogue?.kind ?? kindFromFileName(path);
    const cols = c.catalogue?.columns ?? {};
    c.json.forEach((item, i) => {
        const row = i + 1;
        out.read++;
        if (!isObject(item)) {
            problems.push(error(path, row, '目录条目应是对象（{ "code": …, "name": … }），已跳过。'));
            return;
        }
        const get = (col: ColumnName): string => {
            const key = cols[col] ?? COLUMN_ALIASES[col].find(k => k in item);
            const v = key === undefined ? undefined : item[key];
            return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
        };
        const code = get('code');
        if (code.length === 0) {
            problems.push(error(path, row, '目录条目的编码为空，已跳过。请补上 code 或删除这一项。'));
            return;
        }
        const declared = typeof item['kind'] === 'string' && (CATALOGUE_KINDS as readonly string[]).includes(item['kind']) ? (item['kind'] as CatalogueKind) : undefined;
        const kind = declared ?? fileKind ?? guessCodeKind(code);
        if (!kind) {
            problems.push(warning(path, row, `无法从编码 ${code} 的形状判断目录种类，已跳过。请给条目加 "kind"（${CATALOGUE_KINDS.join('、')}）。`));
            return;
        }
        const entry: CatalogueEntry = { code, name: get('name'), kind, source: path };
        const spec = get('spec');
        if (spec) entry.spec = spec;
        const dosform = get('dosform');
        if (dosform) entry.dosform = dosform;
        const restriction = get('restriction');
        if (restriction) entry.restriction = restriction;
        out.rows.push({ entry, row });
    });
    return out;
}

// ---------------------------------------------------------------------------------------------
// 字典与代码集
// ---------------------------------------------------------------------------------------------

const DICT_ALIASES = {
    code: ['code', '编码', '代码', '值'],
    label: ['label', 'name', '名称', '标签', '含义'],
    category: ['category', '归类', '分类', '类别', '枚举']
} as const;

function readDictionary(c: Classified, dictionaries: Map<string, Dictionary>, problems: KbProblem[]): number {
    const path = c.file.path;
    const spec = c.dictionary!;
    const name = spec.name;
    const table = parseTable(c.file.text, extName(path) === 'csv' ? ',' : '\t', path, problems);
    let dict = dictionaries.get(name);
    if (!dict) {
        dict = { name, description: spec.description ?? `${name}（知识库字典）`, entries: new Map(), source: path };
        dictionaries.set(name, dict);
    } else {
        dict.source = path;
        if (spec.description) dict.description = spec.description;
    }
    const enumName = DICTIONARY_CATEGORY_ENUM[name];
    const allowed: readonly string[] | undefined = enumName ? CATEGORY_ENUMS[enumName] : undefined;
    if (spec.fallbackCategory !== undefined) {
        if (allowed && !allowed.includes(spec.fallbackCategory)) {
            problems.push(error(path, undefined, `字典 ${name} 的 fallbackCategory “${spec.fallbackCategory}” 不是${enumName}的取值（${allowed.join('、')}），已沿用 ${dict.fallbackCategory ?? '无'}。请在清单里改正；未登记的代码不该归类时删去 fallbackCategory。`));
        } else {
            dict.fallbackCategory = spec.fallbackCategory;
        }
    }
    if (table.length === 0) return 0;
    const header = table[0]!.cells.map(h => h.trim().toLowerCase());
    const idx = (names: readonly string[]): number => header.findIndex(h => names.includes(h));
    let codeCol = idx(DICT_ALIASES.code);
    let labelCol = idx(DICT_ALIASES.label);
    let categoryCol = idx(DICT_ALIASES.category);
    let start = 1;
    if (codeCol < 0) {
        codeCol = 0;
        labelCol = labelCol < 0 ? 1 : labelCol;
        categoryCol = categoryCol < 0 ? 2 : categoryCol;
        // 不认识的表头：若第一行第一格不是字母开头的单词，就当它是数据
        if (/^[0-9A-Z]/.test(table[0]!.cells[0]?.trim() ?? '')) start = 0;
    }
    let read = 0;
    for (let r = start; r < table.length; r++) {
        const { cells, line } = table[r]!;
        read++;
        const code = (cells[codeCol] ?? '').trim();
        if (code.length === 0) {
            problems.push(error(path, line, `字典 ${name} 的这一行代码为空，已跳过。请补上代码或删除这一行。`));
            continue;
        }
        const label = labelCol >= 0 ? (cells[labelCol] ?? '').trim() : '';
        let category: string | undefined = categoryCol >= 0 ? (cells[categoryCol] ?? '').trim() : '';
        if (category === '') category = undefined;
        if (category !== undefined && allowed && !allowed.includes(category)) {
            problems.push(warning(path, line, `字典 ${name} 代码 ${code} 的归类“${category}”不是${enumName}的取值（${allowed.join('、')}），这一行已不带归类载入。请改成其中之一；不属于任何取值（如性别未知）时把 category 留空。`));
            category = undefined;
        }
        dict.entries.set(code, category === undefined ? { code, label } : { code, label, category });
    }
    return read;
}

function readCodeSet(c: Classified, codeSets: Map<string, KbCodeSet>, problems: KbProblem[]): number {
    const path = c.file.path;
    const { name, description } = c.codeSet!;
    const ext = extName(path);
    const codes: string[] = [];
    let read = 0;
    if (ext === 'json') {
        parseJsonInto(c);
        if (c.jsonError !== undefined || !Array.isArray(c.json)) {
            problems.push(error(path, undefined, c.jsonError !== undefined
                ? `不是合法的 JSON（${c.jsonError}），代码集已跳过。请修正 JSON 语法。`
                : '代码集 JSON 应是编码字符串数组（["001109000010000", "XJ01CA*"]），已跳过。'));
            return 0;
        }
        c.json.forEach((x, i) => {
            read++;
            if (typeof x === 'string' && x.trim()) codes.push(x.trim());
            else problems.push(error(path, i + 1, '代码集的这一项不是非空的编码字符串，已跳过。'));
        });
    } else {
        const table = parseTable(c.file.text, ext === 'csv' ? ',' : '\t', path, problems);
        table.forEach(({ cells, line }, i) => {
            const code = (cells[0] ?? '').trim();
            if (i === 0 && ['code', '编码', '代码'].includes(code.toLowerCase())) return; // 表头
            if (code.startsWith('#')) return; // 注释
            read++;
            if (code.length === 0) {
                problems.push(error(path, line, '代码集的这一行第一列为空，已跳过。请补上编码或删除这一行。'));
                return;
            }
            codes.push(code);
        });
    }
    addCodes(codeSets, name, description ?? '', path, codes);
    return read;
}

/**
 * 以 * 结尾的是前缀（编码族，如 XJ01CA*）；但带 + 的 ICD 剑号星号组合码（A01.000x005+J17.0*）是完整编码。
 */
function addCodes(codeSets: Map<string, KbCodeSet>, name: string, description: string, source: string, codes: readonly string[]): void {
    let set = codeSets.get(name);
    if (!set) {
        set = { name, description, codes: [], prefixes: [], source };
        codeSets.set(name, set);
    } else {
        if (description && !set.description) set.description = description;
        set.source = set.source + '、' + source;
    }
    for (const raw of codes) {
        const code = raw.trim();
        if (!code) continue;
        if (code.endsWith('*') && !code.includes('+') && code.length > 1) {
            const prefix = code.slice(0, -1);
            if (!set.prefixes.includes(prefix)) set.prefixes.push(prefix);
        } else if (!set.codes.includes(code)) {
            set.codes.push(code);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 知识点
// ---------------------------------------------------------------------------------------------

function readKnowledgePoints(c: Classified, loaded: KnowledgePoint[], byId: Map<string, KnowledgePoint>, problems: KbProblem[]): number {
    const path = c.file.path;
    if (c.json === undefined && c.jsonError === undefined) parseJsonInto(c);
    if (c.jsonError !== undefined) {
        problems.push(error(path, undefined, `不是合法的 JSON（${c.jsonError}），整个知识点文件已跳过。请修正 JSON 语法后重新加载。`));
        return 0;
    }
    if (!Array.isArray(c.json)) {
        problems.push(error(path, undefined, '知识点文件应是知识点对象的数组（[{ "kp_id": …, "rule_class": …, "med_codes": [ … ] }]），整个文件已跳过。'));
        return 0;
    }
    const arr: unknown[] = c.json;
    for (let i = 0; i < arr.length; i++) {
        const row = i + 1;
        const r = arr[i];
        if (!isObject(r)) {
            problems.push(error(path, row, '这一项不是知识点对象，已跳过。请删除它或改成 { "kp_id": …, "rule_class": …, "med_codes": [ … ] }。'));
            continue;
        }
        const label = describeRecord(r);
        const kpId = typeof r['kp_id'] === 'string' ? r['kp_id'].trim() : '';
        if (!kpId) {
            problems.push(error(path, row, `知识点${label}缺少 kp_id，已跳过。请为它补上唯一的 kp_id（如 KP-0123456789abcdef）。`));
            continue;
        }
        const ruleClass = typeof r['rule_class'] === 'string' ? r['rule_class'].trim() : '';
        if (!ruleClass) {
            problems.push(error(path, row, `知识点 ${kpId}${label}缺少 rule_class，已跳过。请写明它所属的规则类（如“药品限适应症”）。`));
            continue;
        }
        const rawCodes = r['med_codes'];
        const medCodes = Array.isArray(rawCodes)
            ? rawCodes.filter((x): x is string => typeof x === 'string').map(x => x.trim()).filter(x => x.length > 0)
            : [];
        if (medCodes.length === 0) {
            const what = Array.isArray(rawCodes) ? 'med_codes 为空' : 'med_codes 缺失或不是数组';
            problems.push(error(path, row, `知识点 ${kpId}${label}的 ${what}，已跳过。请补上它适用的医保编码（字符串数组），或删除这条记录（它可能是表格里的说明行）。`));
            continue;
        }
        if (Array.isArray(rawCodes) && medCodes.length !== rawCodes.length) {
            problems.push(warning(path, row, `知识点 ${kpId} 的 med_codes 里有空的或不是字符串的编码，已略去。请检查这条记录。`));
        }
        if (byId.has(kpId)) {
            const first = byId.get(kpId)!.source;
            problems.push(warning(path, row, `知识点 ${kpId} 与 ${first.file} 第 ${first.row} 项重复，已跳过这一条。若它是更新，请换新的 kp_id 并用 supersedes 指向旧点。`));
            continue;
        }
        const kp: KnowledgePoint = {
            kp_id: kpId,
            rule_class: ruleClass,
            gz_code: str(r['gz_code']),
            level1: str(r['level1']),
            level2: str(r['level2']),
            med_codes: medCodes,
            item_name: str(r['item_name']),
            constraint: str(r['constraint']),
            detect_logic: str(r['detect_logic']),
            batch_tag: str(r['batch_tag']),
            supersedes: typeof r['supersedes'] === 'string' && r['supersedes'].trim() ? r['supersedes'].trim() : null,
            source: { file: path, row }
        };
        if ('published_at' in r) kp.published_at = typeof r['published_at'] === 'string' ? r['published_at'] : null;
        const origin = r['source'];
        if (isObject(origin)) {
            kp.origin = {
                attachment_file: nullableString(origin['attachment_file']),
                row: typeof origin['row'] === 'number' ? origin['row'] : null,
                announcement_url: nullableString(origin['announcement_url']),
                pdf_page: typeof origin['pdf_page'] === 'number' ? origin['pdf_page'] : null
            };
        }
        loaded.push(kp);
        byId.set(kpId, kp);
    }
    return arr.length;
}

function describeRecord(r: Record<string, unknown>): string {
    const name = typeof r['item_name'] === 'string' ? r['item_name'].trim() : '';
    if (!name) return '';
    return `（${name.length > 24 ? name.slice(0, 24) + '…' : name}）`;
}

/** 规则类名 → 编码种类（编码形状猜不出时用） */
function kindFromRuleClass(ruleClass: string): CatalogueKind | undefined {
    if (ruleClass.includes('饮片')) return '中药饮片';
    if (ruleClass.includes('药品')) return '药品';
    if (ruleClass.includes('耗材')) return '医用耗材';
    if (ruleClass.includes('医疗服务项目') || ruleClass.includes('手术项目')) return '医疗服务项目';
    return undefined;
}

/** 知识点的 constraint 是不是该项目的支付限定文字（而不是“含监护、床位”、“日”、“胃肠手术组”这类参数） */
function restrictionText(kp: KnowledgePoint): string | undefined {
    const text = kp.constraint.trim();
    if (!text) return undefined;
    if (kp.detect_logic.includes('同时收费') || kp.rule_class.includes('重复收费') || kp.rule_class.includes('折价')) return undefined;
    return /限|支付|不予|不得|专用|不超过/.test(text) ? text : undefined;
}

function deriveFromKnowledgePoints(
    kpTables: Map<string, KnowledgePoint[]>,
    catalogueCodes: ReadonlySet<string>,
    catalogues: Map<CatalogueKind, CatalogueEntry[]>
): void {
    // 键：按形状猜得出种类的编码就用编码本身（种类由编码决定）；猜不出、按规则类定种类的加上种类前缀
    const derived = new Map<string, CatalogueEntry>();
    // 按文件顺序（而不是规则类顺序）推，使“第一次出现”的名称稳定
    const all: KnowledgePoint[] = [];
    for (const table of kpTables.values()) for (const kp of table) all.push(kp);
    all.sort((a, b) => compareStrings(a.source.file, b.source.file) || a.source.row - b.source.row);
    for (const kp of all) {
        const codes = kp.med_codes;
        const parts = kp.item_name.split('×');
        const pairNames = parts.length === codes.length && parts.length > 1 ? parts.map(p => p.trim()) : undefined;
        const restriction = restrictionText(kp);
        for (let j = 0; j < codes.length; j++) {
            const code = codes[j]!;
            if (catalogueCodes.has(code)) continue;
            const name = pairNames?.[j] ?? kp.item_name;
            let existing = derived.get(code);
            let kind: CatalogueKind | undefined;
            let key = code;
            if (!existing) {
                kind = guessCodeKind(code);
                if (!kind) {
                    kind = kindFromRuleClass(kp.rule_class);
                    if (!kind) continue;
                    key = kind + '\u0000' + code;
                    existing = derived.get(key);
                }
            }
            if (existing) {
                if (restriction && existing.restriction !== restriction && !(existing.restriction ?? '').split('\n').includes(restriction)) {
                    existing.restriction = existing.restriction ? existing.restriction + '\n' + restriction : restriction;
                }
                if (!existing.name && name) existing.name = name;
                continue;
            }
            const entry: CatalogueEntry = { code, name, kind: kind!, source: kp.source.file };
            if (restriction) entry.restriction = restriction;
            derived.set(key, entry);
            catalogues.get(kind!)!.push(entry);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 表格解析（papaparse：引号、逗号、CRLF）
// ---------------------------------------------------------------------------------------------

interface TableRow {
    cells: string[];
    /** 文件中的行号（1 起，含表头） */
    line: number;
}

/** 解析 CSV / TSV；去掉空行；每行带上它在文件里的行号。 */
function parseTable(text: string, delimiter: string, path: string, problems: KbProblem[]): TableRow[] {
    const rows: TableRow[] = [];
    const push = (cells: string[], line: number): void => {
        if (cells.length === 0 || cells.every(c => c.trim() === '')) return;
        rows.push({ cells, line });
    };
    if (!text.includes('"')) {
        // 没有引号：一行就是一条记录，行号 = 序号 + 1
        const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
        result.data.forEach((cells, i) => push(cells, i + 1));
        return rows;
    }
    // 有引号：字段里可能有换行，用 step 的 cursor 数出每条记录的起始行号
    let offset = 0;
    let line = 1;
    Papa.parse<string[]>(text, {
        delimiter,
        skipEmptyLines: false,
        step: (result) => {
            const rowLine = line;
            const end = result.meta.cursor;
            for (let k = offset; k < end; k++) if (text.charCodeAt(k) === 10) line++;
            offset = end;
            for (const e of result.errors) {
                problems.push(warning(path, rowLine, `表格格式问题：${papaErrorText(e)}。请检查这一行的引号是否成对。`));
            }
            push(result.data, rowLine);
        }
    });
    return rows;
}

function papaErrorText(e: Papa.ParseError): string {
    switch (e.code) {
        case 'MissingQuotes': return '引号没有闭合';
        case 'InvalidQuotes': return '引号位置不对';
        case 'UndetectableDelimiter': return '看不出分隔符';
        case 'TooFewFields': return '列数太少';
        case 'TooManyFields': return '列数太多';
        default: return e.message;
    }
}

// ---------------------------------------------------------------------------------------------
// 小工具
// ---------------------------------------------------------------------------------------------

function error(file: string, row: number | undefined, message: string): KbProblem {
    return problem('error', file, row, message);
}

function warning(file: string, row: number | undefined, message: string): KbProblem {
    return problem('warning', file, row, message);
}

function problem(severity: KbProblem['severity'], file: string, row: number | undefined, message: string): KbProblem {
    const where = row === undefined ? `${file}：` : `${file} 第 ${row} ${file.toLowerCase().endsWith('.json') ? '项' : '行'}：`;
    const p: KbProblem = { file, severity, message: where + message };
    if (row !== undefined) p.row = row;
    return p;
}

function isObject(x: unknown): x is Record<string, unknown> {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown): string {
    return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

function nullableString(x: unknown): string | null {
    return typeof x === 'string' ? x : null;
}

function jsonErrorText(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function stripBom(text: string): string {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function normalizePath(path: string): string {
    let p = path.replace(/\\/g, '/');
    while (p.startsWith('./')) p = p.slice(2);
    return p.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
}

function baseName(path: string): string {
    const i = path.lastIndexOf('/');
    return i < 0 ? path : path.slice(i + 1);
}

function dirName(path: string): string {
    const i = path.lastIndexOf('/');
    return i < 0 ? '' : path.slice(0, i);
}

function extName(path: string): string {
    const b = baseName(path);
    const i = b.lastIndexOf('.');
    return i < 0 ? '' : b.slice(i + 1).toLowerCase();
}

function stem(base: string): string {
    const i = base.lastIndexOf('.');
    return i <= 0 ? base : base.slice(0, i);
}

function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** 简单通配：* 匹配一段路径中的任意字符（不含 /），** 匹配任意多级，? 匹配一个字符。 */
export function globMatch(pattern: string, path: string): boolean {
    let re = '^';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i]!;
        if (ch === '*') {
            if (pattern[i + 1] === '*') {
                re += '.*';
                i++;
                if (pattern[i + 1] === '/') i++;
            } else {
                re += '[^/]*';
            }
        } else if (ch === '?') {
            re += '[^/]';
        } else {
            re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        }
    }
    return new RegExp(re + '$').test(path);
}

/**
 * 内容 id：按路径排序后，对每个文件的“路径 \0 原文 \0”按 UTF-16 码元做 64 位哈希（cyrb53 的两路 32 位乘法哈希，
 * 末尾充分混合；纯 JS、只用 Math.imul，浏览器可用，6 MB 文本约 10 ms）。相同内容 → 相同 id。
 * 不是密码学哈希：只用来识别“同一份知识库”，写进规则包的 manifest。
 */
export function contentId(files: ReadonlyArray<{ path: string; raw: string }>): string {
    let h1 = 0xdeadbeef ^ 0x5a4d;
    let h2 = 0x41c6ce57 ^ 0x5a4d;
    const feed = (s: string): void => {
        for (let i = 0; i < s.length; i++) {
            const ch = s.charCodeAt(i);
            h1 = Math.imul(h1 ^ ch, 2654435761);
            h2 = Math.imul(h2 ^ ch, 1597334677);
        }
    };
    for (const f of files) {
        feed(f.path);
        feed('\u0000');
        feed(f.raw);
        feed('\u0000');
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 'kb-' + (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
