/** 极小的 DOM 辅助：h('div.class#id', { 属性 }, 子节点…)。不用框架，包更小。 */
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown> & { on?: Partial<Record<keyof HTMLElementEventMap, (event: never) => void>> };

export function h<K extends keyof HTMLElementTagNameMap>(spec: K | `${K}.${string}` | `${K}#${string}`, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
    const [tagAndId, ...classes] = spec.split('.');
    const [tag, id] = tagAndId.split('#');
    const el = document.createElement(tag) as HTMLElementTagNameMap[K];
    if (id) el.id = id;
    if (classes.length) el.className = classes.join(' ');
    for (const [key, value] of Object.entries(attrs ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'on') {
            for (const [type, handler] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(type, handler);
        } else if (key === 'class') {
            el.className = [el.className, String(value)].filter(Boolean).join(' ');
        } else if (key === 'style' && typeof value === 'object') {
            Object.assign(el.style, value);
        } else if (key in el && typeof value !== 'string') {
            (el as unknown as Record<string, unknown>)[key] = value;
        } else {
            el.setAttribute(key, value === true ? '' : String(value));
        }
    }
    append(el, children);
    return el;
}

export function append(parent: Node, children: Child[]): void {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(parent, child);
        else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function clear(el: Element, ...children: Child[]): void {
    el.replaceChildren();
    append(el, children);
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void; cancel(): void } {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastArgs: A | undefined;
    const wrapped = (...args: A) => {
        lastArgs = args;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
            timer = undefined;
            fn(...args);
        }, ms);
    };
    wrapped.flush = () => {
        if (timer && lastArgs) {
            clearTimeout(timer);
            timer = undefined;
            fn(...lastArgs);
        }
    };
    wrapped.cancel = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
    };
    return wrapped;
}

/** 让一组 role=tab 按钮支持方向键切换（WAI-ARIA 标签页模式）。 */
export function tabKeyboard(list: HTMLElement): void {
    list.addEventListener('keydown', event => {
        const tabs = [...list.querySelectorAll<HTMLElement>('[role=tab]')];
        const index = tabs.indexOf(document.activeElement as HTMLElement);
        if (index < 0) return;
        let next = -1;
        if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % tabs.length;
        else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (index - 1 + tabs.length) % tabs.length;
        else if (event.key === 'Home') next = 0;
        else if (event.key === 'End') next = tabs.length - 1;
        if (next < 0) return;
        event.preventDefault();
        tabs[next].focus();
        tabs[next].click();
    });
}

export function download(name: string, text: string, type: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = h('a', { href: url, download: name, style: { display: 'none' } });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
