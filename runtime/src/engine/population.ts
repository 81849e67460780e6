/**
 * 筛查集合（事后全量筛查）：被筛查的全部理赔的本次就诊与明细（契约 records.ts 中 population 为真的来源），
 * 以及跨理赔规则要用的索引与同级统计。纯数据与纯函数，不做 IO；SQL 后端对同一份语义（contract/semantics.ts P1–P6）生成查询。
 *
 * - 每张理赔（请求中的每个患者）贡献它的本次就诊；同一就诊号只收第一次（同一批理赔重复载入不会重复计）。历史就诊不进入集合：
 *   筛查集合本身就是历史。
 * - lookup：按属性取元素（等于一个值，或与一组值相交），索引按需建立一次；结果保持集合中的顺序。
 * - 统计组（cohorts）：对每组 全体就诊 g 按 … 的分组，保持首次出现顺序。
 * - 同级统计（peerStatistic）：同一规则的同一个 同级 表达式，对全部统计组只算一次分布。
 */
import type { NClaim, NCohort, NEncounter, NLine } from '../claim/types.js';
import { groupKeyOf, tupleKeyOf } from '../claim/normalize.js';
import { iterate } from './ops.js';
import { average } from './ops.js';

export interface ScreeningPeriod {
    /** 天数（自 1970-01-01），缺失表示不限 */
    from: number | null;
    to: number | null;
}

export class Population {
    readonly population_encounters: NEncounter[] = [];
    readonly population_lines: NLine[] = [];
    private readonly byMdtrt = new Map<string, NEncounter>();
    /** 明细 → 它所在理赔的患者（按对象：就诊号不保证跨患者唯一，不能按就诊号找患者） */
    private readonly lineOwner = new WeakMap<NLine, string>();
    /** fork 出来的集合：底下的历史集合（明细的患者在它那里找） */
    private base: Population | undefined;
    private readonly indexes = new Map<string, Map<unknown, unknown[]>>();
    /** 同级统计的缓存：统计组数组 → 节点 → 分布 */
    private readonly peerCache = new WeakMap<object, Map<string, PeerDistribution>>();

    constructor(readonly period: ScreeningPeriod = { from: null, to: null }) {}

    /** 加入一张理赔的本次就诊；就诊号已在集合中时返回 false（不重复加入）。 */
    add(claim: NClaim): boolean {
        const encounter = claim.encounter;
        if (this.byMdtrt.has(encounter.mdtrt_id)) return false;
        this.byMdtrt.set(encounter.mdtrt_id, encounter);
        this.population_encounters.push(encounter);
        for (const line of claim.lines) {
            this.population_lines.push(line);
            this.lineOwner.set(line, claim.patient.patn_id);
        }
        this.indexes.clear();
        return true;
    }

    /**
     * 历史集合 + 另外几张理赔（实时审核配置了历史来源时：历史在前，本次请求的理赔在后，P1 的按就诊号去重同样适用——
     * 本次就诊已在历史里时用历史里的那次）。不改本集合；代价与历史的大小成正比（复制数组，索引按需重建）。
     */
    fork(claims: readonly NClaim[]): Population {
        const next = new Population(this.period);
        next.base = this;
        for (const [id, e] of this.byMdtrt) next.byMdtrt.set(id, e);
        next.population_encounters.push(...this.population_encounters);
        for (const line of this.population_lines) next.population_lines.push(line);
        for (const claim of claims) next.add(claim);
        return next;
    }

    has(mdtrtId: string): boolean {
        return this.byMdtrt.has(mdtrtId);
    }

    /** 就诊号 → 患者。 */
    patientOf(mdtrtId: string): string | undefined {
        return this.byMdtrt.get(mdtrtId)?.patn_id;
    }

    /** 集合中的明细 → 它的患者（结果的涉及项写各自的 patn_id）；不在集合中的明细为 undefined。 */
    patientOfLine(line: NLine): string | undefined {
        return this.lineOwner.get(line) ?? this.base?.patientOfLine(line);
    }

    /**
     * 来源中 prop 等于 key（key 为集合 / 列表 / 代码集时：与之相交，即元素的 prop 列表与 key 有共同值——同 相交）的元素，
     * 按集合中的顺序。key 为空时没有元素（与 filter(eq(…)) / filter(相交(…)) 的三值结果相同：与空比较为未知，不选）。
     */
    lookup(source: 'population_encounters' | 'population_lines', prop: string, key: unknown): unknown[] {
        const index = this.index(source, prop);
        if (key === null || key === undefined) return [];
        if (typeof key !== 'object') return index.get(key) ?? [];
        const positions = new Set<unknown>();
        const hits: unknown[] = [];
        for (const k of iterate(key)) {
            for (const item of index.get(k) ?? []) {
                if (positions.has(item)) continue;
                positions.add(item);
                hits.push(item);
            }
        }
        if (hits.length <= 1) return hits;
        const order = this.order(source);
        return hits.sort((a, b) => order.get(a)! - order.get(b)!);
    }

    private index(source: 'population_encounters' | 'population_lines', prop: string): Map<unknown, unknown[]> {
        const name = `${source}.${prop}`;
        let index = this.indexes.get(name);
        if (index) return index;
        index = new Map();
        for (const item of this[source] as unknown as Array<Record<string, unknown>>) {
            const value = item[prop];
            if (Array.isArray(value)) {
                // 列表属性（追溯码）：每个值一项（与 相交 相同，连空值也比较）
                const seen = new Set<unknown>();
                for (const v of value) {
                    if (seen.has(v)) continue;
                    seen.add(v);
                    push(index, v, item);
                }
            } else if (value !== null && value !== undefined) {
                push(index, value, item);
            }
        }
        this.indexes.set(name, index);
        return index;
    }

    private order(source: 'population_encounters' | 'population_lines'): Map<unknown, number> {
        const name = `${source}.#order`;
        let order = this.indexes.get(name) as unknown as Map<unknown, number> | undefined;
        if (!order) {
            order = new Map((this[source] as unknown[]).map((item, i) => [item, i]));
            this.indexes.set(name, order as unknown as Map<unknown, unknown[]>);
        }
        return order;
    }

    /** 同级统计（见 peerStatistic）；分布按 (统计组数组, 节点) 缓存。 */
    peer(node: string, cohorts: readonly unknown[], current: unknown, value: (g: unknown) => unknown, key: (g: unknown) => unknown, stat: PeerStat, arg: number | null, min: number | null): number | null {
        let byNode = this.peerCache.get(cohorts);
        if (!byNode) this.peerCache.set(cohorts, byNode = new Map());
        let distribution = byNode.get(node);
        if (!distribution) byNode.set(node, distribution = peerDistribution(cohorts, value, key));
        return peerStatistic(distribution, key(current), value(current), stat, arg, min);
    }
}

function push(map: Map<unknown, unknown[]>, key: unknown, item: unknown): void {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
}

// ───────────── 统计组 ─────────────

/** 把就诊按键分组（保持首次出现顺序；键为空的就诊各成一组，与明细分组 E2 相同）。 */
export function groupEncounters(encounters: readonly NEncounter[], key: (e: NEncounter) => unknown, options: { tuple?: boolean } = {}): NCohort[] {
    // 按值分组（与明细分组同一规则 E2：groupKeyOf / tupleKeyOf）；多个键时统计组的键是各键值数组的 JSON（P3、P5 的 G:键）
    const groups = new Map<unknown, NEncounter[]>();
    const order: Array<{ key: unknown; list: NEncounter[] }> = [];
    for (const encounter of encounters) {
        const k = key(encounter);
        const canonical = options.tuple && Array.isArray(k) ? tupleKeyOf(k) : groupKeyOf(k);
        if (canonical === null) {
            order.push({ key: null, list: [encounter] });
            continue;
        }
        let list = groups.get(canonical);
        if (!list) {
            groups.set(canonical, list = []);
            order.push({ key: options.tuple && Array.isArray(k) ? JSON.stringify(k) : k, list });
        }
        list.push(encounter);
    }
    return order.map(({ key: k, list }) => cohortOf(k, list));
}

function cohortOf(key: unknown, encounters: NEncounter[]): NCohort {
    const lines: NLine[] = [];
    let sumamt = 0;
    for (const e of encounters) {
        for (const l of e.lines) {
            lines.push(l);
            sumamt += l.sumamt;
        }
    }
    const first = encounters[0];
    return {
        key, encounters, lines, claim_count: encounters.length * 1_000_000, sumamt, first,
        medins_id: first.medins_id, medins_grade: first.medins_grade, medins_category: first.medins_category, medins_admdvs: first.medins_admdvs
    };
}

// ───────────── 同级统计 ─────────────

/** 同级统计量：百分位（最近秩）、均值、标准差（总体）、同级组数。 */
export type PeerStat = 'percentile' | 'mean' | 'sd' | 'count';

export const PEER_STATS: readonly PeerStat[] = ['percentile', 'mean', 'sd', 'count'];

interface PeerDistribution {
    /** 同级键（JSON）→ 升序排列的非空值 */
    byKey: Map<string, number[]>;
}

function peerKey(key: unknown): string | null {
    const values = Array.isArray(key) ? key : [key];
    if (values.some(v => v === null || v === undefined)) return null;
    return JSON.stringify(values);
}

function peerDistribution(cohorts: readonly unknown[], value: (g: unknown) => unknown, key: (g: unknown) => unknown): PeerDistribution {
    const byKey = new Map<string, number[]>();
    for (const g of cohorts) {
        const k = peerKey(key(g));
        if (k === null) continue;
        const v = value(g);
        let list = byKey.get(k);
        if (!list) byKey.set(k, list = []);
        if (typeof v === 'number') list.push(v);
    }
    for (const list of byKey.values()) list.sort((a, b) => a - b);
    return { byKey };
}

/**
 * 契约 semantics.ts P4：同级组 = 同级键相同（键中任一值为空时没有同级组，结果为空）的其他统计组（不含它自己：机构与“别的”
 * 同级机构比较，自己的值不抬高门槛）；值为空的组不计。同级组数 < min（或为 0）时结果为空（未知，比较不成立）。
 *   percentile p：最近秩法，升序第 ⌈p × n / 100⌉ 个（p = 0 取最小）；p 是 micro 数值（90 = 90 000 000）。
 *   mean：均值（micro，四舍五入，与 平均 相同）；sd：总体标准差 ⌊√(Σ(v − 均值)² / n)⌋（micro，BigInt 精确）；count：同级组数（micro）。
 */
export function peerStatistic(distribution: PeerDistribution, key: unknown, own: unknown, stat: PeerStat, arg: number | null, min: number | null): number | null {
    const k = peerKey(key);
    if (k === null) return null;
    let values = distribution.byKey.get(k) ?? [];
    if (typeof own === 'number') {
        // 去掉自己的值（升序数组中的一个）
        const at = values.indexOf(own);
        if (at >= 0) values = [...values.slice(0, at), ...values.slice(at + 1)];
    }
    const n = values.length;
    if (n === 0) return null;
    if (min !== null && n * 1_000_000 < min) return null;
    switch (stat) {
        case 'count': return n * 1_000_000;
        case 'percentile': {
            if (arg === null || arg < 0 || arg > 100_000_000) return null;
            const rank = Number((BigInt(arg) * BigInt(n) + 99_999_999n) / 100_000_000n);
            return values[Math.max(0, Math.min(n, rank) - 1)];
        }
        case 'mean': return average(values, false);
        case 'sd': {
            const total = values.reduce((s, v) => s + BigInt(v), 0n);
            // Σ(v − μ)² / n = (n Σv² − (Σv)²) / n²，全在 BigInt 中精确
            const squares = values.reduce((s, v) => s + BigInt(v) * BigInt(v), 0n);
            const N = BigInt(n);
            const variance = (N * squares - total * total) / (N * N);
            return Number(isqrt(variance));
        }
    }
}

function isqrt(value: bigint): bigint {
    if (value <= 0n) return 0n;
    let x = BigInt(Math.floor(Math.sqrt(Number(value))));
    while (x * x > value) x--;
    while ((x + 1n) * (x + 1n) <= value) x++;
    return x;
}
