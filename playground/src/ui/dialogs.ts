/**
 * 对话框：帮助（怎么用、键盘、教程《写第一条规则》、《语言参考》）与分享链接。
 * 参考与教程是仓库里的 docs/*.md（参考由内置库与语法生成），打开时才用 marked 渲染；内容来自仓库，不含用户文本。
 */
import { marked } from 'marked';
import reference from '../../../docs/语言参考.md?raw';
import tutorial from '../../../docs/写第一条规则.md?raw';
import { h } from './dom.js';

/** 语言服务器悬停里《语言参考》链接的前缀（initializationOptions.referenceUrl）；点它在帮助里打开参考的那一节 */
export const REFERENCE_URL = `${location.origin}${location.pathname}?reference`;

function markdownSection(id: string, title: string, source: string): HTMLDetailsElement {
    const body = h('div.markdown');
    const details = h('details', { id, on: { toggle: () => render() } }, h('summary', null, title), body);
    const render = () => {
        if (!details.open || body.childElementCount) return;
        // 文档间的链接（语言参考.md ↔ 写第一条规则.md、#锚点）留在帮助里
        body.innerHTML = marked.parse(source, { async: false });
        for (const heading of body.querySelectorAll('h1, h2, h3, h4')) heading.id = `${id}-${heading.textContent?.trim() ?? ''}`;
        for (const link of body.querySelectorAll('a[href]')) {
            const href = link.getAttribute('href')!;
            if (href.startsWith('#')) link.setAttribute('href', `#${id}-${decodeURIComponent(href.slice(1))}`);
            link.addEventListener('click', event => {
                event.preventDefault();
                if (href.startsWith('#')) scrollToHeading(id, decodeURIComponent(href.slice(1)));
                else if (href.endsWith('语言参考.md') || href.endsWith(encodeURIComponent('语言参考.md'))) openSection('help-reference');
                else if (href.includes('写第一条规则')) openSection('help-tutorial');
            });
        }
    };
    (details as HTMLDetailsElement & { renderNow?: () => void }).renderNow = render;
    return details;
}

function openSection(id: string): HTMLDetailsElement | null {
    const details = document.getElementById(id) as (HTMLDetailsElement & { renderNow?: () => void }) | null;
    if (!details) return null;
    details.open = true;
    details.renderNow?.();
    details.scrollIntoView({ block: 'start' });
    return details;
}

function scrollToHeading(section: string, heading: string): void {
    document.getElementById(`${section}-${heading}`)?.scrollIntoView({ block: 'start' });
}

/** 打开帮助，展开《语言参考》并滚到 anchor 那一节（悬停里的链接）。 */
export function showReference(dialog: HTMLDialogElement, anchor: string): void {
    if (!dialog.open) dialog.showModal();
    openSection('help-reference');
    if (anchor) scrollToHeading('help-reference', anchor);
}

export function helpDialog(): HTMLDialogElement {
    return h('dialog', { id: 'help-dialog', class: 'dialog', 'aria-labelledby': 'help-title' },
        h('h2#help-title', null, '怎么用'),
        h('ol', null,
            h('li', null, '左边是规则（智审语言，.zs）。已打开标准规则；“载入示例”可打开更多，“＋ 新建”写自己的规则。写错的地方会标红，鼠标停在上面看中文说明和修改建议。'),
            h('li', null, '右边“理赔”里选一份样例理赔（国家 3101 入参），或粘贴、上传自己的（JSON，或 NDJSON 每行一份）。'),
            h('li', null, '按“▶ 运行”（Ctrl+Enter）。下方列出触发的规则、级别、提示、违规金额、违规项 / 涉及项。'),
            h('li', null, '点一条结果：右侧解释它为什么成立——每个条件看到的值；规则源码与理赔里对应的明细会高亮。'),
            h('li', null, '“参数”里改阈值（如 “14岁”、“30天”），会自动重跑，并显示与上次运行的差别（新增 / 消失的结果、金额变化）。'),
            h('li', null, '“知识库”里按编码、名称或拼音首字母（如 amxl）查编码，可插入到规则。也可加载自己的知识库文件夹。'),
            h('li', null, '“分享链接”把规则、理赔、参数都放进网址，别人打开就是同样的内容。'),
            h('li', null, '“批量筛查”：上传或拖入 NDJSON（一行一份请求，≤ 50 MB），或选随附的筛查样例；跨理赔、统计组规则与逐张理赔的规则在整批上一起运行，列出机构 / 医师层级的结果（指标值与同级值）和逐张理赔的结果，坏行给出行号。')),
        h('h3', null, '键盘'),
        h('ul', null,
            h('li', null, 'Ctrl+Enter 运行；Tab 在按钮间移动；在编辑器里按 Ctrl+M 后 Tab 键可移出编辑器。'),
            h('li', null, '标签页用方向键切换；结果表中用 ↑ ↓ 移动、Enter 查看解释。'),
            h('li', null, '编辑器里：Ctrl+Space 补全，F8 跳到下一个错误，Shift+Alt+F 格式化，F1 命令面板。')),
        h('h3', null, '学习'),
        markdownSection('help-tutorial', '教程：写第一条规则（15 分钟）', tutorial),
        markdownSection('help-reference', '语言参考：写法、运算符、单位、每个字段（含 3101 字段名）与函数', reference),
        h('form', { method: 'dialog' }, h('button.primary', { type: 'submit' }, '知道了')));
}

export function shareDialog(): { dialog: HTMLDialogElement; input: HTMLInputElement; copied: HTMLElement } {
    const input = h('input#share-url', { type: 'text', readonly: true, 'aria-label': '分享链接', on: { focus: (e: Event) => (e.target as HTMLInputElement).select() } }) as HTMLInputElement;
    const copied = h('span.muted', { 'aria-live': 'polite' });
    const dialog = h('dialog', { id: 'share-dialog', class: 'dialog', 'aria-labelledby': 'share-title' },
        h('h2#share-title', null, '分享链接'),
        h('p', null, '链接里有全部规则、理赔与参数（压缩后放在 # 之后，不经过任何服务器）。打开它就能复现现在的内容。'),
        input,
        h('div.row', null,
            h('button.primary', { type: 'button', on: { click: async () => {
                input.select();
                try {
                    await navigator.clipboard.writeText(input.value);
                    copied.textContent = '已复制';
                } catch {
                    copied.textContent = '浏览器不允许自动复制，请按 Ctrl+C';
                }
            } } }, '复制'),
            copied,
            h('form', { method: 'dialog' }, h('button', { type: 'submit' }, '关闭'))));
    return { dialog, input, copied };
}
