/**
 * zhishen kb info / kb search：知识库概况与编码查询。
 */
import pc from 'picocolors';
import stringWidth from 'string-width';
import { kbSummary } from '@zhishen/language';
import type { CatalogueKind } from '@zhishen/language';
import { findProjectConfig, loadKb, UserError } from '../project.js';

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => stringWidth(r[i] ?? ''))));
    return rows.map(r => r.map((cell, i) => cell + ' '.repeat(widths[i] - stringWidth(cell))).join('  ').trimEnd()).join('\n');
}

export async function kbInfoCommand(dir: string | undefined, options: { format?: 'text' | 'json' }): Promise<number> {
    const kb = await loadKb(dir, findProjectConfig());
    if (!kb) throw new UserError('请指定知识库目录：zhishen kb info <目录>');
    const summary = kbSummary(kb);
    if (options.format === 'json') {
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        return 0;
    }
    const s = summary;
    const k = s.knowledgePoints;
    const out: string[] = [];
    out.push(pc.bold(`知识库「${kb.name}」`) + pc.dim(`  id ${kb.id}  ${s.files.total} 个文件`));
    out.push('', pc.bold(`目录：共 ${s.catalogueEntries} 条`));
    out.push(table([['种类', '条目数', '来自目录文件', '由知识点推得'], ...s.catalogues.map(c => [c.kind, String(c.entries), String(c.fromFiles), String(c.fromKnowledgePoints)])]));
    out.push('', pc.bold(`知识点：读入 ${k.read}，载入 ${k.loaded}（被取代 ${k.superseded}，有效 ${k.active}），跳过 ${k.skipped}；${k.byRuleClass.length} 个规则类`));
    out.push(table([['规则类', '有效知识点'], ...k.byRuleClass.map(t => [t.ruleClass, String(t.count)])]));
    out.push('', pc.bold('字典'));
    out.push(table([['字典', '条目数', '未登记时', '来源'], ...s.dictionaries.map(d => [d.name, String(d.entries), d.fallbackCategory ?? '—', d.source])]));
    if (s.codeSets.length > 0) {
        out.push('', pc.bold('代码集'));
        out.push(table([['代码集', '编码', '前缀', '来源'], ...s.codeSets.map(c => [c.name, String(c.codes), String(c.prefixes), c.source])]));
    }
    const problems = s.problems.list;
    out.push('', problems.length === 0 ? pc.green('没有发现问题。') : pc.yellow(`发现 ${s.problems.errors} 个错误、${s.problems.warnings} 个警告（相应记录已跳过）：`));
    for (const p of problems.slice(0, 50)) out.push(`  ${p.severity === 'error' ? pc.red('错误') : pc.yellow('警告')} ${p.file}${p.row ? `:${p.row}` : ''}  ${p.message}`);
    if (problems.length > 50) out.push(pc.dim(`  …… 另有 ${problems.length - 50} 个，用 --format json 查看全部`));
    process.stdout.write(out.join('\n') + '\n');
    return 0;
}

export async function kbSearchCommand(query: string, options: { kb?: string[]; limit?: string; kind?: string[]; format?: 'text' | 'json' }): Promise<number> {
    const kb = await loadKb(options.kb, findProjectConfig());
    if (!kb) throw new UserError('请用 --kb <目录> 指定知识库，或在 zhishen.json 中配置 kb');
    const limit = options.limit ? Number(options.limit) : 20;
    if (!Number.isInteger(limit) || limit <= 0) throw new UserError(`--limit 应为正整数，收到「${options.limit}」`);
    const hits = kb.index.search(query, { limit, kinds: options.kind as CatalogueKind[] | undefined });
    if (options.format === 'json') {
        process.stdout.write(JSON.stringify(hits.map(h => ({ code: h.entry.code, name: h.entry.name, kind: h.entry.kind, match: h.match, spec: h.entry.spec, restriction: h.entry.restriction, source: h.entry.source })), null, 2) + '\n');
        return 0;
    }
    if (hits.length === 0) {
        process.stdout.write(`没有找到「${query}」。可以输入编码、编码前缀、中文名称或拼音首字母。\n`);
        return 0;
    }
    const match = { exact: '编码', prefix: '前缀', name: '名称', pinyin: '拼音' } as const;
    const rows = [['编码', '名称', '目录', '命中'], ...hits.map(h => [h.entry.code, h.entry.name.length > 40 ? h.entry.name.slice(0, 40) + '…' : h.entry.name, h.entry.kind, match[h.match]])];
    process.stdout.write(table(rows) + '\n' + pc.dim(`共 ${hits.length} 条（--limit 调整数量）`) + '\n');
    return 0;
}
