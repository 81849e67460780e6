/**
 * zhishen demo（npm start）：用样例知识库构建标准规则包，审核随附的一组 3101 请求，打印中文报告：
 * 每位患者的审核结果、各规则的结果数与金额、一条结果的完整解释，以及对样例筛查文件（claims/screening/*.ndjson）的事后全量筛查。
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import stringWidth from 'string-width';
import type { JudgeResult, RulePack } from '@zhishen/runtime';
import { createEngine, createScreening } from '@zhishen/runtime';
import { collectRuleFiles, loadKb, UserError } from '../project.js';
import { compileOrReport } from '../packs.js';
import { AmountSummary, yuan } from '../amounts.js';
import { explain, levelLabel } from '../explain-text.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface DemoOptions {
    rules?: string;
    kb?: string;
    claims?: string;
}

export async function demoCommand(options: DemoOptions): Promise<number> {
    const stdlib = join(REPO, 'stdlib-rules');
    const hasStdlib = existsSync(join(stdlib, 'rules'));
    const rulesDir = resolve(options.rules ?? (hasStdlib ? join(stdlib, 'rules') : join(REPO, 'examples')));
    const kbDir = resolve(options.kb ?? join(stdlib, 'sample-kb'));
    const claimsDir = resolve(options.claims ?? (hasStdlib ? join(stdlib, 'claims') : join(REPO, 'examples', 'claims')));
    if (!existsSync(claimsDir)) throw new UserError(`找不到样例理赔目录「${claimsDir}」`);

    const out: string[] = [];
    const say = (line = '') => out.push(line);
    const flush = () => {
        process.stdout.write(out.join('\n') + '\n');
        out.length = 0;
    };

    say(pc.bold('智审演示：医保基金智能审核'));
    say(pc.dim(`规则 ${rulesDir}`));
    say(pc.dim(`知识库 ${kbDir}`));
    say(pc.dim(`样例理赔 ${claimsDir}`));
    say();
    const started = performance.now();
    const kb = await loadKb(kbDir, undefined);
    const files = collectRuleFiles([rulesDir]);
    const compiled = await compileOrReport(files, kb);
    if (!compiled) return 1;
    const manifest = compiled.pack.manifest;
    const instances = manifest.rules.reduce((n, r) => n + r.instances, 0);
    say(pc.bold(`① 构建规则包`) + `  ${files.length} 个规则文件 → ${manifest.rules.length} 条规则、${instances} 个知识点实例（${(performance.now() - started).toFixed(0)}ms）`);
    for (const dropped of manifest.dropped) say(pc.dim(`   已删去 ${dropped.rule}：${dropped.reason}`));
    say();

    const engine = createEngine(compiled.pack, { explain: true });
    const claimFiles = readdirSync(claimsDir).filter(f => f.endsWith('.json')).sort();
    const all: Array<{ file: string; result: JudgeResult }> = [];
    say(pc.bold(`② 审核 ${claimFiles.length} 份样例请求`));
    for (const file of claimFiles) {
        const request = JSON.parse(readFileSync(join(claimsDir, file), 'utf8'));
        const title = typeof request.zhishen_demo === 'string' ? request.zhishen_demo : file.replace(/\.json$/, '');
        const output = engine.evaluate(request);
        const results = output.response.result;
        if (output.rejected) {
            say(`  ${pc.red('✗')} ${title}：${output.errors.map(e => e.message).join('；')}`);
            continue;
        }
        say(`  ${results.length === 0 ? pc.green('○') : pc.yellow('●')} ${title}${results.length === 0 ? pc.dim('  无审核结果') : ''}`);
        for (const r of results) {
            all.push({ file, result: r });
            const lines = r.judge_result_detail_dtos.filter(d => d.vola_item_type === '1').map(d => d.rx_id).join(',');
            say(`      ${levelLabel(r.zhishen?.level)} ${r.rule_id} ${pc.bold(r.rule_name)}  违规项 ${lines || '—'}  ${pc.bold(r.vola_amt.toFixed(2))} 元`);
            say(pc.dim(`        ${r.vola_cont}`));
        }
    }
    say();

    say(pc.bold('③ 各规则结果'));
    const amounts = new AmountSummary();
    for (const { result } of all) amounts.add(result);
    const rows = [['规则', '名称', '结果', '规则金额（元）', '去重后（元）'], ...[...amounts.byRule].map(([id, e]) => [id, e.name, String(e.count), yuan(e.ruleFen), yuan(e.dedupFen)])];
    rows.push(['合计', '', String(amounts.findings), yuan(amounts.ruleFen), yuan(amounts.dedupFen)]);
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => stringWidth(r[i]))));
    for (const row of rows) say('  ' + row.map((cell, i) => cell + ' '.repeat(widths[i] - stringWidth(cell))).join('  ').trimEnd());
    say();

    // 挑一条解释最丰富的（步骤与观察值最多、带参数）展示
    const richness = (r: JudgeResult) => {
        const e = r.zhishen?.explanation;
        return e ? e.steps.length + e.steps.reduce((n, s) => n + (s.values?.length ?? 0), 0) + e.params.length * 2 : -1;
    };
    const showcase = [...all].sort((a, b) => richness(b.result) - richness(a.result))[0];
    if (showcase?.result.zhishen?.explanation) {
        say(pc.bold('④ 一条结果的解释') + pc.dim(`（${showcase.file}）`));
        out.push(...explain(showcase.result, showcase.result.zhishen.explanation));
    }
    say();
    screeningDemo(compiled.pack, join(claimsDir, 'screening'), say);
    flush();
    return 0;
}

/** ⑤ 事后全量筛查：每个样例文件（一行一张理赔）各筛查一次，列出各规则的结果与几条典型结果（跨理赔、机构级）。 */
function screeningDemo(pack: RulePack, dir: string, say: (line?: string) => void): void {
    if (!existsSync(dir)) return;
    const files = readdirSync(dir).filter(f => f.endsWith('.ndjson')).sort();
    say(pc.bold(`⑤ 事后全量筛查 ${files.length} 个样例文件`) + pc.dim('（zhishen screen：跨理赔规则与机构 / 医师 / 患者级的统计，同级比较）'));
    for (const file of files) {
        const started = performance.now();
        const screening = createScreening(pack);
        for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) if (line.trim()) screening.add(JSON.parse(line));
        const result = screening.run();
        const summary = screening.summary;
        say(`  ${pc.bold(file)}  载入 ${summary.loaded} 张理赔${summary.rejected ? `，拒绝 ${summary.rejected}` : ''} → ${result.findings.length} 条结果（${(performance.now() - started).toFixed(0)}ms）`);
        for (const [id, r] of Object.entries(result.byRule).sort((a, b) => a[0].localeCompare(b[0]))) {
            const example = result.findings.find(f => f.rule_id === id)!;
            const level = example.population ? `${example.population.level}级` : '理赔级';
            say(`      ${levelLabel(example.zhishen?.level)} ${id} ${pc.bold(r.name)}  ${r.count} 条  ${r.amount.toFixed(2)} 元  ${pc.dim(level)}`);
            say(pc.dim(`        例：${example.vola_cont}`));
            const details = example.judge_result_detail_dtos;
            const shown = details.slice(0, 3).map(d => `${d.patn_id}/${d.rx_id || d.mdtrt_id}（${d.vola_item_type === '1' ? '违规项' : '涉及项'}）`).join('、');
            say(pc.dim(`        明细：${shown}${details.length > 3 ? ` 等 ${details.length} 条` : ''}`));
            const statistic = example.population?.statistic;
            if (statistic) say(pc.dim(`        指标 ${statistic.name} = ${statistic.text}${statistic.peer_name ? `，${statistic.peer_name} = ${statistic.peer_text}` : ''}；期间 ${example.population!.period.from} 至 ${example.population!.period.to}`));
        }
    }
}

