/**
 * 理赔库基准的手写 SQL 对照（bench/store.mjs 用）。
 */
import { table } from './measure.mjs';

const sec = ms => `${(ms / 1000).toFixed(1)} 秒`;

/**
 * 手写的 DuckDB SQL：人会怎么写这几条规则。逐明细规则与生成的 SQL 用同一份知识点表（zs_sets 编码集、zs_inst_N 实例表，
 * screenStore 建的临时表）与字典（zs_dict），查询是手写的：明细直接连编码表，不经视图与通用的作用域框架。
 */
export const LINE_RULES = [
    {
        id: 'GZ10000301004000', name: '药品区分性别使用',
        // 限定性别在实例表的哪一列：从生成的 SQL 里取（i.sN），编码集范围同
        sql: ({ inst, col }) => `WITH k AS (SELECT z.kind, z.a, z.b, z.len, i.zs_i AS i, i.${col} AS sex FROM zs_sets z JOIN ${inst} i ON i.codes_sid = z.set_id),
            lc AS (SELECT l.claim_key, l.seq, l.hilist_code, d.label AS sex FROM lines l JOIN claims c ON c.claim_key = l.claim_key
                   JOIN zs_dict d ON d.name = 'gend' AND d.code = c.gend_code WHERE l.is_current_encounter)
            SELECT lc.claim_key AS ck, k.i AS inst, lc.seq AS ord FROM lc JOIN k ON k.kind = 0 AND k.a = lc.hilist_code WHERE lc.sex <> k.sex AND lc.sex IN ('男', '女')
            UNION SELECT lc.claim_key, k.i, lc.seq FROM lc JOIN k ON k.kind = 2 AND substr(lc.hilist_code, 1, k.len) BETWEEN k.a AND k.b WHERE lc.sex <> k.sex AND lc.sex IN ('男', '女')`
    },
    {
        id: 'GZ10000101001000', name: '药品限工伤保险',
        sql: ({ inst }) => `WITH k AS (SELECT z.kind, z.a, z.b, z.len, i.zs_i AS i FROM zs_sets z JOIN ${inst} i ON i.codes_sid = z.set_id),
            lc AS (SELECT l.claim_key, l.seq, l.hilist_code FROM lines l JOIN encounters e ON e.claim_key = l.claim_key AND e.enc_order = 0
                   JOIN zs_dict d ON d.name = 'insutype' AND d.code = e.insutype WHERE l.is_current_encounter AND d.label IN ('职工医保', '居民医保'))
            SELECT lc.claim_key AS ck, k.i AS inst, lc.seq AS ord FROM lc JOIN k ON k.kind = 0 AND k.a = lc.hilist_code
            UNION SELECT lc.claim_key, k.i, lc.seq FROM lc JOIN k ON k.kind = 2 AND substr(lc.hilist_code, 1, k.len) BETWEEN k.a AND k.b`
    },
    {
        id: 'GZ10000201008000', name: '计费日期与住院时间不符',
        sql: ({ inst }) => `SELECT l.claim_key AS ck, (SELECT min(zs_i) FROM ${inst}) AS inst, l.seq AS ord FROM encounters e
            JOIN zs_dict d ON d.name = 'med_type' AND d.code = e.med_type AND d.label = '住院'
            JOIN lines l ON l.claim_key = e.claim_key AND l.is_current_encounter
            WHERE e.enc_order = 0 AND (l.fee_date < e.adm_date OR (e.dscg_date IS NOT NULL AND l.fee_date > e.dscg_date))`
    }
];

/** 跨理赔规则：筛查集合 = 各理赔的本次就诊（enc_order = 0）及其明细；键与 JS 结果比（就诊号 / 就诊号 + 明细 rx_id）。 */
export const POPULATION_RULES = [
    {
        id: 'ZSP0001', name: '药品追溯码跨理赔重复结算',
        // 违规项只含本次计费的明细（既往医嘱 curr_drord_flag = 0 只能是涉及项，不变式 6）
        sql: `WITH t AS (SELECT tc.code, l.mdtrt_id, l.rx_id, l.fee_time, l.curr_drord_flag FROM trace_codes tc JOIN lines l ON l.claim_key = tc.claim_key AND l.seq = tc.seq
                         WHERE l.is_current_encounter)
              SELECT DISTINCT a.mdtrt_id || '/' || a.rx_id AS k FROM t a JOIN t b ON b.code = a.code AND b.mdtrt_id <> a.mdtrt_id
              WHERE a.curr_drord_flag AND (b.fee_time < a.fee_time OR (b.fee_time = a.fee_time AND b.mdtrt_id < a.mdtrt_id))`,
        jsKeys: f => f.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => `${d.mdtrt_id}/${d.rx_id}`)
    },
    {
        id: 'ZSP0002', name: '分解住院（跨理赔）',
        sql: `WITH e AS (SELECT e.mdtrt_id, e.patn_id, e.adm_date, e.dscg_date FROM encounters e
                         JOIN zs_dict d ON d.name = 'med_type' AND d.code = e.med_type AND d.label = '住院' WHERE e.enc_order = 0)
              SELECT DISTINCT a.mdtrt_id AS k FROM e a JOIN e b ON b.patn_id = a.patn_id AND b.mdtrt_id <> a.mdtrt_id
              WHERE b.dscg_date IS NOT NULL AND b.dscg_date <= a.adm_date AND a.adm_date - b.dscg_date <= 15`,
        jsKeys: f => [f.mdtrt_id]
    },
    {
        id: 'ZSP0004', name: '重叠住院（跨理赔）',
        sql: `WITH e AS (SELECT e.mdtrt_id, e.patn_id, e.adm_date, e.dscg_date FROM encounters e
                         JOIN zs_dict d ON d.name = 'med_type' AND d.code = e.med_type AND d.label = '住院' WHERE e.enc_order = 0)
              SELECT DISTINCT a.mdtrt_id AS k FROM e a JOIN e b ON b.patn_id = a.patn_id AND b.mdtrt_id <> a.mdtrt_id
              WHERE (b.adm_date < a.adm_date OR (b.adm_date = a.adm_date AND b.mdtrt_id < a.mdtrt_id))
                AND CASE WHEN b.dscg_date IS NOT NULL THEN a.adm_date < b.dscg_date ELSE a.adm_date - b.adm_date <= 90 END`,
        jsKeys: f => [f.mdtrt_id]
    }
];

export async function handWritten(store, program) {
    const c = store.connection;
    const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const timed = async (sql, params) => {
        const t0 = performance.now();
        await c.run(`CREATE OR REPLACE TEMP TABLE zs_bench_hits AS ${sql}`, params);
        return performance.now() - t0;
    };
    const rows = [['规则', '生成的 SQL', '手写 SQL', '生成 / 手写', '命中', '相同']];
    let generatedTotal = 0;
    let handTotal = 0;
    for (const rule of LINE_RULES) {
        const plan = program.rules.find(p => p.id === rule.id);
        if (!plan) {
            rows.push([`${rule.id} ${rule.name}`, '（不在 SQL 上）', '', '', '', '']);
            continue;
        }
        const inst = /JOIN (zs_inst_\d+) i ON|CROSS JOIN (zs_inst_\d+) i/.exec(plan.sql);
        const col = /i\.(s\d+)\)\)$/m.exec(plan.sql.trim());
        const handSql = rule.sql({ inst: inst[1] ?? inst[2], col: col?.[1] });
        const gen = [];
        const mine = [];
        for (let k = 0; k < 3; k++) {
            gen.push(await timed(plan.sql, plan.params));
            mine.push(await timed(handSql));
        }
        // 命中核对：生成的 SQL 的 (患者, 实例, 明细) 与手写的两边互减都为空
        await c.run(`CREATE OR REPLACE TEMP TABLE zs_bench_gen AS SELECT DISTINCT ck, inst, ord FROM (${plan.sql})`, plan.params);
        await c.run(`CREATE OR REPLACE TEMP TABLE zs_bench_hand AS SELECT DISTINCT ck, inst, ord FROM (${handSql})`);
        const n = async sql => Number((await c.runAndReadAll(sql)).getRows()[0][0]);
        const hits = await n('SELECT count(*) FROM zs_bench_gen');
        const diff = await n('SELECT count(*) FROM (SELECT * FROM zs_bench_gen EXCEPT SELECT * FROM zs_bench_hand)')
            + await n('SELECT count(*) FROM (SELECT * FROM zs_bench_hand EXCEPT SELECT * FROM zs_bench_gen)');
        generatedTotal += median(gen);
        handTotal += median(mine);
        rows.push([`${rule.id} ${rule.name}`, sec(median(gen)), sec(median(mine)), `${(median(gen) / median(mine)).toFixed(2)}×`, hits.toLocaleString(), diff === 0 ? '是' : `否（差 ${diff}）`]);
    }
    console.log(`\n3. 手写 SQL 对照（逐明细规则，交替各 3 次取中位数）`);
    console.log(table(rows));
    const population = new Map();
    for (const rule of POPULATION_RULES) {
        const t0 = performance.now();
        const keys = new Set((await c.runAndReadAll(rule.sql)).getRows().map(r => String(r[0])));
        population.set(rule.id, { ms: performance.now() - t0, keys });
    }
    console.log('   跨理赔规则的手写 SQL：' + POPULATION_RULES.map(r => `${r.id} ${sec(population.get(r.id).ms)}（${population.get(r.id).keys.size.toLocaleString()} 条）`).join('，'));
    return { lineRatio: generatedTotal / handTotal, population };
}
