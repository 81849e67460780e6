/** 代码集文件与清单内联代码集 → 代码集。 */
import { error, extName } from './files.js';
import { type Classified, parseJsonInto } from './manifest.js';
import { parseTable } from './table.js';
import { type KbCodeSet, type KbProblem } from './types.js';

export function readCodeSet(c: Classified, codeSets: Map<string, KbCodeSet>, problems: KbProblem[]): number {
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
export function addCodes(codeSets: Map<string, KbCodeSet>, name: string, description: string, source: string, codes: readonly string[]): void {
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
