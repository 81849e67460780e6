/**
 * 在理赔库上运行 SQL 后端（compiler/src/backends/sql）生成的规则，得到 3101 结果。
 *
 *   1. 建数据表（集合、字典、各规则的实例表，用 appender 写入）、宏与视图；
 *   2. 逐条规则执行 SELECT（文本参数绑定），得到命中行：患者、实例、违规对象、金额、提示与依据里依赖理赔的值、涉及的明细与就诊；
 *   3. 取命中患者的明细（序号、rx_id、净金额、本次计费 …）与请求（task_id、trig_scen、rule_ids），
 *      按请求选规则（runtime 的 ruleSelector / ruleEnabled，与引擎同一份），用 runtime 的 buildFinding 组装每条结果、
 *      assembleFindings 排序去重、按知识点合并、金额去重——与 JS 规则包同一份代码，所以输出逐字节相同（tests/store-sql 的差分测试核对）。
 */
import { assembleFindings, assemblyOptions, buildFinding, EMPTY_CONFIG, formatValue, ruleEnabled, ruleParams, ruleSelector, zhishenExtension } from '@zhishen/runtime';
import type { DeploymentConfig, EvalContext, EmittedDraft, FindingOptions, Hit, JudgeResult, NLine, ParamValues, Phase, RulePack } from '@zhishen/runtime';
import { InstanceEvaluator, lowerToSql, SQL_MACROS } from '@zhishen/compiler';
import type { IrExpr, IrPack, SqlDialect, SqlPart, SqlProgram, SqlRulePlan, SqlTable } from '@zhishen/compiler';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ClaimsStore } from './store.js';

export interface ScreenOptions {
    /** 规则包的 IR（openSession(...).ir()）：SQL 由它生成 */
    ir: IrPack;
    /** 同一次编译的规则包（解释器或生成的都行）：结果组装用它的 RuleSpec 与 manifest */
    pack: RulePack;
    config?: DeploymentConfig;
    /** 请求没有 trig_scen 时按此环节选规则（事后筛查一般是 '事后'）；都没有时运行全部规则 */
    phase?: Phase;
    /** 每条规则执行完时回调（进度） */
    onRule?: (progress: { rule: string; index: number; total: number; hits: number; ms: number }) => void;
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

export interface ScreenedRequest {
    request_key: string;
    file: string;
    line_no: number;
    task_id: string | null;
    result: JudgeResult[];
}

export interface ScreenResult {
    /** 有结果的请求，按装载批次与行号 */
    requests: ScreenedRequest[];
    /** 在 SQL 上运行的规则及用时（毫秒）、命中行数 */
    rules: Array<{ id: string; ms: number; hits: number }>;
    /** 不能在 SQL 上运行的规则（ZC0301） */
    unsupported: SqlProgram['unsupported'];
    program: SqlProgram;
    ms: { setup: number; rules: number; assemble: number };
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

/** 在连接上建数据表（appender 写入）、宏与视图。 */
export async function prepareProgram(connection: DuckDBConnection, program: SqlProgram): Promise<void> {
    for (const table of program.tables) await createTable(connection, table);
    for (const sql of SQL_MACROS) await connection.run(sql);
    for (const sql of program.setup) await connection.run(sql);
}

/** 逐条规则执行（prepareProgram 之后），得到每条规则的命中行（列见 SqlRulePlan；Spark 上同样的列，tests/spark 核对）。 */
export async function runProgram(connection: DuckDBConnection, program: SqlProgram, onRule?: ScreenOptions['onRule']):
    Promise<RuleRows[]> {
    const out: RuleRows[] = [];
    for (const [index, plan] of program.rules.entries()) {
        const started = performance.now();
        const reader = await connection.runAndReadAll(plan.sql, plan.params);
        const rows = reader.getRowObjectsJS() as Array<Record<string, unknown>>;
        const ms = Math.round(performance.now() - started);
        out.push({ plan, index, rows, ms });
        onRule?.({ rule: plan.id, index, total: program.rules.length, hits: rows.length, ms });
    }
    return out;
}

export async function screenStore(store: ClaimsStore, options: ScreenOptions): Promise<ScreenResult> {
    const { ir, pack } = options;
    const config = options.config ?? EMPTY_CONFIG;
    if (ir.rules.length !== pack.rules.length || ir.rules.some((r, i) => r.id !== pack.rules[i].spec.meta.id)) {
        throw new Error('IR 与规则包的规则不一致：两者须来自同一次编译');
    }
    const params = packParams(pack, config);
    const t0 = performance.now();
    const program = lowerToSql(ir, { params, dialect: options.executor?.dialect });
    const connection = store.connection;
    if (!options.executor) await prepareProgram(connection, program);
    const t1 = performance.now();

    const hits: HitRow[] = [];
    const ruleStats: ScreenResult['rules'] = [];
    for (const { plan, rows, ms } of await (options.executor ? options.executor.run(program) : runProgram(connection, program, options.onRule))) {
        for (const row of rows) hits.push({ plan, ck: String(row.ck), inst: Number(row.inst), ord: Number(row.ord), row });
        ruleStats.push({ id: plan.id, ms, hits: rows.length });
    }
    const t2 = performance.now();
    const requests = await assemble(connection, hits, options, params, config);
    const t3 = performance.now();
    return {
        requests, rules: ruleStats, unsupported: program.unsupported, program,
        ms: { setup: Math.round(t1 - t0), rules: Math.round(t2 - t1), assemble: Math.round(t3 - t2) }
    };
}

interface ClaimInfo {
    request: string;
    patientIndex: number;
    patnId: string;
    mdtrtId: string;
    lines: Map<number, NLine>;
}

async function assemble(connection: DuckDBConnection, hits: HitRow[], options: ScreenOptions, params: ParamValues[], config: DeploymentConfig): Promise<ScreenedRequest[]> {
    const { pack } = options;
    if (hits.length === 0) return [];
    const keys = [...new Set(hits.map(h => h.ck))];
    await createTable(connection, { name: 'zs_hit_claims', columns: [{ name: 'claim_key', type: 'VARCHAR' }], rows: keys.map(k => [k]) });
    const claims = new Map<string, ClaimInfo>();
    const claimRows = (await connection.runAndReadAll(
        'SELECT c.claim_key, c.request_key, c.patient_index, c.patn_id, c.curr_mdtrt_id FROM claims c JOIN zs_hit_claims h ON h.claim_key = c.claim_key'
    )).getRowsJS();
    for (const [ck, request, patientIndex, patnId, mdtrtId] of claimRows) {
        claims.set(String(ck), { request: String(request), patientIndex: Number(patientIndex), patnId: String(patnId), mdtrtId: String(mdtrtId), lines: new Map() });
    }
    const lineRows = (await connection.runAndReadAll(
        `SELECT l.claim_key, l.seq, l.rx_id, l.mdtrt_id, l.sumamt, l.is_current_encounter, l.curr_drord_flag, l.hilist_name, l.hilist_code
         FROM lines l JOIN zs_hit_claims h ON h.claim_key = l.claim_key`
    )).getRowsJS();
    for (const [ck, seq, rx_id, mdtrt_id, sumamt, current, billed, name, code] of lineRows) {
        const line = {
            seq: Number(seq), rx_id: String(rx_id), mdtrt_id: String(mdtrt_id), sumamt: Number(sumamt), is_current_encounter: current === true,
            curr_drord_flag: billed === true, hilist_name: (name as string | null) ?? null, hilist_code: (code as string | null) ?? null
        } as NLine;
        claims.get(String(ck))!.lines.set(line.seq, line);
    }
    const requestRows = (await connection.runAndReadAll(
        `SELECT r.request_key, r.file, r.line_no, r.task_id, r.trig_scen, r.rule_ids FROM requests r
         WHERE r.request_key IN (SELECT DISTINCT split_part(claim_key, ':', 1) FROM zs_hit_claims) ORDER BY r.batch, r.line_no`
    )).getRowsJS();
    await connection.run('DROP TABLE zs_hit_claims');

    const findingOptions: FindingOptions = {
        packId: pack.manifest.id,
        levelCodes: { ...pack.manifest.levelCodes, ...config.levelCodes },
        behaviorCodes: config.behaviorCodes
    };
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

    const constants = new ConstantParts(options.ir, params);
    for (const hit of hits) {
        const claim = claims.get(hit.ck)!;
        const request = requests.get(claim.request)!;
        const r = hit.plan.rule;
        if (!request.selects(r)) continue;
        const spec = pack.rules[r].spec;
        const inst = spec.instances[hit.inst];
        const lines = (v: unknown) => ((v as Array<number | bigint> | null) ?? []).map(seq => claim.lines.get(Number(seq))!);
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
                : inv.kind === 'lines' ? lines(row[inv.col]) : ((row[inv.col] as string[] | null) ?? []).map(id => ({ mdtrt_id: id }))),
            message: hit.plan.message === null ? null : hit.plan.message.map(p => (typeof p === 'string' ? p : formatValue(value(p), p.display))).join(''),
            evidence: hit.plan.evidence.map(p => value(p) as string | null)
        };
        const ctx = { claim: { patient: { patn_id: claim.patnId }, encounter: { mdtrt_id: claim.mdtrtId } } } as unknown as EvalContext;
        const draft = buildFinding(ctx, spec, inst, hitValue, findingOptions);
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
