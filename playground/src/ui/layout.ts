/**
 * 演练场的页面骨架：顶栏（运行、环节、含规则测试、分享、导出、帮助）、规则区、右侧的理赔 / 知识库 / 参数、结果区、对话框。
 * 只建 DOM 与接上事件，事件经回调交给应用；返回各处元素（应用的 el 表）。
 */
import type { PhaseChoice } from '../lib/protocol.js';
import { clear, h, tabKeyboard } from './dom.js';
import { helpDialog, shareDialog } from './dialogs.js';

/** 环节选择：值与显示 */
export const PHASE_LABELS: Array<[PhaseChoice, string]> = [
    ['auto', '按请求的 trig_scen'],
    ['事前', '事前'],
    ['事中', '事中'],
    ['事后', '事后'],
    ['all', '全部规则']
];

export interface LayoutEvents {
    run(): void;
    phase(phase: PhaseChoice): void;
    runTests(on: boolean): void;
    share(): void;
    /** 批量筛查（NDJSON，跨理赔与统计组规则） */
    batch(): void;
    exportJson(): void;
    exportCsv(): void;
    newRuleFile(): void;
    loadRuleSample(select: HTMLSelectElement): void;
    openRuleFiles(input: HTMLInputElement): void;
    format(): void;
    newClaim(): void;
    loadClaimSample(select: HTMLSelectElement): void;
    openClaimFiles(input: HTMLInputElement): void;
    sideTab(id: string): void;
    resultTab(id: string): void;
}

export function buildLayout(root: HTMLElement, initial: { phase: PhaseChoice; runTests: boolean }, on: LayoutEvents): Record<string, HTMLElement> {
    const el: Record<string, HTMLElement> = {};
    const runButton = h('button#run.primary', { type: 'button', title: '运行（Ctrl+Enter）', on: { click: () => on.run() } }, '▶ 运行');
    const phase = h('select#phase', { 'aria-label': '运行哪个环节的规则', on: { change: (e: Event) => on.phase((e.target as HTMLSelectElement).value as PhaseChoice) } },
        PHASE_LABELS.map(([value, label]) => h('option', { value, selected: initial.phase === value }, label)));
    const tests = h('input#run-tests', { type: 'checkbox', checked: initial.runTests, on: { change: (e: Event) => on.runTests((e.target as HTMLInputElement).checked) } });
    const header = h('header.topbar', null,
        h('div.brand', null, h('h1', null, '智审演练场'), h('span.tagline', null, '医保基金智能审核规则 · 写规则、跑样例、看为什么')),
        h('div.actions', { role: 'toolbar', 'aria-label': '操作' },
            runButton,
            h('label.inline', null, '环节 ', phase),
            h('label.inline', { title: '运行时一并运行打开的规则文件中的 测试 块' }, tests, ' 含规则测试'),
            h('button#batch-open', { type: 'button', title: '上传 NDJSON 批量，跨理赔、统计组规则一起运行', on: { click: () => on.batch() } }, '批量筛查'),
            h('button#share', { type: 'button', on: { click: () => on.share() } }, '分享链接'),
            h('button#export-json', { type: 'button', on: { click: () => on.exportJson() } }, '导出 JSON'),
            h('button#export-csv', { type: 'button', on: { click: () => on.exportCsv() } }, '导出 CSV'),
            h('button#help', { type: 'button', on: { click: () => (el.help as HTMLDialogElement).showModal() } }, '帮助')),
        h('div#status.status', { role: 'status', 'aria-live': 'polite' }));
    el.run = runButton;
    el.status = header.querySelector('#status')!;

    // 规则
    const ruleTabs = h('div.tabs.file-tabs', { role: 'tablist', 'aria-label': '规则文件' });
    tabKeyboard(ruleTabs);
    const sampleSelect = h('select#rule-sample', { 'aria-label': '载入示例规则', on: { change: (e: Event) => on.loadRuleSample(e.target as HTMLSelectElement) } });
    const ruleFile = h('input', { type: 'file', accept: '.zs,.txt', multiple: true, class: 'visually-hidden', id: 'rule-file', on: { change: (e: Event) => on.openRuleFiles(e.target as HTMLInputElement) } });
    const rulesPane = h('section.pane.rules-pane', { 'aria-labelledby': 'rules-title' },
        h('div.pane-head', null,
            h('h2#rules-title', null, '规则'),
            ruleTabs,
            h('div.toolbar', null,
                h('button', { type: 'button', title: '新建规则文件', on: { click: () => on.newRuleFile() } }, '＋ 新建'),
                sampleSelect,
                h('label.button', { for: 'rule-file', tabindex: 0, on: { keydown: (e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), ruleFile.click()) } }, '打开 .zs'),
                ruleFile,
                h('button', { type: 'button', title: '格式化（Shift+Alt+F）', on: { click: () => on.format() } }, '格式化'))),
        h('div#rule-editor.editor', { role: 'region', 'aria-label': '规则编辑器（Ctrl+M 切换 Tab 键是否移出编辑器）' }));
    el.ruleTabs = ruleTabs;
    el.ruleSample = sampleSelect;

    // 右侧：理赔 / 知识库 / 参数
    const sideTabs = h('div.tabs.panel-tabs', { role: 'tablist', 'aria-label': '理赔、知识库与参数' });
    tabKeyboard(sideTabs);
    const claimSelect = h('select#claim-sample', { 'aria-label': '选择样例理赔', on: { change: (e: Event) => on.loadClaimSample(e.target as HTMLSelectElement) } });
    const claimFile = h('input', { type: 'file', accept: '.json,.ndjson,.jsonl,.txt', multiple: true, class: 'visually-hidden', id: 'claim-file', on: { change: (e: Event) => on.openClaimFiles(e.target as HTMLInputElement) } });
    const claimTabs = h('div.tabs.file-tabs.small', { role: 'tablist', 'aria-label': '理赔文档' });
    tabKeyboard(claimTabs);
    const claimsPanel = h('div#panel-claims.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-claims' },
        h('div.toolbar', null,
            claimSelect,
            h('label.button', { for: 'claim-file', tabindex: 0, on: { keydown: (e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), claimFile.click()) } }, '上传 JSON / NDJSON'),
            claimFile,
            h('button', { type: 'button', title: '新建一份空白理赔，可直接粘贴', on: { click: () => on.newClaim() } }, '＋ 粘贴')),
        claimTabs,
        h('div#claim-editor.editor', { role: 'region', 'aria-label': '理赔编辑器（3101 入参 JSON；NDJSON 每行一份）' }),
        h('div#claim-status.claim-status', { 'aria-live': 'polite' }));
    el.claimSample = claimSelect;
    el.claimTabs = claimTabs;
    el.claimStatus = claimsPanel.querySelector('#claim-status')!;
    const kbPanel = h('div#panel-kb.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-kb', hidden: true });
    const paramsPanel = h('div#panel-params.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-params', hidden: true });
    el.kbPanel = kbPanel;
    el.paramsPanel = paramsPanel;
    const sideDefs: Array<[string, string, HTMLElement]> = [['claims', '理赔', claimsPanel], ['kb', '知识库', kbPanel], ['params', '参数', paramsPanel]];
    for (const [id, label, panel] of sideDefs) {
        sideTabs.append(h('button', {
            type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': panel.id, 'aria-selected': id === 'claims' ? 'true' : 'false', tabindex: id === 'claims' ? 0 : -1,
            on: { click: () => on.sideTab(id) }
        }, label, h('span.count', { id: `count-${id}` })));
    }
    const sidePane = h('section.pane.side-pane', { 'aria-label': '理赔、知识库与参数' }, sideTabs, claimsPanel, kbPanel, paramsPanel);

    // 结果
    const resultTabs = h('div.tabs.panel-tabs', { role: 'tablist', 'aria-label': '结果' });
    tabKeyboard(resultTabs);
    const stale = h('div#stale.stale-banner', { role: 'status', hidden: true, 'data-testid': 'stale' },
        '这些结果来自改动之前的规则、理赔或参数，已过时。',
        h('button.small', { type: 'button', on: { click: () => on.run() } }, '▶ 重新运行'));
    el.stale = stale;
    const findingsPanel = h('div#panel-findings.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-findings' },
        stale,
        h('div.findings-split', null,
            h('div#findings.findings-list'),
            h('aside#explain.explain', { 'aria-label': '解释', tabindex: -1 })));
    const testsPanel = h('div#panel-tests.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-tests', hidden: true });
    const problemsPanel = h('div#panel-problems.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-problems', hidden: true });
    const whyNotPanel = h('div#panel-whynot.panel', { role: 'tabpanel', 'aria-labelledby': 'tab-whynot', hidden: true });
    for (const [id, label, panel] of [['findings', '审核结果', findingsPanel], ['whynot', '为什么没触发', whyNotPanel], ['tests', '规则测试', testsPanel], ['problems', '问题', problemsPanel]] as Array<[string, string, HTMLElement]>) {
        resultTabs.append(h('button', {
            type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': panel.id, 'aria-selected': id === 'findings' ? 'true' : 'false', tabindex: id === 'findings' ? 0 : -1,
            on: { click: () => on.resultTab(id) }
        }, label, h('span.count', { id: `count-${id}` })));
    }
    const results = h('section#results.results', { 'aria-label': '审核结果', tabindex: -1 }, resultTabs, findingsPanel, whyNotPanel, testsPanel, problemsPanel);
    el.whyNot = whyNotPanel;
    el.results = results;
    el.findings = findingsPanel.querySelector('#findings')!;
    el.explain = findingsPanel.querySelector('#explain')!;
    el.tests = testsPanel;
    el.problems = problemsPanel;

    const notice = h('div#notice.notice', { role: 'alert', hidden: true });
    el.notice = notice;
    const help = helpDialog();
    const share = shareDialog();
    el.help = help;
    el.shareDialog = share.dialog;
    el.shareUrl = share.input;
    el.shareCopied = share.copied;
    clear(root, header, notice, h('main.layout', null, rulesPane, sidePane), results, help, share.dialog);

    document.addEventListener('keydown', e => {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
            e.preventDefault();
            on.run();
        }
    });
    return el;
}
