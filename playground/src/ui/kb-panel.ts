/**
 * 知识库面板：概况、加载文件夹 / 文件、换回样例、按编码 / 名称 / 拼音搜索并把编码插入规则。只管界面，加载与搜索经回调交给应用。
 */
import type { KbInfo, KbSearchResult } from '../lib/protocol.js';
import { clear, debounce, h } from './dom.js';

export interface KbPanelView {
    info: KbInfo['summary'] | undefined;
    error: string | null;
    /** 当前是随附的样例知识库 */
    sample: boolean;
}

export interface KbPanelEvents {
    search(query: string, limit: number): Promise<KbSearchResult>;
    insert(text: string): void;
    /** 选了知识库文件夹或文件 */
    pick(input: HTMLInputElement): void;
    restoreSample(): void;
}

export function renderKbPanel(panel: HTMLElement, view: KbPanelView, on: KbPanelEvents): void {
const info = view.info;
    const search = h('input#kb-search', { type: 'search', placeholder: '编码、名称或拼音首字母，如 阿莫西林、XJ01CA、amxl', 'aria-label': '搜索知识库编码', autocomplete: 'off' });
    const results = h('div#kb-results.kb-results', { 'aria-live': 'polite' });
    const doSearch = debounce(async () => {
        const query = search.value;
        if (!query.trim()) {
            clear(results, h('p.muted', null, '输入关键字搜索编码；点“插入”把编码写到规则光标处。'));
            return;
        }
        try {
            const found = await on.search(query, 60);
            if (found.query !== search.value) return;
            if (found.hits.length === 0) {
                clear(results, h('p.muted', null, `没有找到「${query}」。`));
                return;
            }
            const MATCH: Record<string, string> = { exact: '编码', prefix: '编码前缀', name: '名称', pinyin: '拼音' };
            clear(results, h('table.kb-table', { 'aria-label': '知识库搜索结果' },
                h('thead', null, h('tr', null, h('th', null, '编码'), h('th', null, '名称'), h('th', null, '目录'), h('th', null, '限定 / 规格'), h('th', null, ''))),
                h('tbody', null, found.hits.map(hit => h('tr', null,
                    h('td', null, h('code', null, hit.code)),
                    h('td', null, hit.name, h('span.match', { title: '命中方式' }, MATCH[hit.match] ?? hit.match)),
                    h('td', null, hit.kind),
                    h('td.restriction', null, hit.restriction || hit.spec || ''),
                    h('td', null, h('button.small', { type: 'button', title: `把 "${hit.code}" 插入规则`, on: { click: () => on.insert(`"${hit.code}"`) } }, '插入')))))));
        } catch (error) {
            clear(results, h('p.bad', null, (error as Error).message));
        }
    }, 150);
    search.addEventListener('input', () => doSearch());
    const folder = h('input', { type: 'file', id: 'kb-folder', class: 'visually-hidden', webkitdirectory: true, multiple: true, on: { change: (e: Event) => on.pick(e.target as HTMLInputElement) } });
    folder.setAttribute('webkitdirectory', '');
    const files = h('input', { type: 'file', id: 'kb-files', class: 'visually-hidden', multiple: true, accept: '.json,.tsv,.csv,.txt', on: { change: (e: Event) => on.pick(e.target as HTMLInputElement) } });
    const keyOpen = (input: HTMLInputElement) => (e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), input.click());
    clear(panel,
        h('div.kb-head', null,
            h('div', null,
                h('strong', null, info ? info.name : view.error ? '知识库没有加载' : '正在加载知识库…'),
                view.sample && info ? h('span.muted', null, '（随附样例）') : null),
            info ? h('p.muted.kb-stats', null,
                `${info.catalogueEntries.toLocaleString('zh-CN')} 个编码（${info.catalogues.filter(c => c.entries > 0).map(c => `${c.kind} ${c.entries}`).join('，')}）；`,
                `知识点 ${info.knowledgePoints.active} 条 / ${info.knowledgePoints.byRuleClass.length} 类；字典 ${info.dictionaries.length} 个；代码集 ${info.codeSets.length} 个`,
                info.problems.errors + info.problems.warnings > 0 ? h('span.bad', null, `；${info.problems.errors + info.problems.warnings} 处数据问题`) : null) : null,
            view.error ? h('p.bad', { role: 'alert' }, view.error) : null),
        h('div.toolbar', null,
            h('label.button', { for: 'kb-folder', tabindex: 0, on: { keydown: keyOpen(folder) } }, '加载知识库文件夹'), folder,
            h('label.button', { for: 'kb-files', tabindex: 0, on: { keydown: keyOpen(files) } }, '加载文件'), files,
            !view.sample ? h('button', { type: 'button', on: { click: () => on.restoreSample() } }, '换回样例知识库') : null),
        search,
        results,
        info && info.problems.list.length > 0 ? h('details.kb-problems', null, h('summary', null, `知识库数据问题（${info.problems.list.length}）`),
            h('ul', null, info.problems.list.slice(0, 50).map(p => h('li', null, `${p.file}${p.row ? `:${p.row}` : ''} ${p.message}`)))) : null);
    doSearch();
    document.getElementById('count-kb')!.textContent = info ? ` ${info.catalogueEntries.toLocaleString('zh-CN')}` : '';
}
