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
 *
 * 各类文件的读取各在一个文件：manifest.ts（清单与分类）、catalogue-files.ts、dictionary-files.ts、
 * code-set-files.ts、kp-files.ts、table.ts（TSV/CSV），公共小工具在 files.ts；本文件只编排顺序。
 */
import { readJsonCatalogue, readTableCatalogue } from './catalogue-files.js';
import { buildCodeIndex } from './code-index.js';
import { addCodes, readCodeSet } from './code-set-files.js';
import { DEFAULT_DICTIONARIES, cloneDictionary } from './default-dictionaries.js';
import { readDictionary } from './dictionary-files.js';
import { type NormalizedFile, baseName, compareStrings, contentId, dirName, error, normalizePath, stripBom, warning } from './files.js';
import { deriveFromKnowledgePoints, readKnowledgePoints } from './kp-files.js';
import { type Classified, MANIFEST_FILE, type ManifestInfo, checkManifestReferences, classify, manifestFor, parseManifest } from './manifest.js';
import { CATALOGUE_KINDS, type CatalogueEntry, type CatalogueKind, type Dictionary, type KbCodeSet, type KbFile, type KbProblem, type KnowledgeBase, type KnowledgePoint } from './types.js';

export interface LoadKnowledgeBaseOptions {
    /** 知识库名称；不给则用清单的 name，再不然为“知识库” */
    name?: string;
}

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
