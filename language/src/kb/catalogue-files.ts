/** 目录文件（TSV/CSV/JSON）→ 目录条目。 */
import { guessCodeKind } from './code-shape.js';
import { baseName, error, extName, isObject, stem, warning } from './files.js';
import { type Classified, type ColumnName } from './manifest.js';
import { parseTable } from './table.js';
import { CATALOGUE_KINDS, type CatalogueEntry, type CatalogueKind, type KbProblem } from './types.js';

export const COLUMN_ALIASES: Record<ColumnName, readonly string[]> = {
    code: ['code', '编码', '代码', '医保编码', '医保目录编码', '目录编码', '项目编码', '药品编码', '耗材编码', '诊断编码', '疾病编码', '手术编码', '手术操作编码', 'hilist_code', 'med_code'],
    name: ['name', '名称', '项目名称', '药品名称', '通用名', '耗材名称', '诊断名称', '疾病名称', '手术名称', '手术操作名称', 'item_name', 'hilist_name'],
    spec: ['spec', '规格'],
    dosform: ['dosform', '剂型'],
    restriction: ['restriction', '限定支付范围', '限定', '限制', '支付限制', '备注', 'constraint', 'hilist_memo']
};

export interface CatalogueRows {
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

export function readTableCatalogue(c: Classified, problems: KbProblem[]): CatalogueRows {
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

export function cell(cells: readonly string[], index: number | undefined): string {
    return index === undefined ? '' : (cells[index] ?? '').trim();
}

export function resolveColumns(
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

export function readJsonCatalogue(c: Classified, problems: KbProblem[]): CatalogueRows {
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
