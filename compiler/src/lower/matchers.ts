/**
 * 常量代码集表：相同内容只存一份，IR 的 matcher 节点按下标引用。
 */
import { CodeMatcher } from '@zhishen/runtime';

export interface MatcherData {
    codes: string[];
    prefixes: string[];
    ranges: Array<[string, string]>;
}

export class MatcherTable {
    private readonly entries: MatcherData[] = [];
    private readonly byKey = new Map<string, number>();
    private readonly runtime: CodeMatcher[] = [];

    add(data: MatcherData): number {
        const normalized: MatcherData = {
            codes: [...new Set(data.codes)].sort(),
            prefixes: [...new Set(data.prefixes)].sort(),
            ranges: data.ranges.map(([a, b]) => [a, b] as [string, string]).sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]))
        };
        const key = JSON.stringify(normalized);
        const existing = this.byKey.get(key);
        if (existing !== undefined) return existing;
        const id = this.entries.length;
        this.entries.push(normalized);
        this.runtime.push(new CodeMatcher(normalized));
        this.byKey.set(key, id);
        return id;
    }

    get(id: number): MatcherData {
        return this.entries[id];
    }

    matcher(id: number): CodeMatcher {
        return this.runtime[id];
    }

    /** 编译期求值得到的代码集（CodeMatcher）→ 常量表下标；不是代码集时 undefined。 */
    fromValue(value: unknown): number | undefined {
        if (value instanceof CodeMatcher) {
            const data = value.toData();
            return this.add({ codes: data.codes ?? [], prefixes: data.prefixes ?? [], ranges: data.ranges ?? [] });
        }
        return undefined;
    }

    all(): MatcherData[] {
        return this.entries.map(e => ({ codes: [...e.codes], prefixes: [...e.prefixes], ranges: e.ranges.map(r => [r[0], r[1]] as [string, string]) }));
    }
}
