/**
 * 值的中文显示（提示信息插值、解释中的取值）：金额 12.50元、时长 3天、年龄 17岁、日期 2024-03-01、明细「编号 名称」。
 * type 是显示类型：money / price / quantity / number / duration / age / date / datetime / boolean / text，
 * list:<类型>、set:<类型>，record:<记录种类>（contract/records.ts）。
 */
import { formatDecimal, formatMoney } from '../values/decimal.js';
import { formatDate, formatDateTime, formatDuration } from '../values/dates.js';
import { CodeMatcher } from '../values/codes.js';

export function formatValue(value: unknown, type: string): string {
    if (value === null || value === undefined) return '（空）';
    switch (type) {
        // 金额按分显示（四舍五入，与输出的 vola_amt 一致）
        case 'money': return typeof value === 'number' ? `${formatMoney(value)}元` : String(value);
        // 单价（pric，国家接口可到 6 位小数）按实际位数显示、至少两位：不把 1.234567 显示成 1.23
        case 'price': return typeof value === 'number' ? `${value % 10_000 === 0 ? formatMoney(value) : formatDecimal(value)}元` : String(value);
        case 'quantity':
        case 'number': return typeof value === 'number' ? formatDecimal(value) : String(value);
        case 'duration': return typeof value === 'number' ? formatDuration(value) : String(value);
        case 'age': return typeof value === 'number' ? `${value}岁` : String(value);
        case 'date': return typeof value === 'number' ? formatDate(value) : String(value);
        case 'datetime': return typeof value === 'number' ? formatDateTime(value) : String(value);
        case 'boolean': return value === true ? '是' : '否';
    }
    if (type.startsWith('list:') || type.startsWith('set:')) {
        const elementType = type.slice(type.indexOf(':') + 1);
        const items = value instanceof CodeMatcher ? [...value.exact, ...value.prefixes.map(p => `${p}*`)]
            : Array.isArray(value) ? value : value instanceof Set ? [...value] : [value];
        const shown = items.slice(0, 10).map(v => formatValue(v, elementType));
        return shown.join('、') + (items.length > 10 ? ` 等 ${items.length} 项` : '');
    }
    if (type.startsWith('record:')) return formatRecord(value, type.slice(7));
    return String(value);
}

/** 记录的显示；record 为记录种类（contract/records.ts）。 */
function formatRecord(value: unknown, record: string): string {
    if (typeof value !== 'object' || value === null) return String(value);
    const r = value as Record<string, unknown>;
    switch (record) {
        case 'line': return `${r.rx_id ?? ''} ${r.hilist_name ?? r.hilist_code ?? ''}`.trim();
        case 'encounter': return `就诊 ${r.mdtrt_id ?? ''}`;
        case 'diagnosis': return `${r.dise_codg ?? ''} ${r.dise_name ?? ''}`.trim();
        case 'operation': return `${r.oprn_code ?? ''} ${r.oprn_name ?? ''}`.trim();
        case 'patient': return `${r.patn_id ?? ''}`;
        case 'prescription': return r.key === null || r.key === undefined ? '处方（无处方号）' : `处方 ${String(r.key)}`;
        case 'group': return `分组 ${String(r.key ?? '')}`;
        case 'kp': return `${r.kp_id ?? ''} ${r.item_name ?? ''}`.trim();
        default: return JSON.stringify(value);
    }
}
