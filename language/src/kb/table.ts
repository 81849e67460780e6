/** TSV / CSV 表格解析（papaparse），目录、字典、代码集文件共用。 */
import Papa from 'papaparse';
import type { KbProblem } from './types.js';
import { error, warning } from './files.js';

export interface TableRow {
    cells: string[];
    /** 文件中的行号（1 起，含表头） */
    line: number;
}

/** 解析 CSV / TSV；去掉空行；每行带上它在文件里的行号。 */
export function parseTable(text: string, delimiter: string, path: string, problems: KbProblem[]): TableRow[] {
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

export function papaErrorText(e: Papa.ParseError): string {
    switch (e.code) {
        case 'MissingQuotes': return '引号没有闭合';
        case 'InvalidQuotes': return '引号位置不对';
        case 'UndetectableDelimiter': return '看不出分隔符';
        case 'TooFewFields': return '列数太少';
        case 'TooManyFields': return '列数太多';
        default: return e.message;
    }
}
