/**
 * 编码的常用程度：知识点引用它的次数。编辑器补全在同一档位内把常用编码排在前面（SearchOptions.weight）。
 *   - 药品、服务项目、耗材：知识点 med_codes 里出现的次数；
 *   - 诊断：知识点的限定条件与项目名称里提到的病名（适应症概念表）落在哪个 ICD-10 前缀上。
 * 随知识库对象懒建一次、缓存。
 */
import { conceptPrefixCounts } from './indications.js';
import type { CatalogueEntry, KnowledgeBase } from './types.js';

interface Usage {
    codes: Map<string, number>;
    prefixes: Map<string, number>;
}

const cache = new WeakMap<KnowledgeBase, Usage>();

function usageOf(kb: KnowledgeBase): Usage {
    let usage = cache.get(kb);
    if (usage) return usage;
    const codes = new Map<string, number>();
    const texts: string[] = [];
    for (const points of kb.kpTables.values()) {
        for (const point of points) {
            for (const code of point.med_codes) codes.set(code, (codes.get(code) ?? 0) + 1);
            texts.push(point.constraint, point.item_name);
        }
    }
    usage = { codes, prefixes: conceptPrefixCounts(texts.join('\n')) };
    cache.set(kb, usage);
    return usage;
}

/** 编码条目的权重（知识点引用次数；诊断按最长的已知前缀）。 */
export function codeUsageWeight(kb: KnowledgeBase): (entry: CatalogueEntry) => number {
    const { codes, prefixes } = usageOf(kb);
    return entry => {
        const direct = codes.get(entry.code);
        if (direct !== undefined) return direct;
        if (entry.kind !== '诊断' || prefixes.size === 0) return 0;
        for (let length = entry.code.length; length >= 3; length--) {
            const count = prefixes.get(entry.code.slice(0, length));
            if (count !== undefined) return count;
        }
        return 0;
    };
}
