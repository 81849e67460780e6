/**
 * 注释进语法树的线性实现（src/parser/hidden-tokens.ts）与 langium 原实现建出的语法树逐节点相同：
 * 注释在文件开头、声明之间、表达式中间、块注释、文档注释、文件末尾，以及超过游标压缩阈值的大量注释。
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLangiumParser, type CstNode, type LangiumParser } from 'langium';
import { zhishen } from '../helpers.js';

const RULES = join(import.meta.dirname, '../../../stdlib-rules/rules');

interface Flat {
    depth: number;
    offset: number;
    length: number;
    hidden: boolean;
    kind: string;
    text: string;
}

function flatten(node: CstNode, depth = 0, into: Flat[] = []): Flat[] {
    const kind = (node as { tokenType?: { name: string } }).tokenType?.name ?? (node.grammarSource as { $type?: string } | undefined)?.$type ?? '';
    into.push({ depth, offset: node.offset, length: node.length, hidden: node.hidden, kind, text: 'content' in node ? '' : node.text });
    if ('content' in node) for (const child of (node as { content: CstNode[] }).content) flatten(child, depth + 1, into);
    return into;
}

function both(text: string): { linear: Flat[]; original: Flat[] } {
    const services = zhishen();
    const linear = services.parser.LangiumParser.parse(text);
    const plain: LangiumParser = createLangiumParser(services);
    const original = plain.parse(text);
    return { linear: flatten(linear.value.$cstNode!), original: flatten(original.value.$cstNode!) };
}

const CASES: Record<string, string> = {
    开头与末尾: '// 开头的注释\n/* 块注释 */\n规则 R1 "甲" {\n  对每条 明细 m 其中 数量 > 1\n    违规 m\n}\n// 末尾的注释\n',
    表达式中间: '规则 R1 "甲" {\n  对每条 明细 m 其中 数量 /* 这里 */ > // 行尾\n 1\n    违规 /* 对象 */ m\n    提示 "x" // 提示之后\n}\n',
    文档注释与声明之间: '/** 规则一 */\n规则 R1 "甲" {\n  对每条 明细 m\n    违规 m\n}\n\n// 两条之间\n/** 规则二 */\n规则 R2 "乙" {\n  对每条 明细 m\n    违规 m\n}\n',
    只有注释: '// 一\n// 二\n/* 三 */\n',
    大量注释: Array.from({ length: 300 }, (_, i) => `// 第 ${i} 条\n规则 R${i} "规则${i}" { // 行尾 ${i}\n  对每条 明细 m 其中 数量 > ${i} /* 阈值 */\n    违规 m\n}\n`).join('')
};

describe('注释进语法树：线性实现与 langium 原实现相同', () => {
    for (const [name, text] of Object.entries(CASES)) {
        it(name, () => {
            const { linear, original } = both(text);
            expect(linear.some(n => n.hidden && n.text.length > 0)).toBe(true);
            expect(linear).toEqual(original);
        });
    }

    it('标准规则的每个文件', () => {
        const files = readdirSync(RULES).filter(f => f.endsWith('.zs'));
        expect(files.length).toBeGreaterThan(3);
        for (const file of files) {
            const { linear, original } = both(readFileSync(join(RULES, file), 'utf8'));
            expect(linear, file).toEqual(original);
        }
    });

    it('同一个解析器连续解析几份文本（游标按每次解析重置）', () => {
        const parser = zhishen().parser.LangiumParser;
        const first = flatten(parser.parse(CASES.大量注释).value.$cstNode!);
        const second = flatten(parser.parse(CASES.表达式中间).value.$cstNode!);
        expect(second).toEqual(both(CASES.表达式中间).original);
        expect(first).toEqual(both(CASES.大量注释).original);
    });
});
