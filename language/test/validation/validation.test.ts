/**
 * 数据驱动的校验用例：cases/*.zs 中，行尾注释 `//! 编码 …` 表示该行应出现的诊断编码（多个用空格分开）；
 * 没有标记的行不应有诊断。文件首行 `// kb: sample` 表示加载样例知识库；有一行 `// history: 说明` 表示部署配置了历史来源。
 * 用实际结果重写标记：UPDATE_EXPECT=1 npx vitest run language/test/validation
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, setHistorySource, setKb, simplify } from '../helpers.js';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const files = readdirSync(casesDir).filter(f => f.endsWith('.zs')).sort();
const MARKER = /\s*\/\/!\s*([A-Z0-9 ]+)\s*$/;

describe('校验用例', () => {
    for (const file of files) {
        it(file, async () => {
            const text = readFileSync(casesDir + file, 'utf8');
            const needsKb = text.startsWith('// kb: sample');
            setKb(needsKb ? await (await import('../kb-fixture.js')).loadSampleKb() : undefined);
            setHistorySource(/^\/\/ history: (.+)$/m.exec(text)?.[1]);
            const [document] = await build({ [`file:///cases/${file}`]: text });
            setHistorySource(undefined);
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

describe('跨理赔规则与历史来源（ZS0222）', () => {
    const rule = `规则 P1 "实时审核" {
  分类 管理类
  级别 提醒
  环节 事中
  依据 「测试」
  令 同码 = 全体明细 其中 就诊号 ≠ 就诊.就诊号
  当 存在(同码)
  违规 就诊
}`;
    it('没有历史来源：错误用中文说明要配置历史来源或改成事后', async () => {
        setKb(undefined);
        const [document] = await build({ 'file:///cases/history.zs': rule });
        const diagnostic = simplify(document.diagnostics).find(d => d.code === 'ZS0222');
        expect(diagnostic?.message).toContain('没有配置历史来源');
        expect(diagnostic?.message).toContain('事中');
        expect(document.diagnostics?.find(d => d.code === 'ZS0222')?.data?.hint ?? JSON.stringify(document.diagnostics)).toContain('历史来源');
    });
    it('配置了历史来源：同一条规则没有诊断', async () => {
        setHistorySource('已结算.ndjson');
        const [document] = await build({ 'file:///cases/history2.zs': rule });
        setHistorySource(undefined);
        expect(simplify(document.diagnostics).filter(d => d.severity <= 2)).toEqual([]);
    });
});
