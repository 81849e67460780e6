/**
 * 智审演练场入口。先装入编辑器的中文界面文字，再启动应用。
 */
import './ui/nls.js';
import './styles.css';
import { startApp } from './ui/app.js';

performance.mark('zhishen:start');
startApp(document.getElementById('app')!).catch(error => {
    console.error(error);
    const app = document.getElementById('app')!;
    app.removeAttribute('aria-busy');
    app.innerHTML = '';
    const box = document.createElement('div');
    box.className = 'fatal';
    box.setAttribute('role', 'alert');
    box.textContent = `演练场启动失败：${(error as Error)?.message ?? error}。请刷新页面重试；若仍失败，请换用较新的 Chrome / Edge / Firefox。`;
    app.appendChild(box);
});
