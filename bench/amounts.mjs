/**
 * 金额去重的核对（问题 14 的缺陷 1；语义 contract/semantics.ts F8）：标准规则 stdlib-rules/rules × 国家全量知识点
 * （../shared/kb-data），在生成的理赔（bench/lib/claims.mjs，固定种子）上逐条核对——一条明细在一个患者全部结果中
 * 作为违规项的去重金额之和，不超过它的净金额（原金额 + 按 init_feedetl_sn 冲销它的退费）。
 * 打印每条规则的规则金额（去重前，zhishen.rule_amt）与去重后金额、总额、被两条以上结果列为违规项的明细数，
 * 以及超出净金额的明细数（必须为 0；不为 0 时退出码 1 并列出前几条）；作为对照，也数出不去重（每条规则单独运行、
 * 各自的金额相加）时会超出的明细数。
 *
 *   node bench/amounts.mjs                 # 3,000 条（F8 之前在这批理赔上有 1,481 条明细超出）
 *   node bench/amounts.mjs --claims 500 --seed 7
 *
 * stdlib-rules/test/amounts.test.ts 用同一函数在较小的一批上断言超出为 0。
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const NATIONAL = fileURLToPath(new URL('../../shared/kb-data/', import.meta.url));

/** 编译 stdlib-rules/rules（国家知识点），返回 JS 规则包。 */
export async function nationalStdlibPack(kb) {
    const { createZhishenCoreServices } = await import('@zhishen/language');
    const { openSession } = await import('@zhishen/compiler');
    const dir = join(ROOT, 'stdlib-rules/rules');
    const sources = readdirSync(dir).filter(f => f.endsWith('.zs')).sort()
        .map(f => ({ uri: pathToFileURL(join(dir, f)).href, text: readFileSync(join(dir, f), 'utf8') }));
    const session = await openSession({ services: createZhishenCoreServices().Zhishen, sources, kb, root: join(ROOT, 'stdlib-rules') });
    const output = session.compile();
    if (!output.ok) throw new Error(`标准规则编译失败：${session.diagnostics.filter(d => d.severity === 'error').map(d => `${d.file}:${d.line} ${d.message}`).join('；')}`);
    return session.pack('js');
}

/** 生成 count 条理赔（与 bench/run.mjs 同一生成器、同一种子即同一批）。 */
export async function generatedClaims(kb, count, seed) {
    const { claimPools, claimGenerator } = await import('./lib/claims.mjs');
    const gen = claimGenerator(claimPools(kb, seed), seed);
    return Array.from({ length: count }, () => gen.next());
}

const fen = x => Math.round(x * 100);

/**
 * 逐张理赔求值并核对金额。返回：每条规则的 { name, count, ruleFen, dedupFen }、总额（分）、违规明细数、
 * 被两条以上结果列为违规项的明细数、超出净金额的明细（overcharged，必须为空）。
 */
export function auditAmounts(engine, claims) {
    const byRule = new Map();
    const totals = { findings: 0, ruleFen: 0, dedupFen: 0, paidFen: 0, violatingLines: 0, sharedLines: 0, claims: claims.length, overchargedWithoutDedup: 0 };
    const overcharged = [];
    for (const claim of claims) {
        // 明细的净金额（分）：原金额 + 冲销它的退费（init_feedetl_sn 指向它的流水号）
        const paid = new Map();
        for (const patient of claim.patient_dtos ?? []) {
            for (const enc of patient.fsi_encounter_dtos ?? []) {
                const bySn = new Map();
                for (const line of enc.fsi_order_dtos ?? []) if (line.feedetl_sn) bySn.set(line.feedetl_sn, `${patient.patn_id}\u0000${line.rx_id}`);
                for (const line of enc.fsi_order_dtos ?? []) {
                    const key = `${patient.patn_id}\u0000${line.rx_id}`;
                    paid.set(key, (paid.get(key) ?? 0) + fen(line.sumamt));
                    totals.paidFen += fen(line.sumamt);
                    const target = line.init_feedetl_sn && bySn.get(line.init_feedetl_sn);
                    if (target && target !== key) paid.set(target, (paid.get(target) ?? 0) + fen(line.sumamt));
                }
            }
        }
        const { response } = engine.evaluate(claim);
        const charged = new Map(); // 明细 → { fen, findings }
        for (const r of response.result) {
            const ruleFen = fen(r.zhishen?.rule_amt ?? r.vola_amt);
            const dedupFen = fen(r.vola_amt);
            const entry = byRule.get(r.rule_id) ?? { name: r.rule_name, count: 0, ruleFen: 0, dedupFen: 0 };
            entry.count++;
            entry.ruleFen += ruleFen;
            entry.dedupFen += dedupFen;
            byRule.set(r.rule_id, entry);
            totals.findings++;
            totals.ruleFen += ruleFen;
            totals.dedupFen += dedupFen;
            for (const d of r.judge_result_detail_dtos) {
                if (d.vola_item_type !== '1') continue;
                const key = `${d.patn_id}\u0000${d.rx_id}`;
                const c = charged.get(key) ?? { fen: 0, rules: [] };
                c.fen += fen(d.vola_amt);
                c.rules.push(`${r.rule_id} ${d.vola_amt}`);
                charged.set(key, c);
            }
        }
        // 不去重时（每条规则单独运行、各自的金额相加）超出净金额的明细：只在去重改动了金额的理赔上重算
        if (response.result.some(r => r.zhishen?.rule_amt !== undefined)) {
            const alone = new Map();
            for (const id of new Set(response.result.map(r => r.rule_id))) {
                for (const r of engine.evaluate({ ...claim, rule_ids: [id] }).response.result) {
                    for (const d of r.judge_result_detail_dtos) {
                        if (d.vola_item_type !== '1') continue;
                        const key = `${d.patn_id}\u0000${d.rx_id}`;
                        alone.set(key, (alone.get(key) ?? 0) + fen(d.vola_amt));
                    }
                }
            }
            for (const [key, f] of alone) if (f > Math.max(0, paid.get(key) ?? 0)) totals.overchargedWithoutDedup++;
        }
        for (const [key, c] of charged) {
            totals.violatingLines++;
            if (c.rules.length > 1) totals.sharedLines++;
            const net = Math.max(0, paid.get(key) ?? 0);
            if (c.fen > net) overcharged.push({ line: key.replace('\u0000', ' '), paid: net / 100, charged: c.fen / 100, by: c.rules });
        }
    }
    return { byRule, totals, overcharged };
}

async function main() {
    const args = process.argv.slice(2);
    const opt = (name, dflt) => {
        const i = args.indexOf(`--${name}`);
        return i >= 0 ? Number(args[i + 1]) : dflt;
    };
    const count = opt('claims', 3000);
    const seed = opt('seed', 20260301); // 与 bench/run.mjs 的默认种子相同
    if (!existsSync(NATIONAL)) {
        console.error(`找不到国家数据 ${NATIONAL}：本核对需要仓库旁边的 ../shared/kb-data`);
        process.exit(2);
    }
    const { loadKnowledgeBaseFolder } = await import('@zhishen/language/kb-node');
    const { createEngine } = await import('@zhishen/runtime');
    const kb = await loadKnowledgeBaseFolder(NATIONAL);
    const engine = createEngine(await nationalStdlibPack(kb));
    const claims = await generatedClaims(kb, count, seed);
    const { byRule, totals, overcharged } = auditAmounts(engine, claims);
    const yuan = f => (f / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    console.log(`标准规则 × 国家知识点，生成的理赔 ${count.toLocaleString('en-US')} 条（种子 ${seed}），明细金额合计 ${yuan(totals.paidFen)} 元`);
    console.log('');
    console.log('规则\t结果数\t规则金额（去重前）\t去重后金额');
    for (const [id, r] of [...byRule].sort((a, b) => b[1].ruleFen - a[1].ruleFen)) {
        console.log(`${id} ${r.name}\t${r.count}\t${yuan(r.ruleFen)}\t${yuan(r.dedupFen)}`);
    }
    console.log(`合计\t${totals.findings}\t${yuan(totals.ruleFen)}\t${yuan(totals.dedupFen)}`);
    console.log('');
    console.log(`违规明细 ${totals.violatingLines} 条，其中被两条以上结果列为违规项 ${totals.sharedLines} 条；去重减少 ${yuan(totals.ruleFen - totals.dedupFen)} 元`);
    console.log(`不去重（每条规则单独运行、金额相加）时超出明细净金额的明细：${totals.overchargedWithoutDedup} 条`);
    console.log(`去重金额超出明细净金额的明细：${overcharged.length} 条`);
    for (const o of overcharged.slice(0, 10)) console.log(`  ${o.line}：净金额 ${o.paid}，计 ${o.charged}（${o.by.join('、')}）`);
    if (overcharged.length > 0) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
