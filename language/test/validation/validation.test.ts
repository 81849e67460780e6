/**
 * 数据驱动的校验用例：cases/*.zs 中，行尾注释 `//! 编码 …` 表示该行应出现的诊断编码（多个用空格分开）；
 * 没有标记的行不应有诊断。文件首行 `// kb: sample` 表示加载样例知识库。
 * 用实际结果重写标记：UPDATE_EXPECT=1 npx vitest run language/test/validation
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, setKb, simplify } from '../helpers.js';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const files = readdirSync(casesDir).filter(f => f.endsWith('.zs')).sort();
const MARKER = /\s*\/\/!\s*([A-Z0-9 ]+)\s*$/;

describe('校验用例', () => {
    for (const file of files) {
        it(file, async () => {
            const text = readFileSync(casesDir + file, 'utf8');
            const needsKb = text.startsWith('// kb: sample');
            setKb(needsKb ? await (await import('../kb-fixture.js')).loadSampleKb() : undefined);
            const [document] = await build({ [`file:///cases/${file}`]: text });
            const actual = simplify(document.diagnostics).filter(d => d.severity <= 2);
            const lines = text.split('\n');
            const expected: string[] = [];
            lines.forEach((line, i) => {
                const match = MARKER.exec(line);
                if (match) for (const code of match[1].trim().split(/\s+/)) expected.push(`${i + 1}:${code}`);
            });
            const got = actual.map(d => `${d.line}:${d.code}`);
            if (process.env.UPDATE_EXPECT) {
                const byLine = new Map<number, string[]>();
                for (const d of actual) byLine.set(d.line, [...(byLine.get(d.line) ?? []), d.code]);
                const updated = lines.map((line, i) => {
                    const base = line.replace(MARKER, '');
                    const codes = byLine.get(i + 1);
                    return codes ? `${base}  //! ${codes.join(' ')}` : base;
                });
                writeFileSync(casesDir + file, updated.join('\n'));
                return;
            }
            const detail = actual.map(d => `${d.line}:${d.code} ${d.message}`).join('\n');
            expect(got.sort(), detail).toEqual(expected.sort());
            setKb(undefined);
        });
    }
});
