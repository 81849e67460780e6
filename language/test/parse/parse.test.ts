/**
 * 数据驱动的解析用例：cases/*.zs 必须无词法 / 语法错误地解析，解析出的语法树形状与 cases/*.ast.txt 相同。
 * 语法树形状：节点类型、字面属性、引用的原文（@名称），按层缩进；不含位置与链接结果。
 * 用实际结果重写：UPDATE_EXPECT=1 npx vitest run language/test/parse
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { zhishen } from '../helpers.js';
import type { Document } from '../../src/generated/ast.js';
import { astShape } from './ast-shape.js';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const files = readdirSync(casesDir).filter(f => f.endsWith('.zs')).sort();

let counter = 0;
function parse(text: string): LangiumDocument<Document> {
    return zhishen().shared.workspace.LangiumDocumentFactory.fromString<Document>(text, URI.parse(`inmemory:///parse-${++counter}.zs`));
}

describe('解析用例', () => {
    for (const file of files) {
        it(file, () => {
            const text = readFileSync(casesDir + file, 'utf8');
            const document = parse(text);
            const lexer = document.parseResult.lexerErrors.map(e => `词法 ${e.line}:${e.column} ${e.message}`);
            const parser = document.parseResult.parserErrors.map(e => `语法 ${e.token.startLine}:${e.token.startColumn} ${e.message}`);
            expect([...lexer, ...parser]).toEqual([]);
            const shape = astShape(document.parseResult.value) + '\n';
            const expectFile = casesDir + file.replace(/\.zs$/, '.ast.txt');
            if (process.env.UPDATE_EXPECT) {
                writeFileSync(expectFile, shape);
                return;
            }
            expect(existsSync(expectFile), `没有 ${expectFile}：UPDATE_EXPECT=1 npx vitest run language/test/parse 生成`).toBe(true);
            expect(shape).toBe(readFileSync(expectFile, 'utf8'));
        });
    }

    it('中英文关键字产生同一棵语法树', () => {
        const chinese = parse('规则 R "t" {\n  级别 提醒\n  对每条 明细 m 属于 { "A" } 其中 m.本次\n    当 m.数量 > 1 且 非 m.数量 > 5 或 m.数量 < 0\n    违规 m\n    金额 m.金额\n    提示 "x"\n}\n');
        const english = parse('rule R "t" {\n  level 提醒\n  foreach 明细 m in { "A" } where m.本次\n    when m.数量 > 1 and not m.数量 > 5 or m.数量 < 0\n    violation m\n    amount m.金额\n    message "x"\n}\n');
        const normalize = (shape: string) => shape.replace(/operator="(且|and)"/g, 'operator="且"').replace(/operator="(或|or)"/g, 'operator="或"').replace(/kind="(对每条|foreach)"/g, 'kind="对每条"');
        expect(normalize(astShape(english.parseResult.value))).toBe(normalize(astShape(chinese.parseResult.value)));
    });

    it('仓库中的规则文件都能无错误地解析', () => {
        const roots = ['../../../examples/', '../../../stdlib-rules/rules/'].map(d => fileURLToPath(new URL(d, import.meta.url))).filter(existsSync);
        const paths = roots.flatMap(dir => readdirSync(dir).filter(f => f.endsWith('.zs')).map(f => dir + f));
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
            const document = parse(readFileSync(path, 'utf8'));
            expect([...document.parseResult.lexerErrors, ...document.parseResult.parserErrors].map(e => e.message), path).toEqual([]);
        }
    });
});
