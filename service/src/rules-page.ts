/**
 * 规则指标页（GET /metrics/rules）：每条规则的求值、命中、金额、3103 处理（采纳 / 质疑），表格 + 内联 SVG 条形图。
 * 服务端生成的静态 HTML，不依赖脚本与外部资源；所有文本经 escapeHtml。
 */
import type { RuleDayRow } from './store.js';

export interface RuleTotals {
    rule_id: string;
    rule_name: string;
    days: number;
    evaluations: number;
    hits: number;
    amount: number;
    accepted: number;
    contested: number;
}

/** 按规则汇总多天的行（命中多的在前）。 */
export function totalsByRule(rows: RuleDayRow[]): RuleTotals[] {
    const byRule = new Map<string, RuleTotals>();
    for (const r of rows) {
        const t = byRule.get(r.rule_id) ?? { rule_id: r.rule_id, rule_name: r.rule_name, days: 0, evaluations: 0, hits: 0, amount: 0, accepted: 0, contested: 0 };
        t.days++;
        t.evaluations += r.evaluations;
        t.hits += r.hits;
        t.amount = Math.round((t.amount + r.amount) * 100) / 100;
        t.accepted += r.accepted;
        t.contested += r.contested;
        byRule.set(r.rule_id, t);
    }
    return [...byRule.values()].sort((a, b) => b.hits - a.hits || a.rule_id.localeCompare(b.rule_id));
}

/** 命中率（命中 / 求值）与采纳率（返回修改 / 有反馈的）的文字 */
export function rate(part: number, whole: number): string {
    return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—';
}

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function rulesPage(rows: RuleDayRow[], options: { packId?: string; days: number }): string {
    const totals = totalsByRule(rows);
    const max = Math.max(1, ...totals.map(t => t.hits));
    const top = totals.slice(0, 30);
    const barHeight = 18;
    const labelWidth = 260;
    const chartWidth = 520;
    const bars = top.map((t, i) => {
        const y = i * (barHeight + 6);
        const w = (t.hits / max) * chartWidth;
        const fed = t.accepted + t.contested;
        const acceptedW = fed > 0 ? (w * t.accepted) / t.hits : 0;
        const contestedW = fed > 0 ? (w * t.contested) / t.hits : 0;
        return `<g transform="translate(0,${y})"><text x="${labelWidth - 6}" y="13" text-anchor="end">${escapeHtml(`${t.rule_id} ${t.rule_name}`.slice(0, 34))}</text>`
            + `<rect x="${labelWidth}" width="${w.toFixed(1)}" height="${barHeight}" fill="#9db7d5"/>`
            + `<rect x="${labelWidth}" width="${acceptedW.toFixed(1)}" height="${barHeight}" fill="#3c8d5a"/>`
            + `<rect x="${(labelWidth + acceptedW).toFixed(1)}" width="${contestedW.toFixed(1)}" height="${barHeight}" fill="#c8553d"/>`
            + `<text x="${(labelWidth + w + 4).toFixed(1)}" y="13">${t.hits}</text></g>`;
    }).join('');
    const svgHeight = Math.max(1, top.length) * (barHeight + 6);
    const tableRows = rows.map(r => `<tr><td>${escapeHtml(r.day)}</td><td>${escapeHtml(r.rule_id)}</td><td>${escapeHtml(r.rule_name)}</td>`
        + `<td class="n">${r.evaluations}</td><td class="n">${r.hits}</td><td class="n">${rate(r.hits, r.evaluations)}</td><td class="n">${r.amount.toFixed(2)}</td>`
        + `<td class="n">${r.accepted}</td><td class="n">${r.contested}</td><td class="n">${rate(r.accepted, r.accepted + r.contested)}</td></tr>`).join('\n');
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>智审规则指标</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px}th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}svg text{font-size:12px}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style></head><body>
<h1>规则指标</h1>
<p>规则包 ${escapeHtml(options.packId ?? '—')} · 最近 ${options.days} 天 · ${totals.length} 条规则有记录。命中率 = 命中 / 求值；采纳率 = 返回修改 / 有 3103 反馈的结果。</p>
<h2>各规则命中数（前 ${top.length} 条）</h2>
<p class="legend"><span style="background:#9db7d5"></span>命中<span style="background:#3c8d5a"></span>返回修改（采纳）<span style="background:#c8553d"></span>继续执行（质疑）</p>
<svg width="${labelWidth + chartWidth + 60}" height="${svgHeight}" role="img" aria-label="各规则命中数">${bars}</svg>
<h2>逐日明细</h2>
<table><thead><tr><th>日期</th><th>规则</th><th>名称</th><th>求值</th><th>命中</th><th>命中率</th><th>金额（元）</th><th>返回修改</th><th>继续执行</th><th>采纳率</th></tr></thead>
<tbody>
${tableRows || '<tr><td colspan="10">还没有记录</td></tr>'}
</tbody></table>
</body></html>
`;
}
