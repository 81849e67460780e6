/**
 * 代码集：精确编码（Set）、编码族（前缀）、类目区间（"N40" 至 "N51"：取编码前同样长度比较）。
 * 编码从不因长度或格式被拒绝：不匹配就是不属于。
 */
export interface CodeSetData {
    codes?: string[];
    prefixes?: string[];
    ranges?: Array<[string, string]>;
}

export class CodeMatcher {
    readonly exact: ReadonlySet<string>;
    readonly prefixes: readonly string[];
    readonly ranges: ReadonlyArray<readonly [string, string]>;

    constructor(data: CodeSetData) {
        this.exact = new Set(data.codes ?? []);
        this.prefixes = [...new Set(data.prefixes ?? [])].sort();
        this.ranges = (data.ranges ?? []).map(([lo, hi]) => [lo, hi] as const);
    }

    has(code: unknown): boolean {
        if (typeof code !== 'string' || code.length === 0) return false;
        if (this.exact.has(code)) return true;
        for (const prefix of this.prefixes) {
            if (code.startsWith(prefix)) return true;
        }
        for (const [lo, hi] of this.ranges) {
            const head = code.slice(0, lo.length);
            if (head >= lo && head <= hi.slice(0, lo.length).padEnd(lo.length, '\uffff')) return true;
        }
        return false;
    }

    get size(): number {
        return this.exact.size + this.prefixes.length + this.ranges.length;
    }

    toData(): CodeSetData {
        return { codes: [...this.exact].sort(), prefixes: [...this.prefixes], ranges: this.ranges.map(([a, b]) => [a, b]) };
    }

    static union(a: CodeMatcher, b: CodeMatcher): CodeMatcher {
        return new CodeMatcher({
            codes: [...a.exact, ...b.exact],
            prefixes: [...a.prefixes, ...b.prefixes],
            ranges: [...a.ranges, ...b.ranges].map(([x, y]) => [x, y])
        });
    }
}

export function isCodeMatcher(value: unknown): value is CodeMatcher {
    return value instanceof CodeMatcher;
}
