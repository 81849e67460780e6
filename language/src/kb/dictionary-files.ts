/** 字典文件 → 字典（覆盖 / 补充内置默认字典）。 */
import { CATEGORY_ENUMS, DICTIONARY_CATEGORY_ENUM } from './default-dictionaries.js';
import { error, extName, warning } from './files.js';
import { type Classified } from './manifest.js';
import { parseTable } from './table.js';
import { type Dictionary, type KbProblem } from './types.js';

export const DICT_ALIASES = {
    code: ['code', '编码', '代码', '值'],
    label: ['label', 'name', '名称', '标签', '含义'],
    category: ['category', '归类', '分类', '类别', '枚举']
} as const;

export function readDictionary(c: Classified, dictionaries: Map<string, Dictionary>, problems: KbProblem[]): number {
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
