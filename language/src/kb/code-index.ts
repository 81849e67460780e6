/**
 * 编码索引：精确查找、编码前缀、中文名称子串、拼音首字母、最近编码（你是否想要）。
 *
 * 设计（全国目录 ≈ 6.7 万条：诊断 3.3 万 + 手术 1.4 万 + 知识点推得 2 万）：
 *   - 精确：Map<编码, 条目[]>。
 *   - 前缀：全部不同编码按大写键排序的数组 + 二分查找（前缀区间连续）。
 *   - 名称：首次名称查询时把全部小写名称用分隔符拼成一个长串，查询就是在长串上反复 indexOf
 *     （引擎的子串查找比逐条 includes 快一个量级），命中位置二分映射回条目；有界 top-k 排序。
 *   - 拼音：首次拼音查询时才算每条的首字母串，同样拼成长串。汉字 → 首字母按“不同的字”缓存（全模块共享），
 *     多音字（首字母不同的读音）为每条名称另生成少量变体串（最多 MAX_PINYIN_VARIANTS 个），
 *     所以 czr（重组人，chong）也能找到“重组人…”，只是排在默认读音的命中之后。
 *   - 最近编码：最长公共前缀的邻居里找编辑距离最小（有界 Levenshtein）。
 */
import { pinyin } from 'pinyin-pro';
import { CATALOGUE_KINDS, type CatalogueEntry, type CatalogueKind, type CodeIndex, type SearchHit, type SearchOptions } from './types.js';

const EMPTY: readonly CatalogueEntry[] = Object.freeze([]);

/** 排序档位：越小越靠前（SearchHit.rank 即档位）。 */
export const SEARCH_RANK = {
    exactCode: 0,
    exactName: 1,
    codePrefix: 2,
    nameStart: 3,
    nameContains: 4,
    pinyinStart: 5,
    pinyinContains: 6,
    /** 多音字的其他读音命中（如“重组”按 chong 读 cz） */
    pinyinAlternate: 7,
    /** 全小写字母的查询首先当拼音 / 名称，编码前缀排在最后 */
    codePrefixLate: 8
} as const;

/** 一条名称因多音字最多另生成几个首字母变体串 */
const MAX_PINYIN_VARIANTS = 4;
/** 段分隔符（不会出现在查询里：查询先 trim，且分隔符是控制字符） */
const SEP = '\u0001';

export function buildCodeIndex(entries: Iterable<CatalogueEntry>): CodeIndex {
    return new CatalogueCodeIndex(entries);
}

interface Scored {
    e: CatalogueEntry;
    band: number;
    /** 档位内的权重（SearchOptions.weight；没给时为 0） */
    w: number;
    match: SearchHit['match'];
}

/** 多段文本拼成的长串：第 k 段从 starts[k] 开始，属于条目 owner[k]；alternate[k] = 1 为多音字变体段。 */
interface SegmentText {
    text: string;
    starts: Int32Array;
    owner: Int32Array;
    alternate?: Uint8Array;
}

const KIND_ORDER = new Map<CatalogueKind, number>(CATALOGUE_KINDS.map((k, i) => [k, i]));

class CatalogueCodeIndex implements CodeIndex {
    private readonly all: CatalogueEntry[] = [];
    private readonly byCode = new Map<string, CatalogueEntry[]>();
    /** 不同编码，按大写键排序 */
    private readonly codes: string[];
    /** codes 对应的大写键（二分查找用） */
    private readonly keys: string[];
    private nameText: SegmentText | undefined;
    private pinyinText: SegmentText | undefined;
    private ordinal: Map<CatalogueEntry, number> | undefined;

    constructor(entries: Iterable<CatalogueEntry>) {
        for (const entry of entries) {
            this.all.push(entry);
            const list = this.byCode.get(entry.code);
            if (list) list.push(entry);
            else this.byCode.set(entry.code, [entry]);
        }
        const pairs: Array<[string, string]> = [];
        for (const code of this.byCode.keys()) pairs.push([code.toUpperCase(), code]);
        pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
        this.keys = pairs.map(p => p[0]);
        this.codes = pairs.map(p => p[1]);
    }

    get size(): number {
        return this.all.length;
    }

    get(code: string): readonly CatalogueEntry[] {
        return this.byCode.get(code) ?? EMPTY;
    }

    has(code: string): boolean {
        return this.byCode.has(code);
    }

    byPrefix(prefix: string, options?: SearchOptions): CatalogueEntry[] {
        const limit = options?.limit ?? Number.POSITIVE_INFINITY;
        const kinds = kindFilter(options);
        const out: CatalogueEntry[] = [];
        if (limit <= 0) return out;
        const [lo, hi] = this.prefixRange(prefix.toUpperCase());
        for (let k = lo; k < hi && out.length < limit; k++) {
            const code = this.codes[k]!;
            if (!code.startsWith(prefix)) continue; // 区间按大写键求得，这里再按原样区分大小写
            for (const entry of this.byCode.get(code)!) {
                if (kinds && !kinds.has(entry.kind)) continue;
                out.push(entry);
                if (out.length >= limit) break;
            }
        }
        return out;
    }

    search(query: string, options?: SearchOptions): SearchHit[] {
        const q = query.trim();
        const limit = options?.limit ?? 50;
        if (q.length === 0 || limit <= 0) return [];
        const kinds = kindFilter(options);
        const weight = options?.weight;
        const top = new TopK<Scored>(limit, compareScored);
        // 命中去重：按条目序号打标记（比 Set 快，命中上千条时明显）
        const seen = new Uint8Array(this.all.length);
        const add = (i: number, band: number, match: SearchHit['match']): void => {
            if (seen[i]) return;
            const e = this.all[i]!;
            if (kinds && !kinds.has(e.kind)) return;
            seen[i] = 1;
            top.offer({ e, band, match, w: weight ? weight(e) : 0 });
        };

        const codeChars = /^[A-Za-z0-9.+*]+$/.test(q);
        const lettersOnly = /^[A-Za-z]+$/.test(q);
        const lowerLetters = /^[a-z]+$/.test(q);
        let codeHits = 0;

        // 1–2. 精确编码与编码前缀（按编码顺序；只取够 limit 条，区间可能很大，如 "X"）。
        // 全小写字母的查询先当名称 / 拼音，编码前缀放在最后一档（也最后做，免得先占了去重位）。
        const codePass = (): void => {
            const ordinal = this.ordinals();
            for (const e of this.byCode.get(q) ?? EMPTY) { add(ordinal.get(e)!, SEARCH_RANK.exactCode, 'exact'); codeHits++; }
            const upper = q.toUpperCase();
            const [lo, hi] = this.prefixRange(upper);
            const prefixBand = lowerLetters ? SEARCH_RANK.codePrefixLate : SEARCH_RANK.codePrefix;
            let taken = 0;
            for (let k = lo; k < hi && taken < limit; k++) {
                const exact = this.keys[k] === upper;
                for (const e of this.byCode.get(this.codes[k]!)!) {
                    const i = ordinal.get(e)!;
                    if (seen[i] || (kinds && !kinds.has(e.kind))) continue;
                    add(i, exact ? SEARCH_RANK.exactCode : prefixBand, exact ? 'exact' : 'prefix');
                    taken++;
                    codeHits++;
                }
            }
        };
        if (codeChars && !lowerLetters) codePass();

        // 3. 名称子串（中文名称；也对 ASCII 查询做，如 “mHSPC”“2型”）
        const needle = q.toLowerCase();
        const names = this.names();
        scanSegments(names, needle, (k, offset, segLength) => {
            const owner = names.owner[k]!;
            const band = offset === 0 ? (segLength === needle.length ? SEARCH_RANK.exactName : SEARCH_RANK.nameStart) : SEARCH_RANK.nameContains;
            add(owner, band, 'name');
        });

        // 4. 拼音首字母：全小写字母的查询总是试；带大写的字母查询只在没有编码命中时试
        if (lettersOnly && (lowerLetters || codeHits === 0)) {
            // 同一条目的主串与变体串都可能命中：先收集每条最好的档位，再加入
            const py = this.pinyin();
            const best = new Uint8Array(this.all.length); // 档位 + 1；0 = 未命中
            const touched: number[] = [];
            scanSegments(py, needle, (k, offset) => {
                const owner = py.owner[k]!;
                const band = py.alternate![k] ? SEARCH_RANK.pinyinAlternate : offset === 0 ? SEARCH_RANK.pinyinStart : SEARCH_RANK.pinyinContains;
                const prev = best[owner]!;
                if (prev === 0) touched.push(owner);
                if (prev === 0 || band + 1 < prev) best[owner] = band + 1;
            });
            for (const owner of touched) add(owner, best[owner]! - 1, 'pinyin');
        }

        if (codeChars && lowerLetters) codePass();

        return top.sorted().map(s => ({ entry: s.e, match: s.match, rank: s.band }));
    }

    nearest(code: string, options?: SearchOptions): CatalogueEntry[] {
        const q = code.trim();
        const limit = options?.limit ?? 3;
        if (q.length === 0 || limit <= 0 || this.codes.length === 0) return [];
        const kinds = kindFilter(options);
        const upper = q.toUpperCase();
        // 长编码（15 位以上的服务项目、药品、耗材）多给一点容错
        const maxDistance = q.length >= 15 ? 4 : 3;
        const at = lowerBound(this.keys, upper);
        // 与插入点两侧邻居的最长公共前缀
        let lcp = 0;
        if (at < this.keys.length) lcp = Math.max(lcp, commonPrefix(upper, this.keys[at]!));
        if (at > 0) lcp = Math.max(lcp, commonPrefix(upper, this.keys[at - 1]!));

        interface Candidate { k: number; d: number; lcp: number }
        const found = new Map<number, Candidate>();
        const consider = (k: number): void => {
            if (found.has(k)) return;
            const key = this.keys[k]!;
            if (this.codes[k] === q) return; // 已知编码本身不是“最近”的建议（只差大小写的照样建议）
            if (Math.abs(key.length - upper.length) > maxDistance) return;
            const d = boundedLevenshtein(upper, key, maxDistance);
            if (d > maxDistance) return;
            if (kinds && !this.byCode.get(this.codes[k]!)!.some(e => kinds.has(e.kind))) return;
            found.set(k, { k, d, lcp: commonPrefix(upper, key) });
        };
        // 从最长公共前缀逐级放宽，直到凑够候选。各级区间一层套一层（前缀越短区间越大），
        // 只扫新增的部分；每级最多看插入点附近 WINDOW 个编码。已有建议、又放宽了 3 级还没凑够，就到此为止。
        const WINDOW = 4000;
        let scannedLo = at;
        let scannedHi = at;
        for (let len = lcp; len >= 0 && found.size < limit; len--) {
            if (found.size > 0 && len < lcp - 3) break;
            let lo = 0;
            let hi = this.keys.length;
            if (len > 0) [lo, hi] = this.prefixRange(upper.slice(0, len));
            if (hi - lo > WINDOW) {
                lo = Math.max(lo, at - WINDOW / 2);
                hi = Math.min(hi, lo + WINDOW);
            }
            lo = Math.min(lo, scannedLo);
            hi = Math.max(hi, scannedHi);
            for (let k = lo; k < scannedLo; k++) consider(k);
            for (let k = scannedHi; k < hi; k++) consider(k);
            scannedLo = lo;
            scannedHi = hi;
        }
        const ranked = [...found.values()].sort((a, b) =>
            a.d - b.d || b.lcp - a.lcp || Math.abs(a.k - at) - Math.abs(b.k - at) || a.k - b.k);
        const out: CatalogueEntry[] = [];
        for (const c of ranked) {
            const entry = this.byCode.get(this.codes[c.k]!)!.find(e => !kinds || kinds.has(e.kind));
            if (entry) out.push(entry); // 每个编码给一条
            if (out.length >= limit) break;
        }
        return out;
    }

    // ---- 内部 ----

    /** keys 中以 upperPrefix 开头的区间 [lo, hi) */
    private prefixRange(upperPrefix: string): [number, number] {
        const lo = lowerBound(this.keys, upperPrefix);
        const hi = lowerBound(this.keys, upperPrefix + '\uffff', lo);
        return [lo, hi];
    }

    /** 条目 → 序号（第一次搜索时才建） */
    private ordinals(): Map<CatalogueEntry, number> {
        if (!this.ordinal) {
            this.ordinal = new Map();
            for (let i = 0; i < this.all.length; i++) this.ordinal.set(this.all[i]!, i);
        }
        return this.ordinal;
    }

    private names(): SegmentText {
        if (!this.nameText) {
            const n = this.all.length;
            const texts = new Array<string>(n);
            const owner = new Int32Array(n);
            for (let i = 0; i < n; i++) {
                texts[i] = this.all[i]!.name.toLowerCase();
                owner[i] = i;
            }
            this.nameText = joinSegments(texts, owner);
        }
        return this.nameText;
    }

    private pinyin(): SegmentText {
        if (!this.pinyinText) this.pinyinText = pinyinSegments(this.all);
        return this.pinyinText;
    }
}

/** 档位 → 权重大的在前 → 名称短的在前（编码前缀档按编码）→ 编码 → 目录种类 → 出处 */
function compareScored(a: Scored, b: Scored): number {
    if (a.band !== b.band) return a.band - b.band;
    if (a.w !== b.w) return b.w - a.w;
    const ea = a.e;
    const eb = b.e;
    if (a.band !== SEARCH_RANK.codePrefix && a.band !== SEARCH_RANK.codePrefixLate && ea.name.length !== eb.name.length) {
        return ea.name.length - eb.name.length;
    }
    if (ea.code !== eb.code) {
        const ka = ea.code.toUpperCase();
        const kb = eb.code.toUpperCase();
        if (ka !== kb) return ka < kb ? -1 : 1;
        return ea.code < eb.code ? -1 : 1;
    }
    const kindDiff = KIND_ORDER.get(ea.kind)! - KIND_ORDER.get(eb.kind)!;
    if (kindDiff !== 0) return kindDiff;
    return ea.source < eb.source ? -1 : ea.source > eb.source ? 1 : 0;
}

function kindFilter(options: SearchOptions | undefined): Set<CatalogueKind> | undefined {
    return options?.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
}

/** 第一个 >= value 的下标 */
function lowerBound(sorted: readonly string[], value: string, from = 0): number {
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < value) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

function commonPrefix(a: string, b: string): number {
    const n = Math.min(a.length, b.length);
    let i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    return i;
}

let levPrev = new Int32Array(64);
let levCurr = new Int32Array(64);

/** 有界编辑距离：超过 max 时返回 max + 1（逐行提前结束；复用缓冲区，不分配内存）。 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
    if (a === b) return 0;
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const n = b.length;
    if (levPrev.length < n + 1) {
        levPrev = new Int32Array(n + 1);
        levCurr = new Int32Array(n + 1);
    }
    let prev = levPrev;
    let curr = levCurr;
    for (let j = 0; j <= n; j++) prev[j] = j;
    for (let i = 1; i <= a.length; i++) {
        curr[0] = i;
        let rowMin = i;
        const ca = a.charCodeAt(i - 1);
        for (let j = 1; j <= n; j++) {
            const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
            let v = prev[j - 1]! + cost;
            const del = prev[j]! + 1;
            if (del < v) v = del;
            const ins = curr[j - 1]! + 1;
            if (ins < v) v = ins;
            curr[j] = v;
            if (v < rowMin) rowMin = v;
        }
        if (rowMin > max) return max + 1;
        const t = prev;
        prev = curr;
        curr = t;
    }
    return Math.min(prev[n]!, max + 1);
}

/** 有界 top-k：只保留最靠前的 k 个，插入用二分。 */
class TopK<T> {
    private readonly items: T[] = [];
    constructor(private readonly k: number, private readonly cmp: (a: T, b: T) => number) {}

    offer(item: T): void {
        const items = this.items;
        if (items.length >= this.k && this.cmp(item, items[items.length - 1]!) >= 0) return;
        let lo = 0;
        let hi = items.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.cmp(items[mid]!, item) <= 0) lo = mid + 1;
            else hi = mid;
        }
        items.splice(lo, 0, item);
        if (items.length > this.k) items.pop();
    }

    sorted(): T[] {
        return this.items;
    }
}

// ---- 长串分段 ----

function joinSegments(texts: readonly string[], owner: Int32Array, alternate?: Uint8Array): SegmentText {
    const starts = new Int32Array(texts.length);
    let offset = 0;
    for (let k = 0; k < texts.length; k++) {
        starts[k] = offset;
        offset += texts[k]!.length + 1;
    }
    const seg: SegmentText = { text: texts.join(SEP), starts, owner };
    if (alternate) seg.alternate = alternate;
    return seg;
}

/** 在长串里找 needle 出现的每一段（每段只报第一次出现）：visit(段序号, 段内位置, 段长) */
function scanSegments(seg: SegmentText, needle: string, visit: (k: number, offset: number, segLength: number) => void): void {
    const { text, starts } = seg;
    const n = starts.length;
    let pos = text.indexOf(needle);
    let from = 0; // 命中位置递增：从上一段往后倍增查找，再二分
    while (pos >= 0) {
        // 找到 pos 所在的段：最后一个 starts[k] <= pos
        let step = 1;
        let lo = from;
        let hi = from + 1;
        while (hi < n && starts[hi]! <= pos) {
            lo = hi;
            step *= 2;
            hi = Math.min(n, hi + step);
        }
        while (lo + 1 < hi) {
            const mid = (lo + hi) >>> 1;
            if (starts[mid]! <= pos) lo = mid;
            else hi = mid;
        }
        const k = lo;
        const start = starts[k]!;
        const end = k + 1 < n ? starts[k + 1]! - 1 : text.length;
        visit(k, pos - start, end - start);
        if (k + 1 >= n) break;
        from = k + 1;
        pos = text.indexOf(needle, starts[from]!);
    }
}

// ---- 拼音首字母 ----

/** 字符（UTF-16 码元）→ 全部读音的首字母（去重，默认读音在前），全模块共享缓存。 */
const charInitials = new Map<number, string>();

function initialsOf(code: number): string {
    let v = charInitials.get(code);
    if (v !== undefined) return v;
    if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) v = String.fromCharCode(code);
    else if (code >= 65 && code <= 90) v = String.fromCharCode(code + 32);
    else if (code < 0x3400 || (code >= 0xd800 && code <= 0xdfff)) v = ''; // 标点、希腊字母、代理对等不参与首字母
    else {
        const readings = pinyin(String.fromCharCode(code), { pattern: 'first', toneType: 'none', type: 'array', multiple: true }) as string[];
        v = '';
        for (const r of readings) {
            const c = r.toLowerCase();
            if (c.length === 1 && c >= 'a' && c <= 'z' && !v.includes(c)) v += c;
        }
    }
    charInitials.set(code, v);
    return v;
}

/**
 * 每条名称的首字母串：汉字取默认读音的首字母，ASCII 字母数字原样（小写），其他符号略去。
 * 含多音字的名称另给变体串：前两个多音字位置换成其他读音，最多 MAX_PINYIN_VARIANTS 个。
 */
function pinyinSegments(entries: readonly CatalogueEntry[]): SegmentText {
    const texts: string[] = [];
    const owner: number[] = [];
    const alternate: number[] = [];
    const ambiguousAt: number[] = [];
    for (let i = 0; i < entries.length; i++) {
        const name = entries[i]!.name;
        let primary = '';
        ambiguousAt.length = 0;
        for (let c = 0; c < name.length; c++) {
            const v = initialsOf(name.charCodeAt(c));
            if (v.length === 0) continue;
            if (v.length > 1 && ambiguousAt.length < 4) ambiguousAt.push(primary.length, c);
            primary += v[0];
        }
        texts.push(primary);
        owner.push(i);
        alternate.push(0);
        if (ambiguousAt.length === 0) continue;
        // 变体：对前两个多音字位置，逐个换成其他读音（含两处同时换），去掉与主串相同的
        const variants: string[] = [];
        const p0 = ambiguousAt[0]!;
        const r0 = initialsOf(name.charCodeAt(ambiguousAt[1]!));
        const p1 = ambiguousAt.length > 2 ? ambiguousAt[2]! : -1;
        const r1 = p1 >= 0 ? initialsOf(name.charCodeAt(ambiguousAt[3]!)) : '';
        const replace = (s: string, at: number, ch: string): string => s.slice(0, at) + ch + s.slice(at + 1);
        for (let a = 0; a < r0.length && variants.length < MAX_PINYIN_VARIANTS; a++) {
            const base = a === 0 ? primary : replace(primary, p0, r0[a]!);
            if (a > 0) variants.push(base);
            for (let b = 1; b < r1.length && variants.length < MAX_PINYIN_VARIANTS; b++) variants.push(replace(base, p1, r1[b]!));
        }
        for (const v of variants) {
            texts.push(v);
            owner.push(i);
            alternate.push(1);
        }
    }
    return joinSegments(texts, Int32Array.from(owner), Uint8Array.from(alternate));
}
