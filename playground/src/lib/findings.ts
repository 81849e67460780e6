/**
 * 审核结果 → 结果表的行；两次运行之间的差异（新增 / 消失 / 金额变化）。纯函数。
 * 金额一律按“分”的整数计算，避免浮点误差。
 */
import type { JudgeResult } from '@zhishen/runtime';
import type { RequestOutcome } from './protocol.js';

export interface FindingRow {
    /** 两次运行之间对应同一条结果的键（不含 jr_id：jr_id 含规则包 id，参数一变就变） */
    key: string;
    /** 在结果表中的序号（0 起） */
    index: number;
    /** 第几份请求（NDJSON 的第几行请求，0 起）与所在行 */
    request: number;
    requestLine: number;
    ruleId: string;
    ruleName: string;
    level: string;
    message: string;
    /** 违规金额（分） */
    cents: number;
    amountAbnormal: boolean;
    violating: string[];
    involved: string[];
    /** 涉及的就诊（rx_id 为空的明细：历史就诊等） */
    involvedEncounters: string[];
    patnId: string;
    mdtrtId: string;
    kpId?: string;
    evidence: string;
    source?: { file: string; line: number; column: number };
    result: JudgeResult;
}

export const toCents = (yuan: number): number => Math.round(yuan * 100);

/** 分 → “1,234.50” */
export function formatCents(cents: number, options: { sign?: boolean } = {}): string {
    const negative = cents < 0;
    const abs = Math.abs(cents);
    const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const text = `${yuan}.${String(abs % 100).padStart(2, '0')}`;
    if (negative) return '−' + text;
    return options.sign && cents > 0 ? '+' + text : text;
}

export function findingRows(outcomes: readonly RequestOutcome[]): FindingRow[] {
    const rows: FindingRow[] = [];
    for (const outcome of outcomes) {
        for (const result of outcome.results) {
            const details = result.judge_result_detail_dtos ?? [];
            const violating = details.filter(d => d.vola_item_type === '1').map(d => d.rx_id);
            const involved = details.filter(d => d.vola_item_type === '2' && d.rx_id).map(d => d.rx_id);
            const involvedEncounters = details.filter(d => d.vola_item_type === '2' && !d.rx_id).map(d => d.mdtrt_id);
            const z = result.zhishen;
            const kpId = z?.kp_id;
            rows.push({
                key: [outcome.index, result.patn_id, result.mdtrt_id, result.rule_id, kpId ?? '', [...violating].sort().join(',')].join('|'),
                index: rows.length,
                request: outcome.index,
                requestLine: outcome.line,
                ruleId: result.rule_id,
                ruleName: result.rule_name,
                level: z?.level ?? '',
                message: result.vola_cont,
                cents: toCents(result.vola_amt),
                amountAbnormal: result.vola_amt_stas === '0',
                violating,
                involved,
                involvedEncounters,
                patnId: result.patn_id,
                mdtrtId: result.mdtrt_id,
                kpId,
                evidence: result.vola_evid,
                source: z?.source,
                result
            });
        }
    }
    return rows;
}

export function totalCents(rows: readonly FindingRow[]): number {
    return rows.reduce((sum, r) => sum + r.cents, 0);
}

export interface FindingChange {
    before: FindingRow;
    after: FindingRow;
    /** 金额差（分） */
    delta: number;
    messageChanged: boolean;
}

export interface FindingsDiff {
    added: FindingRow[];
    removed: FindingRow[];
    changed: FindingChange[];
    unchanged: number;
    beforeCents: number;
    afterCents: number;
    deltaCents: number;
    /** 两次完全相同 */
    same: boolean;
}

export function diffFindings(before: readonly FindingRow[], after: readonly FindingRow[]): FindingsDiff {
    const previous = new Map<string, FindingRow[]>();
    for (const row of before) {
        const list = previous.get(row.key) ?? [];
        list.push(row);
        previous.set(row.key, list);
    }
    const added: FindingRow[] = [];
    const changed: FindingChange[] = [];
    let unchanged = 0;
    for (const row of after) {
        const match = previous.get(row.key)?.shift();
        if (!match) {
            added.push(row);
            continue;
        }
        const messageChanged = match.message !== row.message;
        if (match.cents !== row.cents || messageChanged) changed.push({ before: match, after: row, delta: row.cents - match.cents, messageChanged });
        else unchanged++;
    }
    const removed = [...previous.values()].flat();
    const beforeCents = totalCents(before);
    const afterCents = totalCents(after);
    return {
        added,
        removed,
        changed,
        unchanged,
        beforeCents,
        afterCents,
        deltaCents: afterCents - beforeCents,
        same: added.length === 0 && removed.length === 0 && changed.length === 0
    };
}

/** 结果所指的明细（违规项，否则涉及项，否则涉及的就诊）：同一条规则的几条结果提示常常相同，靠它区分。 */
export function rowItems(row: FindingRow): string {
    if (row.violating.length) return `违规项 ${row.violating.join('、')}`;
    if (row.involved.length) return `涉及项 ${row.involved.join('、')}`;
    if (row.involvedEncounters.length) return `就诊 ${row.involvedEncounters.join('、')}`;
    return row.mdtrtId ? `就诊 ${row.mdtrtId}` : '';
}

/** 差异列表里的一行（新增、消失）：规则、明细、提示、金额。 */
export function diffRowText(row: FindingRow): string {
    const items = rowItems(row);
    return `${row.ruleId} ${row.ruleName}${items ? `［${items}］` : ''}：${row.message}（${formatCents(row.cents)} 元）`;
}

/** 差异列表里金额或提示变了的一行。 */
export function diffChangeText(change: FindingChange): string {
    const row = change.after;
    const items = rowItems(row);
    return `${row.ruleId} ${row.ruleName}${items ? `［${items}］` : ''}：金额 ${formatCents(change.before.cents)} → ${formatCents(row.cents)} 元${change.messageChanged ? `；提示「${change.before.message}」→「${row.message}」` : ''}`;
}

/** 差异的一句话说明。 */
export function describeDiff(diff: FindingsDiff): string {
    if (diff.same) return `与上次运行相同（${diff.unchanged} 条结果，金额 ${formatCents(diff.afterCents)} 元）`;
    const parts: string[] = [];
    if (diff.added.length) parts.push(`新增 ${diff.added.length} 条`);
    if (diff.removed.length) parts.push(`消失 ${diff.removed.length} 条`);
    if (diff.changed.length) parts.push(`变化 ${diff.changed.length} 条`);
    return `与上次运行相比：${parts.join('，')}；违规金额 ${formatCents(diff.beforeCents)} → ${formatCents(diff.afterCents)} 元（${formatCents(diff.deltaCents, { sign: true })} 元）`;
}

/** 按级别排序用：明确违规最前。 */
export const LEVEL_ORDER: Record<string, number> = { 明确违规: 0, 高度可疑: 1, 轻度可疑: 2, 提醒: 3 };

/** 这次运行的是哪个环节的规则（给人看的一句话）。 */
export function describePhase(choice: string, scenes: ReadonlyArray<string | null>): string {
    if (choice === 'all') return '运行了全部规则（不分环节）';
    if (choice !== 'auto') return `只运行环节为「${choice}」的规则`;
    const distinct = [...new Set(scenes)];
    if (distinct.length === 1 && distinct[0] === null) return '请求没有 trig_scen：运行了全部规则';
    if (distinct.length === 1) {
        const n = Number(distinct[0]);
        const phase = n >= 1 && n <= 5 ? '事前' : n >= 6 && n <= 10 ? '事中' : null;
        return phase ? `按请求的 trig_scen ${distinct[0]} 运行「${phase}」环节的规则` : `请求的 trig_scen ${distinct[0]} 不属于事前 / 事中：运行了全部环节的规则`;
    }
    return '按各请求的 trig_scen 分别选择环节';
}
