/**
 * 服务的库（better-sqlite3；--store 给文件，否则在内存里）：
 *   encounters  已结算的就诊（原样的 fsi_encounter_dtos 一项，按患者取作历史就诊）
 *   findings    服务给出过的审核结果（jr_id → 规则、日期、金额），3103 反馈据此归到规则
 *   feedback    3103 反馈：每个 jr_id 一条（再次反馈覆盖上一次）
 *   rule_day    每条规则每天的求值次数、结果数、违规金额（分）
 * 请求路径上的写入先记在内存里，每隔一小段时间在一个事务里写入（flush）；查询与 3103 之前先 flush。
 */
import Database from 'better-sqlite3';
import type { FindingRow } from './protocol.js';

export interface RuleDayRow {
    day: string;
    rule_id: string;
    rule_name: string;
    evaluations: number;
    hits: number;
    /** 违规金额（元） */
    amount: number;
    /** 3103 返回修改（提醒被采纳） */
    accepted: number;
    /** 3103 继续执行（提醒被质疑，附理由） */
    contested: number;
}

export interface Feedback {
    jr_id: string;
    warn_type: string;
    dspo_way: '1' | '2';
    reason: string | null;
    msgid: string | null;
}

export interface StoredEncounter {
    patn_id: string;
    mdtrt_id: string;
    adm_date: string | null;
    /** fsi_encounter_dtos 的一项（JSON 文本） */
    body: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS encounters (patn_id TEXT NOT NULL, mdtrt_id TEXT NOT NULL, adm_date TEXT, body TEXT NOT NULL,
  settled_at TEXT NOT NULL, PRIMARY KEY (patn_id, mdtrt_id));
CREATE TABLE IF NOT EXISTS findings (jr_id TEXT PRIMARY KEY, rule_id TEXT NOT NULL, day TEXT NOT NULL, patn_id TEXT,
  mdtrt_id TEXT, amount_cents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (jr_id TEXT PRIMARY KEY, rule_id TEXT NOT NULL, day TEXT NOT NULL, warn_type TEXT,
  dspo_way TEXT NOT NULL, reason TEXT, msgid TEXT, received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rule_day (day TEXT NOT NULL, rule_id TEXT NOT NULL, rule_name TEXT NOT NULL DEFAULT '',
  evaluations INTEGER NOT NULL DEFAULT 0, hits INTEGER NOT NULL DEFAULT 0, amount_cents INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, rule_id));
`;

export class StoreError extends Error {}

/** 攒够这么多条结果就写库（不等定时器） */
const FLUSH_ROWS = 512;

/** 本地日期 YYYY-MM-DD（按服务所在时区；规则指标按天汇总） */
export function localDay(date = new Date()): string {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

interface Counter {
    name: string;
    evaluations: number;
    hits: number;
    cents: number;
}

export class Store {
    readonly file: string;
    private readonly db: Database.Database;
    private readonly counters = new Map<string, Counter>();
    private findings: Array<[string, string, string, string, string, number]> = [];
    private timer?: NodeJS.Timeout;
    private readonly autoFlush: boolean;
    private flushQueued = false;
    private readonly statements;
    /** 最近一次写入或读取失败的原因（readyz 报告）；成功一次后清除 */
    failure: string | null = null;

    /** 结果（jr_id → 规则）保留的天数：3103 反馈只能引用这段时间内的结果。库在内存里时默认 7 天，文件 180 天 */
    private readonly retentionDays: number;
    private prunedAt = 0;

    constructor(file: string | undefined, options: { flushMs?: number; retentionDays?: number } = {}) {
        this.file = file ?? ':memory:';
        this.retentionDays = options.retentionDays ?? (file ? 180 : 7);
        try {
            this.db = new Database(this.file);
            if (file) this.db.pragma('journal_mode = WAL');
            this.db.pragma('synchronous = NORMAL');
            this.db.exec(SCHEMA);
        } catch (error) {
            throw new StoreError(`无法打开库「${this.file}」：${(error as Error).message}`);
        }
        this.statements = {
            encounter: this.db.prepare('INSERT INTO encounters (patn_id, mdtrt_id, adm_date, body, settled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (patn_id, mdtrt_id) DO UPDATE SET adm_date = excluded.adm_date, body = excluded.body, settled_at = excluded.settled_at'),
            history: this.db.prepare('SELECT patn_id, mdtrt_id, adm_date, body FROM encounters WHERE patn_id = ? ORDER BY adm_date DESC, mdtrt_id LIMIT ?'),
            finding: this.db.prepare('INSERT OR IGNORE INTO findings (jr_id, rule_id, day, patn_id, mdtrt_id, amount_cents) VALUES (?, ?, ?, ?, ?, ?)'),
            findingOf: this.db.prepare('SELECT rule_id, day FROM findings WHERE jr_id = ?'),
            feedback: this.db.prepare('INSERT OR REPLACE INTO feedback (jr_id, rule_id, day, warn_type, dspo_way, reason, msgid, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
            ruleDay: this.db.prepare(`INSERT INTO rule_day (day, rule_id, rule_name, evaluations, hits, amount_cents) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (day, rule_id) DO UPDATE SET rule_name = excluded.rule_name, evaluations = evaluations + excluded.evaluations,
                hits = hits + excluded.hits, amount_cents = amount_cents + excluded.amount_cents`)
        };
        const flushMs = options.flushMs ?? 500;
        this.autoFlush = flushMs > 0;
        if (flushMs > 0) {
            this.timer = setInterval(() => this.tryFlush(), flushMs);
            this.timer.unref();
        }
    }

    /** 记下一次审核：运行过的规则各计 patients 次求值，结果计入命中与金额，结果本身留待 3103 反馈引用。 */
    recordEvaluation(rules: Array<{ id: string; name: string }>, patients: number, findings: FindingRow[], names: ReadonlyMap<string, string>, day = localDay()): void {
        if (patients > 0) {
            for (const rule of rules) this.counter(day, rule).evaluations += patients;
        }
        for (const [jrId, ruleId, patnId, mdtrtId, cents] of findings) {
            const counter = this.counter(day, { id: ruleId, name: names.get(ruleId) ?? ruleId });
            counter.hits++;
            counter.cents += cents;
            this.findings.push([jrId, ruleId, day, patnId, mdtrtId, cents]);
        }
        // 结果多时不等定时器：每攒够一批就在下一轮事件循环写掉。一次写几千行要几十毫秒，写的时候主线程上的请求都在等
        //（10 个并发客户端的 p99 就是这样来的）；一批 FLUSH_ROWS 行约 1–2 毫秒
        if (this.autoFlush && !this.flushQueued && this.findings.length >= FLUSH_ROWS) {
            this.flushQueued = true;
            setImmediate(() => {
                this.flushQueued = false;
                this.tryFlush();
            });
        }
    }

    private counter(day: string, rule: { id: string; name: string }): Counter {
        const key = `${day}\u0000${rule.id}`;
        let counter = this.counters.get(key);
        if (!counter) this.counters.set(key, counter = { name: rule.name, evaluations: 0, hits: 0, cents: 0 });
        return counter;
    }

    /** 把内存里的计数与结果写进库（一个事务）。失败时计数留在内存里，下次再写。 */
    flush(): void {
        if (this.counters.size === 0 && this.findings.length === 0) return;
        const counters = [...this.counters];
        const findings = this.findings;
        this.guard(() => this.db.transaction(() => {
            for (const [key, c] of counters) {
                const [day, ruleId] = key.split('\u0000');
                this.statements.ruleDay.run(day, ruleId, c.name, c.evaluations, c.hits, c.cents);
            }
            for (const f of findings) this.statements.finding.run(...f);
        })());
        // 每小时删一次过期的结果（长时间运行时，尤其库在内存里时，不随请求数一直增长）
        if (Date.now() - this.prunedAt > 3_600_000) {
            this.prunedAt = Date.now();
            this.guard(() => this.db.prepare('DELETE FROM findings WHERE day < ?').run(localDay(new Date(Date.now() - this.retentionDays * 86_400_000))));
        }
        this.counters.clear();
        this.findings = [];
    }

    private tryFlush(): void {
        try {
            this.flush();
        } catch {
            // failure 已记下（readyz 报告）；计数留在内存里下次再写
        }
    }

    /** 结算后的就诊进库（同一患者同一 mdtrt_id 覆盖）。返回写入的就诊数。 */
    addEncounters(encounters: StoredEncounter[]): number {
        const now = new Date().toISOString();
        this.guard(() => this.db.transaction(() => {
            for (const e of encounters) this.statements.encounter.run(e.patn_id, e.mdtrt_id, e.adm_date, e.body, now);
        })());
        return encounters.length;
    }

    /** 患者已结算的就诊，入院日期新的在前，最多 limit 次。 */
    history(patnId: string, limit: number): StoredEncounter[] {
        return this.guard(() => this.statements.history.all(patnId, limit) as StoredEncounter[]);
    }

    /** 3103：按 jr_id 找到结果所属的规则与日期；找不到返回 undefined。 */
    findingOf(jrId: string): { rule_id: string; day: string } | undefined {
        this.flush();
        return this.guard(() => this.statements.findingOf.get(jrId) as { rule_id: string; day: string } | undefined);
    }

    addFeedback(items: Array<Feedback & { rule_id: string; day: string }>): void {
        const now = new Date().toISOString();
        this.guard(() => this.db.transaction(() => {
            for (const f of items) this.statements.feedback.run(f.jr_id, f.rule_id, f.day, f.warn_type, f.dspo_way, f.reason, f.msgid, now);
        })());
    }

    /** 规则指标：每条规则每天一行，新的日期在前、同一天结果多的在前。 */
    ruleMetrics(options: { since?: string } = {}): RuleDayRow[] {
        this.flush();
        const rows = this.guard(() => this.db.prepare(`
            SELECT r.day, r.rule_id, r.rule_name, r.evaluations, r.hits, r.amount_cents,
              (SELECT count(*) FROM feedback f WHERE f.rule_id = r.rule_id AND f.day = r.day AND f.dspo_way = '2') AS accepted,
              (SELECT count(*) FROM feedback f WHERE f.rule_id = r.rule_id AND f.day = r.day AND f.dspo_way = '1') AS contested
            FROM rule_day r WHERE r.day >= ? ORDER BY r.day DESC, r.hits DESC, r.rule_id`).all(options.since ?? '') as Array<RuleDayRow & { amount_cents: number }>);
        return rows.map(({ amount_cents, ...row }) => ({ ...row, amount: amount_cents / 100 }));
    }

    feedbackCount(): number {
        return this.guard(() => (this.db.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n);
    }

    private guard<T>(action: () => T): T {
        try {
            const result = action();
            this.failure = null;
            return result;
        } catch (error) {
            this.failure = (error as Error).message;
            throw new StoreError(`库「${this.file}」读写失败：${(error as Error).message}`);
        }
    }

    close(): void {
        clearInterval(this.timer);
        try {
            this.flush();
        } finally {
            if (this.db.open) this.db.close();
        }
    }
}
