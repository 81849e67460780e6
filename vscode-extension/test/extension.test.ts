/**
 * 扩展的单元测试（不启动 VS Code）：TextMate 语法与语法一致并能给中文关键字着色、结果面板 HTML（转义、跳转链接）、
 * package.json 的命令都有中文标题（package.nls*.json）、语言配置的自动闭合、代码片段。
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import type { FindingView } from '@zhishen/language/lsp';
import { escapeHtml, renderFindingsHtml } from '../src/render.js';
import { readClaimText } from '../src/claim-text.js';
// @ts-expect-error 构建脚本是 .mjs，没有类型
import { generateTmLanguage } from '../scripts/generate-tmlanguage.mjs';

const dir = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(dir + path, 'utf8');
const json = (path: string) => JSON.parse(read(path));

describe('TextMate 语法', () => {
    let grammar: textmate.IGrammar;

    beforeAll(async () => {
        const require = createRequire(import.meta.url);
        const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
        await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
        const registry = new textmate.Registry({
            onigLib: Promise.resolve({ createOnigScanner: p => new oniguruma.OnigScanner(p), createOnigString: s => new oniguruma.OnigString(s) }),
            loadGrammar: async () => textmate.parseRawGrammar(read('syntaxes/zhishen.tmLanguage.json'), 'zhishen.tmLanguage.json')
        });
        grammar = (await registry.loadGrammar('source.zhishen'))!;
    });

    function scopes(line: string): Array<[string, string]> {
        const result = grammar.tokenizeLine(line, textmate.INITIAL);
        return result.tokens.map(t => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
    }

    function scopeOf(line: string, text: string): string | undefined {
        return scopes(line).find(([t]) => t === text)?.[1];
    }

    test('提交的语法文件与由 Langium 语法生成的一致', () => {
        expect(JSON.parse(read('syntaxes/zhishen.tmLanguage.json'))).toEqual(generateTmLanguage());
    });

    test('中文关键字、规则名、字符串、插值、原样文本、数值与单位、注释', () => {
        expect(scopeOf('规则 GZ001 "药品限儿童使用" {', '规则')).toBe('storage.type.declaration.zhishen');
        expect(scopeOf('规则 GZ001 "药品限儿童使用" {', 'GZ001')).toBe('entity.name.function.rule.zhishen');
        expect(scopeOf('规则 GZ001 "药品限儿童使用" {', '药品限儿童使用')).toBe('string.quoted.double.zhishen');
        expect(scopeOf('  级别 明确违规', '级别')).toBe('keyword.other.metadata.zhishen');
        expect(scopeOf('  对每条 明细 m 属于 抗菌药', '对每条')).toBe('keyword.control.zhishen');
        expect(scopeOf('  对每条 明细 m 属于 抗菌药', '属于')).toBe('keyword.control.zhishen');
        expect(scopeOf('    当 患者.年龄 >= 18岁 且 非 有值(x)', '且')).toBe('keyword.operator.word.zhishen');
        expect(scopeOf('    当 患者.年龄 >= 18岁 且 非 有值(x)', '18')).toBe('constant.numeric.zhishen');
        expect(scopeOf('    当 患者.年龄 >= 18岁 且 非 有值(x)', '岁')).toBe('keyword.other.unit.zhishen');
        expect(scopeOf('    当 计数(明细) > 1', '计数')).toBe('support.function.aggregate.zhishen');
        expect(scopeOf('    提示 "「{m.名称}」限儿童使用"', '名称')).toBe('variable.other.property.zhishen');
        expect(scopeOf('  依据 「政策原文」', '政策原文')).toBe('string.quoted.other.raw.zhishen');
        expect(scopeOf('// 注释', ' 注释')).toBe('comment.line.double-slash.zhishen');
        expect(scopeOf('  测试日期 = 2024-03-01', '2024-03-01')).toBe('constant.numeric.date.zhishen');
    });

    test('关键字不在名称中间着色（中文没有 \\b）', () => {
        // “当日费用”是一个名称，不是 当 + 日费用
        expect(scopeOf('令 当日费用 = 1元', '当')).toBeUndefined();
        expect(scopes('令 当日费用 = 1元').some(([t, s]) => t.includes('当日费用') && !s.startsWith('keyword'))).toBe(true);
    });
});

describe('结果面板', () => {
    const finding: FindingView = {
        ruleId: 'ZS_T1', ruleName: '药品限儿童使用<script>', message: '「阿莫西林片」限儿童使用', amount: 25, level: '明确违规', evidence: '依据原文',
        violating: ['R1'], involved: ['R0'], uri: 'file:///ws/规则.zs', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
        params: [{ name: '儿童年龄上限', value: '14岁' }],
        steps: [
            { kind: 'when', text: '患者.年龄 >= 儿童年龄上限', result: true, values: [{ expr: '患者.年龄', value: '43岁' }], uri: 'file:///ws/规则.zs', range: { start: { line: 11, character: 6 }, end: { line: 11, character: 20 } } },
            { kind: 'let', text: '令 x = 1', value: '1' }
        ]
    };

    test('中文结果、金额、依据、参数、每个条件看到的值、跳到规则的链接；文本都转义', () => {
        const html = renderFindingsHtml({ title: '在样例理赔上运行', subtitle: '理赔：claims/成人.json', findings: [finding] }, { nonce: 'abc', cspSource: 'vscode-resource:' });
        expect(html).toContain('共 1 条审核结果，违规金额合计 ¥25.00');
        expect(html).toContain('药品限儿童使用&lt;script&gt;');
        expect(html).not.toContain('药品限儿童使用<script>');
        expect(html).toContain('<dt>违规项</dt><dd>R1</dd>');
        expect(html).toContain('儿童年龄上限 = 14岁');
        expect(html).toContain('<code>患者.年龄</code> = 43岁');
        expect(html).toContain('data-uri="file:///ws/规则.zs" data-line="4"');
        expect(html).toContain('跳到规则（第 5 行）');
        expect(html).toContain("script-src 'nonce-abc'");
    });

    test('为什么没有触发：结论、规则层面的原因、每次尝试的原因与不成立的一步（加重）、跳到源码；文本都转义', () => {
        const html = renderFindingsHtml({
            title: '为什么 ZS_T1 没有触发', findings: [],
            whyNot: {
                ruleId: 'ZS_T1', ruleName: '限儿童<b>', uri: 'file:///ws/规则.zs', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
                fired: false, verdict: '规则 ZS_T1 对「R1」没有触发：条件不成立 1 次', blockers: [], params: [{ name: '儿童年龄上限', value: '14岁' }], scope: '对每条 明细 m 属于 抗菌药',
                attempts: [{
                    element: '明细 R1（阿莫西林）', patient: 'P1', outcome: 'failed', outcomeLabel: '条件不成立', reason: '第 12 行「当 患者.年龄 >= 儿童年龄上限」不成立：患者.年龄 = 9岁，儿童年龄上限 = 14岁',
                    steps: [finding.steps[1], { ...finding.steps[0], result: false }], failedStep: 1
                }],
                omitted: 3, findings: []
            }
        }, { nonce: 'n', cspSource: 's' });
        expect(html).toContain('规则 ZS_T1 对「R1」没有触发：条件不成立 1 次');
        expect(html).toContain('限儿童&lt;b&gt;');
        expect(html).toContain('data-outcome="failed"');
        expect(html).toContain('患者.年龄 = 9岁，儿童年龄上限 = 14岁');
        expect(html).toMatch(/<li class="failed"><span class="no" title="不成立">✗<\/span> <code>患者\.年龄 &gt;= 儿童年龄上限<\/code>/);
        expect(html).toContain('另有 3 次尝试没有列出');
        expect(html).not.toContain('共 0 条审核结果');
    });

    test('编译错误与被拒绝的理赔', () => {
        const html = renderFindingsHtml({ title: 't', findings: [], errors: [{ message: '未知名称「x」', uri: 'file:///a.zs', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 3 } } }] }, { nonce: 'n', cspSource: 's' });
        expect(html).toContain('规则有错误，未能编译');
        expect(html).toContain('未知名称「x」');
        expect(renderFindingsHtml({ title: 't', findings: [], rejected: '没有患者' }, { nonce: 'n', cspSource: 's' })).toContain('理赔无法审核');
        expect(renderFindingsHtml({ title: 't', findings: [] }, { nonce: 'n', cspSource: 's' })).toContain('没有违规');
        expect(escapeHtml('<a href="x">\'')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;');
    });
});

describe('扩展清单', () => {
    const manifest = json('package.json');
    const nls = json('package.nls.json');
    const zh = json('package.nls.zh-cn.json');

    test('语言 zhishen、.zs 文件、语法、语言配置、片段', () => {
        expect(manifest.contributes.languages[0]).toMatchObject({ id: 'zhishen', extensions: ['.zs'], configuration: './language-configuration.json' });
        expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'zhishen', scopeName: 'source.zhishen' });
        expect(manifest.main).toBe('./dist/extension.cjs');
    });

    test('三个命令与中文标题；每个 %占位% 在两个 nls 文件里都有中文', () => {
        const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
        expect(zh[titles['zhishen.buildPack'].slice(1, -1)]).toBe('构建规则包');
        expect(zh[titles['zhishen.runFileTests'].slice(1, -1)]).toBe('运行本文件测试');
        expect(zh[titles['zhishen.runOnClaim'].slice(1, -1)]).toBe('在样例理赔上运行');
        const placeholders = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map(m => m[1]);
        for (const key of placeholders) {
            // 基础文件是英文（英文界面的 VS Code 用它），中文在 package.nls.zh-cn.json
            expect(nls[key], key).toMatch(/[A-Za-z]{3}/);
            expect(nls[key].replace(/（[^）]*）|\([^)]*\)/g, ''), key).not.toMatch(/[\u4e00-\u9fff]/);
            expect(zh[key], key).toMatch(/[\u4e00-\u9fff]/);
        }
        expect(Object.keys(nls).sort()).toEqual(Object.keys(zh).sort());
    });

    test('图标：images/icon.png 是 128×128 的 PNG，与生成脚本的输出相同', async () => {
        expect(manifest.icon).toBe('images/icon.png');
        const png = readFileSync(new URL('../images/icon.png', import.meta.url));
        expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
        const { iconPng } = await import('../scripts/generate-icon.mjs');
        expect(Buffer.compare(iconPng(), png)).toBe(0);
    });

    test('语言配置：注释、括号、自动闭合「」与引号', () => {
        const config = json('language-configuration.json');
        expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
        const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
        expect(pairs).toEqual(expect.arrayContaining(['「」', '""', '“”', '{}', '()', '（）']));
    });

    test('代码片段：由语言服务器的片段生成，前缀含中文与拼音首字母', () => {
        const snippets = json('snippets/zhishen.code-snippets');
        expect(snippets['规则（逐条明细）'].prefix).toEqual(expect.arrayContaining(['规则', 'gzztmx']));
        expect(snippets['测试'].body.join('\n')).toContain('期望');
    });
});

describe('选中的理赔文件（在理赔上运行、为什么没有触发）', () => {
    test('读不出的 JSON：中文说明第几个字符（没有 V8 的英文）；重复的键：不审核，写明键的路径；好的理赔（带 BOM）照常', () => {
        const broken = readClaimText('{"patient_dtos": [}', 'a.json');
        expect(broken).toEqual({ error: expect.stringMatching(/^「a\.json」不是有效的 JSON：第 19 个字符处期望/) });
        expect(JSON.stringify(broken)).not.toMatch(/Unexpected|position/);
        const dup = readClaimText('{"task_id":"T1","patient_dtos":[{"patn_id":"P1","patn_id":"P2"}]}', 'b.json');
        expect(dup).toEqual({ error: expect.stringMatching(/^「b\.json」的 patient_dtos\[0\]\.patn_id：第 \d+ 个字符处的键「patn_id」.*每个键只写一次/) });
        expect(readClaimText('\uFEFF{"task_id":"T1"}', 'c.json')).toEqual({ claim: { task_id: 'T1' } });
    });
});
