/**
 * 在理赔库上运行 SQL 后端（compiler/src/backends/sql）生成的规则，得到 3101 结果。
 *
 *   1. 建数据表（集合、字典、各规则的实例表，用 appender 写入）、宏与视图；
 *   2. 逐条规则执行 SELECT（文本参数绑定），得到命中行：患者、实例、违规对象、金额、提示与依据里依赖理赔的值、涉及的明细与就诊；
 *   3. 取命中患者的明细（序号、rx_id、净金额、本次计费 …）与请求（task_id、trig_scen、rule_ids），
 *      按请求选规则（runtime 的 ruleSelector / ruleEnabled，与引擎同一份），用 runtime 的 buildFinding 组装每条结果、
 *      assembleFindings 排序去重、按知识点合并、金额去重——与 JS 规则包同一份代码，所以输出逐字节相同（tests/store-sql 的差分测试核对）。
 */
import { assembleFindings, assemblyOptions, buildCohortFinding, buildFinding, dates, EMPTY_CONFIG, findingOptions, formatValue, ruleEnabled, ruleParams, ruleSelector, zhishenExtension } from '@zhishen/runtime';
import type { DeploymentConfig, EvalContext, EmittedDraft, Hit, JudgeResult, NLine, ParamValues, Phase, RulePack, ScreeningPeriod } from '@zhishen/runtime';
import { InstanceEvaluator, lowerToSql, SQL_MACROS } from '@zhishen/compiler';
import type { IrExpr, IrPack, SqlDialect, SqlPart, SqlProgram, SqlRulePlan, SqlTable } from '@zhishen/compiler';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ClaimsStore } from './store.js';
import { explainFindings } from './explain.js';
import { registerHostFunctions } from './host-functions.js';
import type { ExplainResult } from './explain.js';

export interface ScreenOptions {
    /** 规则包的 IR（openSession(...).ir()）：SQL 由它生成 */
    ir: IrPack;
    /** 同一次编译的规则包（解释器或生成的都行）：结果组装用它的 RuleSpec 与 manifest */
    pack: RulePack;
    config?: DeploymentConfig;
    /** 请求没有 trig_scen 时按此环节选规则（事后筛查一般是 '事后'）；都没有时运行全部规则 */
    phase?: Phase;
    /**
     * 筛查期间（runtime 的 screeningPeriod，定义与 JS 筛查同一份）：只筛查本次就诊入院日期（缺失取出院日期）在期间内的理赔；
     * 期间外的理赔留在库里，但既不出结果、也不在筛查集合里（被筛查理赔自带的历史就诊照常用）
     */
    period?: ScreeningPeriod;
    /** 每条结果附带解释（只对有结果的请求从源文件取回原文，用 JS 规则包重新求值，explain.ts） */
    explain?: boolean;
    /**
     * 结果按请求分批交出（每批至多 ASSEMBLE_BATCH 个请求，按装载批次与行号）：给了就不在 ScreenResult.requests 里攒，内存只有一批；
     * 不给时全部放进 requests
     */
    onRequests?: (batch: ScreenedRequest[]) => Promise<void> | void;
    /** 每批的请求数（默认 ASSEMBLE_BATCH；测试用小值） */
    assembleBatch?: number;
    /**
     * 审核库里的每张理赔，包括就诊号重复的（逐个请求审核的口径，同 AuditEngine.evaluate；差分测试用）。默认是筛查的口径：
     * 同一就诊号只审核装载次序中的第一张（同 JS 的 Screening.add）。
     */
    allClaims?: boolean;
    /** 每条规则执行完时回调（进度） */
    onRule?: (progress: { rule: string; index: number; total: number; hits: number; ms: number }) => void;
    /** 保留命中行（ScreenResult.hits）：Spark 作业的 Python 组装与这里的差分测试用 */
    keepHits?: boolean;
    /** 在别的引擎上执行规则（Spark，见 spark.ts）：方言与执行函数；省略时在理赔库的 DuckDB 上执行。组装照样用理赔库的表 */
    executor?: { dialect: SqlDialect; run(program: SqlProgram): Promise<RuleRows[]> };
}

/** 一条规则的命中行 */
export interface RuleRows {
    plan: SqlRulePlan;
    index: number;
    rows: Array<Record<string, unknown>>;
    ms: number;
}

/** 在连接上建数据表（appender 写入）、宏、宿主函数（host-functions.ts）与视图。 */
export async function prepareProgram(connection: DuckDBConnection, program: SqlProgram): Promise<void> {
    for (const table of program.tables) await createTable(connection, table);
    for (const sql of SQL_MACROS) await connection.run(sql);
    registerHostFunctions(connection, program);
    for (const sql of program.setup) await connection.run(sql);
}

/** 逐条规则执行（prepareProgram 之后），得到每条规则的命中行（列见 SqlRulePlan；Spark 上同样的列，tests/spark 核对）。 */
export async function runProgram(connection: DuckDBConnection, program: SqlProgram, onRule?: ScreenOptions['onRule']): Promise<RuleRows[]> {
    const out: RuleRows[] = [];
    for (const [index, plan] of program.rules.entries()) {
        const started = performance.now();
        const rows = (await connection.runAndReadAll(plan.sql, plan.params)).getRowObjectsJS() as Array<Record<string, unknown>>;
        const ms = Math.round(performance.now() - started);
        out.push({ plan, index, rows, ms });
        onRule?.({ rule: plan.id, index, total: program.rules.length, hits: rows.length, ms });
    }
    return out;
}

export interface ScreenedRequest {
    request_key: string;
    file: string;
    line_no: number;
    task_id: string | null;
    result: JudgeResult[];
}

export interface ScreenResult {
    /** 有结果的请求，按装载批次与行号（给了 onRequests 时为空） */
    requests: ScreenedRequest[];
    /** 统计组规则（机构 / 医师 / 患者级）的结果：按规则、实例、统计组的次序，task_id 为空（同 JS 的 evaluateSet，写在逐张理赔的结果之后） */
    set: JudgeResult[];
    /** 在 SQL 上运行的规则及用时（毫秒）、命中行数 */
    rules: Array<{ id: string; ms: number; hits: number }>;
    /** 不能在 SQL 上运行的规则（ZC0301） */
    unsupported: SqlProgram['unsupported'];
    program: SqlProgram;
    /** --explain：接上解释的结果数与没有解释的（统计组与跨理赔规则） */
    explained?: ExplainResult;
    /** 被筛查的理赔（患者）数与因不在筛查期间而没有筛查的 */
    claims: { screened: number; outOfPeriod: number };
    ms: { setup: number; rules: number; assemble: number };
    /** 命中行（按规则、SQL 结果的次序；keepHits 时才有）：rule 为规则在包中的位置，row 为 SELECT 的一行 */
    hits?: Array<{ rule: number; row: Record<string, unknown> }>;
}

interface HitRow {
    plan: SqlRulePlan;
    ck: string;
    inst: number;
    ord: number;
    row: Record<string, unknown>;
}

function num(v: unknown): number | null {
    return v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as number);
}

async function createTable(connection: DuckDBConnection, table: SqlTable): Promise<void> {
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${table.name} (${table.columns.map(c => `${c.name} ${c.type}`).join(', ')})`);
    const appender = await connection.createAppender(table.name, 'main', 'temp');
    try {
        for (const row of table.rows) {
            table.columns.forEach((c, k) => {
                const v = row[k];
                if (v === null || v === undefined) appender.appendNull();
                else if (c.type === 'VARCHAR') appender.appendVarchar(String(v));
                else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(v as number));
                else if (c.type === 'INTEGER') appender.appendInteger(v as number);
                else appender.appendBoolean(v as boolean);
            });
            appender.endRow();
        }
    } finally {
        appender.closeSync();
    }
}

/** 各规则的参数值（默认值 + 部署配置；与引擎同一份 ruleParams）。 */
export function packParams(pack: RulePack, config: DeploymentConfig = EMPTY_CONFIG): ParamValues[] {
    return pack.rules.map(p => ruleParams(p.spec.meta, config).values);
}

export async function screenStore(store: ClaimsStore, options: ScreenOptions): Promise<ScreenResult> {
    const { ir, pack } = options;
    const config = options.config ?? EMPTY_CONFIG;
    if (ir.rules.length !== pack.rules.length || ir.rules.some((r, i) => r.id !== pack.rules[i].spec.meta.id)) {
        throw new Error('IR 与规则包的规则不一致：两者须来自同一次编译');
    }
    const params = packParams(pack, config);
    const t0 = performance.now();
    // 部署配置停用的规则不执行（它们对哪个请求都不出结果；组装时 ruleEnabled 本来也会滤掉）：命中行不算、不列为不支持
    const enabled = ruleEnabled(config);
    const lowered = lowerToSql(ir, { params, dialect: options.executor?.dialect });
    const on = (id: string) => enabled(pack.rules.find(r => r.spec.meta.id === id)!.spec.meta);
    const program: SqlProgram = { ...lowered, rules: lowered.rules.filter(p => enabled(pack.rules[p.rule].spec.meta)), unsupported: lowered.unsupported.filter(u => on(u.rule)) };
    const connection = store.connection;
    const claims = await restrictToPeriod(connection, options.period);
    try {
        // 规则在别的引擎上执行时，理赔库上照样建 DuckDB 的准备语句：组装要用筛查集合表（zs_pop_claims：同一就诊号只审核第一张）
        await prepareProgram(connection, options.executor ? lowerToSql(ir, { params }) : program);
        const explained = options.explain ? { explained: 0, missing: 0 } : undefined;
        const requests: ScreenedRequest[] = [];
        const emit = async (batch: ScreenedRequest[]) => {
            if (explained) {
                const e = await explainFindings(store, batch, pack, config);
                explained.explained += e.explained;
                explained.missing += e.missing;
            }
            if (options.onRequests) await options.onRequests(batch);
            else requests.push(...batch);
        };
        const result = await runRules(connection, program, options, params, config, t0, emit);
        return { ...result, requests, claims, ...(explained ? { explained } : {}) };
    } finally {
        if (options.period) for (const name of PERIOD_TABLES) await connection.run(`DROP VIEW IF EXISTS temp.${name}`);
        await connection.run('DROP TABLE IF EXISTS temp.zs_period');
    }
}

/** 有期间时被临时视图遮住的表（DuckDB 先找 temp 模式）：规则 SQL 与结果组装看到的只是期间内的理赔。 */
const PERIOD_TABLES = ['claims', 'encounters', 'lines', 'diagnoses', 'operations', 'trace_codes'] as const;

async function restrictToPeriod(connection: DuckDBConnection, period: ScreeningPeriod | undefined): Promise<ScreenResult['claims']> {
    const total = Number((await connection.runAndReadAll('SELECT count(*) FROM claims')).getRows()[0][0]);
    if (!period || (period.from === null && period.to === null)) return { screened: total, outOfPeriod: 0 };
    // 库的表要写全名（库名.main.表）：临时对象在 temp 库的 main 模式里，只写 main.表 会指回临时视图自己
    const db = String((await connection.runAndReadAll('SELECT current_database()')).getRows()[0][0]).replace(/"/g, '""');
    // 与 runtime 的 inPeriod 相同：本次就诊（enc_order = 0）的 coalesce(入院日期, 出院日期) 在 [from, to] 内；日期都缺失的不筛查
    const conditions = ['coalesce(e.adm_date, e.dscg_date) IS NOT NULL'];
    const params: number[] = [];
    if (period.from !== null) conditions.push(`coalesce(e.adm_date, e.dscg_date) >= $${params.push(period.from)}`);
    if (period.to !== null) conditions.push(`coalesce(e.adm_date, e.dscg_date) <= $${params.push(period.to)}`);
    await connection.run(`CREATE OR REPLACE TEMP TABLE zs_period AS SELECT e.claim_key FROM "${db}".main.encounters e WHERE e.enc_order = 0 AND ${conditions.join(' AND ')}`, params);
    for (const name of PERIOD_TABLES) {
        await connection.run(`CREATE OR REPLACE TEMP VIEW ${name} AS SELECT * FROM "${db}".main.${name} WHERE claim_key IN (SELECT claim_key FROM temp.zs_period)`);
    }
    const screened = Number((await connection.runAndReadAll('SELECT count(*) FROM temp.zs_period')).getRows()[0][0]);
    return { screened, outOfPeriod: total - screened };
}

/** 命中行（JS 对象）→ 临时表 zs_hits_<序号>：经临时 NDJSON 由 read_json 读入（整数是 BIGINT、列表是数组、全空的列是 NULL）。 */
async function hitsTable(connection: DuckDBConnection, index: number, rows: Array<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) {
        await connection.run(`CREATE OR REPLACE TEMP TABLE zs_hits_${index} (ck VARCHAR, inst INTEGER, ord INTEGER, zs_rk VARCHAR)`);
        return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'zhishen-hits-'));
    try {
        const file = join(dir, 'hits.ndjson');
        writeFileSync(file, rows.map(r => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).join('\n') + '\n');
        await connection.run(`CREATE OR REPLACE TEMP TABLE zs_hits_${index} AS SELECT zs_q.*, split_part(CAST(zs_q.ck AS VARCHAR), ':', 1) AS zs_rk
            FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', sample_size = -1) zs_q`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** keepHits：各规则的命中行（临时表 zs_hits_<序号> 里的 SELECT 结果，去掉分批用的 zs_rk 列），按规则次序。 */
async function keptHits(connection: DuckDBConnection, program: SqlProgram): Promise<NonNullable<ScreenResult['hits']>> {
    const hits: NonNullable<ScreenResult['hits']> = [];
    for (const [index, plan] of program.rules.entries()) {
        const rows = (await connection.runAndReadAll(`SELECT * EXCLUDE (zs_rk) FROM zs_hits_${index}`)).getRowObjectsJS() as Array<Record<string, unknown>>;
        for (const row of rows) hits.push({ rule: plan.rule, row });
    }
    return hits;
}

/** 结果组装每批的请求数：每批扫一遍明细表，批大则扫得少、批小则内存少 */
const ASSEMBLE_BATCH = 20_000;

/**
 * 逐条规则执行，命中行写进临时表 zs_hits_<序号>（不读进 JS）；再按请求分批（ASSEMBLE_BATCH）取回命中、理赔与明细，组装后交出。
 * 原来一次把全部命中与命中理赔的全部明细读进 JS：10 万条理赔时组装占 SQL 筛查一半以上的时间、峰值 RSS 5.7 GB。
 */
async function runRules(connection: DuckDBConnection, program: SqlProgram, options: ScreenOptions, params: ParamValues[], config: DeploymentConfig, t0: number,
    emit: (batch: ScreenedRequest[]) => Promise<void>): Promise<Omit<ScreenResult, 'claims' | 'explained' | 'requests'>> {
    const t1 = performance.now();
    const ruleStats: ScreenResult['rules'] = [];
    try {
        if (options.executor) {
            // 别的引擎给出的命中行写进同样的临时表，之后的分批组装与在 DuckDB 上执行时相同
            for (const { plan, index, rows, ms } of await options.executor.run(program)) {
                await hitsTable(connection, index, rows);
                ruleStats.push({ id: plan.id, ms, hits: rows.length });
            }
        } else {
            for (const [index, plan] of program.rules.entries()) {
                const started = performance.now();
                await connection.run(`CREATE OR REPLACE TEMP TABLE zs_hits_${index} AS SELECT zs_q.*, split_part(zs_q.ck, ':', 1) AS zs_rk FROM (${plan.sql}) zs_q`, plan.params);
                const hits = Number((await connection.runAndReadAll(`SELECT count(*) FROM zs_hits_${index}`)).getRows()[0][0]);
                const ms = Math.round(performance.now() - started);
                ruleStats.push({ id: plan.id, ms, hits });
                options.onRule?.({ rule: plan.id, index, total: program.rules.length, hits, ms });
            }
        }
        const t2 = performance.now();
        const hits = options.keepHits ? await keptHits(connection, program) : undefined;
        await assemble(connection, program, options, params, config, emit);
        const set = await assembleSet(connection, await cohortHits(connection, program), options, params, config);
        const t3 = performance.now();
        return {
            set, rules: ruleStats, unsupported: program.unsupported, program,
            ms: { setup: Math.round(t1 - t0), rules: Math.round(t2 - t1), assemble: Math.round(t3 - t2) },
            ...(hits ? { hits } : {})
        };
    } finally {
        for (const index of program.rules.keys()) await connection.run(`DROP TABLE IF EXISTS zs_hits_${index}`);
        await connection.run('DROP TABLE IF EXISTS zs_hit_requests');
        await connection.run('DROP TABLE IF EXISTS zs_batch');
        await connection.run('DROP TABLE IF EXISTS zs_batch_claims');
    }
}

interface ClaimInfo {
    request: string;
    patientIndex: number;
    patnId: string;
    mdtrtId: string;
    lines: Map<number, NLine>;
    /** 本次就诊的明细（按序号；规则包读筛查集合时 buildFinding 用它判断违规项属于本理赔） */
    current?: NLine[];
}

/** 统计组规则的命中行（机构 / 医师 / 患者级，不属于某个请求；条数是统计组数，一次读出）。 */
async function cohortHits(connection: DuckDBConnection, program: SqlProgram): Promise<HitRow[]> {
    const hits: HitRow[] = [];
    for (const [index, plan] of program.rules.entries()) {
        if (!plan.cohort) continue;
        const rows = (await connection.runAndReadAll(`SELECT * FROM zs_hits_${index}`)).getRowObjectsJS() as Array<Record<string, unknown>>;
        for (const row of rows) hits.push({ plan, ck: '', inst: Number(row.inst), ord: Number(row.ord), row });
    }
    return hits;
}

async function assemble(connection: DuckDBConnection, program: SqlProgram, options: ScreenOptions, params: ParamValues[], config: DeploymentConfig,
    emit: (batch: ScreenedRequest[]) => Promise<void>): Promise<void> {
    // 统计组规则的命中不属于某个请求（assembleSet）
    const perRequest = [...program.rules.entries()].filter(([, plan]) => !plan.cohort);
    if (perRequest.length === 0) return;
    await connection.run(`CREATE OR REPLACE TEMP TABLE zs_hit_requests AS SELECT r.request_key, r.file, r.line_no, r.task_id, r.trig_scen, r.rule_ids, r.batch
        FROM requests r WHERE r.request_key IN (${perRequest.map(([i]) => `SELECT zs_rk FROM zs_hits_${i}`).join(' UNION ')})`);
    const usesPopulation = options.pack.rules.some(p => p.spec.meta.population !== undefined);
    const all = (await connection.runAndReadAll('SELECT request_key, file, line_no, task_id, trig_scen, rule_ids FROM zs_hit_requests ORDER BY batch, line_no')).getRowsJS();
    const constants = new ConstantParts(options.ir, params);
    const size = options.assembleBatch ?? ASSEMBLE_BATCH;
    for (let start = 0; start < all.length; start += size) {
        const requestRows = all.slice(start, start + size);
        await createTable(connection, { name: 'zs_batch', columns: [{ name: 'request_key', type: 'VARCHAR' }], rows: requestRows.map(r => [r[0]]) });
        const hits: HitRow[] = [];
        for (const [index, plan] of perRequest) {
            const rows = (await connection.runAndReadAll(`SELECT * EXCLUDE (zs_rk) FROM zs_hits_${index} WHERE zs_rk IN (SELECT request_key FROM zs_batch)`)).getRowObjectsJS() as Array<Record<string, unknown>>;
            for (const row of rows) hits.push({ plan, ck: String(row.ck), inst: Number(row.inst), ord: Number(row.ord), row });
        }
        const claims = new Map<string, ClaimInfo>();
        // 只组装筛查集合里的理赔（同一就诊号只审核装载次序中的第一张，与 JS 的 Screening.add 相同；zs_pop_claims 见 SQL 后端 population.ts）。
        // 这一批的理赔各编一个小整数 k：明细按 k 取回，不必为每条明细解码一遍 64 个字符的 claim_key（原来占组装时间的一成上下）
        await connection.run(
            `CREATE OR REPLACE TEMP TABLE zs_batch_claims AS SELECT c.claim_key, c.request_key, c.patient_index, c.patn_id, c.curr_mdtrt_id,
             CAST(row_number() OVER () AS INTEGER) - 1 AS k FROM claims c
             ${options.allClaims ? '' : 'JOIN zs_pop_claims p ON p.claim_key = c.claim_key'} WHERE c.request_key IN (SELECT request_key FROM zs_batch)`
        );
        const claimRows = (await connection.runAndReadAll('SELECT claim_key, request_key, patient_index, patn_id, curr_mdtrt_id, k FROM zs_batch_claims')).getRowsJS();
        const byK: ClaimInfo[] = [];
        for (const [ck, request, patientIndex, patnId, mdtrtId, k] of claimRows) {
            const info: ClaimInfo = { request: String(request), patientIndex: Number(patientIndex), patnId: String(patnId), mdtrtId: String(mdtrtId), lines: new Map() };
            claims.set(String(ck), info);
            byK[Number(k)] = info;
        }
        const lineRows = (await connection.runAndReadAll(
            `SELECT b.k, l.seq, l.rx_id, l.mdtrt_id, l.sumamt, l.is_current_encounter, l.curr_drord_flag, l.hilist_name, l.hilist_code
             FROM lines l JOIN zs_batch_claims b ON b.claim_key = l.claim_key`
        )).getRowsJS();
        for (const [k, ...rest] of lineRows) byK[Number(k)].lines.set(Number(rest[0]), lineOf(rest));
        const population = await populationRecords(connection, hits, claims, lineOf);
        population.used = usesPopulation;
        await emit(assembleBatch(hits, claims, population, requestRows, constants, options, config));
    }
}

function lineOf([seq, rx_id, mdtrt_id, sumamt, current, billed, name, code]: unknown[]): NLine {
    return {
        seq: Number(seq), rx_id: String(rx_id), mdtrt_id: String(mdtrt_id), sumamt: Number(sumamt), is_current_encounter: current === true,
        curr_drord_flag: billed === true, hilist_name: (name as string | null) ?? null, hilist_code: (code as string | null) ?? null
    } as NLine;
}

/** 一批请求的命中 → 3101 结果（按请求的装载次序；没有结果的请求不出现）。 */
function assembleBatch(hits: HitRow[], claims: Map<string, ClaimInfo>, population: PopulationRecords, requestRows: unknown[][], constants: ConstantParts, options: ScreenOptions, config: DeploymentConfig): ScreenedRequest[] {
    const { pack } = options;
    const codes = findingOptions(pack.manifest, config);
    const enabled = ruleEnabled(config);
    const requests = new Map<string, { info: ScreenedRequest; selects: (r: number) => boolean; drafts: Array<EmittedDraft & { elem: number }> }>();
    for (const [key, file, lineNo, taskId, trigScen, ruleIds] of requestRows) {
        const select = ruleSelector({ trig_scen: (trigScen as string | null) ?? null, rule_ids: (ruleIds as string[] | null) ?? null }, options.phase);
        const memo = new Map<number, boolean>();
        requests.set(String(key), {
            info: { request_key: String(key), file: String(file), line_no: Number(lineNo), task_id: (taskId as string | null) ?? null, result: [] },
            selects: r => {
                let ok = memo.get(r);
                if (ok === undefined) memo.set(r, ok = enabled(pack.rules[r].spec.meta) && select(pack.rules[r].spec.meta));
                return ok;
            },
            drafts: []
        });
    }

    for (const hit of hits) {
        const claim = claims.get(hit.ck);
        if (!claim) continue; // 不在筛查集合：同一就诊号已由更早装载的理赔审核
        const request = requests.get(claim.request)!;
        const r = hit.plan.rule;
        if (!request.selects(r)) continue;
        const spec = pack.rules[r].spec;
        const inst = spec.instances[hit.inst];
        // 明细：本理赔的序号，或筛查集合中的 "claim_key#seq"（可能是别的理赔的，population.lines 里）
        const lines = (v: unknown) => ((v as Array<number | bigint | string> | null) ?? [])
            .map(seq => (typeof seq === 'string' ? population.lines.get(seq)! : claim.lines.get(Number(seq))!));
        const row = hit.row;
        let violation: unknown;
        switch (hit.plan.violation) {
            case 'line': violation = lines(row.v)[0]; break;
            case 'lines': violation = lines(row.v); break;
            case 'encounter': violation = { mdtrt_id: String(row.v) }; break;
            case 'diagnosis': violation = { dise_id: row.v_id ?? null, dise_codg: row.v_code ?? null, dise_name: row.v_name ?? null }; break;
            case 'operation': violation = { setl_list_oprn_id: row.v_id ?? null, oprn_code: row.v_code ?? null, oprn_name: row.v_name ?? null }; break;
        }
        const value = (part: SqlPart) => ('sql' in part ? fromSql(row[part.sql]) : constants.value(r, hit.inst, part.js));
        const hitValue: Hit = {
            violation,
            ...(hit.plan.hasAmount ? { amount: num(row.amt) } : {}),
            involved: hit.plan.involved.map(inv => inv.col === null ? null
                : inv.kind === 'lines' ? lines(row[inv.col])
                    : ((row[inv.col] as string[] | null) ?? []).map(id => (inv.population ? { mdtrt_id: id, patn_id: population.patients.get(id) ?? null } : { mdtrt_id: id }))),
            message: hit.plan.message === null ? null : hit.plan.message.map(p => (typeof p === 'string' ? p : formatValue(value(p), p.display))).join(''),
            evidence: hit.plan.evidence.map(p => value(p) as string | null)
        };
        const ctx = {
            claim: { patient: { patn_id: claim.patnId }, encounter: { mdtrt_id: claim.mdtrtId }, lines: claim.current ??= [...claim.lines.values()].filter(l => l.is_current_encounter).sort((x, y) => x.seq - y.seq) },
            // 同引擎：规则包读筛查集合时 buildFinding 才按集合写别的患者的涉及项（FindingDraft.owners）
            ...(population.used ? { population: { patientOfLine: (line: NLine) => population.owners.get(line) } } : {})
        } as unknown as EvalContext;
        const draft = buildFinding(ctx, spec, inst, hitValue, codes);
        if (!draft) continue;
        draft.result.zhishen = zhishenExtension(spec.meta, inst);
        request.drafts.push({ patient: claim.patientIndex, rule: r, instance: hit.inst, elem: hit.ord, draft });
    }
    const out: ScreenedRequest[] = [];
    const assembly = assemblyOptions(pack.manifest.id, pack.rules.map(p => p.spec.meta), config);
    for (const { info, drafts } of requests.values()) {
        // 同一 (患者, 规则, 实例, 序号) 内保持求值次序（元素次序），再按 F6–F8 组装（排序稳定，这个次序保留下来）
        drafts.sort((a, b) => a.patient - b.patient || a.rule - b.rule || a.instance - b.instance || a.draft.order - b.draft.order || a.elem - b.elem);
        info.result = assembleFindings(drafts, assembly);
        if (info.result.length > 0) out.push(info);
    }
    return out;
}

interface PopulationRecords {
    /** 规则包是否读筛查集合（同 AuditEngine.usesPopulation） */
    used: boolean;
    /** "claim_key#seq" → 筛查集合中的明细（别的理赔的涉及项） */
    lines: Map<string, NLine>;
    /** 筛查集合的明细 → 它所在理赔的患者（同 Population.patientOfLine） */
    owners: Map<NLine, string>;
    /** 筛查集合的就诊号 → 患者 */
    patients: Map<string, string>;
}

/** 命中行里提到的筛查集合记录：别的理赔的明细（取回，按对象记下患者）与就诊的患者。 */
async function populationRecords(connection: DuckDBConnection, hits: HitRow[], claims: Map<string, ClaimInfo>, lineOf: (row: unknown[]) => NLine): Promise<PopulationRecords> {
    const out: PopulationRecords = { used: false, lines: new Map(), owners: new Map(), patients: new Map() };
    const lineIds = new Set<string>();
    const encounterIds = new Set<string>();
    for (const hit of hits) {
        // 违规对象是筛查集合的明细时（违规 全体明细 其中 …）也是 "claim_key#seq"：本理赔的那几条要取回同一个对象才算违规项
        if (hit.plan.violation === 'line' || hit.plan.violation === 'lines') {
            for (const v of (hit.row.v as unknown[] | null) ?? []) if (typeof v === 'string') lineIds.add(v);
        }
        for (const inv of hit.plan.involved) {
            if (inv.col === null) continue;
            const values = (hit.row[inv.col] as unknown[] | null) ?? [];
            for (const v of values) {
                if (inv.kind === 'lines' && typeof v === 'string') lineIds.add(v);
                if (inv.kind === 'encounters' && inv.population) encounterIds.add(String(v));
            }
        }
    }
    if (lineIds.size > 0) {
        await createTable(connection, { name: 'zs_hit_lines', columns: [{ name: 'id', type: 'VARCHAR' }], rows: [...lineIds].map(k => [k]) });
        const rows = (await connection.runAndReadAll(
            `SELECT h.id, l.claim_key, l.seq, l.rx_id, l.mdtrt_id, l.sumamt, l.is_current_encounter, l.curr_drord_flag, l.hilist_name, l.hilist_code, l.zs_patn
             FROM zs_hit_lines h JOIN zs_pop_lines l ON h.id = l.claim_key || '#' || CAST(l.seq AS VARCHAR)`
        )).getRowsJS();
        await connection.run('DROP TABLE zs_hit_lines');
        for (const [id, ck, ...rest] of rows) {
            // 命中的理赔自己的明细用同一个对象（一条明细只算一次、按对象去重，同 JS）
            const own = claims.get(String(ck))?.lines.get(Number(rest[0]));
            const line = own ?? lineOf(rest.slice(0, 8));
            out.lines.set(String(id), line);
            out.owners.set(line, String(rest[8]));
        }
    }
    if (encounterIds.size > 0) {
        await createTable(connection, { name: 'zs_hit_encounters', columns: [{ name: 'id', type: 'VARCHAR' }], rows: [...encounterIds].map(k => [k]) });
        const rows = (await connection.runAndReadAll(
            'SELECT e.mdtrt_id, e.zs_patn FROM zs_hit_encounters h JOIN zs_pop_encounters e ON e.mdtrt_id = h.id'
        )).getRowsJS();
        await connection.run('DROP TABLE zs_hit_encounters');
        for (const [id, patn] of rows) out.patients.set(String(id), String(patn));
    }
    return out;
}

/**
 * 统计组命中 → 结果：运行时的 buildCohortFinding（P5，与 JS 的 evaluateSet 同一份），按 jr_id 去重；规则按筛查的选择
 * （没有 trig_scen 与 rule_ids，按环节）。统计期间 = 集合中就诊的最早入院（缺失取出院）到最晚出院（缺失取入院）日期。
 */
async function assembleSet(connection: DuckDBConnection, hits: HitRow[], options: ScreenOptions, params: ParamValues[], config: DeploymentConfig): Promise<JudgeResult[]> {
    if (hits.length === 0) return [];
    const { pack } = options;
    const [[from, to]] = (await connection.runAndReadAll(
        'SELECT min(coalesce(adm_date, dscg_date)), max(coalesce(dscg_date, adm_date)) FROM zs_pop_encounters'
    )).getRowsJS();
    const day = (v: unknown) => (v === null || v === undefined ? null : dates.formatDate(Number(v)));
    const period = { from: day(from), to: day(to) };
    const codes = findingOptions(pack.manifest, config);
    const enabled = ruleEnabled(config);
    const select = ruleSelector({ trig_scen: null, rule_ids: null }, options.phase);
    const constants = new ConstantParts(options.ir, params);
    const ordered = [...hits].sort((a, b) => a.plan.rule - b.plan.rule || a.inst - b.inst || a.ord - b.ord);
    const seen = new Set<string>();
    const out: JudgeResult[] = [];
    for (const hit of ordered) {
        const r = hit.plan.rule;
        const spec = pack.rules[r].spec;
        if (!enabled(spec.meta) || !select(spec.meta)) continue;
        const row = hit.row;
        const cohort = hit.plan.cohort!;
        const keys = Array.from({ length: cohort.keys }, (_, j) => fromSql(row[`k${j}`]));
        const ids = (row.v as string[] | null) ?? [];
        const patients = (row.v_patn as string[] | null) ?? [];
        const violation = {
            // 多个键时统计组的键是各键值数组的 JSON（同 groupEncounters）
            key: cohort.keys > 1 ? JSON.stringify(keys) : (keys[0] ?? null),
            encounters: ids.map((id, k) => ({ mdtrt_id: String(id), patn_id: patients[k] ?? null }))
        };
        const value = (part: SqlPart) => ('sql' in part ? fromSql(row[part.sql]) : constants.value(r, hit.inst, part.js));
        const hitValue: Hit = {
            violation,
            ...(hit.plan.hasAmount ? { amount: num(row.amt) } : {}),
            involved: [],
            message: hit.plan.message === null ? null : hit.plan.message.map(p => (typeof p === 'string' ? p : formatValue(value(p), p.display))).join(''),
            evidence: hit.plan.evidence.map(p => value(p) as string | null),
            ...(cohort.statistic ? { statistic: { value: fromSql(row.st_v), peer: cohort.peer ? fromSql(row.st_p) : null } } : {})
        };
        const inst = spec.instances[hit.inst];
        const draft = buildCohortFinding(spec, inst, hitValue, codes, period);
        if (!draft || seen.has(draft.result.jr_id)) continue;
        seen.add(draft.result.jr_id);
        draft.result.zhishen = zhishenExtension(spec.meta, inst);
        out.push(draft.result);
    }
    return out;
}

function fromSql(v: unknown): unknown {
    return typeof v === 'bigint' ? Number(v) : v ?? null;
}

/** 只依赖行值与参数的插值：按实例用参照解释器求值（与 SQL 后端提升列同一个 InstanceEvaluator）。 */
class ConstantParts {
    private readonly evaluators = new Map<number, InstanceEvaluator>();

    constructor(private readonly ir: IrPack, private readonly params: ParamValues[]) {}

    value(r: number, i: number, expr: IrExpr): unknown {
        let evaluator = this.evaluators.get(r);
        if (!evaluator) this.evaluators.set(r, evaluator = new InstanceEvaluator(this.ir.rules[r], this.params[r], this.ir.matchers));
        return evaluator.value(i, expr);
    }
}
