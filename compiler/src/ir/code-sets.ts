/**
 * 常量代码集表：相同内容只存一份，IR 的 codes 节点按下标引用。IrPack.matchers 是它的数据；需要加代码集的阶段从
 * 上一阶段的表复制一份（CodeSetTable.from），加完放进新的 IrPack——上一阶段的值不变。
 */
import { CodeMatcher, codeSet } from '@zhishen/runtime';
import type { CodeSetData } from '@zhishen/runtime';
import type { IrCodeSet } from './ir.js';

export class CodeSetTable {
    private readonly entries: IrCodeSet[] = [];
    private readonly byKey = new Map<string, number>();
    private readonly runtime: CodeMatcher[] = [];

    static from(list: readonly IrCodeSet[]): CodeSetTable {
        const table = new CodeSetTable();
        for (const entry of list) table.add(entry);
        return table;
    }

    add(data: CodeSetData | CodeMatcher): number {
        const normalized = codeSet(data);
        const key = JSON.stringify(normalized);
        const existing = this.byKey.get(key);
        if (existing !== undefined) return existing;
        const id = this.entries.length;
        this.entries.push(normalized);
        this.runtime.push(new CodeMatcher(normalized));
        this.byKey.set(key, id);
        return id;
    }

    get(id: number): IrCodeSet {
        return this.entries[id];
    }

    /** 运行时对象（编译期求值用）。 */
    matcher(id: number): CodeMatcher {
        return this.runtime[id];
    }

    get size(): number {
        return this.entries.length;
    }

    all(): IrCodeSet[] {
        return this.entries.map(e => ({ codes: [...e.codes], prefixes: [...e.prefixes], ranges: e.ranges.map(r => [r[0], r[1]] as [string, string]) }));
    }
}
