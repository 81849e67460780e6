/**
 * 对话框：帮助（怎么用、键盘、语言参考）与分享链接。
 */
import { h } from './dom.js';

export function helpDialog(): HTMLDialogElement {
    return h('dialog', { id: 'help', class: 'dialog', 'aria-labelledby': 'help-title' },
        h('h2#help-title', null, '怎么用'),
        h('ol', null,
            h('li', null, '左边是规则（智审语言，.zs）。已打开标准规则；“载入示例”可打开更多，“＋ 新建”写自己的规则。写错的地方会标红，鼠标停在上面看中文说明和修改建议。'),
            h('li', null, '右边“理赔”里选一份样例理赔（国家 3101 入参），或粘贴、上传自己的（JSON，或 NDJSON 每行一份）。'),
            h('li', null, '按“▶ 运行”（Ctrl+Enter）。下方列出触发的规则、级别、提示、违规金额、违规项 / 涉及项。'),
            h('li', null, '点一条结果：右侧解释它为什么成立——每个条件看到的值；规则源码与理赔里对应的明细会高亮。'),
            h('li', null, '“参数”里改阈值（如 “14岁”、“30天”），会自动重跑，并显示与上次运行的差别（新增 / 消失的结果、金额变化）。'),
            h('li', null, '“知识库”里按编码、名称或拼音首字母（如 amxl）查编码，可插入到规则。也可加载自己的知识库文件夹。'),
            h('li', null, '“分享链接”把规则、理赔、参数都放进网址，别人打开就是同样的内容。')),
        h('h3', null, '键盘'),
        h('ul', null,
            h('li', null, 'Ctrl+Enter 运行；Tab 在按钮间移动；在编辑器里按 Ctrl+M 后 Tab 键可移出编辑器。'),
            h('li', null, '标签页用方向键切换；结果表中用 ↑ ↓ 移动、Enter 查看解释。'),
            h('li', null, '编辑器里：Ctrl+Space 补全，F8 跳到下一个错误，Shift+Alt+F 格式化，F1 命令面板。')),
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
