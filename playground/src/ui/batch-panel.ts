/**
 * 批量筛查（事后全量）：上传或拖入 NDJSON（一行一个 3101 请求），或选随附的筛查样例；在编译运行 worker 里逐行载入、
 * 跨理赔与统计组规则与逐张理赔的规则一起运行（与 zhishen screen --engine js 同一份运行时代码）。
 * 显示读到的行数、拒绝数、结果数、坏行（行号与原因）、逐张理赔的结果与机构 / 医师层级的结果（带触发它的指标与同级值）。
 */
import type { BatchResult, FileDoc, ParamOverrides } from '../lib/protocol.js';
import { clear, h } from './dom.js';

/** 与 worker 的上限一致（engine-core.ts 的 MAX_BATCH_BYTES）：读文件之前先拦下 */
const MAX_BYTES = 50 * 1024 * 1024;
const SHOW_ROWS = 200;

export interface BatchDeps {
    samples: FileDoc[];
    screen(batch: FileDoc): Promise<BatchResult>;
}

export function batchDialog(deps: BatchDeps): HTMLDialogElement {
    const status = h('p#batch-status.muted', { role: 'status' }, '选一份随附样例，或上传 / 拖入 NDJSON 文件（一行一个 3101 请求，≤ 50 MB）');
    const output = h('div#batch-output');
    let current: FileDoc | null = null;
    const run = async () => {
        if (!current) return;
        status.textContent = `正在筛查「${current.path}」……`;
        clear(output);
        try {
            const result = await deps.screen(current);
            status.textContent = result.ok ? `「${current.path}」筛查完成` : result.message ?? '没有运行';
            if (result.ok) renderBatch(output, result);
        } catch (error) {
            status.textContent = `筛查出错：${(error as Error).message}`;
        }
    };
    const pick = (doc: FileDoc) => { current = doc; void run(); };
    const readFile = (file: File) => {
        if (file.size > MAX_BYTES) {
            status.textContent = `文件「${file.name}」${(file.size / 1024 / 1024).toFixed(1)} MB，超过演练场的上限 50 MB：更大的批量请用命令行 zhishen screen 筛查`;
            clear(output);
            return;
        }
        void file.text().then(text => pick({ path: file.name, text }));
    };
    const select = h('select#batch-sample', { 'aria-label': '随附的筛查样例', on: { change: (e: Event) => {
        const path = (e.target as HTMLSelectElement).value;
        const doc = deps.samples.find(s => s.path === path);
        if (doc) pick(doc);
    } } }, h('option', { value: '' }, '随附的筛查样例……'), ...deps.samples.map(s => h('option', { value: s.path }, s.path.split('/').pop()!)));
    const input = h('input#batch-file', { type: 'file', accept: '.ndjson,.jsonl,.json,.txt', hidden: true, on: { change: (e: Event) => {
        const file = (e.target as HTMLInputElement).files?.[0];
        if (file) readFile(file);
        (e.target as HTMLInputElement).value = '';
    } } });
    const drop = h('div#batch-drop.drop-zone', {
        on: {
            dragover: (e: DragEvent) => { e.preventDefault(); drop.classList.add('over'); },
            dragleave: () => drop.classList.remove('over'),
            drop: (e: DragEvent) => {
                e.preventDefault();
                drop.classList.remove('over');
                const file = e.dataTransfer?.files?.[0];
                if (file) readFile(file);
            }
        }
    }, '把 NDJSON 文件拖到这里，或 ', h('label.button', { for: 'batch-file', tabindex: 0 }, '选择文件'), input);
    const dialog: HTMLDialogElement = h('dialog', { id: 'batch', class: 'dialog batch-dialog', 'aria-label': '批量筛查' },
        h('header', null, h('h2', null, '批量筛查（跨理赔、统计组规则）'), h('button', { type: 'button', 'aria-label': '关闭', on: { click: () => dialog.close() } }, '×')),
        h('p.muted', null, '规则包中的跨理赔（全体就诊 / 全体明细）与统计组（按机构、医师比较同级）规则，连同逐张理赔的规则，在整批理赔上一起运行；与命令行 zhishen screen 结果相同。'),
        h('div.toolbar', null, select, drop),
        status,
        output);
    return dialog;
}

function renderBatch(container: HTMLElement, r: BatchResult): void {
    const s = r.summary!;
    const cohort = r.findings.filter(f => f.population);
    const perClaim = r.findings.filter(f => !f.population);
    const counts = h('ul#batch-counts.counts', null,
        h('li', null, `读取 ${r.linesRead} 行（请求 ${s.requests}，不是 JSON 的坏行 ${r.parseErrors}）`),
        h('li', null, `理赔 ${s.claims + r.parseErrors} 张：载入 ${s.loaded}，拒绝 ${s.rejected + r.parseErrors}`),
        h('li', null, `结果 ${r.findings.length} 条：机构 / 医师等统计组 ${cohort.length} 条，逐张理赔 ${perClaim.length} 条`),
        r.errors.length > 0 ? h('li.warn', null, `求值出错 ${r.errors.length} 张：${r.errors[0].message}`) : null,
        h('li.muted', null, `用时：编译 ${Math.round(r.timings.compileMs)} 毫秒，载入 ${Math.round(r.timings.loadMs)} 毫秒，筛查 ${Math.round(r.timings.screenMs)} 毫秒`));
    const bad = r.badTotal > 0 ? h('details#batch-bad', { open: true },
        h('summary', null, `坏行 ${r.badTotal} 个（其余行照常筛查）`),
        h('ul', null, ...r.bad.map(b => h('li', null, `第 ${b.line} 行：${b.reason}`))),
        r.badTotal > r.bad.length ? h('p.muted', null, `…… 另有 ${r.badTotal - r.bad.length} 个`) : null) : null;
    const cohortTable = h('table#batch-cohort.findings',
        null,
        h('thead', null, h('tr', null, ...['层级', '对象', '规则', '指标', '值', '对比', '同级值', '理赔数', '说明'].map(t => h('th', null, t)))),
        h('tbody', null, ...cohort.map(f => {
            const p = f.population!;
            const st = p.statistic;
            return h('tr', null,
                h('td', null, p.level),
                h('td', null, typeof p.key === 'string' ? p.key : JSON.stringify(p.key)),
                h('td', null, `${f.rule_id} ${f.rule_name}`),
                h('td', null, st?.name ?? ''),
                h('td', null, st?.text ?? ''),
                h('td', null, st?.peer_name ?? ''),
                h('td', null, st?.peer_text ?? ''),
                h('td', null, p.claims),
                h('td', null, f.vola_cont));
        })));
    const claimTable = h('table#batch-claims.findings', null,
        h('thead', null, h('tr', null, ...['规则', '患者', '就诊', '违规金额（元）', '说明'].map(t => h('th', null, t)))),
        h('tbody', null, ...perClaim.slice(0, SHOW_ROWS).map(f => h('tr', null,
            h('td', null, `${f.rule_id} ${f.rule_name}`), h('td', null, f.patn_id), h('td', null, f.mdtrt_id), h('td', null, f.vola_amt.toFixed(2)), h('td', null, f.vola_cont)))));
    clear(container,
        counts,
        bad,
        h('h3', null, `机构 / 医师层级的结果（${cohort.length}）`),
        cohort.length > 0 ? cohortTable : h('p.muted', null, '没有统计组结果：规则包里没有统计组规则，或没有机构 / 医师偏离同级'),
        h('h3', null, `逐张理赔的结果（${perClaim.length}${perClaim.length > SHOW_ROWS ? `，显示前 ${SHOW_ROWS} 条` : ''}）`),
        perClaim.length > 0 ? claimTable : h('p.muted', null, '没有逐张理赔的结果'));
}
