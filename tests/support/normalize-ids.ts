/**
 * 把输出中的 jr_id / jrd_id 换成按出现顺序的编号（#1、#1-2…）：快照与规则包 id（内容哈希）无关，
 * 但仍保留“哪些结果是同一个 id”的结构。
 */
export function normalizeIds(value: unknown): unknown {
    const ids = new Map<string, string>();
    const name = (id: string) => {
        let n = ids.get(id);
        if (!n) ids.set(id, n = `#${ids.size + 1}`);
        return n;
    };
    const visit = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(visit);
        if (v && typeof v === 'object') {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) {
                if (k === 'jr_id' && typeof x === 'string') out[k] = name(x);
                else if (k === 'jrd_id' && typeof x === 'string') {
                    const dash = x.lastIndexOf('-');
                    out[k] = dash > 0 ? `${name(x.slice(0, dash))}${x.slice(dash)}` : name(x);
                } else out[k] = visit(x);
            }
            return out;
        }
        return v;
    };
    return visit(value);
}
