/**
 * 导出审核结果：JSON（3101 输出原样，每份请求一个）与 CSV（一条结果一行，Excel 可直接打开）。
 */
import Papa from 'papaparse';
import type { FindingRow } from './findings.js';
import { formatCents } from './findings.js';
import type { RequestOutcome } from './protocol.js';

/** JSON：一份请求时就是 3101 输出 { task_id, result }；多份（NDJSON）时为数组，每项带请求序号。 */
export function findingsJson(outcomes: readonly RequestOutcome[], claimPath: string): string {
    const ran = outcomes.filter(o => !o.parseFailed);
    if (outcomes.length === 1 && ran.length === 1) return JSON.stringify(ran[0].response, null, 2) + '\n';
    const list = outcomes.map(o => ({
        claim: claimPath,
        request: o.index + 1,
        line: o.line,
        ...(o.parseFailed ? { error: 'JSON 无法解析' } : { response: o.response })
    }));
    return JSON.stringify(list, null, 2) + '\n';
}

export const CSV_COLUMNS = ['请求', '规则编号', '规则名称', '级别', '提示', '违规金额（元）', '违规项', '涉及项', '人员编号', '就诊编号', '知识点', '依据', '规则位置', 'jr_id'] as const;

/** CSV（UTF-8 带 BOM，Excel 打开中文不乱码）。金额按分精确格式化，不带千分位。 */
export function findingsCsv(rows: readonly FindingRow[]): string {
    const data = rows.map(r => [
        String(r.request + 1),
        r.ruleId,
        r.ruleName,
        r.level,
        r.message,
        formatCents(r.cents).replace(/,/g, ''),
        r.violating.join(' '),
        [...r.involved, ...r.involvedEncounters.map(m => `就诊 ${m}`)].join(' '),
        r.patnId,
        r.mdtrtId,
        r.kpId ?? '',
        r.evidence,
        r.source ? `${r.source.file}:${r.source.line}` : '',
        r.result.jr_id
    ]);
    return '\ufeff' + Papa.unparse({ fields: [...CSV_COLUMNS], data }, { newline: '\r\n' }) + '\r\n';
}
